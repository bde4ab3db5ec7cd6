// Journeys in the step-by-step pattern and their checklists, on the default site in
// Chromium: every language has the journey with its numbered steps ("or" for the step that
// goes with the one before), steps open without JavaScript, a district's version names its
// office and partners, the checklist puts the reader's language beside German with the right
// `lang` and `dir` on each half, and on a 375 px phone nothing scrolls sideways.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { buildSite, launch, serve } from "./helpers.mjs";

const journey = "eigene-wohnung";
let browser, server;
before(async () => {
  server = await serve(buildSite({ today: "2026-11-24" }));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.close();
});

test("in every language: six steps, numbered 1–5 and an 'or', in the reader's language where translated", async () => {
  const page = await browser.newPage();
  const titles = { de: "Wohnung anmelden", en: "Register your address", ar: "تسجيل السكن", fa: "ثبت نشانی", uk: "Зареєструвати адресу", ru: "Зарегистрировать адрес", tr: "Adresinizi kaydettirin" };
  for (const lang of ["de", "de-simple", "en", "ar", "fa", "uk", "ru", "tr"]) {
    await page.goto(`${server.url}/${lang}/journeys/${journey}/`);
    const steps = await page.$$eval(".steps > li", (items) =>
      items.map((li) => ({ marker: li.querySelector(".step-marker").textContent.trim(), title: li.querySelector("summary h2").textContent, lang: li.querySelector(".prose").lang })),
    );
    assert.equal(steps.length, 6, lang);
    assert.deepEqual(steps.slice(0, 5).map((s) => s.marker), ["1", "2", "3", "4", "5"], lang);
    assert.notEqual(steps[5].marker, "6", `${lang}: the school step goes with the Kita step`);
    // Leichte Sprache has no translation yet: the German steps, marked German.
    const expected = titles[lang] ?? titles.de;
    assert.ok(steps[0].title.includes(expected), `${lang}: ${steps[0].title}`);
    assert.equal(steps[0].lang, lang === "de-simple" ? "de" : lang, `${lang}: the step text's language`);
    // The districts to choose from link to the journey's version for each.
    const choices = await page.$$eval(".choice-list a", (links) => links.map((a) => a.getAttribute("href")));
    assert.equal(choices.length, 12, lang);
  }
  await page.close();
});

test("a step opens without JavaScript and names the district's office and partners", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${server.url}/de/journeys/${journey}/scharnhorst/`);
  const kita = page.locator("#step-kita");
  assert.equal(await kita.locator(".step-body").isVisible(), false, "closed at first");
  await kita.locator("summary").click();
  assert.equal(await kita.locator(".step-body").isVisible(), true, "opens on a click, without script");
  const help = await kita.locator(".step-help").innerText();
  assert.match(help, /lokal willkommen Eving\/Scharnhorst/);
  assert.match(help, /Kita/, "the Kitas of Scharnhorst (partner category kita)");
  const bring = await kita.locator(".bring li").allInnerTexts();
  assert.ok(bring.some((b) => b.includes("Masern")), bring.join(" | "));
  // The office card with its hours, and the checklist link.
  assert.equal(await page.locator(".office-card").count(), 1);
  const checklist = await page.locator(".journey-checklist-link a").evaluate((a) => new URL(a.href).pathname);
  assert.equal(checklist, `/de/journeys/${journey}/scharnhorst/checklist/index.html`);
  await context.close();
});

test("home, district and office pages link the journey", async () => {
  const page = await browser.newPage();
  for (const [path, target] of [
    ["/ar/", `/ar/journeys/${journey}/`],
    ["/ar/districts/eving/", `/ar/journeys/${journey}/eving/`],
    ["/tr/offices/eving-scharnhorst/", `/tr/journeys/${journey}/scharnhorst/`],
  ]) {
    await page.goto(server.url + path);
    const hrefs = await page.$$eval(".journeys a", (links) => links.map((a) => new URL(a.href).pathname.replace(/index\.html$/, "")));
    assert.ok(hrefs.includes(target), `${path}: ${hrefs.join(", ")}`);
  }
  await page.close();
});

for (const lang of ["ar", "fa", "uk", "tr"]) {
  test(`${lang} checklist at 375 px: the reader's language beside German, boxes to tick, no sideways scroll`, async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 812 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/${lang}/journeys/${journey}/scharnhorst/checklist/`);
    const m = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      dir: document.documentElement.dir,
      german: [...document.querySelectorAll(".pair-de")].map((e) => [e.lang, e.dir]),
      boxes: [...document.querySelectorAll(".ticks input[type=checkbox]")].map((b) => {
        const r = b.getBoundingClientRect();
        return [r.width, r.height, !!document.querySelector(`label[for="${b.id}"]`)];
      }),
      steps: document.querySelectorAll(".checklist-step").length,
      qr: document.querySelector(".qr svg").getAttribute("aria-label"),
    }));
    assert.equal(m.scroll, 375, "no sideways scroll");
    assert.equal(m.dir, ["ar", "fa"].includes(lang) ? "rtl" : "ltr");
    assert.ok(m.german.length >= 20, `${m.german.length} German halves`);
    for (const [l, d] of m.german) assert.deepEqual([l, d], ["de", "ltr"]);
    assert.equal(m.steps, 6);
    assert.equal(m.boxes.length, 13, "one box per thing to bring");
    for (const [w, h, labelled] of m.boxes) {
      assert.ok(w >= 22 && h >= 22, `box ${w}×${h} px`);
      assert.ok(labelled, "each box has its label");
    }
    assert.equal(m.qr, `QR: https://lokal-willkommen.example/${lang}/journeys/${journey}/scharnhorst/`);
    // Ticking works by tapping the text.
    await page.locator(".ticks label").first().click();
    assert.equal(await page.locator(".ticks input").first().isChecked(), true);
    await context.close();
  });
}
