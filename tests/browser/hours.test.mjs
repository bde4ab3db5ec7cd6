// "Open now" in a real browser with the clock set to chosen instants (Europe/Berlin times).
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

async function statusAt(path, isoInstant) {
  const context = await browser.newContext({ timezoneId: "Europe/Berlin" });
  const page = await context.newPage();
  await page.clock.setFixedTime(new Date(isoInstant));
  await page.goto(server.url + path);
  const status = page.locator('[data-hours-for="hours-lanstrop"]').first();
  const hidden = await status.evaluate((el) => el.hidden);
  const text = hidden ? null : (await status.textContent()).trim();
  await context.close();
  return text;
}

const office = "/de/offices/eving-scharnhorst/";

test("a normal Thursday in Lanstrop: 08:29 closed, 08:30 open, 11:30 closed", async () => {
  assert.equal(await statusAt(office, "2026-11-26T08:29:00+01:00"), "Jetzt geschlossen · öffnet Donnerstag, 26. November, um 08:30 Uhr");
  assert.equal(await statusAt(office, "2026-11-26T08:30:00+01:00"), "Jetzt geöffnet · schließt um 11:30 Uhr");
  assert.equal(await statusAt(office, "2026-11-26T11:29:59+01:00"), "Jetzt geöffnet · schließt um 11:30 Uhr");
  assert.equal(await statusAt(office, "2026-11-26T11:30:00+01:00"), "Jetzt geschlossen · öffnet Donnerstag, 3. Dezember, um 08:30 Uhr");
});

test("Christmas Day is skipped; Thursdays across New Year", async () => {
  // 24 Dec 2026 is a Thursday (open); 31 Dec is a Thursday (open).
  assert.equal(await statusAt(office, "2026-12-24T12:00:00+01:00"), "Jetzt geschlossen · öffnet Donnerstag, 31. Dezember, um 08:30 Uhr");
});

test("the Arabic page says it in Arabic, with the same instants", async () => {
  assert.equal(await statusAt("/ar/offices/eving-scharnhorst/", "2026-11-26T09:00:00+01:00"), "مفتوح الآن · يغلق الساعة 11:30");
});

test("the district page shows the status of its office", async () => {
  assert.equal(await statusAt("/en/districts/scharnhorst/", "2026-11-26T10:00:00+01:00"), "Open now · closes at 11:30");
});

test("no claim at all once the precomputed data has run out, or before it starts", async () => {
  assert.equal(await statusAt(office, "2027-04-01T09:00:00+02:00"), null);
  assert.equal(await statusAt(office, "2026-11-01T09:00:00+01:00"), null);
});

test("Fronleichnam (NRW only) and the summer-time switch", async () => {
  const site = buildSite({ today: "2027-03-20" });
  const local = await serve(site);
  try {
    const context = await browser.newContext({ timezoneId: "Europe/Berlin" });
    const page = await context.newPage();
    // Summer time starts 28 March 2027: Thursday 1 April 08:30 CEST is 06:30 UTC.
    await page.clock.setFixedTime(new Date("2027-04-01T06:30:00Z"));
    await page.goto(local.url + office);
    assert.equal((await page.locator('[data-hours-for="hours-lanstrop"]').textContent()).trim(), "Jetzt geöffnet · schließt um 11:30 Uhr");
    await page.clock.setFixedTime(new Date("2027-04-01T06:29:00Z"));
    await page.reload();
    assert.match(await page.locator('[data-hours-for="hours-lanstrop"]').textContent(), /öffnet Donnerstag, 1\. April, um 08:30 Uhr/);
    // Fronleichnam, Thursday 27 May 2027: closed; next Thursday 3 June.
    await page.clock.setFixedTime(new Date("2027-05-27T09:00:00+02:00"));
    await page.reload();
    assert.equal((await page.locator('[data-hours-for="hours-lanstrop"]').textContent()).trim(), "Jetzt geschlossen · öffnet Donnerstag, 3. Juni, um 08:30 Uhr");
    await context.close();
  } finally {
    local.close();
  }
});
