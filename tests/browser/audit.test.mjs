// Browser test of the tamper-evident log in the app: the verified mark (已核验) on the case page
// and the auditor page (审计).
//
// Setup through the API as the officer: one penalty case and two records. Then, in the UI, the
// auditor opens 审计, finds the case by party, sees its timeline with log indexes, sees it
// verified in the browser (proofs checked with the log's key), reads the checkpoint history
// (with a signed note), downloads a record's proof and the case export, and the page fits a
// phone. Finally the officer opens the case page and sees 已核验 there too.
//
// Plain Node, no framework: `node audit.test.mjs`. Exits non-zero on failure.
//
// Environment (as case.test.mjs):
//   SANXIANG_BASE_URL             server under test, e.g. http://127.0.0.1:18080 (required)
//   SANXIANG_DEMO_USER            the officer (default demo_officer)
//   SANXIANG_DEMO_AUDITOR         the auditor (default demo_auditor)
//   SANXIANG_DEMO_PASSWORD        their password (required)
//   (SANXIANG_ARTIFACTS_DIR, SANXIANG_CHROMIUM: see lib.mjs)

import { readFileSync } from 'node:fs';
import {
  api,
  assert,
  baseUrl,
  createRunner,
  launchPage,
  newRunId,
  requireEnv,
  signIn as signInAs,
  signOut as signOutOf,
  TIMEOUT,
} from './lib.mjs';

const officer = process.env.SANXIANG_DEMO_USER || 'demo_officer';
const auditor = process.env.SANXIANG_DEMO_AUDITOR || 'demo_auditor';
const password = process.env.SANXIANG_DEMO_PASSWORD ?? '';

requireEnv('audit', ['SANXIANG_BASE_URL', 'SANXIANG_DEMO_PASSWORD']);

const runId = newRunId();
const partyName = `桓仁审计测试有限公司${runId}`;
const creditCode = '91350100M000100Y43';
const recordTitles = ['立案审批表', '现场检查笔录'];

const runner = createRunner('audit');
const { step } = runner;

// ---- the API, for the setup only ----

let page;
let caseId;
let caseNumber;

const signIn = (username) => signInAs(page, username, password);
const signOut = () => signOutOf(page);

// Waits for the verified mark to settle; answers { state, size, text }.
async function verifiedMark() {
  const handle = await page.waitForFunction(
    () => {
      const el = document.querySelector('#verified-mark');
      if (!el || el.dataset.state === 'running') return false;
      return { state: el.dataset.state, size: el.dataset.checkpointSize, text: el.textContent.trim() };
    },
    null,
    { timeout: TIMEOUT },
  );
  return handle.jsonValue();
}

await runner.run(async () => {
  await step('setup: the officer opens a case and adds two records (API)', async () => {
    const pair = await api('POST', '/auth/login', null, { username: officer, password });
    const token = pair.access_token;
    const me = await api('GET', '/me', token);
    const detail = await api('POST', '/cases', token, {
      kind: 'penalty',
      procedure: 'ordinary',
      title: '未按规定设置会计账簿',
      category: '财政',
      party: {
        kind: 'organisation',
        name: partyName,
        id_type: 'credit_code',
        id_number: creditCode,
        address: '桓仁满族自治县桓仁镇某路2号',
      },
      officer_ids: [me.id],
    });
    caseId = detail.id;
    caseNumber = detail.case_number;
    assert(caseId && caseNumber, `the new case has no id or number: ${JSON.stringify(detail)}`);
    await api('POST', `/cases/${caseId}/records`, token, {
      kind: 'document',
      title: recordTitles[0],
      text: '经审查，符合立案条件，同意立案。',
      document_type: 'filing_approval',
    });
    await api('POST', `/cases/${caseId}/records`, token, {
      kind: 'note',
      title: recordTitles[1],
      text: '现场检查发现未按规定设置会计账簿。',
    });
    console.log(`  case ${caseNumber} (${caseId})`);
  });

  ({ page } = await launchPage(runner, { acceptDownloads: true }));

  await step('the auditor signs in; 审计 is in the navigation, case pages are not', async () => {
    await signIn(auditor);
    assert(await page.isVisible('#main-nav a[data-page="audit"]'), 'no 审计 entry for an auditor');
    const label = (await page.textContent('#main-nav a[data-page="audit"]'))?.trim();
    assert(label === '审计', `the audit entry is labelled ${JSON.stringify(label)}`);
    assert(!(await page.isVisible('#main-nav a[data-page="cases"]')), 'an auditor sees the 案件 entry');
    await page.click('#main-nav a[data-page="audit"]');
    await page.waitForSelector('#audit-page', { state: 'visible' });
    assert(!(await page.isVisible('#coming-soon')), 'the audit page is still a placeholder');
  });

  await step('the auditor finds the case by party and opens it', async () => {
    await page.fill('#audit-query', runId);
    await page.click('#audit-search-submit');
    await page.waitForFunction(
      (n) => {
        const rows = [...document.querySelectorAll('#audit-results .audit-result')];
        return rows.length === 1 && rows[0].textContent.includes(n);
      },
      caseNumber,
    );
    await page.click(`#audit-results .audit-result[data-case-id="${caseId}"]`);
    await page.waitForSelector(`#audit-case[data-case-id="${caseId}"]`, { state: 'visible' });
    const number = (await page.textContent('#audit-case-number'))?.trim();
    assert(number === caseNumber, `the case shown is ${JSON.stringify(number)}`);
  });

  await step('the timeline shows each record with its log index', async () => {
    await page.waitForSelector('#audit-timeline .audit-record', { state: 'visible' });
    const titles = await page
      .locator('#audit-timeline .record-title')
      .evaluateAll((els) => els.map((e) => e.textContent.trim()));
    for (const title of recordTitles) {
      assert(titles.includes(title), `the timeline lacks ${JSON.stringify(title)} (has ${JSON.stringify(titles)})`);
    }
    // Records written a moment ago get their index once integrated (within a second).
    await page.waitForFunction(
      () => {
        const cells = [...document.querySelectorAll('#audit-timeline .log-index')];
        return cells.length > 0 && cells.every((c) => /^\d+$/.test(c.textContent.trim()));
      },
      null,
      { timeout: TIMEOUT },
    );
    const indexes = await page
      .locator('#audit-timeline .log-index')
      .evaluateAll((els) => els.map((e) => Number(e.textContent.trim())));
    assert(new Set(indexes).size === indexes.length, `log indexes repeat: ${indexes}`);
    console.log(`  log indexes ${indexes.join(', ')}`);
  });

  await step('the case is verified in the browser (已核验)', async () => {
    const mark = await verifiedMark();
    assert(mark.state === 'verified', `the mark is ${mark.state}: ${mark.text}`);
    assert(mark.text.includes('已核验'), `the mark does not say 已核验: ${mark.text}`);
    assert(Number(mark.size) >= 2, `checkpoint size ${mark.size}`);
    const color = await page.locator('#verified-mark .verify-badge').evaluate((e) => getComputedStyle(e).color);
    assert(color === 'rgb(30, 123, 52)', `the verified badge is not green (${color})`);
    console.log(`  ${mark.text}`);
  });

  await step('the checkpoint history lists signed checkpoints with their notes', async () => {
    await page.waitForSelector('#checkpoint-table .checkpoint-row', { state: 'visible' });
    const sizes = await page
      .locator('#checkpoint-table .checkpoint-row')
      .evaluateAll((els) => els.map((e) => Number(e.dataset.size)));
    assert(sizes.length > 0 && sizes[0] >= 2, `checkpoint sizes ${sizes}`);
    for (let i = 1; i < sizes.length; i++) assert(sizes[i] < sizes[i - 1], `not newest first: ${sizes}`);
    const first = page.locator('#checkpoint-table .checkpoint-row').first();
    await first.locator('.checkpoint-note summary').click();
    const note = (await first.locator('.checkpoint-note pre').textContent()) ?? '';
    assert(/\n— \S+ \S+/.test(note), `the note has no signature line: ${JSON.stringify(note)}`);
  });

  await step('a record\'s proof downloads as tlog-proof text', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#audit-timeline .audit-record .proof-link').first().click(),
    ]);
    const path = await download.path();
    const text = readFileSync(path, 'utf8');
    assert(text.startsWith('c2sp.org/tlog-proof@v1\n'), `the proof starts ${JSON.stringify(text.slice(0, 40))}`);
    assert(/\nindex \d+\n/.test(text), 'the proof has no index line');
  });

  await step('the export downloads (preparing shown, a non-empty ZIP)', async () => {
    await page.evaluate(() => {
      window.__sawPreparing = false;
      new MutationObserver(() => {
        if (document.querySelector('#export-button[aria-busy="true"]')) window.__sawPreparing = true;
      }).observe(document.body, { childList: true, subtree: true, attributes: true });
    });
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-button')]);
    const name = download.suggestedFilename();
    assert(name.endsWith('.zip'), `the export is named ${JSON.stringify(name)}`);
    const bytes = readFileSync(await download.path());
    assert(bytes.length > 0, 'the export is empty');
    assert(bytes[0] === 0x50 && bytes[1] === 0x4b, 'the export is not a ZIP');
    await page.waitForFunction(() => Number(document.querySelector('#export-status')?.dataset.bytes || 0) > 0);
    assert(await page.evaluate(() => window.__sawPreparing), 'no preparing state was shown');
    console.log(`  ${name}, ${bytes.length} bytes`);
  });

  await step('on a phone the audit page fits the screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert(width <= 390, `the audit page scrolls sideways on a phone (${width}px wide)`);
    const display = await page.locator('#audit-timeline thead').evaluate((e) => getComputedStyle(e).display);
    assert(display === 'none', 'the timeline header is still shown on a phone');
    await page.setViewportSize({ width: 1280, height: 900 });
    await signOut();
  });

  await step('the officer\'s case page shows 已核验', async () => {
    await signIn(officer);
    await page.goto(`${baseUrl}/#/cases/${caseId}`);
    await page.waitForSelector('#case-page', { state: 'visible' });
    await page.waitForSelector('#timeline', { state: 'visible' });
    const mark = await verifiedMark();
    assert(mark.state === 'verified', `the mark is ${mark.state}: ${mark.text}`);
    assert(mark.text.includes('已核验'), `the mark does not say 已核验: ${mark.text}`);
  });
});
