// Browser test of the app shell: login (wrong and right password), the signed-in user, the
// navigation on a phone-sized screen, session restore on reload, and logout.
//
// Plain Node, no framework: `node login.test.mjs`. Exits non-zero on failure.
//
// Environment:
//   SANXIANG_BASE_URL             server under test, e.g. http://127.0.0.1:18080 (required)
//   SANXIANG_DEMO_USER            demo user name (default demo_officer)
//   SANXIANG_DEMO_PASSWORD        its password (required)
//   SANXIANG_DEMO_DISPLAY_NAME    its expected display name (default 张执法)
//   (SANXIANG_ARTIFACTS_DIR, SANXIANG_CHROMIUM: see lib.mjs)

import { assert, baseUrl, createRunner, launchPage, requireEnv } from './lib.mjs';

const user = process.env.SANXIANG_DEMO_USER || 'demo_officer';
const password = process.env.SANXIANG_DEMO_PASSWORD ?? '';
const displayName = process.env.SANXIANG_DEMO_DISPLAY_NAME || '张执法';

requireEnv('login', ['SANXIANG_BASE_URL', 'SANXIANG_DEMO_PASSWORD']);

const runner = createRunner('login');
const { step } = runner;
let page;

// Waits until #current-user shows the expected display name; says what it shows otherwise.
async function expectCurrentUser() {
  try {
    await page.waitForFunction(
      (expected) => document.querySelector('#current-user')?.textContent?.trim() === expected,
      displayName,
    );
  } catch (err) {
    const shown = await page.textContent('#current-user').catch(() => null);
    throw new Error(
      `#current-user shows ${JSON.stringify(shown?.trim() ?? null)}, expected ${JSON.stringify(displayName)}`,
    );
  }
}

await runner.run(async () => {
  ({ page } = await launchPage(runner, { viewport: { width: 1280, height: 800 }, timezoneId: undefined }));

  await step('the login page opens in Chinese', async () => {
    const resp = await page.goto(`${baseUrl}/`, { waitUntil: 'load' });
    assert(resp && resp.ok(), `GET / answered ${resp ? resp.status() : 'nothing'}`);
    await page.waitForSelector('#login-form', { state: 'visible' });
    const lang = await page.getAttribute('html', 'lang');
    assert(lang === 'zh-CN', `<html lang> is ${JSON.stringify(lang)}, expected "zh-CN"`);
    const title = await page.title();
    assert(title === '三项执法管理平台', `page title is ${JSON.stringify(title)}`);
    const button = (await page.textContent('#login-submit'))?.trim();
    assert(button === '登录', `login button says ${JSON.stringify(button)}, expected "登录"`);
  });

  await step('a wrong password shows an error', async () => {
    await page.fill('#username', user);
    await page.fill('#password', `${password}-wrong`);
    await page.click('#login-submit');
    await page.waitForSelector('#login-error', { state: 'visible' });
    const text = (await page.textContent('#login-error'))?.trim() ?? '';
    assert(text.length > 0, 'the login error is empty');
    assert(/[\u4e00-\u9fff]/.test(text), `the login error is not in Chinese: ${JSON.stringify(text)}`);
    assert(await page.isVisible('#login-form'), 'the login form went away after a failed login');
  });

  await step('the demo user signs in and sees their name', async () => {
    await page.fill('#username', user);
    await page.fill('#password', password);
    await page.click('#login-submit');
    await page.waitForSelector('#current-user', { state: 'visible' });
    await expectCurrentUser();
    const stored = await page.evaluate(() => localStorage.getItem('sanxiang.refresh_token'));
    assert(stored, 'no refresh token in localStorage after login');
    assert(await page.isVisible('#logout'), 'no logout button');
  });

  await step('the navigation is usable on a phone-sized screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    // A menu button stands for the navigation on a phone; a tap opens it.
    await page.waitForSelector('#nav-toggle', { state: 'visible' });
    await page.click('#nav-toggle');
    const nav = page.locator('#main-nav');
    await nav.waitFor({ state: 'visible' });
    const box = await nav.boundingBox();
    assert(box && box.width > 0 && box.height > 0, 'the navigation has no size');
    assert(box.x >= 0 && box.x + box.width <= 391, `the navigation overflows the screen: ${JSON.stringify(box)}`);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert(width <= 390, `the page scrolls sideways on a phone (${width}px wide)`);
    // Every user has 工作台; open it, then come back to 个人信息.
    await page.click('#main-nav a[data-page="dashboard"]');
    await page.waitForSelector('#dashboard', { state: 'visible' });
    await page.click('#nav-toggle');
    await page.click('#main-nav a[data-page="profile"]');
    await page.waitForSelector('#profile', { state: 'visible' });
    const shown = (await page.textContent('#profile-display-name'))?.trim();
    assert(shown === displayName, `profile shows ${JSON.stringify(shown)}, expected ${JSON.stringify(displayName)}`);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  await step('a reload restores the session', async () => {
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector('#current-user', { state: 'visible' });
    await expectCurrentUser();
  });

  await step('logout returns to the login page', async () => {
    await page.click('#logout');
    await page.waitForSelector('#login-form', { state: 'visible' });
    const stored = await page.evaluate(() => localStorage.getItem('sanxiang.refresh_token'));
    assert(!stored, 'the refresh token is still in localStorage after logout');
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector('#login-form', { state: 'visible' });
    assert(!(await page.isVisible('#current-user')), 'still signed in after logout and reload');
  });
});
