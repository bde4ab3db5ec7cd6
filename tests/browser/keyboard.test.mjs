// Keyboard use in a real browser: the skip link comes first and is visible when focused, every
// focused element shows a focus outline, the language switcher is reachable with Tab and leads
// to the same page in the chosen language.
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

async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return { text: el.textContent.trim(), href: el.getAttribute("href"), outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0, visible: box.width > 0 && box.height > 0 && box.bottom > 0 };
  });
}

test("skip link first, visible focus, switcher by keyboard to the same page", async () => {
  const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
  await page.goto(server.url + "/de/districts/scharnhorst/");
  await page.keyboard.press("Tab");
  const skip = await focused(page);
  assert.equal(skip.text, "Zum Inhalt springen");
  assert.ok(skip.visible && skip.outline, "the skip link must be visible with a focus outline");

  // On a phone the languages are one menu (<details>): Enter on it opens it.
  const seen = [];
  for (let i = 0; i < 14; i++) {
    await page.keyboard.press("Tab");
    const f = await focused(page);
    assert.ok(f.outline, `no visible focus on "${f.text}"`);
    seen.push(f.text);
    if (f.text.endsWith("Sprache/Language")) await page.keyboard.press("Enter");
  }
  for (const endonym of ["Deutsch", "Leichte Sprache", "English", "العربية", "فارسی", "Українська"]) {
    assert.ok(seen.includes(endonym), `switcher entry ${endonym} not reachable: ${seen.join(" | ")}`);
  }
  // Go to Arabic with the keyboard only.
  await page.goto(server.url + "/de/districts/scharnhorst/");
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press("Tab");
    const text = (await focused(page)).text;
    if (text.endsWith("Sprache/Language")) await page.keyboard.press("Enter");
    if (text === "العربية") break;
  }
  await Promise.all([page.waitForURL(/\/ar\/districts\/scharnhorst\//), page.keyboard.press("Enter")]);
  assert.equal(await page.getAttribute("html", "dir"), "rtl");
  assert.equal(await page.getAttribute("html", "lang"), "ar");

  // The skip link moves the keyboard into the main content.
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  const inMain = await page.evaluate(() => document.querySelector("main").contains(document.activeElement));
  assert.ok(inMain, "after the skip link, Tab continues inside <main>");
  await page.close();
});
