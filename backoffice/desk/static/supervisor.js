// The supervisor's live view: the board and the notices redraw as the feed reports changes.
'use strict';

(function () {
  const { swap, listen, hooks } = window.desk;
  const board = document.getElementById('board');
  // Keep the board still while the supervisor is setting an agent's state in it.
  const busy = () => Boolean(document.activeElement && document.activeElement.closest('#board form'));

  listen('/desk/supervisor/events', {
    board: (html) => {
      if (busy()) {
        board.dataset.pending = html;
      } else {
        swap(board, html);
      }
    },
    notices: (html) => swap(document.getElementById('notice-list'), html),
  });
  function applyPending() {
    if (board.dataset.pending && !busy()) {
      const html = board.dataset.pending;
      delete board.dataset.pending;
      swap(board, html);
    }
  }
  board.addEventListener('focusout', () => setTimeout(applyPending, 0));
  // After setting a state the answer shows for a moment, then the board catches up.
  hooks.afterSubmit.push(async (form) => {
    if (!board.contains(form)) return;
    setTimeout(() => { if (document.activeElement) document.activeElement.blur(); applyPending(); }, 1500);
  });
})();
