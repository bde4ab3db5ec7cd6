//! Stage 3: `validate_content` — [`RawContent`] into checked [`Content`], or every problem.
//!
//! Checks required German texts, language tags, ids, dates, contact formats and all
//! cross-references (office ↔ districts, partner → districts, hours → office/location,
//! district → office, translations → German source). Markdown is rendered here once, because
//! rendering is where its problems (raw HTML, missing alt text) are found.

mod document;
mod fields;
mod model;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::config::SiteConfig;
use crate::content::*;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::{self, SourceLink};
use crate::yaml::KeyPositions;
use chrono::NaiveDate;

use crate::diagnostics::Position;
use crate::hours::{self, Closure, Hours, Slot};

use document::*;
use fields::*;
pub use fields::{PLACEHOLDER_PREFIX, is_placeholder};
pub use model::*;

fn collect_external_links(
    raw: &RawContent,
    pages: &BTreeMap<String, Page>,
    districts: &BTreeMap<String, District>,
) -> Vec<ExternalLink> {
    let mut links = Vec::new();
    let web = |value: &Option<String>| {
        value
            .as_ref()
            .filter(|w| w.starts_with("http") && !is_placeholder(w))
            .cloned()
    };
    for o in &raw.offices {
        if let Some(url) = web(&o.value.contact.web) {
            links.push(ExternalLink {
                url,
                file: o.file.clone(),
                position: o.positions.value_at("contact.web"),
            });
        }
    }
    for p in &raw.partners {
        if let Some(url) = web(&p.value.contact.web) {
            links.push(ExternalLink {
                url,
                file: p.file.clone(),
                position: p.positions.value_at("contact.web"),
            });
        }
    }
    let documents = pages
        .values()
        .flat_map(|p| p.versions.values())
        .chain(districts.values().flat_map(|d| d.guide.values()));
    for doc in documents {
        for link in doc
            .links
            .iter()
            .filter(|l| l.href.starts_with("http://") || l.href.starts_with("https://"))
        {
            links.push(ExternalLink {
                url: link.href.clone(),
                file: doc.file.clone(),
                position: link.position,
            });
        }
    }
    links.sort_by(|a, b| (&a.file, a.position).cmp(&(&b.file, b.position)));
    links
}

/// Checks everything and returns the content, or all diagnostics when there are errors.
/// Warnings are returned in both cases.
pub fn validate_content(
    raw: RawContent,
    config: &SiteConfig,
    today: NaiveDate,
    editorial: bool,
) -> (Option<Content>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let broken = |section: &str| -> Vec<String> {
        raw.broken
            .iter()
            .filter_map(|b| b.strip_prefix(section).map(str::to_string))
            .collect()
    };
    // Ids of files that failed to parse count as known, so one mistake is reported once.
    let district_ids: BTreeSet<String> = raw
        .districts
        .iter()
        .map(|d| d.id.clone())
        .chain(broken("districts/"))
        .collect();
    let office_ids: BTreeSet<String> = raw
        .offices
        .iter()
        .map(|o| o.id.clone())
        .chain(broken("offices/"))
        .collect();

    let mut hours_by_office: BTreeMap<String, &Loaded<RawHoursFile>> = BTreeMap::new();
    for h in &raw.hours {
        if !office_ids.contains(&h.id) {
            diags.push(
                Diagnostic::error(&h.file, None, format!("opening hours for unknown office `{}`", h.id)).with_help(
                    format!(
                        "name the file after an office in content/offices/: {}",
                        closest(&h.id, &office_ids)
                    ),
                ),
            );
        } else {
            hours_by_office.insert(h.id.clone(), h);
        }
    }

    let mut offices = BTreeMap::new();
    for loaded in &raw.offices {
        let o = &loaded.value;
        let mut c = FileCheck {
            file: &loaded.file,
            positions: &loaded.positions,
            config,
            diags: &mut diags,
        };
        c.i18n("name", &o.name);
        c.i18n_opt("status_note", &o.status_note);
        c.i18n_opt("description", &o.description);
        if !(o.districts.is_empty() && o.status == OfficeStatus::Planned) {
            c.districts("districts", &o.districts, &district_ids);
        }
        for (i, op) in o.operators.iter().enumerate() {
            c.i18n(&format!("operators.{i}.name"), &op.name);
        }
        for (i, s) in o.services.iter().enumerate() {
            c.i18n(&format!("services.{i}"), s);
        }
        c.spoken_languages("languages", &o.languages);
        c.contact("contact", &o.contact);
        c.date("last_verified", &o.last_verified);
        let mut location_ids = BTreeSet::new();
        for (i, l) in o.locations.iter().enumerate() {
            let at = format!("locations.{i}");
            if !is_valid_id(&l.id) {
                c.error(
                    &format!("{at}.id"),
                    format!("`{}` is not a valid location id", l.id),
                    format!("use lowercase letters, digits and `-`, e.g. `{}`", suggest_id(&l.id)),
                );
            }
            if !location_ids.insert(l.id.clone()) {
                c.error(
                    &format!("{at}.id"),
                    format!("location id `{}` is used twice in this office", l.id),
                    "give each location its own id",
                );
            }
            c.i18n(&format!("{at}.name"), &l.name);
            c.i18n_opt(&format!("{at}.transport"), &l.transport);
            c.i18n_opt(&format!("{at}.accessibility"), &l.accessibility);
            c.geo(&format!("{at}.geo"), &l.geo);
        }
        let mains = o.locations.iter().filter(|l| l.kind == LocationKind::Main).count();
        if o.status != OfficeStatus::Planned && mains != 1 {
            c.error(
                "locations",
                format!("an office that is not `planned` needs exactly one location with `kind: main` (found {mains})"),
                "mark the office itself `kind: main` and every other place `kind: outpost`",
            );
        }
        let hours = hours_by_office.get(&loaded.id);
        let mut checked_hours = BTreeMap::new();
        if let Some(h) = hours {
            for id in h.value.locations.keys() {
                if !location_ids.contains(id) {
                    diags.push(
                        Diagnostic::error(
                            &h.file,
                            Some(h.positions.at(&format!("locations.{id}"))),
                            format!("office `{}` has no location `{id}`", loaded.id),
                        )
                        .with_help(format!(
                            "use a location id from {}: {}",
                            loaded.file.display(),
                            location_ids.iter().cloned().collect::<Vec<_>>().join(", ")
                        )),
                    );
                }
            }
            let mut hc = FileCheck {
                file: &h.file,
                positions: &h.positions,
                config,
                diags: &mut diags,
            };
            let office_closures = hc.closures("closures", &h.value.closures, today);
            for (id, lh) in &h.value.locations {
                hc.i18n_opt(&format!("locations.{id}.note"), &lh.note);
                hc.i18n_opt(&format!("locations.{id}.temporarily_closed"), &lh.temporarily_closed);
                if let Some(checked) = hc.location_hours(id, lh, &office_closures, &o.languages, today) {
                    checked_hours.insert(id.clone(), checked);
                }
            }
        } else if o.status == OfficeStatus::Active && !raw.broken.contains(&format!("opening-hours/{}", loaded.id)) {
            diags.push(
                Diagnostic::warning(
                    &loaded.file,
                    None,
                    format!("office `{}` has no opening-hours file", loaded.id),
                )
                .with_help(format!("create content/opening-hours/{}.yaml", loaded.id)),
            );
        }
        let mut locations: Vec<Location> = o
            .locations
            .iter()
            .map(|l| {
                let lh = hours.and_then(|h| h.value.locations.get(&l.id));
                Location {
                    id: l.id.clone(),
                    kind: l.kind,
                    name: l.name.clone(),
                    address: l.address.clone(),
                    geo: l.geo,
                    transport: l.transport.clone(),
                    accessibility: l.accessibility.clone(),
                    hours: checked_hours.remove(&l.id),
                    hours_note: lh.and_then(|h| h.note.clone()),
                }
            })
            .collect();
        locations.sort_by_key(|l| l.kind != LocationKind::Main);
        offices.insert(
            loaded.id.clone(),
            Office {
                id: loaded.id.clone(),
                name: o.name.clone(),
                status: o.status,
                status_note: o.status_note.clone(),
                since: o.since,
                districts: o.districts.clone(),
                operators: o.operators.clone(),
                description: o.description.clone(),
                locations,
                contact: o.contact.clone(),
                languages: o.languages.clone(),
                services: o.services.clone(),
            },
        );
    }

    let mut partners = BTreeMap::new();
    for loaded in &raw.partners {
        let p = &loaded.value;
        let mut c = FileCheck {
            file: &loaded.file,
            positions: &loaded.positions,
            config,
            diags: &mut diags,
        };
        c.i18n("name", &p.name);
        c.i18n("offer", &p.offer);
        c.i18n_opt("accessibility", &p.accessibility);
        c.districts("districts", &p.districts, &district_ids);
        c.spoken_languages("languages", &p.languages);
        c.contact("contact", &p.contact);
        c.geo("geo", &p.geo);
        c.date("last_verified", &p.last_verified);
        partners.insert(
            loaded.id.clone(),
            Partner {
                id: loaded.id.clone(),
                name: p.name.clone(),
                category: p.category,
                districts: p.districts.clone(),
                offer: p.offer.clone(),
                address: p.address.clone(),
                contact: p.contact.clone(),
                languages: p.languages.clone(),
                opening_hours: p.opening_hours.clone(),
                accessibility: p.accessibility.clone(),
                on_leaflet: p.on_leaflet,
            },
        );
    }

    // Markdown is rendered in parallel; everything else below is cheap.
    let render_all = |docs: &[LoadedMarkdown]| -> Vec<(markdown::RenderedMarkdown, Vec<Diagnostic>)> {
        use rayon::prelude::*;
        docs.par_iter()
            .map(|md| markdown::render(&md.body, &md.file, md.body_line_offset))
            .collect()
    };
    let mut rendered_guides = render_all(&raw.guides).into_iter();
    let mut rendered_pages = render_all(&raw.pages).into_iter();
    let mut guides: BTreeMap<String, BTreeMap<String, Document>> = BTreeMap::new();
    for md in &raw.guides {
        let rendered = rendered_guides.next().unwrap_or_default();
        if !district_ids.contains(&md.id) {
            diags.push(
                Diagnostic::error(
                    &md.file,
                    None,
                    format!("guide for district `{}`, which has no district.yaml", md.id),
                )
                .with_help(format!("create content/districts/{}/district.yaml", md.id)),
            );
            continue;
        }
        let doc = document(md, rendered, config, &mut diags);
        guides.entry(md.id.clone()).or_default().insert(md.lang.clone(), doc);
    }

    let mut districts = BTreeMap::new();
    for loaded in &raw.districts {
        let d = &loaded.value;
        let mut c = FileCheck {
            file: &loaded.file,
            positions: &loaded.positions,
            config,
            diags: &mut diags,
        };
        c.i18n("name", &d.name);
        let named = d.office.clone().unwrap_or_default();
        match raw.offices.iter().find(|o| Some(&o.id) == d.office.as_ref()) {
            None if d.office.is_none() || office_ids.contains(&named) => {}
            None => c.error(
                "office",
                format!("unknown office `{named}`"),
                format!(
                    "use the file name (without .yaml) of an office in content/offices/, or `office: null` while none is responsible: {}",
                    closest(&named, &office_ids)
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
        districts.insert(
            loaded.id.clone(),
            District {
                id: loaded.id.clone(),
                name: d.name.clone(),
                stadtteile: d.stadtteile.clone(),
                office: d.office.clone(),
                guide,
            },
        );
    }
    // Each office's districts must name it as responsible, so the two files agree.
    for loaded in &raw.offices {
        for (i, id) in loaded.value.districts.iter().enumerate() {
            if let Some(d) = raw.districts.iter().find(|d| &d.id == id)
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

    let mut pages: BTreeMap<String, Page> = BTreeMap::new();
    for md in &raw.pages {
        let rendered = rendered_pages.next().unwrap_or_default();
        if RESERVED_PAGE_IDS.contains(&md.id.as_str()) {
            diags.push(
                Diagnostic::error(
                    &md.file,
                    None,
                    format!("`{}` is reserved for a generated section", md.id),
                )
                .with_help("rename the page file, e.g. `about-us`"),
            );
            continue;
        }
        let doc = document(md, rendered, config, &mut diags);
        pages
            .entry(md.id.clone())
            .or_insert_with(|| Page {
                id: md.id.clone(),
                versions: BTreeMap::new(),
            })
            .versions
            .insert(md.lang.clone(), doc);
    }
    for page in pages.values() {
        if !page.versions.contains_key(&config.default_language) {
            let any = page
                .versions
                .values()
                .next()
                .map(|d| d.file.clone())
                .unwrap_or_default();
            diags.push(
                Diagnostic::error(any, None, format!("page `{}` has no German version", page.id)).with_help(format!(
                    "create content/pages/{}.{}.md; translations are made from the German text",
                    page.id, config.default_language
                )),
            );
        }
    }

    if editorial {
        for d in districts.values() {
            translation_report(&d.guide, config, &mut diags);
        }
        for p in pages.values() {
            translation_report(&p.versions, config, &mut diags);
        }
        let offices = raw
            .offices
            .iter()
            .map(|l| (&l.file, &l.positions, &l.value.last_verified));
        let partners = raw
            .partners
            .iter()
            .map(|l| (&l.file, &l.positions, &l.value.last_verified));
        for (file, positions, last_verified) in offices.chain(partners) {
            stale_check(file, positions, last_verified, config, today, &mut diags);
        }
    }
    let external_links = collect_external_links(&raw, &pages, &districts);
    let content = Content {
        external_links,
        offices,
        partners,
        districts,
        pages,
    };
    if diags.has_errors() {
        (None, diags)
    } else {
        (Some(content), diags)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_ids_first() {
        let known: BTreeSet<String> = ["eving", "scharnhorst", "brackel"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert!(closest("scharnhost", &known).starts_with("scharnhorst"));
    }
}
