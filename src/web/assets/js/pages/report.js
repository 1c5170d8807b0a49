// report: the annual report page (政府信息公开工作年度报告) — builds the year's report from the records, runs the
// checks, shows its tables in the official layout with each error marked on its cell and the diagnostics listed,
// offers the whole report for download as html/md/csv/json, and lets the head of office lock (and revise) and
// publish it (GET /api/v1/reports/{year}, POST …/lock, …/publish).
import {h, flash} from '../dom.js';
import {get, post} from '../api.js';
import {field, makeForm} from '../forms.js';
import {reportFromHtml, diagnosticsList} from '../report_view.js';

const DOWNLOADS = [['html', '网页（HTML）'], ['md', 'Markdown'], ['csv', '表格（CSV）'], ['json', '数据（JSON）']];

function defaultYear() {
  const now = new Date();
  // Until the report is due (31 Jan) and a little after, the year being reported is last year.
  return now.getMonth() < 3 ? now.getFullYear() - 1 : now.getFullYear();
}

function stateText(state) {
  if (!state || !state.locked_revision) return '尚未锁定：以下为按当前登记记录生成的草稿。';
  const parts = [`已锁定第 ${state.locked_revision} 版（${state.locked_at}${state.locked_by ? `，${state.locked_by}` : ''}）`];
  if (state.published_revision) parts.push(`已发布第 ${state.published_revision} 版（${state.published_at}）`);
  else parts.push('尚未发布');
  if (state.changed_cells) parts.push(`登记记录已有 ${state.changed_cells} 个单元格与锁定版本不同`);
  return `${parts.join('；')}。`;
}

// The report view for a report answer at `path` ("/reports/2025", "/supervision/3/reports/2025"): the check
// results, the downloads, the tables. Returns {data, node}.
export async function reportView(path, {downloads = true} = {}) {
  const data = await get(path);
  const tables = reportFromHtml(data.tables_html);
  return {
    data,
    node: h('div', {class: 'report-view'},
      h('p', {class: 'report-state muted'}, stateText(data.state)),
      h('section', {class: 'report-checks', 'aria-label': '核对结果'}, diagnosticsList(data.diagnostics || [], tables)),
      downloads ? h('p', {class: 'downloads'}, '下载全文：', DOWNLOADS.map(([f, text]) =>
        h('a', {class: 'button', href: `/api/v1${path}?format=${f}&download=1`, dataset: {format: f}}, text))) : null,
      tables),
  };
}

function headActions(year, data, refresh) {
  const state = data.state || {};
  const error = h('span', {class: 'form-error', role: 'alert'});
  const run = async (what, body, done) => {
    error.textContent = '';
    try {
      await post(`/reports/${year}/${what}`, body);
      flash(done);
      await refresh();
    } catch (err) {
      error.textContent = err.message;
    }
  };
  const box = h('div', {class: 'actions report-actions'});
  if (!state.locked_revision) {
    box.append(h('button', {type: 'button', class: 'primary', disabled: data.errors > 0,
      title: data.errors > 0 ? '报告有错误，改正登记记录后才能锁定。' : null,
      onclick: () => window.confirm(`锁定 ${year} 年度报告第 1 版？锁定后修改须说明理由并另存新版本。`) &&
        run('lock', {}, '报告已锁定。')}, '锁定报告'));
  } else if (state.changed_cells) {
    box.append(makeForm({inline: true, submitLabel: '另存为新版本',
      fields: [field({name: 'reason', label: '修订理由', required: true})],
      onSubmit: (values) => run('lock', values, '已保存新版本。')}));
  }
  if (state.locked_revision && state.published_revision !== state.locked_revision) {
    box.append(h('button', {type: 'button', class: 'primary',
      onclick: () => window.confirm(`发布 ${year} 年度报告第 ${state.locked_revision} 版？发布后公众可在公开平台查看。`) &&
        run('publish', {}, '报告已发布。')}, '发布报告'));
  }
  box.append(error);
  return box;
}

export async function reportPage({params, role, navigate, refresh}) {
  const year = Number(params[0]) || defaultYear();
  const yearInput = h('input', {type: 'number', id: 'report-year', value: year, min: 2019, max: 2100});
  const chooser = h('form', {class: 'filter'},
    h('label', {for: 'report-year'}, '报告年度'), yearInput, h('button', {type: 'submit', class: 'primary'}, '生成并核对'));
  chooser.addEventListener('submit', (e) => {
    e.preventDefault();
    navigate(`#/reports/${yearInput.value}`);
  });
  const view = await reportView(`/reports/${year}`);
  return h('div', {class: 'report-page'},
    h('h1', {}, `${view.data.agency || ''} ${year} 年度政府信息公开工作年度报告`),
    chooser,
    h('p', {class: 'muted'}, '报告由登记记录按12月31日的状态生成：申请按作出答复的年度计数，年底未办结的计入“结转下年度继续办理”。'),
    role === 'head' ? headActions(year, view.data, refresh) : null,
    view.node);
}
