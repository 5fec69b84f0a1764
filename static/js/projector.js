// The projector's full-screen button: the Fullscreen API on the whole page, also by pressing F (or Escape
// to leave, which the browser does itself). The button shows only where the API is available.
(function () {
  "use strict";
  var button = document.querySelector("[data-projector-fullscreen]");
  var page = document.documentElement;
  if (!button || !page.requestFullscreen) { return; }

  function label() {
    button.textContent = document.fullscreenElement ? "Leave full screen (F)" : "Full screen (F)";
  }

  function toggle() {
    if (document.fullscreenElement) { document.exitFullscreen(); } else { page.requestFullscreen().catch(function () {}); }
  }

  button.hidden = false;
  button.addEventListener("click", toggle);
  document.addEventListener("fullscreenchange", label);
  document.addEventListener("keydown", function (event) {
    if ((event.key === "f" || event.key === "F") && !event.ctrlKey && !event.metaKey && !event.altKey) { toggle(); }
  });
})();
