// Browser test of the legal review (重大执法决定法制审核), in the UI only:
//
// An officer opens a penalty case marked as a major decision (重大执法决定) against an
// organisation, takes it to the legal review stage (notice of a 200,000 元 fine, written waiver),
// sees the stage refused while no review has approved it, and submits the review request with
// materials from the case file and the draft decision. The legal reviewer finds it in the queue
// (新提交), assigns it to herself, answers the 11 items with one problem, and returns it
// (存在问题) with what must change. The officer sees the opinion on the case page, adds the
// missing evidence, lowers the fine to 150,000 元 and resubmits. The reviewer finds it under
// 重新提交, sees the diff of the draft between rounds (amount changed), passes all 11 items and
// approves (同意). The approver ends the review stage and decides: first with the noticed
// 200,000 元 — refused as not the approved draft (review_stale) — then with 150,000 元, refused
// until the collective deliberation (集体讨论, attendees, opinions, conclusion) is recorded. Also:
// the catalogue page for the approver, and the review page on a phone.
//
// Plain Node, no framework: `node review.test.mjs`. Exits non-zero on failure.
//
// Environment (as the other browser tests):
//   SANXIANG_BASE_URL             server under test, e.g. http://127.0.0.1:18080 (required)
//   SANXIANG_DEMO_USER            the handling officer (default demo_officer)
//   SANXIANG_DEMO_USER2           the second officer (default demo_officer2)
//   SANXIANG_DEMO_REVIEWER        the legal reviewer (default demo_reviewer)
//   SANXIANG_DEMO_APPROVER        the approver (default demo_approver)
//   SANXIANG_DEMO_PASSWORD        their password (required)
//   (SANXIANG_ARTIFACTS_DIR, SANXIANG_CHROMIUM: see lib.mjs)

import {
  assert,
  baseUrl,
  confirmIfAsked,
  createRunner,
  currentStage as stageOf,
  hasChinese,
  isoDaysAgo,
  launchPage,
  newRunId,
  requireEnv,
  signOut as signOutOf,
} from './lib.mjs';

const officer = process.env.SANXIANG_DEMO_USER || 'demo_officer';
const officer2 = process.env.SANXIANG_DEMO_USER2 || 'demo_officer2';
const reviewer = process.env.SANXIANG_DEMO_REVIEWER || 'demo_reviewer';
const approver = process.env.SANXIANG_DEMO_APPROVER || 'demo_approver';
const password = process.env.SANXIANG_DEMO_PASSWORD ?? '';

requireEnv('review', ['SANXIANG_BASE_URL', 'SANXIANG_DEMO_PASSWORD']);

const runId = newRunId();
const partyName = `桓仁审核测试会计服务有限公司${runId}`;
const caseTitle = '伪造、变造会计凭证';
// A unified social credit code with a valid check character (GB 32100-2015).
const creditCode = '91350100M000100Y43';
const mustChangeText = '补充当事人银行流水等证据，并按裁量基准重新核定罚款金额。';
const problemComment = '现有证据不足以证明违法所得金额。';

const runner = createRunner('review');
const { step } = runner;
let caseId = null;
let page;

async function signIn(username) {
  await page.goto(`${baseUrl}/`, { waitUntil: 'load' });
  if (await page.isVisible('#logout').catch(() => false)) {
    await page.click('#logout');
  }
  await page.waitForSelector('#login-form', { state: 'visible' });
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('#login-submit');
  await page.waitForSelector('#current-user', { state: 'visible' });
}

const signOut = () => signOutOf(page);

async function openCase() {
  await page.evaluate((id) => { window.location.hash = `/cases/${id}`; }, caseId);
  await page.waitForSelector(`#case-page[data-case-id="${caseId}"]`, { state: 'visible' });
  await page.waitForSelector('#stage-bar', { state: 'visible' });
}

async function openReview() {
  await page.evaluate((id) => { window.location.hash = `/review/${id}`; }, caseId);
  await page.waitForSelector(`#review-page[data-case-id="${caseId}"] #review-status`, { state: 'visible' });
}

const currentStage = () => stageOf(page);

// Opens the form of `action` (only if offered), lets `fill` set its fields, submits, and waits
// for the case to move or for a refusal. Answers { ok, message, stage }.
async function act(action, fill) {
  const offered = await page
    .locator('#actions button[data-action]')
    .evaluateAll((els) => els.map((e) => e.dataset.action));
  assert(offered.includes(action), `the page does not offer "${action}" (it offers ${JSON.stringify(offered)})`);
  if (!(await page.isVisible(`#action-form[data-action="${action}"]`))) {
    await page.click(`#actions button[data-action="${action}"]`);
  }
  await page.waitForSelector(`#action-form[data-action="${action}"]`, { state: 'visible' });
  if (fill) {
    await fill();
    // The case page re-renders when something it loads after a saved record arrives, and a
    // form filled just before is then empty again: let it settle and fill once more (every
    // fill here only sets values).
    await page.waitForTimeout(500);
    await fill();
  }
  const before = await currentStage();
  await page.click('#action-submit');
  const asked = await confirmIfAsked(page, '#action-submit');
  assert(asked === ['decide', 'archive'].includes(action) || (!asked && (await page.isVisible('#action-error'))), `${action}: confirmation ${asked}`);
  // The button stays disabled while the request is out; a refusal shown before this try does
  // not count until it is done.
  const outcome = await page.waitForFunction(
    (prev) => {
      const err = document.querySelector('#action-error');
      const busy = document.querySelector('#action-submit')?.disabled;
      if (err && !busy) return { ok: false, message: err.textContent.trim() };
      const now = document.querySelector('#stage-bar [data-progress="current"]')?.dataset.stage ?? null;
      if (now !== prev) return { ok: true, stage: now };
      return false;
    },
    before,
  );
  return outcome.jsonValue();
}

async function mustAct(action, fill) {
  const result = await act(action, fill);
  assert(result.ok, `"${action}" was refused: ${result.message}`);
  return result;
}

async function addRecord({ kind, title, text, documentType }) {
  await page.waitForSelector('#record-form', { state: 'visible' });
  await page.selectOption('#record-kind', kind);
  if (documentType) {
    await page.waitForSelector(`#record-document-type option[value="${documentType}"]`, { state: 'attached' });
    await page.selectOption('#record-document-type', documentType);
  } else {
    await page.selectOption('#record-document-type', '');
  }
  await page.fill('#record-title', title);
  await page.fill('#record-text', text ?? '');
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
}

// Checks the material named `title` in the request form and sets its kind.
async function chooseMaterial(title, kind) {
  const row = page.locator(`#review-materials .material-option[data-title="${title}"]`);
  await row.waitFor({ state: 'visible' });
  await row.locator('input.material-check').check();
  if (kind) await row.locator('select.material-kind').selectOption(kind);
}

// Waits for the review panel on the case page to show `status`.
async function panelStatus(status) {
  await page.waitForSelector(`#review-panel[data-status="${status}"]`, { state: 'attached' });
}

await runner.run(async () => {
  ({ page } = await launchPage(runner));

  await step('the officer opens a penalty case marked as a major decision', async () => {
    await signIn(officer);
    await page.click('#main-nav a[data-page="cases"]');
    await page.waitForSelector('#cases', { state: 'visible' });
    await page.click('#case-new');
    await page.waitForSelector('#case-new-form', { state: 'visible' });
    await page.fill('#case-title', caseTitle);
    await page.selectOption('#party-kind', 'organisation');
    await page.fill('#party-name', partyName);
    await page.selectOption('#party-id-type', 'credit_code');
    await page.fill('#party-id-number', creditCode);
    await page.fill('#party-address', '桓仁满族自治县桓仁镇某路2号');
    await page.fill('#party-contact', '024-00000001');
    const second = page.locator(`#case-officers .officer-option[data-username="${officer2}"] input`);
    await second.waitFor({ state: 'attached' });
    await second.check();
    await page.check('#flag-legal-review');
    await page.click('#case-create');
    await page.waitForSelector('#case-page', { state: 'visible' });
    caseId = await page.getAttribute('#case-page', 'data-case-id');
    assert(caseId, 'no case id on the case page');
    await page.waitForSelector('#review-panel #review-none', { state: 'visible' });
    const note = (await page.textContent('#review-none'))?.trim() ?? '';
    assert(note.includes('法制审核'), `the review card does not say the case needs review: ${note}`);
  });

  await step('filing, investigation, report, notice of a 200,000 元 fine, waiver: at 法制审核', async () => {
    await addRecord({ kind: 'document', title: '立案审批表', text: '同意立案。', documentType: 'filing_approval' });
    await mustAct('file', async () => {
      await page.fill('#action-violation-on', isoDaysAgo(40));
      await page.fill('#action-discovered-on', isoDaysAgo(3));
    });
    await addRecord({ kind: 'document', title: '会计凭证复印件', text: '伪造的记账凭证三张。', documentType: 'evidence' });
    await addRecord({ kind: 'transcript', title: '询问笔录', text: '问：凭证由谁制作？答：……', documentType: 'inquiry_transcript' });
    await mustAct('complete');
    await addRecord({
      kind: 'document',
      title: '调查终结报告',
      text: '事实清楚，建议罚款人民币贰拾万元。',
      documentType: 'investigation_report',
    });
    await mustAct('issue_notice', async () => {
      await page.fill('#sanction-fine', '200000');
    });
    await addRecord({ kind: 'document', title: '行政处罚事先告知书', text: '拟罚款贰拾万元。', documentType: 'penalty_notice' });
    const r = await mustAct('waive_rights');
    assert(r.stage === 'legal_review', `after the waiver the case is at ${r.stage}, not legal_review`);
  });

  await step('the review stage is refused without an approving review', async () => {
    const refused = await act('complete');
    assert(!refused.ok, 'the legal review stage was completed without any review');
    assert(hasChinese(refused.message), `the refusal is not in Chinese: ${refused.message}`);
    console.log(`  without review: ${refused.message}`);
    await page.click('#action-form button.btn-secondary');
  });

  await step('the officer submits the review request: materials and the draft decision', async () => {
    await addRecord({
      kind: 'document',
      title: '行政处罚决定书（草案）',
      text: '拟决定对当事人处以罚款人民币贰拾万元。',
    });
    await page.click('#review-open');
    await page.waitForSelector('#review-request-form', { state: 'visible' });
    // The investigation report is offered as such, already chosen.
    const report = page.locator('#review-materials .material-option[data-title="调查终结报告"]');
    assert(await report.locator('input.material-check').isChecked(), 'the investigation report is not preselected');
    assert(
      (await report.locator('select.material-kind').inputValue()) === 'investigation_report',
      'the investigation report is not offered as 调查终结报告',
    );
    await chooseMaterial('行政处罚决定书（草案）', 'draft_decision');
    assert((await page.inputValue('#draft-outcome')) === 'penalty', 'the draft outcome is not a penalty');
    const fine = await page.inputValue('#draft-fine');
    assert(fine === '200000.00', `the draft fine is not prefilled from the notice: ${JSON.stringify(fine)}`);
    await page.fill('#draft-legal-basis', '《中华人民共和国会计法》第四十三条');
    await page.click('#review-request-submit');
    await page.waitForFunction(
      () => document.querySelector('#review-request-error') || document.querySelector('#review-panel[data-status="requested"]'),
    );
    const error = await page.evaluate(() => document.querySelector('#review-request-error')?.textContent ?? null);
    assert(!error, `the review request was refused: ${error}`);
    const status = (await page.textContent('#review-status'))?.trim();
    assert(status === '待分配', `the review status reads ${JSON.stringify(status)}`);
    await signOut();
  });

  await step('the reviewer finds it under 新提交 and assigns it to herself', async () => {
    await signIn(reviewer);
    await page.click('#main-nav a[data-page="legal-review"]');
    await page.waitForSelector('#review-queue', { state: 'visible' });
    await page.click('#queue-new');
    await page.waitForSelector(`#queue-table .queue-row[data-case-id="${caseId}"]`, { state: 'visible' });
    await page.click(`#queue-table .queue-row[data-case-id="${caseId}"] .queue-link`);
    await page.waitForSelector('#review-page #review-status', { state: 'visible' });
    // The case file sits beside the checklist.
    await page.waitForSelector('#review-material-list .material', { state: 'visible' });
    await page.waitForSelector('#review-page #timeline', { state: 'visible' });
    await page.waitForSelector('#review-flagging', { state: 'visible' });
    await page.waitForSelector('#assign-form', { state: 'visible' });
    const picked = await page.inputValue('#assign-reviewer');
    assert(picked, 'the reviewer is not preselected');
    await page.click('#assign-submit');
    await page.waitForSelector('#review-status[data-status="assigned"]');
    await page.waitForSelector('#checklist[data-editable="true"]');
    const items = await page.locator('#checklist .checklist-entry').count();
    assert(items === 11, `the checklist has ${items} items, not 11`);
  });

  await step('the reviewer answers the 11 items with one problem and returns it (存在问题)', async () => {
    const evidence = page.locator('#checklist .checklist-entry[data-item="evidence_sufficient"]');
    await evidence.locator('input[value="problem"]').check();
    await evidence.locator('textarea.item-comment').fill(problemComment);
    await page.click('#checklist-all-pass');
    await page.click('#checklist-save');
    await page.waitForFunction(() => !document.querySelector('#opinion-needs-checklist') || document.querySelector('#checklist-error'));
    const err = await page.evaluate(() => document.querySelector('#checklist-error')?.textContent ?? null);
    assert(!err, `the checklist was refused: ${err}`);
    await page.check('#opinion-problems');
    await page.fill('#opinion-must-change', mustChangeText);
    await page.click('#opinion-submit');
    await page.waitForSelector('#review-status[data-status="returned"]');
    await signOut();
  });

  await step('the officer sees the opinion and what to correct, corrects and resubmits', async () => {
    await signIn(officer);
    await openCase();
    await page.waitForSelector('#review-latest-opinion', { state: 'visible' });
    const opinion = (await page.textContent('#review-latest-opinion')) ?? '';
    assert(opinion.includes('存在问题'), 'the opinion does not read 存在问题');
    assert(opinion.includes(mustChangeText), 'the case page does not show what must change');
    assert(opinion.includes(problemComment), 'the case page does not show the problem item comment');
    await addRecord({
      kind: 'document',
      title: '当事人银行流水',
      text: '证明违法所得金额的银行流水。',
      documentType: 'evidence',
    });
    await page.click('#review-open');
    await page.waitForSelector('#review-request-form[data-resubmit="true"]', { state: 'visible' });
    // The previous round's materials are kept.
    const draftRow = page.locator('#review-materials .material-option[data-title="行政处罚决定书（草案）"]');
    assert(await draftRow.locator('input.material-check').isChecked(), 'the draft is not kept from round 1');
    await chooseMaterial('当事人银行流水', 'evidence_list');
    await page.fill('#draft-fine', '150000');
    await page.click('#review-request-submit');
    await page.waitForFunction(
      () => document.querySelector('#review-request-error') || document.querySelector('#review-panel[data-status="resubmitted"]'),
    );
    const error = await page.evaluate(() => document.querySelector('#review-request-error')?.textContent ?? null);
    assert(!error, `the resubmission was refused: ${error}`);
    await signOut();
  });

  await step('the reviewer sees it under 重新提交 with the diff between rounds, and approves (同意)', async () => {
    await signIn(reviewer);
    await page.click('#main-nav a[data-page="legal-review"]');
    await page.click('#queue-resubmitted');
    await page.waitForSelector(`#queue-table .queue-row[data-case-id="${caseId}"]`, { state: 'visible' });
    await page.click(`#queue-table .queue-row[data-case-id="${caseId}"] .queue-link`);
    await page.waitForSelector('#review-diff', { state: 'visible' });
    await page.waitForSelector('#review-diff .diff-row[data-field="amount"][data-changed="true"]');
    const after = (await page.textContent('#review-diff .diff-row[data-field="amount"] .diff-after')) ?? '';
    assert(after.includes('150,000'), `the diff does not show the new amount: ${after}`);
    const added = (await page.textContent('#review-diff')) ?? '';
    assert(added.includes('当事人银行流水'), 'the diff does not name the added material');
    await page.waitForSelector('#earlier-rounds details.round[data-round="1"]', { state: 'attached' });
    await page.waitForSelector('#checklist[data-editable="true"]');
    await page.click('#checklist-all-pass');
    await page.click('#checklist-save');
    await page.waitForFunction(() => !document.querySelector('#opinion-needs-checklist') || document.querySelector('#checklist-error'));
    const err = await page.evaluate(() => document.querySelector('#checklist-error')?.textContent ?? null);
    assert(!err, `the checklist was refused: ${err}`);
    await page.check('#opinion-approve');
    await page.click('#opinion-submit');
    await page.waitForSelector('#review-status[data-status="approved"]');
  });

  await step('the review page fits a phone screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForSelector('#checklist', { state: 'visible' });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert(width <= 390, `the review page scrolls sideways on a phone (${width}px wide)`);
    await page.setViewportSize({ width: 1280, height: 900 });
    await signOut();
  });

  await step('the approver sees the catalogue', async () => {
    await signIn(approver);
    await page.click('#main-nav a[data-page="catalogue"]');
    await page.waitForSelector('#catalogue-versions .catalogue-version[data-in-force="true"]', { state: 'visible' });
    const criteria = await page.locator('#catalogue-versions .catalogue-version[data-in-force="true"] .criterion').count();
    assert(criteria > 0, 'the catalogue in force lists no criteria');
    await page.click('#catalogue-edit');
    await page.waitForSelector('#catalogue-form .criterion-row', { state: 'visible' });
    await page.click('#catalogue-form .form-actions .btn-secondary');
  });

  await step('the approver ends the review stage, records the deliberation and decides: the approved draft only', async () => {
    await openCase();
    await panelStatus('approved');
    const r = await mustAct('complete');
    // A major penalty goes through the collective deliberation stage (行政处罚法 art. 57).
    assert(r.stage === 'collective_deliberation', `after the review stage the case is at ${r.stage}`);
    await page.click('#deliberation-open');
    await page.waitForSelector('#deliberation-form', { state: 'visible' });
    await page.waitForFunction(() => document.querySelectorAll('#deliberation-form .attendee').length >= 3);
    const attendees = page.locator('#deliberation-form .attendee');
    for (let i = 0; i < 3; i++) {
      await attendees.nth(i).locator('input[type="checkbox"]').check();
      await attendees.nth(i).locator('textarea.attendee-opinion').fill(`同意处以罚款人民币壹拾伍万元（意见${i + 1}）。`);
    }
    await page.fill('#deliberation-conclusion', '经集体讨论，决定对当事人处以罚款人民币壹拾伍万元。');
    await page.click('#deliberation-submit');
    await page.waitForFunction(
      () => document.querySelector('#deliberation-error') || document.querySelector('#deliberation-panel .deliberation-conclusion'),
    );
    const derr = await page.evaluate(() => document.querySelector('#deliberation-error')?.textContent ?? null);
    assert(!derr, `the deliberation was refused: ${derr}`);
    const d = await mustAct('complete');
    assert(d.stage === 'decision', `after the deliberation the case is at ${d.stage}`);
    // The decision form is prefilled from the notice (200,000 元): not the approved draft.
    const stale = await act('decide', async () => {
      assert((await page.inputValue('#sanction-fine')) === '200000.00', 'the decision is not prefilled from the notice');
    });
    assert(!stale.ok, 'a decision differing from the approved draft was not refused');
    assert(stale.message.includes('法制审核'), `the refusal does not name the legal review: ${stale.message}`);
    console.log(`  stale draft: ${stale.message}`);
    const ok = await act('decide', async () => {
      if ((await page.inputValue('#sanction-fine')) !== '150000') await page.fill('#sanction-fine', '150000');
    });
    assert(ok.ok, `the decision on the approved draft was refused: ${ok.message}`);
    assert(ok.stage === 'service', `after the decision the case is at ${ok.stage}`);
  });
});
