// The harness shared by the browser tests (*.test.mjs): the environment, Chromium, the steps
// with their pass/fail count, the failure report and the clean-up. Plain Node, no framework.
//
// Environment read here (each test documents the rest):
//   SANXIANG_BASE_URL             server under test, e.g. http://127.0.0.1:18080
//   SANXIANG_ARTIFACTS_DIR        where a failure screenshot goes (default: the OS temp dir)
//   SANXIANG_CHROMIUM             browser binary (default /usr/bin/chromium)
//
// A test:
//
//   requireEnv('login', ['SANXIANG_BASE_URL', 'SANXIANG_DEMO_PASSWORD']);
//   const runner = createRunner('login');
//   const { step } = runner;
//   await runner.run(async () => {
//     const { page } = await launchPage(runner);
//     await step('…', async () => { … });
//   });
//
// prints `ok N - name (ms)` per step; on the first failure `not ok - name`, the error, the
// browser console errors and a full-page screenshot of each open page; then `N passed, M failed`,
// and exits 0 when all passed, 1 otherwise (2 when the environment is incomplete).

import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const baseUrl = (process.env.SANXIANG_BASE_URL ?? '').replace(/\/+$/, '');
export const artifactsDir = process.env.SANXIANG_ARTIFACTS_DIR || tmpdir();
export const executablePath = process.env.SANXIANG_CHROMIUM || '/usr/bin/chromium';

// WebAssembly start-up on a busy CI machine can be slow: be generous.
export const TIMEOUT = 30_000;

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

// The browser context of every test unless it says otherwise (`timezoneId: undefined` leaves
// the machine's zone).
const CONTEXT_DEFAULTS = {
  viewport: { width: 1280, height: 900 },
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
};

function contextOptions(overrides) {
  const options = { ...CONTEXT_DEFAULTS, ...overrides };
  for (const key of Object.keys(options)) if (options[key] === undefined) delete options[key];
  return options;
}

// Exits with 2 unless each named variable is set (SANXIANG_BASE_URL: to more than slashes).
export function requireEnv(testName, names) {
  for (const name of names) {
    const value = name === 'SANXIANG_BASE_URL' ? baseUrl : process.env[name];
    if (!value) {
      const hint = name === 'SANXIANG_BASE_URL' ? ' (e.g. http://127.0.0.1:18080)' : '';
      console.error(`${testName}.test: ${name} is not set${hint}`);
      process.exit(2);
    }
  }
}

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

export const hasChinese = (s) => /[\u4e00-\u9fff]/.test(s ?? '');

// The local date `days` ago, as YYYY-MM-DD.
export function isoDaysAgo(days) {
  const d = new Date(Date.now() - days * 86_400_000);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

// Today in China (UTC+8), as YYYY-MM-DD.
export function chinaToday() {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

// The steps of one test, its pages (for the failure report) and what to undo at the end.
export function createRunner(testName) {
  let passed = 0;
  let failed = 0;
  let currentStep = '(start)';
  const consoleErrors = [];
  const pages = []; // [label or null, page]
  const cleanups = [];

  async function step(name, fn) {
    currentStep = name;
    const started = Date.now();
    await fn();
    passed += 1;
    console.log(`ok ${passed} - ${name} (${Date.now() - started} ms)`);
  }

  // Collects the page's console errors and uncaught exceptions, and screenshots it on failure;
  // `label` (when several pages are open) prefixes both.
  function watch(page, label = null) {
    const prefix = label ? `[${label}] ` : '';
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(`${prefix}${msg.text()}`);
    });
    page.on('pageerror', (err) => consoleErrors.push(`${prefix}${err}`));
    pages.push([label, page]);
    return page;
  }

  // Runs `fn` at the end, pass or fail; the last registered runs first.
  function onCleanup(fn) {
    cleanups.push(fn);
  }

  async function reportFailure(err) {
    failed += 1;
    console.error(`not ok - ${currentStep}`);
    console.error(`  ${err && err.stack ? err.stack : err}`);
    if (consoleErrors.length) {
      console.error('  browser console errors:');
      for (const line of consoleErrors) console.error(`    ${line}`);
    }
    for (const [label, page] of pages) {
      if (page.isClosed()) continue;
      const of = label ? ` of ${label}` : '';
      try {
        mkdirSync(artifactsDir, { recursive: true });
        const file = join(artifactsDir, `${testName}-test-failure-${label ? `${label}-` : ''}${Date.now()}.png`);
        await page.screenshot({ path: file, fullPage: true });
        console.error(`  screenshot${label ? ` (${label})` : ''}: ${file}`);
      } catch (shotErr) {
        console.error(`  (no screenshot${of}: ${shotErr})`);
      }
    }
  }

  async function cleanup() {
    while (cleanups.length) {
      const fn = cleanups.pop();
      try {
        await fn();
      } catch {
        // clean-up is best effort
      }
    }
  }

  // Prints the count and exits: 0 when every step passed, 1 otherwise.
  function finish() {
    console.log(`${passed} passed, ${failed} failed`);
    process.exit(failed === 0 ? 0 : 1);
  }

  // The whole test: `body` (its steps), the failure report, the clean-up, the count and exit.
  async function run(body) {
    try {
      await body();
    } catch (err) {
      await reportFailure(err);
    } finally {
      await cleanup();
    }
    finish();
  }

  return { step, assert, watch, onCleanup, reportFailure, cleanup, finish, run };
}

// Chromium with a fresh profile (removed at the end) and its first page, watched; answers
// { context, page }. `overrides` change or add context options (e.g. acceptDownloads).
export async function launchPage(runner, overrides = {}) {
  const profileDir = mkdtempSync(join(tmpdir(), 'sanxiang-chromium-'));
  runner.onCleanup(() => rmSync(profileDir, { recursive: true, force: true }));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    ...contextOptions(overrides),
  });
  runner.onCleanup(() => context.close());
  context.setDefaultTimeout(TIMEOUT);
  const page = context.pages()[0] ?? (await context.newPage());
  runner.watch(page);
  return { context, page };
}

// Chromium without a profile, for tests with several contexts (see newPage); closed at the end.
export async function launchBrowser(runner) {
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  runner.onCleanup(() => browser.close());
  return browser;
}

// A page in a context of its own (its own cookies and storage), watched under `label`.
export async function newPage(runner, browser, label, overrides = {}) {
  const context = await browser.newContext(contextOptions(overrides));
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  return runner.watch(page, label);
}

// Opens the app and signs in through the login form.
export async function signIn(page, username, password) {
  const resp = await page.goto(`${baseUrl}/`, { waitUntil: 'load' });
  assert(resp && resp.ok(), `GET / answered ${resp ? resp.status() : 'nothing'}`);
  await page.waitForSelector('#login-form', { state: 'visible' });
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('#login-submit');
  await page.waitForSelector('#current-user', { state: 'visible' });
}

// Logs out with the button and waits for the login form.
export async function signOut(page) {
  await page.click('#logout');
  await page.waitForSelector('#login-form', { state: 'visible' });
}

// The stage the case page's stage bar marks current, or null.
export async function currentStage(page) {
  return page.evaluate(
    () => document.querySelector('#stage-bar [data-progress="current"]')?.dataset.stage ?? null,
  );
}
