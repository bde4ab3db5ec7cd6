//! `quartier report`: the state of the translations, by content, never by file times.
//!
//! For every language and kind of content it counts what is up to date, outdated (the German
//! text changed since: its hash differs from the `source_hash` the translation records),
//! machine-made and not reviewed, or missing. Written as a terminal table, a CSV with one row
//! per document, and an HTML page for staff with a coverage bar per language.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::config::SiteConfig;
use crate::content::I18n;
use crate::validate::{Content, Document};

/// The file name of the report's stylesheet, beside `translations.html`.
pub const REPORT_CSS_FILE: &str = "translations.css";

pub use crate::validate::TranslationStatus as Status;

impl Status {
    fn label(self) -> &'static str {
        match self {
            Status::UpToDate => "up to date",
            Status::Machine => "machine, not reviewed",
            Status::Outdated => "outdated",
            Status::Missing => "missing",
        }
    }
}

/// One row: a document or a text field in one language.
#[derive(Debug, Clone)]
pub struct Row {
    /// Language tag.
    pub lang: String,
    /// Kind of content (`district guides`, `office texts` …).
    pub kind: &'static str,
    /// What it is (file or `file: field`).
    pub item: String,
    /// Its state.
    pub status: Status,
    /// Words of the German text it translates (coverage is counted in words: a district name
    /// weighs less than a whole guide).
    pub words: usize,
}

/// Words in a text: whitespace-separated pieces with a letter or digit.
fn count_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// Words in HTML, tags left out.
fn count_html_words(html: &str) -> usize {
    count_words(&crate::html::text_of_html(html))
}

/// The whole report.
pub struct TranslationReport {
    /// Every row, sorted.
    pub rows: Vec<Row>,
    /// Languages in configured order (without the source language).
    pub languages: Vec<String>,
}

/// One row per language for a document with versions; `extra_words` counts German words the
/// document holds beside its title and HTML (a journey's steps).
fn documents(
    rows: &mut Vec<Row>,
    kind: &'static str,
    versions: &BTreeMap<String, Document>,
    extra_words: usize,
    config: &SiteConfig,
) {
    let Some(source) = versions.get(&config.default_language) else {
        return;
    };
    for lang in config.languages.iter().filter(|l| l.tag != config.default_language) {
        let status = crate::validate::translation_status(versions.get(&lang.tag), source);
        let item = versions.get(&lang.tag).map_or_else(
            || format!("{} (not yet)", source.file.display()),
            |d| d.file.display().to_string(),
        );
        rows.push(Row {
            lang: lang.tag.clone(),
            kind,
            item,
            status,
            words: count_words(&source.title) + count_html_words(&source.html) + extra_words,
        });
    }
}

fn fields(rows: &mut Vec<Row>, kind: &'static str, item: &str, text: &I18n, config: &SiteConfig) {
    for lang in config.languages.iter().filter(|l| l.tag != config.default_language) {
        let status = if text.get(&lang.tag).is_some_and(|t| !t.trim().is_empty()) {
            Status::UpToDate
        } else {
            Status::Missing
        };
        rows.push(Row {
            lang: lang.tag.clone(),
            kind,
            item: item.to_string(),
            status,
            words: text.get(&config.default_language).map_or(0, |t| count_words(t)),
        });
    }
}

/// Builds the report of `content`.
pub fn translation_report(content: &Content, config: &SiteConfig) -> TranslationReport {
    let mut rows = Vec::new();
    for d in content.districts.values() {
        documents(&mut rows, "district guides", &d.guide, 0, config);
        fields(
            &mut rows,
            "district names",
            &format!("content/districts/{}/district.yaml: name", d.id),
            &d.name,
            config,
        );
    }
    for p in content.pages.values() {
        documents(&mut rows, "pages", &p.versions, 0, config);
    }
    for j in content.journeys.values() {
        let steps = j.sections.get(&config.default_language).map_or(0, |sections| {
            sections
                .values()
                .map(|s| count_words(&s.title) + count_html_words(&s.html))
                .sum()
        });
        documents(&mut rows, "journeys", &j.versions, steps, config);
        let file = format!("content/journeys/{}/journey.yaml", j.id);
        for step in &j.steps {
            for (i, item) in step.bring.iter().enumerate() {
                let field = format!("{file}: {} bring {}", step.id, i + 1);
                fields(&mut rows, "journey texts", &field, item, config);
            }
            if let Some(place) = &step.place {
                fields(
                    &mut rows,
                    "journey texts",
                    &format!("{file}: {} place", step.id),
                    place,
                    config,
                );
            }
        }
    }
    for o in content.offices.values() {
        let file = format!("content/offices/{}.yaml", o.id);
        fields(&mut rows, "office texts", &format!("{file}: name"), &o.name, config);
        if let Some(d) = &o.description {
            fields(&mut rows, "office texts", &format!("{file}: description"), d, config);
        }
    }
    for p in content.partners.values() {
        let file = format!("content/partners/{}.yaml", p.id);
        fields(&mut rows, "partner texts", &format!("{file}: name"), &p.name, config);
        fields(&mut rows, "partner texts", &format!("{file}: offer"), &p.offer, config);
    }
    let languages = config
        .languages
        .iter()
        .filter(|l| l.tag != config.default_language)
        .map(|l| l.tag.clone())
        .collect();
    TranslationReport { rows, languages }
}

/// Items and German words, each in the order: up to date, machine, outdated, missing.
#[derive(Default, Clone, Copy)]
struct Counts {
    items: [usize; 4],
    words: [usize; 4],
}

impl Counts {
    fn add(&mut self, other: &Counts) {
        for k in 0..4 {
            self.items[k] += other.items[k];
            self.words[k] += other.words[k];
        }
    }

    /// Share of the words that readers get in their language (up to date or machine-made).
    fn word_coverage(&self) -> f64 {
        let total: usize = self.words.iter().sum();
        if total == 0 {
            return 100.0;
        }
        (self.words[0] + self.words[1]) as f64 * 100.0 / total as f64
    }
}

/// Counts per (language, kind).
fn counts(report: &TranslationReport) -> BTreeMap<(usize, &'static str), Counts> {
    let mut out: BTreeMap<(usize, &'static str), Counts> = BTreeMap::new();
    for row in &report.rows {
        let lang_index = report
            .languages
            .iter()
            .position(|l| *l == row.lang)
            .unwrap_or(usize::MAX);
        let entry = out.entry((lang_index, row.kind)).or_default();
        entry.items[row.status as usize] += 1;
        entry.words[row.status as usize] += row.words;
    }
    out
}

impl TranslationReport {
    /// A table for the terminal: items per state, and the share of German words covered.
    pub fn table(&self) -> String {
        let mut out = format!(
            "{:<11} {:<16} {:>10} {:>8} {:>9} {:>8} {:>14}\n",
            "language", "content", "up to date", "machine", "outdated", "missing", "words covered"
        );
        for ((lang, kind), c) in counts(self) {
            let lang = self.languages.get(lang).map_or("?", String::as_str);
            let _ = writeln!(
                out,
                "{lang:<11} {kind:<16} {:>10} {:>8} {:>9} {:>8} {:>13.0}%",
                c.items[0],
                c.items[1],
                c.items[2],
                c.items[3],
                c.word_coverage()
            );
        }
        out
    }

    /// One row per document or text field, RFC 4180, UTF-8 with a byte order mark so that
    /// spreadsheet programs read umlauts and Arabic script right.
    pub fn csv(&self) -> Vec<u8> {
        let mut writer = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
        let mut rows: Vec<[String; 5]> = vec![[
            "language".into(),
            "content".into(),
            "item".into(),
            "status".into(),
            "german words".into(),
        ]];
        rows.extend(self.rows.iter().map(|row| {
            [
                row.lang.clone(),
                row.kind.to_string(),
                row.item.clone(),
                row.status.label().to_string(),
                row.words.to_string(),
            ]
        }));
        for row in rows {
            // Writing into memory cannot fail.
            let _ = writer.write_record(&row);
        }
        writer.into_inner().unwrap_or_default()
    }

    /// The stylesheet of [`TranslationReport::html`], written beside it as [`REPORT_CSS_FILE`].
    pub fn css(&self) -> &'static str {
        "body{font-family:system-ui,sans-serif;margin:1rem auto;max-width:60rem;padding:0 1rem;color:#1b1b1b}\ntable{border-collapse:collapse;margin:.5rem 0 1.5rem}\nth,td{border:1px solid #c9d1d9;padding:.25rem .5rem;text-align:start}\n.bar{display:block;height:1.2rem;width:100%;max-width:30rem;border:1px solid #555}\n.ok{fill:#1d6b2f}\n.machine{fill:#7fb08a}\n.old{fill:#c98a00}\n.missing{fill:#e8e8e8}\n.key{display:inline-block;width:1rem;height:1rem;vertical-align:middle;margin-inline:.5rem .25rem;border:1px solid #555}\n"
    }

    /// A page for staff: a coverage bar per language, the counts, and what is left to do.
    pub fn html(&self, config: &SiteConfig, today: chrono::NaiveDate) -> String {
        let escape = crate::html::escape_html;
        let mut out = format!(
            "<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Übersetzungsstand / translation status {today}</title>\n<link rel=\"stylesheet\" href=\"{REPORT_CSS_FILE}\">\n</head>\n<body>\n<h1>Übersetzungsstand / translation status</h1>\n<p>Stand / as of {today}. Berechnet aus dem Inhalt (Hash des deutschen Textes), nicht aus Dateizeiten. / Computed from content (hash of the German text), never from file times.</p>\n<p class=\"legend\"><svg class=\"key\" viewBox=\"0 0 1 1\" aria-hidden=\"true\"><rect class=\"ok\" width=\"1\" height=\"1\"/></svg>aktuell / up to date <svg class=\"key\" viewBox=\"0 0 1 1\" aria-hidden=\"true\"><rect class=\"machine\" width=\"1\" height=\"1\"/></svg>maschinell, ungeprüft / machine, not reviewed <svg class=\"key\" viewBox=\"0 0 1 1\" aria-hidden=\"true\"><rect class=\"old\" width=\"1\" height=\"1\"/></svg>veraltet / outdated <svg class=\"key\" viewBox=\"0 0 1 1\" aria-hidden=\"true\"><rect class=\"missing\" width=\"1\" height=\"1\"/></svg>fehlt / missing</p>\n",
            csp = crate::html::CONTENT_SECURITY_POLICY
        );
        let all = counts(self);
        for (i, tag) in self.languages.iter().enumerate() {
            let endonym = config.language(tag).map_or(tag.as_str(), |l| l.endonym.as_str());
            let mut total = Counts::default();
            for ((lang, _), c) in &all {
                if *lang == i {
                    total.add(c);
                }
            }
            let sum: usize = total.words.iter().sum::<usize>().max(1);
            let pct = |n: usize| n as f64 * 100.0 / sum as f64;
            let _ = writeln!(
                out,
                "<h2><bdi>{}</bdi> ({tag}): {:.0} % der Wörter / of the words</h2>",
                escape(endonym),
                total.word_coverage()
            );
            // The bar is drawn with SVG attributes, not inline styles, so the strict
            // Content-Security-Policy holds.
            let mut bar = String::new();
            let mut x = 0.0;
            for (class, n) in ["ok", "machine", "old", "missing"].iter().zip(total.words) {
                let _ = write!(
                    bar,
                    "<rect class=\"{class}\" x=\"{x:.1}%\" width=\"{:.1}%\" height=\"100%\"/>",
                    pct(n)
                );
                x += pct(n);
            }
            let _ = writeln!(
                out,
                "<svg class=\"bar\" role=\"img\" aria-label=\"{tag}, German words: {} up to date, {} machine, {} outdated, {} missing\">{bar}</svg>",
                total.words[0], total.words[1], total.words[2], total.words[3]
            );
            let _ = writeln!(
                out,
                "<table><thead><tr><th scope=\"col\">Inhalt / content</th><th scope=\"col\">aktuell (Einträge)</th><th scope=\"col\">maschinell (Einträge)</th><th scope=\"col\">veraltet (Einträge)</th><th scope=\"col\">fehlt (Einträge)</th><th scope=\"col\">Wörter abgedeckt / words covered</th></tr></thead><tbody>"
            );
            for ((lang, kind), c) in &all {
                if *lang == i {
                    let _ = writeln!(
                        out,
                        "<tr><th scope=\"row\">{kind}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{:.0} %</td></tr>",
                        c.items[0],
                        c.items[1],
                        c.items[2],
                        c.items[3],
                        c.word_coverage()
                    );
                }
            }
            out.push_str("</tbody></table>\n");
            let todo: Vec<&Row> = self
                .rows
                .iter()
                .filter(|r| r.lang == *tag && matches!(r.status, Status::Outdated | Status::Machine))
                .collect();
            if !todo.is_empty() {
                out.push_str("<details><summary>Zu prüfen / to review</summary><ul>\n");
                for r in todo {
                    let _ = writeln!(out, "<li>{} — {}</li>", escape(&r.item), r.status.label());
                }
                out.push_str("</ul></details>\n");
            }
        }
        out.push_str("</body>\n</html>\n");
        out
    }
}
