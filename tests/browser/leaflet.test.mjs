// Leaflets printed to PDF by `quartier build --pdf` (headless Chromium), checked with poppler
// and zbar: one A4 page for every default district; office address, hours and partner names
// present; Arabic, Persian and Ukrainian text present in logical order; nothing printed into
// the page margins; every QR code (the large one and the tear-off strips') decodes to the
// district page in that language. The print layout itself is measured in Chromium with print
// media: type sizes, QR size, strips, sections of the two columns side by side.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { binary, launch, repo } from "./helpers.mjs";

const languages = ["de", "ar", "fa", "uk"];
let out;
let buildMessage = "";
let site;
before(() => {
  // `build --pdf` records what it printed in the site's content: print from a copy.
  const dir = mkdtempSync(join(tmpdir(), "quartier-pdf-"));
  site = join(dir, "site");
  for (const part of ["content", "site-config.yaml"]) cpSync(join(repo, part), join(site, part), { recursive: true });
  out = join(dir, "public");
  const r = spawnSync(binary, ["build", "--today", "2026-11-24", "--root", site, "--out", out, "--pdf", "--pdf-languages", languages.join(",")], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  buildMessage = r.stderr;
});

test("build --pdf says where the PDFs went", () => {
  // 48 leaflets and, for the one default journey, 48 checklists.
  assert.match(buildMessage, /printed 96 PDFs \(leaflets and checklists\), each beside its page:/);
  assert.ok(buildMessage.includes(pdfOf("de", "aplerbeck")), buildMessage);
});

const districts = () => readdirSync(join(repo, "content/districts"));
const pdfOf = (lang, district = "scharnhorst") => join(out, lang, `leaflets/${district}`, `lokal-willkommen-${district}-${lang}.pdf`);
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

test("one A4 page for every default district, in every language printed", () => {
  assert.equal(districts().length, 12);
  for (const lang of languages) {
    for (const district of districts()) {
      const info = run("pdfinfo", [pdfOf(lang, district)]);
      const count = Number(/Pages:\s+(\d+)/.exec(info)[1]);
      assert.equal(count, 1, `${lang} ${district}: ${count} pages`);
      assert.match(info, /Page size:\s+59[45](\.\d+)? x 84[12](\.\d+)? pts \(A4\)/, `${lang}: not A4`);
    }
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
    const text = run("pdftotext", [pdfOf(lang), "-"]).normalize("NFC").replace(/\s+/g, " ");
    for (const w of [...words.de.slice(0, 6), ...(words[lang] ?? [])]) {
      if (lang === "de" || !w.startsWith("Stand")) assert.ok(text.includes(w), `${lang}: "${w}" missing from the PDF text`);
    }
  }
});

test("nothing is printed into the page margins", () => {
  const dpi = 50;
  const margin = Math.round((10 / 25.4) * dpi); // 10 mm of the 12 mm margin
  for (const lang of languages) {
    for (const [index, page] of districts().flatMap((d) => pages(pdfOf(lang, d), dpi)).entries()) {
      for (let y = 0; y < page.height; y++) {
        for (let x = 0; x < page.width; x++) {
          const inMargin = x < margin || y < margin || x >= page.width - margin || y >= page.height - margin;
          if (inMargin) assert.ok(page.pixel(x, y) > 240, `${lang} page ${index + 1}: ink in the margin at ${x},${y}`);
        }
      }
    }
  }
});

test("every QR code, the large one and the strips', leads to the page of the leaflet's version in its language", () => {
  for (const lang of languages) {
    const dir = mkdtempSync(join(tmpdir(), "qr-"));
    execFileSync("pdftoppm", ["-r", "300", "-f", "1", "-l", "1", "-png", pdfOf(lang), join(dir, "p")]);
    const image = join(dir, readdirSync(dir)[0]);
    const decoded = run("zbarimg", ["--raw", "-q", image]).trim().split("\n");
    assert.equal(decoded.length, 8, `${lang}: ${decoded.length} codes read`);
    for (const url of decoded) assert.match(url, new RegExp(`^https://lokal-willkommen\\.example/${lang}/leaflets/scharnhorst/v/[0-9a-f]{8}/$`));
    assert.equal(new Set(decoded).size, 1, "all codes of a leaflet lead to the same page");
  }
});

/** Measurements of a leaflet page laid out for print (A4 less 12 mm margins = 186 mm wide). */
async function printLayout(page, lang, district) {
  await page.goto(`file://${join(out, lang, "leaflets", district, "index.html")}`);
  return page.evaluate(() => {
    const mm = (px) => (px * 25.4) / 96;
    const pt = (el) => (parseFloat(getComputedStyle(el).fontSize) * 72) / 96;
    const leaflet = document.querySelector(".leaflet");
    const visibleText = [...leaflet.querySelectorAll(".leaflet-column *")].filter(
      (el) => el.closest(".leaflet-stand") === null && [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()) && el.getClientRects().length > 0,
    );
    const columns = [...document.querySelectorAll(".leaflet-column")];
    const tops = (selector) => columns.map((c) => Math.round(c.querySelector(selector).getBoundingClientRect().top));
    const qr = document.querySelector(".qr svg").getBoundingClientRect();
    const strips = [...document.querySelectorAll(".leaflet-strips li")];
    return {
      fill: [...leaflet.classList].find((c) => c.startsWith("leaflet-") && c !== "leaflet"),
      heightMm: mm(leaflet.scrollHeight),
      headlinePt: [...document.querySelectorAll(".leaflet-headline")].map(pt),
      smallestBodyPt: Math.min(...visibleText.map(pt)),
      qrMm: [mm(qr.width), mm(qr.height)],
      strips: strips.length,
      stripsOverflow: strips.filter((li) => li.scrollHeight > li.clientHeight + 1 || li.scrollWidth > li.clientWidth + 1).length,
      stripBorders: strips.slice(1).map((li) => getComputedStyle(li).borderInlineStartStyle),
      sections: { nearby: tops(".leaflet-nearby"), help: tops(".leaflet-help"), stand: tops(".leaflet-stand") },
      columnsLeftToRight: columns.map((c) => [c.lang, c.getBoundingClientRect().left]).sort((a, b) => a[1] - b[1]).map((c) => c[0]),
    };
  });
}

test("printed, every default leaflet in every language fits A4 with large type, a large QR and tear-off strips", async () => {
  const browser = await launch();
  const context = await browser.newContext({ viewport: { width: 703, height: 1028 } });
  const page = await context.newPage();
  await page.emulateMedia({ media: "print" });
  const fills = new Set();
  for (const lang of ["de", "de-simple", "en", "ar", "fa", "uk", "ru", "tr"]) {
    for (const district of districts()) {
      const m = await printLayout(page, lang, district);
      const where = `${lang} ${district} (${m.fill})`;
      fills.add(m.fill);
      assert.ok(m.heightMm <= 273, `${where}: ${m.heightMm.toFixed(0)} mm tall`);
      for (const size of m.headlinePt) assert.ok(size >= 24, `${where}: headline ${size} pt`);
      const bilingual = !["de", "de-simple"].includes(lang);
      assert.equal(m.headlinePt.length, bilingual ? 2 : 1, `${where}: the headline in both languages`);
      assert.ok(m.smallestBodyPt >= 12, `${where}: text at ${m.smallestBodyPt} pt`);
      assert.ok(m.qrMm[0] >= 35 && m.qrMm[1] >= 35, `${where}: QR ${m.qrMm} mm`);
      assert.equal(m.strips, 7, where);
      assert.equal(m.stripsOverflow, 0, `${where}: text sticks out of a strip`);
      assert.deepEqual([...new Set(m.stripBorders)], ["dashed"], where);
      if (bilingual) {
        for (const [section, tops] of Object.entries(m.sections)) assert.equal(tops[0], tops[1], `${where}: ${section} not side by side`);
      }
    }
  }
  // The default content has districts with little and with much to say.
  assert.deepEqual([...fills].sort(), ["leaflet-dense", "leaflet-normal", "leaflet-roomy"]);
  // Right to left: the Arabic column on the right, German on the left.
  const ar = await printLayout(page, "ar", "scharnhorst");
  assert.deepEqual(ar.columnsLeftToRight, ["de", "ar"]);
  const uk = await printLayout(page, "uk", "scharnhorst");
  assert.deepEqual(uk.columnsLeftToRight, ["uk", "de"]);
  await browser.close();
});

test("the leaflet page links its PDF", () => {
  const html = readFileSync(join(out, "ar/leaflets/scharnhorst/index.html"), "utf8");
  assert.ok(html.includes('href="lokal-willkommen-scharnhorst-ar.pdf"'));
});

// The checklist of the default journey for Scharnhorst, printed beside its page: one or two A4
// pages, the reader's language and German in logical order, nothing in the margins, and a QR
// code that leads back to the journey's page for the district.
const checklistOf = (lang, district = "scharnhorst") =>
  join(out, lang, "journeys/eigene-wohnung", district, "checklist", `eigene-wohnung-${district}-${lang}.pdf`);

test("checklists: one or two A4 pages, bilingual, in logical order, with a QR back to the journey", () => {
  const words = {
    de: ["Wohnung anmelden", "Wohnungsgeberbestätigung", "Meldebescheinigung", "Rundfunkbeitrag anmelden", "Erledigt", "Nadlerweg 1"],
    // Words without a hamza under alif or lam-alef, which pdftotext extracts out of order.
    ar: ["تسجيل الكهرباء", "الطفل في المدرسة", "تم"],
    fa: ["ثبت برق", "قرارداد اجاره"],
    uk: ["Підключити електроенергію", "Договір оренди", "Виконано"],
  };
  for (const lang of languages) {
    for (const district of districts()) {
      const info = run("pdfinfo", [checklistOf(lang, district)]);
      const count = Number(/Pages:\s+(\d+)/.exec(info)[1]);
      assert.ok(count >= 1 && count <= 2, `${lang} ${district}: ${count} pages`);
      assert.match(info, /Page size:\s+59[45](\.\d+)? x 84[12](\.\d+)? pts \(A4\)/, `${lang}: not A4`);
    }
    const text = run("pdftotext", [checklistOf(lang), "-"]).normalize("NFC").replace(/\s+/g, " ");
    for (const w of [...words.de, ...(words[lang] ?? [])]) assert.ok(text.includes(w), `${lang}: "${w}" missing from the checklist's text`);
    const dpi = 50;
    const margin = Math.round((10 / 25.4) * dpi);
    for (const page of pages(checklistOf(lang), dpi)) {
      for (let y = 0; y < page.height; y++) {
        for (let x = 0; x < page.width; x++) {
          if (x < margin || y < margin || x >= page.width - margin || y >= page.height - margin) {
            assert.ok(page.pixel(x, y) > 240, `${lang} checklist: ink in the margin at ${x},${y}`);
          }
        }
      }
    }
    const dir = mkdtempSync(join(tmpdir(), "qr-"));
    execFileSync("pdftoppm", ["-r", "300", "-f", "1", "-l", "1", "-png", checklistOf(lang), join(dir, "p")]);
    const decoded = run("zbarimg", ["--raw", "-q", join(dir, readdirSync(dir)[0])]).trim().split("\n");
    assert.deepEqual(decoded, [`https://lokal-willkommen.example/${lang}/journeys/eigene-wohnung/scharnhorst/`]);
  }
});

// The versions printed are recorded in the site's content; their pages say whether a printed
// leaflet is still up to date and what changed since.
test("build --pdf records the printed versions; after a change, the old QR code's page says what changed", () => {
  const records = readdirSync(join(site, "content/printed-leaflets/scharnhorst"));
  assert.equal(records.length, 1, records.join(", "));
  const record = readFileSync(join(site, "content/printed-leaflets/scharnhorst", records[0]), "utf8");
  for (const lang of languages) assert.match(record, new RegExp(`- language: ${lang}\\n  date: 2026-11-24`));
  const version = records[0].replace(".yaml", "");
  // The hours of the Lanstrop consultation change, and a partner joins.
  const hours = join(site, "content/opening-hours/eving-scharnhorst.yaml");
  writeFileSync(hours, readFileSync(hours, "utf8").replace('"Th 08:30-11:30; PH off"', '"Th 09:00-12:00; PH off"'));
  writeFileSync(join(site, "content/partners/sprachcafe-lanstrop.yaml"), "name: {de: Sprachcafé Lanstrop}\ncategory: volunteers\ndistricts: [scharnhorst]\noffer: {de: Deutsch üben bei Kaffee.}\non_leaflet: true\n");
  const later = join(mkdtempSync(join(tmpdir(), "quartier-later-")), "public");
  const r = spawnSync(binary, ["build", "--today", "2026-12-01", "--root", site, "--out", later], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const old = readFileSync(join(later, "ar/leaflets/scharnhorst/v", version, "index.html"), "utf8");
  assert.match(old, /leaflet-outdated/);
  assert.match(old, /Sprechstunde Lanstrop/);
  assert.match(old, /Sprachcafé Lanstrop/);
  const current = readdirSync(join(later, "de/leaflets/scharnhorst/v")).filter((v) => v !== version);
  assert.equal(current.length, 1);
  assert.match(readFileSync(join(later, "de/leaflets/scharnhorst/v", current[0], "index.html"), "utf8"), /leaflet-current/);
  const check = spawnSync(binary, ["check", "--today", "2026-12-01", "--root", site, "--all"], { encoding: "utf8" });
  assert.match(check.stdout + check.stderr, /reprint the leaflet of Scharnhorst in ar, de, fa, uk: printed on 2026-11-24/);
});
