// report_view: shows an annual report in the official layout inside the app. The server renders the layout (the
// `tables_html` of GET …/reports/{year}, or a whole published report page: merged cells, diagnostics marked with
// class "error"/"warning" and the message in the cell's title). The markup is parsed inert and copied node by
// node through an allow-list of elements, attributes and classes, so nothing in it can run, load or restyle the
// app; its look comes from the server's /report.css. Diagnostics are listed beside the tables;
// choosing one shows its cell.
import {h} from './dom.js';

const ALLOWED_ELEMENTS = new Set(['div', 'h1', 'h2', 'h3', 'p', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'caption', 'br']);
const ALLOWED_ATTRIBUTES = new Set(['rowspan', 'colspan', 'scope', 'title', 'data-table']);
const ALLOWED_CLASSES = new Set(['gongkai', 'gongkai-report', 'error', 'warning', 'label', 'caption', 'group']);

function copyNode(node) {
  if (node.nodeType === Node.TEXT_NODE) return document.createTextNode(node.nodeValue);
  if (node.nodeType !== Node.ELEMENT_NODE) return null;
  const tag = node.localName;
  if (!ALLOWED_ELEMENTS.has(tag)) {
    // Unknown wrappers keep their text-bearing children; script/style/etc. are dropped whole.
    if (['script', 'style', 'template', 'iframe', 'object', 'embed', 'link', 'meta', 'title', 'head'].includes(tag)) return null;
    const frag = document.createDocumentFragment();
    for (const child of node.childNodes) { const c = copyNode(child); if (c) frag.append(c); }
    return frag;
  }
  const el = document.createElement(tag);
  for (const attr of node.attributes) {
    if (ALLOWED_ATTRIBUTES.has(attr.name)) {
      if ((attr.name === 'rowspan' || attr.name === 'colspan') && !/^\d{1,3}$/.test(attr.value)) continue;
      el.setAttribute(attr.name, attr.value);
    } else if (attr.name === 'class') {
      const classes = attr.value.split(/\s+/).filter((c) => ALLOWED_CLASSES.has(c));
      if (classes.length) el.className = classes.join(' ');
    }
  }
  for (const child of node.childNodes) { const c = copyNode(child); if (c) el.append(c); }
  return el;
}

// Server-rendered report markup as safe DOM nodes: a whole report page (its .gongkai-report body: title,
// sections, tables) or just the tables. The markup is parsed into a <template>'s content — an inert document
// with no browsing context, where nothing loads or runs and the page's CSP has nothing to refuse (a report
// page's own <style> included) — and only the allowed nodes are copied out.
export function reportFromHtml(htmlText) {
  const template = document.createElement('template');
  template.innerHTML = htmlText || '';
  const page = template.content.querySelector('.gongkai-report');
  const root = page || template.content;
  const out = h('div', {class: page ? 'gongkai-report report-tables' : 'report-tables'});
  for (const child of root.childNodes) { const c = copyNode(child); if (c) out.append(c); }
  return out;
}

const SEVERITY_TEXT = {error: '错误', warning: '警告', info: '提示'};

// The list of diagnostics. Each item, when chosen, scrolls to and highlights the cell whose title carries its
// message (the server marks every diagnosed cell that way).
export function diagnosticsList(diagnostics, reportNode) {
  if (!diagnostics || !diagnostics.length) {
    return h('p', {class: 'ok-text', role: 'status'}, '核对通过：没有发现错误或警告。');
  }
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  return h('div', {class: 'diagnostics'},
    h('p', {class: errors ? 'error-text' : 'warning-text', role: 'status'},
      errors ? `核对发现 ${errors} 个错误、${warnings} 个警告。错误须改正登记记录后才能锁定发布。`
        : `核对发现 ${warnings} 个警告，没有错误。请逐项核实；警告不妨碍锁定。`),
    h('ol', {}, diagnostics.map((d) => {
      const item = h('li', {class: `diag ${d.severity}`},
        h('span', {class: 'badge'}, SEVERITY_TEXT[d.severity] || d.severity),
        d.rule ? h('code', {}, d.rule) : null, ' ',
        d.message || '',
        d.expected !== undefined && d.expected !== null && d.actual !== undefined
          ? h('small', {class: 'muted'}, `（应为 ${d.expected}，实为 ${d.actual}）`) : null);
      item.tabIndex = 0;
      const show = () => highlightCell(reportNode, d.message);
      item.addEventListener('click', show);
      item.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); show(); } });
      return item;
    })));
}

function highlightCell(reportNode, message) {
  if (!reportNode || !message) return;
  const cell = [...reportNode.querySelectorAll('[title]')].find((el) => el.getAttribute('title').includes(message));
  if (!cell) return;
  for (const el of reportNode.querySelectorAll('.focused')) el.classList.remove('focused');
  cell.classList.add('focused');
  cell.scrollIntoView({behavior: 'smooth', block: 'center'});
}
