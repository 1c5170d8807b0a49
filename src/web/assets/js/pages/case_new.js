// case_new: register an application (登记申请) in under a minute. The applicant type decides the column of table
// 三 and is fixed once registered; the receipt channel decides the day of receipt (条例 Art. 31, its rule shown
// under the field); a resident ID number or credit code is checked (length, birth date, check character) and the
// required fields filled before anything is sent (POST /api/v1/cases; the server checks it all again).
import {h, todayIso, flash} from '../dom.js';
import {post} from '../api.js';
import {field, makeForm, showFieldError} from '../forms.js';
import {options} from '../meta.js';
import {checkIdNumber, idTypeOptions, isPersonType, syncIdTypes} from '../id_checks.js';

export async function caseNewPage({meta, navigate}) {
  const typeOptions = options(meta, 'applicant_types');
  const channelOptions = options(meta, 'channels');
  const orgOnly = [
    field({name: 'legal_representative', label: '法定代表人'}),
    field({name: 'contact_name', label: '联系人'}),
  ];

  const form = makeForm({
    class: 'case-form',
    submitLabel: '登记（Ctrl+Enter）',
    fields: [
      field({name: 'applicant_type', label: '申请人类型', type: 'select', required: true, options: typeOptions,
        value: typeOptions[0]?.value, attrs: {autofocus: true}}),
      field({name: 'applicant_name', label: '申请人姓名/名称', required: true, attrs: {autocomplete: 'off'}}),
      field({name: 'id_type', label: '证件类型', type: 'select', required: true,
        options: idTypeOptions(meta, true)}),
      field({name: 'id_number', label: '证件号码', required: true,
        attrs: {autocomplete: 'off', spellcheck: 'false', maxlength: 40},
        check: (v, values) => checkIdNumber(values.id_type, v.toUpperCase())}),
      ...orgOnly,
      field({name: 'phone', label: '联系电话', type: 'tel', attrs: {autocomplete: 'off'},
        check: (v) => (/^[0-9+\-() ]{5,20}$/.test(v) ? null : '联系电话只能包含数字、空格和 + - ( )。')}),
      field({name: 'email', label: '电子邮箱', type: 'email', attrs: {autocomplete: 'off'},
        check: (v) => (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v) ? null : '电子邮箱格式不正确。')}),
      field({name: 'address', label: '通信地址', wide: true}),
      field({name: 'channel', label: '提交方式', type: 'select', required: true, options: channelOptions,
        value: channelOptions[0]?.value, help: ' '}),
      field({name: 'received_on', label: '收到日期', type: 'date', required: true, value: todayIso(),
        check: (v) => (v > todayIso() ? '收到日期不能晚于今天。' : null)}),
      field({name: 'request_text', label: '所需政府信息的名称、文号或描述', type: 'textarea', required: true, wide: true}),
      field({name: 'form_wanted', label: '获取信息的方式', placeholder: '如：纸质、电子邮件、邮寄',
        attrs: {list: 'form-wanted-choices'}}),
      h('datalist', {id: 'form-wanted-choices'},
        ['纸质', '电子邮件', '邮寄', '当面领取', '光盘'].map((v) => h('option', {value: v}))),
    ],
    onSubmit: async (values, formEl) => {
      if (!values.phone && !values.address && !values.email) {
        showFieldError(formEl, 'phone', '请至少填写联系电话、电子邮箱或通信地址中的一项（条例第二十九条）。');
        formEl.querySelector('[name="phone"]').focus();
        return;
      }
      values.id_number = values.id_number.toUpperCase();
      const created = await post('/cases', values);
      flash(`已登记：编号 ${created.tracking_no}${created.deadline?.due ? `，答复期限 ${created.deadline.due}` : ''}。`);
      navigate(`#/cases/${created.id}`);
    },
  });

  // The document types, the organisation's fields and the receipt rule follow the chosen type and channel.
  const typeSelect = form.querySelector('[name="applicant_type"]');
  const idTypeSelect = form.querySelector('[name="id_type"]');
  const channelSelect = form.querySelector('[name="channel"]');
  const channelHelp = form.querySelector('.field[data-field="channel"] .help');
  const updateHints = () => {
    const person = isPersonType(meta, typeSelect.value);
    syncIdTypes(meta, typeSelect.value, idTypeSelect);
    for (const f of orgOnly) {
      f.hidden = person;
      f.querySelector('input').disabled = person;
    }
    const channel = meta.channelsByKey.get(channelSelect.value);
    channelHelp.textContent = channel?.receipt_rule ? `收到日期的确定：${channel.receipt_rule}` : '';
  };
  typeSelect.addEventListener('change', updateHints);
  channelSelect.addEventListener('change', updateHints);
  updateHints();

  return h('div', {},
    h('h1', {}, '登记依申请公开申请'),
    h('p', {class: 'muted'}, '带 * 的为必填项；联系电话、电子邮箱、通信地址至少填一项。收到申请当日不计入期限，答复期限为收到后20个工作日。'),
    form);
}
