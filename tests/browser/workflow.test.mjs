// workflow: one application followed through the browser from registration to the published numbers, on a demo
// database and a real `gongkai serve` — the clerk registers it (the ID number checked in the browser), requests
// 补正 and records the supplement, asks for an extension, the head approves it and records the answer 予以公开,
// the annual report counts it in the right cells of table 三, the supervisor sees the agency and its report, and
// a citizen submits an application on the portal and looks up its status with the query code (a wrong code shows
// nothing). Screenshots of each main page go to tests/artifacts/.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {makeDemoDb, startServer, openBrowser, screenshot, apiInPage, residentId} from './harness.mjs';
import {LOGINS, demoPassword} from './logins.mjs';

let demo;
let server;
let browser;
let page;
let url;

before(async () => {
  demo = makeDemoDb();
  server = await startServer(demo.db);
  url = server.url;
  browser = await openBrowser();
  page = browser.page;
  page.setDefaultTimeout(15_000);
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
  if (demo) fs.rmSync(demo.dir, {recursive: true, force: true});
});

async function login(role, {shot = false} = {}) {
  await page.goto(`${url}/#/login`);
  await page.waitForSelector('form.login-form');
  if (shot) await screenshot(page, '01-login');
  await page.fill('[name=username]', LOGINS[role]);
  await page.fill('[name=password]', demoPassword(demo.output));
  await page.press('[name=password]', 'Enter');
  await page.waitForSelector('#nav a');
  const me = await apiInPage(page, 'GET', '/me');
  assert.equal(me.status, 200);
  assert.equal(me.body.user.role, role);
  return me.body.user;
}

async function logout() {
  await page.click('#user-menu button');
  await page.waitForSelector('form.login-form');
}

// Opens an action's small form on the case page, fills it and sends it; waits for the page to show `waitFor`.
async function caseAction(kind, fill, waitFor) {
  const box = page.locator(`details.action[data-kind="${kind}"]`);
  if (!(await box.evaluate((el) => el.open))) await box.locator('summary').click();
  for (const [name, value] of Object.entries(fill)) {
    const control = box.locator(`[name="${name}"]`);
    if ((await control.evaluate((el) => el.tagName)) === 'SELECT') await control.selectOption(value);
    else await control.fill(String(value));
  }
  await box.locator('button[type=submit]').click();
  await page.waitForSelector(waitFor);
}

// Value of table 三's cell in the row whose label cell contains `rowLabel`, applicant column `column`, read from
// the report tables shown on the page.
async function shownCell(rowLabel, column) {
  return page.evaluate(({rowLabel, column}) => {
    for (const tr of document.querySelectorAll('.report-tables table.gongkai tr')) {
      const labels = [...tr.querySelectorAll('th')].map((th) => th.textContent.trim());
      if (!labels.some((l) => l.includes(rowLabel))) continue;
      const cells = tr.querySelectorAll('td');
      if (cells.length >= 7) return Number(cells[column].textContent.trim());
    }
    return null;
  }, {rowLabel, column});
}

const state = {};

test('the workflow from registration to the report and the portal', {timeout: 240_000}, async (t) => {
  await t.test('the clerk logs in and sees what is due', async () => {
    const user = await login('clerk', {shot: true});
    state.agencyId = user.agency_id;
    state.agencyName = user.agency_name;
    await page.waitForSelector('.dashboard .tiles');
    const tiles = await page.locator('.dashboard .tile').count();
    assert.equal(tiles, 5, 'overdue, due soon, waiting for 补正, for the fee, for a third party');
    await screenshot(page, '02-dashboard');
    const dashboard = await apiInPage(page, 'GET', '/dashboard');
    state.year = Number(dashboard.body.today.slice(0, 4));
    const meta = await apiInPage(page, 'GET', '/meta');
    state.meta = meta.body;
    const report = await apiInPage(page, 'GET', `/reports/${state.year}`);
    assert.equal(report.status, 200);
    state.column = report.body.report.applications.columns.indexOf('natural_person');
    state.before = report.body.report.applications.rows;
  });

  await t.test('the clerk registers an application; a wrong ID check digit is caught in the browser', async () => {
    await page.click('#nav a[href="#/cases/new"]');
    await page.waitForSelector('form.case-form');
    const posts = [];
    const onRequest = (req) => { if (req.method() === 'POST' && req.url().endsWith('/api/v1/cases')) posts.push(req); };
    page.on('request', onRequest);
    const good = residentId('11010519800101123');
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const started = Date.now();
    // Keyboard only: the type has the focus; Tab through the form, Ctrl+Enter sends it.
    await page.keyboard.press('Tab');
    await page.keyboard.type('陈明');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.type(bad);
    await page.fill('[name=phone]', '13800001234');
    await page.fill('[name=request_text]', '申请公开本县2025年度义务教育阶段学校招生计划及学位分配办法');
    await page.keyboard.press('Control+Enter');
    const idError = page.locator('.field[data-field="id_number"] .field-error');
    await idError.waitFor();
    assert.match(await idError.textContent(), /校验位/);
    assert.equal(posts.length, 0, 'nothing is sent while the ID number is wrong');
    await screenshot(page, '03-register-form');
    // The focus is back on the ID field: correct it and send.
    assert.equal(await page.evaluate(() => document.activeElement.name), 'id_number');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(good);
    await page.keyboard.press('Control+Enter');
    await page.waitForURL(/#\/cases\/\d+$/);
    await page.waitForSelector('.case-page .deadline');
    page.off('request', onRequest);
    assert.ok(Date.now() - started < 60_000, 'registered in under a minute');
    state.caseId = Number(/#\/cases\/(\d+)$/.exec(page.url())[1]);
    state.trackingNo = (await page.textContent('.case-page h1')).replace(/^申请\s*/, '').trim();
    assert.match(await page.textContent('.details'), new RegExp(good));
    assert.ok(await page.locator('.timeline .event-received').count());
  });

  await t.test('the clerk requests 补正 and records the supplement', async () => {
    await caseAction('correction_requested', {reason: '请写明所需信息的学段和年度'}, '.timeline .event-correction_requested');
    assert.match(await page.textContent('.deadline'), /暂停|补正/);
    await caseAction('correction_received', {}, '.timeline .event-correction_received');
    const explanation = await page.textContent('.deadline .explanation');
    assert.ok(explanation.length > 20, 'the due date comes with its explanation');
  });

  await t.test('the clerk asks for an extension: it waits for the head', async () => {
    await caseAction('extension_approved', {days: 10, reason: '需向多所学校调取资料'}, '.pending-approvals');
    assert.equal(await page.locator('.timeline .event-extension_approved').count(), 0);
    await screenshot(page, '04-case-page');
    await logout();
  });

  await t.test('the head approves the extension and records the answer 予以公开', async () => {
    await login('head');
    await page.goto(`${url}/#/approvals`);
    const row = page.locator('tr', {hasText: state.trackingNo});
    await row.waitFor();
    await screenshot(page, '05-approvals');
    await row.locator('button.primary').click();
    await page.waitForSelector('.flash');
    await page.goto(`${url}/#/cases/${state.caseId}`);
    await page.waitForSelector('.timeline .event-extension_approved');
    assert.match(await page.textContent('.deadline'), /已延期 10 个工作日/);
    await caseAction('decided', {outcome: 'disclosed'}, '.timeline .event-decided');
    const status = state.meta.case_statuses.find((s) => s.key === 'closed').label;
    assert.match(await page.textContent('.deadline'), new RegExp(status));
    await screenshot(page, '06-case-page-answered');
  });

  await t.test('the annual report counts the case in its cells of table 三', async () => {
    await page.goto(`${url}/#/reports/${state.year}`);
    await page.waitForSelector('.report-tables table.gongkai');
    await screenshot(page, '07-report');
    const report = await apiInPage(page, 'GET', `/reports/${state.year}`);
    const rows = report.body.report.applications.rows;
    const c = state.column;
    assert.equal(rows.received[c], state.before.received[c] + 1, 'received, natural person');
    assert.equal(rows.disclosed[c], state.before.disclosed[c] + 1, 'disclosed, natural person');
    assert.equal(rows.received[6], state.before.received[6] + 1, 'received, total');
    const disclosedLabel = state.meta.outcomes.find((o) => o.key === 'disclosed').label;
    assert.equal(await shownCell('本年新收', c), rows.received[c]);
    assert.equal(await shownCell(disclosedLabel, c), rows.disclosed[c]);
    // Every diagnostic is listed; every error is marked on a cell.
    const listed = await page.locator('.report-checks .diag').count();
    assert.equal(listed, report.body.diagnostics.length);
    assert.equal(report.body.errors, 0, 'a report built from records holds R1–R3 by construction');
    // The downloads answer in their formats.
    for (const [format, type] of [['html', 'text/html'], ['md', 'text/markdown'], ['csv', 'text/csv'], ['json', 'application/json']]) {
      const href = await page.getAttribute(`.downloads a[data-format="${format}"]`, 'href');
      const answer = await page.request.get(url + href);
      assert.equal(answer.status(), 200, format);
      assert.ok(answer.headers()['content-type'].startsWith(type), `${format}: ${answer.headers()['content-type']}`);
    }
    await logout();
  });

  await t.test('the supervisor sees every agency below it and each one’s report', async () => {
    await login('supervisor');
    await page.waitForSelector('.supervision table.list');
    const shown = (await apiInPage(page, 'GET', '/supervision')).body;
    assert.ok(shown.agencies.length >= 2, 'the demo county has at least two departments');
    for (const a of shown.agencies) {
      const row = page.locator('.supervision tr', {hasText: a.name});
      assert.equal(await row.count(), 1, a.name);
      assert.match(await row.textContent(), new RegExp(`${a.name}\\s*${a.open}\\s*${a.overdue}`));
    }
    await screenshot(page, '08-supervision');
    await page.locator('.supervision tr', {hasText: state.agencyName}).locator('a').first().click();
    await page.waitForSelector('.report-tables table.gongkai');
    assert.match(await page.textContent('h1'), new RegExp(state.agencyName));
    await screenshot(page, '09-supervised-report');
    // The year of the new case too: its agency's open and overdue counts as the supervisor sees them.
    await page.goto(`${url}/#/supervision?year=${state.year}`);
    await page.locator('.supervision tr', {hasText: state.agencyName}).waitFor();
    await logout();
  });

  await t.test('a citizen applies on the portal and sees the status with the query code only', async () => {
    await page.goto(`${url}/portal`);
    await page.waitForSelector('form.portal-form');
    await page.selectOption('[name=agency_id]', String(state.agencyId));
    // 法人或其他组织: the organisation's type appears and the document becomes its credit code, checked too.
    await page.check('input[name=kind][value=organisation]');
    await page.locator('.field[data-field="org_type"]').waitFor({state: 'visible'});
    assert.equal(await page.inputValue('[name=id_type]'), 'credit_code');
    await page.fill('[name=applicant_name]', '示范县某某科技有限公司');
    await page.fill('[name=id_number]', '91350100M000100Y44');
    await page.fill('[name=request_text]', '申请公开本县2025年企业技术改造补贴名单');
    await page.click('form.portal-form button[type=submit]');
    await page.locator('.field[data-field="id_number"] .field-error', {hasText: '校验位'}).waitFor();
    await page.check('input[name=kind][value=person]');
    assert.equal(await page.locator('.field[data-field="org_type"]').isVisible(), false);
    assert.equal(await page.inputValue('[name=id_type]'), 'resident_id');
    await page.fill('[name=applicant_name]', '林晓');
    await page.fill('[name=id_number]', residentId('32010219900307456'));
    await page.fill('[name=phone]', '13900002222');
    await page.fill('[name=request_text]', '申请公开本县2025年公共厕所建设项目的验收文件');
    await screenshot(page, '10-portal');
    await page.click('form.portal-form button[type=submit]');
    await page.waitForSelector('.receipt');
    const trackingNo = (await page.textContent('.receipt .tracking-no')).trim();
    const code = (await page.textContent('.receipt .query-code')).trim();
    assert.ok(trackingNo && code);
    assert.match(await page.textContent('.receipt .warning-text'), /只显示这一次/);
    await screenshot(page, '11-portal-receipt');

    await page.click('.receipt a.button');
    await page.waitForSelector('form.portal-form [name=query_code]');
    assert.equal(await page.inputValue('[name=tracking_no]'), trackingNo);
    await page.fill('[name=query_code]', code);
    await page.click('form.portal-form button[type=submit]');
    await page.waitForSelector('.status-card');
    const card = await page.textContent('.status-card');
    const open = state.meta.case_statuses.find((s) => s.key === 'open').label;
    assert.match(card, new RegExp(open));
    assert.match(card, /答复期限/);
    assert.doesNotMatch(card, /林晓|13900002222/, 'the status shows no personal data');
    await screenshot(page, '12-portal-status');

    await page.fill('[name=query_code]', 'WRONG-CODE-0000');
    await page.click('form.portal-form button[type=submit]');
    await page.waitForSelector('#status-result .error-text');
    assert.equal(await page.locator('.status-card').count(), 0, 'a wrong code shows nothing');
  });

  await t.test('no script error and no CSP refusal on any page', () => {
    assert.deepEqual(browser.problems, []);
  });

  await t.test('the server stops cleanly on SIGTERM, with no sanitizer report', async () => {
    await browser.close();
    browser = null;
    const code = await server.stop();
    const log = server.log();
    server = null;
    assert.doesNotMatch(log, /Sanitizer|runtime error:/, log);
    assert.equal(code, 0, log);
  });
});
