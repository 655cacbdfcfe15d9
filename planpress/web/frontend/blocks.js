// The 条款与附件 tab: the outline (drag to move a clause: one save) and the block forms (lists whose
// items are added, removed and reordered in the page, numbered again before the form is sent;
// the card wording's room; the table grid). The server does the rest: numbers come from the model.
import Sortable from "sortablejs";

// -- form lists -----------------------------------------------------------------------------------

// Rename every name, id, label target and list name under `root` (templates' contents included)
// from the prefix `from` to `to`: "n.steps.3" → "n.steps.1".
function rename(root, from, to) {
  const dotted = (value) => (value === from || value.startsWith(from + ".") ? to + value.slice(from.length) : value);
  const dashed = (value) => {
    const a = "w-" + from.replaceAll(".", "-"), b = "w-" + to.replaceAll(".", "-");
    return value === a || value.startsWith(a + "-") ? b + value.slice(a.length) : value;
  };
  const visit = (element) => {
    if (element.name) element.name = dotted(element.name);
    if (element.dataset && element.dataset.list) element.dataset.list = dotted(element.dataset.list);
    if (element.dataset && element.dataset.field) element.dataset.field = dotted(element.dataset.field);
    if (element.id) element.id = dashed(element.id);
    if (element.htmlFor) element.htmlFor = dashed(element.htmlFor);
  };
  // templates at any depth (a form's new part holds the template of a new field, which holds
  // the template of a new option)
  const walk = (node) => {
    for (const element of node.querySelectorAll("*")) {
      visit(element);
      if (element.content) walk(element.content);
    }
  };
  visit(root);
  if (root.content) walk(root.content);
  walk(root);
}

// Give the items of every list the indexes of their order on the page (outer lists first).
export function renumber(form) {
  for (const list of form.querySelectorAll("[data-list]")) {
    const items = list.querySelector(":scope > [data-items]");
    if (!items) continue;
    let index = 0;
    for (const item of items.children) {
      if (!item.matches("[data-item]")) continue;
      const old = item.dataset.index;
      if (old !== String(index)) {
        rename(item, `${list.dataset.list}.${old}`, `${list.dataset.list}.${index}`);
        item.dataset.index = String(index);
      }
      index += 1;
    }
  }
}

function markDirty(form) { if (form) form.dataset.dirty = "1"; }

function addItem(list) {
  const template = list.querySelector(":scope > template[data-template]");
  const items = list.querySelector(":scope > [data-items]");
  const item = template.content.firstElementChild.cloneNode(true);
  items.appendChild(item);
  ready(item);
  renumber(list.closest("form"));
  const field = item.querySelector("input:not([type=hidden]), textarea, select");
  if (field) field.focus();
  markDirty(list.closest("form"));
  updateRooms(list.closest("form"));
}

document.addEventListener("click", (event) => {
  const add = event.target.closest("[data-add]");
  if (add) {
    event.preventDefault();
    addItem(add.closest("[data-list]"));
    return;
  }
  const remove = event.target.closest("[data-remove]");
  if (remove) {
    event.preventDefault();
    const form = remove.closest("form");
    remove.closest("[data-item]").remove();
    renumber(form);
    markDirty(form);
    updateRooms(form);
  }
});

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form.matches("[data-block-form]")) {
    renumber(form);
    if (window.planpressTable) window.planpressTable.beforeSubmit(form);
  }
}, true);

// -- the card's room (a scenario's steps) -----------------------------------------------------------

// A scenario card holds about so many characters of wording on its paper, all steps together
// (data-budgets: steps on the card → characters, from planpress/cards/room.py). Each step shows
// what it puts on the card (its wording, else its text); the scenario shows what is left.
function shownOnCard(step) {
  const off = step.querySelector("[data-card-off]");
  if (off && off.checked) return null;
  const wording = step.querySelector("[data-card-wording]");
  const text = step.querySelector("[data-step-text]");
  const shown = (wording && wording.value.trim()) || (text && text.value.trim()) || "";
  return [...shown.replace(/\s+/g, "")].length;
}

function updateRooms(root) {
  if (!root) return;
  const total = root.querySelector("[data-card-room]");
  let used = 0, steps = 0;
  for (const step of root.querySelectorAll("[data-step]")) {
    const count = step.querySelector("[data-card-count]");
    const characters = shownOnCard(step);
    if (characters === null) {
      if (count) count.textContent = "这一步不上卡片";
      continue;
    }
    used += characters;
    steps += 1;
    if (count) count.textContent = `卡片上这一步 ${characters} 字`;
  }
  if (!total) return;
  const budgets = JSON.parse(total.dataset.budgets || "{}");
  const budget = budgets[String(Math.max(steps, 1))];
  const paper = total.dataset.paper;
  if (!budget) {
    total.textContent = `卡片纸张 ${paper}：${steps} 步上卡片，超过了卡片已知放得下的步数，保存后请看草稿卡片。`;
    total.classList.add("over");
  } else if (used <= budget) {
    total.textContent = `卡片纸张 ${paper}：${steps} 步上卡片，措辞共 ${used} 字，约还能写 ${budget - used} 字（约 ${budget} 字放得下）。`;
    total.classList.remove("over");
  } else {
    total.textContent = `卡片纸张 ${paper}：${steps} 步上卡片，措辞共 ${used} 字，超出约 ${used - budget} 字：卡片可能放不下，请缩短措辞（保存后看草稿卡片）。`;
    total.classList.add("over");
  }
}
document.addEventListener("input", (event) => {
  if (event.target.closest("[data-block-form]")) updateRooms(event.target.closest("form"));
});
document.addEventListener("change", (event) => {
  if (event.target.closest("[data-block-form]")) updateRooms(event.target.closest("form"));
});

// -- a choice that shows its own fields (a form part's kind, a form field's blank) --------------------

// A select[data-switch] shows, of the [data-when] bodies of its own [data-switch-scope] (not those
// of scopes nested in it), the one its value names.
function switchTo(select) {
  const scope = select.closest("[data-switch-scope]");
  if (!scope) return;
  for (const body of scope.querySelectorAll("[data-when]")) {
    if (body.closest("[data-switch-scope]") === scope) body.hidden = body.dataset.when !== select.value;
  }
}
document.addEventListener("change", (event) => {
  if (event.target.matches("select[data-switch]")) switchTo(event.target);
});

// -- dragging -------------------------------------------------------------------------------------------

function ready(root) {
  for (const items of root.querySelectorAll("[data-list] > [data-items]")) {
    if (items.dataset.sortableOn) continue;
    items.dataset.sortableOn = "1";
    Sortable.create(items, {
      handle: "[data-drag-handle]", animation: 120, draggable: "[data-item]",
      onEnd: () => { const form = items.closest("form"); renumber(form); markDirty(form); updateRooms(form); },
    });
  }
}

// The outline: dropping a clause moves it in the file (one save); the page comes back with the
// numbers the model gives the new structure.
function outline() {
  const form = document.getElementById("outline-move");
  if (!form) return;
  for (const list of document.querySelectorAll("[data-outline-list]")) {
    Sortable.create(list, {
      group: "outline", handle: "[data-drag-handle]", animation: 120, fallbackOnBody: true,
      swapThreshold: 0.6, emptyInsertThreshold: 12, draggable: ".outline-item",
      onStart: () => document.body.classList.add("dragging"),
      onEnd: (event) => {
        document.body.classList.remove("dragging");
        if (event.from === event.to && event.oldIndex === event.newIndex) return;
        form.elements.path.value = event.item.dataset.path;
        form.elements.list.value = event.to.dataset.outlineList;
        form.elements.at.value = String(event.newIndex);
        form.submit();
      },
    });
  }
}

document.addEventListener("DOMContentLoaded", () => {
  ready(document);
  outline();
  for (const form of document.querySelectorAll("[data-block-form]")) updateRooms(form);
  const selected = document.querySelector(".outline-item.selected");
  if (selected && selected.scrollIntoView && window.innerWidth > 900) selected.scrollIntoView({ block: "center" });
  // A refused save: the first field with a problem in view, its message beside it.
  const wrong = document.querySelector("form.node-form .w.has-error");
  if (wrong && wrong.scrollIntoView) {
    wrong.scrollIntoView({ block: "center" });
    const input = wrong.querySelector("input:not([type=hidden]), textarea, select");
    if (input) input.focus({ preventScroll: true });
  }
});

// -- a table's grid (blocks/table.py) ------------------------------------------------------------------

const table = {
  focused: new WeakMap(), // editor → the last cell clicked or typed in

  cellAt(row, column) { // the cell covering grid column `column`, and where it starts
    let start = 0;
    for (const cell of row.querySelectorAll(":scope > [data-cell]")) {
      const span = parseInt(cell.querySelector("[data-cell-span]").value, 10) || 1;
      if (column < start + span) return { cell, start, span };
      start += span;
    }
    return null;
  },
  columnOf(cell) {
    let start = 0;
    for (const other of cell.parentElement.querySelectorAll(":scope > [data-cell]")) {
      if (other === cell) return start;
      start += parseInt(other.querySelector("[data-cell-span]").value, 10) || 1;
    }
    return start;
  },
  width(editor) { return editor.querySelectorAll("[data-header] > th").length; },
  newCell(editor) {
    const template = editor.closest("form").querySelector("template[data-cell-template]");
    return template.content.firstElementChild.cloneNode(true);
  },
  setSpan(cell, span) {
    cell.querySelector("[data-cell-span]").value = String(span);
    cell.colSpan = span;
  },
  newRow(editor) {
    const row = document.createElement("tr");
    row.setAttribute("data-row", "");
    for (let i = 0; i < this.width(editor); i += 1) row.appendChild(this.newCell(editor));
    return row;
  },
  run(editor, action) {
    const cell = this.focused.get(editor);
    const body = editor.querySelector("tbody");
    const header = editor.querySelector("[data-header]");
    const row = cell ? cell.parentElement : body.querySelector("[data-row]:last-of-type");
    if (action === "row-above" || action === "row-below") {
      const fresh = this.newRow(editor);
      if (!row) body.appendChild(fresh);
      else row.insertAdjacentElement(action === "row-above" ? "beforebegin" : "afterend", fresh);
      fresh.querySelector("[data-cell-input]").focus();
      return;
    }
    if (action === "row-delete") {
      if (row && body.querySelectorAll("[data-row]").length > 1) row.remove();
      this.focused.delete(editor);
      return;
    }
    const column = cell ? this.columnOf(cell) : this.width(editor) - 1;
    if (action === "col-left" || action === "col-right") {
      const at = action === "col-left" ? column : column + (cell ? (parseInt(cell.querySelector("[data-cell-span]").value, 10) || 1) : 1);
      const th = document.createElement("th");
      th.innerHTML = '<input type="text" name="n.columns.__new__" value="" aria-label="新的一列" data-cell-input>';
      const heads = header.querySelectorAll(":scope > th");
      if (at >= heads.length) header.appendChild(th); else heads[at].insertAdjacentElement("beforebegin", th);
      for (const each of body.querySelectorAll("[data-row]")) {
        const found = this.cellAt(each, at);
        if (!found) each.appendChild(this.newCell(editor));
        else if (found.start === at) found.cell.insertAdjacentElement("beforebegin", this.newCell(editor));
        else this.setSpan(found.cell, found.span + 1); // inside a merged cell: it widens
      }
      return;
    }
    if (action === "col-delete") {
      if (this.width(editor) <= 1) return;
      header.querySelectorAll(":scope > th")[Math.min(column, this.width(editor) - 1)].remove();
      for (const each of body.querySelectorAll("[data-row]")) {
        const found = this.cellAt(each, column);
        if (!found) continue;
        if (found.span > 1) this.setSpan(found.cell, found.span - 1); else found.cell.remove();
      }
      this.focused.delete(editor);
      return;
    }
    if (!cell) return;
    if (action === "merge") {
      const next = cell.nextElementSibling;
      if (!next || !next.matches("[data-cell]")) return;
      const a = cell.querySelector("[data-cell-input]"), b = next.querySelector("[data-cell-input]");
      if (b.value.trim()) a.value = a.value.trim() ? `${a.value.trim()} ${b.value.trim()}` : b.value.trim();
      this.setSpan(cell, (parseInt(cell.querySelector("[data-cell-span]").value, 10) || 1) +
                         (parseInt(next.querySelector("[data-cell-span]").value, 10) || 1));
      next.remove();
    } else if (action === "split") {
      const span = parseInt(cell.querySelector("[data-cell-span]").value, 10) || 1;
      if (span <= 1) return;
      this.setSpan(cell, span - 1);
      cell.insertAdjacentElement("afterend", this.newCell(editor));
    }
  },
  // Names from the grid's order: n.columns.k, n.rows.r.c.{text,contact,span}.
  beforeSubmit(form) {
    for (const editor of form.querySelectorAll("[data-table-editor]")) {
      editor.querySelectorAll("[data-header] > th").forEach((th, k) => {
        const input = th.querySelector("[data-cell-input]");
        if (input) input.name = `n.columns.${k}`;
      });
      editor.querySelectorAll("tbody > [data-row]").forEach((row, r) => {
        row.querySelectorAll(":scope > [data-cell]").forEach((cell, c) => {
          cell.querySelector("[data-cell-input]").name = `n.rows.${r}.${c}.text`;
          cell.querySelector("[data-cell-contact]").name = `n.rows.${r}.${c}.contact`;
          cell.querySelector("[data-cell-span]").name = `n.rows.${r}.${c}.span`;
        });
      });
    }
  },
};
window.planpressTable = table;

document.addEventListener("focusin", (event) => {
  const cell = event.target.closest("[data-cell]");
  if (cell) table.focused.set(cell.closest("[data-table-editor]"), cell);
});
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-table]");
  if (!button) return;
  event.preventDefault();
  const editor = button.closest("[data-table-editor]");
  table.run(editor, button.dataset.table);
  const form = editor.closest("form");
  if (form) form.dataset.dirty = "1";
});
document.addEventListener("change", (event) => {
  const select = event.target.closest("[data-cell-contact]");
  if (!select) return;
  const input = select.closest("[data-cell]").querySelector("[data-cell-input]");
  input.hidden = Boolean(select.value);
});
