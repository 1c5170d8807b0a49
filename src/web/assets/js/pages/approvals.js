// approvals: extensions (延期答复) and decisions (答复) a clerk submitted for the head of office (负责人). The head
// sees what is pending and approves or returns each (POST /api/v1/approvals/{id}); a clerk sees the state of every
// request (GET /api/v1/approvals?status=all). The same controls appear on the case page.
import {h, dateText, table, flash} from '../dom.js';
import {get, post} from '../api.js';
import {label, outcomeLabel} from '../meta.js';

const STATUS_TEXT = {pending: '待审批', approved: '已批准', rejected: '已退回'};

// "延期答复 · 20 个工作日" / "答复 · （一）予以公开".
export function approvalText(meta, a) {
  const parts = [label(meta, 'event_kinds', a.kind)];
  if (a.days) parts.push(`${a.days} 个工作日`);
  if (a.outcome) parts.push(outcomeLabel(meta, a.outcome));
  return parts.join(' · ');
}

// Approve / return buttons with an optional note, and a place for the server's refusal.
export function approvalControls(meta, a, refresh) {
  const note = h('input', {type: 'text', name: 'note', placeholder: '审批意见（可选）', 'aria-label': '审批意见'});
  const error = h('span', {class: 'form-error', role: 'alert'});
  const yes = h('button', {type: 'button', class: 'primary'}, '批准');
  const no = h('button', {type: 'button'}, '退回');
  const decide = async (approve) => {
    error.textContent = '';
    yes.disabled = no.disabled = true;
    try {
      await post(`/approvals/${a.id}`, {approve, note: note.value.trim() || null});
      flash(`${approve ? '已批准' : '已退回'}：${a.tracking_no} ${approvalText(meta, a)}。`);
      await refresh();
    } catch (err) {
      error.textContent = err.message;
      yes.disabled = no.disabled = false;
    }
  };
  yes.addEventListener('click', () => decide(true));
  no.addEventListener('click', () => decide(false));
  return h('span', {class: 'row-actions', dataset: {approval: a.id}}, note, yes, no, error);
}

export async function approvalsPage({meta, role, refresh}) {
  const head = role === 'head';
  const data = await get(`/approvals?status=${head ? 'pending' : 'all'}`);
  const list = data.approvals || [];
  const columns = [
    {title: '申请', cell: (a) => h('a', {href: `#/cases/${a.case_id}`}, a.tracking_no), class: 'nowrap'},
    {title: '事项', cell: (a) => approvalText(meta, a)},
    {title: '日期', cell: (a) => dateText(a.date), class: 'nowrap'},
    {title: '理由', cell: (a) => a.reason || ''},
    {title: '提交人', cell: (a) => h('span', {}, a.requested_by || '', h('br'), h('small', {class: 'muted'}, a.requested_at || ''))},
  ];
  if (head) columns.push({title: '审批', cell: (a) => approvalControls(meta, a, refresh)});
  else columns.push({title: '状态', cell: (a) => h('span', {}, STATUS_TEXT[a.status] || a.status,
    a.decided_by ? h('small', {class: 'muted'}, ` ${a.decided_by}`) : null, a.note ? h('br') : null, a.note || '')});
  return h('div', {},
    h('h1', {}, head ? '待审批事项' : '提交审批的事项'),
    h('p', {class: 'muted'}, '延期答复须经负责人在原答复期限届满前批准，延长不超过20个工作日（条例第三十三条）。'),
    table(columns, list, {empty: head ? '没有待审批的事项。' : '没有提交审批的事项。'}));
}
