//! Records of printed leaflets (`content/printed-leaflets/<district>/<version>.yaml`): written by
//! `build --pdf`, never by hand; each must still say what its version says.

use super::*;

/// Checks the records; returns the usable ones by (district, version).
pub(super) fn check_records(
    raw: &RawContent,
    district_ids: &BTreeSet<String>,
    config: &SiteConfig,
    diags: &mut Diagnostics,
) -> BTreeMap<(String, String), LeafletRecord> {
    let mut records = BTreeMap::new();
    for loaded in &raw.leaflet_records {
        let r = &loaded.value;
        let (folder, stem) = loaded.id.split_once('/').unwrap_or(("", &loaded.id));
        let before = diags.error_count();
        let mut c = FileCheck::of(loaded, config, diags);
        let restore = format!(
            "records are written by `quartier build --pdf` and must not be edited; restore the file from version control (`git checkout -- {}`), or delete it if no leaflet of this version hangs anywhere any more",
            loaded.file.display()
        );
        if r.version != stem {
            c.error(
                "version",
                format!("the record's version `{}` is not its file name `{stem}`", r.version),
                restore.clone(),
            );
        } else if r.said.version() != r.version {
            c.error(
                "said",
                format!(
                    "what this record says no longer matches its version `{}`: it was changed by hand",
                    r.version
                ),
                restore.clone(),
            );
        }
        if r.district != folder {
            c.error(
                "district",
                format!(
                    "the record names district `{}` but lies in the folder `{folder}`",
                    r.district
                ),
                restore.clone(),
            );
        } else if !district_ids.contains(&r.district) {
            c.error(
                "district",
                format!(
                    "district `{}` does not exist any more, so the page its printed leaflets lead to cannot be made",
                    r.district
                ),
                "keep the district (it may be a draft), or delete this record when none of its leaflets hangs anywhere any more",
            );
        }
        if r.printed.is_empty() {
            c.error("printed", "the record lists no printed copy", restore.clone());
        }
        let mut printed = Vec::new();
        for (i, copy) in r.printed.iter().enumerate() {
            if c.config.language(&copy.language).is_none() {
                c.error(
                    &format!("printed.{i}.language"),
                    format!("`{}` is not a configured language", copy.language),
                    format!("configured: {}", c.config.tag_list(true)),
                );
            }
            match crate::dates::parse_date(&copy.date) {
                Ok(date) => printed.push((copy.language.clone(), date)),
                Err(e) => c.error(&format!("printed.{i}.date"), e, "write the day as YYYY-MM-DD"),
            }
        }
        if diags.error_count() == before {
            records.insert(
                (r.district.clone(), r.version.clone()),
                LeafletRecord {
                    district: r.district.clone(),
                    version: r.version.clone(),
                    file: loaded.file.clone(),
                    printed,
                    said: r.said.clone(),
                },
            );
        }
    }
    records
}
