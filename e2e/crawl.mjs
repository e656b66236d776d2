// crawl.mjs - find every page of every language by following links.
//
// From /{lang}/ follow every same-origin <a href> whose path starts with
// /{lang}/, breadth first, without #fragments, each URL once.
import { eachLimit, openContext } from './browser.mjs';

export const LANGS = ['en', 'pl', 'ro', 'ur'];

/**
 * Crawl all languages in one browser context (JavaScript on, phone profile).
 * Returns { pages, errors } where pages is a list of
 *   { url, lang, path, title, scrollHeight, textLength }
 * in breadth-first order per language, and errors lists pages that did not
 * load as HTML with HTTP 200 ("<url>: <reason>", with the page that linked to it).
 */
export async function crawl(browser, base, { langs = LANGS, limit = 200, concurrency = 2 } = {}) {
  const origin = new URL(base).origin;
  const { context } = await openContext(browser, origin);
  const pages = [];
  const errors = [];
  try {
    const tabs = await Promise.all(Array.from({ length: concurrency }, () => context.newPage()));
    for (const lang of langs) {
      const prefix = `/${lang}/`;
      const start = new URL(prefix, origin).href;
      const seen = new Set([start]);
      const recorded = new Set();
      const from = new Map([[start, '(start)']]);
      let frontier = [start];
      while (frontier.length && seen.size <= limit) {
        const found = [];
        const level = [];
        // Each worker keeps its own tab; pages of one BFS level load in parallel.
        await eachLimit(frontier, tabs.length, async (url, _i, w) => {
          const info = await loadOne(tabs[w], url, prefix, origin);
          if (info.error) {
            errors.push(`${url}: ${info.error} (linked from ${from.get(url)})`);
            return;
          }
          // A redirect inside the site lands on a page we may already have.
          const final = info.finalUrl;
          if (recorded.has(final)) return;
          recorded.add(final);
          seen.add(final);
          level.push({ url: final, lang, path: new URL(final).pathname, title: info.title,
            scrollHeight: info.scrollHeight, textLength: info.textLength });
          for (const link of info.links) found.push([link, url]);
        });
        // Keep a stable BFS order regardless of which tab finished first.
        const order = (p) => { const i = frontier.indexOf(p.url); return i < 0 ? frontier.length : i; };
        level.sort((a, b) => order(a) - order(b));
        pages.push(...level);
        found.sort((a, b) => frontier.indexOf(a[1]) - frontier.indexOf(b[1]));
        frontier = [];
        for (const [link, parent] of found) {
          if (!seen.has(link)) {
            seen.add(link);
            from.set(link, parent);
            frontier.push(link);
          }
        }
      }
    }
  } finally {
    await context.close();
  }
  return { pages, errors };
}

async function loadOne(page, url, prefix, origin) {
  let resp;
  try {
    resp = await page.goto(url, { waitUntil: 'load' });
  } catch (e) {
    return { error: `navigation failed: ${String(e.message || e).split('\n')[0]}` };
  }
  if (!resp) return { error: 'no response' };
  if (resp.status() !== 200) return { error: `HTTP ${resp.status()}` };
  const type = resp.headers()['content-type'] || '';
  if (!/^text\/html/i.test(type)) return { error: `content-type ${JSON.stringify(type)}, not text/html` };
  const finalUrl = new URL(page.url());
  finalUrl.hash = '';
  if (finalUrl.origin !== origin) return { error: `redirected off-site to ${page.url()}` };
  if (!finalUrl.pathname.startsWith(prefix)) return { error: `redirected out of ${prefix} to ${page.url()}` };
  return page.evaluate(({ prefix, origin }) => {
    const links = new Set();
    for (const a of document.querySelectorAll('a[href]')) {
      let u;
      try { u = new URL(a.getAttribute('href'), document.baseURI); } catch { continue; }
      if (u.origin !== origin || !u.pathname.startsWith(prefix)) continue;
      u.hash = '';
      links.add(u.href);
    }
    const main = document.querySelector('main');
    return {
      title: document.title,
      scrollHeight: document.documentElement.scrollHeight,
      textLength: (main ? main.innerText : document.body.innerText).length,
      links: [...links],
    };
  }, { prefix, origin }).then((info) => ({ ...info, finalUrl: finalUrl.href }));
}
