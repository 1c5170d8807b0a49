// supervision: the supervising office's (主管部门) view of all its subordinate agencies for a year — who has
// overdue applications, whose annual report is missing or fails the checks — and each agency's report
// (GET /api/v1/supervision?year=, GET /api/v1/supervision/{agency}/reports/{year}).
import {h, table} from '../dom.js';
import {get, qs} from '../api.js';
import {reportView} from './report.js';

const REPORT_STATE = {missing: '未锁定', locked: '已锁定未发布', published: '已发布'};

function reportCell(a, year) {
  const problems = [];
  if (a.errors) problems.push(h('span', {class: 'badge error'}, `${a.errors} 个错误`));
  if (a.warnings) problems.push(h('span', {class: 'badge warning'}, `${a.warnings} 个警告`));
  return h('span', {},
    h('a', {href: `#/supervision/${a.agency_id}/${year}`}, REPORT_STATE[a.report] || a.report),
    a.revision ? h('small', {class: 'muted'}, ` 第${a.revision}版`) : null, ' ', problems);
}

export async function supervisionPage({query, navigate}) {
  // Without a year the server shows last year's, the reports due now.
  const data = await get(`/supervision${qs({year: query.get('year')})}`);
  const year = data.year;
  const agencies = data.agencies || [];
  const yearInput = h('input', {type: 'number', id: 'sup-year', value: year, min: 2019, max: 2100});
  const chooser = h('form', {class: 'filter'}, h('label', {for: 'sup-year'}, '年度'), yearInput,
    h('button', {type: 'submit'}, '查看'));
  chooser.addEventListener('submit', (e) => {
    e.preventDefault();
    navigate(`#/supervision?year=${yearInput.value}`);
  });
  const overdueTotal = agencies.reduce((n, a) => n + (a.overdue || 0), 0);
  const missing = agencies.filter((a) => a.report === 'missing').length;
  const failing = agencies.filter((a) => a.errors > 0).length;
  return h('div', {class: 'supervision'},
    h('h1', {}, `下级机关 · ${year} 年度`),
    chooser,
    h('div', {class: 'tiles'},
      h('div', {class: `tile ${overdueTotal ? 'danger' : 'zero'}`}, h('strong', {}, String(overdueTotal)), h('span', {}, '件申请已超期')),
      h('div', {class: `tile ${missing ? 'warn' : 'zero'}`}, h('strong', {}, String(missing)), h('span', {}, '个机关报告未锁定')),
      h('div', {class: `tile ${failing ? 'danger' : 'zero'}`}, h('strong', {}, String(failing)), h('span', {}, '个机关报告核对有错误'))),
    table([
      {title: '机关', cell: (a) => a.name},
      {title: '办理中', cell: (a) => String(a.open ?? ''), class: 'num'},
      {title: '已超期', cell: (a) => h('span', {class: a.overdue ? 'error-text' : ''}, String(a.overdue ?? 0)), class: 'num'},
      {title: '年度报告', cell: (a) => reportCell(a, year)},
    ], agencies, {empty: '没有下级机关。', rowClass: (a) => (a.overdue || a.errors ? 'attention' : null)}));
}

export async function supervisedReportPage({params}) {
  const [agency, year] = params;
  const view = await reportView(`/supervision/${agency}/reports/${year}`);
  const name = view.data.agency || '';
  return h('div', {class: 'report-page'},
    h('div', {class: 'page-head'},
      h('h1', {}, `${name} ${year} 年度报告`),
      h('a', {class: 'button', href: `#/supervision?year=${year}`}, '返回下级机关')),
    view.node);
}
