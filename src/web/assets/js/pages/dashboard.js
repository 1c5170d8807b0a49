// dashboard: the clerk's first screen — what is due. Overdue cases, cases due within 5 working days, cases waiting
// for the applicant's 补正 or fee payment or for a third party's opinion (GET /api/v1/dashboard), each with a link
// to the case.
import {h, dateText} from '../dom.js';
import {get} from '../api.js';
import {caseTable} from '../case_table.js';

const SECTIONS = [
  {key: 'overdue', title: '已超期', tone: 'danger', empty: '没有超期的申请。'},
  {key: 'due_soon', title: '5个工作日内到期', tone: 'warn', empty: '5个工作日内没有到期的申请。'},
  {key: 'waiting_correction', title: '等待申请人补正', tone: 'info', empty: '没有等待补正的申请。'},
  {key: 'waiting_fee', title: '等待缴纳信息处理费', tone: 'info', empty: '没有等待缴费的申请。'},
  {key: 'waiting_consultation', title: '征求第三方意见中', tone: 'info', empty: '没有正在征求意见的申请。'},
];

const listOf = (value) => (Array.isArray(value) ? value : []);

export async function dashboardPage({meta}) {
  const data = await get('/dashboard');
  const counts = h('div', {class: 'tiles'}, SECTIONS.map((s) => {
    const n = listOf(data[s.key]).length;
    // Not a link: the address after '#' is the router's.
    return h('button', {type: 'button', class: `tile ${s.tone}${n ? '' : ' zero'}`, dataset: {count: n},
      onclick: () => document.getElementById(`section-${s.key}`).scrollIntoView({behavior: 'smooth'})},
    h('strong', {}, String(n)), h('span', {}, s.title));
  }));
  return h('div', {class: 'dashboard'},
    h('div', {class: 'page-head'},
      h('h1', {}, '待办期限'),
      h('a', {class: 'button primary', href: '#/cases/new'}, '登记新申请')),
    h('p', {class: 'muted'}, data.today ? `今天是 ${dateText(data.today)}。` : '',
      data.open !== undefined ? [`办理中的申请共 ${data.open} 件（`, h('a', {href: '#/cases'}, '查看全部'), '）。'] : null,
      '期限均按工作日计算，收到申请当日不计入。'),
    counts,
    data.pending_approvals ? h('p', {class: 'warning-text'},
      h('a', {href: '#/approvals'}, `${data.pending_approvals} 项延期或答复等待负责人审批`), '。') : null,
    SECTIONS.map((s) => h('section', {id: `section-${s.key}`, class: `due-section ${s.tone}`},
      h('h2', {}, s.title, h('span', {class: 'count'}, String(listOf(data[s.key]).length))),
      caseTable(meta, listOf(data[s.key]), {empty: s.empty}))));
}
