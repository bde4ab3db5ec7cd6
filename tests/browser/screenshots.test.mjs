// The README's screenshots, made from the default site as it is built now: the Arabic office
// page on a 375 px phone, the Arabic–German leaflet of Scharnhorst as printed on A4, the
// Arabic–German checklist of the default journey for Scharnhorst as printed, and on a phone the
// Arabic view to show at the counter, who advises in German on the Persian site, and the page of
// an outdated printed leaflet. They
// are written to docs/screenshots/ on every run (same date, same clock, so the same pixels
// unless the pages changed); a changed picture shows up in `git status` beside the change.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { binary, buildSite, launch, repo, serve } from "./helpers.mjs";

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

/** A phone screenshot of `url` (375 px wide; the whole page, or the first screen), written to
 * docs/screenshots/. */
async function phoneShot(url, name, fullPage = true) {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, timezoneId: "Europe/Berlin" });
  const page = await context.newPage();
  await page.clock.setFixedTime(new Date("2026-11-26T09:00:00+01:00"));
  await page.goto(url);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 375, "no sideways scroll");
  const path = join(folder, name);
  await page.screenshot({ path, fullPage });
  assert.equal(pngSize(path)[0], 750);
  await context.close();
}

test("the Arabic view to show at the counter, on a phone", async () => {
  await phoneShot(`${server.url}/ar/offices/eving-scharnhorst/show/`, "show-ar-phone.png");
});

test("who advises in German, on the Persian site, on a phone", async () => {
  await phoneShot(`${server.url}/fa/languages/de/`, "languages-fa-phone.png", false);
});

test("an outdated printed leaflet's page, in Ukrainian, on a phone", async () => {
  // Print Scharnhorst's leaflet (recorded in a copy of the site), change the Lanstrop hours,
  // build again: the printed QR code's page says what changed.
  const dir = mkdtempSync(join(tmpdir(), "quartier-shot-"));
  const site = join(dir, "site");
  for (const part of ["content", "site-config.yaml"]) cpSync(join(repo, part), join(site, part), { recursive: true });
  const build = (...args) => execFileSync(binary, ["build", "--root", site, "--out", join(dir, "public"), ...args], { stdio: "pipe" });
  build("--today", "2026-11-24", "--pdf", "--pdf-districts", "scharnhorst", "--pdf-languages", "uk");
  const version = readdirSync(join(site, "content/printed-leaflets/scharnhorst"))[0].replace(".yaml", "");
  const hours = join(site, "content/opening-hours/eving-scharnhorst.yaml");
  writeFileSync(hours, readFileSync(hours, "utf8").replace('"Th 08:30-11:30; PH off"', '"Th 09:00-12:00; PH off"'));
  build("--today", "2026-12-01");
  const later = await serve(join(dir, "public"));
  await phoneShot(`${later.url}/uk/leaflets/scharnhorst/v/${version}/`, "leaflet-outdated-uk-phone.png");
  later.close();
});
