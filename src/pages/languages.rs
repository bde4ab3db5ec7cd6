//! Who advises in my language: a page per spoken language (`languages/<tag>/`) listing every
//! office, hour slot and partner that advises in it, grouped by district with the district's
//! own office first; and the list of all spoken languages (`languages/`).

use super::*;
use crate::hours::EntryKind;

/// The name of spoken language `tag` in `l`'s language (UI string `language_name_<tag>`), or
/// its own name from `spoken_languages`.
pub(super) fn language_name(l: &Localizer, tag: &str) -> String {
    let key = format!("language_name_{tag}");
    match l.ui.get(&key) {
        Some(name) => name.clone(),
        None => l
            .config
            .spoken_languages
            .get(tag)
            .cloned()
            .unwrap_or_else(|| tag.to_string()),
    }
}

/// "Advice in Farsi" in `l`'s language.
pub(super) fn advice_title(l: &Localizer, tag: &str) -> String {
    l.ui("advice_in_title").replace("{language}", &language_name(l, tag))
}

#[derive(Serialize)]
struct SlotLine {
    day: String,
    from: String,
    to: String,
}

#[derive(Serialize)]
struct PlaceView {
    name: TextView,
    address: AddressView,
    /// The sessions in the language, in the regular week.
    slots: Vec<SlotLine>,
    /// The hours are not known yet.
    hours_unknown: bool,
}

#[derive(Serialize)]
struct OfficeLine {
    name: TextView,
    url: String,
    /// The district's own office.
    own: bool,
    /// The office names the language for all its advice.
    whole_office: bool,
    places: Vec<PlaceView>,
}

#[derive(Serialize)]
struct DistrictGroup {
    id: String,
    name: TextView,
    offices: Vec<OfficeLine>,
    partners: Vec<PartnerLine>,
}

/// A partner as the language page lists it: what the card says, not the whole partner view
/// (a page in a widely spoken language lists thousands of partners on a large site).
#[derive(Serialize)]
struct PartnerLine {
    id: String,
    name: TextView,
    category_label: String,
    offer: TextView,
    address: Option<AddressView>,
}

impl PartnerLine {
    fn new(l: &Localizer, p: &Partner) -> Self {
        PartnerLine {
            id: p.id.clone(),
            name: l.text(&p.name, false),
            category_label: l.ui(&format!("category_{}", p.category.key())),
            offer: l.text(&p.offer, true),
            address: p.address.as_ref().map(|a| l.address(a)),
        }
    }
}

/// The places of `o` where advice in `tag` is given, with its sessions; `None` if none.
fn office_line(l: &Localizer, o: &Office, tag: &str, district: &District) -> Option<OfficeLine> {
    let own = Some(&o.id) == district.office.as_ref();
    let whole_office = o.languages.iter().any(|t| t == tag);
    let mut places = Vec::new();
    for loc in &o.locations {
        let facts = l.facts_of(o, loc);
        let slots: Vec<SlotLine> = facts
            .map(|f| {
                f.resolved
                    .week
                    .iter()
                    .zip(crate::hours::WEEKDAYS)
                    .flat_map(|(entries, weekday)| {
                        entries
                            .iter()
                            .filter(|e| matches!(&e.kind, EntryKind::Open(_, langs) if langs.iter().any(|t| t == tag)))
                            .map(move |e| SlotLine {
                                day: l.ui(crate::hours::weekday_key(weekday)),
                                from: crate::hours::clock(e.start),
                                to: crate::hours::clock(e.end),
                            })
                    })
                    .collect()
            })
            .unwrap_or_default();
        let hours_unknown = loc.hours.is_none();
        if slots.is_empty() && !(whole_office && hours_unknown) {
            continue;
        }
        places.push(PlaceView {
            name: l.text(&loc.name, false),
            address: l.address(&loc.address),
            slots,
            hours_unknown,
        });
    }
    (whole_office || !places.is_empty()).then(|| OfficeLine {
        name: l.text(&o.name, false),
        url: l.url(&routes::office(&o.id)),
        own,
        whole_office,
        places,
    })
}

/// The page of spoken language `tag`: every office, slot and partner advising in it, by district.
pub(super) fn language_page(
    l: &Localizer,
    content: &Content,
    tag: &str,
    own_titles: &BTreeMap<String, (String, String, &'static str)>,
    offices_by_district: &BTreeMap<&str, Vec<&Office>>,
    partners_by_district: &BTreeMap<&str, Vec<&Partner>>,
) -> LocalizedPage {
    let suffix = routes::spoken_language(tag);
    let title = advice_title(l, tag);
    let mut ctx = l.base_context(&suffix, &title, "languages");
    let mut groups: Vec<DistrictGroup> = content
        .districts
        .values()
        .map(|d| {
            let mut offices: Vec<&Office> = offices_by_district.get(d.id.as_str()).cloned().unwrap_or_default();
            // The district's own office first.
            offices.sort_by_key(|o| (Some(&o.id) != d.office.as_ref(), o.id.clone()));
            let mut partners: Vec<PartnerLine> = partners_by_district
                .get(d.id.as_str())
                .into_iter()
                .flatten()
                .filter(|p| p.languages.iter().any(|t| t == tag))
                .map(|p| PartnerLine::new(l, p))
                .collect();
            l.sort_by_text(&mut partners, |p| p.name.text.clone());
            DistrictGroup {
                id: d.id.clone(),
                name: l.text(&d.name, false),
                offices: offices.into_iter().filter_map(|o| office_line(l, o, tag, d)).collect(),
                partners,
            }
        })
        .filter(|g| !g.offices.is_empty() || !g.partners.is_empty())
        .collect();
    l.sort_by_text(&mut groups, |g| g.name.text.clone());
    ctx.insert("description", &title);
    ctx.insert("tag", tag);
    ctx.insert(
        "endonym",
        &l.config.spoken_languages.get(tag).cloned().unwrap_or_default(),
    );
    // The title in the language itself, when the site speaks it ("مشاوره به زبان فارسی").
    if let Some((own, html_lang, dir)) = own_titles.get(tag).filter(|_| l.lang.tag != tag) {
        ctx.insert("own_title", &own);
        ctx.insert("own_html_lang", &html_lang);
        ctx.insert("own_dir", dir);
    }
    let offices: std::collections::BTreeSet<&str> = groups
        .iter()
        .flat_map(|g| g.offices.iter().map(|o| o.url.as_str()))
        .collect();
    let partners: std::collections::BTreeSet<&str> = groups
        .iter()
        .flat_map(|g| g.partners.iter().map(|p| p.id.as_str()))
        .collect();
    ctx.insert("offices_count", &l.plural("offices_count", offices.len()));
    ctx.insert("partners_count", &l.plural("partners_count", partners.len()));
    ctx.insert("empty", &groups.is_empty());
    ctx.insert("groups", &groups);
    ctx.insert("all_url", &l.url(&routes::spoken_languages()));
    ctx.insert("all_partners_url", &l.url(&routes::partners()));
    LocalizedPage {
        url: l.url(&suffix),
        lang: l.lang.tag.clone(),
        template: "language.html",
        context: ctx,
        markdown_links: Vec::new(),
    }
}

#[derive(Serialize)]
pub(super) struct SpokenLink {
    tag: String,
    name: String,
    endonym: String,
    url: String,
    /// How many offices and partners advise in it.
    count: usize,
}

/// Every spoken language with a link to its page, in `l`'s language.
pub(super) fn spoken_links(l: &Localizer, content: &Content) -> Vec<SpokenLink> {
    let mut links: Vec<SpokenLink> = l
        .config
        .spoken_languages
        .iter()
        .map(|(tag, endonym)| {
            let speaks = |langs: &[String]| langs.iter().any(|t| t == tag);
            let offices = content
                .offices
                .values()
                .filter(|o| {
                    speaks(&o.languages)
                        || o.locations
                            .iter()
                            .any(|loc| loc.hours.as_ref().is_some_and(|h| h.speaks(tag)))
                })
                .count();
            let partners = content.partners.values().filter(|p| speaks(&p.languages)).count();
            SpokenLink {
                tag: tag.clone(),
                name: language_name(l, tag),
                endonym: endonym.clone(),
                url: l.url(&routes::spoken_language(tag)),
                count: offices + partners,
            }
        })
        .collect();
    l.sort_by_text(&mut links, |s| s.name.clone());
    links
}

/// The list of spoken languages.
pub(super) fn languages_page(l: &Localizer, content: &Content) -> LocalizedPage {
    let suffix = routes::spoken_languages();
    let title = l.ui("languages_title");
    let mut ctx = l.base_context(&suffix, &title, "languages");
    ctx.insert("description", &l.ui("languages_intro"));
    ctx.insert("spoken", &spoken_links(l, content));
    LocalizedPage {
        url: l.url(&suffix),
        lang: l.lang.tag.clone(),
        template: "languages.html",
        context: ctx,
        markdown_links: Vec::new(),
    }
}
