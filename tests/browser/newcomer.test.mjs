// Two things for a newcomer's week, in Chromium: the view to show at a counter (the reader's
// language and German, large type, one printed page, kept for offline use once the office page
// was visited) and the page of who advises in the reader's language (grouped by district, the
// district's own office first, a district filter with and without JavaScript).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { binary, buildSite, launch, repo, serve } from "./helpers.mjs";

let browser, server, farsi;
before(async () => {
  server = await serve(buildSite({ today: "2026-11-24" }));
  // The default content records German only; this copy has a Persian hour in Lanstrop and a
  // partner in the Innenstadt who speaks Persian and Arabic.
  const dir = mkdtempSync(join(tmpdir(), "quartier-farsi-"));
  const site = join(dir, "site");
  for (const part of ["content", "site-config.yaml"]) cpSync(join(repo, part), join(site, part), { recursive: true });
  const hours = join(site, "content/opening-hours/eving-scharnhorst.yaml");
  writeFileSync(hours, readFileSync(hours, "utf8") + '    slots:\n      - when: "Th 10:00-11:30"\n        languages: [fa, de]\n');
  const partner = join(site, "content/partners/projekt-ankommen.yaml");
  writeFileSync(partner, readFileSync(partner, "utf8") + "languages: [fa, ar]\n");
  execFileSync(binary, ["build", "--today", "2026-11-24", "--root", site, "--out", join(dir, "public")], { stdio: "pipe" });
  farsi = await serve(join(dir, "public"));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.close();
  farsi?.close();
});

for (const lang of ["ar", "fa", "uk", "tr"]) {
  test(`${lang}: the view to show at the counter at 375 px — both languages, German second, large type`, async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 812 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/${lang}/offices/eving-scharnhorst/`);
    await page.locator(".show-link a").first().click();
    await page.waitForURL(new RegExp(`/${lang}/offices/eving-scharnhorst/show/`));
    await page.waitForLoadState("load");
    const m = await page.evaluate(() => {
      const own = document.querySelector("h1 .pair-own");
      const de = document.querySelector("h1 .pair-de");
      const body = [...document.querySelectorAll("main p, main li")].filter((e) => e.getClientRects().length && e.textContent.trim());
      return {
        scroll: document.documentElement.scrollWidth,
        dir: document.documentElement.dir,
        own: own.textContent,
        de: [de.lang, de.dir, de.textContent],
        germanBelow: de.getBoundingClientRect().top > own.getBoundingClientRect().bottom - 1,
        smallestPx: Math.min(...body.filter((e) => !e.closest(".show-back, .site-header, .site-footer")).map((e) => parseFloat(getComputedStyle(e).fontSize))),
        halves: [...document.querySelectorAll(".pair-de")].map((e) => `${e.lang}/${e.dir}`),
        address: document.querySelector(".show-address bdi")?.textContent,
      };
    });
    assert.equal(m.scroll, 375, "no sideways scroll");
    assert.equal(m.dir, ["ar", "fa"].includes(lang) ? "rtl" : "ltr");
    assert.deepEqual(m.de, ["de", "ltr", "lokal willkommen Eving/Scharnhorst"]);
    assert.ok(m.germanBelow, "German comes second, below, on a phone");
    assert.ok(m.smallestPx >= 20, `smallest text ${m.smallestPx} px`);
    assert.ok(m.halves.length >= 4 && m.halves.every((h) => h === "de/ltr"), m.halves.join(" "));
    assert.match(m.address ?? "", /Nadlerweg 1, Dortmund|PLATZHALTER/);
    // One printed page.
    const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true });
    const pagesPrinted = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    assert.equal(pagesPrinted, 1, `${pagesPrinted} printed pages`);
    await context.close();
  });
}

test("district pages and partner entries link their view; a partner's view names the partner in both languages", async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/ar/districts/scharnhorst/`);
  assert.ok((await page.locator(".office-card .show-link a").count()) === 1, "the office card links the office's view");
  const partnerLinks = await page.locator(".partner .show-link a").count();
  assert.ok(partnerLinks >= 3, `${partnerLinks} partner views linked`);
  await page.locator(".partner .show-link a").first().click();
  await page.waitForURL(/\/ar\/partners\/[a-z-]+\/show\//);
  await page.waitForLoadState("load");
  assert.equal(await page.locator("h1 .pair-de").getAttribute("lang"), "de");
  await page.close();
});

test("the view is kept for offline use as soon as the office page was visited", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/uk/offices/nordstadt/`);
  await page.evaluate(() => navigator.serviceWorker.ready);
  // The link, as the page writes it (relative, to …/index.html, so it also works from file://).
  const view = await page.locator(".show-link a").first().evaluate((a) => a.href);
  await page.waitForFunction(async (url) => !!(await caches.match(url)), view, { timeout: 10000 });
  await context.setOffline(true);
  await page.locator(".show-link a").first().click();
  await page.waitForURL(view);
  assert.match(await page.locator("h1").innerText(), /Nordstadt/);
  await context.close();
});

test("who advises in Persian: from the Persian home page in two taps, grouped by district, own office first", async () => {
  const page = await browser.newPage();
  await page.goto(`${farsi.url}/fa/`);
  await page.locator(".advice-languages a").first().click();
  await page.waitForURL(/\/fa\/languages\/fa\//);
  await page.waitForLoadState("load");
  assert.equal(await page.locator("h1").innerText(), "مشاوره به زبان فارسی");
  const groups = await page.$$eval(".language-district", (sections) =>
    sections.map((s) => ({
      id: s.id,
      offices: [...s.querySelectorAll(".card:not(.partner) h3")].map((h) => h.textContent.trim()),
      slots: [...s.querySelectorAll(".hours-summary li")].map((li) => li.textContent.trim()),
      partners: [...s.querySelectorAll(".card.partner h3 a")].map((a) => a.textContent.trim()),
    })),
  );
  const byId = Object.fromEntries(groups.map((g) => [g.id, g]));
  // The office of Eving and Scharnhorst, with only its Persian session, under both districts.
  for (const d of ["district-eving", "district-scharnhorst"]) {
    assert.match(byId[d].offices[0], /lokal willkommen Eving\/Scharnhorst/);
    assert.match(byId[d].offices[0], /دفتر شما/, "marked as the district's own office");
    assert.deepEqual(byId[d].slots, ["پنجشنبه: 10:00–11:30"]);
  }
  // The partner under each of its three districts, and nowhere else.
  const withPartner = groups.filter((g) => g.partners.includes("Projekt Ankommen e.V.")).map((g) => g.id).sort();
  assert.deepEqual(withPartner, ["district-innenstadt-nord", "district-innenstadt-ost", "district-innenstadt-west"]);
  assert.equal(groups.length, 5);
  // Second tap: the reader's district (with JavaScript, a choice).
  await page.selectOption("#district-filter", "district-scharnhorst");
  const visible = await page.$$eval(".language-district", (s) => s.filter((e) => !e.hidden).map((e) => e.id));
  assert.deepEqual(visible, ["district-scharnhorst"]);
  await page.close();
});

test("without JavaScript the district filter is a list of anchors; a language nobody speaks yet says so", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${farsi.url}/uk/languages/fa/`);
  const anchors = await page.$$eval(".district-filter a", (a) => a.map((x) => x.getAttribute("href")));
  assert.equal(anchors.length, 5);
  await page.locator(".district-filter a").first().click();
  assert.match(page.url(), /#district-/);
  await page.goto(`${server.url}/de/languages/ti/`);
  assert.equal(await page.locator(".language-district").count(), 0);
  assert.match(await page.locator(".notice").innerText(), /Noch ist hier kein Büro/);
  // Every spoken language is reachable from the language chooser, named in itself.
  await page.goto(`${server.url}/`);
  const advice = await page.$$eval(".advice-choice a", (a) => a.map((x) => [x.lang, new URL(x.href).pathname]));
  assert.equal(advice.length, 12);
  assert.ok(advice.some(([lang, path]) => lang === "fa" && path.startsWith("/fa/languages/fa/")));
  assert.ok(advice.some(([lang, path]) => lang === "ti" && path.startsWith("/de/languages/ti/")));
  await context.close();
});
