// case_list: the register of applications (申请台账) — search by number, applicant or content, filter by status
// (GET /api/v1/cases?status=&q=). The filter lives in the address, so a list can be bookmarked and shared.
import {h} from '../dom.js';
import {get, qs} from '../api.js';
import {options} from '../meta.js';
import {caseTable} from '../case_table.js';

export async function caseListPage({meta, query, navigate}) {
  const status = query.get('status') || 'open';
  const q = query.get('q') || '';
  const data = await get(`/cases${qs({status, q})}`);
  const cases = data.cases || [];

  const statusSelect = h('select', {name: 'status', id: 'filter-status'},
    // The list filters by open (running or paused), overdue, closed or all.
    options(meta, 'case_statuses', (s) => s.key !== 'paused').map((o) => h('option', {value: o.value}, o.label)),
    h('option', {value: 'all'}, '全部'));
  statusSelect.value = status;
  const search = h('input', {type: 'search', name: 'q', id: 'filter-q', value: q,
    placeholder: '编号、申请人或申请内容'});
  const filter = h('form', {class: 'filter', role: 'search'},
    h('label', {for: 'filter-q'}, '查找'), search,
    h('label', {for: 'filter-status'}, '状态'), statusSelect,
    h('button', {type: 'submit'}, '查询'));
  filter.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate(`#/cases${qs({status: statusSelect.value === 'open' ? '' : statusSelect.value, q: search.value.trim()})}`);
  });
  statusSelect.addEventListener('change', () => filter.requestSubmit());

  return h('div', {},
    h('div', {class: 'page-head'},
      h('h1', {}, '申请台账'),
      h('a', {class: 'button primary', href: '#/cases/new'}, '登记新申请')),
    filter,
    h('p', {class: 'muted'}, `共 ${data.total ?? cases.length} 件${data.total > cases.length ? `，显示前 ${cases.length} 件` : ''}。`),
    caseTable(meta, cases, {empty: '没有符合条件的申请。'}));
}
