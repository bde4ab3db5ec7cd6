//! Stage 3: `validate_content` — [`RawContent`] into checked [`Content`], or every problem.
//!
//! Checks required German texts, language tags, ids, dates, contact formats and all
//! cross-references (office ↔ districts, partner → districts, hours → office/location,
//! district → office, translations → German source). Markdown is rendered here once, because
//! rendering is where its problems (raw HTML, missing alt text) are found.

mod district;
mod document;
mod fields;
mod journey;
mod model;
mod office;
mod partner;
mod records;

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

use district::{check_district, check_office_districts};
use document::*;
use fields::*;
pub use fields::{PLACEHOLDER_PREFIX, is_placeholder};
use journey::{check_journey, check_journey_text};
pub use model::*;
use office::check_office;
use partner::check_partner;

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
    validate_content_with(&raw, config, today, editorial, None)
}

/// [`validate_content`], taking the rendered Markdown of unchanged bodies from `memo` (the
/// preview's rebuilds).
pub fn validate_content_with(
    raw: &RawContent,
    config: &SiteConfig,
    today: NaiveDate,
    editorial: bool,
    memo: Option<&markdown::Memo>,
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
        let hours = hours_by_office.get(&loaded.id).copied();
        let office = check_office(loaded, hours, &district_ids, &raw.broken, config, today, &mut diags);
        offices.insert(loaded.id.clone(), office);
    }

    let mut partners = BTreeMap::new();
    for loaded in &raw.partners {
        partners.insert(
            loaded.id.clone(),
            check_partner(loaded, &district_ids, config, &mut diags),
        );
    }

    // Markdown is rendered in parallel; everything else below is cheap.
    let render_all = |docs: &[LoadedMarkdown]| -> Vec<(markdown::RenderedMarkdown, Vec<Diagnostic>)> {
        use rayon::prelude::*;
        docs.par_iter()
            .map(|md| match memo {
                Some(memo) => memo.render(&md.body, &md.file, md.body_line_offset),
                None => markdown::render(&md.body, &md.file, md.body_line_offset),
            })
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

    let districts: BTreeMap<String, District> = raw
        .districts
        .iter()
        .map(|loaded| {
            let district = check_district(loaded, &raw.offices, &office_ids, &mut guides, config, &mut diags);
            (loaded.id.clone(), district)
        })
        .collect();
    check_office_districts(&raw.offices, &raw.districts, &mut diags);

    let pages = collect_pages(&raw.pages, &mut rendered_pages, config, &mut diags);
    let leaflet_records = records::check_records(raw, &district_ids, config, &mut diags);
    let journeys = collect_journeys(raw, &partners, config, &mut diags, render_all(&raw.journey_texts));

    if editorial {
        editorial_checks(raw, &districts, &pages, config, today, &mut diags);
        for j in journeys.values() {
            translation_report(&j.versions, config, &mut diags);
        }
    }
    explain_drafts(&mut diags, &raw.drafts);
    let external_links = collect_external_links(raw, &pages, &districts);
    let content = Content {
        drafts: raw.drafts.clone(),
        external_links,
        offices,
        partners,
        districts,
        pages,
        journeys,
        leaflet_records,
    };
    if diags.has_errors() {
        (None, diags)
    } else {
        (Some(content), diags)
    }
}

/// The journeys: each `journey.yaml` with its texts; a German text for each.
fn collect_journeys(
    raw: &RawContent,
    partners: &BTreeMap<String, Partner>,
    config: &SiteConfig,
    diags: &mut Diagnostics,
    rendered: Vec<(markdown::RenderedMarkdown, Vec<Diagnostic>)>,
) -> BTreeMap<String, Journey> {
    let partner_ids: BTreeSet<String> = partners
        .keys()
        .cloned()
        .chain(
            raw.broken
                .iter()
                .filter_map(|b| b.strip_prefix("partners/").map(str::to_string)),
        )
        .collect();
    let mut journeys: BTreeMap<String, Journey> = raw
        .journeys
        .iter()
        .map(|loaded| {
            let steps = check_journey(loaded, &partner_ids, config, diags);
            (
                loaded.id.clone(),
                Journey {
                    id: loaded.id.clone(),
                    steps,
                    versions: BTreeMap::new(),
                    sections: BTreeMap::new(),
                    draft: loaded.value.draft,
                },
            )
        })
        .collect();
    for (md, rendered) in raw.journey_texts.iter().zip(rendered) {
        let Some(journey) = journeys.get_mut(&md.id) else {
            if !raw.broken.contains(&format!("journeys/{}", md.id)) {
                diags.push(
                    Diagnostic::error(
                        &md.file,
                        None,
                        format!("text for journey `{}`, which has no journey.yaml", md.id),
                    )
                    .with_help(format!(
                        "create content/journeys/{}/journey.yaml with its steps (`quartier new journey {}` writes one)",
                        md.id, md.id
                    )),
                );
            }
            continue;
        };
        let doc = document(md, rendered, config, diags);
        let (doc, sections) = check_journey_text(md, doc, &journey.steps, config, diags);
        journey.versions.insert(md.lang.clone(), doc);
        journey.sections.insert(md.lang.clone(), sections);
    }
    for loaded in &raw.journeys {
        let Some(journey) = journeys.get(&loaded.id) else {
            continue;
        };
        if !journey.versions.contains_key(&config.default_language) {
            diags.push(
                Diagnostic::error(
                    &loaded.file,
                    None,
                    format!("journey `{}` has no German text", journey.id),
                )
                .with_help(format!(
                    "create content/journeys/{}/journey.{}.md with `title:` and a section `## Title {{#id}}` per step",
                    journey.id, config.default_language
                )),
            );
        }
    }
    journeys
}

/// A link to a page made from a draft (`/offices/x/`, `/districts/y/`, `/<page>/`) reads
/// "broken link" to the link check; say that it points at a draft.
pub fn explain_draft_links(diags: &mut Diagnostics, drafts: &BTreeMap<String, std::path::PathBuf>) {
    for d in diags.iter_mut().filter(|d| d.message.starts_with("broken link `")) {
        let target = d.message["broken link `".len()..]
            .split('`')
            .next()
            .unwrap_or("")
            .to_string();
        let segments: Vec<&str> = target.split(['/', '#']).filter(|s| !s.is_empty()).collect();
        let key = match segments.as_slice() {
            ["offices", id, ..] => format!("offices/{id}"),
            ["districts", id, ..] => format!("districts/{id}"),
            ["journeys", id, ..] => format!("journeys/{id}"),
            [page, ..] => format!("pages/{page}"),
            [] => continue,
        };
        if let Some(file) = drafts.get(&key) {
            d.message = format!("the link `{target}` leads to a draft, which is not published");
            d.help = Some(format!(
                "publish it first (delete `draft: true` in {}), or take the link out until then",
                file.display()
            ));
        }
    }
}

/// A reference to a draft reads "unknown district" to the checks, which do not see drafts;
/// say what it really is.
fn explain_drafts(diags: &mut Diagnostics, drafts: &BTreeMap<String, std::path::PathBuf>) {
    for d in diags.iter_mut() {
        for (kind, section) in [("district", "districts"), ("office", "offices")] {
            let Some(id) = d
                .message
                .strip_prefix(&format!("unknown {kind} `"))
                .and_then(|rest| rest.strip_suffix('`'))
            else {
                continue;
            };
            if let Some(file) = drafts.get(&format!("{section}/{id}")) {
                d.message = format!("the {kind} `{id}` is a draft and is not published");
                d.help = Some(format!(
                    "publish it first (delete `draft: true` in {}), or leave this reference out until then",
                    file.display()
                ));
            }
        }
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
