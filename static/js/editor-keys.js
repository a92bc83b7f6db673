// markdownx's editor keeps Tab and Shift+Tab for indenting, which traps keyboard users in
// the text box (WCAG 2.1.2). This capture listener on window runs before markdownx's own
// handler and stops the event reaching it, so Tab moves the focus as it does everywhere.
window.addEventListener("keydown", function (event) {
  if (event.key === "Tab" && event.target.classList &&
      event.target.classList.contains("markdownx-editor")) {
    event.stopImmediatePropagation();
  }
}, true);
