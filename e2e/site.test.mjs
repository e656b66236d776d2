// site.test.mjs - Heard in a real browser (Debian's Chromium via playwright-core).
//
// One server and one browser for the whole file; each check group gets its own
// browser context. Every test visits all pages it is about and reports every
// problem it finds (page URL + details), not just the first one.
//
// Run: cd e2e && npm ci && node --test
//      from the repo root: node --test e2e/site.test.mjs   (node --test e2e/ works on Node 20 only)
// Env: HEARD_URL=http://host:port  test a running server instead of building one
//      CHROME_PATH=/path/to/chromium  (default /usr/bin/chromium)
//      HEARD_E2E_CONCURRENCY=2        pages checked at once per group
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { launchBrowser, openContext, visit, runAxe, formatAxe, eachLimit, PHONE, AXE_VERSION } from './browser.mjs';
import { crawl, LANGS } from './crawl.mjs';

const CONCURRENCY = Math.max(1, Number(process.env.HEARD_E2E_CONCURRENCY) || 2);
const MIN_PAGES_PER_LANG = 14;
const MIN_TARGET = 44; // CSS px
const T = { timeout: 5 * 60_000 }; // no single test may hang the run
const NEUTRAL_HTML = '<!doctype html><html lang="en"><head><title>Weather</title></head><body><p>Weather</p></body></html>';

let server;
let browser;
let origin;
let pages = []; // [{ url, lang, path, title, scrollHeight, textLength }]
let crawlErrors = [];

before(async () => {
  server = await startServer();
  origin = new URL(server.url).origin;
  browser = await launchBrowser();
  ({ pages, errors: crawlErrors } = await crawl(browser, server.url, { concurrency: CONCURRENCY }));
}, { timeout: 15 * 60_000 });

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
});

// ---------------------------------------------------------------- helpers

const url = (path) => new URL(path, origin).href;
/** First line of an error, plus Playwright's reason when an action timed out. */
const firstLine = (e) => {
  // eslint-disable-next-line no-control-regex
  const lines = String(e?.message || e).split('\n').map((l) => l.replace(/\x1b\[[0-9;]*m/g, '').trim()).filter(Boolean);
  if (!/Timeout/.test(lines[0]) || lines.length < 2) return lines[0];
  const why = lines.filter((l) => /intercepts pointer events|outside of the viewport|not visible|not stable|not enabled/.test(l)).pop() ||
    lines.filter((l) => l.startsWith('-')).pop() || '';
  return `${lines[0]}${why ? ` (${why.replace(/^- /, '')})` : ''}`;
};

/** Throw one assertion error that lists every problem found. */
function verdict(t, what, problems, checked) {
  t.diagnostic(`${what}: ${checked} checked, ${problems.length} problem(s)`);
  if (problems.length) {
    const shown = problems.slice(0, 400);
    const more = problems.length > shown.length ? `\n  ... and ${problems.length - shown.length} more` : '';
    assert.fail(`${what}: ${problems.length} problem(s)\n  ${shown.join('\n  ')}${more}`);
  }
}

function needPages(list = pages) {
  if (!list.length) assert.fail(`no pages to check (crawl found none${crawlErrors.length ? ': ' + crawlErrors.slice(0, 3).join('; ') : ''})`);
  return list;
}

/**
 * Open a context with `options` (phone profile by default), run
 * fn(page, info, fail, ctx) for every page info in `list` (a few at a time,
 * each worker on its own tab) and return { problems, ctx }. fail(msg) records
 * "<url>: msg"; an exception thrown by fn is recorded the same way.
 * `finish(ctx, fail)` runs before the context is closed.
 */
async function forPages(list, options, fn, finish) {
  const ctx = await openContext(browser, origin, options);
  const perPage = list.map(() => []); // kept in page order, whichever tab finishes first
  const problems = [];
  try {
    const tabs = [];
    for (let i = 0; i < Math.min(CONCURRENCY, list.length); i++) tabs.push(await ctx.context.newPage());
    await eachLimit(list, tabs.length, async (info, i, w) => {
      const fail = (msg) => perPage[i].push(`${info.url}: ${msg}`);
      try {
        await fn(tabs[w], info, fail, ctx);
      } catch (e) {
        fail(`error: ${firstLine(e)}`);
      }
    });
    problems.push(...perPage.flat());
    if (finish) await finish(ctx, (msg) => problems.push(msg));
  } finally {
    await ctx.context.close().catch(() => {});
  }
  return { problems, ctx };
}

// In-page helper source shared by several checks: a short description of an element.
const DESCRIBE = `(el) => {
  if (!el || !el.tagName) return String(el);
  let s = el.tagName.toLowerCase();
  if (el.id) s += '#' + el.id;
  const cls = typeof el.className === 'string' ? el.className.trim().split(/\\s+/).filter(Boolean).slice(0, 2) : [];
  if (cls.length) s += '.' + cls.join('.');
  const href = el.getAttribute && el.getAttribute('href');
  if (href) s += '[href="' + href.slice(0, 60) + '"]';
  const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').replace(/\\s+/g, ' ').trim();
  if (text) s += ' "' + text.slice(0, 40) + '"';
  return s;
}`;

async function installDescribe(page) {
  await page.evaluate(`window.__e2eDescribe = ${DESCRIBE}`);
}

// ---------------------------------------------------------------- 0. crawl

test('crawl: every language has at least 14 pages, each HTTP 200 HTML', T, (t) => {
  const problems = [...crawlErrors];
  for (const lang of LANGS) {
    const n = pages.filter((p) => p.lang === lang).length;
    t.diagnostic(`${lang}: ${n} pages`);
    if (n < MIN_PAGES_PER_LANG) {
      problems.push(`/${lang}/: found ${n} page(s) by following links, expected at least ${MIN_PAGES_PER_LANG}: ` +
        (pages.filter((p) => p.lang === lang).map((p) => p.path).join(' ') || '(none)'));
    }
  }
  verdict(t, 'crawl', problems, pages.length);
});

// ---------------------------------------------------------------- 1. axe

for (const scheme of ['light', 'dark']) {
  test(`axe ${AXE_VERSION} (phone 360x740, ${scheme} colour scheme): no WCAG 2.2 A/AA violations on any page`, T, async (t) => {
    const { problems } = await forPages(needPages(), { colorScheme: scheme }, async (page, info, fail) => {
      await visit(page, info.url);
      const violations = await runAxe(page);
      for (const line of formatAxe('', violations)) fail(line.replace(/^: /, ''));
    });
    verdict(t, `axe (${scheme})`, problems, pages.length);
  });
}

// ---------------------------------------------------------------- 2. reflow

function measureReflow() {
  const de = document.documentElement;
  const cw = de.clientWidth;
  const sw = Math.max(de.scrollWidth, document.body ? document.body.scrollWidth : 0);
  const culprits = [];
  if (sw > cw) {
    // Content past the end edge makes the page scroll: the right in ltr, the left in rtl.
    const rtl = getComputedStyle(de).direction === 'rtl';
    const wide = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && (rtl ? r.left < -1 : r.right > cw + 1)) wide.push(el);
    }
    // Deepest offenders: those with no offending descendant.
    for (const el of wide) {
      if (!wide.some((o) => o !== el && el.contains(o))) {
        const r = el.getBoundingClientRect();
        culprits.push(`${window.__e2eDescribe(el)} (x ${Math.round(r.left)}..${Math.round(r.right)})`);
        if (culprits.length >= 3) break;
      }
    }
    if (!culprits.length) {
      // Text wider than its box (a long word, a URL): the deepest element whose content overflows it.
      const over = [...document.body.querySelectorAll('*')].filter((el) => el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1);
      for (const el of over) {
        if (!over.some((o) => o !== el && el.contains(o))) {
          culprits.push(`text overflows ${window.__e2eDescribe(el)} (content ${el.scrollWidth} px in a ${el.clientWidth} px box)`);
          if (culprits.length >= 3) break;
        }
      }
    }
  }
  const probe = document.querySelector('main p') || document.querySelector('main') || document.body;
  return { cw, sw, font: parseFloat(getComputedStyle(probe).fontSize), culprits };
}

test('reflow at 320 px: no sideways scrolling, also with text at 200%', T, async (t) => {
  const options = { ...PHONE, viewport: { width: 320, height: 740 }, screen: { width: 320, height: 740 } };
  const { problems } = await forPages(needPages(), options, async (page, info, fail) => {
    await visit(page, info.url);
    await installDescribe(page);
    const a = await page.evaluate(measureReflow);
    if (a.cw !== 320) fail(`layout viewport is ${a.cw} px wide at a 320 px screen (missing/odd meta viewport?)`);
    if (a.sw > a.cw) {
      fail(`scrolls sideways at 320 px: scrollWidth ${a.sw} > clientWidth ${a.cw}; widest: ${a.culprits.join(', ') || '(text overflow, no single element)'}`);
    }
    await page.evaluate(() => { document.documentElement.style.fontSize = '200%'; });
    const b = await page.evaluate(measureReflow);
    if (b.sw > b.cw) {
      fail(`scrolls sideways at 320 px with text at 200%: scrollWidth ${b.sw} > clientWidth ${b.cw}; widest: ${b.culprits.join(', ') || '(text overflow, no single element)'}`);
    }
    if (!(b.font >= a.font * 1.5)) {
      fail(`text does not scale with the root font size: body text ${a.font}px -> ${b.font}px at html{font-size:200%} (px font sizes?)`);
    }
  });
  verdict(t, 'reflow', problems, pages.length);
});

// ---------------------------------------------------------------- 3. target size

function measureTargets(min) {
  const norm = (s) => (s || '').replace(/\s+/g, ' ').trim();
  const vw = document.documentElement.clientWidth;
  const hidden = (r) => r.width < 2 || r.height < 2 || r.right + scrollX <= 0 || r.bottom + scrollY <= 0 || r.left >= vw;
  // Always checked even if their parent holds more text: named in the contract.
  const alwaysCheck = (el) => el.id === 'skip-link' || el.id === 'quick-exit' || !!el.closest('nav#languages');
  const small = [];
  let checked = 0;
  for (const el of document.querySelectorAll('a[href], button, input:not([type="hidden"]), select, summary')) {
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility === 'hidden') continue;
    if (el.tagName === 'A' && !alwaysCheck(el)) {
      // Inline link in running text: its parent has more text than the link itself.
      const parent = el.parentElement;
      if (parent && norm(parent.textContent).length > norm(el.textContent).length) continue;
    }
    let r = el.getBoundingClientRect();
    // A radio button or checkbox is pressed through its label too: the label's
    // box is the target a finger meets.
    if (el.tagName === 'INPUT' && el.labels && el.labels.length) {
      for (const label of el.labels) {
        const lr = label.getBoundingClientRect();
        if (lr.width * lr.height > r.width * r.height) r = lr;
      }
    }
    let focused = false;
    if (hidden(r)) {
      // Shown only on focus (skip link pattern)? Measure it focused.
      el.focus({ preventScroll: true });
      if (document.activeElement === el) { r = el.getBoundingClientRect(); focused = true; }
      el.blur();
      if (hidden(r)) continue;
    }
    checked++;
    if (r.width < min - 0.05 || r.height < min - 0.05) {
      small.push(`${window.__e2eDescribe(el)}${focused ? ' (when focused)' : ''} is ${Math.round(r.width * 10) / 10}x${Math.round(r.height * 10) / 10} px`);
    }
  }
  return { small, checked };
}

test('target size at 360 px: every control is at least 44x44 CSS px (inline links in text exempt)', T, async (t) => {
  let total = 0;
  const { problems } = await forPages(needPages(), {}, async (page, info, fail) => {
    await visit(page, info.url);
    await installDescribe(page);
    const r = await page.evaluate(measureTargets, MIN_TARGET);
    total += r.checked;
    if (!r.checked) fail('no controls found to measure');
    for (const s of r.small) fail(`target smaller than ${MIN_TARGET}x${MIN_TARGET}: ${s}`);
  });
  verdict(t, `target size (${total} controls)`, problems, pages.length);
});

// ---------------------------------------------------------------- 4. keyboard

function focusState() {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  if (!el.__e2eId) el.__e2eId = Math.random().toString(36).slice(2);
  const cs = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  const main = document.getElementById('main') || document.querySelector('main');
  const state = {
    key: el.__e2eId,
    id: el.id,
    desc: window.__e2eDescribe(el),
    rect: { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height },
    // The visible screen: the layout viewport (innerWidth can be wider on a mobile page that overflows).
    vw: document.documentElement.clientWidth,
    vh: document.documentElement.clientHeight,
    outlineStyle: cs.outlineStyle,
    outlineWidth: parseFloat(cs.outlineWidth) || 0,
    boxShadow: cs.boxShadow,
    visible: cs.visibility !== 'hidden' && parseFloat(cs.opacity) > 0,
    inMain: !!main && (main === el || main.contains(el)),
    afterMain: !!main && !!(main.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING),
    obscured: null,
  };
  // Focus not obscured (WCAG 2.4.11): the sticky/fixed quick-exit bar must not cover it.
  const qe = document.getElementById('quick-exit');
  // The bar is the outermost sticky/fixed box holding #quick-exit (itself, or e.g. a sticky header).
  let bar = null;
  for (let n = qe; n && n !== document.body && n !== document.documentElement; n = n.parentElement) {
    if (['sticky', 'fixed'].includes(getComputedStyle(n).position)) bar = n;
  }
  if (bar && !bar.contains(el)) {
    const b = bar.getBoundingClientRect();
    const ox = Math.min(r.right, b.right) - Math.max(r.left, b.left);
    const oy = Math.min(r.bottom, b.bottom) - Math.max(r.top, b.top);
    if (ox > 0.5 && oy > 0.5) {
      const x = (Math.max(r.left, b.left) + Math.min(r.right, b.right)) / 2;
      const y = (Math.max(r.top, b.top) + Math.min(r.bottom, b.bottom)) / 2;
      const hit = document.elementFromPoint(x, y);
      if (!hit || !el.contains(hit)) {
        state.obscured = `top ${Math.round(r.top)} px is under the ${getComputedStyle(bar).position} bar ` +
          `${window.__e2eDescribe(bar).slice(0, 60)} (bottom ${Math.round(b.bottom)} px): ${Math.round(oy)} of ${Math.round(r.height)} px covered`;
      }
    }
  }
  return state;
}

const onScreen = (s) => s.rect.width >= 2 && s.rect.height >= 2 && s.rect.left >= -1 && s.rect.top >= -1 &&
  s.rect.right <= s.vw + 1 && s.rect.bottom <= s.vh + 1 && s.visible;

test('keyboard: first Tab is the skip link (shown when focused), second is #quick-exit; Enter on the skip link moves to main', T, async (t) => {
  const homes = LANGS.map((l) => ({ url: url(`/${l}/`) }));
  const { problems } = await forPages(homes, {}, async (page, info, fail) => {
    await visit(page, info.url);
    await installDescribe(page);
    await page.keyboard.press('Tab');
    const first = await page.evaluate(focusState);
    if (!first || first.id !== 'skip-link') fail(`first Tab focuses ${first ? first.desc : 'nothing'}, expected a#skip-link`);
    else if (!onScreen(first)) fail(`#skip-link is not visible on screen when focused (box ${JSON.stringify(first.rect)})`);
    await page.keyboard.press('Tab');
    const second = await page.evaluate(focusState);
    if (!second || second.id !== 'quick-exit') fail(`second Tab focuses ${second ? second.desc : 'nothing'}, expected a#quick-exit`);

    // Fresh load: Tab to the skip link and activate it.
    await visit(page, info.url);
    await installDescribe(page);
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => document.activeElement && document.activeElement.id)) !== 'skip-link') return;
    await page.keyboard.press('Enter');
    const ok = await page.waitForFunction(() => location.hash === '#main', null, { timeout: 3_000 }).then(() => true, () => false);
    if (!ok) { fail(`Enter on #skip-link did not go to #main (url ${page.url()})`); return; }
    const mainBox = await page.evaluate(() => {
      const m = document.getElementById('main');
      if (!m) return null;
      const r = m.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, vh: innerHeight };
    });
    if (!mainBox) { fail('no element with id="main"'); return; }
    if (!(mainBox.top < mainBox.vh && mainBox.bottom > 0)) fail(`after the skip link, main is not in view (top ${Math.round(mainBox.top)} px)`);
    const afterSkip = await page.evaluate(focusState);
    if (!afterSkip || !afterSkip.inMain) {
      // No focus on main itself: the next Tab must land inside or after main.
      await page.keyboard.press('Tab');
      const next = await page.evaluate(focusState);
      if (!next || !(next.inMain || next.afterMain)) {
        fail(`after Enter on the skip link, the next Tab goes to ${next ? next.desc : 'nothing'}, not into main`);
      }
    }
  });
  verdict(t, 'skip link and tab order', problems, homes.length);
});

function checkStop(s, label, fail) {
  const indicator = (s.outlineStyle !== 'none' && s.outlineWidth >= 2) || (s.boxShadow && s.boxShadow !== 'none');
  if (!indicator) {
    fail(`${label} ${s.desc}: no visible focus indicator (outline ${s.outlineStyle} ${s.outlineWidth}px, box-shadow ${s.boxShadow})`);
  }
  if (!onScreen(s)) fail(`${label} ${s.desc}: not on screen when focused (box ${JSON.stringify(roundRect(s.rect))})`);
  if (s.obscured) fail(`${label} ${s.desc}: focus obscured, ${s.obscured}`);
}

/**
 * Walk the page with Tab from the top to the end, then back with Shift+Tab
 * from the last stop to the first (going back is where a sticky bar at the
 * top hides focus). Every stop must show a focus indicator and not be covered.
 */
async function tabWalk(page, pageUrl, fail, { checkForward = true } = {}) {
  await visit(page, pageUrl);
  await installDescribe(page);
  const keys = [];
  for (let i = 0; i < 400; i++) {
    await page.keyboard.press('Tab');
    const s = await page.evaluate(focusState);
    if (!s || s.key === keys[0]) break; // left the document, or wrapped around
    keys.push(s.key);
    if (checkForward) checkStop(s, `Tab stop ${keys.length}`, fail);
  }
  if (keys.length < 3) { fail(`only ${keys.length} Tab stop(s) found`); return { stops: keys.length, exited: false }; }

  // Backwards: focus the last stop, then Shift+Tab to the first.
  let leftFor = null;
  const onRequest = (req) => {
    if (req.isNavigationRequest() && req.frame() === page.mainFrame() && !req.url().startsWith(pageUrl.split('#')[0])) leftFor = req.url();
  };
  page.on('request', onRequest);
  try {
    return await walkBack(page, pageUrl, keys, fail, () => leftFor);
  } finally {
    page.off('request', onRequest);
  }
}

async function walkBack(page, pageUrl, keys, fail, leftFor) {
  await page.evaluate((key) => {
    for (const el of document.querySelectorAll('*')) if (el.__e2eId === key) { el.focus(); return; }
  }, keys[keys.length - 1]);
  let back = 0;
  let orderOk = true;
  for (let i = keys.length - 2; i >= 0; i--) {
    await page.keyboard.press('Shift+Tab');
    if (leftFor() || page.url().split('#')[0] !== pageUrl.split('#')[0]) {
      fail(`pressing Shift+Tab ${back + 1} time(s) left the page for ${leftFor() || page.url()} (the quick-exit shortcut must ignore Shift used together with other keys)`);
      return { stops: keys.length, exited: true };
    }
    const s = await page.evaluate(focusState).catch(() => null);
    if (!s) { fail(`Shift+Tab from stop ${i + 2} left the document`); break; }
    back++;
    if (orderOk && s.key !== keys[i]) {
      orderOk = false;
      fail(`Shift+Tab order differs from the Tab order at stop ${i + 1}: reached ${s.desc}`);
    }
    checkStop(s, `Shift+Tab to stop ${i + 1}`, fail);
  }
  return { stops: keys.length, exited: false };
}

const roundRect = (r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Math.round(v)]));

test('keyboard: every Tab stop shows a focus indicator and is not hidden under the quick-exit bar (home + longest English page, phone and desktop)', T, async (t) => {
  const en = needPages(pages.filter((p) => p.lang === 'en'));
  const longest = en.reduce((a, b) => (b.scrollHeight > a.scrollHeight ? b : a));
  const targets = [...new Set([url('/en/'), longest.url])];
  t.diagnostic(`longest English page: ${longest.url} (${longest.scrollHeight} px tall at 360 px)`);
  const problems = [];
  let stops = 0;
  const profiles = {
    phone: {},
    desktop: { viewport: { width: 1280, height: 800 }, screen: { width: 1280, height: 800 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1, userAgent: undefined },
  };
  for (const [name, options] of Object.entries(profiles)) {
    const exited = [];
    const r = await forPages(targets.map((u) => ({ url: u })), options, async (page, info, fail) => {
      const w = await tabWalk(page, info.url, (msg) => fail(`[${name}] ${msg}`));
      stops += w.stops;
      if (w.exited) exited.push(info);
    });
    problems.push(...r.problems);
    // If Shift+Tab set off the quick exit, still check the way back, with JavaScript off.
    if (exited.length) {
      const again = await forPages(exited, { ...options, javaScriptEnabled: false }, async (page, info, fail) => {
        await tabWalk(page, info.url, (msg) => fail(`[${name}, JS off] ${msg}`), { checkForward: false });
      });
      problems.push(...again.problems);
    }
  }
  verdict(t, `focus visible / not obscured (${stops} Tab stops)`, problems, targets.length * 2);
});

// ---------------------------------------------------------------- 5. landmarks

function landmarks() {
  const sectioning = 'article, aside, main, nav, section, [role="article"], [role="complementary"], [role="main"], [role="navigation"], [role="region"]';
  const topLevel = (el) => !el.parentElement || !el.parentElement.closest(sectioning);
  const mains = new Set([...document.querySelectorAll('main, [role="main"]')]);
  const banners = new Set([...document.querySelectorAll('[role="banner"]'), ...[...document.querySelectorAll('header:not([role])')].filter(topLevel)]);
  const footers = new Set([...document.querySelectorAll('[role="contentinfo"]'), ...[...document.querySelectorAll('footer:not([role])')].filter(topLevel)]);
  const nav = document.querySelector('nav#languages');
  let navLabel = null;
  if (nav) {
    navLabel = (nav.getAttribute('aria-label') || '').trim();
    const by = nav.getAttribute('aria-labelledby');
    if (!navLabel && by) navLabel = by.split(/\s+/).map((id) => document.getElementById(id)?.textContent || '').join(' ').trim();
  }
  return {
    main: mains.size,
    mainId: [...mains].map((m) => m.id),
    banner: banners.size,
    contentinfo: footers.size,
    nav: !!nav,
    navLabel,
    h1: [...document.querySelectorAll('h1')].map((h) => h.textContent.replace(/\s+/g, ' ').trim()),
  };
}

test('landmarks: one main, one banner, one contentinfo, labelled nav#languages, exactly one h1', T, async (t) => {
  const { problems } = await forPages(needPages(), {}, async (page, info, fail) => {
    await visit(page, info.url);
    const l = await page.evaluate(landmarks);
    if (l.main !== 1) fail(`${l.main} main landmarks, expected exactly 1`);
    if (l.banner !== 1) fail(`${l.banner} banner landmarks (top-level <header> or role=banner), expected 1`);
    if (l.contentinfo !== 1) fail(`${l.contentinfo} contentinfo landmarks (top-level <footer> or role=contentinfo), expected 1`);
    if (!l.nav) fail('no nav#languages');
    else if (!l.navLabel) fail('nav#languages has no aria-label / aria-labelledby text');
    if (l.h1.length !== 1) fail(`${l.h1.length} h1 elements, expected exactly 1${l.h1.length ? ': ' + JSON.stringify(l.h1) : ''}`);
    else if (!l.h1[0]) fail('the h1 is empty');
  });
  verdict(t, 'landmarks', problems, pages.length);
});

// ---------------------------------------------------------------- markup contract

function contract(langs) {
  const focusableSel = 'a[href], button:not([disabled]), input:not([type="hidden"]):not([disabled]), select:not([disabled]), ' +
    'textarea:not([disabled]), summary, iframe, [tabindex]:not([tabindex="-1"]), [contenteditable="true"], [contenteditable=""]';
  const focusables = [...document.querySelectorAll(focusableSel)].filter((el) => getComputedStyle(el).display !== 'none' && el.tabIndex >= 0);
  const qe = document.getElementById('quick-exit');
  const nav = document.querySelector('nav#languages');
  const help = document.getElementById('help-block');
  const telOf = (a) => (a.getAttribute('href') || '').replace(/[\s-]/g, '');
  const langLinks = {};
  for (const l of langs) {
    const links = nav ? [...nav.querySelectorAll('a[href]')].filter((a) => a.getAttribute('lang') === l) : [];
    langLinks[l] = links.map((a) => ({ text: a.textContent.replace(/\s+/g, ' ').trim(), path: new URL(a.href).pathname, hreflang: a.getAttribute('hreflang') }));
  }
  const scripts = [...document.scripts].filter((s) => !s.type || /^(text\/javascript|module|application\/javascript)$/i.test(s.type));
  const assets = [
    ...scripts.map((s) => s.src ? s.src : '(inline script)'),
    ...[...document.querySelectorAll('link[rel~="stylesheet"], link[rel~="icon"], link[rel~="preload"], link[rel~="manifest"]')].map((l) => l.href),
    ...[...document.querySelectorAll('img[src], source[srcset]')].map((i) => i.currentSrc || i.src || i.srcset),
  ];
  return {
    lang: document.documentElement.getAttribute('lang'),
    dir: document.documentElement.getAttribute('dir'),
    firstFocusable: focusables[0] ? { id: focusables[0].id, tag: focusables[0].tagName, href: focusables[0].getAttribute('href') } : null,
    secondFocusable: focusables[1] ? focusables[1].id || focusables[1].tagName : null,
    quickExit: qe ? { tag: qe.tagName, href: qe.href, rel: (qe.getAttribute('rel') || '').split(/\s+/) } : null,
    main: !!document.querySelector('main#main'),
    navLinkCount: nav ? nav.querySelectorAll('a[href]').length : 0,
    langLinks,
    help: help ? help.tagName : null,
    tels: help ? [...help.querySelectorAll('a[href^="tel:"]')].map(telOf) : [],
    footer: !!document.querySelector('footer'),
    scripts: scripts.map((s) => ({ src: s.src, defer: s.defer, async: s.async, module: s.type === 'module' })),
    assets,
  };
}

const HASHED = (name) => {
  // name.<hash>.<ext> with a hex hash (6+) or a url-safe hash (8+, with a digit)
  const m = name.match(/^.+\.([A-Za-z0-9_-]+)\.[a-z0-9]+$/);
  return !!m && (/^[0-9a-f]{6,}$/i.test(m[1]) || (/^[A-Za-z0-9_-]{8,}$/.test(m[1]) && /\d/.test(m[1])));
};

test('markup contract: lang/dir, skip link, quick exit, language links, help block, hashed /static/ assets, CSP', T, async (t) => {
  const names = {}; // lang -> Set of link texts seen anywhere
  const { problems } = await forPages(needPages(), {}, async (page, info, fail) => {
    const resp = await visit(page, info.url);
    const c = await page.evaluate(contract, LANGS);
    const wantDir = info.lang === 'ur' ? 'rtl' : 'ltr';
    if (c.lang !== info.lang) fail(`<html lang="${c.lang}">, expected "${info.lang}"`);
    if (c.dir !== wantDir) fail(`<html dir="${c.dir}">, expected "${wantDir}"`);
    if (!c.firstFocusable || c.firstFocusable.id !== 'skip-link' || c.firstFocusable.tag !== 'A') {
      fail(`first focusable element is ${JSON.stringify(c.firstFocusable)}, expected a#skip-link`);
    } else if (c.firstFocusable.href !== '#main') fail(`#skip-link href="${c.firstFocusable.href}", expected "#main"`);
    if (c.secondFocusable !== 'quick-exit') fail(`second focusable element is ${c.secondFocusable}, expected #quick-exit`);
    if (!c.quickExit) fail('no #quick-exit');
    else {
      let qu = null;
      try { qu = new URL(c.quickExit.href); } catch {}
      if (c.quickExit.tag !== 'A') fail(`#quick-exit is a <${c.quickExit.tag.toLowerCase()}>, expected <a>`);
      if (!qu || !/^https?:$/.test(qu.protocol) || qu.origin === origin) fail(`#quick-exit href "${c.quickExit.href}" is not an external site`);
      for (const r of ['nofollow', 'noreferrer']) if (!c.quickExit.rel.includes(r)) fail(`#quick-exit rel="${c.quickExit.rel.join(' ')}" lacks ${r}`);
    }
    if (!c.main) fail('no main#main');
    for (const l of LANGS) {
      const links = c.langLinks[l];
      if (!links.length) { fail(`nav#languages has no link with lang="${l}"`); continue; }
      for (const k of links) {
        (names[l] ||= new Map()).set(k.text, info.url);
        if (!k.path.startsWith(`/${l}/`)) fail(`language link lang="${l}" points to ${k.path}, not under /${l}/`);
        if (!k.text) fail(`language link lang="${l}" has no text`);
        const arabic = /[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]/.test(k.text);
        if (l === 'ur' && !arabic) fail(`Urdu language link text "${k.text}" is not in Urdu script`);
        if (l !== 'ur' && (arabic || !/[A-Za-z]/.test(k.text))) fail(`language link lang="${l}" text "${k.text}" is not in Latin script`);
      }
    }
    if (!c.help) fail('no #help-block');
    else {
      if (c.help !== 'ASIDE') fail(`#help-block is a <${c.help.toLowerCase()}>, expected <aside>`);
      for (const tel of ['tel:999', 'tel:08001111']) if (!c.tels.includes(tel)) fail(`#help-block has no ${tel} link (has ${c.tels.join(', ') || 'none'})`);
    }
    if (!c.footer) fail('no <footer>');
    // Scripts: exactly two, /static/exit.<hash>.js and /static/listen.<hash>.js, deferred.
    const wantScripts = ['exit', 'listen'];
    const gotScripts = c.scripts.map((s) => (s.src ? new URL(s.src).pathname.split('/').pop().split('.')[0] : '(inline)'));
    if (gotScripts.join() !== wantScripts.join()) fail(`scripts ${gotScripts.join(', ')}, expected exactly ${wantScripts.join(', ')} (/static/<name>.<hash>.js)`);
    for (const s of c.scripts) {
      const p = s.src ? new URL(s.src).pathname : '(inline)';
      if (!/^\/static\/(exit|listen)\.[^/]+\.js$/.test(p) || !HASHED(p.split('/').pop())) fail(`script ${p} is not /static/exit.<hash>.js or /static/listen.<hash>.js`);
      if (!s.defer && !s.module) fail(`script ${p} is not deferred`);
    }
    for (const a of c.assets) {
      let u;
      try { u = new URL(a); } catch { fail(`asset ${a}`); continue; }
      if (u.protocol === 'data:') continue;
      if (u.origin !== origin) { fail(`asset from another origin: ${a}`); continue; }
      const name = u.pathname.split('/').pop();
      if (!u.pathname.startsWith('/static/') || !HASHED(name)) fail(`asset ${u.pathname} is not a hashed name under /static/`);
    }
    const csp = resp.headers()['content-security-policy'];
    if (!csp) fail('no Content-Security-Policy header');
    else {
      const scriptSrc = (csp.split(';').map((d) => d.trim()).find((d) => /^script-src\s/.test(d)) ||
        csp.split(';').map((d) => d.trim()).find((d) => /^default-src\s/.test(d)) || '');
      if (!scriptSrc) fail(`CSP has neither script-src nor default-src: ${csp}`);
      else if (/'unsafe-inline'|'unsafe-eval'|\s\*(\s|$)|https?:(\s|$)/.test(scriptSrc)) fail(`CSP ${scriptSrc} is not strict`);
    }
  }, (ctx, fail) => {
    for (const l of LANGS) {
      const texts = names[l] ? [...names[l].keys()] : [];
      if (texts.length > 1) fail(`language link for "${l}" is named differently on different pages (should always be the endonym): ${texts.map((x) => JSON.stringify(x) + ' on ' + names[l].get(x)).join(', ')}`);
    }
  });
  verdict(t, 'markup contract', problems, pages.length);
});

// ---------------------------------------------------------------- 6/7. quick exit

/**
 * Install a reporter in the page that logs, every 40 ms, whether the page is
 * blank. While the neutral site's response is held back the old document
 * keeps running, so its last report shows what a person would see during the
 * exit. (page.evaluate itself must not be used while a cross-site navigation
 * is pending: it can hang until the browser gives up on the page.)
 */
function installBlankReporter() {
  const shown = (el) => {
    const cs = getComputedStyle(el);
    return cs.display !== 'none' && cs.visibility !== 'hidden' && parseFloat(cs.opacity) > 0;
  };
  const isBlank = () => {
    const html = document.documentElement;
    const body = document.body;
    if (!body || !shown(html) || !shown(body)) return true;
    return body.innerText.trim().length === 0;
  };
  setInterval(() => console.log('__e2e_blank:' + isBlank()), 40);
}

/**
 * Open a JS context whose neutral-site requests are served locally (held
 * until release() so the page can be inspected mid-exit). Returns helpers.
 */
async function exitContext(options = {}) {
  const ctx = await openContext(browser, origin, options);
  let host = null;
  let release;
  let gate = new Promise((r) => { release = r; });
  const hits = [];
  await ctx.context.route((u) => host !== null && u.hostname === host, async (route) => {
    hits.push({ url: route.request().url(), referer: route.request().headers().referer });
    await gate;
    await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: NEUTRAL_HTML }).catch(() => {});
  });
  return {
    ...ctx,
    hits,
    setHost(h) { host = h; },
    hold() { gate = new Promise((r) => { release = r; }); },
    release() { release(); },
    async until(cond, ms = 5_000) {
      const end = Date.now() + ms;
      while (Date.now() < end) { if (cond()) return true; await new Promise((r) => setTimeout(r, 25)); }
      return cond();
    },
  };
}

async function quickExitHref(page) {
  const href = await page.$eval('#quick-exit', (a) => a.href).catch(() => null);
  if (!href) throw new Error('no #quick-exit on the page');
  return href;
}

async function checkReplaced(page, heardUrl, host, fail) {
  const arrived = await page.waitForURL((u) => u.hostname === host, { timeout: 5_000 }).then(() => true, () => false);
  if (!arrived) { fail(`did not reach the neutral site ${host} (still at ${page.url()})`); return; }
  await page.goBack({ timeout: 5_000 }).catch(() => null);
  const back = page.url();
  if (back.startsWith(origin)) fail(`Back after the quick exit returns to ${back}: the Heard page stayed in history (location.replace not used)`);
  else if (back === heardUrl) fail('Back returns to the Heard page');
}

test('quick exit (JS): three Shift presses on /en/help blank the page and replace it with the neutral site', T, async (t) => {
  const problems = [];
  const fail = (m) => problems.push(`${url('/en/help')}: ${m}`);
  const x = await exitContext();
  try {
    const page = await x.context.newPage();
    await visit(page, url('/en/help'));
    const href = await quickExitHref(page);
    x.setHost(new URL(href).hostname);
    x.hold();
    const blankReports = [];
    page.on('console', (m) => { if (m.text().startsWith('__e2e_blank:')) blankReports.push(m.text().slice(12)); });
    await page.evaluate(installBlankReporter);
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Shift');
      await page.waitForTimeout(100);
    }
    if (!(await x.until(() => x.hits.length > 0, 3_000))) {
      fail('three Shift presses within 0.3 s did not start navigation to the neutral site');
    } else {
      if (!x.hits[0].url.startsWith(href.replace(/#.*$/, ''))) fail(`went to ${x.hits[0].url}, not the #quick-exit href ${href}`);
      // Let the held-back page report its state a few times, then look at the latest report.
      const seen = blankReports.length;
      await x.until(() => blankReports.length >= seen + 4, 2_000);
      const last = blankReports[blankReports.length - 1];
      if (last !== 'true') fail(`page was not blanked while leaving (${last === 'false' ? 'its text was still shown while the neutral site loaded' : 'no report from the page'})`);
    }
    x.release();
    if (x.hits.length) await checkReplaced(page, url('/en/help'), new URL(href).hostname, fail);
  } catch (e) {
    fail(`error: ${firstLine(e)}`);
  } finally {
    x.release();
    await x.context.close().catch(() => {});
  }
  verdict(t, 'quick exit by Shift x3', problems, 1);
});

test('quick exit (JS): three Shift presses spread over 4 s do not leave the page', T, async (t) => {
  const problems = [];
  const x = await exitContext();
  try {
    const page = await x.context.newPage();
    await visit(page, url('/en/help'));
    x.setHost(new URL(await quickExitHref(page)).hostname);
    for (let i = 0; i < 3; i++) {
      if (i) await page.waitForTimeout(2_000);
      await page.keyboard.press('Shift');
    }
    await page.waitForTimeout(300);
    if (x.hits.length || !page.url().startsWith(origin)) problems.push(`${url('/en/help')}: left the page after three Shift presses 2 s apart`);
  } catch (e) {
    problems.push(`${url('/en/help')}: error: ${firstLine(e)}`);
  } finally {
    x.release();
    await x.context.close().catch(() => {});
  }
  verdict(t, 'slow Shift presses', problems, 1);
});

test('quick exit (JS): clicking #quick-exit on /ur/ replaces the page with the neutral site', T, async (t) => {
  const problems = [];
  const fail = (m) => problems.push(`${url('/ur/')}: ${m}`);
  const x = await exitContext();
  try {
    const page = await x.context.newPage();
    await visit(page, url('/ur/'));
    const href = await quickExitHref(page);
    x.setHost(new URL(href).hostname);
    x.release();
    await page.click('#quick-exit');
    await checkReplaced(page, url('/ur/'), new URL(href).hostname, fail);
  } catch (e) {
    fail(`error: ${firstLine(e)}`);
  } finally {
    x.release();
    await x.context.close().catch(() => {});
  }
  verdict(t, 'quick exit by click', problems, 1);
});

test('quick exit without JS: #quick-exit is visible at the top and its link goes to the neutral site without a referrer', T, async (t) => {
  const list = [...LANGS.map((l) => url(`/${l}/`)), url('/en/help')].map((u) => ({ url: u }));
  const problems = [];
  for (const info of list) {
    const fail = (m) => problems.push(`${info.url}: ${m}`);
    const x = await exitContext({ javaScriptEnabled: false });
    try {
      const page = await x.context.newPage();
      await visit(page, info.url);
      const href = await quickExitHref(page);
      x.setHost(new URL(href).hostname);
      x.release();
      const box = await page.$eval('#quick-exit', (a) => {
        const r = a.getBoundingClientRect();
        const cs = getComputedStyle(a);
        return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height,
          vw: document.documentElement.clientWidth, vh: document.documentElement.clientHeight, shown: cs.visibility !== 'hidden' && cs.display !== 'none' && parseFloat(cs.opacity) > 0 };
      });
      if (!box.shown || box.width < 2 || box.height < 2) fail(`#quick-exit is not visible without JS (${JSON.stringify(roundRect(box))})`);
      else if (box.top < 0 || box.bottom > box.vh / 4 || box.left < 0 || box.right > box.vw) {
        fail(`#quick-exit is not at the top of the first screen without JS (box top ${Math.round(box.top)}..${Math.round(box.bottom)} px, x ${Math.round(box.left)}..${Math.round(box.right)}, screen ${box.vw}x${box.vh})`);
      }
      await page.click('#quick-exit');
      const arrived = await page.waitForURL((u) => u.hostname === new URL(href).hostname, { timeout: 5_000 }).then(() => true, () => false);
      if (!arrived) fail(`clicking #quick-exit without JS did not reach ${href} (at ${page.url()})`);
      else if (x.hits[0]?.referer) fail(`the neutral site was sent a Referer (${x.hits[0].referer}) despite rel=noreferrer`);
    } catch (e) {
      fail(`error: ${firstLine(e)}`);
    } finally {
      x.release();
      await x.context.close().catch(() => {});
    }
  }
  verdict(t, 'quick exit without JS', problems, list.length);
});

// ---------------------------------------------------------------- 8. media features

function motion() {
  const secs = (v) => v.split(',').map((s) => s.trim()).map((s) => (s.endsWith('ms') ? parseFloat(s) / 1000 : parseFloat(s)));
  const out = [];
  for (const el of document.querySelectorAll('*')) {
    if (!el.getClientRects().length) continue; // not rendered (head, display:none, closed details)
    for (const pseudo of [null, '::before', '::after']) {
      const cs = getComputedStyle(el, pseudo);
      if (pseudo && (cs.content === 'none' || cs.content === 'normal')) continue;
      const where = window.__e2eDescribe(el) + (pseudo || '');
      const names = cs.animationName.split(',').map((s) => s.trim());
      secs(cs.animationDuration).forEach((d, i) => {
        const name = names[i % names.length];
        if (d > 0.01 && name !== 'none') out.push(`${where}: animation ${name} ${cs.animationDuration}`);
      });
      const props = cs.transitionProperty.split(',').map((s) => s.trim());
      secs(cs.transitionDuration).forEach((d, i) => {
        const prop = props[i % props.length];
        if (d > 0.01 && prop !== 'none') out.push(`${where}: transition ${prop} ${cs.transitionDuration}`);
      });
    }
  }
  for (const a of document.getAnimations()) {
    const timing = a.effect && a.effect.getComputedTiming();
    if (a.playState === 'running' && timing && timing.duration > 10) {
      out.push(`running animation ${a.animationName || a.transitionProperty || a.id || '(script)'} on ${window.__e2eDescribe(a.effect.target)} (${Math.round(timing.duration)} ms)`);
    }
  }
  return [...new Set(out)];
}

test('reduced motion: with prefers-reduced-motion, no CSS animation or transition is longer than 0.01 s', T, async (t) => {
  const { problems } = await forPages(needPages(), { reducedMotion: 'reduce' }, async (page, info, fail) => {
    await visit(page, info.url);
    await installDescribe(page);
    const found = await page.evaluate(motion);
    for (const f of found.slice(0, 10)) fail(f);
    if (found.length > 10) fail(`... and ${found.length - 10} more moving elements`);
  });
  verdict(t, 'reduced motion', problems, pages.length);
});

test('forced colours: #quick-exit stays visible with a border or outline on every page', T, async (t) => {
  const { problems } = await forPages(needPages(), { forcedColors: 'active' }, async (page, info, fail) => {
    await visit(page, info.url);
    const q = await page.evaluate(() => {
      const a = document.getElementById('quick-exit');
      if (!a) return null;
      const matched = matchMedia('(forced-colors: active)').matches;
      const cs = getComputedStyle(a);
      const r = a.getBoundingClientRect();
      const sides = ['top', 'right', 'bottom', 'left'].filter((s) =>
        parseFloat(cs.getPropertyValue(`border-${s}-width`)) > 0 && !['none', 'hidden'].includes(cs.getPropertyValue(`border-${s}-style`)));
      const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
      return { matched, sides, outline, w: r.width, h: r.height, top: r.top, vh: innerHeight,
        shown: cs.visibility !== 'hidden' && cs.display !== 'none' && parseFloat(cs.opacity) > 0, color: cs.color, bg: cs.backgroundColor };
    });
    if (!q) { fail('no #quick-exit'); return; }
    if (!q.matched) fail('(forced-colors: active) did not match: emulation not applied');
    if (!q.shown || q.w < 2 || q.h < 2 || q.top >= q.vh) fail(`#quick-exit not visible in forced colours (${Math.round(q.w)}x${Math.round(q.h)} at top ${Math.round(q.top)})`);
    if (!q.sides.length && !q.outline) fail('#quick-exit has neither a border nor an outline in forced colours (it blends into the page)');
  });
  verdict(t, 'forced colours', problems, pages.length);
});

// ---------------------------------------------------------------- 9. privacy

test('privacy: only same-origin requests, no cookies, no console errors on any page', T, async (t) => {
  const { problems } = await forPages(needPages(), {}, async (page, info, fail) => {
    const resp = await visit(page, info.url);
    const setCookie = (await resp.allHeaders())['set-cookie'];
    if (setCookie) fail(`response sets a cookie: ${setCookie.split('\n').map((c) => c.split(';')[0]).join(', ')}`);
    await page.waitForLoadState('networkidle', { timeout: 3_000 }).catch(() => {});
  }, async (ctx, fail) => {
    const seen = new Set();
    for (const r of ctx.requests) {
      let u;
      try { u = new URL(r.url); } catch { continue; }
      if (!/^(https?|wss?):$/.test(u.protocol) || u.origin === origin) continue;
      const line = `${r.page || '(unknown page)'}: third-party request to ${r.url}`;
      if (!seen.has(line)) { seen.add(line); fail(line); }
    }
    for (const p of ctx.problems) fail(`${p.page}: ${p.text}`);
    const cookies = await ctx.context.cookies();
    for (const c of cookies) fail(`cookie set: ${c.name} (domain ${c.domain}, path ${c.path})`);
    const storage = await (async () => {
      const page = await ctx.context.newPage();
      try {
        await visit(page, url('/en/'));
        return await page.evaluate(() => ({ local: Object.keys(localStorage), session: Object.keys(sessionStorage) }));
      } finally { await page.close(); }
    })();
    if (storage.local.length) fail(`localStorage used: ${storage.local.join(', ')}`);
    if (storage.session.length) fail(`sessionStorage used: ${storage.session.join(', ')}`);
    t.diagnostic(`${ctx.requests.length} requests recorded`);
  });
  verdict(t, 'privacy', problems, pages.length);
});

// ---------------------------------------------------------------- 10. RTL

test('RTL: Urdu pages are dir=rtl with main laid out right-to-left; other languages ltr', T, async (t) => {
  const { problems } = await forPages(needPages(), {}, async (page, info, fail) => {
    await visit(page, info.url);
    const d = await page.evaluate(() => {
      const main = document.querySelector('main');
      const cs = main ? getComputedStyle(main) : null;
      return { dir: document.dir, direction: cs && cs.direction, align: cs && cs.textAlign,
        bodyDirection: getComputedStyle(document.body).direction };
    });
    const want = info.lang === 'ur' ? 'rtl' : 'ltr';
    if (d.dir !== want) fail(`document dir is "${d.dir}", expected ${want}`);
    if (d.direction !== want) fail(`main has direction ${d.direction}, expected ${want}`);
    if (d.bodyDirection !== want) fail(`body has direction ${d.bodyDirection}, expected ${want}`);
    const wrong = want === 'rtl' ? ['left', '-webkit-left'] : ['right', '-webkit-right'];
    if (wrong.includes(d.align)) fail(`main text-align is ${d.align} in a ${want} page (use start/end)`);
  });
  verdict(t, 'RTL', problems, pages.length);
});
