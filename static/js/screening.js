// Keyboard shortcuts on the screening page, as listed there (templates/evidence/_shortcuts.html): I include,
// E exclude, M maybe, and after an exclusion 1 to 9 give it a reason. Each key presses the button that carries
// it in data-shortcut, so the page does exactly what a click does. Nothing happens while the focus is in a box
// you type in, or once the shortcuts are turned off (WCAG 2.1.4); this browser remembers that choice.
const STORE = "coproduce:screening-shortcuts";
const TYPING =
  "textarea, select, [contenteditable]:not([contenteditable=false]), " +
  "input:not([type=checkbox]):not([type=radio]):not([type=button]):not([type=submit]):not([type=reset])";

const storedOn = () => {
  try {
    return window.localStorage.getItem(STORE) !== "off";
  } catch {
    return true; // storage blocked: shortcuts on, as for a first visit
  }
};

const store = (on) => {
  try {
    if (on) window.localStorage.removeItem(STORE);
    else window.localStorage.setItem(STORE, "off");
  } catch {
    // storage blocked: the choice lasts until the page changes
  }
};

let on = storedOn();
let sent = false;

const show = () => {
  document.body.classList.toggle("app-shortcuts-off", !on);
  for (const button of document.querySelectorAll("[data-shortcut]")) {
    if (on) button.setAttribute("aria-keyshortcuts", button.dataset.shortcut);
    else button.removeAttribute("aria-keyshortcuts");
  }
  const state = document.getElementById("shortcuts-state");
  if (state) state.textContent = on ? "They are on." : "They are off: use the buttons.";
};

const box = document.getElementById("shortcuts-on");
if (box) {
  box.checked = on;
  document.getElementById("shortcuts-switch").hidden = false;
  box.addEventListener("change", () => {
    on = box.checked;
    store(on);
    show();
  });
}
show();

document.addEventListener("keydown", (event) => {
  if (!on || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
  if (event.target instanceof Element && event.target.closest(TYPING)) return;
  const key = event.key.length === 1 ? event.key.toLowerCase() : "";
  const button = key && document.querySelector(`button[data-shortcut="${CSS.escape(key)}"]`);
  if (!button || button.disabled || !button.form) return;
  event.preventDefault();
  if (event.repeat || sent) return; // one decision per key press, never two while the page changes
  sent = true;
  button.form.requestSubmit(button);
});

// A page shown again from the back-forward cache takes key presses again.
window.addEventListener("pageshow", () => {
  sent = false;
});

// The new record has the focus, so that a screen reader reads its title and the first Tab reaches the
// decision buttons, unless the page opened on an error or a message, which keep it.
const record = document.getElementById("record");
if (record && !document.querySelector(".govuk-error-summary, .govuk-notification-banner")) {
  record.focus({ preventScroll: true });
}

// After a reason is given the page reloads: its status line then says so, for a screen reader.
const status = document.getElementById("reason-status");
if (status?.dataset.say) {
  window.setTimeout(() => {
    status.textContent = status.dataset.say;
  }, 300);
  const url = new URL(window.location.href);
  url.searchParams.delete("reason");
  window.history.replaceState(null, "", url);
}
