// idnumber: checks of the identity documents an application names — the 18-digit resident identity card number
// (GB 11643-1999: region, birth date, sequence, ISO 7064 MOD 11-2 check character) and the 18-character unified
// social credit code of an organisation (GB 32100-2015, MOD 31 check character). Each check returns null when
// the number is valid, else a Chinese message saying what is wrong.

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = '10X98765432';

// The check character the first 17 digits call for.
export function residentIdCheckChar(first17) {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK_CHARS[sum % 11];
}

export function checkResidentId(value) {
  const id = String(value || '').trim().toUpperCase();
  if (id.length !== 18) return `身份证号码应为18位，现为${id.length}位。`;
  if (!/^\d{17}[\dX]$/.test(id)) return '身份证号码前17位应为数字，最后一位为数字或X。';
  const year = Number(id.slice(6, 10)), month = Number(id.slice(10, 12)), day = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || birth.getUTCMonth() !== month - 1 || birth.getUTCDate() !== day || birth > new Date()) {
    return `身份证号码中的出生日期（第7–14位：${id.slice(6, 14)}）不是有效日期。`;
  }
  const expected = residentIdCheckChar(id);
  if (id[17] !== expected) return `身份证号码校验位不符：最后一位应为${expected}，请核对号码。`;
  return null;
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function checkCreditCode(value) {
  const code = String(value || '').trim().toUpperCase();
  if (code.length !== 18) return `统一社会信用代码应为18位，现为${code.length}位。`;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARS.indexOf(code[i]);
    if (v < 0) return `统一社会信用代码第${i + 1}位“${code[i]}”不是有效字符（不用I、O、Z、S、V）。`;
    sum += v * USCC_WEIGHTS[i];
  }
  const expected = USCC_CHARS[(31 - (sum % 31)) % 31];
  if (code[17] !== expected) return `统一社会信用代码校验位不符：最后一位应为${expected}，请核对。`;
  return null;
}
