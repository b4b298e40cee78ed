// The harness shared by the browser tests (*.test.mjs): the environment, Chromium, the steps
// with their pass/fail count, the failure report and the clean-up. Plain Node, no framework.
//
// Environment read here (each test documents the rest):
//   SANXIANG_BASE_URL             server under test, e.g. http://127.0.0.1:18080
//   SANXIANG_ARTIFACTS_DIR        where a failure screenshot goes (default: the OS temp dir)
//   SANXIANG_CHROMIUM             browser binary (default /usr/bin/chromium)
//   SANXIANG_UI_CHECKS_REPORT     a file: the page checks (checkPage) append what they find to it
//                                 instead of failing (to survey a whole run)
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
//
// After every step each open page the test watches is checked (checkPage): no Latin word on
// screen outside ids, numbers, units and file names (scanLatin), no serious or critical
// accessibility violation (axe-core from npm), and no console error but the refusals a test
// provokes (EXPECTED_CONSOLE_ERROR).

import { chromium } from 'playwright-core';
import { appendFileSync, mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
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
// Calls the API below /api/v1 as the holder of `token` (none: anonymously) with a JSON `body`
// (none: no body); answers the parsed JSON (null for an empty or non-JSON answer) and throws,
// naming the status and the answer, on anything but 2xx. For setting up what a test is not about.
export async function api(method, path, token, body) {
  const resp = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: {
      Accept: 'application/json, application/problem+json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await resp.text();
  if (!resp.ok) throw new Error(`${method} ${path} answered ${resp.status}: ${text}`);
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

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

// A tag for the names a test run creates (unique per run): base-36 time with a leading digit,
// so the page checks read it as an id, not a Latin word.
export function newRunId() {
  return `1${Date.now().toString(36).slice(1)}`;
}

// Today in China (UTC+8), as YYYY-MM-DD.
export function chinaToday() {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

// Console errors a step may cause: the browser logs every refused request (400, 401, 403, 409,
// 422, 429), which the tests provoke on purpose to see the page explain the refusal. Anything
// else — an exception, a panic, a 404 or 5xx, a network failure — fails the step.
const EXPECTED_CONSOLE_ERROR =
  /^(\[[^\]]*\] )?Failed to load resource: the server responded with a status of (400|401|403|409|422|429) /;

// The steps of one test, its pages (for the failure report) and what to undo at the end.
export function createRunner(testName) {
  let passed = 0;
  let failed = 0;
  let currentStep = '(start)';
  const consoleErrors = [];
  const pages = []; // [label or null, page]
  const cleanups = [];

  // `consoleErrors`: a pattern of further console errors the step causes on purpose (e.g. a
  // public page of a withdrawn entry answers 404).
  async function step(name, fn, { consoleErrors: expected = null } = {}) {
    currentStep = name;
    const started = Date.now();
    const errorsBefore = consoleErrors.length;
    await fn();
    for (const [label, page] of pages) {
      if (!page.isClosed()) await checkPage(page, `${testName}: ${name}${label ? ` [${label}]` : ''}`);
    }
    const unexpected = consoleErrors
      .slice(errorsBefore)
      .filter((e) => !EXPECTED_CONSOLE_ERROR.test(e) && !(expected && expected.test(e)));
    if (unexpected.length) {
      const text = `${testName}: ${name}: console errors:\n${unexpected.map((e) => `  ${e}`).join('\n')}`;
      if (process.env.SANXIANG_UI_CHECKS_REPORT) appendFileSync(process.env.SANXIANG_UI_CHECKS_REPORT, `${text}\n`);
      else throw new Error(text);
    }
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

// ---- Page checks: clean Chinese and accessibility, run after every step (createRunner) ----

// Latin tokens allowed on screen: well-known abbreviations and units. Everything else in Latin
// letters is either an id, a number, a hash, a URL or a file name (recognised below), or lives
// inside an input, a `code` element or an element marked `data-latin-ok`.
const LATIN_OK = new Set([
  'PDF', 'SHA', 'API', 'QR', 'URL', 'CSV', 'ID', 'JSON', 'HTTP', 'HTTPS', 'HMAC',
  'KB', 'MB', 'GB', 'Webhook',
]);

// The visible text of the page, minus inputs, `code`/`pre`, `data-latin-ok` elements and what
// is hidden, as one string per text node.
function visibleTexts() {
  const skip = 'input, textarea, select, option, code, pre, script, style, noscript, svg, [data-latin-ok]';
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.nodeValue.trim();
    if (!text || !/[A-Za-z]/.test(text)) continue;
    const el = node.parentElement;
    if (!el || el.closest(skip)) continue;
    if (el.checkVisibility && !el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
    out.push(text);
  }
  for (const el of document.querySelectorAll('[title], [aria-label], [placeholder], img[alt]')) {
    if (el.closest('[data-latin-ok]')) continue;
    for (const attr of ['title', 'aria-label', 'placeholder', 'alt']) {
      const v = el.getAttribute(attr);
      if (v && /[A-Za-z]/.test(v)) out.push(v);
    }
  }
  return out;
}

// The Latin words of one text that are not ids, numbers, units, hashes, URLs or file names.
export function latinWords(text) {
  const stripped = text
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/\S*/gi, ' ') // URLs
    .replace(/\/[\w./-]+/g, ' ') // paths
    .replace(/\S+@\S+\.\w+/g, ' ') // e-mail addresses
    .replace(/[\w\u4e00-\u9fff.-]+\.(pdf|png|jpe?g|gif|webp|csv|json|mp4|webm|mov|txt|zip|xlsx?|docx?|ofd)\b/gi, ' ') // file names
    .replace(/\b[0-9a-f]{8,}\b/gi, ' ') // hashes, hex ids
    .replace(/\b[\w-]*\d[\w-]*\b/g, ' ') // ids and numbers with letters (case numbers, 5KB)
    .replace(/\b[A-Z]{6,}\b/g, ' '); // codes in capitals (a document's verification code)
  // A single letter is a grade or a mark (A 级), not a word.
  return (stripped.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !LATIN_OK.has(w) && !LATIN_OK.has(w.toUpperCase()));
}

// Fails when the page shows a Latin word outside what LATIN_OK and latinWords allow.
export async function scanLatin(page) {
  const texts = await page.evaluate(visibleTexts);
  const bad = [];
  for (const text of texts) {
    const words = latinWords(text);
    if (words.length) bad.push(`${JSON.stringify(text.slice(0, 120))} (${words.join(', ')})`);
  }
  return bad;
}

const require = createRequire(import.meta.url);
let axeSource = null;

// The serious and critical axe-core violations of the page, one line each. axe is evaluated
// through the DevTools protocol: page.addScriptTag would add an inline script, which the app's
// Content-Security-Policy (crates/api/src/static_files.rs) rightly refuses.
export async function axeViolations(page) {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const found = await page.evaluate(async (source) => {
    if (!window.axe) (0, eval)(source);
    const result = await window.axe.run(document, {
      resultTypes: ['violations'],
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  }, axeSource);
  return found;
}

// Both checks on one page (after each step, see createRunner): throws with what it found, or
// with SANXIANG_UI_CHECKS_REPORT set appends it to that file.
export async function checkPage(page, where = '') {
  let url = '';
  try {
    url = page.url();
    if (!url.startsWith(baseUrl)) return;
    await page.waitForLoadState('load');
  } catch {
    return;
  }
  const latin = (await scanLatin(page)).map((l) => `latin ${l}`);
  const axe = await axeViolations(page);
  const problems = [...latin, ...axe];
  if (!problems.length) return;
  const text = `${where} (${url.slice(baseUrl.length)}):\n${problems.map((p) => `  ${p}`).join('\n')}`;
  if (process.env.SANXIANG_UI_CHECKS_REPORT) {
    appendFileSync(process.env.SANXIANG_UI_CHECKS_REPORT, `${text}\n`);
    return;
  }
  throw new Error(`page check failed on ${text}`);
}

// After a click on an irreversible action (决定, 归档, 审核通过并公示, 撤回, 抽取): when the page
// asks for confirmation (components/confirm_dialog.rs), checks the dialog — role="dialog",
// modal, focus inside it and kept there by Tab, a Chinese summary, the page checks — and presses
// 确认. With `trigger` (the selector clicked), first presses 取消 and checks that nothing was
// sent and the dialog is gone, then clicks `trigger` again. Answers whether it was asked; a
// click that asks nothing costs one animation frame.
export async function confirmIfAsked(page, trigger = null) {
  const frame = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  await frame();
  const dialog = page.locator('#confirm-dialog');
  if (!(await dialog.isVisible())) return false;
  assert((await dialog.getAttribute('role')) === 'dialog', 'the confirmation is not role="dialog"');
  assert((await dialog.getAttribute('aria-modal')) === 'true', 'the confirmation is not modal');
  const focusInside = () => page.evaluate(() => document.querySelector('#confirm-dialog')?.contains(document.activeElement));
  await page.waitForFunction(() => document.querySelector('#confirm-dialog')?.contains(document.activeElement));
  for (const key of ['Tab', 'Tab', 'Shift+Tab']) {
    await page.keyboard.press(key);
    assert(await focusInside(), `focus left the confirmation on ${key}`);
  }
  const summary = (await page.textContent('#confirm-summary')) ?? '';
  assert(hasChinese(summary), `the confirmation summarises nothing in Chinese: ${JSON.stringify(summary)}`);
  assert((await page.textContent('#confirm-ok'))?.trim() === '确认', 'the confirm button is not 确认');
  assert((await page.textContent('#confirm-cancel'))?.trim() === '取消', 'the cancel button is not 取消');
  await checkPage(page, 'confirmation dialog');
  if (trigger) {
    const writes = [];
    const onRequest = (req) => {
      if (req.method() !== 'GET' && req.url().includes('/api/')) writes.push(`${req.method()} ${req.url()}`);
    };
    page.on('request', onRequest);
    await page.click('#confirm-cancel');
    await dialog.waitFor({ state: 'detached' });
    await page.waitForTimeout(300);
    page.off('request', onRequest);
    assert(writes.length === 0, `取消 still sent: ${writes.join(', ')}`);
    await page.click(trigger);
    await dialog.waitFor({ state: 'visible' });
  }
  console.log(`  confirmed: ${(await page.textContent('#confirm-title'))?.trim()} — ${summary.slice(0, 80)}`);
  await page.click('#confirm-ok');
  await dialog.waitFor({ state: 'detached' });
  return true;
}

// Opens a page of the main navigation: on a phone through the menu button first.
export async function navTo(page, slug) {
  if (await page.isVisible('#nav-toggle')) {
    if ((await page.getAttribute('#nav-toggle', 'aria-expanded')) !== 'true') await page.click('#nav-toggle');
  }
  await page.click(`#main-nav a[data-page="${slug}"]`);
}
