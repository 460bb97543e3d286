// The wallboard: redrawn as the feed reports changes; full screen on a wall display.
'use strict';

(function () {
  const { swap, listen } = window.desk;
  const board = document.getElementById('wallboard');
  listen('/desk/wallboard/events', { wallboard: (html) => swap(board, html) });
  const button = document.getElementById('wb-fullscreen');
  if (button && document.documentElement.requestFullscreen) {
    button.addEventListener('click', () => {
      if (document.fullscreenElement) document.exitFullscreen();
      else document.documentElement.requestFullscreen();
    });
  } else if (button) {
    button.hidden = true;
  }
})();
