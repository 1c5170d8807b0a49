// portal: the public portal for citizens and organisations — submit an application (个人 or 法人/其他组织) and
// receive a tracking number with a secret query code (shown once); look up the status and due date with both
// (nothing else is shown, and a wrong pair shows nothing); read the agencies' published annual reports. Uses
// only the public API (/api/v1/public/…), no session.
import {h, replace, dateText} from './dom.js';
import {get, post, qs, ApiError} from './api.js';
import {field, makeForm, errorBlock} from './forms.js';
import {checkIdNumber, syncIdTypes} from './id_checks.js';
import {reportFromHtml} from './report_view.js';
import {label} from './meta.js';

const view = () => document.getElementById('view');
let metaPromise = null;

// The public vocabulary (applicant types, document types, status labels) indexed like the staff app's meta.
function publicMeta() {
  if (!metaPromise) {
    metaPromise = get('/public/meta').then((m) => ({
      ...m,
      applicant_types: m.applicant_types || [],
      case_statusesByKey: new Map((m.case_statuses || []).map((s) => [s.key, s])),
    })).catch((err) => { metaPromise = null; throw err; });
  }
  return metaPromise;
}

async function agencies() {
  return (await get('/public/agencies')).agencies || [];
}

// ---- submit an application ----

async function applyPage() {
  const [list, meta] = await Promise.all([agencies(), publicMeta()]);
  const personType = meta.applicant_types.find((t) => t.person);
  const orgTypes = meta.applicant_types.filter((t) => !t.person);
  const chosenType = (values) => (values.kind === 'organisation' ? values.org_type : personType?.key);

  const orgOnly = [
    field({name: 'org_type', label: '组织类型', type: 'select', required: true,
      options: orgTypes.map((t) => ({value: t.key, label: t.label}))}),
    field({name: 'legal_representative', label: '法定代表人'}),
    field({name: 'contact_name', label: '联系人'}),
  ];
  const form = makeForm({
    class: 'portal-form',
    submitLabel: '提交申请',
    fields: [
      field({name: 'agency_id', label: '受理机关', type: 'select', required: true, wide: true,
        options: list.map((a) => ({value: String(a.id), label: a.name})),
        value: list.length === 1 ? String(list[0].id) : undefined}),
      field({name: 'kind', label: '申请人', type: 'radio', required: true, wide: true,
        options: [{value: 'person', label: '个人（自然人）'}, {value: 'organisation', label: '法人或其他组织'}]}),
      field({name: 'applicant_name', label: '姓名/名称', required: true, attrs: {autocomplete: 'name'}}),
      field({name: 'id_type', label: '证件类型', type: 'select', required: true, options: []}),
      field({name: 'id_number', label: '证件号码', required: true,
        attrs: {autocomplete: 'off', spellcheck: 'false', maxlength: 40},
        check: (v, values) => checkIdNumber(values.id_type, v.toUpperCase())}),
      ...orgOnly,
      field({name: 'phone', label: '联系电话', type: 'tel', attrs: {autocomplete: 'tel'},
        check: (v) => (/^[0-9+\-() ]{5,20}$/.test(v) ? null : '联系电话只能包含数字、空格和 + - ( )。')}),
      field({name: 'email', label: '电子邮箱', type: 'email', attrs: {autocomplete: 'email'},
        check: (v) => (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v) ? null : '电子邮箱格式不正确。')}),
      field({name: 'address', label: '通信地址', wide: true, attrs: {autocomplete: 'street-address'}}),
      field({name: 'request_text', label: '所需政府信息的名称、文号或便于查询的其他特征性描述', type: 'textarea',
        required: true, wide: true}),
      field({name: 'form_wanted', label: '获取信息的方式', placeholder: '如：电子邮件、邮寄纸质件'}),
    ],
    onSubmit: async (values, formEl) => {
      if (!values.phone && !values.email && !values.address) {
        formEl.querySelector('.field[data-field="phone"] .field-error').textContent =
          '请至少填写联系电话、电子邮箱或通信地址中的一项，以便送达答复。';
        formEl.querySelector('[name="phone"]').focus();
        return;
      }
      const {kind, org_type: orgType, ...body} = values;
      body.agency_id = Number(values.agency_id);
      body.applicant_type = chosenType({kind, org_type: orgType});
      body.id_number = values.id_number.toUpperCase();
      const answer = await post('/public/applications', body);
      replace(view(), receipt(answer));
      view().querySelector('h1').focus();
    },
  });
  // The organisation's fields and the document types follow the 个人/法人 choice.
  const sync = () => {
    const org = form.querySelector('input[name="kind"]:checked')?.value === 'organisation';
    for (const f of orgOnly) {
      f.hidden = !org;
      for (const c of f.querySelectorAll('input, select')) c.disabled = !org;
    }
    const type = org ? orgTypes[0]?.key : personType?.key;
    syncIdTypes(meta, type, form.querySelector('[name="id_type"]'));
  };
  for (const radio of form.querySelectorAll('input[name="kind"]')) radio.addEventListener('change', sync);
  sync();
  return h('section', {},
    h('h1', {}, '提交政府信息公开申请'),
    h('p', {class: 'muted'}, '带 * 的为必填项；联系电话、电子邮箱、通信地址至少填一项。提交后您将获得申请编号和查询码，凭二者查询办理进度。'),
    form);
}

function receipt(answer) {
  return h('section', {class: 'receipt'},
    h('h1', {tabindex: '-1'}, '申请已提交'),
    h('dl', {class: 'details big'},
      h('dt', {}, '申请编号'), h('dd', {class: 'tracking-no'}, answer.tracking_no),
      h('dt', {}, '查询码'), h('dd', {class: 'query-code'}, answer.query_code)),
    h('p', {class: 'warning-text', role: 'alert'},
      '请立即抄录或截图保存申请编号和查询码。查询码只显示这一次，工作人员也无法为您找回；凭编号和查询码才能查询办理进度。'),
    h('p', {}, '机关收到申请的日期按《政府信息公开条例》第三十一条确定；答复期限为收到申请之日起20个工作日（不含收到当日）。'),
    h('p', {}, h('a', {href: `#status?tracking_no=${encodeURIComponent(answer.tracking_no)}`, class: 'button primary'}, '查询办理进度')));
}

// ---- status lookup ----

function statusPage(params) {
  const result = h('div', {id: 'status-result', 'aria-live': 'polite'});
  const form = makeForm({
    class: 'portal-form',
    submitLabel: '查询',
    fields: [
      field({name: 'tracking_no', label: '申请编号', required: true, value: params.get('tracking_no') || '',
        attrs: {autocomplete: 'off', spellcheck: 'false', autofocus: !params.get('tracking_no')}}),
      field({name: 'query_code', label: '查询码', required: true,
        attrs: {autocomplete: 'off', spellcheck: 'false', autofocus: !!params.get('tracking_no')}}),
    ],
    onSubmit: async (values) => {
      result.replaceChildren();
      try {
        const [s, meta] = await Promise.all([get(`/public/status${qs(values)}`), publicMeta()]);
        replace(result, statusCard(meta, values.tracking_no, s));
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) {
          replace(result, h('p', {class: 'error-text', role: 'alert'}, '查询不到：申请编号或查询码不正确。'));
          return;
        }
        throw err;
      }
    },
  });
  return h('section', {},
    h('h1', {}, '查询办理进度'),
    h('p', {class: 'muted'}, '请输入提交申请时获得的申请编号和查询码。'),
    form, result);
}

function statusCard(meta, trackingNo, s) {
  return h('div', {class: 'status-card'},
    h('dl', {class: 'details'},
      h('dt', {}, '申请编号'), h('dd', {}, trackingNo),
      h('dt', {}, '办理状态'), h('dd', {class: 'status-text'}, label(meta, 'case_statuses', s.status)),
      s.received_on ? [h('dt', {}, '收到日期'), h('dd', {}, dateText(s.received_on))] : null,
      s.due ? [h('dt', {}, s.status === 'closed' ? '答复期限（已办结）' : '答复期限'),
        h('dd', {class: 'due'}, dateText(s.due), s.provisional ? '（暂定：涉及尚未公布放假安排的年份）' : '')] : null));
}

// ---- published annual reports ----

async function reportsPage(params) {
  const list = await agencies();
  const agency = params.get('agency') || '';
  const year = params.get('year');
  const chooser = h('select', {id: 'reports-agency'},
    h('option', {value: ''}, '全部机关'), list.map((a) => h('option', {value: String(a.id)}, a.name)));
  chooser.value = agency;
  chooser.addEventListener('change', () => { location.hash = `#reports${qs({agency: chooser.value})}`; });
  const data = await get(`/public/reports${qs({agency})}`);
  const reports = data.reports || [];
  const section = h('section', {},
    h('h1', {}, '政府信息公开工作年度报告'),
    h('p', {class: 'filter'}, h('label', {for: 'reports-agency'}, '机关'), chooser),
    reports.length
      ? h('ul', {class: 'report-list'}, reports.map((r) => h('li', {},
        h('a', {href: `#reports${qs({agency: agency || r.agency_id, year: r.year, of: r.agency_id})}`,
          'aria-current': String(r.year) === year && String(r.agency_id) === (params.get('of') || agency) ? 'page' : null},
        `${r.agency} ${r.year} 年度报告`), r.published_at ? h('small', {class: 'muted'}, ` 发布于 ${r.published_at}`) : null)))
      : h('p', {class: 'empty'}, '尚未发布年度报告。'));
  const of = params.get('of') || agency;
  if (year && of) {
    const html = await get(`/public/reports/${of}/${year}?format=html`);
    section.append(reportFromHtml(typeof html === 'string' ? html : ''));
  }
  return section;
}

// ---- routing between the three parts ----

const PAGES = {apply: applyPage, status: statusPage, reports: reportsPage};

async function route() {
  const [name, search = ''] = location.hash.replace(/^#/, '').split('?');
  const page = PAGES[name] || applyPage;
  const params = new URLSearchParams(search);
  for (const a of document.querySelectorAll('#portal-nav a')) {
    if (a.getAttribute('href') === `#${name || 'apply'}`) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  let node;
  try {
    node = await page(params);
  } catch (err) {
    node = errorBlock(err);
  }
  replace(view(), node);
  const heading = view().querySelector('h1');
  document.title = `${heading ? heading.textContent : ''} · 政府信息公开申请平台`;
  const autofocus = view().querySelector('[autofocus]');
  if (autofocus) autofocus.focus();
}

window.addEventListener('hashchange', route);
route();
