// The page for leaving a workshop from one's phone (workshops/views/leave.py). Leaving works without this
// file; with it, the page warns when answers are still waiting on the phone to be sent (take-part-queue.js
// and take-part.js keep them in localStorage), and the button forgets them, so that none is sent later in
// the name of the next person to join from this phone. Without signal nothing is forgotten: the leaving
// itself needs the server.
(function () {
  "use strict";

  const form = document.getElementById("leave-form");
  if (!form) return;
  const path = form.dataset.socketPath || "";
  const QUEUE = "coproduce.queue" + path;
  const STORES = [QUEUE, QUEUE + ".refused", "coproduce.votes" + path];

  function read(name, empty) {
    try {
      return JSON.parse(window.localStorage.getItem(name) || empty) || JSON.parse(empty);
    } catch (error) {
      return JSON.parse(empty);
    }
  }

  const waiting = read(QUEUE, "[]").length + Object.keys(read("coproduce.votes" + path, "{}")).length;
  const warning = document.querySelector("[data-waiting-warning]");
  if (warning && waiting > 0) warning.hidden = false;

  form.addEventListener("submit", () => {
    if (navigator.onLine === false) return;
    STORES.forEach((name) => {
      try {
        window.localStorage.removeItem(name);
      } catch (error) {
        // storage refused (private browsing): nothing was kept in it
      }
    });
  });
})();
