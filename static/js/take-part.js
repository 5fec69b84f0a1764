// Taking part from a phone. The page works without this file (plain forms, a "Check again" link); with it:
// - answers are sent by HTMX (attributes in the templates) and a refusal (400, 429) is shown, not dropped;
// - the page listens on the workshop's WebSocket and fetches the current activity when the facilitator
//   opens, closes or reveals one, or sets the timer; if the socket fails it asks every 3 seconds instead;
// - a timer counts down when the activity has one.
(function () {
  "use strict";

  const root = document.getElementById("take-part");
  if (!root) return;
  const TARGET = "#take-part-activity";
  const POLL_MS = 3000;
  const RECONNECT_MS = 15000;
  let inFlight = 0;
  let pollTimer = null;
  let userAction = false;

  const current = () => document.querySelector(TARGET);
  const version = () => (current() ? current().dataset.version || "" : "");

  // Fetch the fragment unless it is still the version shown (the server answers 204, and nothing changes).
  function refresh() {
    if (inFlight > 0 || !window.htmx) return;
    const url = root.dataset.partialUrl + "?known=" + encodeURIComponent(version());
    window.htmx.ajax("GET", url, { source: document.body, target: TARGET, swap: "outerHTML" });
  }

  function startPolling() {
    if (pollTimer === null) pollTimer = window.setInterval(refresh, POLL_MS);
  }

  function stopPolling() {
    if (pollTimer !== null) window.clearInterval(pollTimer);
    pollTimer = null;
  }

  function connect() {
    if (!("WebSocket" in window) || !root.dataset.socketPath) {
      startPolling();
      return;
    }
    const scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    let socket;
    try {
      socket = new WebSocket(scheme + window.location.host + root.dataset.socketPath);
    } catch (error) {
      startPolling();
      return;
    }
    socket.addEventListener("open", () => {
      stopPolling();
      refresh(); // anything missed while the socket was down
    });
    socket.addEventListener("message", (event) => {
      let message = {};
      try {
        message = JSON.parse(event.data);
      } catch (error) {
        return;
      }
      if (message.event === "activity.state" || message.event === "timer") refresh();
    });
    socket.addEventListener("close", () => {
      startPolling();
      window.setTimeout(connect, RECONNECT_MS);
    });
  }

  document.body.addEventListener("htmx:beforeRequest", (event) => {
    inFlight += 1;
    const from = event.detail.requestConfig && event.detail.requestConfig.elt;
    userAction = Boolean(from && from !== document.body && root.contains(from));
  });
  document.body.addEventListener("htmx:afterRequest", () => {
    inFlight = Math.max(0, inFlight - 1);
  });

  // A refused answer comes with its explanation: show it (htmx leaves 4xx responses unswapped by default).
  document.body.addEventListener("htmx:beforeSwap", (event) => {
    const status = event.detail.xhr.status;
    if (status === 400 || status === 429) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // After an answer, put focus where a keyboard or screen reader user expects it: on the problem, the
  // confirmation, the next statement's buttons, or the activity's heading.
  document.body.addEventListener("htmx:afterSwap", () => {
    const fragment = current();
    if (!fragment) return;
    const lost = !document.activeElement || document.activeElement === document.body;
    if (!userAction && !lost) return;
    const focus =
      fragment.querySelector(".govuk-error-summary") ||
      fragment.querySelector(".govuk-notification-banner") ||
      (userAction && fragment.querySelector(".app-vote-button")) ||
      fragment.querySelector("#activity-heading");
    if (focus) focus.focus();
    userAction = false;
    tick();
  });

  function tick() {
    document.querySelectorAll(".app-timer[data-ends-at]").forEach((timer) => {
      const left = Math.max(0, Math.round((Date.parse(timer.dataset.endsAt) - Date.now()) / 1000));
      const out = timer.querySelector(".app-timer__left");
      if (!out) return;
      const minutes = Math.floor(left / 60);
      const seconds = String(left % 60).padStart(2, "0");
      out.textContent = left > 0 ? minutes + ":" + seconds + " left." : "Time is up.";
    });
  }

  window.setInterval(tick, 1000);
  tick();
  connect();
})();
