// The take-part page kept on the phone, for a reload without signal (take_part_worker.js does the keeping).
//
// Registers the workshop's service worker, scoped to this workshop's pages (/w/<join code>/), and forgets
// those of other workshops this phone was in: a phone shared in turn keeps one workshop's page at most.
// Whenever the activity shown changes (and once the worker has taken the page over) it asks the worker to
// keep the page again, with the files the page has loaded, so a reload without signal shows the activity
// last seen; a page the worker already answered sends only its files (its answer was kept on the way). The
// page sets data-offline-copy to the version of the activity the kept copy shows.
(function () {
  "use strict";

  const root = document.getElementById("take-part");
  if (!root || !("serviceWorker" in navigator) || !root.dataset.workerUrl) return;
  const scope = new URL(root.dataset.workerScope, window.location.href).href;
  const activity = () => document.querySelector("#take-part-activity");
  const version = () => (activity() ? activity().dataset.version || "" : "");
  const answeredByWorker = Boolean(navigator.serviceWorker.controller);
  let asked = answeredByWorker ? version() : "";
  let kept = null;

  function keep(fetchPage) {
    const worker = navigator.serviceWorker.controller;
    if (!worker || navigator.onLine === false || (fetchPage && asked === version())) return;
    if (fetchPage) asked = version();
    const assets = performance
      .getEntriesByType("resource")
      .map((entry) => entry.name)
      .filter((name) => name.startsWith(window.location.origin + "/"));
    worker.postMessage({ action: "keep-copy", fetch: fetchPage, assets: assets });
  }

  navigator.serviceWorker.addEventListener("message", (event) => {
    if (!event.data || event.data.event !== "copy.kept") return;
    if (event.data.version !== null) root.dataset.offlineCopy = event.data.version;
    else delete root.dataset.offlineCopy;
  });
  navigator.serviceWorker.addEventListener("controllerchange", () => keep(true));
  // A copy shown: its note says so until the phone is back online and the activity is fetched again.
  window.addEventListener("online", () => {
    const note = document.querySelector("[data-copy-note]");
    if (note) note.hidden = true;
  });
  document.body.addEventListener("htmx:afterSwap", () => {
    window.clearTimeout(kept);
    kept = window.setTimeout(() => keep(true), 1000); // once the fragment's fonts and files have loaded
  });

  navigator.serviceWorker
    .register(root.dataset.workerUrl, { scope: scope })
    .then(() => navigator.serviceWorker.getRegistrations())
    .then((registrations) => {
      const others = new URL(root.dataset.workerUrl, window.location.href).href.replace(/[^/]*$/, "");
      registrations
        .filter((registration) => registration.scope !== scope && registration.scope.startsWith(others))
        .forEach((registration) => registration.unregister());
      keep(!answeredByWorker);
    })
    .catch(() => {}); // no worker (private browsing, an old phone): the page works as before, online
})();
