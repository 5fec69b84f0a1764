// Taking part from a phone. The page works without this file (plain forms, a "Check again" link); with it:
// - answers are sent by HTMX (attributes in the templates) and a refusal (400, 429) is shown, not dropped;
// - the page listens on the workshop's WebSocket and fetches the current activity when the facilitator
//   opens, closes or reveals one, or sets the timer, when results are ready, or when the workshop ends
//   (the answer is then a reload, to the page that thanks them); if the socket fails it asks every 3
//   seconds instead;
// - a timer counts down when the activity has one;
// - votes on statements go over that socket while it is open: the page moves to the next statement at
//   once, keeps each vote (also in localStorage, so a reload keeps it) until the server says it is
//   saved, and sends it again after a reconnection, or as a form post if the socket stays down;
// - answers given offline are kept and sent later by take-part-queue.js: this file moves the page on
//   as if each had been sent, and fetches the activity again once they are.
(function () {
  "use strict";

  const root = document.getElementById("take-part");
  if (!root) return;
  const TARGET = "#take-part-activity";
  const POLL_MS = 3000;
  const RECONNECT_MS = [1000, 2000, 5000, 15000];
  const HTTP_AFTER_MS = 5000; // votes still waiting this long with the socket down go as form posts
  const PENDING_KEY = "coproduce.votes" + (root.dataset.socketPath || "");
  let inFlight = 0;
  let pollTimer = null;
  let userAction = false;
  let socket = null;
  let failures = 0;
  let pending = loadPending(); // key -> {statement, value, url}: votes sent, not yet saved
  let refreshWhenSaved = false;

  const current = () => document.querySelector(TARGET);
  const version = () => (current() ? current().dataset.version || "" : "");

  // Fetch the fragment unless it is still the version shown (the server answers 204, and nothing changes);
  // `whole` fetches it anyway (new statements do not change the version).
  function refresh(whole) {
    if (inFlight > 0 || !window.htmx) return;
    const url = root.dataset.partialUrl + (whole === true ? "" : "?known=" + encodeURIComponent(version()));
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
    let opened;
    try {
      opened = new WebSocket(scheme + window.location.host + root.dataset.socketPath);
    } catch (error) {
      startPolling();
      return;
    }
    opened.addEventListener("open", () => {
      socket = opened;
      root.dataset.live = "socket"; // which way updates arrive, for tests and styles
      failures = 0;
      stopPolling();
      Object.keys(pending).forEach(sendVote); // votes not yet saved, sent again
      afterVotes(refresh); // anything missed while the socket was down
    });
    opened.addEventListener("message", (event) => {
      let message = {};
      try {
        message = JSON.parse(event.data);
      } catch (error) {
        return;
      }
      if (message.event === "vote.saved" || message.event === "vote.refused") voteAnswered(message);
      else if (["activity.state", "timer", "results.ready", "workshop.state"].includes(message.event))
        afterVotes(refresh);
      else if (message.event === "statements.changed" && statementsDone()) afterVotes(() => refresh(true));
    });
    opened.addEventListener("close", (event) => {
      socket = null;
      root.dataset.live = "polling";
      startPolling();
      if (event.code === 4403) return; // refused: not a participant of this workshop (any more)
      window.setTimeout(connect, RECONNECT_MS[Math.min(failures, RECONNECT_MS.length - 1)]);
      failures += 1;
      window.setTimeout(votesOverHttp, HTTP_AFTER_MS);
    });
  }

  // --- votes on statements over the socket ---

  function loadPending() {
    try {
      return JSON.parse(window.localStorage.getItem(PENDING_KEY) || "{}") || {};
    } catch (error) {
      return {};
    }
  }

  function savePending() {
    try {
      window.localStorage.setItem(PENDING_KEY, JSON.stringify(pending));
    } catch (error) {
      // private browsing without storage: the votes are still kept while the page is open
    }
  }

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    return String(Date.now()) + "-" + String(Math.random()).slice(2);
  }

  function sendVote(key) {
    const vote = pending[key];
    if (!socket || socket.readyState !== WebSocket.OPEN || !vote) return;
    socket.send(JSON.stringify({ action: "vote", key: key, statement: vote.statement, value: vote.value }));
  }

  function voteAnswered(message) {
    if (!pending[message.key]) return;
    if (message.event === "vote.refused" && message.retry) {
      window.setTimeout(() => sendVote(message.key), 2000);
      return;
    }
    delete pending[message.key];
    savePending();
    if (message.event === "vote.refused") showProblem(message.message);
    if (!Object.keys(pending).length && refreshWhenSaved) {
      refreshWhenSaved = false;
      refresh(true);
    }
  }

  // Run `then` once every vote is saved: a fragment fetched earlier would show those statements again.
  function afterVotes(then) {
    if (Object.keys(pending).length) refreshWhenSaved = true;
    else then();
  }

  // The socket has been down a while: send what is still waiting as the form posts of the page without
  // JavaScript. A vote is stored once however often it is sent.
  function votesOverHttp() {
    if (socket) return;
    const token = document.querySelector("input[name=csrfmiddlewaretoken]");
    Object.keys(pending).forEach((key) => {
      const vote = pending[key];
      if (!vote.url || !token) return;
      const body = new URLSearchParams({ value: vote.value, client_key: key, csrfmiddlewaretoken: token.value });
      window
        .fetch(vote.url, { method: "POST", body: body, credentials: "same-origin", redirect: "manual" })
        .then((response) => {
          if (response.status === 429 || response.status >= 500) return;
          voteAnswered({ event: "vote.saved", key: key });
        })
        .catch(() => {}); // offline: kept for the next try
    });
  }

  function showProblem(text) {
    const fragment = current();
    if (!fragment) return;
    let box = fragment.querySelector("[data-vote-problem]");
    if (!box) {
      box = document.createElement("div");
      box.className = "govuk-error-summary";
      box.setAttribute("data-vote-problem", "");
      box.setAttribute("tabindex", "-1");
      box.innerHTML =
        '<div role="alert"><h2 class="govuk-error-summary__title"></h2>' +
        '<div class="govuk-error-summary__body"><p class="govuk-body"></p></div></div>';
      fragment.prepend(box);
    }
    box.querySelector("h2").textContent = root.dataset.problemTitle; // in the page's language
    box.querySelector("p").textContent = text;
  }

  // Show the next statement waiting in the page, or say there are none and look for new ones.
  function showNext(focus) {
    const queue = document.querySelector("[data-statement-queue]");
    if (!queue) return;
    Array.from(queue.querySelectorAll("[data-statement]")).forEach((item) => {
      if (Object.values(pending).some((vote) => vote.statement === item.dataset.statement)) {
        item.remove(); // voted on, not yet saved: the server's count does not have it yet
        countVote();
      }
    });
    const next = queue.querySelector("[data-statement]");
    if (next) {
      next.hidden = false;
      if (focus) next.querySelector(".app-vote-button").focus();
      return;
    }
    const done = document.querySelector("[data-statements-done]");
    if (done) {
      done.hidden = false;
      if (focus) done.querySelector("[tabindex]").focus();
    }
    afterVotes(() => refresh(true));
  }

  // Whether the person has voted on every statement shown: a statement shown or taken out since matters.
  function statementsDone() {
    const done = document.querySelector(".app-statements-done");
    return Boolean(done && !done.hidden);
  }

  function countVote() {
    const voted = document.querySelector("[data-voted]");
    if (voted) voted.textContent = String(Number(voted.textContent) + 1);
  }

  // With the socket open, a vote is sent over it and the next statement shown at once; otherwise the
  // form goes as before (HTMX, or a plain post).
  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      const item = form.closest && form.closest("[data-statement]");
      const button = event.submitter;
      if (!item || !button || !button.value || !socket || socket.readyState !== WebSocket.OPEN) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      const key = newKey();
      pending[key] = { statement: item.dataset.statement, value: button.value, url: form.action };
      savePending();
      sendVote(key);
      countVote();
      item.remove();
      showNext(true);
    },
    true,
  );

  // An answer kept offline: the statement voted on is not asked again, the pair answered cannot be
  // answered twice; once every kept answer is sent, the page shows what the server has.
  document.addEventListener("takepart:queued", (event) => {
    const form = event.detail.form;
    const item = form.closest("[data-statement]");
    if (item) {
      countVote();
      item.remove();
      showNext(true);
    }
    const pair = form.closest(".app-pair");
    if (pair) pair.querySelectorAll("button").forEach((button) => (button.disabled = true));
    const idea = form.querySelector("textarea[name=text]");
    if (idea && idea.value.trim()) showKeptIdea(form, idea.value.trim());
  });

  // An idea kept offline joins the person's ideas (the list after the form), marked as waiting to be sent.
  function showKeptIdea(form, words) {
    const heading = form.nextElementSibling;
    const status = document.getElementById("send-status");
    if (!heading || !status) return;
    let list = heading.nextElementSibling;
    if (!list || !list.classList.contains("app-idea-list")) {
      const empty = list;
      list = document.createElement("ul");
      list.className = "govuk-list app-idea-list";
      if (empty && empty.tagName === "P") empty.replaceWith(list);
      else heading.after(list);
    }
    const item = document.createElement("li");
    const tag = document.createElement("strong");
    item.className = "app-idea";
    item.textContent = words + " ";
    tag.className = "govuk-tag govuk-tag--yellow";
    tag.textContent = status.dataset.waiting;
    item.append(tag);
    list.append(item);
  }
  document.addEventListener("takepart:sent", () => afterVotes(() => refresh(true)));

  document.addEventListener(
    "click",
    (event) => {
      const skip = event.target.closest && event.target.closest("[data-skip]");
      const item = skip && skip.closest("[data-statement]");
      if (!item || !item.nextElementSibling) return; // the last one: ask the server, as without the socket
      event.preventDefault();
      event.stopImmediatePropagation();
      item.parentElement.append(item); // skipped: it comes round again after the others
      item.hidden = true;
      showNext(true);
    },
    true,
  );

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
    showNext(false); // statements voted on but not yet saved are not shown again
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
      // The words come from the page, in the participant's language (data-left-text holds "{time}").
      const time = minutes + ":" + seconds;
      out.textContent = left > 0 ? timer.dataset.leftText.replace("{time}", time) : timer.dataset.upText;
    });
  }

  window.setInterval(tick, 1000);
  tick();
  showNext(false); // after a reload: statements voted on but not yet saved are not asked again
  connect();
})();
