// listen.test.mjs - read-aloud in real Chromium, in every language.
//
// Headless Chromium has no voices, so each page gets a stand-in for
// window.speechSynthesis (installed before the site's scripts run) that
// offers the voices a test chooses and records every call. What is checked
// is what the site asks of it: which text, in which language, with which
// voice, and that the quick exit and leaving the page silence it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { launchBrowser, openContext, visit, axeClean } from './browser.mjs';
import { LANGS } from './crawl.mjs';
import { createServer } from 'node:http';

const T = { timeout: 3 * 60_000 };
const NEUTRAL_HTML = '<!doctype html><html lang="en"><head><title>Weather</title></head><body><p>Weather</p></body></html>';

// The voices of a phone that speaks all four languages, with an online
// voice first in the list that must never be used (it sends the words away).
const ALL_VOICES = [
  { name: 'Online English', lang: 'en-US', localService: false, default: true },
  { name: 'US English', lang: 'en-US', localService: true, default: false },
  { name: 'British English', lang: 'en-GB', localService: true, default: false },
  { name: 'Polish', lang: 'pl-PL', localService: true, default: false },
  { name: 'Romanian', lang: 'ro_RO', localService: true, default: false },
  { name: 'Urdu', lang: 'ur-PK', localService: true, default: false },
];
const VOICE_FOR = { en: 'British English', pl: 'Polish', ro: 'Romanian', ur: 'Urdu' };

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
});

/**
 * The stand-in for speechSynthesis, run in the page before its scripts. It
 * offers `voices` (later ones can arrive with setVoices, as browsers do with
 * voiceschanged), records each call in window.__speech.log, and reports each
 * cancel on the console ("__e2e_speech:cancel /en/") and, when `beacon` is
 * given, by a beacon there: once a page has begun to unload, Chromium sends
 * its console nowhere, but beacons still go. finish() ends the queued
 * utterances as a real voice would.
 */
function speechStub({ voices, beacon }) {
  const log = [];
  let list = voices;
  let queue = [];
  const fire = (u, type) => {
    const event = new Event(type);
    u.dispatchEvent(event);
    if (typeof u[`on${type}`] === 'function') u[`on${type}`](event);
  };
  class Utterance extends EventTarget {
    constructor(text = '') {
      super();
      Object.assign(this, { text, lang: '', voice: null, rate: 1, pitch: 1, volume: 1 });
    }
  }
  const synth = new EventTarget();
  Object.assign(synth, {
    speaking: false, pending: false, paused: false,
    getVoices: () => list.slice(),
    speak(u) {
      log.push({ op: 'speak', text: u.text, lang: u.lang, voice: u.voice && u.voice.name });
      queue.push(u);
      synth.speaking = true;
    },
    cancel() {
      log.push({ op: 'cancel' });
      console.log(`__e2e_speech:cancel ${location.pathname}`);
      if (beacon) navigator.sendBeacon(`${beacon}?${location.pathname}`);
      const q = queue;
      queue = [];
      synth.speaking = false;
      q.forEach((u) => fire(u, 'error'));
    },
    pause() { log.push({ op: 'pause' }); synth.paused = true; },
    resume() { log.push({ op: 'resume' }); synth.paused = false; },
  });
  window.__speech = {
    log,
    spoken: () => log.filter((e) => e.op === 'speak'),
    finish() { const q = queue; queue = []; synth.speaking = false; q.forEach((u) => fire(u, 'end')); },
    setVoices(v) { list = v; synth.dispatchEvent(new Event('voiceschanged')); },
  };
  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
  Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: Utterance, configurable: true, writable: true });
}

async function speechPage(voices = ALL_VOICES, options = {}, beacon = null) {
  const ctx = await openContext(browser, server.url, options);
  if (beacon) await ctx.context.route((u) => u.href.startsWith(beacon), (route) => route.continue());
  await ctx.context.addInitScript(speechStub, { voices, beacon });
  const page = await ctx.context.newPage();
  const cancels = [];
  page.on('console', (m) => { if (m.text().startsWith('__e2e_speech:cancel ')) cancels.push(m.text().split(' ')[1]); });
  return { ...ctx, page, cancels };
}

/** What a reader sees in main, with white space made plain. */
// The main text, without the small print that names the page's sources.
const mainText = (page) => page.$eval('main', (m) => {
  const copy = m.cloneNode(true);
  copy.querySelectorAll('.sources').forEach((s) => s.remove());
  document.body.append(copy);
  const text = copy.innerText.replace(/\s+/g, ' ').trim();
  copy.remove();
  return text;
});
const log = (page) => page.evaluate(() => window.__speech.log);
const controls = (page) => page.evaluate(() => {
  const box = document.getElementById('listen');
  const play = box.querySelector('.listen-play');
  const stop = box.querySelector('.listen-stop');
  const r = play.getBoundingClientRect();
  return {
    shown: !box.hidden && getComputedStyle(box).display !== 'none',
    tag: play.tagName, type: play.type, label: play.textContent.trim(),
    stopShown: !stop.hidden && getComputedStyle(stop).display !== 'none',
    status: box.querySelector('[role="status"]').textContent,
    words: { listen: null, pause: box.dataset.pause, resume: box.dataset.resume, note: box.dataset.note, novoice: box.dataset.novoice },
    focused: document.activeElement === play ? 'play' : document.activeElement === stop ? 'stop' : document.activeElement?.tagName,
    size: [r.width, r.height],
  };
});

/** Tab from the top of the page to the Listen button, as a keyboard user would. */
async function tabTo(page, selector) {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

for (const lang of LANGS) {
  test(`listen (${lang}): the keyboard starts, pauses, resumes and stops reading of the main text, in ${lang}, with a ${lang} voice on the device`, T, async () => {
    const s = await speechPage();
    try {
      const { page } = s;
      for (const path of [`/${lang}/`, `/${lang}/help`]) {
        await visit(page, `${server.url}${path}`);
        const idle = await controls(page);
        assert.ok(idle.shown, `${path}: the Listen button is shown once the script runs`);
        assert.equal(idle.tag, 'BUTTON');
        assert.equal(idle.type, 'button');
        assert.ok(idle.size[0] >= 44 && idle.size[1] >= 44, `${path}: Listen is ${idle.size.join('x')} px`);
        assert.ok(!idle.stopShown, 'Stop is hidden until reading starts');
        await axeClean(page, `${path} (idle)`);

        await tabTo(page, '.listen-play');
        await page.keyboard.press('Enter');
        const speaking = await controls(page);
        const spoken = await page.evaluate(() => window.__speech.spoken());
        assert.ok(spoken.length > 1, `${path}: the main text is read in pieces (${spoken.length})`);
        for (const u of spoken) {
          assert.equal(u.lang, lang, `${path}: "${u.text.slice(0, 40)}" is read as ${u.lang}`);
          assert.equal(u.voice, VOICE_FOR[lang], `${path}: "${u.text.slice(0, 40)}" is read by ${u.voice}`);
        }
        assert.equal(spoken.map((u) => u.text).join(' '), await mainText(page), `${path}: what is read is the main text`);
        assert.equal(speaking.label, speaking.words.pause, 'while reading, the button says Pause');
        assert.ok(speaking.stopShown, 'while reading, Stop is shown');
        assert.equal(speaking.status, speaking.words.note, 'the note about people nearby is shown');
        assert.equal(speaking.focused, 'play', 'focus stays on the button');
        await axeClean(page, `${path} (reading)`);

        await page.keyboard.press('Space');
        const paused = await controls(page);
        assert.equal(paused.label, paused.words.resume);
        await axeClean(page, `${path} (paused)`);
        await page.keyboard.press('Enter');
        assert.equal((await controls(page)).label, paused.words.pause);
        assert.deepEqual((await log(page)).filter((e) => e.op === 'pause' || e.op === 'resume').map((e) => e.op), ['pause', 'resume']);

        await page.keyboard.press('Tab');
        assert.equal((await controls(page)).focused, 'stop', 'Tab goes on to Stop');
        await page.keyboard.press('Enter');
        const stopped = await controls(page);
        assert.equal(stopped.label, idle.label, 'after Stop the button says Listen again');
        assert.ok(!stopped.stopShown, 'after Stop, Stop is hidden');
        assert.equal(stopped.status, '', 'the note goes');
        assert.equal(stopped.focused, 'play', 'focus goes back to the Listen button');
        assert.equal((await log(page)).at(-1).op, 'cancel', 'Stop cancels the speech');
      }
    } finally {
      await s.context.close();
    }
  });
}

test('listen: when the reading ends, the button says Listen again; dark colours pass axe while reading', T, async () => {
  const s = await speechPage(ALL_VOICES, { colorScheme: 'dark' });
  try {
    const { page } = s;
    await visit(page, `${server.url}/ur/`);
    await page.click('.listen-play');
    await axeClean(page, '/ur/ (reading, dark)');
    await page.evaluate(() => window.__speech.finish());
    const c = await controls(page);
    assert.ok(!c.stopShown && c.status === '' && c.label !== c.words.pause, `after the end: ${JSON.stringify(c)}`);
  } finally {
    await s.context.close();
  }
});

test('listen: a passage in English on a Polish page is read by the English voice, the rest by the Polish one', T, async () => {
  const s = await speechPage();
  try {
    const { page } = s;
    await visit(page, `${server.url}/pl/`);
    await page.$eval('main h1', (h) => h.insertAdjacentHTML('afterend', '<div lang="en" dir="ltr"><p>This part is in <b>English</b>.</p></div>'));
    await page.click('.listen-play');
    const spoken = await page.evaluate(() => window.__speech.spoken());
    const english = spoken.filter((u) => u.lang === 'en');
    assert.deepEqual(english, [{ op: 'speak', text: 'This part is in English.', lang: 'en', voice: 'British English' }]);
    assert.ok(spoken.filter((u) => u.lang === 'pl').length > 1 && spoken.every((u) => u.lang === 'en' || u.voice === 'Polish'));
  } finally {
    await s.context.close();
  }
});

const noVoiceCases = [
  ['ur', 'a device with English voices only', ALL_VOICES.filter((v) => v.lang.startsWith('en'))],
  ['pl', 'a Polish voice that is an online service', [...ALL_VOICES.filter((v) => !v.lang.startsWith('pl')), { name: 'Online Polish', lang: 'pl-PL', localService: false, default: false }]],
  ['ro', 'no voices at all, ever', []],
];
for (const [lang, what, voices] of noVoiceCases) {
  test(`listen (${lang}): with ${what}, the page says so politely and reads nothing`, T, async () => {
    const s = await speechPage(voices);
    try {
      const { page } = s;
      await visit(page, `${server.url}/${lang}/`);
      await page.click('.listen-play');
      // With no voices at all, the site waits a moment for voices to arrive first.
      await page.waitForFunction(() => document.querySelector('#listen [role="status"]').textContent !== '', null, { timeout: 5_000 });
      const c = await controls(page);
      assert.equal(c.status, c.words.novoice);
      assert.ok(!c.stopShown && c.label !== c.words.pause, 'the controls stay idle');
      assert.deepEqual((await page.evaluate(() => window.__speech.spoken())), [], 'nothing is spoken');
      await axeClean(page, `/${lang}/ (no voice)`);
    } finally {
      await s.context.close();
    }
  });
}

test('listen: voices that the browser finds only after the click are waited for and used', T, async () => {
  const s = await speechPage([]);
  try {
    const { page } = s;
    await visit(page, `${server.url}/ro/help`);
    await page.click('.listen-play');
    assert.deepEqual(await page.evaluate(() => window.__speech.spoken()), [], 'nothing yet: no voices');
    await page.evaluate((v) => window.__speech.setVoices(v), ALL_VOICES);
    const spoken = await page.evaluate(() => window.__speech.spoken());
    assert.ok(spoken.length > 1 && spoken.every((u) => u.lang === 'ro' && u.voice === 'Romanian'), JSON.stringify(spoken.slice(0, 2)));
    assert.equal((await controls(page)).status, (await controls(page)).words.note);
  } finally {
    await s.context.close();
  }
});

/** Serve the quick exit's neutral site locally, held until release(). */
async function holdExit(s) {
  const href = await s.page.$eval('#quick-exit', (a) => a.href);
  const host = new URL(href).hostname;
  let release;
  const gate = new Promise((r) => { release = r; });
  const hits = [];
  await s.context.route((u) => u.hostname === host, async (route) => {
    hits.push(route.request().url());
    await gate;
    await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: NEUTRAL_HTML }).catch(() => {});
  });
  return { host, hits, release };
}

async function until(cond, ms = 5_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return cond();
}

for (const how of ['click', 'Shift x3']) {
  test(`listen: the quick exit (${how}) cancels speech before the page leaves`, T, async () => {
    const s = await speechPage();
    try {
      const { page } = s;
      await visit(page, `${server.url}/en/help`);
      const exit = await holdExit(s);
      await page.click('.listen-play');
      assert.ok((await page.evaluate(() => window.__speech.spoken())).length > 0);
      const before = s.cancels.length;
      if (how === 'click') await page.click('#quick-exit', { noWaitAfter: true });
      else for (let i = 0; i < 3; i++) await page.keyboard.press('Shift');
      assert.ok(await until(() => exit.hits.length > 0), 'the exit began');
      // The neutral site is still held back: the cancel came while the page was here.
      assert.ok(await until(() => s.cancels.length > before), 'speechSynthesis.cancel() was called as the exit began');
      exit.release();
      await page.waitForURL((u) => u.hostname === exit.host);
    } finally {
      await s.context.close();
    }
  });
}

test('listen: leaving the page by a link (pagehide) cancels speech', T, async () => {
  // The page's cancel is heard by a beacon to a recorder on another port;
  // this one context lets the page send it past the site's CSP (connect-src none).
  const heard = [];
  const recorder = createServer((req, res) => { heard.push(decodeURIComponent(req.url.split('?')[1])); res.writeHead(204).end(); });
  await new Promise((ok) => recorder.listen(0, '127.0.0.1', ok));
  const beacon = `http://127.0.0.1:${recorder.address().port}/cancel`;
  const s = await speechPage(ALL_VOICES, { bypassCSP: true }, beacon);
  try {
    const { page } = s;
    await visit(page, `${server.url}/pl/`);
    await page.click('.listen-play');
    assert.deepEqual(heard, [], 'no cancel while reading');
    await Promise.all([page.waitForURL(/\/pl\/help$/), page.click('#help-block a.more')]);
    assert.ok(await until(() => heard.includes('/pl/')), `the reading page cancelled its speech as it was left (heard ${JSON.stringify(heard)})`);
  } finally {
    await s.context.close();
    recorder.close();
  }
});

test('listen: without JavaScript there is no Listen button at all', T, async () => {
  const { context } = await openContext(browser, server.url, { javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await visit(page, `${server.url}/en/`);
    assert.equal(await page.locator('#listen').isVisible(), false);
    assert.equal(await page.getByRole('button').count(), 0, 'no control that does nothing');
  } finally {
    await context.close();
  }
});
