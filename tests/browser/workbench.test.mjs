// Browser test of the workbench (工作台), the landing page: an officer and an approver each find
// their to-do items with the counts the API gives (`GET /api/v1/workbench`), on a laptop
// (1366×800) and a phone (390×844) screen; a case link opened while signed out lands on that
// case after signing in; the pages visited log no console error (a case without a legal review
// does not ask for one).
//
// Plain Node, no framework: `node workbench.test.mjs`. Exits non-zero on failure.
//
// Environment (as login.test.mjs):
//   SANXIANG_BASE_URL             server under test, e.g. http://127.0.0.1:18080 (required)
//   SANXIANG_DEMO_USER            the officer (default demo_officer)
//   SANXIANG_DEMO_USER2           the second officer of the case (default demo_officer2)
//   SANXIANG_DEMO_APPROVER        the agency head (default demo_approver)
//   SANXIANG_DEMO_PASSWORD        their password (required)
//   (SANXIANG_ARTIFACTS_DIR, SANXIANG_CHROMIUM: see lib.mjs)

import {
  api,
  assert,
  baseUrl,
  createRunner,
  isoDaysAgo,
  launchBrowser,
  navTo,
  newPage,
  newRunId,
  requireEnv,
  signIn,
  signOut,
} from './lib.mjs';

const officer = process.env.SANXIANG_DEMO_USER || 'demo_officer';
const officer2 = process.env.SANXIANG_DEMO_USER2 || 'demo_officer2';
const approver = process.env.SANXIANG_DEMO_APPROVER || 'demo_approver';
const password = process.env.SANXIANG_DEMO_PASSWORD ?? '';

requireEnv('workbench', ['SANXIANG_BASE_URL', 'SANXIANG_DEMO_PASSWORD']);

const runner = createRunner('workbench');
const { step } = runner;
const runId = newRunId();

// ---- API setup and the figures to compare with (not what this test is about) ----

async function apiLogin(username) {
  const r = await api('POST', '/auth/login', null, { username, password });
  return r.access_token;
}

// A penalty case of both officers, filed: it has deadlines and no legal review.
async function filedCase(token) {
  const me = await api('GET', '/me', token);
  const users = await api('GET', '/officers', token);
  const second = users.items.find((o) => o.username === officer2);
  assert(second, `no officer ${officer2}`);
  const c = await api('POST', '/cases', token, {
    kind: 'penalty',
    title: `工作台测试${runId}`,
    category: '财政',
    party: { kind: 'organisation', name: `工作台测试商行${runId}` },
    officer_ids: [me.id, second.user_id],
  });
  const filed = await api('POST', `/cases/${c.id}/transitions`, token, {
    expected_version: c.version,
    command: {
      action: 'file',
      on: isoDaysAgo(2),
      violation_on: isoDaysAgo(20),
      discovered_on: isoDaysAgo(3),
      grave_harm: false,
      limitation_override: null,
    },
  });
  return filed;
}

// ---- in the browser ----
// Console errors of the page since `since` (a 404 on a fetch shows up here too).
function consoleWatch(page) {
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(String(err)));
  return errors;
}

async function count(page, selector) {
  const v = await page.getAttribute(selector, 'data-count');
  assert(v !== null, `${selector} has no count`);
  return Number(v);
}

async function openWorkbench(page) {
  await page.waitForSelector('#dashboard #wb-counters', { state: 'visible' });
}

async function noSidewaysScroll(page, width) {
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  assert(scroll <= width, `the page scrolls sideways (${scroll}px wide on a ${width}px screen)`);
}

await runner.run(async () => {
  const officerToken = await apiLogin(officer);
  const theCase = await filedCase(officerToken);
  const browser = await launchBrowser(runner);

  for (const [label, viewport] of [
    ['laptop', { width: 1366, height: 800 }],
    ['phone', { width: 390, height: 844 }],
  ]) {
    const page = await newPage(runner, browser, label, { viewport });
    const errors = consoleWatch(page);

    await step(`${label}: a case link opened signed out lands on the case after login`, async () => {
      const resp = await page.goto(`${baseUrl}/#/cases/${theCase.id}`, { waitUntil: 'load' });
      assert(resp && resp.ok(), `GET / answered ${resp ? resp.status() : 'nothing'}`);
      await page.waitForSelector('#login-form', { state: 'visible' });
      await page.fill('#username', officer);
      await page.fill('#password', password);
      await page.click('#login-submit');
      await page.waitForSelector(`#case-page[data-case-id="${theCase.id}"] #case-number`, {
        state: 'visible',
      });
      const number = (await page.textContent('#case-number'))?.trim();
      assert(number === theCase.case_number, `the case page shows ${number}, expected ${theCase.case_number}`);
      assert(page.url().endsWith(`#/cases/${theCase.id}`), `the address is ${page.url()}`);
      // The review card says none was requested, without asking the server (no 404).
      await page.waitForTimeout(500);
      assert(errors.length === 0, `console errors on the case page: ${errors.join(' | ')}`);
    });

    await step(`${label}: the officer's workbench counts match the API`, async () => {
      await navTo(page, 'dashboard').catch(async () => {
        await page.goto(`${baseUrl}/#/dashboard`, { waitUntil: 'load' });
      });
      await openWorkbench(page);
      const wb = await api('GET', '/workbench', officerToken);
      assert(wb.cases, 'the API gives the officer no case section');
      assert((await count(page, '#wb-count-cases')) === wb.cases.total, 'case count differs from the API');
      assert(
        (await count(page, '#wb-count-cases-overdue')) === wb.cases.overdue,
        'overdue case count differs from the API',
      );
      assert((await count(page, '#wb-cases')) === wb.cases.items.length, 'case list length differs');
      const shown = await page.locator('#wb-cases .wb-item').count();
      assert(shown === wb.cases.items.length, `${shown} case items shown, API has ${wb.cases.items.length}`);
      const overdueShown = await page.locator('#wb-cases .wb-item.wb-overdue').count();
      assert(overdueShown === wb.cases.overdue, `${overdueShown} shown overdue, API has ${wb.cases.overdue}`);
      // Overdue first.
      const flags = await page
        .locator('#wb-cases .wb-item')
        .evaluateAll((els) => els.map((e) => e.classList.contains('wb-overdue')));
      assert(flags.indexOf(false) === -1 || !flags.slice(flags.indexOf(false)).includes(true), 'an overdue item after a current one');
      // The new case with its next action and its deadline's article, dates in Chinese.
      const item = page.locator(`#wb-cases a[data-case-id="${theCase.id}"]`);
      await item.waitFor({ state: 'visible' });
      const text = (await item.textContent()) ?? '';
      assert(text.includes(theCase.case_number), `the item lacks the case number: ${text}`);
      assert(/第.+条|art/.test(text) || text.includes('法'), `the item cites no article: ${text}`);
      assert(/\d{4}年\d{1,2}月\d{1,2}日|未知/.test(text), `the item shows no Chinese date: ${text}`);
      await noSidewaysScroll(page, viewport.width);
    });

    await step(`${label}: one tap opens the case`, async () => {
      await page.click(`#wb-cases a[data-case-id="${theCase.id}"]`);
      await page.waitForSelector(`#case-page[data-case-id="${theCase.id}"] #case-number`, {
        state: 'visible',
      });
      await page.waitForTimeout(500);
      assert(errors.length === 0, `console errors: ${errors.join(' | ')}`);
      await signOut(page);
    });

    await step(`${label}: the approver lands on the workbench with the agency's figures`, async () => {
      await signIn(page, approver, password);
      await openWorkbench(page);
      const token = await apiLogin(approver);
      const wb = await api('GET', '/workbench', token);
      assert(wb.agency_overdue, 'the API gives the approver no agency figures');
      await page.waitForSelector('#wb-agency-overdue', { state: 'visible' });
      for (const [id, value] of [
        ['#wb-overdue-cases', wb.agency_overdue.cases],
        ['#wb-overdue-disclosures', wb.agency_overdue.disclosures],
        ['#wb-overdue-reviews', wb.agency_overdue.reviews],
        ['#wb-count-disclosures', wb.disclosures.total],
      ]) {
        const shown = await count(page, id);
        assert(shown === value, `${id} shows ${shown}, the API says ${value}`);
      }
      assert((await count(page, '#wb-disclosures')) === wb.disclosures.items.length, 'disclosure list length differs');
      assert(!(await page.isVisible('#wb-cases')), 'an approver without the officer role sees a case list');
      await noSidewaysScroll(page, viewport.width);
      await page.waitForTimeout(300);
      assert(errors.length === 0, `console errors: ${errors.join(' | ')}`);
      await signOut(page);
    });
  }
});
