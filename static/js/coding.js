// Coding a transcript: select words (mouse, or Shift and the arrow keys inside a turn), press C or the button
// to choose codes, Enter to apply. Offsets sent to the server are code points into the transcript's text: each
// turn's text element carries data-start, and the text nodes before the selection are counted in code points
// (JavaScript strings count UTF-16 units, so an emoji is two units but one code point).
const turnsRoot = () => document.getElementById("transcript-turns");
const picker = document.getElementById("code-picker");
const form = document.getElementById("code-picker-form");

function codePoints(text) {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

// Code points from the start of `element` to the boundary point (node, offset), walking its text nodes.
function offsetIn(element, node, offset) {
  const boundary = document.createRange();
  boundary.setStart(node, offset);
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  let count = 0;
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    if (text === node) return count + codePoints(text.data.slice(0, offset));
    if (boundary.comparePoint(text, text.data.length) > 0) break;
    count += codePoints(text.data);
  }
  return count;
}

// The selected span as {start, end, text}, clipped to the turns' text; null when nothing is selected there.
function selectedSpan() {
  const selection = document.getSelection();
  const turns = turnsRoot();
  if (!turns || !selection || !selection.rangeCount || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  const near = (node) => (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement)?.closest(".app-coding-text");
  let first = near(range.startContainer);
  let last = near(range.endContainer);
  if (!first || !last) {
    const touched = [...turns.querySelectorAll(".app-coding-text")].filter((el) => range.intersectsNode(el));
    if (!touched.length) return null;
    first = first || touched[0];
    last = last || touched[touched.length - 1];
  }
  const start = Number(first.dataset.start) +
    (first.contains(range.startContainer) ? offsetIn(first, range.startContainer, range.startOffset) : 0);
  const end = last.contains(range.endContainer)
    ? Number(last.dataset.start) + offsetIn(last, range.endContainer, range.endOffset)
    : Number(last.dataset.end);
  const text = range.toString().trim();
  return end > start && text ? { start, end, text, turn: first } : null;
}

// Put the caret at code point `offset` of the transcript, inside the turn that holds it.
function placeCaret(element, offset) {
  let left = offset - Number(element.dataset.start);
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    const length = codePoints(text.data);
    if (left <= length) {
      const units = [...text.data].slice(0, left).join("").length;
      document.getSelection().collapse(text, units);
      return;
    }
    left -= length;
  }
}

const colours = JSON.parse(document.getElementById("code-colours")?.textContent || "{}");

function tint(hex, alpha) {
  const value = /^#[0-9a-f]{6}$/i.test(hex || "") ? hex : "#1d70b8";
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(value.slice(i, i + 2), 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

// Each coded run gets its codes' colours: one code tints it, several make horizontal bands.
function paint(root) {
  for (const mark of root.querySelectorAll("mark.app-seg:not(.app-seg--painted)")) {
    const codes = mark.dataset.codes.split(" ");
    const bands = codes.map((code) => tint(colours[code], 0.3));
    if (bands.length === 1) {
      mark.style.backgroundColor = bands[0];
    } else {
      const step = 100 / bands.length;
      const stops = bands.map((colour, i) => `${colour} ${i * step}% ${(i + 1) * step}%`);
      mark.style.backgroundColor = "#ffffff";
      mark.style.backgroundImage = `linear-gradient(to bottom, ${stops.join(", ")})`;
    }
    mark.classList.add("app-seg--painted");
  }
}

paint(document);
document.body.addEventListener("htmx:afterSettle", () => paint(document));

const toolbar = document.getElementById("coding-toolbar");
const shown = document.getElementById("coding-selection");
const status = document.getElementById("coding-status");
let lastSpan = null;

function say(message) {
  if (status) status.textContent = message;
}

function short(text, length = 80) {
  const flat = text.replace(/\s+/g, " ");
  return [...flat].length > length ? `${[...flat].slice(0, length - 1).join("")}…` : flat;
}

if (toolbar && picker) {
  toolbar.hidden = false;
  let pending = false;
  document.addEventListener("selectionchange", () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      if (picker.open) return;
      const span = selectedSpan();
      if (span) lastSpan = span;
      shown.textContent = span ? `Selected: “${short(span.text)}”` : "No words selected.";
    });
  });
}

// Keyboard selection inside a turn: arrows move a caret, Shift extends, Ctrl or Alt moves by word.
const MOVES = {
  ArrowLeft: ["backward", "character"], ArrowRight: ["forward", "character"],
  ArrowUp: ["backward", "line"], ArrowDown: ["forward", "line"],
  Home: ["backward", "lineboundary"], End: ["forward", "lineboundary"],
};

function caretInto(element) {
  const selection = document.getSelection();
  if (!selection.rangeCount || !element.contains(selection.focusNode)) {
    const first = document.createTreeWalker(element, NodeFilter.SHOW_TEXT).nextNode();
    selection.collapse(first || element, 0);
  }
}

if (turnsRoot() && picker) {
  document.addEventListener("focusin", (event) => {
    const element = event.target.closest?.(".app-coding-text");
    if (element && element.matches(":focus-visible")) caretInto(element);
  });
  document.addEventListener("keydown", (event) => {
    const element = event.target.closest?.(".app-coding-text");
    const move = MOVES[event.key];
    if (!element || !move || event.metaKey) return;
    event.preventDefault();
    caretInto(element);
    const unit = (event.ctrlKey || event.altKey) && move[1] === "character" ? "word" : move[1];
    document.getSelection().modify(event.shiftKey ? "extend" : "move", move[0], unit);
  });
}

// The code picker.
const filter = document.getElementById("code-picker-filter");
const error = document.getElementById("code-picker-error");
let returnTo = null;

function items() {
  return [...form.querySelectorAll(".app-code-picker__item")];
}

function visibleBoxes() {
  return items().filter((item) => !item.hidden).map((item) => item.querySelector("input"));
}

function showError(message) {
  error.hidden = !message;
  error.textContent = message ? `Error: ${message}` : "";
}

function openPicker() {
  const span = selectedSpan() || lastSpan;
  if (!span) {
    say("Select some words first, then press C.");
    return;
  }
  lastSpan = span;
  returnTo = span.turn;
  form.elements.start.value = span.start;
  form.elements.end.value = span.end;
  document.getElementById("code-picker-selection").textContent = `Coding: “${short(span.text, 160)}”`;
  for (const box of form.querySelectorAll("input[name=code]")) box.checked = false;
  filter.value = "";
  applyFilter();
  showError("");
  picker.showModal();
  filter.focus();
}

function applyFilter() {
  const words = filter.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
  for (const item of items()) item.hidden = !words.every((word) => item.dataset.name.includes(word));
}

function closePicker() {
  if (picker.open) picker.close();
}

async function apply() {
  const boxes = [...form.querySelectorAll("input[name=code]")];
  if (!boxes.some((box) => box.checked)) {
    const first = visibleBoxes()[0];
    if (!first) {
      showError("No code matches. Change the filter, or add the code to the codebook.");
      return;
    }
    first.checked = true;
  }
  const names = boxes.filter((box) => box.checked).map((box) => box.labels[0].textContent.trim());
  const response = await fetch(form.action, {
    method: "POST",
    body: new FormData(form),
    headers: { "HX-Request": "true" },
    credentials: "same-origin",
  });
  const body = await response.text();
  if (!response.ok) {
    showError(body || "The codes could not be applied. Try again.");
    return;
  }
  swapTurns(body);
  closePicker();
  say(`Applied ${names.join(", ")} to “${short(lastSpan.text)}”.`);
  const element = document.getElementById(returnTo?.id || "");
  if (element) {
    element.focus({ preventScroll: true });
    placeCaret(element, Math.min(lastSpan.end, Number(element.dataset.end)));
  }
  lastSpan = null;
}

// Replace each turn in the answer by id (the server re-renders them, so others' codings show too).
function swapTurns(html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  for (const fresh of template.content.querySelectorAll(".app-coding-turn[id]")) {
    const old = document.getElementById(fresh.id);
    if (!old) continue;
    fresh.removeAttribute("hx-swap-oob");
    old.replaceWith(fresh);
    if (window.htmx) window.htmx.process(fresh);
    paint(fresh);
  }
}

if (picker && form && filter) {
  filter.addEventListener("input", applyFilter);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    apply();
  });
  form.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.target.matches("button")) {
      event.preventDefault();
      apply();
    } else if (event.key === "ArrowDown" && event.target === filter) {
      event.preventDefault();
      visibleBoxes()[0]?.focus();
    }
  });
  document.getElementById("code-picker-close").addEventListener("click", closePicker);
  picker.addEventListener("close", () => returnTo?.isConnected && returnTo.focus({ preventScroll: true }));
  document.getElementById("coding-open").addEventListener("click", openPicker);
  document.addEventListener("keydown", (event) => {
    if (event.key !== "c" || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    if (picker.open || event.target.closest("input, textarea, select, button, [contenteditable], dialog")) return;
    event.preventDefault();
    openPicker();
  });
}

// Removing a coding from the margin: post it, swap the re-rendered turns, keep the keyboard in the turn.
document.addEventListener("click", async (event) => {
  const button = event.target.closest?.("button.app-coding-remove");
  if (!button) return;
  event.preventDefault();
  const response = await fetch(button.formAction, {
    method: "POST",
    body: new FormData(button.form),
    headers: { "HX-Request": "true" },
    credentials: "same-origin",
  });
  const body = await response.text();
  if (!response.ok) {
    say(body || "The coding could not be removed.");
    return;
  }
  swapTurns(body);
  say("Coding removed.");
  document.getElementById(`turn-text-${button.dataset.turn}`)?.focus({ preventScroll: true });
});
