// Leaflets printed to PDF by `quartier build --pdf` (headless Chromium), checked with poppler
// and zbar: at most two A4 pages; office address, hours and partner names present; Arabic,
// Persian and Ukrainian text present in logical order; nothing printed into the page margins;
// the QR code decodes to the district page in that language.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { binary, repo } from "./helpers.mjs";

const languages = ["de", "ar", "fa", "uk"];
let out;
let buildMessage = "";
before(() => {
  out = join(mkdtempSync(join(tmpdir(), "quartier-pdf-")), "public");
  const r = spawnSync(binary, ["build", "--today", "2026-11-24", "--root", repo, "--out", out, "--pdf", "--pdf-districts", "scharnhorst", "--pdf-languages", languages.join(",")], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  buildMessage = r.stderr;
});

test("build --pdf says where the PDFs went", () => {
  assert.match(buildMessage, /printed 4 leaflet PDFs, each beside its leaflet page:/);
  assert.ok(buildMessage.includes(pdfOf("de")), buildMessage);
});

const pdfOf = (lang) => join(out, lang, "leaflets/scharnhorst", `lokal-willkommen-scharnhorst-${lang}.pdf`);
const run = (cmd, args) => execFileSync(cmd, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });

/** Grey pages of a PDF at `dpi`, parsed from pdftoppm's PGM output. */
function pages(pdf, dpi) {
  const dir = mkdtempSync(join(tmpdir(), "pgm-"));
  execFileSync("pdftoppm", ["-r", String(dpi), "-gray", pdf, join(dir, "p")]);
  return readdirSync(dir).sort().map((f) => {
    const data = readFileSync(join(dir, f));
    // P5 header: "P5\n<width> <height>\n<max>\n"
    const header = data.subarray(0, 40).toString("latin1").split(/\s+/);
    const [width, height] = [Number(header[1]), Number(header[2])];
    const offset = data.length - width * height;
    return { width, height, pixel: (x, y) => data[offset + y * width + x] };
  });
}

test("at most two A4 pages, in every language", () => {
  for (const lang of languages) {
    const info = run("pdfinfo", [pdfOf(lang)]);
    const count = Number(/Pages:\s+(\d+)/.exec(info)[1]);
    assert.ok(count >= 1 && count <= 2, `${lang}: ${count} pages`);
    assert.match(info, /Page size:\s+59[45](\.\d+)? x 84[12](\.\d+)? pts \(A4\)/, `${lang}: not A4`);
  }
});

test("the office, its hours and the partners are on it, bilingual, in logical order", () => {
  const words = {
    de: ["Nadlerweg 1", "Donnerstag", "08:30–11:30", "JuKi-Treff Lanstrop", "Grundschule in Lanstrop", "116 117", "Stand: Dienstag, 24. November 2026"],
    // Words without the lam-alef ligature (لا), which pdftotext extracts as "ال".
    ar: ["الخميس", "مكتبك", "الطوارئ", "شارنهورست", "المدرسة"],
    fa: ["پنجشنبه", "دفتر شما", "اورژانس"],
    uk: ["четвер", "Ваш офіс", "Ланштроп"],
  };
  for (const lang of languages) {
    const text = run("pdftotext", [pdfOf(lang), "-"]).normalize("NFC");
    for (const w of [...words.de.slice(0, 6), ...(words[lang] ?? [])]) {
      if (lang === "de" || !w.startsWith("Stand")) assert.ok(text.includes(w), `${lang}: "${w}" missing from the PDF text`);
    }
  }
});

test("nothing is printed into the page margins", () => {
  const dpi = 50;
  const margin = Math.round((10 / 25.4) * dpi); // 10 mm of the 12 mm margin
  for (const lang of languages) {
    for (const [index, page] of pages(pdfOf(lang), dpi).entries()) {
      for (let y = 0; y < page.height; y++) {
        for (let x = 0; x < page.width; x++) {
          const inMargin = x < margin || y < margin || x >= page.width - margin || y >= page.height - margin;
          if (inMargin) assert.ok(page.pixel(x, y) > 240, `${lang} page ${index + 1}: ink in the margin at ${x},${y}`);
        }
      }
    }
  }
});

test("the QR code leads to the district page in the leaflet's language", () => {
  for (const lang of languages) {
    const dir = mkdtempSync(join(tmpdir(), "qr-"));
    execFileSync("pdftoppm", ["-r", "200", "-f", "1", "-l", "1", "-png", pdfOf(lang), join(dir, "p")]);
    const image = join(dir, readdirSync(dir)[0]);
    const decoded = run("zbarimg", ["--raw", "-q", image]).trim();
    assert.equal(decoded, `https://lokal-willkommen.example/${lang}/districts/scharnhorst/`);
  }
});

test("the leaflet page links its PDF", () => {
  const html = readFileSync(join(out, "ar/leaflets/scharnhorst/index.html"), "utf8");
  assert.ok(html.includes('href="lokal-willkommen-scharnhorst-ar.pdf"'));
});
