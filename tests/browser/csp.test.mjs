// Every page kind carries a strict Content-Security-Policy and works under it: Chromium reports
// zero violations, over HTTP and from file:// (a USB stick), and the features that need script
// (search results, open-now, the leaflet's print button) still run.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { binary, buildSite, launch, repo, serve } from "./helpers.mjs";

let browser, server, site, reports;
before(async () => {
  site = buildSite({ today: "2026-11-24" });
  server = await serve(site);
  reports = join(mkdtempSync(join(tmpdir(), "quartier-reports-")), "reports");
  execFileSync(binary, ["report", "--today", "2026-11-24", "--root", repo, "--out", reports], { stdio: "pipe" });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.close();
});

const PAGES = [
  ["home", "/de/index.html", "h1"],
  ["language chooser", "/index.html", "h1"],
  ["district", "/ar/districts/eving/index.html", "h1"],
  ["office", "/de/offices/eving-scharnhorst/index.html", ".open-status:not([hidden])"],
  ["partner list", "/uk/partners/index.html", "h1"],
  ["search with results", `/de/search/index.html?q=${encodeURIComponent("Müll")}`, "#search-results li a"],
  ["leaflet", "/fa/leaflets/eving/index.html", "h1"],
  ["page", "/tr/about/index.html", "h1"],
  ["not found", "/404.html", "h1"],
];

/** Opens `url`, waits for `ready`, returns the violations Chromium reported. */
async function violations(url, ready) {
  const page = await browser.newPage();
  const seen = [];
  // Both the DOM event and the console message, so nothing slips through.
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  page.on("console", (m) => { if (/Content Security Policy/i.test(m.text())) seen.push(m.text()); });
  page.on("pageerror", (e) => seen.push(`script error: ${e.message}`));
  await page.goto(url);
  await page.waitForSelector(ready, { timeout: 15000 });
  await page.waitForLoadState("load");
  const csp = await page.$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.content);
  seen.push(...(await page.evaluate(() => window.__csp)));
  await page.close();
  return { csp, seen };
}

for (const [kind, path, ready] of PAGES) {
  test(`${kind}: strict policy, no violation over HTTP and from file://`, async () => {
    for (const url of [`${server.url}${path}`, `file://${site}${path}`]) {
      const { csp, seen } = await violations(url, ready);
      assert.match(csp, /default-src 'self'/);
      assert.match(csp, /object-src 'none'/);
      assert.match(csp, /base-uri 'none'/);
      assert.match(csp, /form-action 'self'/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      assert.deepEqual(seen, [], `${url}`);
    }
  });
}

test("features that need script still run under the policy", async () => {
  const page = await browser.newPage();
  await page.goto(`file://${site}/de/search/index.html?q=${encodeURIComponent("Nadlerweg")}`);
  await page.waitForSelector("#search-results li a", { timeout: 15000 });
  await page.goto(`${server.url}/de/offices/eving-scharnhorst/`);
  // hours.js fills the open-now line from the location's data script.
  await page.waitForSelector(".open-status:not([hidden])", { timeout: 15000 });
  await page.close();
});

test("the translation report: strict policy, styled, no violation", async () => {
  const html = readFileSync(join(reports, "translations.html"), "utf8");
  assert.doesNotMatch(html, /<style|style=|<script/);
  const { csp, seen } = await violations(`file://${reports}/translations.html`, "svg.bar");
  assert.match(csp, /style-src 'self'/);
  assert.deepEqual(seen, []);
  const page = await browser.newPage();
  await page.goto(`file://${reports}/translations.html`);
  const border = await page.$eval("svg.bar", (e) => getComputedStyle(e).borderTopStyle);
  assert.equal(border, "solid", "the stylesheet beside the report did not load");
  await page.close();
});
