// Accessibility of every page in every language of the default site, in Debian's Chromium:
// axe-core (WCAG 2.0/2.1/2.2 A and AA and the best-practice rules) with zero violations, no sideways scrolling at 320 CSS px,
// and no request to any host but the local server.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { buildSite, launch, serve } from "./helpers.mjs";

const require = createRequire(import.meta.url);
const axePath = require.resolve("axe-core/axe.min.js");

function htmlFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...htmlFiles(path));
    else if (entry.name.endsWith(".html")) out.push(path);
  }
  return out.sort();
}

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

// A guard against a hung browser, not a speed target: 834 pages took about 9 minutes on the 2-core machine.
test("every page in every language: no axe violations, reflow at 320 px, no foreign requests", { timeout: 1800000 }, async () => {
  const pages = htmlFiles(site).map((f) => "/" + relative(site, f).replace(/index\.html$/, ""));
  assert.ok(pages.length > 200, `only ${pages.length} pages`);
  // bypassCSP only lets the test inject axe-core; csp.test.mjs proves the pages need no exception.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  const foreign = [];
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (url.protocol !== "data:" && url.hostname !== "127.0.0.1") foreign.push(`${r.url()} (from ${page.url()})`);
  });
  const violations = [];
  const overflowing = [];
  for (const path of pages) {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(server.url + path);
    await page.addScriptTag({ path: axePath });
    const result = await page.evaluate(async () =>
      // eslint-disable-next-line no-undef
      (await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] } })).violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
      })),
    );
    for (const v of result) violations.push(`${path}: ${v.id} (${v.impact}) at ${v.targets.join(", ")}`);
    await page.setViewportSize({ width: 320, height: 800 });
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (wide > 0) overflowing.push(`${path}: ${wide}px too wide at 320 px`);
  }
  await context.close();

  // Dark mode and increased contrast, on one page of each kind in a left-to-right and a
  // right-to-left language.
  const sample = ["/de/", "/de/districts/scharnhorst/", "/ar/offices/eving-scharnhorst/", "/ar/partners/", "/fa/districts/brackel/", "/de/accessibility/"];
  for (const [scheme, contrast] of [["dark", "no-preference"], ["light", "more"], ["dark", "more"]]) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: scheme, contrast, bypassCSP: true });
    const p = await ctx.newPage();
    for (const path of sample) {
      await p.goto(server.url + path);
      await p.addScriptTag({ path: axePath });
      const result = await p.evaluate(async () =>
        // eslint-disable-next-line no-undef
        (await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] } })).violations.map((v) => `${v.id} at ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`),
      );
      for (const v of result) violations.push(`${path} (${scheme}, contrast ${contrast}): ${v}`);
    }
    await ctx.close();
  }
  console.log(`checked ${pages.length} pages: ${violations.length} axe violations, ${overflowing.length} overflowing at 320 px`);
  assert.deepEqual(foreign, [], "requests left the site");
  assert.deepEqual(overflowing, [], "horizontal scrolling at 320 px");
  assert.deepEqual(violations, [], "axe-core violations");
});
