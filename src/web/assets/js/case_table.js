// case_table: the list of applications used by the dashboard and the register list — number (a link to the
// case), applicant (name and masked ID number: lists carry no other personal data), what was asked, received,
// due with the working days left, status. Reads the API's case summary (docs/api.md, "Case summary").
import {h, table, dateText} from './dom.js';
import {label, outcomeLabel} from './meta.js';

// What a paused case waits for (the summary's `waiting`).
export const WAITING_TEXT = {correction: '等待补正', consultation: '征求意见中', fee: '等待缴费'};

// "2024年3月5日（暂定）" when the due date depends on a year whose holidays are not yet published.
export function dueText(due, provisional) {
  if (!due) return '—';
  return provisional ? `${dateText(due)}（暂定）` : dateText(due);
}

function daysLeftText(c) {
  const n = c.working_days_left;
  if (n === null || n === undefined) return null;
  if (n < 0) return `超期 ${-n} 个工作日`;
  if (n === 0) return '今天到期';
  return `剩 ${n} 个工作日`;
}

export function statusText(meta, c) {
  if (c.status === 'closed' && c.outcome) return outcomeLabel(meta, c.outcome);
  const text = label(meta, 'case_statuses', c.status);
  return c.waiting && WAITING_TEXT[c.waiting] ? `${text}·${WAITING_TEXT[c.waiting]}` : text;
}

export function caseTable(meta, cases, {empty = '暂无申请', caption = null} = {}) {
  return table([
    {title: '编号', cell: (c) => h('a', {href: `#/cases/${c.id}`}, c.tracking_no), class: 'nowrap'},
    {title: '申请人', cell: (c) => h('span', {}, c.applicant_name || '',
      c.id_number_masked ? h('small', {class: 'muted id-masked'}, ` ${c.id_number_masked}`) : null,
      h('br'), h('small', {class: 'muted'}, label(meta, 'applicant_types', c.applicant_type)))},
    {title: '申请内容', cell: (c) => c.request_summary || ''},
    {title: '收到日期', cell: (c) => dateText(c.received_on), class: 'nowrap'},
    {title: '答复期限', cell: (c) => h('span', {},
      h('span', {class: 'due'}, dueText(c.due, c.provisional)),
      daysLeftText(c) ? [h('br'), h('small', {class: c.overdue ? 'error-text' : 'muted'}, daysLeftText(c))] : null),
    class: 'nowrap'},
    {title: '状态', cell: (c) => h('span', {class: `status status-${c.status}`}, statusText(meta, c)), class: 'status-col'},
  ], cases, {empty, caption, rowClass: (c) => (c.overdue ? 'overdue' : null)});
}
