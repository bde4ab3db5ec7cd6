//! Stage 4: `localize_site` — checked [`Content`] into one [`LocalizedPage`] per page and
//! language, with every text resolved along the language's fallback chain.
//!
//! A missing translation never yields a blank: the fallback text is used and marked with its
//! own `lang` (and, for longer texts, a visible "only in German" label).

mod district;
mod home;
mod hours_view;
mod journey;
mod languages;
mod leaflet;
mod localizer;
mod office;
pub(crate) mod routes;
mod show;
mod views;

use district::*;
use home::*;
pub use hours_view::HoursFacts;
use hours_view::OpenNowView;
use journey::*;
pub use languages::LanguageSections;
use languages::*;
pub use leaflet::LeafletColumns;
use leaflet::*;
use localizer::*;
use office::*;
pub use routes::pdf_file_name;
use show::*;
use views::*;

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use serde::Serialize;

use crate::hours;

use crate::config::{Language, SiteConfig};
use crate::content::{I18n, LocationKind, NavPlace, OfficeStatus, PartnerCategory};
use crate::html::escape_html as escape;
use crate::markdown::SourceLink;
use crate::theme::{Markup, Strings, Theme};
use crate::validate::{Content, District, Document, Office, PLACEHOLDER_PREFIX, Partner, is_placeholder};

/// One page in one language, ready for its template.
pub struct LocalizedPage {
    /// Site-absolute URL, e.g. `/de/offices/brackel-aplerbeck/`.
    pub url: String,
    /// Language tag.
    pub lang: String,
    /// Template file name under `templates/`.
    pub template: &'static str,
    /// Template variables.
    pub context: tera::Context,
    /// Links written in Markdown shown on this page, for error positions.
    pub markdown_links: Vec<(PathBuf, std::sync::Arc<[SourceLink]>)>,
}

/// A page that exists in every language: its URL after the language prefix.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PageKey {
    /// e.g. `offices/brackel-aplerbeck/`; empty for the home page.
    pub suffix: String,
}

/// One page to make in one language: the unit the build streams through rendering,
/// post-processing and writing.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PageJob {
    /// The home page.
    Home,
    /// The partner directory.
    Partners,
    /// A district page, by district id.
    District(String),
    /// An office page (and its calendar and open-now files), by office id.
    Office(String),
    /// A content page, by page id.
    Page(String),
    /// The search page.
    Search,
    /// A district's leaflet, by district id.
    Leaflet(String),
    /// Whether a printed leaflet is up to date: (district id, version).
    LeafletVersion(String, String),
    /// A journey, by journey id (the reader chooses a district).
    Journey(String),
    /// A journey for one district: (journey id, district id).
    JourneyIn(String, String),
    /// The printable checklist of a journey for one district: (journey id, district id).
    Checklist(String, String),
    /// The list of spoken languages.
    Languages,
    /// Who advises in a spoken language, by its tag.
    SpokenLanguage(String),
    /// An office's view to show at the counter, by office id.
    ShowOffice(String),
    /// A partner's view to show at the counter, by partner id.
    ShowPartner(String),
}

impl PageJob {
    /// The page's URL after the language prefix, e.g. `offices/brackel-aplerbeck/`.
    pub fn suffix(&self) -> String {
        match self {
            PageJob::Home => routes::home(),
            PageJob::Partners => routes::partners(),
            PageJob::District(id) => routes::district(id),
            PageJob::Office(id) => routes::office(id),
            PageJob::Page(id) => routes::page(id),
            PageJob::Search => routes::search(),
            PageJob::Leaflet(id) => routes::leaflet(id),
            PageJob::LeafletVersion(id, version) => routes::leaflet_version(id, version),
            PageJob::Journey(id) => routes::journey(id),
            PageJob::JourneyIn(id, d) => routes::journey_in(id, d),
            PageJob::Checklist(id, d) => routes::checklist(id, d),
            PageJob::Languages => routes::spoken_languages(),
            PageJob::SpokenLanguage(tag) => routes::spoken_language(tag),
            PageJob::ShowOffice(id) => routes::show_office(id),
            PageJob::ShowPartner(id) => routes::show_partner(id),
        }
    }
}

impl PageJob {
    /// Whether and as what the page goes into the search index (the leaflets and the search
    /// page itself do not), with the id of what it shows.
    pub fn search_kind(&self) -> Option<(crate::search::PageKind, &str)> {
        use crate::search::PageKind;
        match self {
            PageJob::Home => Some((PageKind::Home, "")),
            PageJob::Partners => Some((PageKind::Partners, "")),
            PageJob::District(id) => Some((PageKind::District, id)),
            PageJob::Office(id) => Some((PageKind::Office, id)),
            PageJob::Page(id) | PageJob::Journey(id) | PageJob::SpokenLanguage(id) => Some((PageKind::Page, id)),
            PageJob::Languages => Some((PageKind::Page, "")),
            // A journey's version per district repeats its page: one search result is enough.
            PageJob::Search
            | PageJob::Leaflet(_)
            | PageJob::LeafletVersion(..)
            | PageJob::JourneyIn(..)
            | PageJob::Checklist(..)
            | PageJob::ShowOffice(_)
            | PageJob::ShowPartner(_) => None,
        }
    }
}

/// Every page of a language in a stable order; content pages only where `has_page` says the
/// language (or its fallback) has a version.
fn all_jobs(
    content: &Content,
    config: &SiteConfig,
    leaflet_versions: &BTreeMap<String, std::collections::BTreeSet<String>>,
    has_page: impl Fn(&crate::validate::Page) -> bool,
) -> Vec<PageJob> {
    let mut jobs = vec![PageJob::Home, PageJob::Partners, PageJob::Languages];
    jobs.extend(config.spoken_languages.keys().cloned().map(PageJob::SpokenLanguage));
    jobs.extend(content.districts.keys().cloned().map(PageJob::District));
    jobs.extend(content.offices.keys().cloned().map(PageJob::Office));
    jobs.extend(content.offices.keys().cloned().map(PageJob::ShowOffice));
    jobs.extend(content.partners.keys().cloned().map(PageJob::ShowPartner));
    jobs.extend(
        content
            .pages
            .values()
            .filter(|p| has_page(p))
            .map(|p| PageJob::Page(p.id.clone())),
    );
    for j in content.journeys.keys() {
        jobs.push(PageJob::Journey(j.clone()));
        jobs.extend(
            content
                .districts
                .keys()
                .map(|d| PageJob::JourneyIn(j.clone(), d.clone())),
        );
    }
    jobs.push(PageJob::Search);
    jobs.extend(content.districts.keys().cloned().map(PageJob::Leaflet));
    for (district, versions) in leaflet_versions {
        jobs.extend(
            versions
                .iter()
                .map(|v| PageJob::LeafletVersion(district.clone(), v.clone())),
        );
    }
    for j in content.journeys.keys() {
        jobs.extend(
            content
                .districts
                .keys()
                .map(|d| PageJob::Checklist(j.clone(), d.clone())),
        );
    }
    jobs
}

/// Makes the pages of the site, one at a time, in any language: what all languages share is
/// made once in [`localize_site`], what one language's pages share once per language
/// ([`SiteLocalizer::language`]).
pub struct SiteLocalizer<'a> {
    content: &'a Content,
    config: &'a SiteConfig,
    theme: &'a Theme,
    facts: &'a HoursTable,
    today: NaiveDate,
    german_columns: LeafletColumns,
    /// The leaflet versions that have a page, by district: today's and every printed one.
    leaflet_versions: BTreeMap<String, std::collections::BTreeSet<String>>,
    german_html_lang: String,
    /// The German localizer: the German half of the views shown at the counter.
    german: Option<Localizer<'a>>,
    /// "Advice in X" in the language X itself, for each spoken language the site is written
    /// in: (title, html lang, dir).
    own_advice_titles: BTreeMap<String, (String, String, &'static str)>,
    /// The partners of each district, in id order.
    partners_by_district: BTreeMap<&'a str, Vec<&'a Partner>>,
    /// The offices serving each district, each once, in id order.
    offices_by_district: BTreeMap<&'a str, Vec<&'a Office>>,
    pdf: &'a (dyn Fn(&str, &str) -> bool + Sync),
    /// The preview's rendered sections of the spoken languages' pages: those kept and those
    /// made since (`None` in a build).
    sections: Option<std::sync::Mutex<LanguageSections>>,
    /// The preview (`serve`): each page lists the files it was made from, for staff.
    pub preview: bool,
    /// The page keys, each published in every language (for the sitemap).
    pub keys: Vec<PageKey>,
    /// The language chooser at `/index.html` (and the 404 page).
    pub root: tera::Context,
}

/// A page with the files that belong to it (an office's calendars and open-now data), by output path.
pub type PageWithFiles = (LocalizedPage, Vec<(String, Vec<u8>)>);

/// The values every page of one language shares (office views, navigation, UI strings).
pub struct LanguageLocalizer<'a>(Localizer<'a>);

/// `(hreflang, absolute URL)` of every language that is listed as an alternate.
pub fn alternates(config: &SiteConfig, suffix: &str) -> Vec<(String, String)> {
    config
        .languages
        .iter()
        .filter(|l| l.hreflang)
        .map(|l| (l.html_lang.clone(), format!("{}{}/{}", config.base_url, l.path, suffix)))
        .collect()
}

/// The hours of every office location, computed once: `(office id, location id)` → facts.
/// (Shared: the preview keeps the facts of unchanged offices from one rebuild to the next.)
pub type HoursTable = BTreeMap<(String, String), std::sync::Arc<HoursFacts>>;

/// Stage: computes the hours of every location once, for all languages.
pub fn compute_hours(content: &Content, today: NaiveDate) -> HoursTable {
    compute_hours_of(content, today, |_| true)
}

/// [`compute_hours`] for the offices `which` names only (the preview's rebuild after a change
/// of those).
pub fn compute_hours_of(content: &Content, today: NaiveDate, which: impl Fn(&str) -> bool + Sync) -> HoursTable {
    let locations: Vec<_> = content
        .offices
        .values()
        .filter(|o| which(&o.id))
        .flat_map(|o| o.locations.iter().map(move |l| (o, l)))
        .collect();
    locations
        .into_par_iter()
        .filter_map(|(o, l)| {
            let h = l.hours.as_ref()?;
            Some((
                (o.id.clone(), l.id.clone()),
                std::sync::Arc::new(HoursFacts::compute(h, today)),
            ))
        })
        .collect()
}

/// The first of `candidates` that browsers show whole (at most 70 characters), or the shortest:
/// a page title names the page, the longer forms only where they fit.
fn fitting_title(candidates: Vec<String>) -> String {
    candidates
        .iter()
        .find(|t| t.chars().count() <= 70)
        .or_else(|| candidates.iter().min_by_key(|t| t.chars().count()))
        .cloned()
        .unwrap_or_default()
}

/// The markup of a language the theme has none for (never reached after a successful theme load).
static EMPTY_MARKUP: std::sync::LazyLock<Markup> = std::sync::LazyLock::new(Markup::default);

/// Prepares every language: the values each language's pages share, the German leaflet
/// columns, the offices and partners of each district, and the language chooser. The German
/// leaflet columns and the spoken languages' sections of the districts `changed` does not name
/// are taken from `kept` (the preview, made with the same configuration, theme, day and hours;
/// a build passes none and `|_| true`).
#[allow(clippy::too_many_arguments)]
pub fn localize_site<'a>(
    content: &'a Content,
    config: &'a SiteConfig,
    theme: &'a Theme,
    facts: &'a HoursTable,
    today: NaiveDate,
    pdf: &'a (dyn Fn(&str, &str) -> bool + Sync),
    kept: Option<(&LeafletColumns, &LanguageSections)>,
    changed: &(dyn Fn(&str) -> bool + Sync),
) -> SiteLocalizer<'a> {
    static EMPTY: std::sync::LazyLock<Strings> = std::sync::LazyLock::new(Strings::new);

    let mut partners_by_district: BTreeMap<&str, Vec<&Partner>> = BTreeMap::new();
    for p in content.partners.values() {
        for d in &p.districts {
            partners_by_district.entry(d.as_str()).or_default().push(p);
        }
    }
    let mut offices_by_district: BTreeMap<&str, Vec<&Office>> = BTreeMap::new();
    for o in content.offices.values() {
        for d in &o.districts {
            let listed = offices_by_district.entry(d.as_str()).or_default();
            if !listed.iter().any(|x| x.id == o.id) {
                listed.push(o);
            }
        }
    }

    // The German column of every leaflet is shared by all languages: make it once.
    let german_index = config
        .languages
        .iter()
        .position(|l| l.tag == config.default_language)
        .unwrap_or(0);
    let german_html_lang = config
        .languages
        .get(german_index)
        .map_or("de".to_string(), |l| l.html_lang.clone());
    let german = config.languages.get(german_index).map(|lang| {
        Localizer::new(
            config,
            lang,
            theme.strings.get(&lang.tag).unwrap_or(&EMPTY),
            theme.markup.get(&lang.tag).unwrap_or(&EMPTY_MARKUP),
            facts,
            today,
            content,
        )
    });
    let german_columns = german
        .as_ref()
        .map(|german| {
            let none = LeafletColumns::default();
            let kept = kept.map_or(&none, |(columns, _)| columns);
            german_leaflets(german, content, &partners_by_district, kept, changed)
        })
        .unwrap_or_default();
    // Every version of a leaflet that was printed keeps its page, and so does today's.
    let mut leaflet_versions: BTreeMap<String, std::collections::BTreeSet<String>> = BTreeMap::new();
    for (district, column) in &german_columns.0 {
        leaflet_versions
            .entry(district.clone())
            .or_default()
            .insert(column.version.clone());
    }
    for (district, version) in content.leaflet_records.keys() {
        leaflet_versions
            .entry(district.clone())
            .or_default()
            .insert(version.clone());
    }
    let mut keys: Vec<PageKey> = all_jobs(content, config, &leaflet_versions, |_| true)
        .iter()
        .map(|job| PageKey { suffix: job.suffix() })
        .collect();
    keys.sort();
    let own_advice_titles: BTreeMap<String, (String, String, &str)> = config
        .languages
        .iter()
        .filter(|lang| config.spoken_languages.contains_key(&lang.tag))
        .filter_map(|lang| {
            let strings = theme.strings.get(&lang.tag)?;
            let name = strings.get(&format!("language_name_{}", lang.tag))?;
            let title = strings.get("advice_in_title")?.replace("{language}", name);
            Some((lang.tag.clone(), (title, lang.html_lang.clone(), lang.dir.as_str())))
        })
        .collect();
    let mut root = tera::Context::new();
    let default = config.language(&config.default_language);
    let choices: Vec<LangView> = config
        .languages
        .iter()
        .map(|l| LangView::new(l, &routes::home(), false))
        .collect();
    root.insert("languages", &choices);
    root.insert(
        "title",
        &config.title.get(&config.default_language).cloned().unwrap_or_default(),
    );
    root.insert(
        "titles",
        &config
            .languages
            .iter()
            .filter_map(|l| {
                config
                    .title
                    .get(&l.tag)
                    .map(|t| (l.html_lang.clone(), l.dir.as_str(), t.clone()))
            })
            .collect::<Vec<_>>(),
    );
    root.insert(
        "default_html_lang",
        &default.map_or("de".to_string(), |l| l.html_lang.clone()),
    );
    // Every spoken language, reachable from the language chooser: its page in the site
    // language of that tag (or of its main language: Dari on the Persian site), else German,
    // named in the language itself.
    let advice: Vec<(String, String, &str, String)> = config
        .spoken_languages
        .iter()
        .map(|(tag, endonym)| {
            let main = tag.split('-').next().unwrap_or(tag);
            let site = config
                .languages
                .iter()
                .find(|l| l.tag == *tag)
                .or_else(|| config.languages.iter().find(|l| l.tag == main))
                .or(default)
                .or(config.languages.first());
            let url = site.map_or_else(String::new, |l| {
                routes::in_language(&l.path, &routes::spoken_language(tag))
            });
            let text = own_advice_titles
                .get(tag)
                .map_or_else(|| endonym.clone(), |(title, _, _)| title.clone());
            let dir = config.language(tag).map_or("auto", |l| l.dir.as_str());
            (url, tag.clone(), dir, text)
        })
        .collect();
    root.insert("advice", &advice);
    root.insert("alternates", &alternates(config, ""));
    root.insert("x_default", &config.base_url);
    root.insert("canonical", &config.base_url);
    SiteLocalizer {
        preview: false,
        content,
        config,
        theme,
        facts,
        today,
        german_columns,
        leaflet_versions,
        german_html_lang,
        german,
        own_advice_titles,
        partners_by_district,
        offices_by_district,
        pdf,
        sections: kept.map(|(_, sections)| std::sync::Mutex::new(sections.without(changed))),
        keys,
        root,
    }
}

impl<'a> SiteLocalizer<'a> {
    /// What the pages of the language at `lang` (its index in the configuration) share.
    pub fn language(&self, lang: usize) -> Option<LanguageLocalizer<'a>> {
        static EMPTY: std::sync::LazyLock<Strings> = std::sync::LazyLock::new(Strings::new);
        let language = self.config.languages.get(lang)?;
        Some(LanguageLocalizer(Localizer::new(
            self.config,
            language,
            self.theme.strings.get(&language.tag).unwrap_or(&EMPTY),
            self.theme.markup.get(&language.tag).unwrap_or(&EMPTY_MARKUP),
            self.facts,
            self.today,
            self.content,
        )))
    }

    /// The pages of the language at `lang` (its index in the configuration), in a stable order.
    pub fn jobs(&self, lang: usize) -> Vec<PageJob> {
        let Some(language) = self.config.languages.get(lang) else {
            return Vec::new();
        };
        let chain: Vec<&str> = std::iter::once(language.tag.as_str())
            .chain(language.fallback.iter().map(String::as_str))
            .collect();
        all_jobs(self.content, self.config, &self.leaflet_versions, |p| {
            chain.iter().any(|t| p.versions.contains_key(*t))
        })
    }

    /// The German leaflet columns, for [`localize_site`] after a change.
    pub fn leaflet_columns(&self) -> LeafletColumns {
        self.german_columns.clone()
    }

    /// The spoken languages' sections kept and made (the preview), for [`localize_site`]
    /// after a change.
    pub fn language_sections(self) -> LanguageSections {
        self.sections
            .map(|s| s.into_inner().unwrap_or_else(|e| e.into_inner()))
            .unwrap_or_default()
    }

    /// What each district's leaflet says now (German), by district.
    pub fn leaflet_facts(&self) -> BTreeMap<String, crate::content::PrintedFacts> {
        self.german_columns
            .0
            .iter()
            .map(|(d, column)| (d.clone(), column.facts.clone()))
            .collect()
    }

    /// For `check`: the printed leaflets to reprint. For each district and language, the
    /// version printed last is compared with what the leaflet says now.
    pub fn outdated_leaflets(&self) -> crate::diagnostics::Diagnostics {
        let mut diags = crate::diagnostics::Diagnostics::new();
        let Some(german) = &self.german else {
            return diags;
        };
        // (district, language) → (day, version) of the copy printed last.
        let mut last: BTreeMap<(&str, &str), (NaiveDate, &str)> = BTreeMap::new();
        for r in self.content.leaflet_records.values() {
            for (lang, date) in &r.printed {
                let entry = last
                    .entry((r.district.as_str(), lang.as_str()))
                    .or_insert((*date, r.version.as_str()));
                if *date > entry.0 {
                    *entry = (*date, r.version.as_str());
                }
            }
        }
        // Languages to reprint, by record.
        let mut reprint: BTreeMap<(&str, &str), (Vec<&str>, NaiveDate)> = BTreeMap::new();
        for ((district, lang), (date, version)) in last {
            let entry = reprint.entry((district, version)).or_insert((Vec::new(), date));
            entry.0.push(lang);
            entry.1 = entry.1.max(date);
        }
        for ((district, version), (langs, date)) in reprint {
            let (Some(record), Some(now), Some(d)) = (
                self.content
                    .leaflet_records
                    .get(&(district.to_string(), version.to_string())),
                self.german_columns.0.get(district),
                self.content.districts.get(district),
            ) else {
                continue;
            };
            let changes: Vec<String> = leaflet_changes(&record.said, &now.facts)
                .into_iter()
                .map(|(key, about)| german.ui(key).replace("{name}", &about))
                .collect();
            if changes.is_empty() {
                continue;
            }
            let name = german.text(&d.name, false).text;
            diags.push(
                crate::diagnostics::Diagnostic::warning(
                    &record.file,
                    None,
                    format!(
                        "reprint the leaflet of {name} in {}: printed on {date} (version {version}), since then: {}",
                        langs.join(", "),
                        changes.join("; ")
                    ),
                )
                .with_help(format!(
                    "print the current one with `quartier build --pdf --pdf-districts {district} --pdf-languages {}` and replace the old copies; the old ones' QR code says they are outdated",
                    langs.join(",")
                )),
            );
        }
        diags
    }

    /// The output file of a job's page, if the language exists.
    pub fn file(&self, lang: usize, job: &PageJob) -> Option<String> {
        let language = self.config.languages.get(lang)?;
        Some(crate::html::file_of_url(&format!(
            "/{}/{}",
            language.path,
            job.suffix()
        )))
    }

    /// Makes one page of the language of `l`, with the files that belong to it (an office's
    /// calendars and open-now data). `None` if the job names nothing that exists.
    pub fn page(&self, l: &LanguageLocalizer, job: &PageJob) -> Option<PageWithFiles> {
        let l = &l.0;
        let content = self.content;
        let no_partners = Vec::new();
        let partners_of = |id: &str| self.partners_by_district.get(id).unwrap_or(&no_partners);
        let mut files = Vec::new();
        let mut page = match job {
            PageJob::Home => home_page(l, content),
            PageJob::Partners => partners_page(l, content),
            PageJob::District(id) => {
                let d = content.districts.get(id)?;
                district_page(l, content, d, partners_of(id))
            }
            PageJob::Office(id) => {
                let o = content.offices.get(id)?;
                files = office_files(l, o);
                office_page(l, content, o)
            }
            PageJob::Page(id) => content_page(l, content.pages.get(id)?)?,
            PageJob::Search => search_page(l, content),
            PageJob::Leaflet(id) => {
                let d = content.districts.get(id)?;
                let german = self.german_columns.0.get(id)?;
                let with_pdf = (self.pdf)(&l.lang.tag, id);
                leaflet_page(l, german, &self.german_html_lang, content, d, partners_of(id), with_pdf)
            }
            PageJob::Languages => languages_page(l, content),
            PageJob::SpokenLanguage(tag) => language_page(
                l,
                content,
                tag,
                &self.own_advice_titles,
                &self.offices_by_district,
                &self.partners_by_district,
                self.sections
                    .as_ref()
                    .map(|sections| SectionStore {
                        sections,
                        theme: self.theme,
                    })
                    .as_ref(),
            ),
            PageJob::ShowOffice(id) => show_page(l, self.german.as_ref()?, Shown::Office(content.offices.get(id)?)),
            PageJob::ShowPartner(id) => show_page(l, self.german.as_ref()?, Shown::Partner(content.partners.get(id)?)),
            PageJob::LeafletVersion(id, version) => {
                let d = content.districts.get(id)?;
                let german = self.german_columns.0.get(id)?;
                let record = content.leaflet_records.get(&(id.clone(), version.clone()));
                leaflet_version_page(l, d, version, german, record)?
            }
            PageJob::Journey(id) => journey_page(l, content, content.journeys.get(id)?, None)?,
            PageJob::JourneyIn(id, d) => {
                journey_page(l, content, content.journeys.get(id)?, Some(content.districts.get(d)?))?
            }
            PageJob::Checklist(id, d) => {
                let with_pdf = (self.pdf)(&l.lang.tag, d);
                checklist_page(
                    l,
                    self.german.as_ref()?,
                    content,
                    content.journeys.get(id)?,
                    content.districts.get(d)?,
                    with_pdf,
                )?
            }
        };
        if self.preview {
            page.context.insert("staff_sources", &self.sources(job));
        }
        Some((page, files))
    }

    /// The files a page is made from, relative to the site folder (shown in the preview).
    fn sources(&self, job: &PageJob) -> Vec<String> {
        let content = self.content;
        let docs = |versions: &BTreeMap<String, crate::validate::Document>| -> Vec<String> {
            versions.values().map(|d| d.file.display().to_string()).collect()
        };
        let office = |id: &str| {
            vec![
                format!("content/offices/{id}.yaml"),
                format!("content/opening-hours/{id}.yaml"),
            ]
        };
        let mut files = match job {
            PageJob::Home | PageJob::Search => vec![crate::config::CONFIG_FILE.to_string()],
            PageJob::Languages | PageJob::SpokenLanguage(_) => {
                vec![
                    "content/offices/".into(),
                    "content/opening-hours/".into(),
                    "content/partners/".into(),
                ]
            }
            PageJob::Partners => vec!["content/partners/".to_string()],
            PageJob::Office(id) | PageJob::ShowOffice(id) => office(id),
            PageJob::ShowPartner(id) => vec![format!("content/partners/{id}.yaml")],
            PageJob::Page(id) => content.pages.get(id).map(|p| docs(&p.versions)).unwrap_or_default(),
            PageJob::Journey(id) | PageJob::JourneyIn(id, _) | PageJob::Checklist(id, _) => {
                let mut files = vec![format!("content/journeys/{id}/journey.yaml")];
                if let Some(j) = content.journeys.get(id) {
                    files.extend(docs(&j.versions));
                }
                files
            }
            PageJob::LeafletVersion(id, version) => {
                let mut files = vec![format!("content/districts/{id}/district.yaml")];
                if content.leaflet_records.contains_key(&(id.clone(), version.clone())) {
                    files.push(format!("content/printed-leaflets/{id}/{version}.yaml"));
                }
                files
            }
            PageJob::District(id) | PageJob::Leaflet(id) => {
                let mut files = vec![format!("content/districts/{id}/district.yaml")];
                if let Some(d) = content.districts.get(id) {
                    files.extend(docs(&d.guide));
                    files.extend(d.office.iter().flat_map(|o| office(o)));
                }
                files.extend(
                    self.partners_by_district
                        .get(id.as_str())
                        .into_iter()
                        .flatten()
                        .map(|p| format!("content/partners/{}.yaml", p.id)),
                );
                files
            }
        };
        files.push(format!("theme: templates/{}", job_template(job)));
        files
    }
}

/// The template a page kind is made with.
fn job_template(job: &PageJob) -> &'static str {
    match job {
        PageJob::Home => "home.html",
        PageJob::Partners => "partners.html",
        PageJob::District(_) => "district.html",
        PageJob::Office(_) => "office.html",
        PageJob::Page(_) => "page.html",
        PageJob::Search => "search.html",
        PageJob::Leaflet(_) => "leaflet.html",
        PageJob::LeafletVersion(..) => "leaflet_version.html",
        PageJob::Journey(_) | PageJob::JourneyIn(..) => "journey.html",
        PageJob::Checklist(..) => "checklist.html",
        PageJob::ShowOffice(_) | PageJob::ShowPartner(_) => "show.html",
        PageJob::Languages => "languages.html",
        PageJob::SpokenLanguage(_) => "language.html",
    }
}
