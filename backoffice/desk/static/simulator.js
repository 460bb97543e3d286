/* The browser IVR simulator (/simulator/): dial, press keys, hear the prompts.
 *
 * The server runs the real call-flow engine for the call; this page long-polls the
 * call's events and plays every prompt's WAV in order, revealing each prompt's piece of
 * the caption as it plays. When a key answers a menu the server says so ("input"), and
 * the rest of that menu's prompts are cut, as on a phone. No build step, no network
 * beyond this server.
 */
"use strict";

(() => {
  const root = document.getElementById("simulator");
  if (!root) return;
  const T = JSON.parse(root.dataset.texts);
  const $ = (id) => document.getElementById(id);
  const form = $("dial"), callerInput = $("caller"), languageSelect = $("language");
  const callButton = $("call"), hangupButton = $("hangup"), soundBox = $("sound");
  const statusOut = $("status"), display = $("display"), captions = $("captions");
  const keyButtons = [...document.querySelectorAll(".keypad .key")];
  const KEYS = "0123456789*#";
  const AUDIO_GRACE_MS = 2000; // when no audio device ends a clip, move on anyway

  let call = null; // the call in progress: {id, urls, after, secret, sending, over}

  // --- playback: one queue of prompts and notes, played strictly in order ------------

  const queue = [];
  let current = null;

  function enqueue(item) {
    queue.push(item);
    if (!current) playNext();
  }

  function playNext() {
    const next = queue.shift();
    if (!next) return;
    current = next;
    start(next);
  }

  function start(item) {
    if (item.kind === "note") {
      item.apply();
      return finish(item);
    }
    item.line.hidden = false;
    item.piece.hidden = false;
    if (item.skipped) {
      item.piece.classList.add("skipped");
      return finish(item);
    }
    item.line.classList.add("playing");
    const timed = (ms) => { item.timer = setTimeout(() => finish(item), ms); };
    if (!item.audio || !soundBox.checked) return timed(item.duration);
    item.audio.onended = () => finish(item);
    item.audio.onerror = () => finish(item); // a broken file must not stall the captions
    timed(item.duration + AUDIO_GRACE_MS);
    item.audio.currentTime = 0;
    item.audio.play().catch(() => { clearTimeout(item.timer); timed(item.duration); });
  }

  function finish(item) {
    if (item.finished) return;
    item.finished = true;
    clearTimeout(item.timer);
    if (item.audio) {
      item.audio.onended = item.audio.onerror = null;
      item.audio.pause();
    }
    if (item.line) item.line.classList.remove("playing");
    if (current === item) {
      current = null;
      playNext();
    }
  }

  function cut(seq) {
    for (const item of queue) if (item.seq === seq) item.skipped = true;
    if (current && current.seq === seq) finish(current);
  }

  function silence() {
    for (const item of queue.splice(0)) {
      if (item.kind === "note") item.apply();
      else { item.line.hidden = false; item.piece.hidden = false; item.piece.classList.add("skipped"); }
    }
    if (current) finish(current);
  }

  // --- what the server tells us ---------------------------------------------------------

  function addLine(event) {
    const line = document.createElement("li");
    line.className = `line ${event.type}`;
    line.setAttribute("data-testid", "line");
    line.dataset.seq = String(event.seq);
    line.dataset.prompts = event.prompts.map((p) => p.id).join(" ");
    line.hidden = true;
    captions.append(line);
    for (const prompt of event.prompts) {
      const piece = document.createElement("span");
      piece.className = "piece";
      piece.textContent = prompt.text;
      piece.hidden = true;
      line.append(piece);
      let audio = null;
      if (prompt.url) {
        audio = document.createElement("audio");
        audio.preload = "auto";
        audio.src = prompt.url;
        audio.dataset.prompt = `${prompt.lang}/${prompt.id}`;
        line.append(audio);
      }
      enqueue({ kind: "prompt", seq: event.seq, line, piece, audio, duration: prompt.duration_ms });
    }
    captions.scrollTop = captions.scrollHeight;
  }

  function note(text, className, then) {
    enqueue({
      kind: "note",
      apply() {
        const li = document.createElement("li");
        li.className = `note ${className}`;
        li.setAttribute("data-testid", `note-${className}`);
        li.textContent = text;
        captions.append(li);
        captions.scrollTop = captions.scrollHeight;
        if (then) then();
      },
    });
  }

  function handle(c, event) {
    switch (event.type) {
      case "play":
        addLine(event);
        break;
      case "collect":
        addLine(event);
        c.secret = event.secret;
        break;
      case "input":
        if (event.keys) cut(event.collect);
        c.secret = false;
        note(event.keys ? `${T.you_pressed}: ${event.keys}` : T.no_input, "input");
        break;
      case "transfer": {
        const text = `${T.transferred}: ${event.destination}`;
        note(text, "transfer", () => setStatus(text));
        break;
      }
      case "hangup":
        note(T.ivr_hung_up, "hangup");
        break;
      case "caller_hangup":
        note(T.you_hung_up, "hangup");
        break;
      case "ended":
        note(`${T.ended} · ${T.outcome}: ${event.outcome}`, "ended", () => {
          if (!statusOut.textContent.startsWith(T.transferred)) setStatus(T.ended);
        });
        break;
      default:
        break;
    }
  }

  // --- the call -------------------------------------------------------------------------

  function setStatus(text) {
    statusOut.textContent = text;
  }

  function setInCall(active) {
    callButton.disabled = active;
    hangupButton.disabled = !active;
    callerInput.disabled = active;
    languageSelect.disabled = active;
    for (const button of keyButtons) button.disabled = !active;
  }

  async function dial() {
    if (call) return;
    silence();
    captions.replaceChildren();
    display.textContent = "";
    setStatus(T.dialing);
    setInCall(true);
    let response;
    try {
      response = await fetch("/simulator/calls", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ caller_number: callerInput.value.trim(), language: languageSelect.value }),
      });
    } catch (err) {
      setInCall(false);
      return setStatus(T.lost);
    }
    const body = await response.json();
    if (!response.ok) {
      setInCall(false);
      return setStatus(body.detail || body.title || String(response.status));
    }
    call = {
      id: body.call_id,
      urls: { events: body.events_url, keys: body.keys_url, hangup: body.hangup_url },
      after: 0, secret: false, sending: Promise.resolve(), over: false, failures: 0,
    };
    setStatus(`${T.in_call} · ${body.caller_number || "—"}`);
    poll(call);
  }

  async function poll(c) {
    while (call === c) {
      let body;
      try {
        const response = await fetch(`${c.urls.events}?after=${c.after}&wait=15`, { cache: "no-store" });
        if (response.status === 404) return lost(c);
        if (!response.ok) throw new Error(String(response.status));
        body = await response.json();
      } catch (err) {
        c.failures += 1;
        if (c.failures > 5) return lost(c);
        await new Promise((resolve) => setTimeout(resolve, 1000)); // server busy: try again
        continue;
      }
      c.failures = 0;
      if (call !== c) return;
      for (const event of body.events) handle(c, event);
      c.after = body.next;
      if (body.ended) return over(c);
    }
  }

  function over(c) {
    if (call !== c) return;
    c.over = true;
    call = null;
    setInCall(false);
  }

  function lost(c) {
    over(c);
    setStatus(T.lost);
  }

  function press(key) {
    const c = call;
    if (!c || c.over || !KEYS.includes(key)) return;
    display.textContent = (display.textContent + (c.secret && /[0-9]/.test(key) ? "•" : key)).slice(-24);
    // one request after the other: keys must reach the server in the order pressed
    c.sending = c.sending.then(() => fetch(c.urls.keys, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ keys: key }),
    }).catch(() => undefined));
  }

  async function hangUp() {
    const c = call;
    if (!c) return;
    silence();
    await c.sending;
    try {
      await fetch(c.urls.hangup, { method: "POST" });
    } catch (err) {
      lost(c);
    }
  }

  // --- wiring -----------------------------------------------------------------------------

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    dial();
  });
  hangupButton.addEventListener("click", hangUp);
  for (const button of keyButtons) button.addEventListener("click", () => press(button.dataset.key));
  for (const button of document.querySelectorAll(".use-number")) {
    button.addEventListener("click", () => {
      if (!call) callerInput.value = button.dataset.number;
    });
  }
  document.addEventListener("keydown", (event) => {
    if (!call || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement) return;
    if (KEYS.includes(event.key)) {
      event.preventDefault();
      press(event.key);
    }
  });
  window.addEventListener("pagehide", () => {
    if (call) navigator.sendBeacon(call.urls.hangup);
  });
})();
