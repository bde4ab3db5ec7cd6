//! Who advises in my language: a page per spoken language (`languages/<tag>/`) listing every
//! office, hour slot and partner that advises in it, grouped by district with the district's
//! own office first; and the list of all spoken languages (`languages/`).

use std::sync::Arc;

use rustc_hash::FxHashMap;

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
    /// The section already rendered (`language_district.html`, a tera string: shared, not
    /// copied, into the page): the page puts it in as it is, and `offices` and `partners` are
    /// left empty.
    html: Option<tera::Value>,
    /// The URLs of the offices it lists (for the page's counts).
    #[serde(skip)]
    office_urls: Vec<String>,
    /// The ids of the partners it lists (for the page's counts).
    #[serde(skip)]
    partner_ids: Vec<String>,
}

/// One district's section of a spoken language's page, rendered, with what the page counts.
pub(super) struct LanguageSection {
    name: TextView,
    html: tera::Value,
    /// The URLs of the offices it lists.
    offices: Vec<String>,
    /// The ids of the partners it lists.
    partners: Vec<String>,
}

/// A district's sections, each with its (site language, spoken language); `None`: the
/// district has nothing in that spoken language.
type DistrictSections = Vec<(String, String, Option<Arc<LanguageSection>>)>;

/// The rendered district sections of the spoken languages' pages, kept by the preview from
/// one rebuild to the next (a page in a widely spoken language lists every district: after an
/// edit, only the sections of the districts it touched are made again). By district, each
/// district's list shared: carrying them over to the next rebuild copies no section.
#[derive(Clone, Default)]
pub struct LanguageSections(FxHashMap<String, Arc<DistrictSections>>);

impl LanguageSections {
    /// The sections of the districts `changed` does not name.
    pub(super) fn without(&self, changed: &(dyn Fn(&str) -> bool + Sync)) -> Self {
        LanguageSections(
            self.0
                .iter()
                .filter(|(district, _)| !changed(district))
                .map(|(district, sections)| (district.clone(), Arc::clone(sections)))
                .collect(),
        )
    }

    /// The section of `district` on the page of spoken language `tag` in site language
    /// `lang`: `None` if not kept, `Some(None)` if the district has nothing in it.
    fn get(&self, lang: &str, tag: &str, district: &str) -> Option<Option<Arc<LanguageSection>>> {
        self.0
            .get(district)?
            .iter()
            .find(|(l, t, _)| l == lang && t == tag)
            .map(|(_, _, section)| section.clone())
    }

    fn keep(&mut self, lang: &str, tag: &str, district: &str, section: Option<Arc<LanguageSection>>) {
        let sections = Arc::make_mut(self.0.entry(district.to_string()).or_default());
        sections.retain(|(l, t, _)| l != lang || t != tag);
        sections.push((lang.to_string(), tag.to_string(), section));
    }
}

/// Where a page of a spoken language finds and keeps its rendered sections: the kept ones and
/// the theme to render new ones with (the preview only; a build renders every section once).
pub(super) struct SectionStore<'a> {
    pub(super) sections: &'a std::sync::Mutex<LanguageSections>,
    pub(super) theme: &'a Theme,
}

/// The kept sections, for a moment.
fn lock<'a>(store: &SectionStore<'a>) -> std::sync::MutexGuard<'a, LanguageSections> {
    store.sections.lock().unwrap_or_else(|e| e.into_inner())
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

/// The group of district `d` on the page of spoken language `tag`: its offices (its own
/// first) and partners advising in it; `None` if it has none.
fn district_group(
    l: &Localizer,
    d: &District,
    tag: &str,
    offices_by_district: &BTreeMap<&str, Vec<&Office>>,
    partners_by_district: &BTreeMap<&str, Vec<&Partner>>,
) -> Option<DistrictGroup> {
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
    let offices: Vec<OfficeLine> = offices.into_iter().filter_map(|o| office_line(l, o, tag, d)).collect();
    (!offices.is_empty() || !partners.is_empty()).then(|| DistrictGroup {
        id: d.id.clone(),
        name: l.text(&d.name, false),
        office_urls: offices.iter().map(|o| o.url.clone()).collect(),
        partner_ids: partners.iter().map(|p| p.id.clone()).collect(),
        offices,
        partners,
        html: None,
    })
}

/// The page of spoken language `tag`: every office, slot and partner advising in it, by district.
/// With a `store`, each district's section is taken from it when kept, else rendered and kept.
pub(super) fn language_page(
    l: &Localizer,
    content: &Content,
    tag: &str,
    own_titles: &BTreeMap<String, (String, String, &'static str)>,
    offices_by_district: &BTreeMap<&str, Vec<&Office>>,
    partners_by_district: &BTreeMap<&str, Vec<&Partner>>,
    store: Option<&SectionStore>,
) -> LocalizedPage {
    let suffix = routes::spoken_language(tag);
    let title = advice_title(l, tag);
    let mut ctx = l.base_context(&suffix, &title, "languages");
    ctx.insert("all_url", &l.url(&routes::spoken_languages()));
    ctx.insert("all_partners_url", &l.url(&routes::partners()));
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
    let mut groups: Vec<DistrictGroup> = Vec::new();
    for d in content.districts.values() {
        let kept = store.and_then(|s| lock(s).get(&l.lang.tag, tag, &d.id));
        let group = match kept {
            Some(None) => continue,
            Some(Some(section)) => DistrictGroup {
                id: d.id.clone(),
                name: section.name.clone(),
                offices: Vec::new(),
                partners: Vec::new(),
                html: Some(section.html.clone()),
                office_urls: section.offices.clone(),
                partner_ids: section.partners.clone(),
            },
            None => {
                let group = district_group(l, d, tag, offices_by_district, partners_by_district);
                let Some(mut group) = group else {
                    if let Some(s) = store {
                        lock(s).keep(&l.lang.tag, tag, &d.id, None);
                    }
                    continue;
                };
                if let Some(s) = store {
                    // A section that does not render is left to the page, whose rendering
                    // reports the template's problem.
                    let mut section_ctx = ctx.clone();
                    section_ctx.insert("g", &group);
                    if let Ok(html) = s.theme.tera.render("language_district.html", &section_ctx) {
                        let html = tera::Value::safe_string(&html);
                        let section = LanguageSection {
                            name: group.name.clone(),
                            html: html.clone(),
                            offices: group.office_urls.clone(),
                            partners: group.partner_ids.clone(),
                        };
                        lock(s).keep(&l.lang.tag, tag, &d.id, Some(Arc::new(section)));
                        group.offices.clear();
                        group.partners.clear();
                        group.html = Some(html);
                    }
                }
                group
            }
        };
        groups.push(group);
    }
    l.sort_by_text(&mut groups, |g| g.name.text.clone());
    let offices: std::collections::BTreeSet<&str> = groups
        .iter()
        .flat_map(|g| g.office_urls.iter().map(String::as_str))
        .collect();
    let partners: std::collections::BTreeSet<&str> = groups
        .iter()
        .flat_map(|g| g.partner_ids.iter().map(String::as_str))
        .collect();
    ctx.insert("offices_count", &l.plural("offices_count", offices.len()));
    ctx.insert("partners_count", &l.plural("partners_count", partners.len()));
    ctx.insert("empty", &groups.is_empty());
    ctx.insert("groups", &groups);
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
