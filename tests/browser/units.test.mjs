// units: the browser modules on their own, without a server — the ID number and credit code checks (in node),
// and, in chromium with the assets served from src/web/assets by request interception under the server's CSP,
// the report embedding that must let no script, handler, style or link of a report page through, and the forms
// that put each API error next to its field.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {repoRoot, openBrowser, residentId} from './harness.mjs';
import {checkResidentId, checkCreditCode, residentIdCheckChar} from '../../src/web/assets/js/idnumber.js';

const ASSETS = path.join(repoRoot, 'src', 'web', 'assets');
const ORIGIN = 'http://gongkai.test';
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; " +
  "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

test('resident ID numbers: GB 11643 check character, birth date, length', () => {
  assert.equal(residentIdCheckChar('11010519491231002'), 'X');
  assert.equal(checkResidentId('11010519491231002X'), null);
  assert.equal(checkResidentId('11010519491231002x'), null, 'a lower-case x is the same number');
  assert.match(checkResidentId('110105194912310021'), /最后一位应为X/);
  assert.match(checkResidentId('11010519491331002X'), /出生日期/);
  assert.match(checkResidentId('11010519490229002X'), /出生日期/, '1949 was not a leap year');
  assert.match(checkResidentId('1101051949123100'), /18位/);
  assert.match(checkResidentId('1101051949123100AX'), /数字/);
  for (const first17 of ['44030419850412301', '32010219900307456', '65010219771231000']) {
    assert.equal(checkResidentId(residentId(first17)), null, first17);
  }
});

test('unified social credit codes: GB 32100 check character and alphabet', () => {
  assert.equal(checkCreditCode('91350100M000100Y43'), null);
  assert.match(checkCreditCode('91350100M000100Y44'), /最后一位应为3/);
  assert.match(checkCreditCode('91350100M00010OY43'), /第15位“O”/);
  assert.match(checkCreditCode('91350100M000100Y4'), /18位/);
});

let browser;

before(async () => {
  browser = await openBrowser();
  await browser.context.route(`${ORIGIN}/**`, (route) => {
    const url = new URL(route.request().url());
    const headers = {'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff'};
    if (url.pathname === '/') {
      return route.fulfill({status: 200, headers, contentType: 'text/html; charset=utf-8',
        body: '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>t</title></head><body><main id="view"></main></body></html>'});
    }
    const file = path.join(ASSETS, url.pathname.replace(/^\/static\//, ''));
    if (!url.pathname.startsWith('/static/') || !file.startsWith(ASSETS) || !fs.existsSync(file)) {
      return route.fulfill({status: 404, headers, body: 'not found'});
    }
    const type = file.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8';
    return route.fulfill({status: 200, headers, contentType: type, body: fs.readFileSync(file)});
  });
  await browser.page.goto(`${ORIGIN}/`);
});

after(async () => {
  if (browser) await browser.close();
});

test('a report page is embedded with nothing that could run, restyle or navigate', async () => {
  const hostile = `<!DOCTYPE html><html><head><style>body{display:none}</style><script>window.pwned=1</script></head>
<body><div class="gongkai-report" onclick="window.pwned=2"><h1>报告<img src=x onerror="window.pwned=3"></h1>
<p style="color:red">正文<a href="javascript:window.pwned=4">链接</a></p>
<table class="gongkai evil" data-table="3"><tbody><tr><th class="label" scope="row">一、本年新收</th>
<td class="error" title="表三 第1列：第一项+第二项=12，第三项+第四项=11" onmouseover="window.pwned=5">12</td>
<td rowspan="2;x" colspan="3">7</td></tr></tbody></table>
<iframe src="https://example.invalid/"></iframe><svg><script>window.pwned=6</script></svg>
<form action="https://example.invalid/"><input name="q"></form></div></body></html>`;
  const result = await browser.page.evaluate(async (html) => {
    const {reportFromHtml, diagnosticsList} = await import('/static/js/report_view.js');
    const node = reportFromHtml(html);
    document.getElementById('view').append(node);
    const list = diagnosticsList([{rule: 'R1', severity: 'error', message: '表三 第1列：第一项+第二项=12，第三项+第四项=11',
      expected: 11, actual: 12}], node);
    document.getElementById('view').append(list);
    list.querySelector('li').click();
    const all = [...node.querySelectorAll('*')];
    return {
      pwned: window.pwned ?? null,
      tags: [...new Set(all.map((el) => el.localName))].sort(),
      attributes: [...new Set(all.flatMap((el) => [...el.attributes].map((a) => a.name)))].sort(),
      classes: [...new Set(all.flatMap((el) => [...el.classList]))].sort(),
      text: node.textContent.replace(/\s+/g, ''),
      errorCell: node.querySelector('td.error')?.textContent,
      focused: node.querySelector('.focused')?.textContent,
      badSpan: node.querySelector('td[rowspan]') !== null,
      listText: list.textContent,
    };
  }, hostile);
  assert.equal(result.pwned, null, 'no script or handler ran');
  // Chromium checks the hostile attributes against the page's CSP while parsing, even inert: every complaint is a
  // refusal (a second wall behind the allow-list), and no script error happened.
  const refusals = browser.problems.splice(0);
  for (const p of refusals) assert.match(p, /^console: .*Content Security Policy.*has been blocked/, p);
  assert.deepEqual(result.tags, ['h1', 'p', 'table', 'tbody', 'td', 'th', 'tr']);
  for (const a of result.attributes) assert.ok(['class', 'colspan', 'data-table', 'rowspan', 'scope', 'title'].includes(a), a);
  assert.deepEqual(result.classes, ['error', 'focused', 'gongkai', 'label'], 'only the allowed classes (and the highlight)');
  assert.equal(result.errorCell, '12');
  assert.equal(result.focused, '12', 'choosing a diagnostic shows its cell');
  assert.equal(result.badSpan, false, 'a malformed rowspan is dropped');
  assert.match(result.text, /报告正文链接一、本年新收127/);
  assert.match(result.listText, /1 个错误/);
});

test('a form shows the API error next to the field it names, or above the buttons', async () => {
  const result = await browser.page.evaluate(async () => {
    const {field, makeForm} = await import('/static/js/forms.js');
    const {ApiError} = await import('/static/js/api.js');
    let calls = 0;
    const form = makeForm({
      fields: [field({name: 'applicant_name', label: '姓名', required: true}),
        field({name: 'id_number', label: '证件号码', required: true})],
      onSubmit: async () => {
        calls++;
        if (calls === 1) throw new ApiError(422, '身份证号码校验位不符。', 'invalid', [{field: 'id_number', message: '身份证号码校验位不符。'}]);
        throw new ApiError(409, '编号已存在。', 'conflict');
      },
    });
    document.getElementById('view').replaceChildren(form);
    const send = async () => { form.requestSubmit(); await new Promise((r) => setTimeout(r, 50)); };
    const errorOf = (name) => form.querySelector(`.field[data-field="${name}"] .field-error`).textContent;
    await send();
    const missing = {name: errorOf('applicant_name'), id: errorOf('id_number'), calls, focused: document.activeElement.name};
    form.querySelector('[name=applicant_name]').value = '张三';
    form.querySelector('[name=id_number]').value = '110105194912310021';
    await send();
    const fieldError = {id: errorOf('id_number'), invalid: form.querySelector('[name=id_number]').getAttribute('aria-invalid'), calls};
    await send();
    const general = {id: errorOf('id_number'), form: form.querySelector('.form-error').textContent, calls};
    return {missing, fieldError, general};
  });
  assert.deepEqual(result.missing, {name: '请填写姓名。', id: '请填写证件号码。', calls: 0, focused: 'applicant_name'});
  assert.deepEqual(result.fieldError, {id: '身份证号码校验位不符。', invalid: 'true', calls: 1});
  assert.deepEqual(result.general, {id: '', form: '编号已存在。', calls: 2});
});

test('no script error and no CSP refusal in the unit pages', () => {
  assert.deepEqual(browser.problems, []);
});
