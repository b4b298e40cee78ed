// Browser test of the staff app on a phone (390×844): every demo role signs in and finds the
// workbench with the to-do counts the API gives; the navigation is a menu button that opens a
// compact menu; nothing is cut off or scrolls sideways; short labels (the 行政处罚 tag,
// buttons, chips) never wrap letter by letter; tap targets are at least 44 px; a case page (for
// the auditor: the audit page, for the disclosure editor: the disclosure queue) opens. After
// every step lib.mjs checks the pages for Latin words and axe-core violations.
//
// Plain Node, no framework: `node phone.test.mjs`. Exits non-zero on failure.
//
// Environment (as workbench.test.mjs):
//   SANXIANG_BASE_URL             server under test, e.g. http://127.0.0.1:18080 (required)
//   SANXIANG_DEMO_PASSWORD        the demo users' password (required)
//   SANXIANG_DEMO_USER, SANXIANG_DEMO_USER2, SANXIANG_DEMO_APPROVER, SANXIANG_DEMO_AUDITOR
//                                 usernames (defaults: the demo agency's)
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

const password = process.env.SANXIANG_DEMO_PASSWORD ?? '';
const officer = process.env.SANXIANG_DEMO_USER || 'demo_officer';
const officer2 = process.env.SANXIANG_DEMO_USER2 || 'demo_officer2';
const approver = process.env.SANXIANG_DEMO_APPROVER || 'demo_approver';
const auditor = process.env.SANXIANG_DEMO_AUDITOR || 'demo_auditor';

requireEnv('phone', ['SANXIANG_BASE_URL', 'SANXIANG_DEMO_PASSWORD']);

const runner = createRunner('phone');
const { step } = runner;
const runId = newRunId();
const WIDTH = 390;

// ---- API setup (not what this test is about) ----

// A filed penalty case of both officers (a 行政处罚 tag, deadlines, actions).
async function filedCase() {
  const token = (await api('POST', '/auth/login', null, { username: officer, password })).access_token;
  const me = await api('GET', '/me', token);
  const second = (await api('GET', '/officers', token)).items.find((o) => o.username === officer2);
  assert(second, `no officer ${officer2}`);
  const c = await api('POST', '/cases', token, {
    kind: 'penalty',
    title: `手机测试${runId}`,
    category: '财政',
    party: { kind: 'organisation', name: `手机测试商行${runId}` },
    officer_ids: [me.id, second.user_id],
  });
  return api('POST', `/cases/${c.id}/transitions`, token, {
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
}

// ---- what a phone screen must get right ----

// Visible elements reaching past the screen's right edge (outside scrolling boxes), short labels
// broken over several lines, and tap targets under 44 px; one line each.
async function layoutProblems(page) {
  return page.evaluate((width) => {
    const problems = [];
    const visible = (el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && el.checkVisibility?.({ visibilityProperty: true }) !== false;
    };
    const name = (el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.classList.length ? `.${[...el.classList].join('.')}` : ''} ${JSON.stringify((el.textContent ?? '').trim().slice(0, 30))}`;
    const inScroller = (el) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll' || o === 'hidden') return true;
      }
      return false;
    };
    if (document.documentElement.scrollWidth > width) {
      problems.push(`the page scrolls sideways (${document.documentElement.scrollWidth}px)`);
    }
    for (const el of document.querySelectorAll('body *')) {
      if (!visible(el) || el.closest('.visually-hidden')) continue;
      const r = el.getBoundingClientRect();
      if (r.right > width + 1 && !inScroller(el)) problems.push(`cut off at the right: ${name(el)} (${Math.round(r.right)}px)`);
    }
    // Short labels: one line (a column of single characters is the failure this catches).
    for (const el of document.querySelectorAll('.tag, .kind-tag, .badge, .stage-chip, .btn, button, .nav-link, .nav-toggle')) {
      if (!visible(el)) continue;
      const text = (el.textContent ?? '').trim();
      if (!text || text.length > 8) continue;
      const lines = new Set();
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (!n.nodeValue.trim()) continue;
        const range = document.createRange();
        range.selectNodeContents(n);
        for (const r of range.getClientRects()) if (r.width > 0) lines.add(Math.round(r.top));
      }
      if (lines.size > 1) problems.push(`wraps over ${lines.size} lines: ${name(el)}`);
    }
    // Tap targets (WCAG 2.5.5): what a thumb presses.
    for (const el of document.querySelectorAll('button, .btn, .nav-link, select, input:not([type="checkbox"]):not([type="radio"]):not([type="hidden"]), summary')) {
      if (!visible(el) || el.disabled) continue;
      const r = el.getBoundingClientRect();
      if (r.height < 43.5) problems.push(`tap target ${Math.round(r.width)}×${Math.round(r.height)}px: ${name(el)}`);
    }
    return problems;
  }, WIDTH);
}

async function expectGoodLayout(page, where) {
  const problems = await layoutProblems(page);
  assert(problems.length === 0, `${where} on a phone:\n  ${problems.slice(0, 20).join('\n  ')}`);
}

// The menu button stands for the navigation: shut at first, open on a tap, every entry a
// full-size target.
async function checkMenu(page) {
  assert(await page.isVisible('#nav-toggle'), 'no menu button on a phone');
  assert(!(await page.isVisible('#main-nav')), 'the navigation takes the screen before the menu is opened');
  await page.click('#nav-toggle');
  await page.waitForSelector('#main-nav', { state: 'visible' });
  assert((await page.getAttribute('#nav-toggle', 'aria-expanded')) === 'true', 'the menu button does not say it is open');
  await expectGoodLayout(page, 'the open menu');
  const navHeight = await page.evaluate(() => document.querySelector('#main-nav').getBoundingClientRect().height);
  assert(navHeight < 844 / 2, `the open menu takes ${navHeight}px of the screen`);
  await page.click('#nav-toggle');
  await page.waitForSelector('#main-nav', { state: 'hidden' });
}

const ROLES = [
  // [username, what opens after the workbench, how to check it]
  [officer, 'case'],
  [officer2, 'case'],
  ['demo_reviewer', 'case'],
  [approver, 'case'],
  ['demo_editor', 'disclosure'],
  [auditor, 'audit'],
];

await runner.run(async () => {
  const theCase = await filedCase();
  const browser = await launchBrowser(runner);
  const page = await newPage(runner, browser, 'phone', { viewport: { width: WIDTH, height: 844 } });

  await step('the login page fits a phone', async () => {
    await page.goto(`${baseUrl}/`, { waitUntil: 'load' });
    await page.waitForSelector('#login-form', { state: 'visible' });
    await expectGoodLayout(page, 'the login page');
    // The title stays readable: inside the screen and on the blue band.
    const title = await page.evaluate(() => {
      const h = document.querySelector('.login-brand h1');
      const r = h.getBoundingClientRect();
      return { left: r.left, right: r.right, bottom: r.bottom };
    });
    assert(title.left >= 0 && title.right <= WIDTH, `the login title is cut off: ${JSON.stringify(title)}`);
    assert(title.bottom <= 260, `the login title runs off the blue band: ${JSON.stringify(title)}`);
  });

  for (const [user, opens] of ROLES) {
    await step(`${user}: the workbench on a phone with the API's counts, menu behind a button`, async () => {
      await signIn(page, user, password);
      await page.waitForSelector('#dashboard', { state: 'visible' });
      await page.waitForSelector('#dashboard #wb-counters', { state: 'attached' });
      // The role's to-do counts are the API's (GET /api/v1/workbench); a section the role does
      // not have shows no counter.
      const token = (await api('POST', '/auth/login', null, { username: user, password })).access_token;
      const wb = await api('GET', '/workbench', token);
      const expected = [
        ['#wb-count-cases', wb.cases?.total],
        ['#wb-count-cases-overdue', wb.cases?.overdue],
        ['#wb-count-reviews', wb.reviews ? wb.reviews.mine + wb.reviews.unassigned : undefined],
        ['#wb-count-disclosures', wb.disclosures?.total],
        ['#wb-count-draws', wb.draws?.total || undefined],
        ['#wb-count-certificates', wb.certificates?.total || undefined],
      ];
      for (const [selector, n] of expected) {
        const present = await page.locator(selector).count();
        if (n === undefined) {
          assert(present === 0, `${user}: ${selector} is shown but the API has no such section`);
        } else {
          assert(present === 1, `${user}: ${selector} is missing (the API counts ${n})`);
          const shown = Number(await page.getAttribute(selector, 'data-count'));
          assert(shown === n, `${user}: ${selector} shows ${shown}, the API counts ${n}`);
        }
      }
      await expectGoodLayout(page, `${user}'s workbench`);
      await checkMenu(page);
    });

    await step(`${user}: ${opens === 'case' ? 'the case page' : `the ${opens} page`} on a phone`, async () => {
      if (opens === 'case') {
        // The case list: each case with its 行政处罚 tag on one line.
        await navTo(page, 'cases');
        await page.waitForSelector('.kind-tag', { state: 'visible' });
        await expectGoodLayout(page, `${user}'s case list`);
        await page.evaluate((id) => {
          window.location.hash = `/cases/${id}`;
        }, theCase.id);
        await page.waitForSelector(`#case-page[data-case-id="${theCase.id}"] #case-number`, { state: 'visible' });
      } else if (opens === 'disclosure') {
        await navTo(page, 'disclosure');
        await page.waitForSelector('#disclosure-queue', { state: 'visible' });
      } else {
        await navTo(page, 'audit');
        await page.waitForSelector('#audit-page', { state: 'visible' });
      }
      await page.waitForLoadState('networkidle');
      await expectGoodLayout(page, `${user}'s ${opens} page`);
      await signOut(page);
    });
  }
});
