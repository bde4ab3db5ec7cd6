//! Any bytes as any kind of content file, then the whole validation: decoding, YAML, front
//! matter, schema, opening-hours expressions and closures. Must never panic or hang.
#![no_main]

use std::path::Path;

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;

const CONFIG: &str = "title:\n  de: Fuzz\nbase_url: https://fuzz.example/\ndefault_language: de\ntimezone: Europe/Berlin\nholiday_region: DE-NW\nlanguages:\n  - {tag: de, endonym: Deutsch}\n  - {tag: ar, endonym: العربية, dir: rtl}\n";

/// The first byte chooses the file the rest is read as.
const FILES: [&str; 7] = [
    "content/offices/office-a.yaml",
    "content/opening-hours/office-a.yaml",
    "content/partners/partner-a.yaml",
    "content/districts/district-a/district.yaml",
    "content/districts/district-a/guide.de.md",
    "content/pages/about.ar.md",
    "site-config.yaml",
];

static SITE: LazyLock<quartier::config::SiteConfig> =
    LazyLock::new(|| quartier::config::parse_config(CONFIG).expect("the fuzz config is valid"));

fuzz_target!(|data: &[u8]| {
    let Some((&which, bytes)) = data.split_first() else {
        return;
    };
    let file = FILES[which as usize % FILES.len()];
    if file == "site-config.yaml" {
        if let Ok(text) = std::str::from_utf8(bytes) {
            let _ = quartier::config::parse_config(text);
        }
        return;
    }
    let (raw, _diags) = quartier::content::parse_source(Path::new(file), bytes);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).expect("a date");
    let _ = quartier::validate::validate_content(raw, &SITE, today, true);
});
