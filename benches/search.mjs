// Search benchmark (not a test): quartier's index against Pagefind on the same built site of
// about 10,000 pages in one language. Run: node benches/search.mjs (after `bash tests/run.sh`
// has installed the npm packages). Writes to /dev/shm; interleaves the two tools.
import { execFileSync, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";

const repo = resolve(import.meta.dirname, "..");
const require = createRequire(join(repo, "tests/browser/package.json"));
const { chromium } = require("playwright-core");
const { serve } = await import(join(repo, "tests/browser/helpers.mjs"));
const base = existsSync("/dev/shm") ? "/dev/shm/quartier-search-bench" : "/tmp/quartier-search-bench";
rmSync(base, { recursive: true, force: true });
mkdirSync(base, { recursive: true });

execFileSync("cargo", ["build", "--release", "--quiet", "--example", "corpus"], { cwd: repo });
execFileSync("cargo", ["build", "--release", "--quiet"], { cwd: repo });
const site = join(base, "site");
console.error(execFileSync(join(repo, "target/release/examples/corpus"), ["10000", "1", site], { encoding: "utf8" }).trim());
const out = join(base, "out");
const pagefind = join(repo, "tests/browser/node_modules/.bin/pagefind");

function timed(cmd, args) {
  const started = process.hrtime.bigint();
  const run = spawnSync("/usr/bin/time", ["-f", "%M", cmd, ...args], { encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) throw new Error(`${cmd} failed: ${run.stderr}`);
  const kb = Number(run.stderr.trim().split("\n").pop());
  return { ms, kb, stderr: run.stderr };
}
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Interleaved: quartier build (its search-index stage timed inside), Pagefind on that output.
const q = { index: [], build: [], rss: [] };
const p = { index: [], rss: [] };
for (let run = 0; run < 3; run++) {
  const r = timed(join(repo, "target/release/quartier"), ["build", "--timings", "--today", "2026-11-24", "--root", site, "--out", out]);
  q.index.push(Number(/([\d.]+) ms\s+build the search index/.exec(r.stderr)[1]));
  q.build.push(r.ms);
  q.rss.push(r.kb);
  rmSync(join(out, "pagefind"), { recursive: true, force: true });
  const f = timed(pagefind, ["--site", out, "--output-subdir", "pagefind", "--silent"]);
  p.index.push(f.ms);
  p.rss.push(f.kb);
}

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}
const sizeOf = (dir, gz) => walk(dir).reduce((sum, f) => sum + (gz ? gzipSync(readFileSync(f)).length : statSync(f).size), 0);
const qDir = join(out, "de/search/data");
const pDir = join(out, "pagefind");

// A page for Pagefind's own API on the same server.
writeFileSync(join(out, "pagefind-query.html"), `<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>pf</title></head><body><script type="module">
const pagefind = await import("./pagefind/pagefind.js");
window.runQuery = async (q) => { const r = await pagefind.search(q); await Promise.all(r.results.slice(0, 10).map((x) => x.data())); return r.results.length; };
window.ready = true;
</script></body></html>`);
const server = await serve(out);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"] });

async function measure(url, action, isSearchFile) {
  const context = await browser.newContext({ serviceWorkers: "block" });
  const page = await context.newPage();
  const seen = [];
  page.on("response", async (response) => {
    const path = new URL(response.url()).pathname;
    if (isSearchFile(path)) {
      try { seen.push({ path, raw: (await response.body()).length, at: Date.now() }); } catch { /* aborted */ }
    }
  });
  await page.goto(url);
  await action(page);
  await page.waitForTimeout(300);
  await context.close();
  const gz = seen.reduce((s, f) => s + (f.path.endsWith(".pf_meta") || f.path.includes("pf_") ? f.raw : gzipSync(readFileSync(join(out, decodeURIComponent(f.path)))).length), 0);
  return { requests: seen.length, bytes: gz };
}

const rows = [];
for (const [label, text] of [["one word", "Termin"], ["three words", "Wohnung anmelden Pass"]]) {
  const mine = await measure(`${server.url}/de/search/index.html?q=${encodeURIComponent(text)}`, async (page) => {
    await page.waitForFunction(() => document.getElementById("search-status").textContent.trim() !== "");
  }, (path) => path.includes("/search/data/") || path.endsWith("/assets/search.js"));
  const theirs = await measure(`${server.url}/pagefind-query.html`, async (page) => {
    await page.waitForFunction(() => window.ready === true);
    await page.evaluate((t) => window.runQuery(t), text);
  }, (path) => path.startsWith("/pagefind/"));
  rows.push({ label, mine, theirs });
}
await browser.close();
server.close();

const pages = walk(out).filter((f) => f.endsWith(".html") && !f.includes("pagefind-query")).length;
console.log(`Search benchmark, ${pages} HTML pages (one language), medians of 3, interleaved\n`);
console.log("| | quartier | Pagefind 1.6.0 | ratio |");
console.log("|---|---|---|---|");
console.log(`| index build time | ${median(q.index).toFixed(0)} ms (whole build ${median(q.build).toFixed(0)} ms) | ${median(p.index).toFixed(0)} ms | ${(median(q.index) / median(p.index)).toFixed(2)} |`);
console.log(`| peak memory | ${(median(q.rss) / 1024).toFixed(0)} MB (whole build) | ${(median(p.rss) / 1024).toFixed(0)} MB | |`);
console.log(`| index size (raw / gzip) | ${(sizeOf(qDir) / 1024).toFixed(0)} KB / ${(sizeOf(qDir, true) / 1024).toFixed(0)} KB | ${(sizeOf(pDir) / 1024).toFixed(0)} KB (compressed files) | |`);
for (const r of rows) {
  console.log(`| first query, ${r.label}: download (gzip) / requests | ${(r.mine.bytes / 1024).toFixed(1)} KB / ${r.mine.requests} | ${(r.theirs.bytes / 1024).toFixed(1)} KB / ${r.theirs.requests} | ${(r.mine.bytes / r.theirs.bytes).toFixed(2)} |`);
}
rmSync(base, { recursive: true, force: true });
