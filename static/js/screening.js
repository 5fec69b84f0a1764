// Keyboard shortcuts on the screening page: I include, E exclude, M maybe (not while typing in a box).
const form = document.getElementById("screen-form");
if (form) {
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    if (event.target.closest("input, textarea, select, [contenteditable]")) return;
    const button = form.querySelector(`button[data-shortcut="${event.key.toLowerCase()}"]`);
    if (!button) return;
    event.preventDefault();
    const reason = form.querySelector("select[name=reason]");
    if (button.value === "exclude" && reason && reason.options.length > 1 && !reason.value) {
      reason.focus();
      return;
    }
    form.requestSubmit(button);
  });
}
