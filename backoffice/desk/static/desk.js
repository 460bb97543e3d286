// The desk's shared behaviour, plain JavaScript (no build step, nothing from the network):
// forms that post in the background and show the server's one-line answer, parts of the
// page redrawn from server-rendered fragments, and clocks that count up or down.
'use strict';

(function () {
  const csrf = () => document.querySelector('meta[name="csrf"]').content;
  const serverNow = Date.parse(document.querySelector('meta[name="server-now"]').content);
  const skew = Number.isNaN(serverNow) ? 0 : serverNow - Date.now();
  const now = () => Date.now() + skew;

  function duration(ms) {
    const total = Math.max(0, Math.floor(ms / 1000));
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = String(total % 60).padStart(2, '0');
    return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
  }

  function tick() {
    for (const el of document.querySelectorAll('[data-since]')) {
      el.textContent = duration(now() - Date.parse(el.dataset.since));
    }
    for (const el of document.querySelectorAll('[data-until]')) {
      el.textContent = duration(Date.parse(el.dataset.until) - now());
    }
  }

  // Replace a container's content with a fragment, unless it shows the same thing already
  // (fragments carry a signature in data-sig). Returns whether anything changed.
  function swap(container, html, force) {
    if (!container) return false;
    const probe = document.createElement('template');
    probe.innerHTML = html.trim();
    const incoming = probe.content.firstElementChild;
    const current = container.firstElementChild;
    if (!force && incoming && current && incoming.dataset.sig &&
        incoming.dataset.sig === current.dataset.sig) {
      return false;
    }
    container.replaceChildren(probe.content);
    tick();
    container.dispatchEvent(new CustomEvent('desk:swapped', { bubbles: true }));
    return true;
  }

  async function post(url, body) {
    const response = await fetch(url, {
      method: 'POST', body, credentials: 'same-origin',
      headers: { 'X-CSRF-Token': csrf(), 'X-Desk-Fetch': '1' },
    });
    if (response.redirected && new URL(response.url).pathname === '/desk/login') {
      window.location.assign('/desk/login');
    }
    return { ok: response.ok, status: response.status, html: await response.text() };
  }

  async function get(url) {
    const response = await fetch(url, { credentials: 'same-origin', headers: { 'X-Desk-Fetch': '1' } });
    return { ok: response.ok, html: await response.text() };
  }

  function freshToken(form) {
    const field = form.querySelector('input[name="token"]');
    if (field) field.value = crypto.randomUUID();
  }

  const hooks = { beforeSubmit: [], afterSubmit: [] };

  document.addEventListener('submit', async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-async')) return;
    event.preventDefault();
    if (form.dataset.busy) return;
    form.dataset.busy = '1';
    const result = form.querySelector('.result');
    try {
      for (const hook of hooks.beforeSubmit) await hook(form);
      const data = new FormData(form, event.submitter);
      const reply = await post(form.action, data);
      const target = form.dataset.swap && document.querySelector(form.dataset.swap);
      if (reply.ok && target) {
        swap(target, reply.html, true);
      } else if (result && form.isConnected) {
        result.innerHTML = reply.html;
      }
      for (const field of form.querySelectorAll('[data-clear]')) field.value = '';
      if (reply.ok && form.hasAttribute('data-reset')) form.reset();
      if (reply.ok && form.hasAttribute('data-once-token')) freshToken(form);
      for (const hook of hooks.afterSubmit) await hook(form, reply);
    } catch (error) {
      if (result) result.textContent = String(error);
    } finally {
      delete form.dataset.busy;
    }
  });

  // A live feed over server-sent events; the browser reconnects by itself.
  function listen(url, handlers) {
    const banner = document.getElementById('live-status');
    const source = new EventSource(url);
    source.addEventListener('open', () => { if (banner) banner.hidden = true; });
    source.addEventListener('error', () => { if (banner) banner.hidden = false; });
    source.addEventListener('expired', () => { source.close(); window.location.assign('/desk/login'); });
    for (const [name, handler] of Object.entries(handlers)) {
      source.addEventListener(name, (event) => handler(event.data));
    }
    return source;
  }

  for (const form of document.querySelectorAll('form[data-once-token]')) freshToken(form);
  document.addEventListener('desk:swapped', (event) => {
    for (const form of event.target.querySelectorAll('form[data-once-token]')) freshToken(form);
  });
  tick();
  setInterval(tick, 1000);

  window.desk = { swap, post, get, listen, hooks, tick };
})();
