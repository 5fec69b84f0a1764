// Live updates for the facilitator's and projector's pages.
//
// The page holds [data-live-socket] (the screens socket's path) and regions [data-live-region] with a
// data-live-url: the fragment to fetch again. When the socket says something changed, each region is
// fetched again 100 ms later and swapped; messages arriving meanwhile ride along with that fetch, so a
// room voting without pause refreshes the page ten times a second, not never, and the last fetch
// follows the last message. A region with data-live-tallies (the projector's) takes the running totals
// those events carry in place: each [data-live-tally="<event> <field>"] of the message's activity shows the
// new number at once, and the region is fetched again at most every data-live-every ms (and once after the
// last), so a room voting flat out costs the server a fragment every few seconds, not ten a second; any
// other message (a card, a statement, an activity opened, a result ready) is fetched 100 ms later as
// before. When the socket fails, the regions are polled every
// 2 seconds, the status region says so, and the socket is retried with growing waits. A socket refused
// (code 4403) is not retried: polling carries on. A region the person is typing in is swapped once they
// leave it, so no one loses what they type. [data-timer-ends] elements count down to their time.
(function () {
  "use strict";
  var root = document.querySelector("[data-live-socket]");
  if (!root) { return; }
  var regions = Array.prototype.slice.call(root.querySelectorAll("[data-live-region]"));
  var status = root.querySelector("[data-live-status]");
  var PAUSED = "Live updates paused; refreshing every few seconds";
  var POLL_MS = 2000, REFRESH_MS = 100, MAX_WAIT_MS = 30000, REFUSED = 4403;
  var pollTimer = null, refreshTimer = null, wait = 1000, socket = null;

  // Busy: someone is typing or choosing in the region, or dragging a card (clusters.js sets data-dragging).
  function typingIn(region) {
    var active = document.activeElement;
    if (root.dataset.dragging) { return true; }
    return active && region.contains(active) && /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName);
  }

  function swap(region, html) {
    var focusedId = document.activeElement && region.contains(document.activeElement) ? document.activeElement.id : "";
    region.innerHTML = html;
    if (focusedId && document.getElementById(focusedId)) { document.getElementById(focusedId).focus(); }
    countdown();
    region.dispatchEvent(new CustomEvent("live:swapped", { bubbles: true }));
  }

  // One fetch per region at a time: a refresh asked for while one is on its way follows it, so a slow
  // server is asked no faster than it answers, and the page still ends on the latest state.
  function refresh(region) {
    if (typingIn(region)) { region.dataset.livePending = "1"; return; }
    delete region.dataset.livePending;
    if (region.dataset.liveFetching) { region.dataset.liveAgain = "1"; return; }
    region.dataset.liveFetching = "1";
    region.dataset.liveFetchedAt = String(Date.now());
    fetch(region.dataset.liveUrl, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (html) { if (!typingIn(region)) { swap(region, html); } else { region.dataset.livePending = "1"; } })
      .catch(function () { /* the next event or poll tries again */ })
      .then(function () {
        delete region.dataset.liveFetching;
        if (region.dataset.liveAgain) { delete region.dataset.liveAgain; refresh(region); }
      });
  }

  function refreshAll() { regions.forEach(refresh); }

  // Fetch `due` regions (all of them when not given) 100 ms from now, with any already due.
  function soon(due) {
    (due || regions).forEach(function (region) { region.dataset.liveDue = "1"; });
    if (refreshTimer) { return; }  // a refresh is due: it fetches what this message announced too
    refreshTimer = setTimeout(function () {
      refreshTimer = null;
      regions.forEach(function (region) {
        if (region.dataset.liveDue) { delete region.dataset.liveDue; refresh(region); }
      });
    }, REFRESH_MS);
  }

  // Fetch `region` again once data-live-every ms have passed since its last fetch began (at least 100 ms
  // from now); one such fetch is due at a time, and it leaves after the message that asked for it.
  function later(region) {
    if (region.dataset.liveLater) { return; }
    var every = Number(region.dataset.liveEvery) || POLL_MS;
    var since = Date.now() - Number(region.dataset.liveFetchedAt || 0);
    region.dataset.liveLater = "1";
    setTimeout(function () { delete region.dataset.liveLater; refresh(region); }, Math.max(REFRESH_MS, every - since));
  }

  // Whether `message` is a running total this region takes in place; if so, its numbers are shown now.
  function tallied(region, message) {
    var events = (region.dataset.liveTallies || "").split(" ");
    if (!message.event || events.indexOf(message.event) < 0) { return false; }
    region.querySelectorAll("[data-live-tally]").forEach(function (element) {
      var said = element.dataset.liveTally.split(" "), value = message[said[1]];
      if (said[0] !== message.event || element.dataset.liveActivity !== message.activity) { return; }
      if (typeof value !== "number") { return; }
      element.textContent = value + " " + (value === 1 ? element.dataset.one : element.dataset.many);
    });
    return true;
  }

  function heard(raw) {
    var message = {};
    try { message = JSON.parse(raw) || {}; } catch (error) { /* not JSON: fetch everything */ }
    var fetchSoon = regions.filter(function (region) {
      if (!tallied(region, message)) { return true; }
      later(region);
      return false;
    });
    if (fetchSoon.length) { soon(fetchSoon); }
  }

  function say(text) { if (status && status.textContent !== text) { status.textContent = text; } }

  // root.dataset.live says which way updates arrive ("socket" or "polling"), for tests and styles.
  function poll(on) {
    root.dataset.live = on ? "polling" : "socket";
    if (on && !pollTimer) { pollTimer = setInterval(refreshAll, POLL_MS); say(PAUSED); }
    if (!on && pollTimer) { clearInterval(pollTimer); pollTimer = null; say(""); }
  }

  function connect() {
    if (!("WebSocket" in window)) { poll(true); return; }
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + window.location.host + root.dataset.liveSocket);
    socket.onopen = function () { wait = 1000; poll(false); soon(); };
    socket.onmessage = function (event) { heard(event.data); };
    socket.onclose = function (event) {
      poll(true);
      if (event.code === REFUSED) { return; }
      setTimeout(connect, wait);
      wait = Math.min(wait * 2, MAX_WAIT_MS);
    };
  }

  function countdown() {
    root.querySelectorAll("[data-timer-ends]").forEach(function (element) {
      var left = Math.max(0, Math.round((Date.parse(element.dataset.timerEnds) - Date.now()) / 1000));
      var text = left === 0 ? "time is up" : Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
      if (element.textContent !== text) { element.textContent = text; }
    });
  }

  root.addEventListener("focusout", function (event) {
    regions.forEach(function (region) {
      if (region.dataset.livePending && region.contains(event.target)) { setTimeout(function () { refresh(region); }, 0); }
    });
  });
  root.addEventListener("live:refresh", function () {
    regions.forEach(function (region) { delete region.dataset.livePending; });
    soon();
  });
  // A result still being worked out ([data-live-working]) is checked every few seconds as well, in case
  // the message that it is ready does not arrive (a task worker with no way to reach this server's socket).
  setInterval(function () { if (root.querySelector("[data-live-working]")) { refreshAll(); } }, POLL_MS);
  setInterval(countdown, 1000);
  countdown();
  connect();
})();
