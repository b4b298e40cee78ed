// Browser test of disclosure (行政执法公示), in the UI except for the setup:
//
// Setup (API): an officer takes a simplified-procedure penalty case against a natural person,
// whose title carries a resident id number, home address and phone number, to a decision on the
// spot, so a disclosure draft exists.
//
// The administrator creates an API key (shown once; it reads the public API until revoked),
// revokes it, and registers a webhook endpoint (a small receiver run by this script). The
// disclosure editor finds the draft in the queue with its due date, sees the masked preview
// beside the source (the id number, phone and address in the source, not in the preview, the
// mask ＊＊＊ instead), adds a mask of her own and submits; she is not offered the review. The
// approver reviews and publishes. Signed out, the public decisions search finds the entry by
// keyword, and neither the list nor the entry shows any of the personal data. The editor starts a
// correction, edits the facts and submits; the approver publishes version 2 (the public list
// marks it 已更正). The editor withdraws it with a reason: the public entry is gone
// (已撤回/期满 notice) and the search finds nothing. The delivery log shows the pushes
// (published, corrected, withdrawn) delivered, and the receiver checks their signatures.
//
// Registers: the editor creates an enforcement matter and a service guide linked to it and
// submits both; her own approval is refused (second person); the approver approves them and
// publishes last year's annual report. Public pages: the registers show both with the
// server-drawn SVG flowchart, the certificate check finds a demo officer's certificate valid with
// the holder's name and an unknown number not found, the annual report renders its charts and
// table. The public decisions and registers pages fit a phone screen.
//
// Plain Node, no framework: `node disclosure.test.mjs`. Exits non-zero on failure.
//
// Environment (as the other browser tests):
//   SANXIANG_BASE_URL             server under test, e.g. http://127.0.0.1:18080 (required)
//   SANXIANG_DEMO_USER            the officer who decides the case (default demo_officer)
//   SANXIANG_DEMO_USER2           the second officer (default demo_officer2)
//   SANXIANG_DEMO_EDITOR          the disclosure editor (default demo_editor)
//   SANXIANG_DEMO_APPROVER        the second person who reviews (default demo_approver)
//   SANXIANG_DEMO_PASSWORD        their password (required)
//   SANXIANG_ADMIN_PASSWORD       the password of `admin` (required)
//   (SANXIANG_ARTIFACTS_DIR, SANXIANG_CHROMIUM: see lib.mjs)

import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import {
  api,
  assert,
  baseUrl,
  chinaToday,
  confirmIfAsked,
  createRunner,
  hasChinese,
  launchPage,
  newRunId,
  requireEnv,
} from './lib.mjs';

const officer = process.env.SANXIANG_DEMO_USER || 'demo_officer';
const officer2 = process.env.SANXIANG_DEMO_USER2 || 'demo_officer2';
const editor = process.env.SANXIANG_DEMO_EDITOR || 'demo_editor';
const approver = process.env.SANXIANG_DEMO_APPROVER || 'demo_approver';
const password = process.env.SANXIANG_DEMO_PASSWORD ?? '';
const adminPassword = process.env.SANXIANG_ADMIN_PASSWORD ?? '';

requireEnv('disclosure', ['SANXIANG_BASE_URL', 'SANXIANG_DEMO_PASSWORD', 'SANXIANG_ADMIN_PASSWORD']);

// Unique names for this run, in Chinese characters (the public search is by keyword).
const runId = newRunId();
const cn = String(Date.now() % 1_000_000)
  .padStart(6, '0')
  .split('')
  .map((d) => '零一二三四五六七八九'[Number(d)])
  .join('');
const partyName = `公示测${cn}`;
// Personal data the masking rules must hide (a valid resident id number, GB 11643).
const RESIDENT_ID = '11010519491231002X';
const HOME = '桓仁县八里甸子镇幸福村三组';
const PHONE = '13912345678';
// A shop name the editor masks by hand.
const SHOP = `红旗副食店${cn}`;
const MASK = '＊＊＊';
const caseTitle = `${partyName}（身份证${RESIDENT_ID}，住${HOME}，电话${PHONE}）在${SHOP}未按规定使用财政票据`;
const correctedNote = '（更正：违法地点表述有误）';
const withdrawReason = '原处罚决定已被复议机关撤销';
const matterName = `未按规定使用财政票据的处罚${cn}`;
const guideItem = `财政票据领用${cn}`;

const runner = createRunner('disclosure');
const { step } = runner;

// ---- API setup (not what this test is about) ----

async function apiLogin(username, pw) {
  const r = await api('POST', '/auth/login', null, { username, password: pw });
  return r.access_token;
}

// ---- the webhook receiver (a portal) ----
const received = [];
const receiver = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
    res.writeHead(204);
    res.end();
  });
});
await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
runner.onCleanup(() => receiver.close());
const receiverUrl = `http://127.0.0.1:${receiver.address().port}/hooks/sanxiang`;

function signedBy(secret, headers, body) {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key)
    .update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`)
    .digest('base64');
  return (headers['webhook-signature'] ?? '').split(' ').includes(`v1,${expected}`);
}

// ---- browser helpers ----
let context;
let page;

async function signIn(username, pw = password) {
  await page.goto(`${baseUrl}/`, { waitUntil: 'load' });
  await page.waitForSelector('#login-form, #logout', { state: 'visible' });
  if (await page.isVisible('#logout')) {
    await page.click('#logout');
  }
  await page.waitForSelector('#login-form', { state: 'visible' });
  await page.fill('#username', username);
  await page.fill('#password', pw);
  await page.click('#login-submit');
  await page.waitForSelector('#current-user', { state: 'visible' });
}

// Signs out and forgets the HTTP cache: public answers are cacheable for a minute
// (`Cache-Control: public, max-age=60`), and the next public page should show what a visitor
// arriving now sees.
async function signOut() {
  await page.goto(`${baseUrl}/`, { waitUntil: 'load' });
  await page.waitForSelector('#login-form, #logout', { state: 'visible' });
  if (await page.isVisible('#logout')) {
    await page.click('#logout');
    await page.waitForSelector('#login-form', { state: 'visible' });
  }
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.clearBrowserCache');
  await cdp.detach();
}

async function goHash(hash) {
  await page.evaluate((h) => {
    window.location.hash = h;
  }, hash);
}

let disclosureId = null;

// Opens the disclosure page and waits for its status badge.
async function openDisclosure() {
  await goHash(`/disclosure/${disclosureId}`);
  await page.waitForSelector(`#disclosure-detail[data-id="${disclosureId}"] #disc-status`, {
    state: 'visible',
  });
}

async function discStatus() {
  return page.getAttribute('#disc-status', 'data-status');
}

// Waits until the disclosure shows `status`, or fails with the error the page shows.
async function expectDiscStatus(status) {
  const outcome = await page.waitForFunction(
    (s) => {
      const badge = document.querySelector('#disc-status');
      if (badge && badge.dataset.status === s) return { ok: true };
      const err = document.querySelector('#disclosure-detail .form-error');
      if (err && err.textContent.trim()) return { ok: false, message: err.textContent.trim() };
      return false;
    },
    status,
  );
  const r = await outcome.jsonValue();
  assert(r.ok, `the disclosure did not become ${status}: ${r.message}`);
}

// The visible text of the public app, for the personal-data checks.
async function publicText() {
  return page.evaluate(() => document.querySelector('#public-app')?.innerText ?? '');
}

function assertNoPersonalData(text, where) {
  for (const s of [RESIDENT_ID, HOME, PHONE, SHOP]) {
    assert(!text.includes(s), `${where} shows ${JSON.stringify(s)}`);
  }
}

async function publicSearch(keyword) {
  await page.goto(`${baseUrl}/public/decisions`, { waitUntil: 'load' });
  await page.waitForSelector('#public-decisions #pub-q', { state: 'visible' });
  await page.waitForSelector('#pub-table, #pub-empty', { state: 'visible' });
  await page.fill('#pub-q', keyword);
  await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/public/v1/decisions?') && r.url().includes('q=')),
    page.click('#pub-search'),
  ]);
  // The results of this search: the table of one row with the keyword, or the empty notice.
  await page.waitForFunction(
    (k) => {
      const rows = [...document.querySelectorAll('#pub-table .pub-row')];
      if (rows.length > 0 && rows.every((r) => r.textContent.includes(k))) return true;
      return !!document.querySelector('#pub-empty');
    },
    keyword,
  );
}

async function noSidewaysScroll(what) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert(width <= 390, `${what} scrolls sideways on a phone (${width}px wide)`);
}

// The registers page, on the tab of `type`.
async function openRegisters(type) {
  await page.click('#main-nav a[data-page="registers"]');
  await page.waitForSelector('#registers-page', { state: 'visible' });
  await page.click(`#register-tab-${type}`);
  await page.waitForSelector('#register-table, #registers-page > p.card.muted', { state: 'visible' });
}

// Fills the draft editor from { field: value } (a select for `kind`).
async function fillRegister(values) {
  for (const [field, value] of Object.entries(values)) {
    const sel = `#register-editor #register-field-${field}`;
    const tag = await page.locator(sel).evaluate((e) => e.tagName);
    if (tag === 'SELECT') await page.selectOption(sel, value);
    else await page.fill(sel, value);
  }
}

// Waits until the open entry's latest version has `status` (or the panel shows an error).
async function expectEntryStatus(status) {
  const outcome = await page.waitForFunction(
    (s) => {
      const rows = document.querySelectorAll('#register-entry .register-version');
      const last = rows[rows.length - 1];
      if (last && last.dataset.status === s) return { ok: true };
      const err = document.querySelector('#register-entry .form-error, #register-editor .form-error');
      if (err && err.textContent.trim()) return { ok: false, message: err.textContent.trim() };
      return false;
    },
    status,
  );
  const r = await outcome.jsonValue();
  assert(r.ok, `the register entry did not become ${status}: ${r.message}`);
}

// Opens an entry of the current register tab by its title.
async function openEntry(title) {
  const link = page.locator('#register-table .register-row a', { hasText: title });
  await link.first().waitFor({ state: 'visible' });
  await link.first().click();
  await page.waitForFunction(
    (t) => document.querySelector('#register-entry h2')?.textContent.trim() === t,
    title,
  );
}

// Finds the public register entry with `id` on the page of `type`, following 下一页.
async function findPublicEntry(type, id) {
  await page.goto(`${baseUrl}/public/registers/${type}`, { waitUntil: 'load' });
  await page.waitForSelector('#public-registers', { state: 'visible' });
  for (let i = 0; i < 20; i++) {
    await page.waitForSelector(`#public-registers article.public-entry[data-register-type="${type}"]`, {
      state: 'visible',
    });
    const entry = page.locator(`#public-registers article.public-entry[data-id="${id}"]`);
    if ((await entry.count()) > 0) return entry;
    const next = page.locator('#public-registers button', { hasText: '下一页' });
    assert((await next.count()) > 0, `the public ${type} register does not list ${id}`);
    const first = await page.getAttribute('#public-registers article.public-entry', 'data-id');
    await next.click();
    await page.waitForFunction(
      (f) => document.querySelector('#public-registers article.public-entry')?.dataset.id !== f,
      first,
    );
  }
  throw new Error(`the public ${type} register does not list ${id}`);
}

// Checks that a flowchart image is the server's SVG and has loaded; answers its URL.
async function checkFlowchart(entry, mustContain) {
  const img = entry.locator('figure.flowchart img');
  await img.waitFor({ state: 'visible' });
  await page.waitForFunction(
    (el) => el.complete && el.naturalWidth > 0,
    await img.elementHandle(),
  );
  const src = await img.getAttribute('src');
  assert(/\/flowchart\.svg$/.test(src ?? ''), `the flowchart is not the server's SVG: ${src}`);
  const resp = await fetch(new URL(src, baseUrl));
  assert(resp.ok, `the flowchart answered ${resp.status}`);
  assert(
    (resp.headers.get('content-type') ?? '').startsWith('image/svg+xml'),
    `the flowchart is ${resp.headers.get('content-type')}`,
  );
  const svg = await resp.text();
  for (const s of mustContain) assert(svg.includes(s), `the flowchart lacks ${JSON.stringify(s)}`);
  return src;
}

let apiKey = null;
let webhookSecret = null;
let certificateNumber = null;
let certificateHolder = null;
let matterId = null;
let guideId = null;
const lastYear = Number(chinaToday().slice(0, 4)) - 1;

await runner.run(async () => {
  ({ context, page } = await launchPage(runner));
  // The revoke button asks for confirmation.
  page.on('dialog', (d) => d.accept());

  await step('setup (API): a penalty case against a natural person is decided on the spot', async () => {
    const t = await apiLogin(officer, password);
    const officers = (await api('GET', '/officers', t)).items;
    const o1 = officers.find((o) => o.username === officer);
    const o2 = officers.find((o) => o.username === officer2);
    assert(o1 && o2, `the officers list lacks ${officer} or ${officer2}`);
    const cert = o1.certificates.find((c) => c.valid_today) ?? o1.certificates[0];
    assert(cert, `${officer} has no certificate`);
    certificateNumber = cert.number;
    certificateHolder = o1.name;
    const c = await api('POST', '/cases', t, {
      kind: 'penalty',
      procedure: 'simplified',
      title: caseTitle,
      category: '财政票据',
      party: {
        kind: 'natural_person',
        name: partyName,
        id_type: 'resident_id',
        id_number: RESIDENT_ID,
        address: HOME,
        contact: PHONE,
        minor: false,
      },
      officer_ids: [o1.user_id, o2.user_id],
    });
    await api('POST', `/cases/${c.id}/transitions`, t, {
      expected_version: c.version,
      command: {
        action: 'decide',
        on: chinaToday(),
        outcome: {
          type: 'penalty',
          sanction: {
            warning: false,
            fine_fen: 15_000,
            confiscation_fen: 0,
            licence_suspension: false,
            licence_revocation: false,
            other: [],
          },
        },
      },
    });
  });

  await step('admin: an API key is created (shown once), reads the public API, and is revoked', async () => {
    await signIn('admin', adminPassword);
    await page.click('#main-nav a[data-page="admin"]');
    await page.waitForSelector('#admin-page #api-keys', { state: 'visible' });
    const keyName = `县政府门户${runId}`;
    await page.fill('#api-keys .key-name', keyName);
    await page.fill('#api-keys .key-portal', 'https://www.hrx.gov.cn');
    await page.click('#api-keys .api-key-form button[type="submit"]');
    await page.waitForSelector('#new-api-key', { state: 'visible' });
    apiKey = (await page.textContent('#new-api-key'))?.trim();
    assert(apiKey && apiKey.length > 20, `the new key is ${JSON.stringify(apiKey)}`);
    const notice = (await page.textContent('#api-keys .secret-once p')) ?? '';
    assert(notice.includes('仅显示这一次'), `no shown-once notice: ${notice}`);
    const row = page.locator('#api-keys .api-key-row', { hasText: keyName });
    await row.waitFor({ state: 'visible' });
    const prefix = ((await row.locator('code').textContent()) ?? '').replace('…', '').trim();
    assert(prefix && apiKey.startsWith(prefix), `the list shows prefix ${prefix} of ${apiKey}`);
    assert(!((await row.textContent()) ?? '').includes(apiKey), 'the list shows the whole key');
    assert(((await row.textContent()) ?? '').includes('有效'), 'the new key is not shown as 有效');
    // Dismissed, the key is gone from the page.
    await page.click('#api-keys .secret-once button');
    await page.waitForSelector('#new-api-key', { state: 'detached' });
    let resp = await fetch(`${baseUrl}/api/public/v1/decisions`, { headers: { 'x-api-key': apiKey } });
    assert(resp.status === 200, `the new key reads the public API with ${resp.status}`);
    await row.locator('.revoke-key').click();
    await page.waitForFunction(
      (n) =>
        [...document.querySelectorAll('#api-keys .api-key-row')].some(
          (r) => r.textContent.includes(n) && r.textContent.includes('已吊销') && !r.querySelector('.revoke-key'),
        ),
      keyName,
    );
    resp = await fetch(`${baseUrl}/api/public/v1/decisions`, { headers: { 'x-api-key': apiKey } });
    assert(resp.status === 401, `the revoked key answered ${resp.status}`);
  });

  await step('admin: a webhook endpoint is registered (signing secret shown once)', async () => {
    await page.waitForSelector('#webhooks .webhook-form', { state: 'visible' });
    await page.fill('#webhooks .hook-url', receiverUrl);
    await page.fill('#webhooks .hook-description', `浏览器测试门户${runId}`);
    await page.click('#webhooks .webhook-form button[type="submit"]');
    await page.waitForSelector('#new-webhook-secret', { state: 'visible' });
    webhookSecret = (await page.textContent('#new-webhook-secret'))?.trim();
    assert(webhookSecret?.startsWith('whsec_'), `the secret is ${JSON.stringify(webhookSecret)}`);
    const row = page.locator('#webhooks .webhook-row', { hasText: receiverUrl });
    await row.waitFor({ state: 'visible' });
    const text = (await row.textContent()) ?? '';
    assert(text.includes('推送中') && text.includes('全部'), `the endpoint row reads ${text}`);
    await signOut();
  });

  await step('editor: the queue lists the new draft with its due date', async () => {
    await signIn(editor);
    await page.click('#main-nav a[data-page="disclosure"]');
    await page.waitForSelector('#disclosure-queue', { state: 'visible' });
    await page.click('#disc-tab-draft');
    const row = page.locator('#disc-queue-table .queue-row', { hasText: partyName });
    await row.waitFor({ state: 'visible' });
    assert((await row.getAttribute('data-status')) === 'draft', 'the row is not a draft');
    disclosureId = await row.getAttribute('data-id');
    const due = ((await row.locator('td').nth(4).textContent()) ?? '').trim();
    const [dueText, y, m, d] = due.match(/(\d{4})年(\d{1,2})月(\d{1,2})日/) ?? [];
    const dueDate = y && `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
    assert(dueDate && dueDate > chinaToday(), `the due date ${JSON.stringify(due)} is not after today`);
    assert(!due.includes('逾期'), `a fresh draft is marked overdue: ${due}`);
    const status = ((await row.locator('td').nth(5).textContent()) ?? '').trim();
    assert(status.includes('待编辑'), `the status reads ${status}`);
    await row.locator('.queue-link').click();
    await page.waitForSelector(`#disclosure-detail[data-id="${disclosureId}"] #disc-status`, { state: 'visible' });
    assert(((await page.textContent('#disc-due')) ?? '').includes(dueText), 'the detail shows another due date');
  });

  await step('editor: the preview is masked, the source beside it is not', async () => {
    const source = (await page.textContent('#disc-source')) ?? '';
    for (const s of [RESIDENT_ID, HOME, PHONE]) {
      assert(source.includes(s), `the source lacks ${s}`);
    }
    const preview = (await page.textContent('#disc-preview')) ?? '';
    for (const s of [RESIDENT_ID, HOME, PHONE]) {
      assert(!preview.includes(s), `the preview shows ${s}`);
    }
    assert(preview.includes(MASK), 'the preview shows no ＊＊＊');
    assert(preview.includes(partyName), 'the preview lacks the party name');
    assert(preview.includes(SHOP), 'the shop name is masked before the editor asked');
    // The draft is masked when it is made (crates/domain/src/disclosure/publication.rs, art. 50):
    // the preview above shows the result; the editor's own masks are listed in the next step.
  });

  await step('editor: a further mask is added and hides the shop name', async () => {
    await page.fill('#disc-extra-masks', SHOP);
    await page.click('#disc-save');
    await page.waitForSelector('#disc-notice', { state: 'visible' });
    await page.waitForFunction(
      (s) => !document.querySelector('#disc-preview')?.textContent.includes(s),
      SHOP,
    );
    const rules = await page
      .locator('#disc-masks .mask-rule')
      .evaluateAll((els) => els.map((e) => e.dataset.rule));
    assert(rules.includes('editor'), `the editor's mask is not listed: ${JSON.stringify(rules)}`);
    assert(((await page.textContent('#disc-source')) ?? '').includes(SHOP), 'the source lost the shop name');
    assert((await page.inputValue('#disc-extra-masks')).trim() === SHOP, 'the form lost the extra mask');
    const events = await page.locator('#disc-events .record').evaluateAll((els) => els.map((e) => e.dataset.action));
    assert(events.includes('edited'), `the history lacks the edit: ${JSON.stringify(events)}`);
  });

  await step('editor: submitted for review; she is not offered the review herself', async () => {
    await page.click('#disc-submit');
    await expectDiscStatus('pending_review');
    assert(((await page.textContent('#disc-status')) ?? '').includes('待审核'), 'the badge does not read 待审核');
    assert(!(await page.isVisible('#disc-approve')), 'the submitter is offered the review');
    assert(!(await page.isVisible('#disclosure-edit-form')), 'a submitted draft is still editable');
    await signOut();
  });

  await step('approver: reviews the masked preview and publishes (第 1 版)', async () => {
    await signIn(approver);
    await page.click('#main-nav a[data-page="disclosure"]');
    await page.waitForSelector('#disclosure-queue', { state: 'visible' });
    await page.click('#disc-tab-pending_review');
    const row = page.locator(`#disc-queue-table .queue-row[data-id="${disclosureId}"]`);
    await row.waitFor({ state: 'visible' });
    await row.locator('.queue-link').click();
    await page.waitForSelector('#disc-review-card', { state: 'visible' });
    const preview = (await page.textContent('#disc-preview')) ?? '';
    for (const s of [RESIDENT_ID, HOME, PHONE, SHOP]) assert(!preview.includes(s), `the preview shows ${s}`);
    await page.fill('#disc-review-comment', '已核对，个人信息已遮蔽。');
    await page.click('#disc-approve');
    assert(await confirmIfAsked(page, '#disc-approve'), '审核通过并公示 asked no confirmation');
    await expectDiscStatus('published');
    const head = (await page.textContent('#disclosure-detail header')) ?? '';
    assert(head.includes('已公示') && head.includes('第 1 版'), `the header reads ${head}`);
    await page.waitForSelector('#disc-versions details[data-version="1"]', { state: 'attached' });
    await signOut();
  });

  await step('public (signed out): the decisions search finds it by keyword, without personal data', async () => {
    assert(!(await page.isVisible('#current-user')), 'still signed in');
    await publicSearch(partyName);
    const rows = page.locator('#pub-table .pub-row');
    assert((await rows.count()) === 1, `the search found ${await rows.count()} rows`);
    assert((await rows.first().getAttribute('data-id')) === disclosureId, 'the search found another entry');
    assertNoPersonalData(await publicText(), 'the public list');
    // Another keyword finds nothing.
    await publicSearch(`无此当事人${cn}`);
    assert(await page.isVisible('#pub-empty'), 'a keyword matching nothing still lists entries');
    await publicSearch(partyName);
    await page.locator('#pub-table .pub-row a').first().click();
    await page.waitForSelector(`#public-decision[data-id="${disclosureId}"] .public-entry`, { state: 'visible' });
    const text = await publicText();
    assertNoPersonalData(text, 'the public entry');
    assert(text.includes(partyName) && text.includes(MASK), 'the public entry lacks the name or the mask');
    assert(text.includes('0.015'), 'the public entry does not give the fine in 万元 (0.015)');
    assert(text.includes('桓仁满族自治县财政局'), 'the public entry lacks the deciding agency');
  });

  await step('the public decisions page fits a phone screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await publicSearch(partyName);
    await noSidewaysScroll('the public decisions search');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  await step('editor: a correction is started, edited and submitted', async () => {
    await signIn(editor);
    await openDisclosure();
    await page.click('#disc-correct summary');
    await page.fill('#disc-correct-text', '违法地点表述有误');
    await page.click('#disc-correct button[type="submit"]');
    await expectDiscStatus('draft');
    await page.waitForSelector('#disclosure-edit-form', { state: 'visible' });
    // Masks only grow (art. 50): the corrected text does not bring back what was masked.
    let facts = await page.inputValue('#disc-facts');
    for (const s of [RESIDENT_ID, HOME, PHONE, SHOP]) facts = facts.split(s).join(MASK);
    await page.fill('#disc-facts', `${facts}${correctedNote}`);
    await page.click('#disc-save');
    await page.waitForFunction(
      (n) => document.querySelector('#disc-preview')?.textContent.includes(n),
      correctedNote,
    );
    // The correction keeps the masks.
    const preview = (await page.textContent('#disc-preview')) ?? '';
    for (const s of [RESIDENT_ID, HOME, PHONE, SHOP]) assert(!preview.includes(s), `the corrected preview shows ${s}`);
    await page.click('#disc-submit');
    await expectDiscStatus('pending_review');
    await signOut();
  });

  await step('public: until approved, the public still sees version 1', async () => {
    await page.goto(`${baseUrl}/public/decisions/${disclosureId}`, { waitUntil: 'load' });
    await page.waitForSelector('#public-decision .public-entry', { state: 'visible' });
    assert(!(await publicText()).includes(correctedNote), 'the unapproved correction is public');
  });

  await step('approver: the correction is published as 第 2 版', async () => {
    await signIn(approver);
    await openDisclosure();
    await page.waitForSelector('#disc-review-card', { state: 'visible' });
    await page.click('#disc-approve');
    await confirmIfAsked(page);
    await expectDiscStatus('published');
    const head = (await page.textContent('#disclosure-detail header')) ?? '';
    assert(head.includes('第 2 版'), `the header reads ${head}`);
    await page.waitForSelector('#disc-versions details[data-version="2"]', { state: 'attached' });
    await signOut();
  });

  await step('public: the list marks the entry 已更正 and shows the corrected facts', async () => {
    await publicSearch(partyName);
    const row = page.locator(`#pub-table .pub-row[data-id="${disclosureId}"]`);
    await row.waitFor({ state: 'visible' });
    assert(((await row.textContent()) ?? '').includes('已更正'), 'the corrected entry is not marked 已更正');
    await row.locator('a').click();
    await page.waitForSelector(`#public-decision[data-id="${disclosureId}"] .public-entry`, { state: 'visible' });
    const text = await publicText();
    assert(text.includes(correctedNote), 'the public entry does not show the correction');
    assertNoPersonalData(text, 'the corrected public entry');
  });

  await step('editor: the disclosure is withdrawn with the reason', async () => {
    await signIn(editor);
    await openDisclosure();
    // Withdrawal is offered only once the reason to withdraw is recorded (行政处罚法 art. 48).
    assert(!(await page.isVisible('#disc-withdraw')), 'withdrawal is offered before a reason to withdraw is recorded');
    await page.click('#disc-require-withdrawal summary');
    await page.fill('#disc-require-withdrawal-text', '复议机关撤销原处罚决定');
    await page.click('#disc-require-withdrawal button[type="submit"]');
    await page.waitForSelector('#disc-withdraw', { state: 'visible' });
    await page.click('#disc-withdraw summary');
    // A reason is required.
    await page.click('#disc-withdraw button[type="submit"]');
    await page.waitForSelector('#disc-withdraw .form-error', { state: 'visible' });
    assert(hasChinese(await page.textContent('#disc-withdraw .form-error')), 'the missing reason error is not in Chinese');
    await page.fill('#disc-withdraw-text', withdrawReason);
    await page.click('#disc-withdraw button[type="submit"]');
    assert(await confirmIfAsked(page, '#disc-withdraw button[type="submit"]'), '撤回 asked no confirmation');
    await expectDiscStatus('withdrawn');
    assert(((await page.textContent('#disc-status')) ?? '').includes('已撤回'), 'the badge does not read 已撤回');
    const withdrawn = page.locator('#disc-events .record[data-action="withdrawn"]');
    await withdrawn.waitFor({ state: 'visible' });
    assert(((await withdrawn.textContent()) ?? '').includes(withdrawReason), 'the history lacks the reason');
    assert(!(await page.isVisible('#disc-other-steps')), 'a withdrawn entry still offers steps');
    await signOut();
  });

  await step('public: the withdrawn entry is gone (notice), and the search finds nothing', async () => {
    await page.goto(`${baseUrl}/public/decisions/${disclosureId}`, { waitUntil: 'load' });
    await page.waitForSelector('#public-decision #pub-error', { state: 'visible' });
    const notice = (await page.textContent('#public-decision #pub-error')) ?? '';
    assert(notice.includes('已撤回'), `the withdrawn entry's page reads ${JSON.stringify(notice)}`);
    assert(!(await page.isVisible('#public-decision .public-entry')), 'the withdrawn entry is still shown');
    await publicSearch(partyName);
    assert(await page.isVisible('#pub-empty'), 'the search still finds the withdrawn entry');
    // The change feed carries the tombstone with the reason.
    const feed = await (await fetch(`${baseUrl}/api/public/v1/changes?since=0&limit=1000`)).json();
    const mine = feed.changes.filter((c) => c.resource_id === disclosureId);
    assert(
      JSON.stringify(mine.map((c) => c.change)) === JSON.stringify(['publish', 'correct', 'withdraw']),
      `the feed has ${JSON.stringify(mine.map((c) => c.change))}`,
    );
    assert(mine[2].tombstone === true && mine[2].reason === withdrawReason, 'the withdrawal is not a tombstone with the reason');
  }, { consoleErrors: /status of 404/ }); // the withdrawn entry answers 404

  await step('editor: an enforcement matter and a service guide are created and submitted', async () => {
    await signIn(editor);
    await openRegisters('enforcement_matter');
    await page.click('#register-new');
    await page.waitForSelector('#register-editor', { state: 'visible' });
    await fillRegister({
      name: matterName,
      kind: 'penalty',
      legal_basis: '《财政票据管理办法》第四十条',
      duties_and_powers: '对未按规定使用财政票据的行为予以处罚',
      agency: '桓仁满族自治县财政局',
      code: `CZ-${runId}`,
    });
    await page.fill('#register-change-note', '新增执法事项');
    await page.click('#register-save');
    await page.waitForSelector('#register-entry', { state: 'visible' });
    await expectEntryStatus('draft');
    matterId = await page.getAttribute('#register-entry', 'data-entry-id');
    await page.click('#register-submit');
    await expectEntryStatus('submitted');
    // The author cannot approve her own entry.
    await page.click('#register-approve');
    await page.waitForSelector('#register-entry .form-error', { state: 'visible' });
    const refusal = (await page.textContent('#register-entry .form-error')) ?? '';
    assert(refusal.includes('第二人审核'), `self-approval was not refused as such: ${refusal}`);

    await openRegisters('service_guide');
    await page.click('#register-new');
    await page.waitForSelector('#register-editor', { state: 'visible' });
    await fillRegister({
      item: guideItem,
      legal_basis: '《财政票据管理办法》第二十条',
      accepting_body: '县政务服务中心财政窗口',
      approving_body: '桓仁满族自治县财政局',
      conditions: '依法设立的行政事业单位',
      materials: '财政票据领用申请表\n单位法人证书复印件',
      process: '申请—受理—审核—发放',
      time_limit: '5个工作日',
      fees: '不收费',
      supervision: '县财政局监督科',
      accountability: '依法追究相关人员责任',
      remedies: '行政复议或行政诉讼',
      office_hours: '工作日 8:30-16:30',
      address: '桓仁县政务服务中心',
      phone: '024-00000002',
      enforcement_matter_id: matterId,
    });
    await page.fill('#register-change-note', '新增服务指南');
    await page.click('#register-save');
    await page.waitForSelector('#register-entry', { state: 'visible' });
    await expectEntryStatus('draft');
    guideId = await page.getAttribute('#register-entry', 'data-entry-id');
    assert(guideId && guideId !== matterId, 'the guide was not created as a new entry');
    await page.click('#register-submit');
    await expectEntryStatus('submitted');
    await signOut();
  });

  await step('approver: approves both entries and publishes last year\'s annual report', async () => {
    await signIn(approver);
    for (const [type, title] of [
      ['enforcement_matter', matterName],
      ['service_guide', guideItem],
    ]) {
      await openRegisters(type);
      await openEntry(title);
      await page.fill('#register-comment', '审核通过');
      await page.click('#register-approve');
      await expectEntryStatus('published');
      await page.waitForSelector('#register-entry .register-version.in-force', { state: 'visible' });
      const history = (await page.textContent('#register-entry .register-history')) ?? '';
      assert(history.includes('审核通过'), `the history lacks the review comment: ${history}`);
    }
    await page.waitForSelector('#annual-report-panel #annual-report-state', { state: 'visible' });
    await page.click('#annual-report-publish');
    await page.waitForFunction(() =>
      /已公开 v\d+/.test(document.querySelector('#annual-report-state')?.textContent ?? ''),
    );
    await signOut();
  });

  await step('public registers: the matter and the service guide, each with the SVG flowchart', async () => {
    const matter = await findPublicEntry('enforcement_matter', matterId);
    const text = (await matter.textContent()) ?? '';
    assert(text.includes(matterName) && text.includes('《财政票据管理办法》第四十条'), `the matter reads ${text}`);
    assert(text.includes('行政处罚'), 'the matter does not name its kind in Chinese');
    const src = await checkFlowchart(matter, [matterName, '立案', '决定']);
    const guide = await findPublicEntry('service_guide', guideId);
    const gtext = (await guide.textContent()) ?? '';
    for (const s of [guideItem, '县政务服务中心财政窗口', '财政票据领用申请表', '5个工作日']) {
      assert(gtext.includes(s), `the service guide lacks ${s}`);
    }
    assert(!gtext.includes(matterId), 'the service guide shows the internal matter id');
    const gsrc = await checkFlowchart(guide, ['立案']);
    assert(gsrc === src, 'the guide does not show its matter\'s flowchart');
    await page.setViewportSize({ width: 390, height: 844 });
    await noSidewaysScroll('the public service guides');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  await step('public certificate check: a demo officer\'s certificate is valid; an unknown one is not found', async () => {
    await page.goto(`${baseUrl}/public/certificates`, { waitUntil: 'load' });
    await page.waitForSelector('#public-certificate #certificate-number', { state: 'visible' });
    await page.fill('#certificate-number', certificateNumber);
    await page.click('#certificate-check');
    await page.waitForSelector('#certificate-result', { state: 'visible' });
    assert((await page.getAttribute('#certificate-result', 'data-valid')) === 'true', 'the certificate is not valid');
    const text = (await page.textContent('#certificate-result')) ?? '';
    assert(text.includes('该执法证今日有效'), `the verdict reads ${text}`);
    assert(text.includes(certificateHolder) && text.includes(certificateNumber), `the result reads ${text}`);
    await page.waitForFunction(() => {
      const img = document.querySelector('#certificate-result figure.qr img');
      return img && img.complete && img.naturalWidth > 0;
    });
    await page.fill('#certificate-number', '2199999990');
    await page.click('#certificate-check');
    await page.waitForFunction(
      () => document.querySelector('#certificate-result')?.classList.contains('form-error'),
    );
    const missing = (await page.textContent('#certificate-result')) ?? '';
    assert(hasChinese(missing) && !missing.includes(certificateHolder), `the unknown number reads ${missing}`);
  }, { consoleErrors: /status of 404/ }); // the unknown number answers 404

  await step('public annual report: last year renders with charts and a table', async () => {
    await page.goto(`${baseUrl}/public/reports/annual/${lastYear}`, { waitUntil: 'load' });
    await page.waitForSelector('#public-annual-report article.report', { state: 'visible' });
    const title = (await page.textContent('#public-annual-report .page-title')) ?? '';
    assert(title.includes(String(lastYear)), `the title reads ${title}`);
    const report = page.locator('#public-annual-report article.report', { hasText: '桓仁满族自治县财政局' });
    await report.first().waitFor({ state: 'visible' });
    const charts = await report.first().locator('svg.bar-chart').count();
    assert(charts === 2, `${charts} charts in the report`);
    const bars = await report.first().locator('svg.bar-chart g').count();
    assert(bars >= 8, `only ${bars} bars in the charts`);
    const table = (await report.first().locator('table.report-table').textContent()) ?? '';
    assert(table.includes('罚款总额') && table.includes('法制审核'), `the table reads ${table}`);
    assert(await page.isVisible('#report-print'), 'no print button');
  });

  await step('admin: the delivery log shows the pushes delivered, signed', async () => {
    await signIn('admin', adminPassword);
    await page.click('#main-nav a[data-page="admin"]');
    const row = page.locator('#webhooks .webhook-row', { hasText: receiverUrl });
    await row.waitFor({ state: 'visible' });
    const wanted = ['decision.published', 'decision.corrected', 'decision.withdrawn'];
    let types = [];
    for (let i = 0; i < 30; i++) {
      await row.locator('.show-deliveries').click();
      await page.waitForSelector('#webhooks .delivery-list, #webhooks h3 + p.muted', { state: 'visible' });
      types = await page
        .locator('#webhooks .delivery-row[data-status="Succeeded"] code')
        .evaluateAll((els) => els.map((e) => e.textContent.trim()));
      if (wanted.every((w) => types.includes(w))) break;
      await page.waitForTimeout(1000);
    }
    assert(wanted.every((w) => types.includes(w)), `delivered: ${JSON.stringify(types)}`);
    const delivered = page.locator('#webhooks .delivery-row', { hasText: 'decision.withdrawn' }).first();
    assert(((await delivered.textContent()) ?? '').includes('已送达'), 'the delivery does not read 已送达');
    await delivered.locator('.show-attempts').click();
    await page.waitForSelector('#webhooks .attempt-list tbody tr', { state: 'visible' });
    const attempt = (await page.textContent('#webhooks .attempt-list tbody tr')) ?? '';
    assert(attempt.includes('204'), `the attempt reads ${attempt}`);
    // What the portal received is signed with the secret shown once.
    const mine = received.filter((r) => r.body.includes(disclosureId));
    assert(mine.length >= 3, `the receiver got ${mine.length} events for the entry`);
    for (const r of mine) assert(signedBy(webhookSecret, r.headers, r.body), `a bad signature on ${r.body}`);
    assertNoPersonalData(mine.map((r) => r.body).join('\n'), 'a webhook event');
  });
});
