// registers: the records behind tables 二 and 四 (DESIGN.md §4) — normative documents with issue and repeal dates
// (制发/废止/现行有效 follow from them), the yearly counts entered from the business systems (licensing, penalty,
// enforcement decisions, fee amounts), and reconsideration/litigation cases about the disclosure work.
import {h, dateText, todayIso, table, flash} from '../dom.js';
import {get, post, put} from '../api.js';
import {field, makeForm} from '../forms.js';
import {label, options} from '../meta.js';
import {importBox} from '../import_box.js';

function registerTabs(current) {
  const tabs = [['documents', '规范性文件'], ['yearly', '年度数据'], ['appeals', '复议诉讼']];
  return h('nav', {class: 'tabs', 'aria-label': '登记簿'}, tabs.map(([key, text]) =>
    h('a', {href: `#/registers/${key}`, 'aria-current': key === current ? 'page' : null}, text)));
}

// A small inline form in a table cell: a date and a button (废止, 审结 …).
function rowAction({fields, submitLabel, onSubmit}) {
  const box = h('details', {class: 'row-action'}, h('summary', {}, submitLabel),
    makeForm({inline: true, submitLabel: '确定', fields, onSubmit}));
  return box;
}

// ---- normative documents ----

export async function documentsPage({meta, refresh}) {
  const data = await get('/documents');
  const docs = data.documents || [];
  const form = makeForm({
    submitLabel: '登记文件',
    fields: [
      field({name: 'item', label: '类别', type: 'select', required: true, options: options(meta, 'document_items'),
        value: options(meta, 'document_items').at(-1)?.value}),
      field({name: 'title', label: '文件名称', required: true, wide: true}),
      field({name: 'doc_no', label: '文号', placeholder: '如：宽政办规〔2024〕1号'}),
      field({name: 'issued_on', label: '印发日期', type: 'date', required: true}),
    ],
    onSubmit: async (values) => {
      await post('/documents', values);
      flash(`已登记：${values.title}`);
      await refresh();
    },
  });
  return h('div', {},
    h('h1', {}, '规范性文件登记簿'), registerTabs('documents'),
    h('p', {class: 'muted'}, '年度报告表二第二十条第（一）项的制发、废止、现行有效件数由本登记簿计算。'),
    h('section', {}, h('h2', {}, '登记新文件'), form, importBox('documents', '规范性文件', refresh)),
    h('section', {}, h('h2', {}, `已登记文件（${docs.length}）`), table([
      {title: '类别', cell: (d) => label(meta, 'document_items', d.item)},
      {title: '文件名称', cell: (d) => d.title},
      {title: '文号', cell: (d) => d.doc_no || ''},
      {title: '印发日期', cell: (d) => dateText(d.issued_on), class: 'nowrap'},
      {title: '废止日期', cell: (d) => (d.repealed_on ? dateText(d.repealed_on) : rowAction({
        submitLabel: '废止',
        fields: [field({name: 'date', label: '废止日期', type: 'date', required: true, value: todayIso()})],
        onSubmit: async (values) => {
          await post(`/documents/${d.id}/repeal`, values);
          flash(`已废止：${d.title}`);
          await refresh();
        },
      })), class: 'nowrap'},
    ], docs, {empty: '还没有登记规范性文件。'})));
}

// ---- yearly counts ----

export async function yearlyPage({meta, query, navigate, refresh}) {
  const year = Number(query.get('year')) || new Date().getFullYear() - 1;
  const data = await get(`/yearly/${year}`);
  const current = new Map((data.values || []).map((v) => [v.key, v.value]));
  const yearInput = h('input', {type: 'number', id: 'yearly-year', value: year, min: 2019, max: 2100});
  const chooser = h('form', {class: 'filter'}, h('label', {for: 'yearly-year'}, '年度'), yearInput,
    h('button', {type: 'submit'}, '切换'));
  chooser.addEventListener('submit', (e) => {
    e.preventDefault();
    navigate(`#/registers/yearly?year=${yearInput.value}`);
  });

  const itemFields = meta.yearly_items.map((item) => field({
    name: item.key, label: item.label, value: current.get(item.key) ?? '',
    attrs: {inputmode: item.kind === 'amount' ? 'decimal' : 'numeric'},
    check: (v) => (item.kind === 'amount' ? (/^\d+(\.\d+)?$/.test(v) ? null : '请填写非负数，如 96171.6。')
      : (/^\d+$/.test(v) ? null : '请填写非负整数。')),
  }));
  const channelFields = (data.channels || []).map((c) => field({name: `channel:${c.channel}`, label: `${c.channel} 发布信息条数`,
    value: c.count, attrs: {inputmode: 'numeric'}, check: (v) => (/^\d+$/.test(v) ? null : '请填写非负整数。')}));
  const newChannel = [
    field({name: 'new_channel', label: '新增发布渠道', placeholder: '如：微信公众号'}),
    field({name: 'new_channel_count', label: '该渠道发布信息条数', attrs: {inputmode: 'numeric'},
      check: (v, values) => (!/^\d+$/.test(v) ? '请填写非负整数。' : values.new_channel ? null : '请先填写渠道名称。')}),
  ];
  const form = makeForm({
    submitLabel: '保存本年度数据',
    fields: [...itemFields, ...channelFields, ...newChannel],
    onSubmit: async (values) => {
      const body = {values: {}, channels: {}};
      for (const item of meta.yearly_items) {
        if (values[item.key] !== undefined) body.values[item.key] = item.kind === 'amount' ? values[item.key] : Number(values[item.key]);
      }
      for (const [name, v] of Object.entries(values)) {
        if (name.startsWith('channel:')) body.channels[name.slice(8)] = Number(v);
      }
      if (values.new_channel && values.new_channel_count !== undefined) body.channels[values.new_channel] = Number(values.new_channel_count);
      await put(`/yearly/${year}`, body);
      flash(`已保存 ${year} 年度数据。`);
      await refresh();
    },
  });
  return h('div', {},
    h('h1', {}, `${year} 年度数据`), registerTabs('yearly'), chooser,
    h('p', {class: 'muted'}, '行政许可、行政处罚、行政强制的处理决定数量和行政事业性收费金额按业务系统的年度数据填写（表二）；各渠道发布信息条数供总体情况引用。未填写的项目在报告中为空白并给出警告。'),
    form,
    importBox('yearly', '年度数据', refresh),
    importBox('channels', '渠道发布数', refresh));
}

// ---- appeals ----

export async function appealsPage({meta, refresh}) {
  const data = await get('/appeals');
  const appeals = data.appeals || [];
  const form = makeForm({
    submitLabel: '登记案件',
    fields: [
      field({name: 'block', label: '类别', type: 'select', required: true, options: options(meta, 'appeal_blocks'),
        value: options(meta, 'appeal_blocks')[0]?.value}),
      field({name: 'case_no', label: '案号'}),
      field({name: 'filed_on', label: '受理日期', type: 'date', required: true}),
      field({name: 'tracking_no', label: '涉及的申请编号', help: '与某件依申请公开申请有关时填写。'}),
    ],
    onSubmit: async (values) => {
      await post('/appeals', values);
      flash('已登记复议诉讼案件。');
      await refresh();
    },
  });
  return h('div', {},
    h('h1', {}, '行政复议、行政诉讼登记簿'), registerTabs('appeals'),
    h('p', {class: 'muted'}, '年度报告表四按各案件在12月31日的状态统计。'),
    h('section', {}, h('h2', {}, '登记新案件'), form, importBox('appeals', '复议诉讼案件', refresh)),
    h('section', {}, h('h2', {}, `已登记案件（${appeals.length}）`), table([
      {title: '类别', cell: (a) => label(meta, 'appeal_blocks', a.block)},
      {title: '案号', cell: (a) => a.case_no || ''},
      {title: '受理日期', cell: (a) => dateText(a.filed_on), class: 'nowrap'},
      {title: '涉及申请', cell: (a) => (a.case_id ? h('a', {href: `#/cases/${a.case_id}`}, a.tracking_no || `#${a.case_id}`) : '')},
      {title: '结果', cell: (a) => (a.result ? `${label(meta, 'appeal_results', a.result)}（${dateText(a.concluded_on)}）` : rowAction({
        submitLabel: '审结',
        fields: [
          field({name: 'result', label: '结果', type: 'select', required: true, options: options(meta, 'appeal_results')}),
          field({name: 'date', label: '审结日期', type: 'date', required: true, value: todayIso()}),
        ],
        onSubmit: async (values) => {
          await post(`/appeals/${a.id}/conclude`, values);
          flash('已登记审结结果。');
          await refresh();
        },
      }))},
    ], appeals, {empty: '还没有登记复议诉讼案件。'})));
}

