// harness: what the browser tests share — a demo database made by `gongkai demo`, a `gongkai serve` on a free
// loopback port, Debian's chromium driven by playwright-core (never a downloaded browser) with a fresh profile,
// screenshots under tests/artifacts/, and a watch on the page for script errors and CSP refusals.
import {spawn, execFileSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {chromium} from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../..');
export const artifactsDir = path.join(repoRoot, 'tests', 'artifacts');
export const chromiumPath = process.env.GONGKAI_CHROMIUM || '/usr/bin/chromium';

export function gongkaiBin() {
  const bin = process.env.GONGKAI_BIN || path.join(repoRoot, 'build-ui', 'gongkai');
  if (!fs.existsSync(bin)) throw new Error(`gongkai binary not found: ${bin} (set GONGKAI_BIN)`);
  return bin;
}

// Creates the demo database in a fresh temporary folder (or copies the database GONGKAI_BROWSER_DB names, to
// run the tests on other data). Returns {dir, db, output}.
export function makeDemoDb() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-browser-'));
  const db = path.join(dir, 'gongkai.db');
  if (process.env.GONGKAI_BROWSER_DB) {
    fs.copyFileSync(process.env.GONGKAI_BROWSER_DB, db);
    return {dir, db, output: ''};
  }
  try {
    const output = execFileSync(gongkaiBin(), ['demo', '--db', db], {
      encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'],
      env: {...process.env, GONGKAI_TEST_FAST_PASSWORD_HASH: '1'},
    });
    return {dir, db, output};
  } catch (err) {
    fs.rmSync(dir, {recursive: true, force: true});
    throw new Error(`gongkai demo --db failed: ${err.message}\n${err.stderr || ''}`);
  }
}

// Starts `gongkai serve` on 127.0.0.1 with a port the system picks (it prints the URL) and waits until
// /healthz answers. Returns {url, stop()}.
export async function startServer(db) {
  const child = spawn(gongkaiBin(), ['serve', '--db', db, '--listen', '127.0.0.1:0'], {
    stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, GONGKAI_TEST_FAST_PASSWORD_HASH: '1'},
  });
  let log = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gongkai serve printed no URL in 20 s:\n${log}`)), 20_000);
    const onData = (chunk) => {
      log += chunk;
      const m = /http:\/\/127\.0\.0\.1:(\d+)/.exec(log);
      if (m && Number(m[1]) > 0) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${m[1]}`);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`gongkai serve exited (${code}) before listening:\n${log}`));
    });
  });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    log: () => log,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode);
      child.once('exit', resolve);
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    }),
  };
}

// Chromium with a fresh profile, Chinese locale. Returns {context, page, problems, close()}; `problems` collects
// uncaught script errors and console errors other than failed loads (CSP refusals among them).
export async function openBrowser() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    locale: 'zh-CN',
    viewport: {width: 1280, height: 900},
    acceptDownloads: true,
  });
  const page = context.pages()[0] || await context.newPage();
  const problems = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    // The browser logs every 4xx answer ("Failed to load resource"): those are the API's expected refusals.
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) problems.push(`console: ${msg.text()}`);
  });
  return {
    context, page, problems,
    close: async () => {
      await context.close();
      fs.rmSync(profile, {recursive: true, force: true});
    },
  };
}

export async function screenshot(page, name) {
  fs.mkdirSync(artifactsDir, {recursive: true});
  const file = path.join(artifactsDir, `${name}.png`);
  await page.screenshot({path: file, fullPage: true});
  return file;
}

// Calls the JSON API from inside the page, with its session cookie and CSRF token (read from /me).
export async function apiInPage(page, method, apiPath, body) {
  return page.evaluate(async ({method, apiPath, body}) => {
    const headers = {Accept: 'application/json'};
    if (method !== 'GET') {
      const me = await (await fetch('/api/v1/me')).json();
      headers['X-CSRF-Token'] = me.csrf_token;
      headers['Content-Type'] = 'application/json';
    }
    const r = await fetch(`/api/v1${apiPath}`, {method, headers, body: body ? JSON.stringify(body) : undefined});
    return {status: r.status, body: await r.json().catch(() => null)};
  }, {method, apiPath, body});
}

// A valid 18-digit resident ID number (GB 11643 check character) with the given first 17 digits.
export function residentId(first17) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i];
  return first17 + '10X98765432'[sum % 11];
}
