// meta: the vocabulary of the case register as the server states it (GET /api/v1/meta): outcomes (the result rows
// of table 三 with their group and legal basis), applicant types, receipt channels, event kinds, roles, the
// registers' items and the appeal blocks. Labels live in the server's format tables; the browser never keeps a
// copy of them, it asks once per page load and looks them up here.
import {get} from './api.js';

let loaded = null;

export function loadMeta() {
  if (!loaded) loaded = get('/meta').then(index).catch((err) => { loaded = null; throw err; });
  return loaded;
}

function byKey(list) {
  const map = new Map();
  for (const item of list || []) map.set(item.key, item);
  return map;
}

function index(meta) {
  const lists = ['outcomes', 'applicant_types', 'id_types', 'channels', 'event_kinds', 'roles', 'document_items',
    'yearly_items', 'appeal_blocks', 'appeal_results', 'case_statuses'];
  const m = {raw: meta};
  for (const name of lists) {
    m[name] = meta[name] || [];
    m[`${name}ByKey`] = byKey(m[name]);
  }
  return m;
}

// The label of a key in one of the lists, or the key itself when the server did not name it.
export function label(meta, list, key) {
  if (key === null || key === undefined || key === '') return '';
  return meta?.[`${list}ByKey`]?.get(key)?.label ?? String(key);
}

// Options for a <select> from a list: [{value: key, label}].
export function options(meta, list, filter = () => true) {
  return (meta[list] || []).filter(filter).map((item) => ({value: item.key, label: item.label, title: item.basis}));
}

// An outcome with its group, as table 三 reads: "（三）不予公开 6.属于四类过程性信息".
export function outcomeLabel(meta, key) {
  const o = meta?.outcomesByKey?.get(key);
  if (!o) return key ? String(key) : '';
  return o.group ? `${o.group} ${o.label}` : o.label;
}

// Outcome options in table order, each labelled with its group.
export function outcomeOptions(meta, filter = () => true) {
  return meta.outcomes.filter(filter).map((o) => ({value: o.key, label: outcomeLabel(meta, o.key), title: o.basis}));
}
