// The site on a phone: a compact header with a language menu that works without JavaScript, the
// office hours readable without sideways scrolling, addresses that stay in order in Arabic.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { buildSite, launch, serve } from "./helpers.mjs";

let browser, server;
before(async () => {
  server = await serve(buildSite({ today: "2026-11-24" }));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.close();
});

async function open(path, width, options = {}) {
  const context = await browser.newContext({ viewport: { width, height: 800 }, javaScriptEnabled: options.js ?? true });
  const page = await context.newPage();
  await page.goto(server.url + path);
  return { page, context };
}

// A bound chosen from the measured 157–215 px (ar, de, uk at 375 px): under 30 % of an 800 px
// screen (it was about a third before the language menu).
const HEADER_BOUND = 230;

for (const lang of ["de", "ar", "uk"]) {
  test(`${lang}: at 375 px the header stays under ${HEADER_BOUND} px and the language menu works without JavaScript`, async () => {
    const { page, context } = await open(`/${lang}/offices/eving-scharnhorst/`, 375, { js: false });
    const height = await page.evaluate(() => document.querySelector(".site-header").getBoundingClientRect().height);
    assert.ok(height < HEADER_BOUND, `header is ${height} px`);
    const menu = page.locator(".languages-menu");
    assert.ok(await menu.isVisible());
    // The reader's own language and "Sprache/Language" are visible at once.
    const summary = await menu.locator("summary").textContent();
    assert.match(summary, /Sprache\/Language/);
    assert.ok(!(await menu.locator("a[hreflang=ar]").isVisible()));
    await menu.locator("summary").click();
    assert.ok(await menu.locator("a[hreflang=ar]").isVisible());
    await context.close();
  });
}

test("at 1280 px the languages are one row and the menu is hidden", async () => {
  const { page, context } = await open("/de/offices/eving-scharnhorst/", 1280);
  assert.ok(await page.locator(".languages-wide a[hreflang=fa]").isVisible());
  assert.ok(!(await page.locator(".languages-menu").isVisible()));
  assert.ok(await page.locator("table.hours").first().isVisible());
  await context.close();
});

for (const width of [320, 375]) {
  test(`Arabic office page at ${width} px: no sideways scroll, the open days as a list, closed days in one line`, async () => {
    const { page, context } = await open("/ar/offices/eving-scharnhorst/", width);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0);
    assert.ok(!(await page.locator("table.hours").first().isVisible()));
    const list = page.locator(".hours-list").filter({ hasText: "08:30" });
    assert.ok(await list.isVisible());
    assert.match(await list.textContent(), /08:30–11:30/);
    // Six closed weekdays in one line, with the Arabic comma.
    assert.match(await list.locator(".closed-days").textContent(), /الاثنين، الثلاثاء/);
    await context.close();
  });
}

test("an address in an Arabic leaflet reads street, postcode, city from left to right", async () => {
  const { page, context } = await open("/ar/leaflets/scharnhorst/", 1280);
  const x = await page.evaluate(() => {
    const line = [...document.querySelectorAll(".address-line")].find((el) => el.textContent.includes("Nadlerweg"));
    const left = (word) => {
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      let node = walker.nextNode();
      while (node && !node.textContent.includes(word)) node = walker.nextNode();
      const range = document.createRange();
      const start = node.textContent.indexOf(word);
      range.setStart(node, start);
      range.setEnd(node, start + word.length);
      return range.getBoundingClientRect().left;
    };
    return { street: left("Nadlerweg"), city: left("Dortmund") };
  });
  assert.ok(x.street < x.city, `street at ${x.street}, city at ${x.city}`);
  await context.close();
});
