// Browser test of random inspections (双随机、一公开), from the pool to the published
// result, in the UI.
//
// The approver (who manages inspections: pools, plans, draws) imports a target CSV and reads
// the row-by-row rejection report (a wrong credit-code check character, a duplicate), declares a
// conflict of interest (回避) between an officer and a target, creates a plan for an item of the
// random-inspection list after previewing the pool sizes per credit tier, fixes it (snapshot hash
// and seed commitment published), draws (seed and result published; the seed matches the
// commitment, the conflict pair is not drawn together, every target has two distinct inspectors).
// Anyone, signed out, opens the public draw page and re-runs the draw in the browser. The
// approver creates the tasks and sees the progress; a drawn officer opens one inspection case
// from the plan page and takes it through the on-site inspection to its result on the case
// page; the progress shows it. The result's disclosure draft is published by an editor and a
// second reviewer, and the public inspection-results page shows it without personal data.
//
// Set-up through the API (not what this test is about): a third certified officer (so a
// conflict still leaves two inspectors for every target), the random-inspection item (written by
// the editor, approved by the approver), and the publication of the disclosure draft.
//
// Plain Node, no framework: `node inspections.test.mjs`. Exits non-zero on failure.
//
// Environment (as the other browser tests):
//   SANXIANG_BASE_URL             server under test, e.g. http://127.0.0.1:18080 (required)
//   SANXIANG_DEMO_PASSWORD        password of the demo users (required)
//   SANXIANG_ADMIN_PASSWORD       password of `admin` (required: it adds a certified officer)
//   SANXIANG_DEMO_USER            first demo officer (default demo_officer)
//   SANXIANG_DEMO_USER2           second demo officer (default demo_officer2)
//   SANXIANG_DEMO_MANAGER         who manages inspections (default demo_approver)
//   SANXIANG_DEMO_EDITOR          disclosure editor (default demo_editor)
//   (SANXIANG_ARTIFACTS_DIR, SANXIANG_CHROMIUM: see lib.mjs)

import { createHash } from 'node:crypto';
import {
  assert,
  baseUrl,
  chinaToday,
  confirmIfAsked,
  createRunner,
  currentStage,
  launchBrowser,
  newPage as openPage,
  newRunId,
  requireEnv,
  signIn,
  TIMEOUT,
} from './lib.mjs';

const password = process.env.SANXIANG_DEMO_PASSWORD ?? '';
const adminPassword = process.env.SANXIANG_ADMIN_PASSWORD ?? '';
const officer1 = process.env.SANXIANG_DEMO_USER || 'demo_officer';
const officer2 = process.env.SANXIANG_DEMO_USER2 || 'demo_officer2';
const manager = process.env.SANXIANG_DEMO_MANAGER || 'demo_approver';
const editor = process.env.SANXIANG_DEMO_EDITOR || 'demo_editor';

requireEnv('inspections', ['SANXIANG_BASE_URL', 'SANXIANG_DEMO_PASSWORD', 'SANXIANG_ADMIN_PASSWORD']);

// ---- this run's data: unique names, tier and credit codes, so reruns on one server work ----
const runId = newRunId();
const tier = `T${runId}`.slice(0, 16);
const inspectorUser = `insp_${runId}`;
const inspectorName = `孙检查${runId}`;
const inspectorPassword = `inspector-password-${runId}`;
const itemName = `代理记账机构监督检查（浏览器测试${runId}）`;
const planName = `${runId}代理记账机构双随机抽查`;

// GB 32100-2015 check character of a unified social credit code.
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
function creditCode(n) {
  const body = `91210522${String(n).padStart(9, '0').slice(-9)}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARSET.indexOf(body[i]) * WEIGHTS[i];
  return body + CHARSET[(31 - (sum % 31)) % 31];
}
function withWrongCheck(code) {
  const last = code[17];
  return code.slice(0, 17) + (last === '0' ? '1' : '0');
}
const base = Date.now() % 1_000_000_000;
const targets = ['甲', '乙', '丙'].map((c, i) => ({
  name: `桓仁${c}代理记账有限公司${runId}`,
  code: creditCode((base * 3 + i) % 1_000_000_000),
  address: `桓仁满族自治县桓仁镇抽查路${i + 1}号${runId}`,
}));
const badCode = withWrongCheck(creditCode((base * 3 + 7) % 1_000_000_000));

const runner = createRunner('inspections');
const { step } = runner;

// ---- the API, for set-up only ----
async function api(method, path, token, body) {
  const resp = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await resp.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: resp.status, body: json };
}
async function must(method, path, token, body, expected = [200, 201]) {
  const r = await api(method, path, token, body);
  assert(
    expected.includes(r.status),
    `${method} ${path} answered ${r.status}: ${JSON.stringify(r.body)}`,
  );
  return r.body;
}
async function login(username, pw) {
  const body = await must('POST', '/auth/login', null, { username, password: pw }, [200]);
  return body.access_token;
}

let browser;
const newPage = (label) => openPage(runner, browser, label);

// Opens the case page's form of `action` (only if offered), lets `fill` set its fields,
// submits, and waits for the case to move; fails on a refusal.
async function mustAct(page, action, fill) {
  const offered = await page
    .locator('#actions button[data-action]')
    .evaluateAll((els) => els.map((e) => e.dataset.action));
  assert(
    offered.includes(action),
    `the case page does not offer "${action}" (it offers ${JSON.stringify(offered)})`,
  );
  await page.click(`#actions button[data-action="${action}"]`);
  await page.waitForSelector(`#action-form[data-action="${action}"]`, { state: 'visible' });
  if (fill) await fill();
  const before = await currentStage(page);
  await page.click('#action-submit');
  const asked = await confirmIfAsked(page, '#action-submit');
  assert(asked === ['decide', 'archive'].includes(action) || (!asked && (await page.isVisible('#action-error'))), `${action}: confirmation ${asked}`);
  const outcome = await (
    await page.waitForFunction((prev) => {
      const err = document.querySelector('#action-error');
      if (err) return { ok: false, message: err.textContent.trim() };
      const now = document.querySelector('#stage-bar [data-progress="current"]')?.dataset.stage ?? null;
      return now !== prev ? { ok: true, stage: now } : false;
    }, before)
  ).jsonValue();
  assert(outcome.ok, `"${action}" was refused: ${outcome.message}`);
  return outcome.stage;
}

// Adds a record through the case page's record form.
async function addRecord(page, { kind, title, text, documentType }) {
  await page.waitForSelector('#record-form', { state: 'visible' });
  await page.selectOption('#record-kind', kind);
  await page.waitForSelector(`#record-document-type option[value="${documentType}"]`, { state: 'attached' });
  await page.selectOption('#record-document-type', documentType);
  await page.fill('#record-title', title);
  await page.fill('#record-text', text);
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

// The rows of the plan page's progress table.
async function taskRows(page) {
  return page.locator('#draw-result tr.task-row').evaluateAll((rows) =>
    rows.map((r) => ({
      targetId: r.dataset.targetId,
      inspectorIds: r.dataset.inspectorIds.split(' ').filter(Boolean),
      caseId: r.dataset.caseId,
      stage: r.dataset.stage,
      outcome: r.dataset.outcome,
      target: r.querySelector('.task-target').textContent.trim(),
      inspectors: r.querySelector('.task-inspectors').textContent.trim(),
      stageText: r.querySelector('.task-stage').textContent.trim(),
      outcomeText: r.querySelector('.task-outcome').textContent.trim(),
    })),
  );
}

// The counts of the progress summary, by stage.
async function stageCounts(page) {
  return page.locator('#progress-summary .stage-count').evaluateAll((els) =>
    Object.fromEntries(els.map((e) => [e.dataset.stage, Number(e.dataset.count)])),
  );
}

// ---- shared between steps ----
const ids = {}; // username -> user id
let agencyId;
let itemId;
let planId;
let commitment;
let seed;
let conflictTargetId;
let chosenTask; // { caseId, targetName, officerUser }

await runner.run(async () => {
  browser = await launchBrowser(runner);

  await step('set-up (API): a third certified officer and a published random-inspection item', async () => {
    const admin = await login('admin', adminPassword);
    const o1 = await login(officer1, password);
    const me = await must('GET', '/me', o1);
    agencyId = me.agency.id;
    ids[officer1] = me.id;
    ids[officer2] = (await must('GET', '/me', await login(officer2, password))).id;
    const user = await must('POST', '/users', admin, {
      username: inspectorUser,
      display_name: inspectorName,
      password: inspectorPassword,
      agency_id: agencyId,
      roles: ['officer'],
    });
    ids[inspectorUser] = user.id;
    await must('PUT', `/officers/${user.id}`, admin, { name: inspectorName, post: '科员', unit: '监督检查股' });
    await must('POST', `/officers/${user.id}/certificates`, admin, {
      number: `3${String(base).padStart(9, '0')}`,
      issuer: '桓仁满族自治县人民政府',
      valid_from: '2024-01-01',
      valid_until: '2029-12-31',
      categories: ['财政'],
      area: '桓仁满族自治县',
    });
    // The item: written by the editor, approved by a second person (the approver).
    const ed = await login(editor, password);
    const v = await must('POST', '/registers/inspection_item', ed, {
      content: {
        item: itemName,
        sub_item: '',
        legal_basis: '《代理记账管理办法》第二十三条',
        agency: '桓仁满族自治县财政局',
        target_type: '代理记账机构',
        content: '代理记账资格、业务开展情况',
        ratio_percent: 5.0,
        frequency: '每年一次',
        method: '书面检查、实地核查',
        inspector_requirements: '每个检查对象不少于2名持证执法人员',
        enforcement_category: '财政',
      },
      effective_from: chinaToday(),
      change_note: '首次发布',
    });
    itemId = v.entry_id;
    await must('POST', `/registers/inspection_item/${itemId}/versions/${v.version}/submit`, ed, {});
    const approver = await login(manager, password);
    const reviewed = await must(
      'POST',
      `/registers/inspection_item/${itemId}/versions/${v.version}/review`,
      approver,
      { approve: true },
    );
    assert(reviewed.in_force, `the item is not in force after approval: ${JSON.stringify(reviewed)}`);
  });

  const mgr = await newPage('manager');

  await step('the manager imports a target CSV: two rows rejected with their reasons', async () => {
    await signIn(mgr, manager, password);
    await mgr.click('#main-nav a[data-page="inspections"]');
    await mgr.waitForSelector('#inspections-page', { state: 'visible' });
    await mgr.waitForSelector('#import-form', { state: 'visible' });
    const csv = [
      '名称,统一社会信用代码,类型,信用等级,地址,标签,上次检查日期',
      ...targets.map((t) => `${t.name},${t.code},单位,${tier},${t.address},代理记账,`),
      `桓仁错码代理记账有限公司${runId},${badCode},单位,${tier},桓仁县,代理记账,`,
      `桓仁重复代理记账有限公司${runId},${targets[0].code},单位,${tier},桓仁县,代理记账,`,
    ].join('\n');
    await mgr.setInputFiles('#import-file', {
      name: '监管对象名录.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${csv}\n`, 'utf8'),
    });
    await mgr.click('#import-submit');
    await mgr.waitForSelector('#import-report', { state: 'visible' });
    const report = await mgr.locator('#import-report').evaluate((e) => ({ ...e.dataset, text: e.textContent }));
    assert(
      report.rows === '5' && report.imported === '3' && report.rejected === '2',
      `import report: ${JSON.stringify(report)}`,
    );
    assert(report.text.includes('共读取 5 行，导入 3 行，未导入 2 行'), `the summary reads ${report.text}`);
    const rejected = await mgr.locator('#import-report tr.rejected-row').evaluateAll((rows) =>
      rows.map((r) => ({ line: r.dataset.line, reasons: r.dataset.reasons, text: r.textContent })),
    );
    assert(rejected.length === 2, `rejected rows: ${JSON.stringify(rejected)}`);
    const bad = rejected.find((r) => r.line === '5');
    assert(bad, `line 5 (the wrong check character) is not reported: ${JSON.stringify(rejected)}`);
    assert(bad.reasons === 'credit_code:bad_check_character', `line 5 reasons: ${bad.reasons}`);
    assert(bad.text.includes(badCode) && bad.text.includes('校验码错误'), `line 5 reads ${bad.text}`);
    const dup = rejected.find((r) => r.line === '6');
    assert(dup, `line 6 (the duplicate) is not reported: ${JSON.stringify(rejected)}`);
    assert(dup.reasons === 'credit_code:duplicate', `line 6 reasons: ${dup.reasons}`);
    assert(dup.text.includes('重复'), `line 6 reads ${dup.text}`);
    // The pool lists the three imported targets in this run's tier.
    await mgr.fill('#inspection-pool input[type="search"]', runId);
    await mgr.click('#inspection-pool .row button');
    await mgr.waitForFunction(
      (names) => {
        const text = document.querySelector('#target-table tbody')?.textContent ?? '';
        return names.every((n) => text.includes(n)) && !text.includes('错码');
      },
      targets.map((t) => t.name),
    );
    const tierCounts = (await mgr.textContent('#tier-counts')) ?? '';
    assert(tierCounts.includes(`${tier} 3`), `tier counts read ${tierCounts}`);
  });

  await step('the manager declares a conflict of interest: 李执法 × the first target', async () => {
    const officerName = await mgr
      .locator(`#conflict-officer option[value="${ids[officer2]}"]`)
      .textContent({ timeout: TIMEOUT });
    // The conflict form offers the imported targets (searched by name).
    await mgr.fill('#conflict-target-q', targets[0].name);
    await mgr.locator('#conflict-target-q').dispatchEvent('change');
    const option = mgr.locator('#conflict-target option', { hasText: targets[0].name });
    await option.waitFor({ state: 'attached' });
    conflictTargetId = await option.getAttribute('value');
    await mgr.selectOption('#conflict-officer', ids[officer2]);
    await mgr.selectOption('#conflict-target', conflictTargetId);
    await mgr.fill('#conflict-reason', '近亲属在该单位任职');
    await mgr.click('#conflict-submit');
    await mgr.waitForSelector(
      `#conflict-table tr.conflict-row[data-officer-id="${ids[officer2]}"][data-target-id="${conflictTargetId}"]`,
    );
    const row = await mgr
      .locator(`#conflict-table tr.conflict-row[data-target-id="${conflictTargetId}"]`)
      .first()
      .textContent();
    assert(row.includes(officerName.trim()) && row.includes(targets[0].name), `the conflict row reads ${row}`);
    assert(!(await mgr.isVisible('#conflict-error')), 'the conflict form shows an error');
  });

  await step('plan: the item from the list, a preview of pool sizes per tier, created as a draft', async () => {
    await mgr.fill('#plan-name', planName);
    const option = mgr.locator('#plan-item option', { hasText: itemName });
    await option.waitFor({ state: 'attached' });
    assert((await option.getAttribute('value')) === itemId, 'the item option does not carry the entry id');
    await mgr.selectOption('#plan-item', itemId);
    assert((await mgr.inputValue('#plan-category')) === '财政', 'the category is not taken from the item');
    // All of this run's tier (100 %), none of the others; nobody inspected within 3 years.
    await mgr.fill('#plan-ratios', `${tier}:10000`);
    await mgr.fill('#plan-years', '3');
    await mgr.fill('#plan-per-target', '2');
    await mgr.click('#plan-preview-button');
    const row = mgr.locator(`#plan-preview tr.preview-tier[data-tier="${tier}"]`);
    await row.waitFor({ state: 'visible' });
    const d = await row.evaluate((e) => ({ ...e.dataset }));
    assert(d.pool === '3' && d.eligible === '3' && d.quota === '3', `preview of ${tier}: ${JSON.stringify(d)}`);
    const others = await mgr
      .locator('#plan-preview tr.preview-tier')
      .evaluateAll((rows, t) => rows.filter((r) => r.dataset.tier !== t).map((r) => r.dataset.quota), tier);
    assert(others.every((q) => q === '0'), `other tiers have quotas ${JSON.stringify(others)}`);
    const inspectors = Number(await mgr.getAttribute('#plan-preview', 'data-eligible-inspectors'));
    assert(inspectors >= 3, `only ${inspectors} eligible inspectors in the preview`);
    const text = (await mgr.textContent('#plan-preview')) ?? '';
    assert(text.includes('名录数') && text.includes(`持有效执法证的执法人员：${inspectors} 名`), `preview reads ${text}`);
    await mgr.click('#plan-submit');
    await mgr.waitForSelector('#inspection-plan-page', { state: 'visible' });
    await mgr.waitForSelector('#plan-summary', { state: 'visible' });
    planId = mgr.url().split('#/inspections/')[1];
    assert(/^[0-9a-f-]{36}$/.test(planId ?? ''), `the plan page URL is ${mgr.url()}`);
    assert((await mgr.textContent('#plan-status')).trim() === '草稿', `status ${await mgr.textContent('#plan-status')}`);
    assert((await mgr.textContent('#commitment')).trim() === '—', 'a draft shows a commitment');
    assert(!(await mgr.isVisible('#public-draw-link')), 'a draft has a public page link');
  });

  await step('fix: the snapshot hash and the seed commitment are published, the seed is not', async () => {
    await mgr.click('#fix-plan');
    await mgr.waitForFunction(() => /^[0-9a-f]{64}$/.test(document.querySelector('#commitment')?.textContent.trim() ?? ''));
    commitment = (await mgr.textContent('#commitment')).trim();
    const hash = (await mgr.textContent('#snapshot-hash')).trim();
    assert(/^[0-9a-f]{64}$/.test(hash), `snapshot hash ${hash}`);
    assert((await mgr.textContent('#seed')).trim() === '尚未公布', `seed before the draw: ${await mgr.textContent('#seed')}`);
    await mgr.waitForSelector('#public-draw-link', { state: 'visible' });
    assert(!(await mgr.isVisible('#fix-plan')), 'a fixed plan still offers fixing');
  });

  await step('draw: the seed matches the commitment; conflicts excluded; two inspectors per target', async () => {
    await mgr.click('#draw-plan');
    assert(await confirmIfAsked(mgr, '#draw-plan'), '抽取 asked no confirmation');
    await mgr.waitForFunction(() => /^[0-9a-f]{64}$/.test(document.querySelector('#seed')?.textContent.trim() ?? ''));
    seed = (await mgr.textContent('#seed')).trim();
    const digest = createHash('sha256').update(Buffer.from(seed, 'hex')).digest('hex');
    assert(digest === commitment, `SHA-256(seed) ${digest} is not the commitment ${commitment}`);
    assert((await mgr.textContent('#plan-status')).trim() === '已抽取', `status ${await mgr.textContent('#plan-status')}`);
    assert(!(await mgr.isVisible('#draw-plan')), 'a drawn plan still offers drawing');
    await mgr.waitForSelector('#draw-result tr.task-row');
    const rows = await taskRows(mgr);
    assert(rows.length === 3, `${rows.length} targets drawn, expected the 3 of tier ${tier}`);
    for (const t of targets) assert(rows.some((r) => r.target === t.name), `${t.name} was not drawn`);
    for (const r of rows) {
      assert(new Set(r.inspectorIds).size === 2 && r.inspectorIds.length === 2, `inspectors of ${r.target}: ${r.inspectorIds}`);
      assert(r.inspectors.split('、').filter(Boolean).length === 2, `inspector names of ${r.target}: ${r.inspectors}`);
      assert(r.stage === '' && r.stageText === '', `a task before creation has stage ${r.stage}`);
    }
    const conflicted = rows.find((r) => r.targetId === conflictTargetId);
    assert(conflicted, 'the conflict target was not drawn');
    assert(
      !conflicted.inspectorIds.includes(ids[officer2]),
      `the conflict pair was drawn together: ${JSON.stringify(conflicted)}`,
    );
    const counts = await stageCounts(mgr);
    assert(counts.not_started === 3, `progress before tasks: ${JSON.stringify(counts)}`);
    assert((await mgr.textContent('#progress-summary')).includes('未生成任务：3'), 'the summary is not in Chinese');
  });

  await step('signed out, anyone re-runs the draw in the browser: reproduced', async () => {
    const pub = await newPage('public');
    const href = await mgr.getAttribute('#public-draw-link', 'href');
    assert(href === `/public/draws/${planId}`, `the public link is ${href}`);
    const resp = await pub.goto(`${baseUrl}${href}`, { waitUntil: 'load' });
    assert(resp && resp.ok(), `GET ${href} answered ${resp ? resp.status() : 'nothing'}`);
    await pub.waitForSelector('#public-draw', { state: 'visible' });
    await pub.waitForSelector('#public-commitment');
    assert((await pub.textContent('#public-commitment')).trim() === commitment, 'the public commitment differs');
    assert((await pub.textContent('#public-seed')).trim() === seed, 'the public seed differs');
    assert(!(await pub.isVisible('#login-form')), 'the public page asks to sign in');
    const selections = await pub.locator('#public-result tr.public-selection').count();
    assert(selections === 3, `the public result lists ${selections} targets`);
    const publicText = (await pub.textContent('#public-draw')) ?? '';
    for (const t of targets) assert(!publicText.includes(t.address), 'the public draw shows a target address');
    await pub.click('#verify-draw');
    await pub.waitForSelector('#verify-result');
    const ok = await pub.getAttribute('#verify-result', 'data-ok');
    const box = (await pub.textContent('#verify-box')) ?? '';
    assert(ok === 'true', `the in-browser check failed: ${box}`);
    assert(box.includes('核验通过') && !box.includes('✘'), `the check reads ${box}`);
    for (const line of ['随机种子与事先公布的承诺一致', '名录快照与公布的摘要一致', '重新计算的结果与公布结果一致']) {
      assert(box.includes(`✔ ${line}`), `the check does not confirm "${line}": ${box}`);
    }
    await pub.context().close();
  });

  await step('tasks: one inspection case per drawn target; the progress shows them', async () => {
    await mgr.click('#create-tasks');
    await mgr.waitForSelector('#inspection-plan-page .notice[role="status"]');
    const note = (await mgr.textContent('#inspection-plan-page .notice[role="status"]')).trim();
    assert(note.includes('已生成 3 项检查任务'), `the notice reads ${note}`);
    await mgr.waitForFunction(() => document.querySelectorAll('#draw-result tr.task-row[data-case-id]:not([data-case-id=""])').length === 3);
    const rows = await taskRows(mgr);
    for (const r of rows) {
      assert(r.stage === 'task' && r.stageText === '检查任务', `task of ${r.target}: ${r.stage} ${r.stageText}`);
    }
    const counts = await stageCounts(mgr);
    assert(counts.task === 3 && counts.not_started === undefined, `progress after tasks: ${JSON.stringify(counts)}`);
    // The task to carry through: one whose handling (first drawn) officer we can sign in as.
    const known = {
      [ids[officer1]]: [officer1, password],
      [ids[officer2]]: [officer2, password],
      [ids[inspectorUser]]: [inspectorUser, inspectorPassword],
    };
    const row = rows.find((r) => r.inspectorIds.some((i) => known[i]));
    assert(row, `no task has an officer this test can sign in as: ${JSON.stringify(rows)}`);
    const who = row.inspectorIds.find((i) => known[i]);
    chosenTask = { caseId: row.caseId, targetName: row.target, officer: known[who], inspectors: row.inspectors };
    console.log(`  carrying ${row.target} through as ${known[who][0]}`);
  });

  await step('a drawn officer opens the case from the plan page and records the inspection', async () => {
    const off = await newPage('officer');
    await signIn(off, chosenTask.officer[0], chosenTask.officer[1]);
    await off.goto(`${baseUrl}/#/inspections/${planId}`);
    await off.waitForSelector(`#draw-result tr.task-row[data-case-id="${chosenTask.caseId}"] a`);
    await off.click(`#draw-result tr.task-row[data-case-id="${chosenTask.caseId}"] a`);
    await off.waitForSelector('#case-page', { state: 'visible' });
    await off.waitForSelector('#stage-bar', { state: 'visible' });
    assert((await currentStage(off)) === 'task', `the case opens at ${await currentStage(off)}`);
    assert((await off.textContent('#case-party')).includes(chosenTask.targetName), 'the case names another party');
    await addRecord(off, {
      kind: 'document',
      title: '检查任务书',
      text: `${planName}：对${chosenTask.targetName}实施现场检查。`,
      documentType: 'inspection_task',
    });
    let stage = await mustAct(off, 'complete');
    assert(stage === 'on_site_inspection', `after the task the case is at ${stage}`);
    await addRecord(off, {
      kind: 'transcript',
      title: '现场检查笔录',
      text: '检查代理记账资格证书、业务台账及会计档案保管情况，未发现违法违规问题。',
      documentType: 'inspection_transcript',
    });
    // Two certified officers act together (both drawn inspectors are preselected).
    stage = await mustAct(off, 'complete', async () => {
      const boxes = off.locator('#action-form .acting input[type="checkbox"]');
      assert((await boxes.count()) >= 2, 'fewer than two officers offered as acting');
    });
    assert(stage === 'result', `after the on-site inspection the case is at ${stage}`);
    await addRecord(off, {
      kind: 'document',
      title: '检查结果文书',
      text: '经检查，未发现问题。',
      documentType: 'inspection_result',
    });
    stage = await mustAct(off, 'record_result', async () => {
      await off.selectOption('#action-result', 'no_problem');
    });
    assert(stage === 'closure', `after the result the case is at ${stage}`);
    await off.context().close();
  });

  await step('the plan progress shows the inspected task and its result', async () => {
    await mgr.reload({ waitUntil: 'load' });
    await mgr.waitForSelector(`#draw-result tr.task-row[data-case-id="${chosenTask.caseId}"][data-stage="closure"]`);
    const rows = await taskRows(mgr);
    const done = rows.find((r) => r.caseId === chosenTask.caseId);
    assert(done.outcome === 'no_problem' && done.outcomeText === '未发现问题', `result shown: ${JSON.stringify(done)}`);
    assert(done.stageText === '结案', `stage shown: ${done.stageText}`);
    const counts = await stageCounts(mgr);
    assert(counts.closure === 1 && counts.task === 2, `progress: ${JSON.stringify(counts)}`);
  });

  await step('the result\'s disclosure draft is published (editor, then a second reviewer; API)', async () => {
    const ed = await login(editor, password);
    const list = await must('GET', `/disclosures?case_id=${chosenTask.caseId}`, ed);
    assert(list.items.length === 1, `disclosures of the case: ${JSON.stringify(list)}`);
    const d = list.items[0];
    assert(d.resource_type === 'inspection_result', `the draft is a ${d.resource_type}`);
    const submitted = await must('POST', `/disclosures/${d.id}/submission`, ed, { expected_version: d.version });
    const approver = await login(manager, password);
    const published = await must('POST', `/disclosures/${d.id}/review`, approver, {
      expected_version: submitted.version,
      approve: true,
    });
    assert(published.status === 'published', `after review the draft is ${published.status}`);
    chosenTask.disclosureId = d.id;
  });

  await step('the public inspection-results page shows the result without personal data', async () => {
    const pub = await newPage('public-results');
    await pub.goto(`${baseUrl}/public/inspections`, { waitUntil: 'load' });
    await pub.waitForSelector('#public-decisions[data-resource="inspection_result"]');
    await pub.fill('#pub-q', runId);
    await pub.click('#pub-search');
    const row = pub.locator(`#pub-table tr.pub-row[data-id="${chosenTask.disclosureId}"]`);
    await row.waitFor({ state: 'visible' });
    assert((await pub.locator('#pub-table tr.pub-row').count()) === 1, 'other results match this run');
    assert((await row.textContent()).includes(chosenTask.targetName), 'the row does not name the target');
    await row.locator('a').click();
    await pub.waitForSelector(`#public-decision[data-id="${chosenTask.disclosureId}"] .public-decision`);
    const entry = (await pub.textContent('#public-decision')) ?? '';
    const target = targets.find((t) => t.name === chosenTask.targetName);
    for (const want of [target.name, target.code, '未发现问题', '桓仁满族自治县财政局']) {
      assert(entry.includes(want), `the public entry lacks ${want}: ${entry}`);
    }
    // No personal data: no address, no inspectors' names, no phone or ID numbers.
    assert(!entry.includes(target.address), 'the public entry shows the address');
    for (const n of chosenTask.inspectors.split('、')) {
      assert(!entry.includes(n), `the public entry names the inspector ${n}`);
    }
    assert(!entry.includes(inspectorName), 'the public entry names an officer');
    await pub.context().close();
  });
});
