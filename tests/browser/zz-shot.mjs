import { launch, serve } from "./helpers.mjs";
const s = await serve("/dev/shm/q4");
const b = await launch();
for (const [path, w, name] of [["/de/offices/eving-scharnhorst/", 375, "de-office-375"], ["/ar/offices/eving-scharnhorst/", 375, "ar-office-375"], ["/ar/districts/scharnhorst/", 1280, "ar-district-1280"], ["/uk/offices/eving-scharnhorst/", 320, "uk-office-320"]]) {
  const ctx = await b.newContext({ viewport: { width: w, height: 800 }, timezoneId: "Europe/Berlin" });
  const p = await ctx.newPage();
  await p.clock.setFixedTime(new Date("2026-11-26T10:00:00+01:00"));
  await p.goto(s.url + path);
  const scroll = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  const header = await p.evaluate(() => document.querySelector(".site-header").getBoundingClientRect().height);
  console.log(name, "overflow", scroll, "header", header);
  await p.screenshot({ path: `/tmp/${name}.png`, fullPage: false });
  await ctx.close();
}
await b.close(); s.close();
