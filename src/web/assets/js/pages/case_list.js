// case_list: the register of applications (申请台账) — search by number, applicant or content, filter by status
// (GET /api/v1/cases?status=&q=). The filter lives in the address, so a list can be bookmarked and shared.
import {h} from '../dom.js';
import {get, qs} from '../api.js';
import {options} from '../meta.js';
import {caseTable} from '../case_table.js';
import {importBox} from '../import_box.js';

const PAGE = 100;

export async function caseListPage({meta, query, navigate, refresh}) {
  const status = query.get('status') || 'open';
  const q = query.get('q') || '';
  const offset = Math.max(0, Number(query.get('offset')) || 0);
  const data = await get(`/cases${qs({status, q, limit: PAGE, offset: offset || ''})}`);
  const cases = data.cases || [];
  const total = data.total ?? cases.length;
  const pageHref = (o) => `#/cases${qs({status: status === 'open' ? '' : status, q, offset: o > 0 ? o : ''})}`;

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
    h('p', {class: 'muted'}, `共 ${total} 件${total > cases.length ? `，显示第 ${offset + 1}–${offset + cases.length} 件` : ''}。`),
    caseTable(meta, cases, {empty: '没有符合条件的申请。'}),
    total > PAGE ? h('nav', {class: 'pager', 'aria-label': '翻页'},
      offset > 0 ? h('a', {class: 'button', href: pageHref(offset - PAGE)}, '上一页') : null,
      offset + PAGE < total ? h('a', {class: 'button', href: pageHref(offset + PAGE)}, '下一页') : null) : null,
    importBox('applications', '历史申请', refresh));
}
