// id_checks: which browser-side check applies to an identity document of a given type (meta.id_types: resident
// ID numbers and unified social credit codes are checked; other documents are taken as typed), shared by the
// staff registration form and the public portal.
import {checkResidentId, checkCreditCode} from './idnumber.js';

const CHECKS = {resident_id: checkResidentId, credit_code: checkCreditCode};

export function checkIdNumber(idType, value) {
  const check = CHECKS[idType];
  return check ? check(value) : null;
}

// The id_types for an applicant who is (or is not) a natural person, as <select> options.
export function idTypeOptions(meta, person) {
  return (meta.id_types || []).filter((t) => !!t.person === !!person).map((t) => ({value: t.key, label: t.label}));
}

export function isPersonType(meta, applicantType) {
  return !!meta.applicant_types.find((t) => t.key === applicantType)?.person;
}

// Keeps an id_type <select> in step with the applicant type: only the documents of a person or of an
// organisation, the first one chosen when the current one does not fit.
export function syncIdTypes(meta, applicantType, select) {
  const wanted = idTypeOptions(meta, isPersonType(meta, applicantType));
  const current = select.value;
  select.replaceChildren(...wanted.map((o) => new Option(o.label, o.value)));
  select.value = wanted.some((o) => o.value === current) ? current : wanted[0]?.value ?? '';
}
