// dom: small helpers that build DOM nodes from data. Text is always set as text (never parsed as HTML), so
// nothing a user or the server typed can become markup.

// h('div', {class: 'x', onclick: fn}, 'text', child, [more]) → an element.
// Attributes: `class`, `for`, `dataset` (an object), `on<event>` (a listener), booleans (true sets, false omits),
// anything else as an attribute. Children: strings and numbers become text, null/undefined/false are skipped,
// arrays are flattened.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') el.className = value;
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'value' && 'value' in el) el.value = value;
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

// Replaces everything inside el with the children.
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

// "2024-03-05" → "2024年3月5日"; anything else is returned as it came ('' for null).
export function dateText(iso) {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : String(iso);
}

// Today as "YYYY-MM-DD" in the browser's local time (the office's day).
export function todayIso() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

// A table from rows: columns = [{title, cell: row => node|string, class?}].
export function table(columns, rows, {empty = '暂无记录', caption = null, rowClass = null} = {}) {
  if (!rows.length) return h('p', {class: 'empty'}, empty);
  return h('table', {class: 'list'},
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', {scope: 'col', class: c.class}, c.title)))),
    h('tbody', {}, rows.map((row) => h('tr', {class: rowClass ? rowClass(row) : null},
      columns.map((c) => h('td', {class: c.class}, c.cell(row)))))));
}

// A link inside the staff app ("#/cases/12").
export function link(href, text, attrs = {}) {
  return h('a', {href, ...attrs}, text);
}

// A short-lived notice at the top of the page (role=status, read by screen readers). It survives the one
// navigation that follows it (a registration opens the new case) and goes away after 6 s or at the next page.
export function flash(message, kind = 'ok') {
  const box = document.getElementById('flash');
  if (!box) return;
  replace(box, h('div', {class: `flash ${kind}`, role: kind === 'error' ? 'alert' : 'status'}, message));
  flash.shownAt = Date.now();
  clearTimeout(flash.timer);
  flash.timer = setTimeout(() => box.replaceChildren(), 6000);
}

// Called by the router on each page change: a notice older than the navigation that follows it is removed.
export function clearStaleFlash(maxAgeMs = 1500) {
  const box = document.getElementById('flash');
  if (box && Date.now() - (flash.shownAt || 0) > maxAgeMs) box.replaceChildren();
}
