// The phone's copy of the take-part page, for a reload without signal (docs/workshops.md, docs/security.md).
//
// Registered by take-part-offline.js with the scope of one workshop, /w/<join code>/, never wider (the
// script's Service-Worker-Allowed header is /w/): the team's pages are never controlled by it. What it does:
// - the take-part page, /w/<join code>/now/ (and nothing else in the scope): network first; a copy is kept
//   only when the server marks the answer "Offline-Copy: keep" (a 200 for a participant, not signed in,
//   that sets no cookie); without signal the copy is shown, with the note that says so; any other answer
//   (the workshop has ended, the phone is no longer in it) forgets the workshop's copy and this worker;
// - files under {{ static_url }}: a file whose name holds its content's hash from the cache first, any other
//   from the network first; both kept for a reload without signal;
// - anything else (answers sent, fragments, other pages) goes to the network as if it were not here.
// A copy older than {{ max_age_hours }} hours is never shown; a phone that joins another workshop forgets
// every other workshop's copy.
"use strict";

const SCOPE = new URL(self.registration.scope);
const PAGE = SCOPE.pathname + "now/";
const PAGES = "coproduce-take-part:";
const PAGE_CACHE = PAGES + SCOPE.pathname;
const FILES = "coproduce-static:{{ version }}";
const STATIC = "{{ static_url|escapejs }}";
const MAX_AGE_MS = {{ max_age_hours }} * 60 * 60 * 1000;
const HASHED = /\.[0-9a-f]{12}\.[A-Za-z0-9]+$/;
const NOTE_HIDDEN = "data-copy-note hidden";
const SAVED_AT = "Offline-Copy-Saved-At";
const VERSION = /id="take-part-activity" data-version="([^"]*)"/;

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => (name.startsWith(PAGES) && name !== PAGE_CACHE) || (name.startsWith("coproduce-static:") && name !== FILES))
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

function isPage(url) {
  return url.origin === SCOPE.origin && url.pathname === PAGE;
}

function isStatic(request, url) {
  return request.method === "GET" && url.origin === SCOPE.origin && url.pathname.startsWith(STATIC);
}

// The copy kept of an answer the server allows: the note that it is a copy shown, and the time it was kept.
async function keepCopy(response) {
  if (response.status !== 200 || response.headers.get("Offline-Copy") !== "keep") return false;
  const html = (await response.clone().text()).replace(NOTE_HIDDEN, "data-copy-note");
  const headers = new Headers(response.headers);
  headers.set(SAVED_AT, String(Date.now()));
  const cache = await caches.open(PAGE_CACHE);
  await cache.put(PAGE, new Response(html, { status: 200, statusText: "OK", headers: headers }));
  return true;
}

async function forget() {
  await caches.delete(PAGE_CACHE);
  await self.registration.unregister();
}

async function copyShown() {
  const cache = await caches.open(PAGE_CACHE);
  const copy = await cache.match(PAGE);
  if (!copy) return null;
  if (Date.now() - Number(copy.headers.get(SAVED_AT) || 0) > MAX_AGE_MS) {
    await cache.delete(PAGE);
    return null;
  }
  return copy;
}

async function page(request) {
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    const copy = await copyShown();
    if (copy) return copy;
    throw error;
  }
  if (response.status >= 500) return (await copyShown()) || response;
  if (!(await keepCopy(response))) await forget();
  return response;
}

async function staticFile(request, url) {
  const cache = await caches.open(FILES);
  if (HASHED.test(url.pathname)) {
    const kept = await cache.match(request);
    if (kept) return kept;
  }
  try {
    const response = await fetch(request);
    if (response.status === 200) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match(request);
    if (kept) return kept;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method === "GET" && request.mode === "navigate" && isPage(url)) event.respondWith(page(request));
  else if (isStatic(request, url)) event.respondWith(staticFile(request, url));
});

// The page asks for its copy to be kept again (`fetch`: the activity changed, or the worker has just taken
// the page over; without it the navigation's own answer was kept), with the files it has loaded (fonts
// included), so that a reload without signal finds them. The answer names the activity the copy shows.
async function keepFor(client, data) {
  if (!isPage(new URL(client.url))) return;
  if (data.fetch) {
    const response = await fetch(PAGE, { credentials: "same-origin", cache: "no-store" });
    if (!(await keepCopy(response)) && response.status < 500) await forget();
  }
  const cache = await caches.open(FILES);
  const files = (Array.isArray(data.assets) ? data.assets : []).filter((asset) => {
    try {
      return isStatic({ method: "GET" }, new URL(asset, SCOPE));
    } catch (error) {
      return false;
    }
  });
  await Promise.all(
    files.map(async (asset) => {
      if (!(await cache.match(asset))) await cache.add(asset).catch(() => undefined);
    }),
  );
  const copy = await caches.open(PAGE_CACHE).then((pages) => pages.match(PAGE));
  const shown = copy ? (await copy.text()).match(VERSION) : null;
  client.postMessage({ event: "copy.kept", version: shown ? shown[1] : null });
}

self.addEventListener("message", (event) => {
  if (!event.data || event.data.action !== "keep-copy" || !event.source) return;
  event.waitUntil(keepFor(event.source, event.data).catch(() => undefined));
});
