// The README's screenshots, made from the default site as it is built now: the Arabic office
// page on a 375 px phone, the Arabic–German leaflet of Scharnhorst as printed on A4, and the
// Arabic–German checklist of the default journey for Scharnhorst as printed. They
// are written to docs/screenshots/ on every run (same date, same clock, so the same pixels
// unless the pages changed); a changed picture shows up in `git status` beside the change.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { buildSite, launch, repo, serve } from "./helpers.mjs";

const folder = join(repo, "docs/screenshots");
let browser, server;
before(async () => {
  server = await serve(buildSite({ today: "2026-11-24" }));
  browser = await launch();
  mkdirSync(folder, { recursive: true });
});
after(async () => {
  await browser?.close();
  server?.close();
});

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(path) {
  const data = readFileSync(path);
  assert.equal(data.subarray(1, 4).toString("latin1"), "PNG", `${path} is not a PNG`);
  return [data.readUInt32BE(16), data.readUInt32BE(20)];
}

test("the Arabic office page on a phone", async () => {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, timezoneId: "Europe/Berlin" });
  const page = await context.newPage();
  // Thursday morning: the Lanstrop hour is open, so the open-now line shows.
  await page.clock.setFixedTime(new Date("2026-11-26T09:00:00+01:00"));
  await page.goto(`${server.url}/ar/offices/eving-scharnhorst/`);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 375, "no sideways scroll");
  const path = join(folder, "office-ar-phone.png");
  await page.screenshot({ path });
  assert.deepEqual(pngSize(path), [750, 1624]);
  await context.close();
});

test("the Arabic–German leaflet, printed", async () => {
  // A4 less the 12 mm margins at 96 px per inch, the print layout.
  const context = await browser.newContext({ viewport: { width: 703, height: 1028 }, deviceScaleFactor: 1.5 });
  const page = await context.newPage();
  await page.emulateMedia({ media: "print" });
  await page.goto(`${server.url}/ar/leaflets/scharnhorst/`);
  assert.ok(await page.locator(".leaflet-strips").isVisible(), "the tear-off strips are printed");
  const path = join(folder, "leaflet-ar-de.png");
  await page.screenshot({ path, fullPage: true });
  const [width, height] = pngSize(path);
  assert.equal(width, 1055);
  assert.ok(height <= 1542 + 2, `the leaflet is ${height / 1.5} px tall, more than one page`);
  await context.close();
});

test("the Arabic–German checklist of the journey, printed", async () => {
  const context = await browser.newContext({ viewport: { width: 703, height: 1028 }, deviceScaleFactor: 1.5 });
  const page = await context.newPage();
  await page.emulateMedia({ media: "print" });
  await page.goto(`${server.url}/ar/journeys/eigene-wohnung/scharnhorst/checklist/`);
  const path = join(folder, "checklist-ar-de.png");
  await page.screenshot({ path, fullPage: true });
  const [width, height] = pngSize(path);
  assert.equal(width, 1055);
  assert.ok(height <= 2 * 1542 + 2, `the checklist is ${height / 1.5} px tall, more than two pages`);
  await context.close();
});
