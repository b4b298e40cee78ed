// Browser test of the case pages: one penalty case (ordinary procedure) walked from filing to
// archive in the UI, as an officer, using only the actions the case page offers.
//
// Create (a wrong credit code first, to see the field error) → file → investigation (a PNG
// photo uploaded as evidence with its preview, an inquiry transcript) → investigation report →
// notice of intended penalty → written waiver → decision → service → execution → closure →
// archive. A second case is notified, new facts are recorded, it is notified again with a
// heavier penalty and decided. Records the file standard (案卷标准) needs are added at their stage; at archive, any
// item the server still names as missing is read from the refusal and the checklist, added, and
// archiving is tried again. Ends with the stage bar (归档 done), the timeline, the list and a
// phone-sized screen.
//
// Plain Node, no framework: `node case.test.mjs`. Exits non-zero on failure.
//
// Environment (as login.test.mjs):
//   SANXIANG_BASE_URL             server under test, e.g. http://127.0.0.1:18080 (required)
//   SANXIANG_DEMO_USER            the acting officer (default demo_officer)
//   SANXIANG_DEMO_USER2           the second officer assigned (default demo_officer2)
//   SANXIANG_DEMO_APPROVER        the agency head who decides (default demo_approver)
//   SANXIANG_DEMO_PASSWORD        their password (required)
//   (SANXIANG_ARTIFACTS_DIR, SANXIANG_CHROMIUM: see lib.mjs)

import { deflateSync } from 'node:zlib';
import {
  assert,
  confirmIfAsked,
  createRunner,
  currentStage as stageOf,
  isoDaysAgo,
  launchPage,
  newRunId,
  requireEnv,
  signIn,
  signOut,
} from './lib.mjs';

const user = process.env.SANXIANG_DEMO_USER || 'demo_officer';
const user2 = process.env.SANXIANG_DEMO_USER2 || 'demo_officer2';
const approver = process.env.SANXIANG_DEMO_APPROVER || 'demo_approver';
const password = process.env.SANXIANG_DEMO_PASSWORD ?? '';

requireEnv('case', ['SANXIANG_BASE_URL', 'SANXIANG_DEMO_PASSWORD']);

// A unique party name, so the list search finds this run's case only.
const runId = newRunId();
const partyName = `桓仁测试会计师事务所有限公司${runId}`;
const caseTitle = '未按规定保存会计凭证';
// A unified social credit code with a valid check character (GB 32100-2015), and one without.
const creditCode = '91350100M000100Y43';
const badCreditCode = '91350100M000100Y44';

const runner = createRunner('case');
const { step } = runner;

// ---- a small PNG, made here so the test needs no fixture file ----
function crc32(buf) {
  let c;
  let crc = 0xffffffff;
  for (let n = 0; n < buf.length; n++) {
    c = (crc ^ buf[n]) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function makePng(width, height) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const rows = [];
  for (let y = 0; y < height; y++) {
    rows.push(Buffer.from([0]));
    for (let x = 0; x < width; x++) rows.push(Buffer.from([0xb3, 0x26 + x * 8, 0x1e + y * 8]));
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

let page;
const recordTitles = [];

const currentStage = () => stageOf(page);

// Opens the form of `action` (only if the page offers it), lets `fill` set its fields, submits,
// and waits for the case to move or for a refusal. Answers { ok, message }.
async function act(action, fill) {
  const button = page.locator(`#actions button[data-action="${action}"]`);
  const offered = await page
    .locator('#actions button[data-action]')
    .evaluateAll((els) => els.map((e) => e.dataset.action));
  assert(
    offered.includes(action),
    `the page does not offer "${action}" (it offers ${JSON.stringify(offered)})`,
  );
  await button.click();
  await page.waitForSelector(`#action-form[data-action="${action}"]`, { state: 'visible' });
  if (fill) await fill();
  const before = await currentStage();
  await page.click('#action-submit');
  const asked = await confirmIfAsked(page, '#action-submit');
  assert(asked === ['decide', 'archive'].includes(action) || (!asked && (await page.isVisible('#action-error'))), `${action}: confirmation ${asked}`);
  const outcome = await page.waitForFunction(
    (prev) => {
      const err = document.querySelector('#action-error');
      if (err) return { ok: false, message: err.textContent.trim() };
      const now = document.querySelector('#stage-bar [data-progress="current"]')?.dataset.stage ?? null;
      if (now !== prev) return { ok: true, stage: now };
      if (document.querySelector('#case-archived')) return { ok: true, stage: null };
      return false;
    },
    before,
  );
  return outcome.jsonValue();
}

// `act`, failing the test on a refusal.
async function mustAct(action, fill) {
  const result = await act(action, fill);
  assert(result.ok, `"${action}" was refused: ${result.message}`);
  return result;
}

// Adds a record through the record form; `file` is { name, mimeType, buffer } or undefined.
async function addRecord({ kind, title, text, documentType, file }) {
  await page.waitForSelector('#record-form', { state: 'visible' });
  await page.selectOption('#record-kind', kind);
  if (documentType) {
    // The options come from the completeness check; wait for the one wanted.
    await page.waitForSelector(`#record-document-type option[value="${documentType}"]`, { state: 'attached' });
    await page.selectOption('#record-document-type', documentType);
  } else {
    await page.selectOption('#record-document-type', '');
  }
  await page.fill('#record-title', title);
  await page.fill('#record-text', text ?? '');
  if (file) await page.setInputFiles('#record-files', file);
  await page.click('#record-submit');
  await page.waitForFunction(
    () => document.querySelector('#record-saved') || document.querySelector('#record-error'),
  );
  const error = await page.evaluate(() => document.querySelector('#record-error')?.textContent ?? null);
  assert(!error, `the record "${title}" was refused: ${error}`);
  await page.waitForFunction(
    (t) => [...document.querySelectorAll('#timeline .record-title')].some((e) => e.textContent.trim() === t),
    title,
  );
  recordTitles.push(title);
}

await runner.run(async () => {
  ({ page } = await launchPage(runner));

  await step('the officer signs in and opens 案件', async () => {
    await signIn(page, user, password);
    for (const slug of ['cases', 'deadlines']) {
      assert(
        await page.isVisible(`#main-nav a[data-page="${slug}"]`),
        `no "${slug}" entry in the navigation of an officer`,
      );
    }
    await page.click('#main-nav a[data-page="cases"]');
    await page.waitForSelector('#cases', { state: 'visible' });
    await page.waitForSelector('#case-table, #cases-empty', { state: 'visible' });
  });

  await step('the new-case form shows the server\'s error for a wrong credit code', async () => {
    await page.click('#case-new');
    await page.waitForSelector('#case-new-form', { state: 'visible' });
    assert((await page.inputValue('#case-kind')) === 'penalty', 'the kind does not default to 行政处罚');
    assert((await page.inputValue('#case-category')) === '财政', 'the category does not default to 财政');
    await page.fill('#case-title', caseTitle);
    await page.selectOption('#party-kind', 'organisation');
    await page.fill('#party-name', partyName);
    await page.selectOption('#party-id-type', 'credit_code');
    await page.fill('#party-id-number', badCreditCode);
    await page.fill('#party-address', '桓仁满族自治县桓仁镇某路1号');
    await page.fill('#party-contact', '024-00000000');
    const second = page.locator(`#case-officers .officer-option[data-username="${user2}"] input`);
    await second.waitFor({ state: 'attached' });
    await second.check();
    const me = page.locator(`#case-officers .officer-option[data-username="${user}"] input`);
    assert(await me.isChecked(), 'the signed-in officer is not preselected');
    await page.click('#case-create');
    await page.waitForSelector('.field-error[data-field="party.id_number"]', { state: 'visible' });
    const text = (await page.textContent('.field-error[data-field="party.id_number"]'))?.trim() ?? '';
    assert(/[\u4e00-\u9fff]/.test(text), `the id error is not in Chinese: ${JSON.stringify(text)}`);
  });

  await step('a penalty case is created with both officers', async () => {
    await page.fill('#party-id-number', creditCode);
    await page.click('#case-create');
    await page.waitForSelector('#case-page', { state: 'visible' });
    await page.waitForSelector('#stage-bar', { state: 'visible' });
    const number = (await page.textContent('#case-number'))?.trim() ?? '';
    assert(/罚/.test(number), `unexpected case number ${JSON.stringify(number)}`);
    const party = (await page.textContent('#case-party')) ?? '';
    assert(party.includes(partyName), `the header shows party ${JSON.stringify(party)}`);
    assert((await currentStage()) === 'filing', `the new case is at ${await currentStage()}, not filing`);
  });

  await step('filing: refused with one officer acting, filed with two', async () => {
    await addRecord({
      kind: 'document',
      title: '立案审批表',
      text: '经审查，符合立案条件，同意立案。',
      documentType: 'filing_approval',
    });
    // With one officer acting, the server refuses (two certified officers, 行政处罚法 art. 42).
    const refused = await act('file', async () => {
      await page.fill('#action-violation-on', isoDaysAgo(40));
      await page.fill('#action-discovered-on', isoDaysAgo(3));
      await page.click('#action-form .acting summary');
      const boxes = page.locator('#action-form .acting input[type="checkbox"]');
      const n = await boxes.count();
      assert(n >= 2, `only ${n} officers offered as acting`);
      for (let i = 1; i < n; i++) await boxes.nth(i).uncheck();
    });
    assert(!refused.ok, 'filing with one officer acting was not refused');
    assert(/[\u4e00-\u9fff]/.test(refused.message), `the refusal is not in Chinese: ${refused.message}`);
    console.log(`  one officer: ${refused.message}`);
    const boxes = page.locator('#action-form .acting input[type="checkbox"]');
    for (let i = 0; i < (await boxes.count()); i++) await boxes.nth(i).check();
    await page.click('#action-submit');
    await page.waitForFunction(() => document.querySelector('#stage-bar [data-progress="current"]')?.dataset.stage !== 'filing');
    const r = { stage: await currentStage() };
    assert(r.stage === 'investigation', `after filing the case is at ${r.stage}`);
    const deadlines = await page.locator('#deadlines .deadline').count();
    assert(deadlines > 0, 'no deadline shown after filing (decision within 90 days)');
  });

  await step('investigation: a photo uploaded with progress and preview, an inquiry transcript', async () => {
    // Watch the progress bar appear while the file goes up.
    await page.evaluate(() => {
      window.__sawProgress = false;
      new MutationObserver(() => {
        if (document.querySelector('#upload-progress')) window.__sawProgress = true;
      }).observe(document.body, { childList: true, subtree: true });
    });
    await addRecord({
      kind: 'photo',
      title: '现场照片：会计凭证保存情况',
      text: '现场拍摄会计凭证存放情况。',
      documentType: 'evidence',
      file: { name: '现场照片.png', mimeType: 'image/png', buffer: makePng(24, 16) },
    });
    assert(await page.evaluate(() => window.__sawProgress), 'no upload progress bar was shown');
    const img = page.locator('#timeline .attachment[data-content-type="image/png"] img.preview-image').first();
    await img.waitFor({ state: 'visible' });
    await page.waitForFunction(
      () => {
        const i = document.querySelector('#timeline .attachment[data-content-type="image/png"] img.preview-image');
        return i && i.complete && i.naturalWidth === 24;
      },
    );
    await addRecord({
      kind: 'transcript',
      title: '询问笔录（第一次）',
      text: '问：你单位会计凭证保存期限是多少？答：……',
      documentType: 'inquiry_transcript',
    });
    const r = await mustAct('complete');
    assert(r.stage === 'investigation_report', `after investigation the case is at ${r.stage}`);
  });

  await step('a record is corrected: both stay in the timeline, linked', async () => {
    const original = page.locator('#timeline .record', {
      has: page.locator('.record-title', { hasText: '询问笔录（第一次）' }),
    }).first();
    const originalSeq = await original.getAttribute('data-seq');
    await original.locator('.correct-button').click();
    await page.waitForSelector('#record-correction-reason', { state: 'visible' });
    await page.fill('#record-correction-reason', '笔录中当事人名称书写有误，予以更正。');
    await page.fill('#record-title', '询问笔录（第一次）更正');
    await page.fill('#record-text', '当事人名称应为：' + partyName);
    await page.click('#record-submit');
    await page.waitForFunction(
      () => document.querySelector('#record-saved') || document.querySelector('#record-error'),
    );
    const error = await page.evaluate(() => document.querySelector('#record-error')?.textContent ?? null);
    assert(!error, `the correction was refused: ${error}`);
    recordTitles.push('询问笔录（第一次）更正');
    const correction = page.locator('#timeline .record[data-kind="correction"]').last();
    await correction.waitFor({ state: 'visible' });
    const link = (await correction.locator('.correction-note .record-link').first().textContent())?.trim();
    assert(link === `#${originalSeq}`, `the correction points at ${link}, expected #${originalSeq}`);
    await page.waitForSelector(`#timeline .record.corrected[data-seq="${originalSeq}"] .corrected-note`);
  });

  await step('investigation report, then the notice of intended penalty (5,000 元)', async () => {
    await addRecord({
      kind: 'document',
      title: '调查终结报告',
      text: '事实清楚，证据确凿，建议罚款人民币伍仟元。',
      documentType: 'investigation_report',
    });
    // 行政处罚法 art. 44, 62: no waiver before a notice; going on without one is labelled as the
    // way to a decision that is not a penalty.
    const offered = await page
      .locator('#actions button[data-action]')
      .evaluateAll((els) => els.map((e) => [e.dataset.action, e.textContent.trim()]));
    assert(!offered.some(([a]) => a === 'waive_rights'), `a waiver is offered before any notice: ${JSON.stringify(offered)}`);
    const skip = offered.find(([a]) => a === 'complete');
    assert(skip && skip[1].includes('不予处罚'), `finishing without a notice is not labelled: ${JSON.stringify(offered)}`);
    const r = await mustAct('issue_notice', async () => {
      await page.fill('#sanction-fine', '5000');
    });
    assert(r.stage === 'notice', `after the notice the case is at ${r.stage}`);
  });

  await step('the party waives statement and hearing in writing', async () => {
    await addRecord({
      kind: 'document',
      title: '行政处罚事先告知书',
      text: '拟处罚款人民币伍仟元，并告知陈述、申辩和听证权利。',
      documentType: 'penalty_notice',
    });
    const r = await mustAct('waive_rights');
    assert(r.stage === 'decision', `after the waiver the case is at ${r.stage}`);
  });

  await step('decision: a heavier penalty only after a new notice; the agency head decides', async () => {
    await addRecord({
      kind: 'document',
      title: '放弃陈述申辩和听证声明',
      text: '当事人书面声明放弃陈述、申辩和听证权利。',
      documentType: 'rights_waiver',
    });
    // 行政处罚法 art. 57: the agency head (机关负责人) decides, not the handling officer, who is
    // offered only a new notice here.
    const officerOffers = await page
      .locator('#actions button[data-action]')
      .evaluateAll((els) => els.map((e) => e.dataset.action));
    assert(
      !officerOffers.includes('decide') && officerOffers.includes('issue_notice'),
      `at the decision the officer is offered ${JSON.stringify(officerOffers)}`,
    );
    const caseHash = await page.evaluate(() => window.location.hash);
    const as = async (who) => {
      await signOut(page);
      await signIn(page, who, password);
      await page.evaluate((h) => { window.location.hash = h; }, caseHash);
      await page.waitForSelector('#stage-bar', { state: 'visible' });
    };
    await as(approver);
    // Art. 44, 45: heavier than the notice is refused …
    const heavier = await act('decide', async () => {
      await page.fill('#sanction-fine', '6000');
    });
    assert(!heavier.ok && heavier.message.includes('告知'), `a penalty heavier than the notice was not refused: ${JSON.stringify(heavier)}`);
    // … new facts: the officer notifies again with the heavier penalty, the party waives again.
    await as(user);
    const renotice = await mustAct('issue_notice', async () => {
      await page.fill('#sanction-fine', '6000');
    });
    assert(renotice.stage === 'notice', `after the new notice the case is at ${renotice.stage}`);
    const rewaived = await mustAct('waive_rights');
    assert(rewaived.stage === 'decision', `after the new waiver the case is at ${rewaived.stage}`);
    await as(approver);
    const r = await mustAct('decide', async () => {
      assert((await page.inputValue('#action-outcome')) === 'penalty', 'the outcome does not default to a penalty');
      const fine = await page.inputValue('#sanction-fine');
      assert(fine === '6000.00', `the fine is not prefilled from the latest notice: ${JSON.stringify(fine)}`);
    });
    assert(r.stage === 'service', `after the decision the case is at ${r.stage}`);
    await signOut(page);
    await signIn(page, user, password);
    await page.evaluate((h) => { window.location.hash = h; }, caseHash);
    await page.waitForSelector('#stage-bar', { state: 'visible' });
  });

  await step('service, execution and closure', async () => {
    await addRecord({
      kind: 'document',
      title: '行政处罚决定书',
      text: '决定给予罚款人民币伍仟元的行政处罚。',
      documentType: 'decision_document',
    });
    let r = await mustAct('record_service', async () => {
      await page.selectOption('#action-method', 'direct');
    });
    assert(r.stage === 'execution', `after service the case is at ${r.stage}`);
    await addRecord({ kind: 'document', title: '送达回证', text: '直接送达。', documentType: 'service_proof' });
    r = await mustAct('record_execution');
    assert(r.stage === 'closure', `after execution the case is at ${r.stage}`);
    r = await mustAct('close');
    assert(r.stage === 'archive', `after closure the case is at ${r.stage}`);
  });

  await step('archive: the refusal names what is missing; those records are added; archived', async () => {
    let result = await act('archive');
    for (let round = 0; !result.ok && round < 3; round++) {
      console.log(`  archive refused: ${result.message}`);
      const missing = await page
        .locator('#completeness .check-item[data-present="false"]')
        .evaluateAll((els) => els.map((e) => ({ type: e.dataset.documentType, label: e.textContent.replace(/[✓✗]/g, '').trim() })));
      assert(missing.length > 0, `archive refused but the checklist names nothing missing: ${result.message}`);
      for (const m of missing) {
        const label = m.label.replace(/(已具备|缺少)$/, '').trim();
        await addRecord({ kind: 'document', title: label, text: `${label}（归档前补充）`, documentType: m.type });
      }
      await page.waitForSelector('#completeness[data-complete="true"]');
      result = await act('archive');
    }
    assert(result.ok, `archive still refused: ${result.message}`);
    await page.waitForSelector('#case-archived', { state: 'visible' });
  });

  await step('the stage bar shows 归档 done and the timeline holds the records', async () => {
    await page.waitForSelector('#stage-bar li[data-stage="archive"][data-progress="done"]');
    const label = (await page.textContent('#stage-bar li[data-stage="archive"] .stage-label'))?.trim();
    assert(label === '归档', `the last stage is labelled ${JSON.stringify(label)}`);
    const undone = await page
      .locator('#stage-bar li[data-progress="current"], #stage-bar li[data-progress="upcoming"]')
      .count();
    assert(undone === 0, `${undone} stages are still current or upcoming after archiving`);
    const titles = await page.locator('#timeline .record-title').evaluateAll((els) => els.map((e) => e.textContent.trim()));
    for (const t of recordTitles) assert(titles.includes(t), `the timeline lacks the record ${JSON.stringify(t)}`);
    const transitions = await page.locator('#timeline .record[data-kind="transition"]').count();
    assert(transitions >= 9, `only ${transitions} transition records in the timeline`);
    assert((await page.locator('#completeness-score').textContent())?.trim() === '100%', 'the file is not scored 100%');
    assert(!(await page.isVisible('#record-form')), 'an archived case still offers the record form');
  });

  await step('the case list finds the case by party; on a phone it is a card', async () => {
    await page.click('#main-nav a[data-page="cases"]');
    await page.waitForSelector('#case-filters', { state: 'visible' });
    await page.fill('#filter-party', runId);
    await page.click('#filter-apply');
    await page.waitForFunction(
      (p) => {
        const rows = [...document.querySelectorAll('#case-table .case-row')];
        return rows.length === 1 && rows[0].textContent.includes(p);
      },
      partyName,
    );
    await page.setViewportSize({ width: 390, height: 844 });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert(width <= 390, `the case list scrolls sideways on a phone (${width}px wide)`);
    const display = await page.locator('#case-table thead').evaluate((e) => getComputedStyle(e).display);
    assert(display === 'none', 'the table header is still shown on a phone');
    await page.click('#case-table .case-link');
    await page.waitForSelector('#stage-bar', { state: 'visible' });
    const caseWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    assert(caseWidth <= 390, `the case page scrolls sideways on a phone (${caseWidth}px wide)`);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  // A second case: the notice is served, new facts come to light, a new notice with a heavier
  // penalty supersedes the first (行政处罚法 art. 44, 45), and the head decides it.
  const caseTitle2 = '未按规定设置会计账簿';
  await step('a second case: notice served, then new facts recorded', async () => {
    await page.click('#main-nav a[data-page="cases"]');
    await page.waitForSelector('#cases', { state: 'visible' });
    await page.click('#case-new');
    await page.waitForSelector('#case-new-form', { state: 'visible' });
    await page.fill('#case-title', caseTitle2);
    await page.selectOption('#party-kind', 'organisation');
    await page.fill('#party-name', partyName);
    await page.selectOption('#party-id-type', 'credit_code');
    await page.fill('#party-id-number', creditCode);
    await page.fill('#party-address', '桓仁满族自治县桓仁镇某路1号');
    await page.fill('#party-contact', '024-00000000');
    const second = page.locator(`#case-officers .officer-option[data-username="${user2}"] input`);
    await second.waitFor({ state: 'attached' });
    await second.check();
    await page.click('#case-create');
    await page.waitForSelector('#case-page', { state: 'visible' });
    await page.waitForSelector('#stage-bar', { state: 'visible' });
    let r = await mustAct('file', async () => {
      await page.fill('#action-violation-on', isoDaysAgo(30));
      await page.fill('#action-discovered-on', isoDaysAgo(3));
    });
    assert(r.stage === 'investigation', `after filing the second case is at ${r.stage}`);
    r = await mustAct('complete');
    assert(r.stage === 'investigation_report', `after investigation the second case is at ${r.stage}`);
    r = await mustAct('issue_notice', async () => {
      await page.fill('#sanction-fine', '3000');
    });
    assert(r.stage === 'notice', `after the notice the second case is at ${r.stage}`);
    await addRecord({
      kind: 'transcript',
      title: '询问笔录（新的事实）',
      text: '经补充调查，当事人另有两个年度未设置会计账簿，违法情节较重。',
      documentType: 'inquiry_transcript',
    });
  });

  await step('the second case is notified again with a heavier penalty and decided', async () => {
    // The new notice keeps the case at 告知: success shows as the superseding note in the timeline.
    await page.click('#actions button[data-action="issue_notice"]');
    await page.waitForSelector('#action-form[data-action="issue_notice"]', { state: 'visible' });
    const fine = await page.inputValue('#sanction-fine');
    assert(fine === '3000.00', `the new notice is not prefilled from the first: ${JSON.stringify(fine)}`);
    await page.fill('#sanction-fine', '8000');
    await page.click('#action-submit');
    const renotice = await (await page.waitForFunction(() => {
      const err = document.querySelector('#action-error');
      if (err) return { ok: false, message: err.textContent.trim() };
      const done = [...document.querySelectorAll('#timeline .record')].some((e) => e.textContent.includes('重新告知'));
      return done ? { ok: true } : false;
    })).jsonValue();
    assert(renotice.ok, `the new notice was refused: ${renotice.message}`);
    assert((await currentStage()) === 'notice', 'after the new notice the second case left 告知');
    const waived = await mustAct('waive_rights');
    assert(waived.stage === 'decision', `after the waiver the second case is at ${waived.stage}`);
    const caseHash = await page.evaluate(() => window.location.hash);
    await signOut(page);
    await signIn(page, approver, password);
    await page.evaluate((h) => { window.location.hash = h; }, caseHash);
    await page.waitForSelector('#stage-bar', { state: 'visible' });
    const decided = await mustAct('decide', async () => {
      const fine = await page.inputValue('#sanction-fine');
      assert(fine === '8000.00', `the decision is not prefilled from the latest notice: ${JSON.stringify(fine)}`);
    });
    assert(decided.stage === 'service', `after the decision the second case is at ${decided.stage}`);
    await signOut(page);
    await signIn(page, user, password);
  });

  await step('the deadlines page opens', async () => {
    await page.click('#main-nav a[data-page="deadlines"]');
    await page.waitForSelector('#deadlines-page', { state: 'visible' });
    await page.waitForSelector('#deadline-table, #deadlines-empty', { state: 'visible' });
  });
});
