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
  const status = page.locator('[data-hours-for="eving-scharnhorst/lanstrop"]').first();
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

test("the district page and the view to show load the same open-now data as the office page", async () => {
  for (const path of ["/de/districts/scharnhorst/", "/de/offices/eving-scharnhorst/show/"]) {
    assert.equal(await statusAt(path, "2026-11-26T08:30:00+01:00"), "Jetzt geöffnet · schließt um 11:30 Uhr", path);
    assert.equal(await statusAt(path, "2026-11-26T11:30:00+01:00"), "Jetzt geschlossen · öffnet Donnerstag, 3. Dezember, um 08:30 Uhr", path);
  }
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

test("once the precomputed data has run out, or before it starts, it says how old the hours are", async () => {
  const stale = "Sprechzeiten mit Stand vom Dienstag, 24. November – bitte vorher anrufen";
  assert.equal(await statusAt(office, "2027-04-01T09:00:00+02:00"), stale);
  assert.equal(await statusAt(office, "2026-11-01T09:00:00+01:00"), stale);
});

// The hard rule sets of tests/hours_forms.rs, built into the minimal fixture.
const hard = {
  "content/offices/nord-buero.yaml": `name: {de: Büro Nord}
status: active
districts: [nord]
languages: [de]
contact: {phone: "0123 456789"}
locations:
${["main", "aussen", "fallback", "unknown", "school", "night"].map((id, i) => `  - id: ${id}
    kind: ${i === 0 ? "main" : "outpost"}
    name: {de: Ort ${id}}
    address: {street: Teststraße ${i + 1}, postcode: "12345", city: Teststadt}
`).join("")}`,
  "content/opening-hours/nord-buero.yaml": `locations:
  main:
    hours: 'Fr 22:00-26:00; PH off'
    languages: [de]
    closures:
      - {from: 2027-02-05, to: 2027-02-05, reason: {de: Fortbildung}}
  aussen:
    hours: 'Tu 09:00-16:00; PH off'
    slots:
      - {when: 'Tu 13:00-16:00', mode: appointment}
  fallback:
    hours: 'Mo-Fr 09:00-12:00; PH off || "nach Vereinbarung"'
  unknown:
    hours: 'unknown'
  school:
    hours: 'Mo-Th 09:00-12:00; SH off; PH off'
  night:
    hours: 'Su 01:00-04:00'
`,
};

test("hard rule sets: past midnight, holidays with their names, slot edges, fallback, unknown, school holidays, clock changes", async () => {
  const site = buildSite({ fixture: "minimal", files: hard, today: "2026-12-20" });
  const local = await serve(site);
  const context = await browser.newContext({ timezoneId: "Europe/Berlin" });
  const page = await context.newPage();
  async function at(id, iso) {
    await page.clock.setFixedTime(new Date(iso));
    await page.goto(local.url + "/de/offices/nord-buero/");
    const status = page.locator(`[data-hours-for="nord-buero/${id}"]`).first();
    return (await status.evaluate((el) => el.hidden)) ? null : (await status.textContent()).trim();
  }
  try {
    // Friday 22:00 until Saturday 02:00, ±1 minute.
    assert.equal(await at("main", "2027-01-08T21:59:00+01:00"), "Jetzt geschlossen · öffnet Freitag, 8. Januar, um 22:00 Uhr");
    assert.equal(await at("main", "2027-01-08T22:00:00+01:00"), "Jetzt geöffnet · schließt um 02:00 Uhr");
    assert.equal(await at("main", "2027-01-09T01:59:00+01:00"), "Jetzt geöffnet · schließt um 02:00 Uhr");
    assert.equal(await at("main", "2027-01-09T02:00:00+01:00"), "Jetzt geschlossen · öffnet Freitag, 15. Januar, um 22:00 Uhr");
    // Christmas Day is a Friday: no session that night, also not after midnight; the reason is
    // named. New Year's Day is the next Friday, so the next session is on 8 January.
    assert.equal(await at("main", "2026-12-25T23:00:00+01:00"), "Heute geschlossen (1. Weihnachtstag) · öffnet Freitag, 8. Januar, um 22:00 Uhr");
    assert.equal(await at("main", "2026-12-26T01:00:00+01:00"), "Jetzt geschlossen · öffnet Freitag, 8. Januar, um 22:00 Uhr");
    // The closure names its reason.
    assert.equal(await at("main", "2027-02-05T21:00:00+01:00"), "Heute geschlossen (Fortbildung) · öffnet Freitag, 12. Februar, um 22:00 Uhr");
    // Slot edge: walk-in until 13:00, then by appointment until 16:00 — open throughout.
    assert.equal(await at("aussen", "2027-01-12T12:59:00+01:00"), "Jetzt geöffnet · schließt um 13:00 Uhr");
    assert.equal(await at("aussen", "2027-01-12T13:00:00+01:00"), "Jetzt geöffnet · schließt um 16:00 Uhr");
    assert.equal(await at("aussen", "2027-01-12T16:00:00+01:00"), "Jetzt geschlossen · öffnet Dienstag, 19. Januar, um 09:00 Uhr");
    // A fallback comment is never "open".
    assert.equal(await at("fallback", "2027-01-09T10:00:00+01:00"), "nach Vereinbarung · bitte vorher anrufen");
    assert.equal(await at("fallback", "2027-01-11T10:00:00+01:00"), "Jetzt geöffnet · schließt um 12:00 Uhr");
    assert.equal(await at("unknown", "2027-01-11T10:00:00+01:00"), "Zeiten nicht bekannt · bitte vorher anrufen");
    // School holidays (Weihnachtsferien until 6 January).
    assert.equal(await at("school", "2027-01-04T10:00:00+01:00"), "Heute geschlossen (Weihnachtsferien) · öffnet Donnerstag, 7. Januar, um 09:00 Uhr");
    // The night summer time starts (28 March 2027): 01:00-04:00 local is open at 03:30 CEST, closed at 04:00 CEST.
    assert.equal(await at("night", "2027-03-28T01:30:00Z"), "Jetzt geöffnet · schließt um 04:00 Uhr");
    assert.equal(await at("night", "2027-03-28T02:00:00Z"), "Jetzt geschlossen · öffnet Sonntag, 4. April, um 01:00 Uhr");
    // The night winter time starts (31 October 2027 is outside the 120 days): the data says how old it is.
    assert.equal(await at("night", "2027-10-31T01:30:00Z"), "Sprechzeiten mit Stand vom Sonntag, 20. Dezember – bitte vorher anrufen");
  } finally {
    await context.close();
    local.close();
  }
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
    assert.equal((await page.locator('[data-hours-for="eving-scharnhorst/lanstrop"]').textContent()).trim(), "Jetzt geöffnet · schließt um 11:30 Uhr");
    await page.clock.setFixedTime(new Date("2027-04-01T06:29:00Z"));
    await page.reload();
    assert.match(await page.locator('[data-hours-for="eving-scharnhorst/lanstrop"]').textContent(), /öffnet Donnerstag, 1\. April, um 08:30 Uhr/);
    // Fronleichnam, Thursday 27 May 2027: closed, and it says why; next Thursday 3 June.
    await page.clock.setFixedTime(new Date("2027-05-27T09:00:00+02:00"));
    await page.reload();
    assert.equal((await page.locator('[data-hours-for="eving-scharnhorst/lanstrop"]').textContent()).trim(), "Heute geschlossen (Fronleichnam) · öffnet Donnerstag, 3. Juni, um 08:30 Uhr");
    await context.close();
  } finally {
    local.close();
  }
});
