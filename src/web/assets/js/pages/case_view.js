// case_view: one application — who asked what and when, the reply due date with the server's explanation line by
// line, the timeline of events, and every action of the case register as a small form: 补正, 征求意见, 收费,
// 延期, 答复 (outcome and legal basis), 撤回, 送达 (POST /api/v1/cases/{id}/events). Opening this page shows the
// applicant's personal data, so the server writes it to the audit log.
import {h, dateText, todayIso, flash} from '../dom.js';
import {get, post} from '../api.js';
import {field, makeForm} from '../forms.js';
import {label, outcomeOptions, outcomeLabel} from '../meta.js';
import {dueText, statusText, WAITING_TEXT} from '../case_table.js';
import {approvalControls, approvalText} from './approvals.js';

const dateField = () => field({name: 'date', label: '日期', type: 'date', required: true, value: todayIso()});

// Each action: the event kind it records and its fields. The titles are the event kinds' labels (from the API).
const GROUPS = [
  {title: '补正', actions: [
    {kind: 'correction_requested', fields: () => [dateField(),
      field({name: 'reason', label: '需补正的内容（一次性告知）', type: 'textarea', required: true, wide: true})]},
    {kind: 'correction_received', fields: () => [dateField()]},
    {kind: 'correction_lapsed', fields: () => [dateField()]},
  ]},
  {title: '征求意见', actions: [
    {kind: 'consultation_started', fields: () => [dateField(),
      field({name: 'reason', label: '征求意见对象', required: true})]},
    {kind: 'consultation_answered', fields: () => [dateField()]},
  ]},
  {title: '收费', actions: [
    {kind: 'fee_notice', fields: () => [dateField(),
      field({name: 'pages', label: '页数（按量收费时填写，按件收费留空）', type: 'number', attrs: {min: 1, step: 1}})]},
    {kind: 'fee_paid', fields: () => [dateField()]},
    {kind: 'fee_lapsed', fields: () => [dateField()]},
  ]},
  {title: '延期', actions: [
    {kind: 'extension_approved', fields: (meta, role) => [dateField(),
      field({name: 'days', label: '延长工作日数', type: 'number', required: true, value: '20',
        attrs: {min: 1, max: 20, step: 1},
        check: (v) => (Number.isInteger(v) && v >= 1 && v <= 20 ? null : '延长期限为1至20个工作日。')}),
      role === 'head' ? field({name: 'approver', label: '批准人', help: '留空则为本人。'}) : null,
      field({name: 'reason', label: '延期理由', required: true, wide: true})]},
  ]},
  {title: '答复', actions: [
    {kind: 'decided', fields: (meta) => [dateField(),
      field({name: 'outcome', label: '答复结果', type: 'select', required: true, wide: true,
        options: outcomeOptions(meta, (o) => o.decidable !== false)}),
      field({name: 'basis', label: '依据', wide: true, help: '留空则使用该结果的法定依据。'})]},
    {kind: 'withdrawn', fields: () => [dateField(), field({name: 'reason', label: '说明'})]},
    {kind: 'delivered', fields: () => [dateField()]},
  ]},
];

const CLOSED_KINDS = new Set(['delivered']);
// While a case waits, the action that ends the wait is opened for the clerk.
const ENDS_WAIT = {correction: 'correction_received', consultation: 'consultation_answered', fee: 'fee_paid'};

function eventDetails(meta, ev) {
  const parts = [];
  if (ev.days) parts.push(`延长 ${ev.days} 个工作日`);
  if (ev.approver) parts.push(`批准人：${ev.approver}`);
  if (ev.outcome) parts.push(`结果：${outcomeLabel(meta, ev.outcome)}`);
  if (ev.basis) parts.push(`依据：${ev.basis}`);
  if (ev.kind === 'fee_notice') {
    if (ev.pages) parts.push(`按量 ${ev.pages} 页`);
    parts.push(`收费 ${ev.fee_amount ?? 0} 元`);
  }
  if (ev.reason) parts.push(ev.reason);
  return parts;
}

function timeline(meta, events) {
  if (!events.length) return h('p', {class: 'empty'}, '暂无事件。');
  return h('ol', {class: 'timeline'}, events.map((ev) => h('li', {class: `event event-${ev.kind}`},
    h('time', {datetime: ev.date}, dateText(ev.date)),
    h('strong', {}, label(meta, 'event_kinds', ev.kind)),
    eventDetails(meta, ev).map((p) => h('span', {class: 'detail'}, p)))));
}

function deadlineBox(meta, c, d) {
  const facts = [];
  if (d.open && d.working_days_left !== null && d.working_days_left !== undefined) {
    facts.push(d.working_days_left < 0 ? `已超期 ${-d.working_days_left} 个工作日` : `剩余 ${d.working_days_left} 个工作日`);
  }
  if (d.waiting) facts.push(`${WAITING_TEXT[d.waiting] || d.waiting}${d.paused_since ? `（自 ${dateText(d.paused_since)} 起暂停计时）` : ''}`);
  if (d.extension_days) facts.push(`已延期 ${d.extension_days} 个工作日`);
  if (d.open && d.correction_due) facts.push(`补正告知最迟 ${dateText(d.correction_due)} 发出`);
  if (!d.open && d.closed_on) facts.push(`${dateText(d.closed_on)} 办结${d.late ? '，晚于期限' : ''}`);
  return h('section', {class: `deadline${d.overdue ? ' overdue' : ''}${d.paused ? ' paused' : ''}`},
    h('h2', {}, '答复期限'),
    h('p', {class: 'due-date'}, dueText(d.due, d.provisional), ' ',
      h('span', {class: 'badge'}, statusText(meta, {status: c.status, outcome: null}))),
    facts.length ? h('p', {class: 'deadline-facts'}, facts.join('；')) : null,
    d.open && d.provisional ? h('p', {class: 'warning-text'}, '该期限涉及尚未公布放假安排的年份，为暂定日期；放假安排公布后自动重算。') : null,
    d.explanation ? h('details', {class: 'explanation', open: !!d.open},
      h('summary', {}, '期限如何计算'),
      h('pre', {}, d.explanation)) : null);
}

function detailsList(meta, c) {
  const rows = [
    ['编号', c.tracking_no],
    ['申请人', c.applicant_name],
    ['申请人类型', label(meta, 'applicant_types', c.applicant_type)],
    [label(meta, 'id_types', c.id_type) || '证件号码', c.id_number],
    ['法定代表人', c.legal_representative],
    ['联系人', c.contact_name],
    ['联系电话', c.phone],
    ['电子邮箱', c.email],
    ['通信地址', c.address],
    ['提交方式', label(meta, 'channels', c.channel)],
    ['收到日期', c.received_on ? `${dateText(c.received_on)}${c.receipt_rule ? `（${c.receipt_rule}）` : ''}` : null],
    ['申请内容', c.request_text],
    ['获取方式', c.form_wanted],
    ['答复结果', c.outcome ? outcomeLabel(meta, c.outcome) : null],
    ['答复日期', c.decided_on ? dateText(c.decided_on) : null],
    ['依据', c.basis],
  ];
  return h('dl', {class: 'details'}, rows.filter(([, v]) => v).map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

function actionForm(meta, role, caseId, action, refresh) {
  const needsApproval = role !== 'head' && meta.event_kindsByKey.get(action.kind)?.needs_approval;
  const form = makeForm({
    inline: true,
    submitLabel: needsApproval ? '提交负责人审批' : '登记',
    fields: action.fields(meta, role),
    onSubmit: async (values) => {
      const answer = await post(`/cases/${caseId}/events`, {kind: action.kind, ...values});
      flash(answer.approval ? `已提交负责人审批：${label(meta, 'event_kinds', action.kind)}。`
        : `已登记：${label(meta, 'event_kinds', action.kind)}。`);
      await refresh();
    },
  });
  // The 答复 form fills in the outcome's legal basis when the clerk picks the outcome.
  const outcome = form.querySelector('[name="outcome"]');
  const basis = form.querySelector('[name="basis"]');
  if (outcome && basis) {
    outcome.addEventListener('change', () => {
      basis.placeholder = meta.outcomesByKey.get(outcome.value)?.basis || '';
    });
  }
  return form;
}

function actionsPanel(meta, role, c, open, waiting, refresh) {
  const groups = open ? GROUPS : GROUPS.map((g) => ({...g, actions: g.actions.filter((a) => CLOSED_KINDS.has(a.kind))}))
    .filter((g) => g.actions.length);
  return h('section', {class: 'actions-panel'},
    h('h2', {}, open ? '办理' : '办结后'),
    groups.map((g) => h('fieldset', {class: 'action-group'},
      h('legend', {}, g.title),
      g.actions.map((a) => h('details', {class: 'action', dataset: {kind: a.kind}, open: ENDS_WAIT[waiting] === a.kind},
        h('summary', {}, label(meta, 'event_kinds', a.kind)),
        actionForm(meta, role, c.id, a, refresh))))));
}

function pendingApprovals(meta, role, approvals, refresh) {
  if (!approvals.length) return null;
  return h('section', {class: 'pending-approvals'},
    h('h2', {}, '待负责人审批'),
    h('ul', {}, approvals.map((a) => h('li', {},
      h('strong', {}, approvalText(meta, a)), ` ${dateText(a.date)}`,
      a.reason ? ` · ${a.reason}` : '', a.requested_by ? h('small', {class: 'muted'}, ` 由 ${a.requested_by} 提交`) : null,
      role === 'head' ? approvalControls(meta, a, refresh) : null))));
}

export async function casePage({meta, role, params, refresh}) {
  const data = await get(`/cases/${params[0]}`);
  const c = data.case;
  const d = data.deadline || {};
  const open = d.open ?? c.status !== 'closed';
  const pending = (data.approvals || []).filter((a) => a.status === 'pending');
  return h('div', {class: 'case-page'},
    h('div', {class: 'page-head'},
      h('h1', {}, `申请 ${c.tracking_no}`),
      h('a', {href: '#/cases', class: 'button'}, '返回台账')),
    h('div', {class: 'case-grid'},
      h('div', {},
        deadlineBox(meta, c, d),
        pendingApprovals(meta, role, pending, refresh),
        h('section', {}, h('h2', {}, '申请信息'), detailsList(meta, c)),
        h('section', {}, h('h2', {}, '办理过程'), timeline(meta, data.events || []))),
      actionsPanel(meta, role, c, open, d.waiting, refresh)));
}
