// Relevance benchmark (not a test): quartier's search against Pagefind on the same built
// default site, in Chromium, with the queries of tests/search-queries.json (all 8 languages).
// Per language: hits@1, hits@3 and mean reciprocal rank of the expected page (of the first ten
// results); for one cold one-word query per language, the search files downloaded since the
// page opened (gzip; quartier's manifest included, and Pagefind's script and WebAssembly) and
// the time from the call to the first ten results with their titles. Run: node benches/search-relevance.mjs
// (after `bash tests/run.sh` has installed the npm packages). Writes to /dev/shm.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";

const repo = resolve(import.meta.dirname, "..");
const require = createRequire(join(repo, "tests/browser/package.json"));
const { chromium } = require("playwright-core");
const { serve } = await import(join(repo, "tests/browser/helpers.mjs"));
const base = existsSync("/dev/shm") ? "/dev/shm/quartier-relevance-bench" : "/tmp/quartier-relevance-bench";
rmSync(base, { recursive: true, force: true });
mkdirSync(base, { recursive: true });

execFileSync("cargo", ["build", "--release", "--quiet"], { cwd: repo });
const out = join(base, "site");
execFileSync(join(repo, "target/release/quartier"), ["build", "--quiet", "--today", "2026-11-24", "--root", repo, "--out", out]);
const pagefind = join(repo, "tests/browser/node_modules/.bin/pagefind");
execFileSync(pagefind, ["--site", out, "--output-subdir", "pagefind", "--silent"]);
const version = execFileSync(pagefind, ["--version"], { encoding: "utf8" }).trim();

const queries = JSON.parse(readFileSync(join(repo, "tests/search-queries.json"), "utf8"));
// The <html lang> of a site language (Leichte Sprache pages are `de`).
const htmlLang = (lang) => (lang === "de-simple" ? "de" : lang);
// One query page per language for Pagefind's own API: it picks the index by <html lang>.
for (const lang of new Set(queries.map((q) => q.lang))) {
  writeFileSync(join(out, `pagefind-${lang}.html`), `<!DOCTYPE html><html lang="${htmlLang(lang)}"><head><meta charset="utf-8"><title>pf</title></head><body><script type="module">
const pagefind = await import("./pagefind/pagefind.js");
window.runQuery = async (q) => {
  const started = performance.now();
  const r = await pagefind.search(q);
  const data = await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
  return { ms: performance.now() - started, urls: data.map((d) => d.url) };
};
window.ready = true;
</script></body></html>`);
}
const server = await serve(out);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"] });

/** A fresh page for `tool` in `lang`, counting the bytes of its search files. */
async function open(tool, lang) {
  const context = await browser.newContext({ serviceWorkers: "block" });
  const page = await context.newPage();
  const files = [];
  page.on("response", async (response) => {
    const path = new URL(response.url()).pathname;
    if (path.includes("/search/data/") || path.startsWith("/pagefind/")) {
      try {
        const body = await response.body();
        // Pagefind's index files are compressed already; quartier's are gzipped here as a
        // server would send them.
        files.push(path.startsWith("/pagefind/") && !path.endsWith(".js") ? body.length : gzipSync(body).length);
      } catch { /* aborted */ }
    }
  });
  if (tool === "quartier") {
    await page.goto(`${server.url}/${lang}/search/index.html`);
    await page.waitForFunction(() => window.quartierSearch && window.quartierSearch.manifest);
  } else {
    await page.goto(`${server.url}/pagefind-${lang}.html`);
    await page.waitForFunction(() => window.ready === true);
  }
  return {
    async run(q) {
      if (tool === "quartier") {
        return page.evaluate(async (text) => {
          const started = performance.now();
          document.getElementById("search-query").value = text;
          await window.quartierSearch.search();
          const ms = performance.now() - started;
          return { ms, urls: [...document.querySelectorAll("#search-results li a")].map((a) => new URL(a.href).pathname.replace(/index\.html$/, "")) };
        }, q);
      }
      const r = await page.evaluate((text) => window.runQuery(text), q);
      return { ms: r.ms, urls: r.urls.map((u) => new URL(u, server.url).pathname.replace(/index\.html$/, "")) };
    },
    // Everything the search needed since the page opened (quartier's manifest, Pagefind's
    // script, WebAssembly and index), once the last response body has arrived.
    bytes: async () => {
      await page.waitForTimeout(500);
      return { bytes: files.reduce((a, b) => a + b, 0), requests: files.length };
    },
    close: () => context.close(),
  };
}

const tools = ["quartier", "Pagefind"];
const stats = {};
const first = {};
const languages = [...new Set(queries.map((q) => q.lang))];
for (const lang of languages) {
  const mine = queries.filter((q) => q.lang === lang);
  // The first one-word query of the language, cold: bytes and time.
  const cold = mine.find((q) => !/\s/.test(q.q)) ?? mine[0];
  for (const tool of tools) {
    const session = await open(tool, lang);
    const r = await session.run(cold.q);
    first[`${tool} ${lang}`] = { query: cold.q, ...(await session.bytes()), ms: r.ms };
    const s = (stats[`${tool} ${lang}`] = { n: 0, at1: 0, at3: 0, rr: 0 });
    // Interleaved per language; warm after the first query.
    for (const q of mine) {
      const { urls } = await session.run(q.q);
      const rank = urls.slice(0, 10).findIndex((u) => u === q.expect || (q.any_of && u.startsWith(q.any_of)));
      s.n++;
      if (rank === 0) s.at1++;
      if (rank >= 0 && rank < 3) s.at3++;
      if (rank >= 0) s.rr += 1 / (rank + 1);
    }
    await session.close();
  }
}
await browser.close();
server.close();

const pct = (a, n) => `${((100 * a) / n).toFixed(0)} %`;
console.log(`Relevance on the default site (${queries.length} queries), quartier vs Pagefind ${version}, Chromium, ${new Date().toISOString().slice(0, 10)}\n`);
console.log("| language | queries | hits@1 quartier / Pagefind | hits@3 quartier / Pagefind | MRR quartier / Pagefind | first one-word query: download gzip, time quartier / Pagefind |");
console.log("|---|---|---|---|---|---|");
const total = { quartier: { n: 0, at1: 0, at3: 0, rr: 0 }, Pagefind: { n: 0, at1: 0, at3: 0, rr: 0 } };
for (const lang of languages) {
  const [a, b] = tools.map((t) => stats[`${t} ${lang}`]);
  for (const [t, s] of [["quartier", a], ["Pagefind", b]]) for (const k of ["n", "at1", "at3", "rr"]) total[t][k] += s[k];
  const [fa, fb] = tools.map((t) => first[`${t} ${lang}`]);
  console.log(`| ${lang} | ${a.n} | ${pct(a.at1, a.n)} / ${pct(b.at1, b.n)} | ${pct(a.at3, a.n)} / ${pct(b.at3, b.n)} | ${(a.rr / a.n).toFixed(2)} / ${(b.rr / b.n).toFixed(2)} | "${fa.query}": ${(fa.bytes / 1024).toFixed(1)} KB in ${fa.requests} files, ${fa.ms.toFixed(0)} ms / ${(fb.bytes / 1024).toFixed(1)} KB in ${fb.requests} files, ${fb.ms.toFixed(0)} ms |`);
}
const [a, b] = [total.quartier, total.Pagefind];
console.log(`| all | ${a.n} | ${pct(a.at1, a.n)} / ${pct(b.at1, b.n)} | ${pct(a.at3, a.n)} / ${pct(b.at3, b.n)} | ${(a.rr / a.n).toFixed(2)} / ${(b.rr / b.n).toFixed(2)} | |`);
rmSync(base, { recursive: true, force: true });
