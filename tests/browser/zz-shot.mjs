import { buildSite, launch, serve } from "./helpers.mjs";
const files = {
  "content/opening-hours/nord-buero.yaml": `locations:
  main:
    hours: 'Mo-Fr 09:00-12:00; Fr 22:00-26:00; week 1-53/2 Sa 10:00-12:00; SH off; PH off || "nach Vereinbarung"'
    languages: [de, ar]
    slots:
      - {when: 'Tu 09:00-12:00', mode: appointment, languages: [ar]}
    closures:
      - {from: 2027-01-11, to: 2027-01-12, reason: {de: Fortbildung, ar: تدريب}}
  aussen:
    hours: 'unknown'
`};
const site = buildSite({ fixture: "minimal", files, today: "2026-12-20" });
const s = await serve(site);
const b = await launch();
for (const [lang, w] of [["de", 375], ["ar", 375], ["de", 1280], ["ar", 1280]]) {
  const ctx = await b.newContext({ viewport: { width: w, height: 900 }, timezoneId: "Europe/Berlin" });
  const p = await ctx.newPage();
  await p.clock.setFixedTime(new Date("2027-01-04T10:00:00+01:00"));
  await p.goto(s.url + `/${lang}/offices/nord-buero/`);
  const el = p.locator("h3").filter({ hasText: /Sprechzeiten|مواعيد|ساعات/ }).first();
  await el.scrollIntoViewIfNeeded().catch(() => {});
  await p.screenshot({ path: `/tmp/shot-${lang}-${w}.png`, fullPage: true });
  await ctx.close();
}
await b.close(); s.close();
