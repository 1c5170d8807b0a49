// forms: labelled, keyboard-friendly form fields with a place for an error beside each, and the submit loop every
// form of the staff app and the portal uses: check in the browser, send, show the server's Chinese message next
// to the field it names (or above the buttons when it names none).
import {h, replace} from './dom.js';
import {ApiError} from './api.js';

let fieldCounter = 0;

// One field. spec: {name, label, type ('text', 'date', 'number', 'textarea', 'select', 'password', …), required,
// options ([{value, label}] for select and radio), value, help, placeholder, attrs (extra input attributes),
// check (value, form data) → null | message}.
export function field(spec) {
  const id = `f-${spec.name}-${++fieldCounter}`;
  const errorId = `${id}-error`;
  const helpId = spec.help ? `${id}-help` : null;
  const common = {
    id, name: spec.name, required: !!spec.required,
    'aria-describedby': [helpId, errorId].filter(Boolean).join(' '),
    placeholder: spec.placeholder, ...(spec.attrs || {}),
  };
  let control;
  if (spec.type === 'textarea') {
    control = h('textarea', {rows: 3, ...common});
    control.value = spec.value ?? '';
  } else if (spec.type === 'select') {
    control = h('select', common,
      spec.required && spec.value === undefined ? h('option', {value: ''}, '请选择') : null,
      (spec.options || []).map((o) => h('option', {value: o.value, title: o.title}, o.label)));
    if (spec.value !== undefined) control.value = spec.value;
  } else if (spec.type === 'radio') {
    control = h('span', {class: 'radios', role: 'radiogroup', 'aria-labelledby': `${id}-label`, id},
      (spec.options || []).map((o, i) => h('label', {class: 'radio'},
        h('input', {type: 'radio', name: spec.name, value: o.value, required: !!spec.required,
          checked: spec.value === undefined ? i === 0 : spec.value === o.value}), ' ', o.label)));
  } else {
    control = h('input', {type: spec.type || 'text', value: spec.value ?? '', ...common});
  }
  const wrapper = h('div', {class: `field${spec.required ? ' required' : ''}${spec.wide ? ' wide' : ''}`,
    dataset: {field: spec.name}},
  h('label', {for: spec.type === 'radio' ? null : id, id: `${id}-label`}, spec.label),
  control,
  spec.help ? h('small', {id: helpId, class: 'help'}, spec.help) : null,
  h('span', {id: errorId, class: 'field-error', 'aria-live': 'polite'}));
  wrapper.fieldSpec = spec;
  return wrapper;
}

// The values of a form's named controls: strings trimmed, empty strings left out, number inputs as numbers.
export function formValues(form) {
  const values = {};
  for (const el of form.elements) {
    if (!el.name || el.disabled) continue;
    if ((el.type === 'radio' || el.type === 'checkbox') && !el.checked) continue;
    let v = el.value.trim();
    if (v === '') continue;
    if (el.type === 'number') v = Number(v);
    values[el.name] = v;
  }
  return values;
}

export function clearErrors(form) {
  for (const slot of form.querySelectorAll('.field-error, .form-error')) slot.textContent = '';
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
}

// Shows a message next to the field named `name` (or in the form's general error slot) and focuses the field.
export function showFieldError(form, name, message) {
  const wrapper = name ? form.querySelector(`.field[data-field="${CSS.escape(name)}"]`) : null;
  if (!wrapper) {
    const slot = form.querySelector('.form-error');
    if (slot) slot.textContent = message;
    return false;
  }
  wrapper.querySelector('.field-error').textContent = message;
  const control = wrapper.querySelector('input, select, textarea');
  if (control) control.setAttribute('aria-invalid', 'true');
  return true;
}

// Runs every field's own check (required, spec.check); shows the messages; returns true when all pass.
export function checkFields(form) {
  const values = formValues(form);
  let first = null;
  for (const wrapper of form.querySelectorAll('.field')) {
    const spec = wrapper.fieldSpec;
    if (!spec || wrapper.hidden) continue;
    const value = values[spec.name];
    let message = null;
    if (spec.required && (value === undefined || value === '')) message = `请填写${spec.label.replace(/[：:]$/, '')}。`;
    else if (value !== undefined && spec.check) message = spec.check(value, values);
    if (message) {
      showFieldError(form, spec.name, message);
      first = first || wrapper.querySelector('input, select, textarea');
    }
  }
  if (first) first.focus();
  return !first;
}

// A form with its fields, a general error slot and buttons. onSubmit(values, form) may throw an ApiError, whose
// messages are shown beside the fields they name.
export function makeForm({fields, submitLabel = '保存', onSubmit, class: cls = '', extra = null, inline = false}) {
  const button = h('button', {type: 'submit', class: 'primary'}, submitLabel);
  const form = h('form', {class: `form ${inline ? 'inline' : ''} ${cls}`, novalidate: true},
    h('div', {class: 'fields'}, fields),
    extra,
    h('div', {class: 'actions'}, button, h('span', {class: 'form-error', role: 'alert'})));
  // Ctrl+Enter (⌘+Enter) sends the form from anywhere in it, a text area included.
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    if (!checkFields(form)) return;
    button.disabled = true;
    form.setAttribute('aria-busy', 'true');
    try {
      await onSubmit(formValues(form), form);
    } catch (err) {
      reportError(form, err);
    } finally {
      button.disabled = false;
      form.removeAttribute('aria-busy');
    }
  });
  return form;
}

// Puts an error next to its field(s), or in the general slot.
export function reportError(form, err) {
  if (!(err instanceof ApiError)) {
    console.error(err);
    showFieldError(form, null, '页面出错，请刷新后重试。');
    return;
  }
  let placed = false;
  for (const f of err.fields) placed = showFieldError(form, f.field, f.message || err.message) || placed;
  if (!placed) showFieldError(form, null, err.message);
}

// A block that shows an error message in place of content that failed to load.
export function errorBlock(err) {
  return h('p', {class: 'load-error', role: 'alert'}, err instanceof ApiError ? err.message : '加载失败，请刷新重试。');
}

export function setBusy(el, busy) {
  if (busy) replace(el, h('p', {class: 'loading'}, '正在加载…'));
}
