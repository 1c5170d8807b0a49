// registers: the rest of the staff workspace in the browser, on a demo database and a real `gongkai serve` — the
// head keeps the registers (a normative document issued and repealed, the year's counts with a wrong value caught
// beside its field, a reconsideration case filed and concluded), locks and publishes the annual report, which
// the portal then lists and shows; the admin adds and disables a user and adds an agency holiday; the auditor
// reads the audit log of all that. Screenshots go to tests/artifacts/.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {makeDemoDb, startServer, openBrowser, screenshot, apiInPage} from './harness.mjs';
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
  // Lock, publish and disable ask for confirmation.
  page.on('dialog', (dialog) => dialog.accept());
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
  if (demo) fs.rmSync(demo.dir, {recursive: true, force: true});
});

async function login(role) {
  await page.goto(`${url}/#/login`);
  await page.waitForSelector('form.login-form');
  await page.fill('[name=username]', LOGINS[role]);
  await page.fill('[name=password]', demoPassword(demo.output));
  await page.press('[name=password]', 'Enter');
  await page.waitForSelector('#nav a');
  return (await apiInPage(page, 'GET', '/me')).body.user;
}

async function logout() {
  await page.click('#user-menu button');
  await page.waitForSelector('form.login-form');
}

// Sends the page's first form (its own button) and waits for the notice.
async function submitFirstForm() {
  await page.locator('form.form').first().locator('button[type=submit]').click();
  await page.waitForSelector('.flash');
}

const state = {};

test('registers, the report lock and publication, administration and audit', {timeout: 240_000}, async (t) => {
  await t.test('the head registers a normative document and repeals it', async () => {
    const user = await login('head');
    state.agencyId = user.agency_id;
    state.year = Number((await apiInPage(page, 'GET', '/dashboard')).body.today.slice(0, 4));
    await page.click('#nav a[href="#/registers/documents"]');
    await page.waitForSelector('form.form [name=title]');
    await page.selectOption('[name=item]', 'normative_documents');
    await page.fill('[name=title]', '示范县教育局关于规范课后服务收费的通知');
    await page.fill('[name=doc_no]', `示教规〔${state.year}〕7号`);
    await page.fill('[name=issued_on]', `${state.year}-01-15`);
    await submitFirstForm();
    const row = page.locator('table.list tr', {hasText: '规范课后服务收费'});
    await row.waitFor();
    await row.locator('details.row-action summary').click();
    await row.locator('[name=date]').fill(`${state.year}-02-01`);
    await row.locator('button[type=submit]').click();
    await page.locator('table.list tr', {hasText: `${state.year}年2月1日`}).waitFor();
    await screenshot(page, '13-documents');
  });

  await t.test('a CSV import writes every row or none, naming the bad line', async () => {
    const header = 'item,title,doc_no,issued_on,repealed_on';
    const upload = async (lines) => {
      const box = page.locator('details.import-box');
      if (!(await box.evaluate((el) => el.open))) await box.locator('summary').click();
      await page.setInputFiles('details.import-box input[type=file]',
        {name: 'documents.csv', mimeType: 'text/csv', buffer: Buffer.from(`${[header, ...lines].join('\n')}\n`)});
      await page.locator('details.import-box button').click();
    };
    const good = `normative_documents,示范县教育局校车安全管理办法,示教规〔${state.year}〕2号,${state.year}-04-01,`;
    await upload([good, `normative_documents,日期写错的文件,,${state.year}-13-45,`]);
    const error = page.locator('.import-error');
    await error.filter({hasText: /第\s*3\s*行/}).waitFor();
    assert.equal(await page.locator('table.list tr', {hasText: '校车安全管理办法'}).count(), 0, 'nothing written');
    await upload([good]);
    await page.locator('table.list tr', {hasText: '校车安全管理办法'}).waitFor();
    assert.match(await page.textContent('.flash'), /已导入 1 条/);
  });

  await t.test('the head enters the year’s counts; a wrong value is refused beside its field', async () => {
    await page.goto(`${url}/#/registers/yearly?year=${state.year}`);
    await page.waitForSelector('form.form button[type=submit]');
    const meta = (await apiInPage(page, 'GET', '/meta')).body;
    const count = meta.yearly_items.find((i) => i.kind === 'count');
    const amount = meta.yearly_items.find((i) => i.kind === 'amount');
    await page.fill(`[name="${count.key}"]`, '十二');
    await page.locator('form.form button[type=submit]').click();
    const error = page.locator(`.field[data-field="${count.key}"] .field-error`);
    await error.waitFor();
    assert.match(await error.textContent(), /非负整数/);
    for (const item of meta.yearly_items) {
      await page.fill(`[name="${item.key}"]`, item.kind === 'amount' ? '3.5' : '12');
    }
    await page.fill('[name=new_channel]', '微信公众号');
    await page.fill('[name=new_channel_count]', '86');
    await submitFirstForm();
    const saved = (await apiInPage(page, 'GET', `/yearly/${state.year}`)).body;
    assert.equal(saved.values.find((v) => v.key === count.key).value, 12);
    assert.equal(Number(saved.values.find((v) => v.key === amount.key).value), 3.5);
    assert.equal(saved.channels.find((c) => c.channel === '微信公众号').count, 86);
    await page.waitForSelector('[name="channel:微信公众号"]');
    await screenshot(page, '14-yearly');
  });

  await t.test('the head files a reconsideration case and records its result', async () => {
    await page.click('#nav a[href="#/registers/appeals"]');
    await page.waitForSelector('form.form [name=filed_on]');
    await page.selectOption('[name=block]', 'reconsideration');
    await page.fill('[name=case_no]', `示复〔${state.year}〕12号`);
    await page.fill('[name=filed_on]', `${state.year}-03-02`);
    await submitFirstForm();
    const row = page.locator('table.list tr', {hasText: `示复〔${state.year}〕12号`});
    await row.waitFor();
    await row.locator('details.row-action summary').click();
    await row.locator('[name=result]').selectOption('upheld');
    await row.locator('[name=date]').fill(`${state.year}-05-06`);
    await row.locator('button[type=submit]').click();
    const meta = (await apiInPage(page, 'GET', '/meta')).body;
    const upheld = meta.appeal_results.find((r) => r.key === 'upheld').label;
    await page.locator('table.list tr', {hasText: `示复〔${state.year}〕12号`}).filter({hasText: upheld}).waitFor();
    await screenshot(page, '15-appeals');
  });

  await t.test('the head locks and publishes the annual report; the portal shows it', async () => {
    await page.goto(`${url}/#/reports/${state.year}`);
    await page.waitForSelector('.report-tables table.gongkai');
    const before = (await apiInPage(page, 'GET', `/reports/${state.year}`)).body;
    assert.equal(before.errors, 0);
    assert.equal(before.report.proactive.normative_documents.repealed >= 1, true, 'the repeal is counted');
    if (!before.state.locked_revision) {
      await page.click('.report-actions button:has-text("锁定报告")');
      await page.waitForSelector('.report-actions button:has-text("发布报告")');
    }
    await page.click('.report-actions button:has-text("发布报告")');
    await page.waitForSelector('.flash');
    const after = (await apiInPage(page, 'GET', `/reports/${state.year}`)).body;
    assert.ok(after.state.published_revision >= 1);
    assert.match(await page.textContent('.report-state'), /已发布/);
    await screenshot(page, '16-report-published');

    await page.goto(`${url}/portal#reports?agency=${state.agencyId}`);
    const link = page.locator('.report-list a', {hasText: `${state.year} 年度报告`});
    await link.click();
    await page.waitForSelector('.gongkai-report table.gongkai');
    assert.match(await page.textContent('.gongkai-report'), new RegExp(String(state.year)));
    await screenshot(page, '17-portal-report');
    await page.goto(`${url}/#/`);
    await page.waitForSelector('#nav a');
    await logout();
  });

  await t.test('the admin adds a user, disables it and adds an agency holiday', async () => {
    await login('admin');
    await page.waitForSelector('form.form [name=username]');
    await page.fill('[name=username]', 'zhou.clerk');
    await page.fill('[name=display_name]', '周经办');
    await page.selectOption('[name=role]', 'clerk');
    await page.fill('[name=password]', 'short');
    await page.locator('form.form button[type=submit]').click();
    await page.locator('.field[data-field="password"] .field-error', {hasText: '10'}).waitFor();
    await page.fill('[name=password]', 'zhou-password-2026');
    await submitFirstForm();
    const row = page.locator('table.list tr', {hasText: 'zhou.clerk'});
    await row.waitFor();
    await row.locator('button', {hasText: '停用'}).click();
    await page.locator('table.list tr', {hasText: 'zhou.clerk'}).locator('td', {hasText: '已停用'}).waitFor();
    await screenshot(page, '18-users');

    await page.click('#nav a[href="#/admin/holidays"]');
    await page.waitForSelector('form.form [name=date]');
    await page.fill('[name=date]', `${state.year + 1}-03-20`);
    await page.fill('[name=name]', '自治县成立纪念日');
    await submitFirstForm();
    await page.locator('table.list tr', {hasText: '自治县成立纪念日'}).waitFor();
    await screenshot(page, '19-holidays');
    await logout();
  });

  await t.test('the auditor reads what was done', async () => {
    await login('auditor');
    await page.waitForSelector('table.list');
    const text = await page.textContent('table.list');
    for (const actor of [LOGINS.head, LOGINS.admin]) assert.ok(text.includes(actor), `${actor} is in the log`);
    await screenshot(page, '20-audit');
    await logout();
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
