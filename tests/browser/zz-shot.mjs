import { launch, serve } from "./helpers.mjs";
const server = await serve(process.argv[2]);
const browser = await launch();
const shots = [
  ["de/offices/nordstadt/show/", 1280, "n-de-show-wide"],
  ["ar/", 375, "n-ar-home-phone"],
  ["de/", 1280, "n-de-home-wide"],
  ["ar/languages/", 375, "n-ar-languages"],
];
for (const [path, width, name] of shots) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  await page.goto(`${server.url}/${path}`);
  await page.screenshot({ path: `/tmp/${name}.png`, fullPage: true });
  console.log(name, await page.evaluate(() => document.documentElement.scrollWidth));
  await page.close();
}
await browser.close();
server.close();
