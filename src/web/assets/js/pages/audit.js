// audit: the auditor's view of the append-only audit log (GET /api/v1/audit?from=&to=) — who did what to which
// record and when, each view of an applicant's personal data included; newest first.
import {h, table} from '../dom.js';
import {get, qs} from '../api.js';

// The log stores stable action and record keys; these are their names for the auditor (a key not listed here is
// shown as stored).
const ACTION_TEXT = {
  show: '查看个人信息', create: '新增', update: '修改', repeal: '废止', conclude: '审结', lock: '锁定',
  publish: '发布', login: '登录', logout: '退出', disable: '停用', password: '重设密码', import: '导入',
  event: '登记办理事件', approval_request: '提交审批', approve: '批准', reject: '退回',
};
const RECORD_TEXT = {
  applications: '申请', documents: '规范性文件', yearly_counts: '年度数据', yearly: '年度数据', channels: '发布渠道',
  appeals: '复议诉讼', report_revisions: '年度报告', users: '用户', agency_holidays: '本机关假日',
};

function recordText(e) {
  const name = RECORD_TEXT[e.record_table] || e.record_table || '';
  if (!e.record_id) return name;
  return e.record_table === 'yearly_counts' || e.record_table === 'report_revisions'
    ? `${name}（${e.record_id} 年度）` : `${name} #${e.record_id}`;
}

export async function auditPage({query, navigate}) {
  const from = query.get('from') || '';
  const to = query.get('to') || '';
  const data = await get(`/audit${qs({from, to})}`);
  const entries = (data.entries || []).slice().reverse();
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
    h('p', {class: 'muted'}, `共 ${entries.length} 条，最新的在前。`),
    table([
      {title: '时间', cell: (e) => e.at || '', class: 'nowrap'},
      {title: '操作人', cell: (e) => e.actor || ''},
      {title: '操作', cell: (e) => h('span', {title: e.action}, ACTION_TEXT[e.action] || e.action || '')},
      {title: '对象', cell: (e) => recordText(e)},
      {title: '说明', cell: (e) => e.detail || ''},
    ], entries, {empty: '审计日志为空。', rowClass: (e) => (e.action === 'show' ? 'personal-data' : null)}));
}
