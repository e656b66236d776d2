// browser.mjs - launch Debian's Chromium through playwright-core, make
// contexts that never reach the network, and run axe-core in a page.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const axe = require('axe-core');

export const CHROME = process.env.CHROME_PATH || '/usr/bin/chromium';

// Flags for a machine with no outside network; never fetch anything on our own.
export const CHROME_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// A small Android phone: 360x740 CSS px, DPR 2, touch, mobile layout.
export const PHONE = {
  viewport: { width: 360, height: 740 },
  screen: { width: 360, height: 740 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  userAgent:
    'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 ' +
    '(KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36',
};

// A laptop's window, for the workers' pages.
export const DESK = { viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 };

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
export const AXE_VERSION = axe.version;

/**
 * Launch one headless Chromium for the whole run. playwright's launch() gives
 * it a fresh temporary --user-data-dir (removed again on close), so every run
 * starts with an empty profile and cache. Playwright turns the back/forward
 * cache off; { backForwardCache: true } keeps it on, as in a person's browser
 * (a page it restores fires no load event: wait for 'commit' after goBack).
 */
export async function launchBrowser({ backForwardCache = false } = {}) {
  if (!existsSync(CHROME)) {
    throw new Error(`${CHROME} not found: apt-get install chromium (or set CHROME_PATH)`);
  }
  return chromium.launch({
    executablePath: CHROME,
    headless: true,
    args: CHROME_ARGS,
    ignoreDefaultArgs: backForwardCache ? ['--disable-back-forward-cache'] : [],
    timeout: 60_000,
  });
}

/**
 * A new browser context (phone profile unless overridden) that aborts every
 * request not to `origin`, so no test ever touches the network. Requests to
 * other origins are still seen by 'request' listeners (and so reported).
 * A test may add its own context.route() for a host: routes added later win.
 *
 * Returns { context, requests, problems } where requests is every URL the
 * context asked for and problems collects console errors, page errors and
 * failed/4xx/5xx same-origin responses, each as { page, text }.
 */
export async function openContext(browser, origin, options = {}) {
  const context = await browser.newContext({ ...PHONE, ...options });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  const requests = [];
  const problems = [];
  const isLocal = (u) => {
    try { return new URL(u).origin === origin; } catch { return false; }
  };
  await context.route((u) => !isLocal(u.href), (route) => route.abort('blockedbyclient'));
  context.on('request', (req) => {
    requests.push({ url: req.url(), page: pageUrlOf(req) });
  });
  context.on('page', (page) => watchPage(page, problems, isLocal));
  return { context, requests, problems };
}

// pageUrlOf is the URL of the page that made req, or ''. Asking for the frame is inside the
// try: Playwright throws for a navigation that starts before its frame exists (a link
// opened in a new tab), and a throw in this listener failed whichever test was running.
function pageUrlOf(req) {
  try { return req.frame().page().url(); } catch { return ''; }
}

function watchPage(page, problems, isLocal) {
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      problems.push({ page: page.url(), text: `console error: ${msg.text()}${loc?.url ? ` (${loc.url}:${loc.lineNumber})` : ''}` });
    }
  });
  page.on('pageerror', (err) => {
    problems.push({ page: page.url(), text: `uncaught exception: ${String(err.message || err).split('\n')[0]}` });
  });
  page.on('response', (resp) => {
    if (resp.status() >= 400 && isLocal(resp.url())) {
      problems.push({ page: page.url(), text: `HTTP ${resp.status()} for ${resp.url()}` });
    }
  });
  page.on('requestfailed', (req) => {
    if (isLocal(req.url())) {
      problems.push({ page: page.url(), text: `request failed: ${req.url()} (${req.failure()?.errorText})` });
    }
  });
}

/** Navigate and insist on an HTTP status below 400. */
export async function visit(page, url) {
  const resp = await page.goto(url, { waitUntil: 'load' });
  if (!resp) throw new Error(`no response for ${url}`);
  if (resp.status() >= 400) throw new Error(`HTTP ${resp.status()} for ${url}`);
  return resp;
}

/**
 * Run axe-core (WCAG 2.0/2.1/2.2 A and AA tags) in the page. The source is
 * evaluated through the DevTools protocol (page.evaluate), which the page's
 * Content-Security-Policy does not apply to, so script-src 'self' is no obstacle.
 * Returns the violations in a compact form.
 */
export async function runAxe(page) {
  const present = await page.evaluate(() => typeof window.axe === 'object');
  if (!present) await page.evaluate(axe.source);
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({
        target: n.target.join(' '),
        html: n.html.replace(/\s+/g, ' ').slice(0, 160),
        summary: (n.failureSummary || '').replace(/\s+/g, ' ').slice(0, 300),
      })),
    }));
  }, AXE_TAGS);
}

/** Format axe violations as readable lines. */
export function formatAxe(url, violations) {
  const lines = [];
  for (const v of violations) {
    lines.push(`${url}: ${v.id} [${v.impact}] ${v.help} (${v.nodes.length} node${v.nodes.length === 1 ? '' : 's'})`);
    for (const n of v.nodes.slice(0, 5)) lines.push(`    ${n.target}  ${n.html}  -- ${n.summary}`);
    if (v.nodes.length > 5) lines.push(`    ... and ${v.nodes.length - 5} more`);
  }
  return lines;
}

/** Fails the test, listing what axe found, unless the page has no violations; where names the page. */
export async function axeClean(page, where) {
  assert.deepEqual(formatAxe(where, await runAxe(page)), [], `axe found violations on ${where}`);
}

/**
 * Run fn(item, index, worker) over items with at most `limit` running at once;
 * `worker` (0..limit-1) lets each worker keep its own tab.
 */
export async function eachLimit(items, limit, fn) {
  let next = 0;
  const worker = async (w) => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i, w);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, (_, w) => worker(w)));
}
