// Every page: htmx for partial updates, SortableJS for dragging, and the small behaviours of the
// pages. No inline script anywhere (the Content-Security-Policy forbids it): pages declare what
// they need with data- attributes.
import htmx from "htmx.org";
import Sortable from "sortablejs";

window.htmx = htmx;
window.Sortable = Sortable;
htmx.config.allowEval = false;
htmx.config.includeIndicatorStyles = false;
htmx.config.historyCacheSize = 0; // pages hold forms with what people typed: never restore a stale copy

// A form with unsaved input asks before the page is left (nothing typed is lost by a stray click).
function watchUnsaved(root) {
  for (const form of root.querySelectorAll("form[data-unsaved-warning]")) {
    if (form.dataset.watching) continue;
    form.dataset.watching = "1";
    form.addEventListener("input", () => { form.dataset.dirty = "1"; });
    form.addEventListener("submit", () => { delete form.dataset.dirty; });
  }
}
window.addEventListener("beforeunload", (event) => {
  if (document.querySelector("form[data-dirty]")) {
    event.preventDefault();
    event.returnValue = "";
  }
});

// A "copy" button copies the text of the element its data-copy names.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const source = document.getElementById(button.dataset.copy);
  if (source && navigator.clipboard) {
    navigator.clipboard.writeText(source.value ?? source.textContent);
    button.textContent = "已复制";
  }
});

// A select with data-autosubmit submits its form when changed (the register's filters).
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-autosubmit]");
  if (field && field.form) field.form.requestSubmit();
});

// A link or button with data-confirm asks first.
document.addEventListener("click", (event) => {
  const element = event.target.closest("[data-confirm]");
  if (element && !window.confirm(element.dataset.confirm)) event.preventDefault();
}, true);

function ready(root) {
  watchUnsaved(root);
  for (const list of root.querySelectorAll("[data-sortable]")) {
    if (list.dataset.sortableOn) continue;
    list.dataset.sortableOn = "1";
    Sortable.create(list, { handle: "[data-drag-handle]", animation: 120 });
  }
}
document.addEventListener("DOMContentLoaded", () => ready(document));
document.addEventListener("htmx:load", (event) => ready(event.detail.elt));

// The directory: typing in a row opens the list of documents and cards that show its entry.
document.addEventListener("input", (event) => {
  const row = event.target.closest("tr[data-entry]");
  if (!row) return;
  const shows = row.querySelector("details[data-shows]");
  if (shows) shows.open = true;
  row.classList.add("changing");
});
