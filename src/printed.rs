//! Records of printed leaflets: after `build --pdf` has printed and published leaflets, one
//! file per district and version in `content/printed-leaflets/<district>/<version>.yaml` says
//! what they said and when each language was printed. Later builds keep a page for every
//! recorded version (the printed QR code leads there) and `check` says which to reprint.

use std::collections::BTreeMap;
use std::path::Path;

use crate::PdfSelection;
use crate::config::SiteConfig;
use crate::content::{CONTENT_DIR, PrintedCopy, PrintedFacts, RawLeafletRecord};
use crate::output::WriteError;

/// The folder of the records, under `content/`.
pub const RECORDS_DIR: &str = "printed-leaflets";

const HEADER: &str = "# Written by `quartier build --pdf` when these leaflets were printed. Do not edit: the version is
# the hash of what the leaflet said (`said`), and every later build keeps a page for it, which the
# printed QR code leads to. Commit this file. Delete it when no copy of this version hangs anywhere.
";

/// Writes or extends the record of each district's current leaflet for the languages printed
/// on `today`.
pub fn record(
    root: &Path,
    config: &SiteConfig,
    leaflets: &BTreeMap<String, PrintedFacts>,
    selection: &PdfSelection,
    today: chrono::NaiveDate,
) -> Result<(), WriteError> {
    for (district, facts) in leaflets {
        let languages: Vec<&str> = config
            .languages
            .iter()
            .filter(|l| selection.includes(&l.tag, district))
            .map(|l| l.tag.as_str())
            .collect();
        if languages.is_empty() {
            continue;
        }
        let version = facts.version();
        let dir = root.join(CONTENT_DIR).join(RECORDS_DIR).join(district);
        let file = dir.join(format!("{version}.yaml"));
        // An existing record of this version keeps its copies; a broken one is replaced.
        let mut record = std::fs::read_to_string(&file)
            .ok()
            .and_then(|text| crate::yaml::parse::<RawLeafletRecord>(&text, &file, 0).ok())
            .map(|parsed| parsed.value)
            .filter(|r| r.said == *facts)
            .unwrap_or_else(|| RawLeafletRecord {
                version: version.clone(),
                district: district.clone(),
                printed: Vec::new(),
                said: facts.clone(),
            });
        for lang in languages {
            let copy = PrintedCopy {
                language: lang.to_string(),
                date: today.to_string(),
            };
            if !record.printed.contains(&copy) {
                record.printed.push(copy);
            }
        }
        let text = format!("{HEADER}{}", crate::yaml::to_string(&record));
        crate::output::ctx(&dir, std::fs::create_dir_all(&dir))?;
        crate::output::ctx(&file, std::fs::write(&file, text))?;
    }
    Ok(())
}
