// The evaluation loop end to end, in real Chromium: young people answer the
// feedback form on a phone in English and in Urdu; a participation worker
// signs in, sees the tallies and the redacted comment, and exports CSV. axe
// checks every page on the way: 0 violations.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, E2E_WORKER, E2E_ADMIN } from './server.mjs';
import { launchBrowser, openContext, visit, axeClean, PHONE, DESK } from './browser.mjs';
import { secondStep } from './secondfactor.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

// What young people gave in these tests: none of it may reach the logs.
const GIVEN = ['07700 900123', '900123', 'Sam Jones', 'ڈری ہوئی', 'leave his flat'];

after(async () => {
  if (browser) await browser.close();
  if (server) {
    await server.stop();
    const logs = server.allLogs();
    assert.ok(logs.length > 1000, 'the server wrote its request log');
    for (const secret of GIVEN) {
      assert.ok(!logs.includes(secret), `the server's log holds "${secret}"`);
    }
  }
});

async function signIn(page, who) {
  await visit(page, `${server.url}/workers/sign-in`);
  await page.locator('#email').fill(who.email);
  await page.locator('#password').fill(who.password);
  await page.locator('button[type="submit"]').click();
  await secondStep(page, who); // an admin has a second factor, set up at their first sign-in
}

async function answer(lang, comment) {
  const { context } = await openContext(browser, server.url, PHONE);
  const page = await context.newPage();
  try {
    await visit(page, `${server.url}/${lang}/feedback`);
    await axeClean(page, `/${lang}/feedback`);
    // Tap the words, as a young person would: the labels are the targets.
    const questions = page.locator('fieldset.question');
    await questions.nth(0).locator('label').nth(3).click(); // "Mostly" (4)
    await questions.nth(4).locator('label').nth(1).click(); // "Not really" (2)
    await page.locator('input[name="service"][value="police"]').check();
    await page.locator('#comment').fill(comment);
    await Promise.all([page.waitForURL(/\/feedback\/thanks/), page.locator('button[type="submit"]').click()]);
    assert.equal(await page.locator('html').getAttribute('lang'), lang);
    await axeClean(page, `/${lang}/feedback/thanks`);
    return page.url();
  } finally {
    await context.close();
  }
}

test('a young person answers on a phone in English and in Urdu; an unsafe comment gets help first', async () => {
  const en = await answer('en', 'They listened. My name is Sam Jones and my number is 07700 900123.');
  assert.match(en, /\/en\/feedback\/thanks$/);
  const ur = await answer('ur', 'وہ ہر وقت میرے پیچھے آتا ہے اور میں ابھی ڈری ہوئی ہوں');
  assert.match(ur, /\/ur\/feedback\/thanks/);
  const unsafe = await answer('en', 'he wont let me leave his flat');
  assert.match(unsafe, /help=danger$/);
});

test("an admin signs in, sees the standing round's tallies and the redacted comment, and exports CSV", async () => {
  const { context } = await openContext(browser, server.url,
    { viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });
  const page = await context.newPage();
  try {
    await visit(page, `${server.url}/workers/`);
    assert.match(page.url(), /\/workers\/sign-in$/, 'an unsigned visit goes to sign-in');
    await axeClean(page, '/workers/sign-in');
    await page.locator('#email').fill(E2E_ADMIN.email);
    await page.locator('#password').fill(E2E_ADMIN.password);
    await page.locator('button[type="submit"]').click();
    await secondStep(page, E2E_ADMIN); // an admin sets up a second factor at their first sign-in
    await axeClean(page, '/workers/');
    await Promise.all([page.waitForURL(/\/workers\/rounds\/general$/), page.getByRole('link', { name: /General feedback/ }).click()]);
    await axeClean(page, '/workers/rounds/general');
    const text = await page.locator('main').innerText();
    assert.match(text, /3 responses, 1 with a comment|3 responses, \d with a comment/);
    assert.match(text, /\[name\]/, 'the name in the comment is removed');
    assert.doesNotMatch(text, /Sam Jones|900123/, 'personal details are not shown');
    await page.getByText('The numbers behind the chart').click();
    await axeClean(page, '/workers/rounds/general, the numbers open');
    const cells = page.locator('table', { hasText: 'Answers to each question' }).locator('tr', { hasText: 'Did they listen to you?' }).locator('td');
    assert.equal(await cells.nth(3).innerText(), '3', 'three answered "Mostly" (4) to the first question');
    const csv = await page.request.get(`${server.url}/workers/rounds/general/export.csv`);
    assert.equal(csv.status(), 200);
    const body = await csv.text();
    assert.equal(body.trim().split('\n').length, 4, 'a header and three responses');
    assert.doesNotMatch(body, /900123/);
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'heard_session');
    assert.ok(session && session.httpOnly && session.sameSite === 'Strict', 'the session cookie is HttpOnly and SameSite=Strict');
  } finally {
    await context.close();
  }
});

test('a worker sets up a round; a young person answers it in Urdu; "You said, we did" comes back to them', async () => {
  const { context } = await openContext(browser, server.url,
    { viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const code = `CLUB${Date.now() % 100000}`;
  try {
    await visit(page, `${server.url}/workers/sign-in`);
    await page.locator('#email').fill(E2E_WORKER.email);
    await page.locator('#password').fill(E2E_WORKER.password);
    await Promise.all([page.waitForURL(/\/workers\/$/), page.locator('button[type="submit"]').click()]);
    await Promise.all([page.waitForURL(/\/workers\/rounds\/new$/), page.getByRole('link', { name: 'Create a round' }).click()]);
    await axeClean(page, '/workers/rounds/new');
    await page.getByLabel(/^Title/).fill('Youth club, winter');
    await page.getByLabel(/^Code young people type/).fill(code);
    await page.getByLabel(/Did you feel safe\?/).check();
    await page.getByLabel(/Did they listen to you\?/).check();
    await page.getByLabel(/^Your own question/).fill('Was the club warm enough?');
    await page.getByLabel(/^Which principle/).selectOption('7');
    await Promise.all([page.waitForURL(new RegExp(`/workers/rounds/${code}$`)), page.getByRole('button', { name: 'Create the round' }).click()]);
    await axeClean(page, `/workers/rounds/${code}`);
    await visit(page, `${server.url}/workers/rounds/${code}/poster`);
    await axeClean(page, `/workers/rounds/${code}/poster`);
    assert.equal(await page.locator('.poster-qr svg').count(), 1, 'the poster has its QR code');
    const pdf = await page.pdf({ format: 'A4' });
    assert.ok(pdf.length > 1000, 'the poster prints to A4');

    // A young person, on a phone, in Urdu, by the poster's address.
    const phone = await openContext(browser, server.url, PHONE);
    const young = await phone.context.newPage();
    await visit(young, `${server.url}/ur/feedback/${code.toLowerCase()}`);
    assert.match(young.url(), new RegExp(`/ur/feedback/${code}$`));
    await axeClean(young, `/ur/feedback/${code}`);
    assert.equal(await young.locator('fieldset.question legend').count(), 5, 'two bank questions, the own one, service and age');
    assert.equal(await young.locator('legend span[lang="en"]').innerText(), 'Was the club warm enough?');
    await young.locator('fieldset.question').nth(0).locator('label').nth(4).click();
    await young.locator('fieldset.question').nth(2).locator('label').nth(1).click();
    await Promise.all([young.waitForURL(/\/ur\/feedback\/(?:[A-Z0-9]+\/)?thanks/), young.locator('button[type="submit"]').click()]);

    await visit(page, `${server.url}/workers/rounds/${code}`);
    assert.match(await page.locator('main').innerText(), /1 response,/);
    await page.locator('#said-en').fill('The club was too cold in winter.');
    await page.locator('#did-en').fill('We fixed the heating and open the warm room first.');
    await page.locator('#said-pl').fill('W klubie było za zimno.');
    await page.locator('#did-pl').fill('Naprawiliśmy ogrzewanie.');
    await Promise.all([page.waitForURL(/#posts$/), page.getByRole('button', { name: 'Publish' }).click()]);
    await visit(page, `${server.url}/workers/rounds/${code}/report`);
    await axeClean(page, `/workers/rounds/${code}/report`);
    assert.match(await page.locator('main').innerText(), /7\. Evaluation and review with children involved/);

    for (const [lang, words] of [['pl', 'Naprawiliśmy ogrzewanie.'], ['ur', 'We fixed the heating']]) {
      await visit(young, `${server.url}/${lang}/you-said-we-did`);
      await axeClean(young, `/${lang}/you-said-we-did`);
      assert.match(await young.locator('main').innerText(), new RegExp(words));
    }
    await phone.context.close();
  } finally {
    await context.close();
  }
});

test('a worker compares two of their team\'s rounds, before and after a post, and reads the trends; an admin reads the problem profile', async () => {
  const { context } = await openContext(browser, server.url,
    { viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const code = `CMP${Date.now() % 100000}`;
  try {
    await visit(page, `${server.url}/workers/sign-in`);
    await page.locator('#email').fill(E2E_WORKER.email);
    await page.locator('#password').fill(E2E_WORKER.password);
    await Promise.all([page.waitForURL(/\/workers\/$/), page.locator('button[type="submit"]').click()]);
    await visit(page, `${server.url}/workers/rounds/new`);
    await page.getByLabel(/^Title/).fill('Drop-in, spring');
    await page.getByLabel(/^Code young people type/).fill(code);
    await page.getByLabel(/Did they listen to you\?/).check();
    await page.getByLabel(/Did anyone make you feel it was your fault\?/).check();
    await Promise.all([page.waitForURL(new RegExp(`/workers/rounds/${code}$`)), page.getByRole('button', { name: 'Create the round' }).click()]);
    // The team's round before it, to compare with (the standing round is the admins').
    await visit(page, `${server.url}/workers/rounds/new`);
    await page.getByLabel(/^Title/).fill('Drop-in, winter');
    await page.getByLabel(/^Code young people type/).fill(`${code}W`);
    await page.getByLabel(/Did they listen to you\?/).check();
    await Promise.all([page.waitForURL(new RegExp(`/workers/rounds/${code}W$`)), page.getByRole('button', { name: 'Create the round' }).click()]);

    // One young person answers it, on a phone.
    const phone = await openContext(browser, server.url, PHONE);
    const young = await phone.context.newPage();
    await visit(young, `${server.url}/en/feedback/${code}`);
    await young.locator('fieldset.question').nth(0).locator('label').nth(4).click(); // listened: 5
    await young.locator('fieldset.question').nth(1).locator('label').nth(0).click(); // blamed: 1
    await Promise.all([young.waitForURL(/\/en\/feedback\/(?:[A-Z0-9]+\/)?thanks/), young.locator('button[type="submit"]').click()]);

    // The round page on a phone: one chart for every question, then the comments.
    await visit(young, `${server.url}/workers/rounds/${code}`); // not signed in on the phone
    assert.match(young.url(), /\/workers\/sign-in$/);
    await phone.context.addCookies(await context.cookies());
    await visit(young, `${server.url}/workers/rounds/${code}`);
    await axeClean(young, `/workers/rounds/${code} on a phone`);
    assert.equal(await young.locator('svg.likert[role="img"]').count(), 1, 'one answers chart');
    // The standing round asks all seven questions: its results end, and the
    // comments begin, within about two screens on a phone and on a laptop.
    // The notice that some comments sound unsafe comes first, whatever it
    // costs: it is not counted against the results.
    const screens = async (p) => p.evaluate(() => {
      const comments = [...document.querySelectorAll('h2')].find((h) => h.textContent.trim() === 'Comments');
      const notice = document.querySelector('main .notice[role=alert]');
      const noticeHeight = notice ? notice.getBoundingClientRect().height : 0;
      return (comments.getBoundingClientRect().top + window.scrollY - noticeHeight) / window.innerHeight;
    });
    const admin = await (await openContext(browser, server.url, { ...DESK, viewport: { width: 1280, height: 800 } })).context.newPage();
    await signIn(admin, E2E_ADMIN);
    await phone.context.addCookies(await admin.context().cookies());
    await visit(young, `${server.url}/workers/rounds/general`);
    const onPhone = await screens(young);
    await phone.context.close();
    await visit(admin, `${server.url}/workers/rounds/general`);
    const onLaptop = await screens(admin);
    console.log(`round page, screens before the comments: ${onLaptop.toFixed(2)} at 1280x800, ${onPhone.toFixed(2)} at 360x740`);
    assert.ok(onLaptop <= 2.5 && onPhone <= 3, `the comments start ${onLaptop.toFixed(2)} screens down at 1280x800, ${onPhone.toFixed(2)} at 360x740`);

    await visit(page, `${server.url}/workers/rounds/${code}`);
    await page.locator('#said-en').fill('Nobody told you what would happen next.');
    await page.locator('#did-en').fill('We now explain the next step at every meeting.');
    await Promise.all([page.waitForURL(/#posts$/), page.getByRole('button', { name: 'Publish' }).click()]);

    // Two rounds of the team: the winter one, then this one. One answer is too few to tell.
    await Promise.all([page.waitForURL(/\/workers\/compare/), page.getByRole('link', { name: 'Compare with another round' }).click()]);
    await axeClean(page, '/workers/compare');
    assert.equal(await page.locator('#after').inputValue(), code, 'the round is chosen as "after"');
    assert.equal(await page.locator('#before option[value="general"]').count(), 0, 'the standing round is not the team\'s to compare');
    await page.locator('#before').selectOption(`${code}W`);
    await Promise.all([page.waitForURL(/before=/), page.getByRole('button', { name: 'Compare the rounds' }).click()]);
    await axeClean(page, '/workers/compare?before=...&after=...');
    const listened = page.locator('tr', { hasText: 'Did they listen to you?' });
    assert.match(await listened.innerText(), /can't tell yet: too few answers/);
    assert.doesNotMatch(await page.locator('table', { hasText: 'Good answers, before and after' }).locator('tbody').innerText(),
      /\bbetter\b|\bworse\b/, 'nothing claims a change from one answer');

    // Before and after the post.
    await page.locator('#post').selectOption({ index: 1 });
    await Promise.all([page.waitForURL(/post=/), page.getByRole('button', { name: 'Compare before and after' }).click()]);
    await axeClean(page, '/workers/compare?post=...');
    assert.match(await page.locator('main').innerText(), /Split at the day the post was published/);

    // A choice that cannot be compared: a plain 400 with the form.
    const bad = await page.goto(`${server.url}/workers/compare?before=${code}&after=${code}`);
    assert.equal(bad.status(), 400);
    assert.match(await page.locator('[role="alert"]').innerText(), /Pick two different rounds/);
    await axeClean(page, '/workers/compare, two of the same');

    await visit(page, `${server.url}/workers/trends`);
    await axeClean(page, '/workers/trends');
    assert.ok(await page.locator('svg.trend[role="img"]').count() >= 2, 'a small chart for each question answered');

    const profile = await page.goto(`${server.url}/workers/profile`);
    assert.equal(profile.status(), 404, 'the problem profile is for admins');
    await visit(admin, `${server.url}/workers/profile`);
    await axeClean(admin, '/workers/profile');
    assert.match(await admin.locator('main').innerText(), /Responses by area, each team/);
    assert.match(await admin.locator('main').innerText(), new RegExp(E2E_WORKER.team));
    // An admin compares one team's rounds: picked first, then offered alone.
    await visit(admin, `${server.url}/workers/compare`);
    await axeClean(admin, '/workers/compare, an admin picking a team');
    assert.equal(await admin.locator('#before').count(), 0, 'no rounds before a team is picked');
    await admin.locator('#team').selectOption({ label: E2E_WORKER.team });
    await Promise.all([admin.waitForURL(/team=/), admin.getByRole('button', { name: 'Show this team\'s rounds' }).click()]);
    await axeClean(admin, '/workers/compare?team=...');
    assert.equal(await admin.locator(`#before option[value="${code}"]`).count(), 1, 'the team\'s round is offered');
    assert.equal(await admin.locator('#before option[value="general"]').count(), 0, 'the admins\' round is not');
    await visit(admin, `${server.url}/workers/trends`);
    await axeClean(admin, '/workers/trends, an admin picking a team');
    await admin.context().close();

    await visit(page, `${server.url}/workers/rounds/${code}/report`);
    await axeClean(page, `/workers/rounds/${code}/report`);
    assert.match(await page.locator('main').innerText(), /Did it get better\?/);
  } finally {
    await context.close();
  }
});

test('a worker finds no audit trail; an admin finds the export and the sign-in there', async () => {
  const desk = { viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 };
  const worker = await openContext(browser, server.url, desk);
  const wp = await worker.context.newPage();
  try {
    await visit(wp, `${server.url}/workers/sign-in`);
    await wp.locator('#email').fill(E2E_WORKER.email);
    await wp.locator('#password').fill(E2E_WORKER.password);
    await Promise.all([wp.waitForURL(/\/workers\/$/), wp.locator('button[type="submit"]').click()]);
    assert.equal(await wp.getByRole('link', { name: 'Audit trail' }).count(), 0);
    const refused = await wp.goto(`${server.url}/workers/audit`);
    assert.equal(refused.status(), 404);
  } finally {
    await worker.context.close();
  }

  const { context } = await openContext(browser, server.url, desk);
  const page = await context.newPage();
  try {
    await signIn(page, E2E_ADMIN); // an admin signs in with a second factor
    const csv = await page.request.get(`${server.url}/workers/rounds/general/export.csv`);
    assert.equal(csv.status(), 200);
    await visit(page, `${server.url}/workers/rounds/general`);
    assert.match(await page.locator('ul.trail').innerText(), new RegExp(`${E2E_ADMIN.email} exported the CSV on `));
    await axeClean(page, '/workers/rounds/general, with its exports');

    await Promise.all([page.waitForURL(/\/workers\/audit$/), page.getByRole('link', { name: 'Audit trail' }).click()]);
    await axeClean(page, '/workers/audit');
    const exported = page.locator('tbody tr', { hasText: 'exported the CSV' }).first();
    assert.match(await exported.innerText(), new RegExp(`${E2E_ADMIN.email}\\s+exported the CSV\\s+general\\s+Admins`), 'the export is in the trail');

    await page.locator('#team').selectOption({ label: E2E_WORKER.team });
    await page.locator('#who').fill(E2E_WORKER.email);
    await Promise.all([page.waitForURL(/team=.*who=/), page.getByRole('button', { name: 'Show' }).click()]);
    await axeClean(page, '/workers/audit?team=...&who=...');
    assert.ok(await page.locator('tbody tr', { hasText: 'signed in' }).count() >= 1, "the worker's sign-ins, in their team");

    const bad = await page.goto(`${server.url}/workers/audit?who=not+an+address`);
    assert.equal(bad.status(), 400);
    await axeClean(page, '/workers/audit, a person who is no email address');
  } finally {
    await context.close();
  }
});

test('an admin adds a team and invites a worker, who chooses a password and sees only their team\'s rounds', async () => {
  const { context } = await openContext(browser, server.url, DESK);
  const page = await context.newPage();
  const team = `Riverside ${Date.now() % 100000}`;
  const email = `river${Date.now() % 100000}@example.org`;
  try {
    await signIn(page, E2E_ADMIN);
    await Promise.all([page.waitForURL(/\/workers\/teams$/), page.getByRole('link', { name: 'Teams' }).click()]);
    await axeClean(page, '/workers/teams');
    await page.getByLabel(/^New team's name/).fill(team);
    await Promise.all([page.waitForURL(/\/workers\/teams$/), page.getByRole('button', { name: 'Add the team' }).click()]);
    assert.match(await page.locator('table').innerText(), new RegExp(team));
    await page.getByLabel(/^New team's name/).fill(team.toUpperCase());
    await page.getByRole('button', { name: 'Add the team' }).click();
    await page.waitForSelector('[role="alert"]');
    assert.match(await page.locator('[role="alert"]').innerText(), /already a team with that name/);
    await axeClean(page, '/workers/teams, a name taken');

    await visit(page, `${server.url}/workers/accounts`);
    await axeClean(page, '/workers/accounts');
    await page.locator('#email').fill(email);
    await page.locator('#team').selectOption({ label: team });
    await page.getByRole('button', { name: 'Make an invitation link' }).click();
    await page.waitForSelector('#link');
    await axeClean(page, '/workers/accounts, a link shown');
    const link = await page.locator('#link').inputValue();
    assert.match(link, /\/workers\/invite\/[A-Za-z0-9_-]{40,}$/);

    // The invited worker, in a browser of their own.
    const theirs = await openContext(browser, server.url, DESK);
    const worker = await theirs.context.newPage();
    await visit(worker, `${server.url}${new URL(link).pathname}`);
    await axeClean(worker, '/workers/invite/...');
    await worker.locator('#password').fill('river worker password');
    await worker.locator('#again').fill('river worker passwurd');
    await worker.getByRole('button', { name: 'Set my password' }).click();
    await worker.waitForSelector('[role="alert"]');
    assert.match(await worker.locator('[role="alert"]').innerText(), /not the same/);
    await axeClean(worker, '/workers/invite/..., a problem');
    await worker.locator('#password').fill('river worker password');
    await worker.locator('#again').fill('river worker password');
    await worker.getByRole('button', { name: 'Set my password' }).click();
    await worker.getByRole('heading', { name: 'Your password is set' }).waitFor();
    await axeClean(worker, '/workers/invite/..., done');
    await signIn(worker, { email, password: 'river worker password' });
    assert.match(await worker.locator('h1').innerText(), new RegExp(`Rounds of ${team}`));
    assert.doesNotMatch(await worker.locator('main').innerText(), /General feedback|CLUB|CMP/, 'no other team\'s rounds');
    for (const path of ['/workers/rounds/general', '/workers/accounts', '/workers/profile']) {
      const res = await worker.goto(`${server.url}${path}`);
      assert.equal(res.status(), 404, `${path} for a worker of another team`);
    }
    // The link works once.
    await visit(worker, `${server.url}${new URL(link).pathname}`);
    await worker.locator('#password').fill('another long password');
    await worker.locator('#again').fill('another long password');
    await worker.getByRole('button', { name: 'Set my password' }).click();
    await worker.getByRole('heading', { name: 'This link no longer works' }).waitFor();
    await axeClean(worker, '/workers/invite/..., used');
    await theirs.context.close();
  } finally {
    await context.close();
  }
});

// Signs in from page with someone else's sign-in token put in the form as it is sent, as a
// forged post from another page would carry it; returns the response.
async function signInWithAnotherToken(page, theirToken) {
  await visit(page, `${server.url}/workers/sign-in`);
  await page.route(`${server.url}/workers/sign-in`, async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    const form = new URLSearchParams(route.request().postData());
    form.set('csrf', theirToken);
    await route.continue({ postData: form.toString() });
  });
  await page.locator('#email').fill(E2E_WORKER.email);
  await page.locator('#password').fill(E2E_WORKER.password);
  const [refused] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/workers/sign-in')),
    page.locator('button[type="submit"]').click(),
  ]);
  await page.waitForSelector('[role="alert"]');
  await page.unroute(`${server.url}/workers/sign-in`);
  return refused;
}

test('a sign-in form opened elsewhere signs nobody in, with no JavaScript: the page says so, and signing in again works', async () => {
  // Someone else's sign-in form: its token, fetched as any page elsewhere could.
  const elsewhere = await (await fetch(`${server.url}/workers/sign-in`)).text();
  const theirToken = elsewhere.match(/name="csrf" value="([^"]+)"/)[1];
  const noScript = await openContext(browser, server.url, { ...DESK, javaScriptEnabled: false });
  const withScript = await openContext(browser, server.url, DESK);
  try {
    const page = await noScript.context.newPage();
    const refused = await signInWithAnotherToken(page, theirToken);
    assert.equal(refused.status(), 403);
    assert.match(await page.locator('[role="alert"]').innerText(), /nobody was signed in\. Please type your email and password again/);
    assert.equal((await noScript.context.cookies()).filter((c) => c.name === 'heard_session').length, 0, 'no session');

    // From the page it got back, in this browser, signing in works.
    await page.locator('#email').fill(E2E_WORKER.email);
    await page.locator('#password').fill(E2E_WORKER.password);
    await Promise.all([page.waitForURL(/\/workers\/$/), page.locator('button[type="submit"]').click()]);
    assert.match(await page.locator('h1').innerText(), /Rounds/);
    assert.equal((await noScript.context.cookies()).filter((c) => c.name === 'heard_signin').length, 0, 'the sign-in form\'s cookie is gone once signed in');

    // axe runs as a script, so it reads the same refusal in a browser with scripts on.
    const checked = await withScript.context.newPage();
    assert.equal((await signInWithAnotherToken(checked, theirToken)).status(), 403);
    await axeClean(checked, '/workers/sign-in, a form opened elsewhere');
  } finally {
    await noScript.context.close();
    await withScript.context.close();
  }
});
