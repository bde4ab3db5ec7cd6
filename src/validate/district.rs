//! A district file: its name, its responsible office (both files must agree), its guide.

use super::*;

/// Checks one district, takes its guide out of `guides`, and builds the checked value.
pub(super) fn check_district(
    loaded: &Loaded<RawDistrict>,
    offices: &[Loaded<RawOffice>],
    office_ids: &BTreeSet<String>,
    guides: &mut BTreeMap<String, BTreeMap<String, Document>>,
    config: &SiteConfig,
    diags: &mut Diagnostics,
) -> District {
    let d = &loaded.value;
    let mut c = FileCheck::of(loaded, config, diags);
    c.i18n("name", &d.name);
    let named = d.office.clone().unwrap_or_default();
    match offices.iter().find(|o| Some(&o.id) == d.office.as_ref()) {
        None if d.office.is_none() || office_ids.contains(&named) => {}
        None => c.error(
            "office",
            format!("unknown office `{named}`"),
            format!(
                "use the file name (without .yaml) of an office in content/offices/, or `office: null` while none is responsible: {}",
                closest(&named, office_ids)
            ),
        ),
        Some(office) if !office.value.districts.contains(&loaded.id) => c.error(
            "office",
            format!(
                "office `{named}` does not list district `{}` under `districts`",
                loaded.id
            ),
            format!(
                "add `{}` to `districts` in {}, or name the office that does serve it",
                loaded.id,
                office.file.display()
            ),
        ),
        Some(_) => {}
    }
    let guide = guides.remove(&loaded.id).unwrap_or_default();
    if !guide.contains_key(&config.default_language) {
        diags.push(
            Diagnostic::error(
                &loaded.file,
                None,
                format!("district `{}` has no German guide", loaded.id),
            )
            .with_help(format!(
                "create content/districts/{}/guide.{}.md; every page needs its German text",
                loaded.id, config.default_language
            )),
        );
    }
    District {
        id: loaded.id.clone(),
        name: d.name.clone(),
        stadtteile: d.stadtteile.clone(),
        office: d.office.clone(),
        guide,
        draft: d.draft,
    }
}

/// Each office's districts must name it as responsible, so the two files agree.
pub(super) fn check_office_districts(
    offices: &[Loaded<RawOffice>],
    districts: &[Loaded<RawDistrict>],
    diags: &mut Diagnostics,
) {
    for loaded in offices {
        for (i, id) in loaded.value.districts.iter().enumerate() {
            if let Some(d) = districts.iter().find(|d| &d.id == id)
                && d.value.office.as_ref() != Some(&loaded.id)
            {
                diags.push(
                    Diagnostic::error(
                        &loaded.file,
                        Some(loaded.positions.at(&format!("districts.{i}"))),
                        format!(
                            "district `{id}` names office `{}` as responsible, not `{}`",
                            d.value.office.as_deref().unwrap_or("null"),
                            loaded.id
                        ),
                    )
                    .with_help(format!(
                        "remove `{id}` here, or change `office:` in {}",
                        d.file.display()
                    )),
                );
            }
        }
    }
}
