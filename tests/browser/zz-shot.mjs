import { launch, serve } from "./helpers.mjs";
const server = await serve(process.argv[2]);
const browser = await launch();
const shots = [
  ["ar/offices/eving-scharnhorst/show/", 375, "s-ar-phone", false], ["tr/partners/kitas-lanstrop/show/", 375, "s-tr-phone", false], ["fa/offices/nordstadt/show/", 1280, "s-fa-wide", false],
  ["de/journeys/eigene-wohnung/", 1280, "j-de-wide", false],
  ["ar/journeys/eigene-wohnung/scharnhorst/checklist/", 375, "c-ar-phone", false],
  ["fa/journeys/eigene-wohnung/scharnhorst/checklist/", 1280, "c-fa-wide", false],
  ["de/", 375, "home-de-phone", false],
];
for (const [path, width, name, open] of shots) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  await page.goto(`${server.url}/${path}`);
  if (open) await page.evaluate(() => document.querySelectorAll("details").forEach((d, i) => { if (i < 2) d.open = true; }));
  await page.screenshot({ path: `/tmp/${name}.png`, fullPage: true });
  console.log(name, await page.evaluate(() => document.documentElement.scrollWidth));
  await page.close();
}
const page = await browser.newPage();
await page.goto(`${server.url}/ar/journeys/eigene-wohnung/scharnhorst/checklist/`);
await page.pdf({ path: "/tmp/c-ar.pdf", format: "A4", printBackground: true, preferCSSPageSize: true });
await page.emulateMedia({ media: "print" });
await page.setViewportSize({ width: 794, height: 1123 });
await page.screenshot({ path: "/tmp/c-ar-print.png", fullPage: true });
await browser.close();
server.close();
