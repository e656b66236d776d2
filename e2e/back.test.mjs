// back.test.mjs - after the quick exit, Back must not lead back to Heard.
//
// Played in real Chromium as a young person would: they come from a search
// page (a stand-in served by this test on another port), read a few of
// Heard's pages, perhaps send the feedback form, and press Quick exit (its
// neutral site is served locally: the test machine has no internet). Then
// Back must show the search page, because Heard kept at most one entry of
// its own in the tab's history. Links that leave Heard, modifier clicks and
// in-page links must behave as they always do. The browser keeps its
// back/forward cache on, as a person's does, so a page it could restore from
// there would show.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { startServer } from './server.mjs';
import { launchBrowser, openContext } from './browser.mjs';

const T = { timeout: 3 * 60_000 };
const NEUTRAL_HTML = '<!doctype html><html lang="en"><head><title>Weather</title></head><body><p>Weather</p></body></html>';
const OTHER_SITE_HTML = '<!doctype html><html lang="en"><head><title>Elsewhere</title></head><body><p>Another site</p></body></html>';

let server;
let browser;
let search; // the stand-in search page's server
let searchUrl;

before(async () => {
  server = await startServer();
  browser = await launchBrowser({ backForwardCache: true });
  search = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><title>Search</title></head><body>
<p><a id="result" href="${server.url}/en/">Heard: help for young people</a></p></body></html>`);
  });
  await new Promise((ok) => search.listen(0, '127.0.0.1', ok));
  searchUrl = `http://127.0.0.1:${search.address().port}/search?q=help`;
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
  if (search) search.close();
});

/**
 * A context (JavaScript on unless options say otherwise) that may reach the
 * search stand-in, with the quick exit's neutral site and Heard's other
 * sites served locally. Every page shown (pageshow) is recorded as
 * { url, persisted }: persisted means it came from the back/forward cache.
 */
async function journey(options = {}) {
  const ctx = await openContext(browser, server.url, options);
  const searchOrigin = new URL(searchUrl).origin;
  const heardOrigin = new URL(server.url).origin;
  await ctx.context.route((u) => u.origin !== heardOrigin && u.origin !== searchOrigin,
    (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8',
      body: route.request().url().startsWith('https://www.bbc.co.uk/') ? NEUTRAL_HTML : OTHER_SITE_HTML }));
  await ctx.context.route((u) => u.origin === searchOrigin, (route) => route.continue());
  await ctx.context.addInitScript(() => {
    addEventListener('pageshow', (e) => console.log(`__e2e_pageshow ${e.persisted} ${location.href}`));
  });
  const page = await ctx.context.newPage();
  const shown = [];
  page.on('console', (m) => {
    const [tag, persisted, url] = m.text().split(' ');
    if (tag === '__e2e_pageshow') shown.push({ url, persisted: persisted === 'true' });
  });
  return { ...ctx, page, shown };
}

const entries = (page) => page.evaluate(() => history.length);

/** Click a link and wait until the page at `to` has loaded. */
async function follow(page, selector, to) {
  await Promise.all([page.waitForURL(to), page.click(selector)]);
}

/** From the search page into Heard's home page. Returns history.length on the search page. */
async function arrive(page) {
  await page.goto(searchUrl);
  const before = await entries(page);
  await follow(page, '#result', `${server.url}/en/`);
  return before;
}

/** Quick exit, then Back: where does Back lead? */
async function exitThenBack(page, how = 'click') {
  const exitHost = new URL(await page.$eval('#quick-exit', (a) => a.href)).hostname;
  if (how === 'click') await page.click('#quick-exit');
  else for (let i = 0; i < 3; i++) await page.keyboard.press('Shift');
  await page.waitForURL((u) => u.hostname === exitHost);
  await page.goBack({ waitUntil: 'commit' });
  return page.url();
}

for (const how of ['click', 'Shift x3']) {
  test(`back: from a search page, two pages read, the quick exit (${how}), then Back shows the search page`, T, async () => {
    const j = await journey();
    try {
      const { page } = j;
      const before = await arrive(page);
      await follow(page, '.topics a[href="/en/gangs"]', `${server.url}/en/gangs`);
      await follow(page, '#help-block a.more', `${server.url}/en/help`);
      assert.equal(await entries(page), before + 1, 'Heard holds one entry of the tab\'s history');
      const exited = j.shown.length;
      assert.ok(j.shown.some((p) => p.url === `${server.url}/en/help`), 'pages shown are recorded');
      assert.equal(await exitThenBack(page, how), searchUrl, 'Back after the quick exit leads to the search page');
      await page.goForward({ waitUntil: 'commit' });
      assert.match(page.url(), /^https:\/\/www\.bbc\.co\.uk\//, 'Forward leads to the neutral site, not Heard');
      await page.goBack({ waitUntil: 'commit' });
      await page.waitForFunction(() => document.readyState === 'complete');
      const heardShown = j.shown.slice(exited).filter((p) => p.url.startsWith(server.url));
      assert.deepEqual(heardShown, [], 'no Heard page was shown again after the exit (not from the back/forward cache either)');
    } finally {
      await j.context.close();
    }
  });
}

test('back: the language switcher and the skip link add no entries either', T, async () => {
  const j = await journey();
  try {
    const { page } = j;
    const before = await arrive(page);
    await follow(page, 'nav#languages a[lang="ur"]', `${server.url}/ur/`);
    await page.focus('#skip-link');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/ur/#main`);
    await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(() => document.querySelector('main').contains(document.activeElement)), 'the skip link still leads into main');
    await follow(page, 'nav#languages a[lang="pl"]', `${server.url}/pl/`);
    assert.equal(await entries(page), before + 1);
    assert.equal(await exitThenBack(page), searchUrl);
  } finally {
    await j.context.close();
  }
});

test('back: a Heard page brought back from the back/forward cache still keeps one entry, and Back after its exit shows the search page', T, async () => {
  const j = await journey();
  try {
    const { page } = j;
    const before = await arrive(page);
    await follow(page, '#help-block a.more', `${server.url}/en/help`);
    // A helpline's website, then Back: the help page comes from the cache.
    const other = await page.$eval('.card a[href^="https://"]', (a) => a.href);
    await follow(page, '.card a[href^="https://"] >> nth=0', other);
    await page.goBack({ waitUntil: 'commit' });
    assert.equal(page.url(), `${server.url}/en/help`);
    await page.waitForFunction(() => document.readyState === 'complete');
    assert.deepEqual(j.shown.at(-1), { url: `${server.url}/en/help`, persisted: true }, 'the help page came back from the back/forward cache');
    await follow(page, 'footer a[href="/en/about"]', `${server.url}/en/about`);
    assert.equal(await entries(page), before + 2, 'Heard\'s entry, and the helpline site ahead of it');
    assert.equal(await exitThenBack(page), searchUrl);
  } finally {
    await j.context.close();
  }
});

test('back: sending the feedback form, put right once, then thanked, leaves one entry; Back after the exit shows the search page', T, async () => {
  const j = await journey();
  try {
    const { page } = j;
    const before = await arrive(page);
    await follow(page, 'footer a[href="/en/feedback"]', `${server.url}/en/feedback`);
    await page.locator('fieldset.question').nth(0).locator('label').nth(3).click();
    // A form left open for hours: its token has run out, and the form comes back to send again.
    await page.$eval('input[name="token"]', (i) => { i.value = 'expired'; });
    await page.click('button[type="submit"]');
    await page.waitForSelector('.notice[role="alert"]');
    assert.equal(page.url(), `${server.url}/en/feedback`, 'the form comes back at its own address');
    assert.ok(await page.locator('fieldset.question').nth(0).locator('input[value="4"]').isChecked(), 'the answer given is kept');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'main', 'focus goes to the page that came back');
    assert.equal(await entries(page), before + 1);
    await follow(page, 'button[type="submit"]', `${server.url}/en/feedback/thanks`);
    assert.equal(await entries(page), before + 1, 'the thanks page replaced the form');
    assert.equal(await exitThenBack(page), searchUrl);
  } finally {
    await j.context.close();
  }
});

test('back: links to other sites, and clicks meant for a new tab, behave as they always do', T, async () => {
  const j = await journey();
  try {
    const { page, context } = j;
    const before = await arrive(page);
    await follow(page, '#help-block a.more', `${server.url}/en/help`);
    // Other schemes and other sites are left to the browser (checked, then stopped here).
    const handled = await page.evaluate(() => {
      const seen = {};
      const look = (e) => { seen[e.target.closest('a').getAttribute('href')] = e.defaultPrevented; e.preventDefault(); };
      addEventListener('click', look);
      for (const sel of ['a[href^="tel:"]', 'a[href^="sms:"]', 'main a[href^="https://"]']) document.querySelector(sel).click();
      removeEventListener('click', look);
      return seen;
    });
    for (const [href, prevented] of Object.entries(handled)) assert.equal(prevented, false, `${href} was taken over`);
    assert.equal(Object.keys(handled).length, 3);

    for (const [what, click] of [['Ctrl+click', { modifiers: ['ControlOrMeta'] }], ['Shift+click', { modifiers: ['Shift'] }], ['middle click', { button: 'middle' }]]) {
      const opened = context.waitForEvent('page', { timeout: 5_000 }).catch(() => null);
      await page.click('.card a[href^="https://"] >> nth=0', click).catch(() => {});
      const tab = await opened;
      assert.ok(tab, `${what} on a link opens a new tab or window`);
      await tab.close();
      assert.equal(page.url(), `${server.url}/en/help`, `${what} leaves this page where it is`);
    }
    const internal = context.waitForEvent('page', { timeout: 5_000 }).catch(() => null);
    await page.click('footer a[href="/en/about"]', { modifiers: ['ControlOrMeta'] });
    const tab = await internal;
    assert.ok(tab, 'Ctrl+click on one of Heard\'s own links opens a new tab');
    await tab.waitForURL(`${server.url}/en/about`);
    await tab.close();
    assert.equal(page.url(), `${server.url}/en/help`);

    // An ordinary click on a link to another site adds an entry, as everywhere.
    const other = await page.$eval('.card a[href^="https://"]', (a) => a.href);
    await follow(page, '.card a[href^="https://"] >> nth=0', other);
    assert.equal(await entries(page), before + 2);
    await page.goBack({ waitUntil: 'commit' });
    assert.equal(page.url(), `${server.url}/en/help`);
  } finally {
    await j.context.close();
  }
});

test('back: without JavaScript the pages and the quick exit work as plain links', T, async () => {
  const j = await journey({ javaScriptEnabled: false });
  try {
    const { page } = j;
    const before = await arrive(page);
    await follow(page, '.topics a[href="/en/gangs"]', `${server.url}/en/gangs`);
    await follow(page, '#help-block a.more', `${server.url}/en/help`);
    assert.equal(await entries(page), before + 3, 'each page is an entry, as links always are');
    const exitHost = new URL(await page.$eval('#quick-exit', (a) => a.href)).hostname;
    await page.click('#quick-exit');
    await page.waitForURL((u) => u.hostname === exitHost);
  } finally {
    await j.context.close();
  }
});
