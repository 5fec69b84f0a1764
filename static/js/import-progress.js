// Progress for large imports. An import form (form[data-import-progress]) is sent in the background so the
// page can show how much of the file has been uploaded, then asks the server every half second how far the
// import has got. Without JavaScript the form is posted as usual and the next page says what was imported.
//
// The request carries htmx's HX-Request header; the server answers a finished import with an HX-Redirect
// header (so the "Imported ..." message waits for the next page) and a refused one with the page itself,
// whose main content replaces this page's.
const POLL_MS = 500;
const SAY_EVERY_PERCENT = 10; // a screen reader hears "Uploading: 10%", "20%" ..., not every percent

function newToken() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

function send(form) {
  const panel = form.querySelector("[data-import-progress-panel]");
  const bar = form.querySelector("[data-import-progress-panel] progress");
  const status = form.querySelector("[data-import-progress-status]");
  const button = form.querySelector("button[type=submit]");
  const token = newToken();
  form.elements.progress_token.value = token;
  const progressUrl = form.dataset.progressUrl.replace(/[^/]+\/$/, `${token}/`);
  const say = (text) => {
    if (status.textContent !== text) status.textContent = text;
  };
  let finished = false;
  let spokenStep = -1;

  const showBar = (percent) => {
    if (percent === null || percent === undefined) bar.removeAttribute("value");
    else bar.value = percent;
  };
  const askServer = async () => {
    if (finished) return;
    try {
      const response = await fetch(progressUrl, { headers: { Accept: "application/json" }, cache: "no-store" });
      const progress = response.ok ? await response.json() : null;
      if (!finished && progress && progress.stage !== "waiting") {
        showBar(progress.percent);
        say(progress.stage === "done" ? progress.message : `${progress.message}…`);
      }
    } catch {
      // A missed report is fine: the next one, or the answer to the upload, follows.
    }
    if (!finished) window.setTimeout(askServer, POLL_MS);
  };
  const stop = (message) => {
    finished = true;
    panel.hidden = true;
    button.disabled = false;
    button.removeAttribute("aria-disabled");
    say(message);
  };

  const request = new XMLHttpRequest();
  request.open("POST", form.action);
  request.setRequestHeader("HX-Request", "true");
  request.upload.addEventListener("progress", (event) => {
    if (!event.lengthComputable || finished) return;
    const percent = Math.floor((event.loaded * 100) / event.total);
    showBar(percent);
    const step = percent - (percent % SAY_EVERY_PERCENT);
    if (step !== spokenStep) {
      spokenStep = step;
      say(`Uploading: ${step}%`);
    }
  });
  request.upload.addEventListener("load", () => {
    showBar(null);
    say("Uploaded. Checking the file…");
    window.setTimeout(askServer, POLL_MS);
  });
  request.addEventListener("load", () => {
    finished = true;
    const target = request.getResponseHeader("HX-Redirect");
    const landed = request.responseURL ? new URL(request.responseURL) : null;
    if (target) {
      say("Finished. Opening the records…");
      window.location.assign(target);
    } else if (landed && landed.pathname !== new URL(form.action).pathname) {
      window.location.assign(landed.href); // for example, the sign-in page after a long time away
    } else if (request.status >= 500 || !showPage(request.responseText)) {
      stop("Something went wrong on the server. Check the list of records before you try again.");
    }
  });
  const lost = () => stop("The file could not be sent. Check your connection, then try again.");
  request.addEventListener("error", lost);
  request.addEventListener("abort", lost);

  panel.hidden = false;
  showBar(0);
  button.disabled = true;
  button.setAttribute("aria-disabled", "true");
  say(form.enctype === "multipart/form-data" ? "Uploading: 0%" : "Sending…");
  request.send(new FormData(form));
}

// Put the page the server sent back (the form with what to fix) in place of this one's main content.
function showPage(html) {
  const page = new DOMParser().parseFromString(html, "text/html");
  const fresh = page.getElementById("main-content");
  const main = document.getElementById("main-content");
  if (!fresh || !main) return false;
  const frontend = document.querySelector("form[data-import-progress]")?.dataset.govukFrontend;
  main.replaceChildren(...fresh.childNodes);
  document.title = page.title;
  const summary = main.querySelector(".govuk-error-summary");
  if (frontend) {
    // GOV.UK Frontend's error summary moves focus to itself when it starts.
    import(frontend).then(({ initAll }) => initAll({ scope: main }));
  } else if (summary) {
    summary.setAttribute("tabindex", "-1");
    summary.focus();
  }
  return true;
}

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.matches("[data-import-progress]")) return;
  if (event.defaultPrevented || !window.FormData || !window.crypto?.getRandomValues) return;
  event.preventDefault();
  if (form.querySelector("button[type=submit]")?.disabled) return;
  send(form);
});
