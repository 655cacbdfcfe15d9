// The expert tab: the document's YAML in CodeMirror 6, with the problems `planpress check` finds
// shown at their lines. The textarea stays the form field (it is kept in step with the editor),
// so the form posts as it would without JavaScript.
import { EditorView, basicSetup } from "codemirror";
import { EditorState } from "@codemirror/state";
import { keymap } from "@codemirror/view";
import { indentWithTab } from "@codemirror/commands";
import { indentUnit } from "@codemirror/language";
import { yaml } from "@codemirror/lang-yaml";
import { linter, lintGutter, forceLinting } from "@codemirror/lint";

const CHECK_DELAY = 900; // ms after the last keystroke before the text is checked on the server

function diagnostics(doc, problems) {
  const found = [];
  for (const problem of problems) {
    const lineNumber = Math.min(Math.max(problem.line || 1, 1), doc.lines);
    const line = doc.line(lineNumber);
    const from = Math.min(line.from + Math.max((problem.column || 1) - 1, 0), line.to);
    found.push({
      from,
      to: Math.max(from, line.to),
      severity: problem.severity === "warning" ? "warning" : "error",
      message: problem.hint ? `${problem.message}\n怎么改：${problem.hint}` : problem.message,
    });
  }
  return found;
}

function csrfToken(form) {
  const field = form.querySelector("input[name=csrfmiddlewaretoken]");
  return field ? field.value : "";
}

function mount(textarea) {
  const form = textarea.form;
  const checkUrl = textarea.dataset.checkUrl;
  let first = JSON.parse(textarea.dataset.problems || "[]");
  const status = document.getElementById(textarea.dataset.statusId || "");

  const serverCheck = linter(async (view) => {
    if (first) {
      const shown = first;
      first = null;
      return diagnostics(view.state.doc, shown);
    }
    if (!checkUrl) return [];
    const body = new FormData();
    body.append("text", view.state.doc.toString());
    body.append("csrfmiddlewaretoken", csrfToken(form));
    const response = await fetch(checkUrl, { method: "POST", body, credentials: "same-origin",
                                             headers: { "X-CSRFToken": csrfToken(form) } });
    if (!response.ok) return [];
    const result = await response.json();
    if (status) status.textContent = result.summary;
    return diagnostics(view.state.doc, result.problems);
  }, { delay: CHECK_DELAY });

  const view = new EditorView({
    state: EditorState.create({
      doc: textarea.value,
      extensions: [
        basicSetup,
        keymap.of([indentWithTab]),
        indentUnit.of("  "),
        EditorState.tabSize.of(2),
        yaml(),
        lintGutter(),
        serverCheck,
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ "aria-label": textarea.getAttribute("aria-label") || "YAML" }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) {
            textarea.value = update.state.doc.toString();
            if (form) form.dataset.dirty = "1";
          }
        }),
      ],
    }),
  });
  textarea.hidden = true;
  textarea.insertAdjacentElement("afterend", view.dom);
  view.dom.classList.add("yaml-editor");
  window.planpressEditor = view; // for tests and the "go to line" links
  forceLinting(view);

  document.addEventListener("click", (event) => {
    const link = event.target.closest("[data-goto-line]");
    if (!link) return;
    event.preventDefault();
    const number = Math.min(Math.max(parseInt(link.dataset.gotoLine, 10) || 1, 1), view.state.doc.lines);
    const line = view.state.doc.line(number);
    view.dispatch({ selection: { anchor: line.from }, scrollIntoView: true });
    view.focus();
  });
}

document.addEventListener("DOMContentLoaded", () => {
  for (const textarea of document.querySelectorAll("textarea[data-yaml-editor]")) mount(textarea);
});
