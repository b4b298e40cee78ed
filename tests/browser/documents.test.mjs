// Browser test of the enforcement documents (执法文书) in the app: one penalty case walked from
// filing to archive with its documents generated through the case page's 执法文书 panel, each
// from a structured form pre-filled from what the case holds.
//
// Refusal first: before the agency has document settings, a 决定书 is refused and the page names
// every missing element in Chinese (行政处罚法 art. 59: the court, the reconsideration organ…).
// Then the agency's administrator saves the document settings (bank account, organ, court,
// contact) on the admin page. The officer generates the 立案审批表, files, adds an evidence
// photo, generates the 询问笔录 (questions and answers, persons present, place, times),
// completes the investigation, issues the notice and generates the 告知书 (citations as rows;
// its 样稿 previewed as PDF), the party waives, the 决定书 comes pre-filled with the legal basis,
// is issued, and the head decides. The 决定书's PDF and the case file (电子案卷) open as PDFs; a
// signed scan is attached beside the PDF. Service (送达回证), execution, closure (结案审批表) and
// archive follow; the editor submits the disclosure and the approver publishes it: the public
// entry carries the legal basis written once in the 决定书. No console errors (answers of 4xx the page
// reads are not counted).
//
// Plain Node, no framework: `node documents.test.mjs`. Exits non-zero on failure.
//
// Environment (as case.test.mjs):
//   SANXIANG_BASE_URL             server under test, e.g. http://127.0.0.1:18080 (required)
//   SANXIANG_DEMO_USER            the acting officer (default demo_officer)
//   SANXIANG_DEMO_USER2           the second officer assigned (default demo_officer2)
//   SANXIANG_DEMO_APPROVER        the agency head who decides (default demo_approver)
//   SANXIANG_DEMO_EDITOR          the disclosure editor (default demo_editor)
//   SANXIANG_DEMO_PASSWORD        their password (required)
//   SANXIANG_ADMIN_PASSWORD       the password of `admin`, who adds the agency's administrator (required)
//   (SANXIANG_ARTIFACTS_DIR, SANXIANG_CHROMIUM: see lib.mjs)

import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import {
  api,
  assert,
  baseUrl,
  chinaToday,
  confirmIfAsked,
  createRunner,
  currentStage as stageOf,
  isoDaysAgo,
  launchPage,
  requireEnv,
  signIn,
  signOut,
} from './lib.mjs';

const user = process.env.SANXIANG_DEMO_USER || 'demo_officer';
const user2 = process.env.SANXIANG_DEMO_USER2 || 'demo_officer2';
const approver = process.env.SANXIANG_DEMO_APPROVER || 'demo_approver';
const editor = process.env.SANXIANG_DEMO_EDITOR || 'demo_editor';
const password = process.env.SANXIANG_DEMO_PASSWORD ?? '';
const adminPassword = process.env.SANXIANG_ADMIN_PASSWORD ?? '';

requireEnv('documents', ['SANXIANG_BASE_URL', 'SANXIANG_DEMO_PASSWORD', 'SANXIANG_ADMIN_PASSWORD']);

// A unique party name in Chinese characters (the public search is by keyword).
const cn = String(Date.now() % 1_000_000)
  .padStart(6, '0')
  .split('')
  .map((d) => '零一二三四五六七八九'[Number(d)])
  .join('');
const partyName = `桓仁文书测试会计服务有限公司${cn}`;
const creditCode = '91350100M000100Y43';
const docAdmin = `doc_admin_${Date.now().toString(36)}`;
const docAdminPassword = 'doc-admin-browser-password';
const SETTINGS = {
  bank: '中国工商银行桓仁支行',
  accountName: '桓仁满族自治县财政局',
  accountNumber: '0716 0000 0000 0001',
  organ: '桓仁满族自治县人民政府',
  court: '桓仁满族自治县人民法院',
  contact: '桓仁县某路8号，电话0414-0000000',
};
const FACTS = '当事人未按规定保存2025年度会计凭证';
const LAW = '中华人民共和国会计法';

const runner = createRunner('documents');
const { step } = runner;

// ---- a small PNG, made here so the test needs no fixture file (as case.test.mjs) ----
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
  ihdr[8] = 8;
  ihdr[9] = 2;
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

// ---- API setup (not what this test is about) ----

async function apiLogin(username, pw) {
  return (await api('POST', '/auth/login', null, { username, password: pw })).access_token;
}

// ---- browser helpers ----
let page;
let caseHash = null;
// Errors of the app on the console. Chromium also logs every 4xx answer as "Failed to load
// resource" (the refusal's 422, the panels that ask whether a review exists): those are
// answers the page reads, not errors of its own, and are left out.
const consoleErrors = [];

const currentStage = () => stageOf(page);

async function as(who, pw = password) {
  await signOut(page);
  await signIn(page, who, pw);
  if (caseHash) {
    await page.evaluate((h) => {
      window.location.hash = h;
    }, caseHash);
    await page.waitForSelector('#stage-bar', { state: 'visible' });
    await page.waitForSelector('#documents #documents-issued', { state: 'visible' });
  }
}

// Opens the form of `action`, lets `fill` set its fields, submits, and waits for the case to
// move or for a refusal (as case.test.mjs). Answers { ok, message, stage }.
async function act(action, fill) {
  const offered = await page
    .locator('#actions button[data-action]')
    .evaluateAll((els) => els.map((e) => e.dataset.action));
  assert(offered.includes(action), `the page does not offer "${action}" (it offers ${JSON.stringify(offered)})`);
  await page.locator(`#actions button[data-action="${action}"]`).click();
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

async function mustAct(action, fill) {
  const result = await act(action, fill);
  assert(result.ok, `"${action}" was refused: ${result.message}`);
  return result;
}

// Adds a record through the record form (as case.test.mjs).
async function addRecord({ kind, title, text, documentType, file }) {
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
  if (file) await page.setInputFiles('#record-files', file);
  await page.click('#record-submit');
  await page.waitForFunction(() => document.querySelector('#record-saved') || document.querySelector('#record-error'));
  const error = await page.evaluate(() => document.querySelector('#record-error')?.textContent ?? null);
  assert(!error, `the record "${title}" was refused: ${error}`);
  await page.waitForFunction(
    (t) => [...document.querySelectorAll('#timeline .record-title')].some((e) => e.textContent.trim() === t),
    title,
  );
}

// Opens the form of document `kind` from the panel (the due list, else 其他文书).
async function openDocument(kind, { due = true } = {}) {
  const list = due ? '#documents-due' : '#documents-other';
  if (!due && !(await page.evaluate(() => document.querySelector('#documents-other').open))) {
    await page.click('#documents-other summary');
  }
  const button = page.locator(`${list} .available-document[data-kind="${kind}"] .generate-button`);
  await button.waitFor({ state: 'visible' });
  await button.click();
  await page.waitForSelector(`#document-form[data-kind="${kind}"]`, { state: 'visible' });
}

// Fills citation row `i` of the list `#id` (adding rows as needed).
async function fillCitation(id, i, { law, article, paragraph, item }) {
  while ((await page.locator(`#${id} .citation-row`).count()) <= i) {
    await page.click(`#${id} > .row-add`);
  }
  const row = page.locator(`#${id} .citation-row[data-index="${i}"]`);
  await row.locator('.citation-law input').fill(law);
  await row.locator('.citation-article input').fill(String(article));
  if (paragraph) await row.locator('.citation-paragraph input').fill(String(paragraph));
  if (item) await row.locator('.citation-item input').fill(String(item));
}

// 签发: waits for the issued row of `kind` (or fails with the refusal shown); answers its number.
async function issue(kind) {
  const before = await page.locator(`#documents-issued .issued-document[data-kind="${kind}"]`).count();
  await page.click('#document-issue');
  const outcome = await (
    await page.waitForFunction(
      ([k, n]) => {
        const missing = [...document.querySelectorAll('#document-missing .missing-field')].map((e) => e.textContent.trim());
        const err = document.querySelector('#document-error');
        if (err) return { ok: false, message: `${err.textContent.trim()} ${missing.join('、')}` };
        const rows = document.querySelectorAll(`#documents-issued .issued-document[data-kind="${k}"]`);
        if (rows.length > n && !document.querySelector('#document-form')) {
          return { ok: true, number: rows[rows.length - 1].querySelector('.document-number').textContent.trim() };
        }
        return false;
      },
      [kind, before],
    )
  ).jsonValue();
  assert(outcome.ok, `the ${kind} was refused: ${outcome.message}`);
  return outcome.number;
}

// Clicks `button` and answers the server's answer to the request whose path contains `path`
// (status, content type); then waits for the page's link `link` to the PDF it made of it (an
// object URL, opened in a new tab too). The page keeps the body (Chromium hands it to the page,
// not to the test), so the bytes are checked apart (see `pdfBytes`).
async function pdfAnswer(button, path, link) {
  const [resp] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname.includes(path)),
    page.click(button),
  ]);
  const href = await page.locator(link).getAttribute('href', { timeout: 30_000 });
  assert(href?.startsWith('blob:'), `${link} points at ${href}`);
  return {
    status: resp.status(),
    type: resp.headers()['content-type'],
  };
}

const isPdf = (a) => a.status === 200 && a.type === 'application/pdf';

// The bytes at `path` (below /api/v1) as `username` reads them.
async function pdfBytes(username, pw, path) {
  const t = await apiLogin(username, pw);
  const resp = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${t}` } });
  assert(resp.ok, `${path} answered ${resp.status}`);
  return Buffer.from(await resp.arrayBuffer());
}

await runner.run(async () => {
  let context;
  ({ context, page } = await launchPage(runner));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(text)) return;
    consoleErrors.push(text);
  });
  page.on('pageerror', (err) => consoleErrors.push(String(err)));
  // PDFs the app opens in new tabs are closed again (the checks read the object URLs).
  // …except while the test opens a page of its own.
  let openingOwnPage = false;
  context.on('page', (p) => {
    if (p !== page && !openingOwnPage) p.close().catch(() => {});
  });

  await step('setup (API): the demo agency gets an administrator', async () => {
    const t = await apiLogin(user, password);
    const me = await api('GET', '/me', t);
    const admin = await apiLogin('admin', adminPassword);
    await api('POST', '/users', admin, {
      username: docAdmin,
      display_name: '文书管理员',
      password: docAdminPassword,
      agency_id: me.agency.id,
      roles: ['admin'],
    });
  });

  await step('the officer opens a penalty case; the panel offers the 立案审批表 first', async () => {
    await signIn(page, user, password);
    await page.click('#main-nav a[data-page="cases"]');
    await page.waitForSelector('#cases', { state: 'visible' });
    await page.click('#case-new');
    await page.waitForSelector('#case-new-form', { state: 'visible' });
    await page.fill('#case-title', `未按规定保存会计凭证（文书测试${cn}）`);
    await page.selectOption('#party-kind', 'organisation');
    await page.fill('#party-name', partyName);
    await page.selectOption('#party-id-type', 'credit_code');
    await page.fill('#party-id-number', creditCode);
    await page.fill('#party-address', '桓仁满族自治县桓仁镇某路1号');
    await page.fill('#party-contact', '024-00000000');
    // The 双公示 template requires an organisation's 法定代表人 before its decision is published.
    await page.fill('#party-legal-representative', '孙经理');
    const second = page.locator(`#case-officers .officer-option[data-username="${user2}"] input`);
    await second.waitFor({ state: 'attached' });
    await second.check();
    await page.click('#case-create');
    await page.waitForSelector('#case-page', { state: 'visible' });
    await page.waitForSelector('#stage-bar', { state: 'visible' });
    caseHash = await page.evaluate(() => window.location.hash);
    await page.waitForSelector('#documents-due .available-document[data-kind="filing_approval"]', { state: 'visible' });
    const first = await page.locator('#documents-due .available-document').first().getAttribute('data-kind');
    assert(first === 'filing_approval', `the first document due at filing is ${first}`);
  });

  await step('refusal: a 决定书 before the settings exist names what is missing, in Chinese', async () => {
    await openDocument('penalty_decision', { due: false });
    // The form shows what the 决定书 prints, not what a 笔录 asks.
    for (const id of ['#doc-facts', '#doc-basis', '#doc-violated', '#doc-discretion', '#doc-legal-representative']) {
      assert(await page.isVisible(id), `the 决定书 form lacks ${id}`);
    }
    assert(!(await page.isVisible('#doc-qa')), 'the 决定书 form asks for questions and answers');
    // On a phone the form fits the screen (citation rows wrap).
    await page.setViewportSize({ width: 390, height: 844 });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert(width <= 390, `the document form scrolls sideways on a phone (${width}px wide)`);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.click('#document-issue');
    await page.waitForSelector('#document-missing .missing-field', { state: 'visible' });
    const missing = await page
      .locator('#document-missing .missing-field')
      .evaluateAll((els) => els.map((e) => [e.dataset.field, e.textContent.trim()]));
    console.log(`  missing: ${missing.map(([, l]) => l).join('、')}`);
    const fields = Object.fromEntries(missing);
    for (const [field, label] of [
      ['settings.court', '管辖人民法院'],
      ['settings.reconsideration_organ', '行政复议机关'],
      ['form.basis', '依据'],
      ['form.facts', '违法事实'],
    ]) {
      assert(fields[field]?.includes(label), `the refusal does not name ${field} as ${label}: ${JSON.stringify(missing)}`);
    }
    // Beside the field too.
    assert(await page.isVisible('.field-error[data-field="form.basis"]'), 'no message beside the legal basis');
    assert(/[\u4e00-\u9fff]/.test(await page.textContent('#document-error')), 'the refusal is not in Chinese');
    await page.click('#document-cancel');
    await page.waitForSelector('#document-form', { state: 'detached' });
    // Nothing was issued.
    assert((await page.locator('#documents-issued .issued-document').count()) === 0, 'a refused document was issued');
  });

  await step('admin: the document settings are saved (bank, organ, court, contact)', async () => {
    await signOut(page);
    await signIn(page, docAdmin, docAdminPassword);
    await page.click('#main-nav a[data-page="admin"]');
    await page.waitForSelector('#document-settings #document-settings-save', { state: 'visible' });
    await page.waitForFunction(() => /0/.test(document.querySelector('#document-settings-version')?.textContent ?? ''));
    await page.fill('#settings-number-prefix', '桓财');
    await page.fill('#settings-bank', SETTINGS.bank);
    await page.fill('#settings-account-name', SETTINGS.accountName);
    await page.fill('#settings-account-number', SETTINGS.accountNumber);
    await page.fill('#settings-organ', SETTINGS.organ);
    await page.fill('#settings-court', SETTINGS.court);
    await page.fill('#settings-contact', SETTINGS.contact);
    await page.click('#document-settings-save');
    await page.waitForFunction(
      () => document.querySelector('#document-settings-saved') || document.querySelector('#document-settings-error'),
    );
    const err = await page.evaluate(() => document.querySelector('#document-settings-error')?.textContent ?? null);
    assert(!err, `the settings were refused: ${err}`);
    const saved = (await page.textContent('#document-settings-saved')).trim();
    assert(saved.includes('1'), `the saved notice reads ${saved}`);
    // Saved by someone else since (here through the API): the page's save is refused with the
    // version conflict, and what the other saved is shown.
    const t = await apiLogin(docAdmin, docAdminPassword);
    const cur = await api('GET', '/document-settings', t);
    await api('PUT', '/document-settings', t, {
      expected_version: cur.version,
      settings: { ...cur.settings, verify_url: 'https://zfgs.example.gov.cn/verify' },
    });
    await page.fill('#settings-header', '桓仁满族自治县财政局');
    await page.click('#document-settings-save');
    await page.waitForSelector('#document-settings-error', { state: 'visible' });
    const conflict = (await page.textContent('#document-settings-error')).trim();
    assert(conflict.includes('他人更新'), `the conflict reads ${JSON.stringify(conflict)}`);
    await page.waitForFunction(
      () => document.querySelector('#settings-verify-url')?.value === 'https://zfgs.example.gov.cn/verify',
    );
    // Reloaded, the page shows what was saved.
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector('#document-settings #settings-court', { state: 'visible' });
    await page.waitForFunction((c) => document.querySelector('#settings-court')?.value === c, SETTINGS.court);
  });

  await step('filing: the 立案审批表 is generated and issued; the case is filed', async () => {
    await as(user);
    await openDocument('filing_approval');
    await page.fill('#doc-text', '举报反映当事人未按规定保存会计凭证，经初步核查属实。');
    await fillCitation('doc-violated', 0, { law: LAW, article: 23 });
    const number = await issue('filing_approval');
    assert(/^桓财立〔\d{4}〕\d+号$/.test(number), `the 立案审批表 is numbered ${number}`);
    const r = await mustAct('file', async () => {
      await page.fill('#action-violation-on', isoDaysAgo(41));
      await page.fill('#action-discovered-on', isoDaysAgo(21));
    });
    assert(r.stage === 'investigation', `after filing the case is at ${r.stage}`);
  });

  await step('investigation: an evidence photo, then the 询问笔录 with questions and answers', async () => {
    await addRecord({
      kind: 'photo',
      title: '凭证柜现场照片',
      text: '现场拍摄会计凭证存放情况。',
      documentType: 'evidence',
      file: { name: '现场照片.png', mimeType: 'image/png', buffer: makePng(24, 16) },
    });
    await page.waitForSelector('#documents-due .available-document[data-kind="inquiry_record"]', { state: 'visible' });
    await openDocument('inquiry_record');
    for (const id of ['#doc-started-at', '#doc-ended-at', '#doc-place', '#doc-persons', '#doc-qa']) {
      assert(await page.isVisible(id), `the 询问笔录 form lacks ${id}`);
    }
    assert(!(await page.isVisible('#doc-basis')), 'the 询问笔录 form asks for the legal basis');
    const day = isoDaysAgo(15);
    await page.fill('#doc-started-at', `${day}T09:00`);
    await page.fill('#doc-ended-at', `${day}T10:00`);
    await page.fill('#doc-place', '当事人办公室');
    await page.locator('#doc-persons .text-row[data-index="0"] input').fill('王某某（法定代表人）');
    await page.locator('#doc-qa .qa-row[data-index="0"] .qa-question input').fill('你单位2025年度的会计凭证保存在哪里？');
    await page.locator('#doc-qa .qa-row[data-index="0"] .qa-answer textarea').fill('部分丢失了。');
    // A second pair added, then removed again.
    await page.click('#doc-qa > .row-add');
    await page.locator('#doc-qa .qa-row[data-index="1"] .qa-question input').fill('多余的问题');
    await page.locator('#doc-qa .qa-row[data-index="1"] .row-remove').click();
    assert((await page.locator('#doc-qa .qa-row').count()) === 1, 'the removed question is still there');
    const question = await page.locator('#doc-qa .qa-row[data-index="0"] .qa-question input').inputValue();
    assert(question.startsWith('你单位'), `the first question became ${question}`);
    const number = await issue('inquiry_record');
    assert(number.includes('询'), `the 询问笔录 is numbered ${number}`);
    const r = await mustAct('complete');
    assert(r.stage === 'investigation_report', `after the investigation the case is at ${r.stage}`);
  });

  await step('investigation report: the 调查终结报告 with facts, citations and the evidence list', async () => {
    await page.waitForSelector('#documents-due .available-document[data-kind="investigation_report"]', { state: 'visible' });
    await openDocument('investigation_report');
    await page.fill('#doc-facts', FACTS);
    await fillCitation('doc-violated', 0, { law: LAW, article: 23 });
    await fillCitation('doc-basis', 0, { law: LAW, article: 42, paragraph: 1, item: 3 });
    await page.fill('#doc-text', '建议依法给予罚款人民币二万元的行政处罚。');
    const number = await issue('investigation_report');
    assert(number.includes('终'), `the 调查终结报告 is numbered ${number}`);
  });

  await step('notice: the 告知书 proposing a 20,000-yuan fine previewed (样稿 PDF) and issued, then served', async () => {
    // The notice is served by its 告知书 (行政处罚法 art. 44): issued first, the act after.
    await page.waitForSelector('#documents-due .available-document[data-kind="penalty_notice"]', { state: 'visible' });
    await openDocument('penalty_notice');
    await page.fill('#doc-sanction-fine', '20000');
    await page.fill('#doc-facts', FACTS);
    await fillCitation('doc-violated', 0, { law: LAW, article: 23 });
    await fillCitation('doc-basis', 0, { law: LAW, article: 42, paragraph: 1, item: 3 });
    const shown = (await page.textContent('#doc-basis .citation-preview')).trim();
    assert(shown === '《中华人民共和国会计法》第四十二条第一款第（三）项', `the citation reads ${shown}`);
    const preview = await pdfAnswer('#document-preview', '/documents/preview', '#document-preview-link');
    assert(isPdf(preview), `the preview is ${JSON.stringify(preview)}`);
    const number = await issue('penalty_notice');
    assert(number.includes('罚告'), `the 告知书 is numbered ${number}`);
    // Entered once: the notice proposes what the 告知书 says.
    const r = await mustAct('issue_notice', async () => {
      await page.waitForFunction(() => Number.parseFloat(document.querySelector('#sanction-fine')?.value ?? '') === 20000);
    });
    assert(r.stage === 'notice', `after the notice the case is at ${r.stage}`);
  });

  await step('the party waives; the 决定书 comes pre-filled with the legal basis and is issued', async () => {
    const r = await mustAct('waive_rights');
    assert(r.stage === 'decision', `after the waiver the case is at ${r.stage}`);
    await page.waitForSelector('#documents-due .available-document[data-kind="penalty_decision"]', { state: 'visible' });
    await openDocument('penalty_decision');
    assert((await page.inputValue('#doc-facts')) === FACTS, 'the facts are not pre-filled from the notice');
    const row = page.locator('#doc-basis .citation-row[data-index="0"]');
    assert((await row.locator('.citation-law input').inputValue()) === LAW, 'the basis law is not pre-filled');
    assert((await row.locator('.citation-article input').inputValue()) === '42', 'the basis article is not pre-filled');
    assert((await row.locator('.citation-item input').inputValue()) === '3', 'the basis item is not pre-filled');
    await page.fill('#doc-legal-representative', '王某某');
    await page.fill('#doc-discretion', '首次违法，主动配合调查，按一般情节裁量');
    const number = await issue('penalty_decision');
    assert(number.includes('罚决'), `the 决定书 is numbered ${number}`);
  });

  await step('the head decides', async () => {
    await as(approver);
    const r = await mustAct('decide', async () => {
      assert((await page.inputValue('#action-outcome')) === 'penalty', 'the outcome does not default to a penalty');
    });
    assert(r.stage === 'service', `after the decision the case is at ${r.stage}`);
    await as(user);
  });

  await step('the 决定书 and the case file open as PDFs; a signed scan is kept beside the PDF', async () => {
    const row = page.locator('#documents-issued .issued-document[data-kind="penalty_decision"]');
    const sel = '#documents-issued .issued-document[data-kind="penalty_decision"]';
    const pdf = await pdfAnswer(`${sel} .open-pdf`, '.pdf', `${sel} .pdf-link`);
    assert(isPdf(pdf), `the 决定书 is ${JSON.stringify(pdf)}`);
    const file = await pdfAnswer('#case-file-button', '/case-file.pdf', '#case-file-link');
    assert(isPdf(file), `the case file is ${JSON.stringify(file)}`);
    // The PDF is the one issued: its SHA-256 is the one the row (and the log) holds.
    const id = await row.getAttribute('data-id');
    const bytes = await pdfBytes(user, password, `/api/v1/documents/${id}.pdf`);
    assert(bytes.subarray(0, 5).toString('latin1') === '%PDF-', 'the 决定书 is not a PDF');
    const sha = createHash('sha256').update(bytes).digest('hex');
    assert(sha === (await row.getAttribute('data-sha256')), 'the 决定书 PDF differs from the one issued');
    // Printed, the page is the page alone: no navigation, menus or buttons.
    await page.emulateMedia({ media: 'print' });
    for (const sel of ['#main-nav', '.top-bar', '#case-file-button', '#actions button']) {
      const shown = await page.locator(sel).first().isVisible();
      assert(!shown, `${sel} is printed`);
    }
    assert(await page.isVisible('#documents-issued'), 'the issued documents are not printed');
    await page.emulateMedia({ media: 'screen' });
    await row.locator('.signed-copy-input').setInputFiles({
      name: '决定书签收.png',
      mimeType: 'image/png',
      buffer: makePng(12, 12),
    });
    await row.locator('.signed-copy').first().waitFor({ state: 'visible' });
  });

  await step('public check: the QR code\'s page confirms the 决定书 by number and code, nothing personal', async () => {
    const id = await page.locator('#documents-issued .issued-document[data-kind="penalty_decision"]').getAttribute('data-id');
    const doc = await api('GET', `/documents/${id}`, await apiLogin(user, password));
    // A page of the test's own (the tabs the app opens are closed, see above).
    openingOwnPage = true;
    const check = await context.newPage();
    openingOwnPage = false;
    await check.goto(`${baseUrl}/public/documents/check?number=${encodeURIComponent(doc.number)}&code=${doc.verification_code}`);
    await check.locator('#doc-check-answer').waitFor({ state: 'visible' });
    const text = await check.locator('#doc-check-answer').innerText();
    assert(text.includes('核验通过') && text.includes(doc.number), `the check says ${text}`);
    assert(!text.includes(partyName), `the check names the party: ${text}`);
    await check.close();
  });

  await step('service: the 送达回证 (pre-filled with the 决定书) is issued; service recorded', async () => {
    await openDocument('service_receipt');
    const served = await page.locator('#doc-served-documents .text-row[data-index="0"] input').inputValue();
    assert(served.includes('行政处罚决定书') && served.includes('罚决'), `the receipt serves ${JSON.stringify(served)}`);
    assert((await page.inputValue('#doc-service-address')).includes('某路1号'), 'the address is not pre-filled');
    await page.selectOption('#doc-service-method', 'direct');
    await page.fill('#doc-service-recipient', '王某某');
    await page.fill('#doc-served-on', chinaToday());
    await issue('service_receipt');
    let r = await mustAct('record_service', async () => {
      await page.selectOption('#action-method', 'direct');
    });
    assert(r.stage === 'execution', `after service the case is at ${r.stage}`);
    await page.waitForSelector('#documents-due .available-document[data-kind="execution_record"]', { state: 'visible' });
    await openDocument('execution_record');
    await page.fill('#doc-text', '当事人已于送达后十日内缴清罚款人民币二万元。');
    const executed = await issue('execution_record');
    assert(executed.includes('执'), `the 执行记录 is numbered ${executed}`);
    r = await mustAct('record_execution');
    assert(r.stage === 'closure', `after execution the case is at ${r.stage}`);
  });

  await step('closure: the 结案审批表 is issued; the case is closed and archived', async () => {
    await page.waitForSelector('#documents-due .available-document[data-kind="closing_approval"]', { state: 'visible' });
    await openDocument('closing_approval');
    await page.fill('#doc-text', '当事人已按期缴纳罚款，处罚决定执行完毕，建议结案。');
    await issue('closing_approval');
    let r = await mustAct('close');
    assert(r.stage === 'archive', `after closure the case is at ${r.stage}`);
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
    const kinds = await page
      .locator('#documents-issued .issued-document')
      .evaluateAll((els) => els.map((e) => e.dataset.kind));
    for (const k of ['filing_approval', 'inquiry_record', 'investigation_report', 'penalty_notice', 'penalty_decision', 'service_receipt', 'execution_record', 'closing_approval']) {
      assert(kinds.includes(k), `the issued list lacks ${k}: ${JSON.stringify(kinds)}`);
    }
    assert((await page.locator('#documents .generate-button').count()) === 0, 'an archived case still offers 生成');
  });

  await step('disclosure: the editor submits, the approver publishes; the public entry cites the basis', async () => {
    caseHash = null;
    await as(editor);
    await page.click('#main-nav a[data-page="disclosure"]');
    await page.waitForSelector('#disclosure-queue', { state: 'visible' });
    await page.click('#disc-tab-draft');
    const row = page.locator('#disc-queue-table .queue-row', { hasText: partyName });
    await row.waitFor({ state: 'visible' });
    const disclosureId = await row.getAttribute('data-id');
    await row.locator('.queue-link').click();
    await page.waitForSelector(`#disclosure-detail[data-id="${disclosureId}"] #disc-status`, { state: 'visible' });
    await page.click('#disc-submit');
    await page.waitForSelector('#disc-status[data-status="pending_review"]');
    await as(approver);
    await page.evaluate((id) => {
      window.location.hash = `/disclosure/${id}`;
    }, disclosureId);
    await page.waitForSelector('#disc-review-card', { state: 'visible' });
    await page.fill('#disc-review-comment', '已核对。');
    await page.click('#disc-approve');
    await confirmIfAsked(page);
    await page.waitForSelector('#disc-status[data-status="published"]');
    await signOut(page);
    await page.goto(`${baseUrl}/public/decisions`, { waitUntil: 'load' });
    await page.waitForSelector('#public-decisions #pub-q', { state: 'visible' });
    await page.fill('#pub-q', partyName);
    await page.click('#pub-search');
    const link = page.locator('#pub-table .pub-row', { hasText: partyName }).locator('a').first();
    await link.waitFor({ state: 'visible' });
    await link.click();
    await page.waitForSelector(`#public-decision[data-id="${disclosureId}"] .public-entry`, { state: 'visible' });
    const text = await page.evaluate(() => document.querySelector('#public-app')?.innerText ?? '');
    assert(text.includes('《中华人民共和国会计法》第四十二条第一款第（三）项'), `the public entry lacks the legal basis:\n${text}`);
  });

  await step('no console errors', async () => {
    assert(consoleErrors.length === 0, `console errors:\n${consoleErrors.join('\n')}`);
  });
});
