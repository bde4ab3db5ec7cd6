// Offline after the first visit (service worker, over HTTP): visited pages and the search of
// that language work with the network gone. From file:// nothing breaks (no worker there).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { buildSite, launch, serve } from "./helpers.mjs";

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

test("visited pages and the search work offline after one visit", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/de/districts/scharnhorst/`);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.goto(`${server.url}/de/search/`);
  await page.waitForSelector("#offline-note:not([hidden])", { timeout: 20000 });
  await page.goto(`${server.url}/de/districts/scharnhorst/`);
  await context.setOffline(true);
  await page.reload();
  assert.ok((await page.textContent("h1")).includes("Scharnhorst"));
  await page.goto(`${server.url}/de/search/?q=Nadlerweg`);
  await page.waitForFunction(() => document.getElementById("search-status").textContent.trim() !== "");
  const first = await page.$eval("#search-results li a", (a) => a.getAttribute("href"));
  assert.match(first, /offices\/eving-scharnhorst/);
  await context.close();
});

test("from file:// the search works and no worker is registered", async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`file://${site}/uk/search/index.html?q=${encodeURIComponent("Шарнгорст")}`);
  await page.waitForFunction(() => document.getElementById("search-status").textContent.trim() !== "");
  assert.ok((await page.$$("#search-results li")).length > 0);
  assert.equal(await page.isHidden("#offline-note"), true);
  assert.deepEqual(errors, []);
  await page.close();
});
