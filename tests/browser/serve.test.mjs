// `quartier serve` with a real browser page open: an edit reloads the page at the same scroll
// position; a broken YAML file shows the error on the page over the last good version; the fix
// clears it.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { binary, launch, repo } from "./helpers.mjs";

const freePort = () => new Promise((ok) => { const s = createServer().listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => ok(p)); }); });

let browser, server, site, port;
before(async () => {
  site = mkdtempSync(join(tmpdir(), "quartier-serve-"));
  cpSync(join(repo, "tests/fixtures/valid/minimal/site"), site, { recursive: true });
  cpSync(join(repo, "themes"), join(site, "themes"), { recursive: true });
  // A long guide, so there is something to scroll.
  const guide = join(site, "content/districts/nord/guide.de.md");
  writeFileSync(guide, readFileSync(guide, "utf8") + "\n" + Array.from({ length: 80 }, (_, i) => `Absatz ${i} mit Text.\n`).join("\n"));
  port = await freePort();
  server = spawn(binary, ["serve", "--today", "2026-11-24", "--root", site, "--port", String(port)], { stdio: "ignore" });
  for (let i = 0; i < 200; i++) {
    try { await fetch(`http://127.0.0.1:${port}/de/`); break; } catch { await new Promise((r) => setTimeout(r, 50)); }
  }
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.kill();
});

test("edit → reload at the same place; broken YAML → overlay; fix → recovered", async () => {
  const page = await browser.newPage({ viewport: { width: 375, height: 700 } });
  await page.goto(`http://127.0.0.1:${port}/de/districts/nord/`);
  await page.evaluate(() => window.scrollTo(0, 900));
  await page.waitForFunction(() => window.scrollY >= 899);

  const guide = join(site, "content/districts/nord/guide.de.md");
  writeFileSync(guide, readFileSync(guide, "utf8").replace("Gelbe Tonne", "Blaue Tonne"));
  await page.waitForFunction(() => document.body.textContent.includes("Blaue Tonne"), null, { timeout: 20000 });
  await page.waitForFunction(() => window.scrollY >= 899, null, { timeout: 5000 });

  const district = join(site, "content/districts/nord/district.yaml");
  const good = readFileSync(district, "utf8");
  writeFileSync(district, good.replace("office: nord-buero", "office: sued-buero"));
  const overlay = page.locator("#quartier-error");
  await overlay.waitFor({ timeout: 20000 });
  assert.match(await overlay.textContent(), /content\/districts\/nord\/district\.yaml:6:1: error: unknown office `sued-buero`/);
  assert.match(await overlay.textContent(), /help: use the file name/);
  assert.ok((await page.textContent("main")).includes("Blaue Tonne"), "the last good version stays");

  writeFileSync(district, good);
  await overlay.waitFor({ state: "detached", timeout: 20000 });
  assert.ok((await page.textContent("main")).includes("Blaue Tonne"));
  await page.close();
});
