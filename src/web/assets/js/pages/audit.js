// audit: the auditor's view of the append-only audit log (GET /api/v1/audit) — who did what to which record and
// when, each view of an applicant's personal data included.
import {h, table} from '../dom.js';
import {get, qs} from '../api.js';

export async function auditPage({query, navigate}) {
  const from = query.get('from') || '';
  const to = query.get('to') || '';
  const data = await get(`/audit${qs({from, to})}`);
  const entries = data.entries || [];
  const fromInput = h('input', {type: 'date', id: 'audit-from', value: from});
  const toInput = h('input', {type: 'date', id: 'audit-to', value: to});
  const filter = h('form', {class: 'filter'},
    h('label', {for: 'audit-from'}, '从'), fromInput, h('label', {for: 'audit-to'}, '到'), toInput,
    h('button', {type: 'submit'}, '查询'));
  filter.addEventListener('submit', (e) => {
    e.preventDefault();
    navigate(`#/audit${qs({from: fromInput.value, to: toInput.value})}`);
  });
  return h('div', {},
    h('h1', {}, '审计日志'),
    h('p', {class: 'muted'}, '只增不改：每次查看申请人个人信息、登录、登记、审批、导入、报告锁定和用户变更均有记录。'),
    filter,
    h('p', {class: 'muted'}, `共 ${entries.length} 条。`),
    table([
      {title: '时间', cell: (e) => e.at || '', class: 'nowrap'},
      {title: '操作人', cell: (e) => e.actor || ''},
      {title: '操作', cell: (e) => e.action || ''},
      {title: '对象', cell: (e) => `${e.record_table || ''}${e.record_id ? ` #${e.record_id}` : ''}`},
      {title: '说明', cell: (e) => e.detail || ''},
    ], entries, {empty: '审计日志为空。'}));
}
