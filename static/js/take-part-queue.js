// Answers sent from a phone without signal are kept, then sent when it is back online.
//
// Every answer form of the take-part page posts on its own without JavaScript. With this file, an answer
// given while the phone is offline (or whose request fails on the way) is kept in localStorage, so a
// reload keeps it too, and sent when the phone is back online, one at a time and in order. Each carries
// its own client_key, the id the server stores each answer under once: an answer sent twice (a resend
// after a reload, a double tap) is saved once and answered the same way. The line above the activity
// (#send-status, a polite live region) says in plain words whether answers are saved or waiting, and how
// many; its words come from the page (data- attributes), in the page's language.
//
// Answers sent in a row are each saved or refused: every refusal of the run is remembered (in localStorage
// too) with the server's reason, and once the last answer is answered the line says how many were not
// saved and why; "All your answers are saved." only when every one was.
//
// Events for take-part.js: "takepart:queued" (detail.form: the form just kept, or after a reload the form of
// an answer still waiting) and "takepart:sent" (every kept answer has been answered by the server).
(function () {
  "use strict";

  const root = document.getElementById("take-part");
  const status = document.getElementById("send-status");
  if (!root || !status) return;
  const TARGET = "#take-part-activity";
  const STORE = "coproduce.queue" + (root.dataset.socketPath || "");
  const REFUSED = STORE + ".refused";
  const RETRY_MS = 5000;
  let queue = load(STORE);
  let refusals = load(REFUSED); // the reasons of the answers refused since the queue last emptied
  let sending = false;
  let retryTimer = null;

  function load(name) {
    try {
      const stored = JSON.parse(window.localStorage.getItem(name) || "[]");
      return Array.isArray(stored) ? stored : [];
    } catch (error) {
      return [];
    }
  }

  function save() {
    store(STORE, queue);
    store(REFUSED, refusals);
  }

  function store(name, list) {
    try {
      if (list.length) window.localStorage.setItem(name, JSON.stringify(list));
      else window.localStorage.removeItem(name);
    } catch (error) {
      // storage refused (private browsing): answers are still kept while the page is open
    }
  }

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    return String(Date.now()) + "-" + String(Math.random()).slice(2);
  }

  function offline() {
    return navigator.onLine === false;
  }

  function show(kind, text, reasons) {
    status.className = "govuk-body app-send-status" + (kind ? " app-send-status--" + kind : "");
    status.textContent = text;
    if (!reasons || !reasons.length) return;
    const list = document.createElement("ul");
    list.className = "govuk-list govuk-list--bullet app-send-status__reasons";
    reasons.forEach((reason) => {
      const item = document.createElement("li");
      item.textContent = reason;
      list.append(item);
    });
    status.append(list);
  }

  // "2 answers were not saved:" in the page's language: data-refused-counts holds the forms of the message
  // and which one each count from 0 to 199 takes (coproduce/core/plurals.py); a larger count takes the form
  // of 100 plus its last two digits.
  function refusedText(count) {
    if (count === 1) return status.dataset.refused;
    const table = JSON.parse(status.dataset.refusedCounts);
    const form = table.forms[Number(table.index[count < 200 ? count : 100 + (count % 100)])];
    return form.replace("{count}", String(count));
  }

  // The answers refused in the run just ended: the count, then each different reason.
  function showRefusals() {
    const reasons = refusals.filter((reason, at) => reason && refusals.indexOf(reason) === at);
    if (refusals.length === 1) show("refused", refusedText(1) + (reasons.length ? " " + reasons[0] : ""));
    else show("refused", refusedText(refusals.length), reasons);
  }

  function showQueue() {
    if (!queue.length) return;
    const waiting = status.dataset.waiting + " (" + queue.length + ").";
    show("waiting", offline() ? waiting + " " + status.dataset.offline : waiting);
  }

  // An answer form of the current activity: every form of the fragment that posts.
  function answerForm(form) {
    return Boolean(form && form.closest && form.closest(TARGET) && (form.method || "").toLowerCase() === "post");
  }

  // What the form would send, without the CSRF token (the page's own is added when it is sent), and with
  // `key` as its client_key: a new one for each answer kept offline, as a form tapped twice is two answers.
  function keep(form, submitter, key) {
    const body = [];
    new FormData(form).forEach((value, name) => {
      if (name === "csrfmiddlewaretoken") return;
      body.push([name, name === "client_key" && key ? key : String(value)]);
    });
    if (submitter && submitter.name) body.push([submitter.name, submitter.value]);
    queue.push({ url: form.action, body: body });
    save();
    showQueue();
    document.dispatchEvent(new CustomEvent("takepart:queued", { detail: { form: form } }));
  }

  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (!offline() || !answerForm(form)) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      keep(form, event.submitter, newKey());
      if (form.querySelector("textarea")) form.reset();
    },
    true,
  );

  // A request that failed on the way (no signal, though the phone thought it had): kept with its own
  // client_key, so if it did reach the server, sending it again changes nothing.
  document.body.addEventListener("htmx:sendError", (event) => {
    const form = event.detail.elt;
    if (!answerForm(form)) return;
    keep(form, null, null);
    scheduleRetry();
  });

  document.body.addEventListener("htmx:afterRequest", (event) => {
    const config = event.detail.requestConfig || {};
    if (event.detail.successful && config.verb === "post" && !queue.length) show("saved", status.dataset.saved);
  });

  function problemIn(html) {
    const page = new DOMParser().parseFromString(html, "text/html");
    const found = page.querySelector(".govuk-error-summary__list li, .govuk-error-message, [role=alert] p");
    return found ? found.textContent.replace(/^Error:\s*/, "").trim() : "";
  }

  // Send the oldest kept answer; answered (saved or refused), it is dropped and the next one goes.
  function sendNext() {
    if (sending || offline()) return;
    if (!queue.length) return;
    sending = true;
    show("waiting", status.dataset.sending);
    const item = queue[0];
    const body = new URLSearchParams(item.body);
    body.append("csrfmiddlewaretoken", root.dataset.csrfToken || "");
    window
      .fetch(item.url, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "HX-Request": "true" },
      })
      .then((response) => {
        if (response.status === 429 || response.status >= 500) throw new Error("try again later");
        return response.text().then((html) => ({ response: response, html: html }));
      })
      .then(({ response, html }) => {
        queue.shift();
        sending = false;
        if (response.headers.get("HX-Refresh")) {
          refusals = []; // the page says why instead: the workshop ended, or this phone is no longer in it
          save();
          window.location.reload();
          return;
        }
        if (!response.ok) refusals.push(problemIn(html));
        save();
        if (queue.length) sendNext();
        else finished();
      })
      .catch(() => {
        sending = false;
        showQueue();
        scheduleRetry();
      });
  }

  // The queue is empty: every answer saved, or the ones refused said (and forgotten, as they are shown).
  function finished() {
    if (refusals.length) showRefusals();
    else show("saved", status.dataset.saved);
    refusals = [];
    save();
    document.dispatchEvent(new CustomEvent("takepart:sent"));
  }

  function scheduleRetry() {
    if (retryTimer !== null) return;
    retryTimer = window.setTimeout(() => {
      retryTimer = null;
      sendNext();
    }, RETRY_MS);
  }

  // After a reload (the copy kept on the phone, without signal): the forms of the answers still waiting are
  // marked as when they were given ("takepart:queued"), so the pair answered is not answered twice. Sent
  // once take-part.js, deferred after this file, listens.
  function markKept() {
    document.querySelectorAll(TARGET + " form").forEach((form) => {
      if (!answerForm(form)) return;
      const fields = new FormData(form);
      const kept = queue.some(
        (item) => item.url === form.action && item.body.every(([name, value]) => name !== "pair" || fields.get(name) === value),
      );
      if (kept) document.dispatchEvent(new CustomEvent("takepart:queued", { detail: { form: form } }));
    });
  }

  window.addEventListener("online", sendNext);
  window.addEventListener("offline", showQueue);
  window.addEventListener("DOMContentLoaded", markKept);
  showQueue();
  sendNext();
})();
