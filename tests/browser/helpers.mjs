// Shared helpers of the browser tests: build a site with the real binary, serve the built
// folder on loopback, and start Debian's Chromium headless.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve } from "node:path";
import { chromium } from "playwright-core";

export const repo = resolve(import.meta.dirname, "../..");
export const binary = process.env.QUARTIER_BIN ?? join(repo, "target/debug/quartier");

/** Builds `root` (default: the repository's site) for `today` into a fresh folder; with
 * `fixture`, a valid fixture site, with `files` (path → text) written over it. */
export function buildSite({ root = repo, fixture = null, files = {}, today = "2026-11-24" } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "quartier-browser-"));
  let siteRoot = root;
  if (fixture) {
    siteRoot = join(dir, "site");
    cpSync(join(repo, "tests/fixtures/valid", fixture, "site"), siteRoot, { recursive: true });
    cpSync(join(repo, "themes"), join(siteRoot, "themes"), { recursive: true });
    for (const [path, text] of Object.entries(files)) writeFileSync(join(siteRoot, path), text);
  }
  const out = join(dir, "public");
  execFileSync(binary, ["build", "--today", today, "--root", siteRoot, "--out", out], { stdio: "pipe" });
  return out;
}

const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".xml": "application/xml", ".ics": "text/calendar", ".svg": "image/svg+xml", ".json": "application/json" };

/** Serves `folder` on 127.0.0.1 (a free port); resolves to { url, close }. */
export function serve(folder) {
  const server = createServer((req, res) => {
    let path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
    if (path.includes("..")) { res.writeHead(400).end(); return; }
    let file = join(folder, path);
    try { if (statSync(file).isDirectory()) file = join(file, "index.html"); } catch { /* 404 below */ }
    try {
      const body = readFileSync(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok({ url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() })));
}

/** Debian's Chromium, headless, with no network beyond loopback. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
  });
}
