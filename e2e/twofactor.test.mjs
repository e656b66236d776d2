// Second factors in real Chromium: an admin signs in, must set one up, scans
// nothing but types the key shown as text into "their app" (RFC 6238, made
// in secondfactor.mjs and checked here against the RFC's own vectors), confirms
// it, sees the recovery codes once; then signs in with a code, and with a
// recovery code; then, signed in, makes new recovery codes and sets it up on
// a new phone, each asking for a code from the one in use. axe checks every
// page on the way: 0 violations.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, E2E_ADMIN } from './server.mjs';
import { launchBrowser, openContext, visit, axeClean, DESK } from './browser.mjs';
import { totp } from './secondfactor.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

test('the code maker agrees with RFC 6238', () => {
  // Appendix B: the secret "12345678901234567890" at T = 59 s gives 94287082.
  assert.equal(totp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 0, 59), '287082');
  assert.equal(totp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 0, 1111111109), '081804');
});

async function signIn(page) {
  await visit(page, `${server.url}/workers/sign-in`);
  await page.locator('#email').fill(E2E_ADMIN.email);
  await page.locator('#password').fill(E2E_ADMIN.password);
  await Promise.all([page.waitForURL(/\/workers\/(two-factor\/enrol|sign-in\/code)$/), page.locator('button[type="submit"]').click()]);
}

async function signOut(page) {
  await Promise.all([page.waitForURL(/\/workers\/sign-in$/), page.getByRole('button', { name: 'Sign out' }).click()]);
}

test('an admin sets up a second factor, then signs in with a code and with a recovery code', async () => {
  const { context } = await openContext(browser, server.url, DESK);
  const page = await context.newPage();
  try {
    await signIn(page);
    assert.match(page.url(), /\/workers\/two-factor\/enrol$/, 'an admin without a second factor sets one up first');
    await visit(page, `${server.url}/workers/rounds/general`);
    assert.match(page.url(), /\/workers\/sign-in$/, 'no results before the second factor is set up');
    await visit(page, `${server.url}/workers/two-factor/enrol`);
    await axeClean(page, '/workers/two-factor/enrol');
    assert.equal(await page.locator('.factor-qr svg[role="img"]').count(), 1, 'a QR code is drawn');
    const key = (await page.locator('.factor-secret').innerText()).trim();
    assert.match(key, /^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);

    await page.locator('#code').fill('000000');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.locator('[role="alert"]').waitFor();
    assert.match(await page.locator('[role="alert"]').innerText(), /not right/);
    await axeClean(page, '/workers/two-factor/enrol, a wrong code');

    await page.locator('#code').fill(totp(key));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.locator('.recovery-codes').waitFor();
    await axeClean(page, 'the recovery codes, shown once');
    const codes = (await page.locator('.recovery-codes li').allInnerTexts()).map((c) => c.trim());
    assert.equal(codes.length, 10);
    await Promise.all([page.waitForURL(/\/workers\/$/), page.getByRole('link', { name: 'Go to your rounds' }).click()]);
    await visit(page, `${server.url}/workers/two-factor`);
    await axeClean(page, '/workers/two-factor');
    await visit(page, `${server.url}/workers/two-factor/reset`);
    await axeClean(page, '/workers/two-factor/reset');
    await visit(page, `${server.url}/workers/two-factor`);
    await Promise.all([page.waitForURL(/\/workers\/teams\/[0-9a-f]+\/two-factor$/), page.getByRole('link', { name: /Change for E2E Team/ }).click()]);
    await axeClean(page, '/workers/teams/:id/two-factor');
    await signOut(page);

    // A code from the app; the one that confirmed is used, so wait for the next step's.
    await signIn(page);
    assert.match(page.url(), /\/workers\/sign-in\/code$/);
    await axeClean(page, '/workers/sign-in/code');
    await page.locator('#code').fill(totp(key, 1));
    await Promise.all([page.waitForURL(/\/workers\/$/), page.getByRole('button', { name: 'Sign in' }).click()]);
    await signOut(page);

    // A recovery code instead.
    await signIn(page);
    await Promise.all([page.waitForURL(/\/workers\/sign-in\/recovery$/), page.getByRole('link', { name: 'Use a recovery code instead' }).click()]);
    await axeClean(page, '/workers/sign-in/recovery');
    await page.locator('#code').fill('wrong-codes');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('[role="alert"]').waitFor();
    await axeClean(page, '/workers/sign-in/recovery, a wrong code');
    await page.locator('#code').fill(codes[0]);
    await Promise.all([page.waitForURL(/\/workers\/two-factor$/), page.getByRole('button', { name: 'Sign in' }).click()]);
    assert.match(await page.locator('main').innerText(), /You have 9 recovery codes left/);

    // Changing the second factor needs a code from the one in use: a session
    // alone (from an unlocked laptop) changes nothing. Its problem is beside
    // the field and tied to it.
    const current = page.getByLabel('Code your app shows now, or a recovery code');
    await current.fill('000000');
    await page.getByRole('button', { name: 'Make new recovery codes' }).click();
    await page.locator('#current-problem').waitFor();
    assert.match(await page.locator('#current-problem').innerText(), /not the code your app shows now/);
    assert.deepEqual((await current.getAttribute('aria-describedby')).split(' '), ['current-hint', 'current-problem']);
    assert.equal(await page.locator('.recovery-codes').count(), 0, 'no new recovery codes without a current code');
    await axeClean(page, '/workers/two-factor, a wrong current code');
    await current.fill(codes[1]);
    await page.getByRole('button', { name: 'Make new recovery codes' }).click();
    await page.locator('.recovery-codes').waitFor();
    const renewed = (await page.locator('.recovery-codes li').allInnerTexts()).map((c) => c.trim());
    assert.equal(renewed.length, 10);

    // A new phone: an old recovery code (replaced just now) is refused, an unused one works.
    await visit(page, `${server.url}/workers/two-factor/enrol`);
    await axeClean(page, '/workers/two-factor/enrol, with a second factor in use');
    const phone = (await page.locator('.factor-secret').innerText()).trim();
    await current.fill(codes[2]);
    await page.getByLabel("Code from your new phone's app").fill(totp(phone));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.locator('#current-problem').waitFor();
    assert.match(await page.locator('#current-problem').innerText(), /not the code your app shows now/);
    await axeClean(page, '/workers/two-factor/enrol, a wrong current code');
    await current.fill(renewed[0]);
    await page.getByLabel("Code from your new phone's app").fill(totp(phone));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.locator('.recovery-codes').waitFor();
    await signOut(page);
    await signIn(page);
    await page.locator('#code').fill(totp(phone, 1));
    await Promise.all([page.waitForURL(/\/workers\/$/), page.getByRole('button', { name: 'Sign in' }).click()]);
  } finally {
    await context.close();
  }
});
