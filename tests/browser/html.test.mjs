// Every HTML page of the default site is valid HTML: the Nu Html Checker (npm `vnu-jar`, on
// Java) reports zero errors. A broken control page proves the check can fail.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSite } from "./helpers.mjs";

const require = createRequire(import.meta.url);
const vnu = require("vnu-jar");

/** Runs the checker on a folder; returns its error messages. vnu writes its report to stderr. */
function vnuErrors(folder) {
  const run = spawnSync("java", ["-jar", vnu, "--errors-only", "--format", "json", "--skip-non-html", folder], { encoding: "utf8" });
  assert.ok(run.status === 0 || run.status === 1, `vnu failed to run: ${run.stderr}`);
  const report = JSON.parse(run.stderr);
  assert.ok(report.version, "not a vnu report");
  return report.messages.filter((m) => m.type === "error").map((m) => `${m.url.replace(/^file:.*?\/public\//, "")}:${m.lastLine}: ${m.message}`);
}

test("the Nu Html Checker finds no error on any page", { timeout: 600000 }, () => {
  const control = mkdtempSync(join(tmpdir(), "vnu-control-"));
  writeFileSync(join(control, "bad.html"), "<!DOCTYPE html><html lang=de><head><title>x</title></head><body><p><div></p></body></html>");
  assert.ok(vnuErrors(control).length > 0, "the checker did not report a broken control page");
  assert.deepEqual(vnuErrors(buildSite({ today: "2026-11-24" })), []);
});

// html-validate (npm `html-validate`, its recommended rules) finds what the Nu checker does not:
// landmarks with the same name, ARIA roles where an element exists, titles too long for a
// search result. Trailing spaces in the markup are allowed (the templates indent).
test("html-validate finds no error on any page", { timeout: 600000 }, async () => {
  const { HtmlValidate, FileSystemConfigLoader } = await import("html-validate");
  const config = { extends: ["html-validate:recommended"], rules: { "no-trailing-whitespace": "off" } };
  const validator = new HtmlValidate(new FileSystemConfigLoader(config));
  const control = await validator.validateString('<!DOCTYPE html><html lang="de"><head><title>x</title></head><body><div role="region" aria-label="a">x</div></body></html>');
  assert.ok(!control.valid, "html-validate did not report a broken control page");
  const site = buildSite({ today: "2026-11-24" });
  const { readdirSync, statSync } = await import("node:fs");
  const pages = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".html")) pages.push(path);
    }
  };
  walk(site);
  const problems = [];
  for (const page of pages) {
    const report = await validator.validateFile(page);
    for (const result of report.results) {
      for (const m of result.messages) problems.push(`${page.replace(/^.*?\/public\//, "")}:${m.line}: ${m.message} (${m.ruleId})`);
    }
  }
  assert.ok(pages.length > 300);
  assert.deepEqual(problems, []);
});
