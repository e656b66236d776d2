// A team's local help end to end, in real Chromium: a worker adds a local
// service (a wrong number first, told beside the box), checks it, and sees
// it on the team's round: the form and the thanks page young people see on
// a phone, in English and in Urdu, and the poster, below the national
// helplines. axe checks every page on the way: 0 violations.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, E2E_WORKER } from './server.mjs';
import { launchBrowser, openContext, visit, axeClean, PHONE, DESK } from './browser.mjs';

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

// below reports whether the first element matching local comes after every
// link to 999 and Childline on the page.
async function belowNationalHelplines(page) {
  return page.evaluate(() => {
    const local = document.querySelector('[data-local-help]');
    const national = [...document.querySelectorAll('a[href="tel:999"], a[href="tel:08001111"]')];
    return local !== null && national.length >= 2 &&
      national.every((n) => n.compareDocumentPosition(local) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
}

test('a worker lists a local service; young people see it below the national helplines on the round\'s pages and poster', async () => {
  const { context } = await openContext(browser, server.url, DESK);
  const page = await context.newPage();
  const code = `NEAR${Date.now() % 100000}`;
  try {
    await visit(page, `${server.url}/workers/sign-in`);
    await page.locator('#email').fill(E2E_WORKER.email);
    await page.locator('#password').fill(E2E_WORKER.password);
    await Promise.all([page.waitForURL(/\/workers\/$/), page.locator('button[type="submit"]').click()]);
    await Promise.all([page.waitForURL(/\/workers\/local-help\/[0-9a-f]+$/), page.getByRole('link', { name: 'Local help' }).click()]);
    await axeClean(page, '/workers/local-help/TEAM, empty');
    await Promise.all([page.waitForURL(/\/new$/), page.getByRole('link', { name: 'Add a local service' }).click()]);
    await axeClean(page, '/workers/local-help/TEAM/new');

    await page.getByLabel(/^Name/).fill('Sexual health clinic');
    await page.getByLabel(/^Phone number/).fill('0909 879 0000');
    await page.getByLabel(/^Web address/).fill('https://clinic.example.org/young-people');
    await page.getByLabel(/^When someone answers/).fill('Monday to Friday, 9am to 5pm');
    await page.getByRole('button', { name: 'Add the service' }).click();
    await page.locator('#phone-problem').waitFor();
    assert.match(await page.locator('#phone-problem').innerText(), /premium rate/);
    assert.equal(await page.getByLabel(/^Name/).inputValue(), 'Sexual health clinic', 'what was typed is kept');
    await axeClean(page, '/workers/local-help/TEAM, a problem beside the phone box');

    await page.getByLabel(/^Phone number/).fill('(0161) 496 0000');
    await Promise.all([page.waitForURL(/done=added$/), page.getByRole('button', { name: 'Add the service' }).click()]);
    assert.match(await page.locator('main').innerText(), /Sexual health clinic/);
    await axeClean(page, '/workers/local-help/TEAM, one service');
    await Promise.all([page.waitForURL(/done=checked$/), page.getByRole('button', { name: /I checked it today/ }).click()]);
    await Promise.all([page.waitForURL(/\/local-help\/[0-9a-f]+\/[A-Z0-9]+$/), page.getByRole('link', { name: /Change/ }).click()]);
    await axeClean(page, '/workers/local-help/TEAM/ID, the change form');

    await visit(page, `${server.url}/workers/rounds/new`);
    await page.getByLabel(/^Title/).fill('Clinic drop-in');
    await page.getByLabel(/^Code young people type/).fill(code);
    await page.getByLabel(/Did you feel safe\?/).check();
    await Promise.all([page.waitForURL(new RegExp(`/workers/rounds/${code}$`)), page.getByRole('button', { name: 'Create the round' }).click()]);
    await visit(page, `${server.url}/workers/rounds/${code}/poster`);
    assert.equal(await page.locator('[data-local-help]').count(), 1, 'the poster has the local card');
    assert.ok(await belowNationalHelplines(page), 'on the poster, below the national helplines');
    assert.match(await page.locator('[data-local-help]').innerText(), /Checked on \d+\/\d+\/\d{4}/);
    await axeClean(page, `/workers/rounds/${code}/poster, with local help`);
    const pdf = (await page.pdf({ format: 'A4' })).toString('latin1');
    assert.equal((pdf.match(/\/Type\s*\/Page[^s]/g) || []).length, 1, 'the poster with local help prints on one A4 page');

    const phone = await openContext(browser, server.url, PHONE);
    const young = await phone.context.newPage();
    for (const lang of ['en', 'ur']) {
      await visit(young, `${server.url}/${lang}/feedback/${code}`);
      assert.equal(await young.locator('[data-local-help]').count(), 1, `${lang}: the form has the local card`);
      assert.ok(await belowNationalHelplines(young), `${lang}: the form's local help is below the national helplines`);
      assert.equal(await young.locator('[data-local-help] a[href^="tel:"] span').innerText(), '(0161) 496 0000');
      await axeClean(young, `/${lang}/feedback/${code}, with local help`);
      await young.locator('fieldset.question').nth(0).locator('label').nth(3).click();
      await Promise.all([young.waitForURL(new RegExp(`/${lang}/feedback/${code}/thanks$`)), young.locator('button[type="submit"]').click()]);
      assert.equal(await young.locator('[data-local-help]').count(), 1, `${lang}: the thanks page has the local card`);
      assert.ok(await belowNationalHelplines(young), `${lang}: the thanks page's local help is below the national helplines`);
      await axeClean(young, `/${lang}/feedback/${code}/thanks, with local help`);
    }
    await visit(young, `${server.url}/en/feedback`);
    assert.equal(await young.locator('[data-local-help]').count(), 0, 'the standing round shows no local help');
    await phone.context.close();

    await visit(page, `${server.url}/workers/local-help`);
    await Promise.all([page.waitForURL(/done=removed$/), page.getByRole('button', { name: /Remove/ }).click()]);
    assert.match(await page.locator('main').innerText(), /lists no local services yet/);
  } finally {
    await context.close();
  }
});
