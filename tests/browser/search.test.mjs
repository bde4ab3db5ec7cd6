// Search in the browser, over HTTP and from file://: the relevance queries of
// tests/search-queries.json find their page in the top 3; search.js normalises exactly as the
// build does (tests/search-vectors.json); the count is announced in a polite live region;
// everything works with the keyboard alone.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildSite, launch, repo, serve } from "./helpers.mjs";

const queries = JSON.parse(readFileSync(join(repo, "tests/search-queries.json"), "utf8"));
const vectors = JSON.parse(readFileSync(join(repo, "tests/search-vectors.json"), "utf8"));
// The build's own ranking of the same queries, written by `cargo test --test search` (which
// tests/run.sh runs first).
const expectedTops = (() => {
  try {
    return JSON.parse(readFileSync(join(repo, "target/search-expected.json"), "utf8"));
  } catch {
    throw new Error("target/search-expected.json is missing: run `cargo test --test search` first");
  }
})();
let browser, server, site;
before(async () => {
  site = buildSite({ today: "2026-11-24" });
  server = await serve(site);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.close();
});

/** Runs a query on the search page at `base` and returns the result paths, best first. */
async function results(page, base, lang, q) {
  await page.goto(`${base}/${lang}/search/index.html?q=${encodeURIComponent(q)}`);
  await page.waitForFunction(() => document.getElementById("search-status").textContent.trim() !== "", null, { timeout: 10000 });
  return page.$$eval("#search-results li a", (as) => as.map((a) => new URL(a.href).pathname));
}

for (const [name, base] of [["over HTTP", () => server.url], ["from file://", () => `file://${site}`]]) {
  test(`the relevance queries find their page in the top 3, ${name}`, async () => {
    // Offline caching is tested in offline.test.mjs; here it would only slow every page down.
    const context = await browser.newContext({ serviceWorkers: "block" });
    const page = await context.newPage();
    const failures = [];
    let first = 0;
    for (const q of queries) {
      const found = await results(page, base(), q.lang, q.q);
      const hit = (p) => p.endsWith(q.expect + "index.html") || (q.any_of && p.includes(q.any_of));
      const rank = found.findIndex(hit);
      if (rank === 0) first++;
      const rust = expectedTops.find((t) => t.lang === q.lang && t.q === q.q);
      const shown = found.slice(0, 5).map((p) => (p.startsWith(site) ? p.slice(site.length) : p).replace(/index\.html$/, ""));
      if (!rust || JSON.stringify(shown) !== JSON.stringify(rust.top)) failures.push(`${q.lang} ${q.q}: search.js ${shown.join(", ")}; the build ${rust?.top.join(", ")}`);
      if (rank < 0 || rank > 2) failures.push(`${q.lang} ${q.q}: ${found.slice(0, 3).join(", ")}`);
    }
    await context.close();
    assert.deepEqual(failures, []);
    assert.ok(first * 100 >= queries.length * 90, `${first} of ${queries.length} at rank 1`);
  });
}

test("search.js normalises exactly like the build", async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/de/search/`);
  await page.waitForFunction(() => window.quartierSearch && window.quartierSearch.manifest);
  for (const [lang, input, expected] of vectors) {
    const actual = await page.evaluate(([l, text]) => {
      return window.quartierSearch.normalize(text, window.quartierSearch.manifest);
    }, [lang, input]);
    assert.equal(actual, expected, `${lang} ${input}`);
  }
  await page.close();
});

test("keyboard only, count in a polite live region, right to left in Arabic", async () => {
  const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
  await page.goto(`${server.url}/ar/search/`);
  await page.waitForFunction(() => window.quartierSearch && window.quartierSearch.manifest);
  assert.equal(await page.getAttribute("html", "dir"), "rtl");
  await page.focus("#search-query");
  await page.keyboard.type("شارنهورست");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.getElementById("search-status").textContent.trim() !== "");
  assert.equal(await page.getAttribute("#search-status", "aria-live"), "polite");
  assert.match(await page.textContent("#search-status"), /\d/);
  const count = await page.$$eval("#search-results li", (l) => l.length);
  assert.ok(count >= 1);
  // Tab reaches the first result and Enter opens it.
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate(() => document.activeElement.closest("#search-results") !== null)) break;
  }
  await Promise.all([page.waitForURL(/districts|offices/), page.keyboard.press("Enter")]);
  await page.close();
});

test("results appear as you type, and the first search loads only its own few files", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const requests = [];
  page.on("request", (r) => requests.push(new URL(r.url()).pathname));
  await page.goto(`${server.url}/de/search/`);
  await page.waitForFunction(() => window.quartierSearch && window.quartierSearch.manifest);
  // Typed, no Enter: the results come a moment after the last key.
  await page.locator("#search-query").pressSequentially("nadler weg", { delay: 30 });
  await page.waitForFunction(() => document.querySelectorAll("#search-results li").length > 0, null, { timeout: 5000 });
  const first = await page.locator("#search-results li a").first().getAttribute("href");
  assert.match(first, /offices\/eving-scharnhorst\//);
  // Nothing was prefetched for offline use before the first results: the manifest, the
  // shards of the typed words and one file of titles.
  const data = requests.filter((p) => p.includes("/search/data/"));
  assert.ok(data.length <= 8, `the first search loaded ${data.length} files: ${data.join(" ")}`);
  await context.close();
});

test("without JavaScript the search page says so and points to the A–Z list", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${server.url}/ar/search/?q=eving`);
  assert.match(await page.content(), /جافاسكريبت/);
  assert.ok(await page.locator('a[href="#az-title"]').isVisible());
  assert.ok((await page.locator(".az li").count()) > 10);
  await context.close();
});
