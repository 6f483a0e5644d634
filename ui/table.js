// One read-only table of the dashboard (ui/table.py). Streamlit calls this function again with the
// table's data at every script run; the table's <div> stays, and its body is written again only when
// the data changed. Cells are written as text (textContent), never as HTML. A click on a header sorts
// by that column (numbers as numbers, words in the page's language, empty cells last); a second click
// reverses the order, and the order holds across reruns.

const CSS = `
.alize-table { overflow: auto; border: 1px solid rgba(49, 51, 63, 0.1); border-radius: 0.5rem;
  font-size: 0.875rem; line-height: 1.4; background: #fff; }
.alize-table table { border-collapse: separate; border-spacing: 0; width: 100%; }
.alize-table th, .alize-table td { padding: 0.45rem 0.6rem; white-space: nowrap; text-align: left;
  border-bottom: 1px solid rgba(49, 51, 63, 0.1); border-right: 1px solid rgba(49, 51, 63, 0.06); }
.alize-table tr:last-child td { border-bottom: none; }
.alize-table th:last-child, .alize-table td:last-child { border-right: none; }
.alize-table thead th { position: sticky; top: 0; z-index: 2; background: #f8f9fb; font-weight: 400;
  color: rgba(49, 51, 63, 0.7); padding: 0; white-space: normal; min-width: 5rem; }  /* a long header wraps, a cell never */
.alize-table thead th button { all: unset; box-sizing: border-box; display: block; width: 100%;
  padding: 0.45rem 0.6rem; cursor: pointer; text-align: inherit; }
.alize-table thead th button:focus-visible { outline: 2px solid #0072B2; outline-offset: -2px; }
.alize-table thead th .arrow { color: #0072B2; }
.alize-table th:first-child, .alize-table td:first-child { position: sticky; left: 0; z-index: 1;
  background: #fff; }
.alize-table thead th:first-child { z-index: 3; background: #f8f9fb; }
.alize-table tbody tr:hover td { background: #f3f6fa; }
.alize-table .num { text-align: right; font-variant-numeric: tabular-nums; }
@media print { .alize-table { max-height: none !important; overflow: visible; } }  /* every row on paper */
`;

function ensureCss() {
  if (document.getElementById("alize-table-css")) return;
  const style = document.createElement("style");
  style.id = "alize-table-css";
  style.textContent = CSS;
  document.head.appendChild(style);
}

function compare(a, b, collator) {
  if (a === null || a === undefined) return (b === null || b === undefined) ? 0 : 1;  // empty cells last
  if (b === null || b === undefined) return -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return collator.compare(String(a), String(b));
}

function order(box) {
  const { data, sort } = box._alize;
  const index = data.rows.map((_, i) => i);
  if (!sort) return index;
  const collator = new Intl.Collator(data.lang, { sensitivity: "base", numeric: true });
  return index.sort((i, j) => {
    const a = data.keys[i][sort.column], b = data.keys[j][sort.column];
    const empty = (a === null || a === undefined) !== (b === null || b === undefined);
    const c = compare(a, b, collator);
    return empty ? c : (sort.descending ? -c : c) || i - j;  // empty cells stay last either way
  });
}

function writeBody(box) {
  const { data } = box._alize;
  const body = document.createElement("tbody");
  for (const i of order(box)) {
    const tr = document.createElement("tr");
    data.rows[i].forEach((cell, c) => {
      const td = document.createElement("td");
      if (data.columns[c].numeric) td.className = "num";
      td.textContent = cell;
      tr.appendChild(td);
    });
    body.appendChild(tr);
  }
  const old = box.querySelector("tbody");
  if (old) old.replaceWith(body); else box.querySelector("table").appendChild(body);
  box.querySelectorAll("thead th").forEach((th, c) => {
    const s = box._alize.sort;
    const sorted = s && s.column === c;
    th.setAttribute("aria-sort", sorted ? (s.descending ? "descending" : "ascending") : "none");
    th.querySelector(".arrow").textContent = sorted ? (s.descending ? " ↓" : " ↑") : "";
  });
}

function writeHead(box) {
  const { data } = box._alize;
  const table = document.createElement("table");
  const head = document.createElement("thead");
  const tr = document.createElement("tr");
  data.columns.forEach((column, c) => {
    const th = document.createElement("th");
    th.scope = "col";
    if (column.numeric) th.className = "num";
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = column.label;
    const arrow = document.createElement("span");  // the order, for the eye; aria-sort says it to a screen reader
    arrow.className = "arrow";
    arrow.setAttribute("aria-hidden", "true");
    button.appendChild(arrow);
    button.title = data.sort_hint;
    button.addEventListener("click", () => {
      const s = box._alize.sort;
      box._alize.sort = { column: c, descending: !!(s && s.column === c && !s.descending) };
      writeBody(box);
    });
    th.appendChild(button);
    tr.appendChild(th);
  });
  head.appendChild(tr);
  table.appendChild(head);
  box.replaceChildren(table);
}

export default function (component) {
  const { data, parentElement } = component;
  ensureCss();
  let box = parentElement.querySelector(".alize-table");
  if (!box) {
    box = document.createElement("div");
    box.className = "alize-table";
    parentElement.appendChild(box);
  }
  const json = JSON.stringify(data);
  if (box._alize && box._alize.json === json) return;  // the same table: nothing to write
  const previous = box._alize;
  const sameColumns = previous && JSON.stringify(previous.data.columns) === JSON.stringify(data.columns);
  box._alize = { data, json, sort: sameColumns ? previous.sort : null };
  box.style.maxHeight = data.max_height + "px";
  if (!sameColumns || !box.querySelector("table")) writeHead(box);
  writeBody(box);
}
