// The agent workspace: live state, the offer with its screen pop and a ringing tone,
// notes that save themselves, keyboard shortcuts. Needs desk.js.
'use strict';

(function () {
  const { swap, post, get, listen, hooks } = window.desk;
  const panel = document.getElementById('call-panel');
  const AUTOSAVE_MS = 700;

  // --- ringing: a soft two-tone ring made with WebAudio (no sound files to fetch) ---------
  let audio = null;
  let ringTimer = null;
  function unlockAudio() {
    if (!audio && window.AudioContext) audio = new AudioContext();
    if (audio && audio.state === 'suspended') audio.resume();
  }
  document.addEventListener('pointerdown', unlockAudio);
  document.addEventListener('keydown', unlockAudio);

  function burst(at, length) {
    for (const frequency of [440, 480]) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.08, at + 0.03);
      gain.gain.setValueAtTime(0.08, at + length - 0.05);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + length);
      osc.connect(gain).connect(audio.destination);
      osc.start(at);
      osc.stop(at + length);
    }
  }
  function ringOnce() {
    if (!audio || audio.state !== 'running') return;
    const t = audio.currentTime + 0.02;
    burst(t, 0.4);
    burst(t + 0.6, 0.4);
  }
  function startRing() {
    if (ringTimer) return;
    ringOnce();
    ringTimer = setInterval(ringOnce, 3000);
    document.title = '☎ ' + document.title.replace(/^☎ /, '');
  }
  function stopRing() {
    clearInterval(ringTimer);
    ringTimer = null;
    document.title = document.title.replace(/^☎ /, '');
  }

  // --- notes: saved as the agent types, and before the call moves on -----------------------
  let pending = null;
  function notesBox() { return panel.querySelector('textarea[data-autosave]'); }
  async function saveNotes(box) {
    clearTimeout(pending);
    pending = null;
    if (!box || !box.dataset.dirty) return;
    const data = new FormData();
    data.set('notes', box.value);
    delete box.dataset.dirty;
    const reply = await post(box.dataset.autosave, data);
    const state = box.parentElement.querySelector('.save-state') ||
      box.closest('form, section').querySelector('.save-state');
    if (state) state.innerHTML = reply.html;
    if (!reply.ok) box.dataset.dirty = '1';
  }
  document.addEventListener('input', (event) => {
    const box = event.target;
    if (!(box instanceof HTMLTextAreaElement) || !box.dataset.autosave) return;
    box.dataset.dirty = '1';
    clearTimeout(pending);
    pending = setTimeout(() => saveNotes(box), AUTOSAVE_MS);
  });
  document.addEventListener('focusout', (event) => {
    if (event.target instanceof HTMLTextAreaElement && event.target.dataset.autosave) {
      saveNotes(event.target);
    }
  });

  hooks.beforeSubmit.push(async (form) => {
    const box = notesBox();
    if (form.hasAttribute('data-with-notes') && box) {
      let field = form.querySelector('input[name="notes"]');
      if (!field) {
        field = document.createElement('input');
        field.type = 'hidden';
        field.name = 'notes';
        form.append(field);
      }
      field.value = box.value;
      clearTimeout(pending);
      delete box.dataset.dirty;
    } else if (box && box.dataset.dirty && !form.contains(box)) {
      await saveNotes(box);
    }
  });

  hooks.afterSubmit.push(async (form, reply) => {
    if (!reply.ok) return;
    const current = panel.firstElementChild;
    if (form.hasAttribute('data-refresh-pop') && current && current.dataset.entry) {
      const pop = await get(`/desk/call/${current.dataset.entry}/pop`);
      if (pop.ok) swap(document.getElementById('screen-pop'), pop.html, true);
    }
    if (form.hasAttribute('data-refresh-panel')) {
      const fresh = await get('/desk/call/panel');
      if (fresh.ok) swap(panel, fresh.html, true);
    }
  });

  // --- the call panel: redrawn when the call changes, keeping unsaved notes -----------------
  function swapCall(html) {
    const before = panel.firstElementChild;
    const box = notesBox();
    const keep = box && box.dataset.dirty ? box.value : null;
    if (!swap(panel, html)) return;
    const after = panel.firstElementChild;
    const fresh = notesBox();
    if (keep !== null && fresh && before && after && before.dataset.entry === after.dataset.entry) {
      fresh.value = keep;
      fresh.dataset.dirty = '1';
      saveNotes(fresh);
    }
  }

  function onPanelChanged() {
    const current = panel.firstElementChild;
    const kind = current ? current.dataset.kind : 'idle';
    if (kind === 'ringing') {
      startRing();
      const answer = panel.querySelector('[data-key="answer"]');
      if (answer) answer.focus();
    } else {
      stopRing();
    }
    if (kind === 'talking' && !panel.contains(document.activeElement)) {
      const box = notesBox();
      if (box) box.focus();
    }
  }
  panel.addEventListener('desk:swapped', onPanelChanged);
  onPanelChanged();

  // --- keyboard: F2 answer, F3 decline, F4 hang up, F7 ready --------------------------------
  const KEYS = { F2: 'answer', F3: 'decline', F4: 'hangup', F7: 'ready' };
  document.addEventListener('keydown', (event) => {
    const action = KEYS[event.key];
    if (!action || event.altKey || event.ctrlKey || event.metaKey) return;
    const button = panel.querySelector(`[data-key="${action}"]:not([disabled])`) ||
      document.querySelector(`#state-bar [data-key="${action}"]:not([disabled])`);
    if (!button) return;
    event.preventDefault();
    button.click();
  });

  listen('/desk/events', {
    state: (html) => swap(document.getElementById('state-bar'), html),
    call: swapCall,
    notices: (html) => swap(document.getElementById('notices'), html),
  });
})();
