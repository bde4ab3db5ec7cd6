//! Stage 4: `localize_site` — checked [`Content`] into one [`LocalizedPage`] per page and
//! language, with every text resolved along the language's fallback chain.
//!
//! A missing translation never yields a blank: the fallback text is used and marked with its
//! own `lang` (and, for longer texts, a visible "only in German" label).

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use serde::Serialize;

use crate::hours::{self, ClosedBecause, HoursFacts};

use crate::config::{Language, SiteConfig};
use crate::content::{I18n, LocationKind, NavPlace, OfficeStatus, PartnerCategory};
use crate::markdown::SourceLink;
use crate::render::escape_html as escape;
use crate::theme::Strings;
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
    pub markdown_links: Vec<(PathBuf, Vec<SourceLink>)>,
}

/// A page that exists in every language: its URL after the language prefix.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PageKey {
    /// e.g. `offices/brackel-aplerbeck/`; empty for the home page.
    pub suffix: String,
}

/// One page to make in one language: the unit the build streams through rendering,
/// post-processing and writing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageJob {
    /// The home page.
    Home,
    /// The partner directory.
    Partners,
    /// A district page, by district id.
    District(String),
    /// An office page (and its calendar files), by office id.
    Office(String),
    /// A content page, by page id.
    Page(String),
    /// The search page.
    Search,
    /// A district's leaflet, by district id.
    Leaflet(String),
}

impl PageJob {
    /// The page's URL after the language prefix, e.g. `offices/brackel-aplerbeck/`.
    pub fn suffix(&self) -> String {
        match self {
            PageJob::Home => String::new(),
            PageJob::Partners => "partners/".into(),
            PageJob::District(id) => format!("districts/{id}/"),
            PageJob::Office(id) => format!("offices/{id}/"),
            PageJob::Page(id) => format!("{id}/"),
            PageJob::Search => "search/".into(),
            PageJob::Leaflet(id) => format!("leaflets/{id}/"),
        }
    }
}

/// Every page of a language in a stable order; content pages only where `has_page` says the
/// language (or its fallback) has a version.
fn all_jobs(content: &Content, has_page: impl Fn(&crate::validate::Page) -> bool) -> Vec<PageJob> {
    let mut jobs = vec![PageJob::Home, PageJob::Partners];
    jobs.extend(content.districts.keys().cloned().map(PageJob::District));
    jobs.extend(content.offices.keys().cloned().map(PageJob::Office));
    jobs.extend(
        content
            .pages
            .values()
            .filter(|p| has_page(p))
            .map(|p| PageJob::Page(p.id.clone())),
    );
    jobs.push(PageJob::Search);
    jobs.extend(content.districts.keys().cloned().map(PageJob::Leaflet));
    jobs
}

/// Makes the pages of the site, one at a time, in any language: what all languages share is
/// made once in [`localize_site`], what one language's pages share once per language
/// ([`SiteLocalizer::language`]).
pub struct SiteLocalizer<'a> {
    content: &'a Content,
    config: &'a SiteConfig,
    strings: &'a BTreeMap<String, Strings>,
    facts: &'a HoursTable,
    today: NaiveDate,
    german_columns: BTreeMap<String, GermanLeaflet>,
    german_html_lang: String,
    /// The partners of each district, in id order.
    partners_by_district: BTreeMap<&'a str, Vec<&'a Partner>>,
    pdf: &'a (dyn Fn(&str, &str) -> bool + Sync),
    /// The page keys, each published in every language (for the sitemap).
    pub keys: Vec<PageKey>,
    /// The language chooser at `/index.html` (and the 404 page).
    pub root: tera::Context,
}

/// A page with the files that belong to it (an office's calendars), by output path.
pub type PageWithFiles = (LocalizedPage, Vec<(String, Vec<u8>)>);

/// The values every page of one language shares (office views, navigation, UI strings).
pub struct LanguageLocalizer<'a>(Localizer<'a>);

/// A resolved text: what to print and in which language it really is.
#[derive(Debug, Clone, Serialize)]
pub struct TextView {
    /// Plain text (for attributes and `<title>`).
    pub text: String,
    /// HTML, with `lang`/`dir` when it is a fallback and a mark when it is a placeholder.
    pub html: String,
    /// Whether the text is from a fallback language.
    pub fallback: bool,
}

#[derive(Serialize)]
struct LangView {
    tag: String,
    html_lang: String,
    dir: &'static str,
    endonym: String,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct LinkView {
    url: String,
    title: TextView,
}

#[derive(Serialize)]
struct AddressView {
    street: TextView,
    postcode: Option<String>,
    city: String,
}

#[derive(Serialize)]
struct ContactView {
    phone: Option<TextView>,
    phone_href: Option<String>,
    email: Option<TextView>,
    email_href: Option<String>,
    web: Option<TextView>,
    web_href: Option<String>,
}

#[derive(Serialize)]
struct LocationView {
    id: String,
    name: TextView,
    kind_label: String,
    is_outpost: bool,
    address: AddressView,
    transport: Option<TextView>,
    accessibility: Option<TextView>,
    has_hours: bool,
    week: Vec<DayRowView>,
    exceptions: Vec<ExceptionView>,
    temporarily_closed: Option<TextView>,
    hours_json: Option<String>,
    ics_url: Option<String>,
    hours_note: Option<TextView>,
}

#[derive(Serialize)]
struct DayRowView {
    day: String,
    slots: Vec<SlotView>,
}

#[derive(Serialize)]
struct SlotView {
    from: String,
    to: String,
    mode: String,
    languages: Vec<SpokenView>,
}

#[derive(Serialize)]
struct ExceptionView {
    date: String,
    reason: TextView,
}

#[derive(Serialize)]
struct OfficeView {
    id: String,
    url: String,
    name: TextView,
    status: &'static str,
    status_label: String,
    status_note: Option<TextView>,
    since: Option<u16>,
    districts: Vec<LinkView>,
    operators: Vec<(TextView, String)>,
    description: Option<TextView>,
    locations: Vec<LocationView>,
    contact: ContactView,
    languages: Vec<SpokenView>,
    services: Vec<TextView>,
}

#[derive(Serialize)]
struct SpokenView {
    tag: String,
    name: String,
}

#[derive(Serialize)]
struct PartnerView {
    id: String,
    name: TextView,
    category_label: String,
    offer: TextView,
    districts: Vec<LinkView>,
    address: Option<AddressView>,
    contact: ContactView,
    languages: Vec<SpokenView>,
    opening_hours: Option<String>,
    accessibility: Option<TextView>,
}

#[derive(Serialize)]
struct CategoryView {
    id: &'static str,
    label: String,
    partners: Vec<PartnerView>,
}

#[derive(Serialize)]
struct DocumentView {
    title: String,
    html: String,
    lang: String,
    html_lang: String,
    dir: &'static str,
    fallback: bool,
    /// Languages this document exists in (for the "only in German" notice).
    available: Vec<LangView>,
    /// `machine`, `machine-reviewed` or `human` for translations; empty for the source.
    provenance: &'static str,
    /// The German text has changed since this translation was made.
    outdated: bool,
    /// The page in the source language, for the notices.
    source_url: String,
}

/// One language column of a leaflet.
#[derive(Serialize)]
struct LeafletColumn {
    html_lang: String,
    dir: &'static str,
    district_name: TextView,
    office: Option<tera::Value>,
    categories: Vec<CategoryView>,
    emergency: Vec<(TextView, TextView)>,
    stand: String,
    labels: BTreeMap<&'static str, String>,
}

/// UI strings a leaflet column needs, in its own language.
const LEAFLET_LABELS: [&str; 14] = [
    "your_office",
    "hours",
    "hours_unknown",
    "address",
    "transport",
    "hours_exceptions",
    "emergency_title",
    "leaflet_partners",
    "leaflet_stand",
    "leaflet_version",
    "closed",
    "phone",
    "email",
    "languages_spoken",
];

#[derive(Serialize)]
struct DistrictSummary {
    id: String,
    url: String,
    name: TextView,
    stadtteile: Vec<String>,
    office: Option<LinkView>,
    office_status: &'static str,
    office_status_label: String,
}

/// Resolves texts and labels for one language.
struct Localizer<'a> {
    values: LanguageValues,
    /// The CLDR plural rules of the language, if it has any.
    plurals: Option<intl_pluralrules::PluralRules>,
    facts: &'a BTreeMap<(String, String), HoursFacts>,
    config: &'a SiteConfig,
    lang: &'a Language,
    ui: &'a Strings,
    today: NaiveDate,
}

/// Template values that are the same on every page of one language, converted once.
struct LanguageValues {
    ui: tera::Value,
    site_title: tera::Value,
    nav_header: tera::Value,
    nav_footer: tera::Value,
    /// The office view of each office, by id (used by office and district pages).
    offices: BTreeMap<String, tera::Value>,
}

/// Days of "open now" data published with each page.
pub const OPEN_NOW_DAYS: u32 = 120;
/// Days ahead for which closures and holidays are listed under the hours.
pub const EXCEPTION_DAYS: u32 = 60;

impl<'a> Localizer<'a> {
    /// A localizer for `lang`, with the values every page of the language shares made once.
    fn new(
        config: &'a SiteConfig,
        lang: &'a Language,
        ui: &'a Strings,
        facts: &'a HoursTable,
        today: NaiveDate,
        content: &Content,
    ) -> Self {
        let plurals = lang
            .html_lang
            .parse::<unic_langid::LanguageIdentifier>()
            .ok()
            .and_then(|id| intl_pluralrules::PluralRules::create(id, intl_pluralrules::PluralRuleType::CARDINAL).ok());
        let mut l = Localizer {
            plurals,
            values: LanguageValues {
                ui: tera::Value::none(),
                site_title: tera::Value::none(),
                nav_header: tera::Value::none(),
                nav_footer: tera::Value::none(),
                offices: BTreeMap::new(),
            },
            facts,
            config,
            lang,
            ui,
            today,
        };
        l.values = l.language_values(content);
        l
    }

    fn ui(&self, key: &str) -> String {
        self.ui.get(key).cloned().unwrap_or_else(|| key.to_string())
    }

    fn url(&self, suffix: &str) -> String {
        format!("/{}/{}", self.lang.path, suffix)
    }

    /// The published address of a page of this language (canonical, QR codes, calendars).
    fn absolute(&self, suffix: &str) -> String {
        format!("{}{}/{}", self.config.base_url, self.lang.path, suffix)
    }

    /// The tags to try for this language: itself, then its fallback chain.
    fn chain(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.lang.tag.as_str()).chain(self.lang.fallback.iter().map(String::as_str))
    }

    /// Resolves `i18n`. `block` texts that fall back get a visible label.
    fn text(&self, i18n: &I18n, block: bool) -> TextView {
        let found = self
            .chain()
            .find_map(|tag| i18n.get(tag).filter(|t| !t.trim().is_empty()).map(|t| (tag, t)))
            .or_else(|| i18n.iter().next().map(|(k, v)| (k.as_str(), v)));
        let Some((tag, text)) = found else {
            return TextView {
                text: String::new(),
                html: String::new(),
                fallback: false,
            };
        };
        let fallback = tag != self.lang.tag;
        let mut html = self.plain_html(text);
        if fallback {
            let lang = self.config.language(tag);
            let html_lang = lang.map_or(tag, |l| l.html_lang.as_str());
            let dir = lang.map_or("ltr", |l| l.dir.as_str());
            html = format!(r#"<span lang="{html_lang}" dir="{dir}">{html}</span>"#);
            if block {
                html.push_str(&format!(
                    r#" <small class="only-in">({})</small>"#,
                    escape(&self.ui("only_in_language_short"))
                ));
            }
        }
        TextView {
            text: text.clone(),
            html,
            fallback,
        }
    }

    /// A text written in German only (street names, names of places): isolated for RTL pages.
    fn german(&self, text: &str) -> TextView {
        let inner = self.plain_html(text);
        let html = if self.lang.html_lang == "de" {
            inner
        } else {
            format!(r#"<bdi lang="de">{inner}</bdi>"#)
        };
        TextView {
            text: text.to_string(),
            html,
            fallback: false,
        }
    }

    /// Escaped text; a placeholder is marked so nobody mistakes it for a fact.
    fn plain_html(&self, text: &str) -> String {
        match text.find(PLACEHOLDER_PREFIX) {
            Some(i) => format!(
                r#"{}<mark class="placeholder" title="{}"><bdi lang="de">{PLACEHOLDER_PREFIX}</bdi>{}</mark>"#,
                escape(&text[..i]),
                escape(&self.ui("placeholder_title")),
                escape(&text[i + PLACEHOLDER_PREFIX.len()..])
            ),
            None => escape(text),
        }
    }

    /// Text that must read left to right in every page (phone, e-mail, URL).
    fn ltr(&self, text: &str) -> TextView {
        let inner = self.plain_html(text);
        TextView {
            text: text.to_string(),
            html: format!(r#"<span dir="ltr">{inner}</span>"#),
            fallback: false,
        }
    }

    /// `count` with the right plural form of UI string `key` (CLDR rules of this language).
    fn plural(&self, key: &str, count: usize) -> String {
        let category = self.plurals.as_ref().and_then(|rules| rules.select(count).ok());
        let name = match category {
            Some(intl_pluralrules::PluralCategory::ZERO) => "zero",
            Some(intl_pluralrules::PluralCategory::ONE) => "one",
            Some(intl_pluralrules::PluralCategory::TWO) => "two",
            Some(intl_pluralrules::PluralCategory::FEW) => "few",
            Some(intl_pluralrules::PluralCategory::MANY) => "many",
            _ => "other",
        };
        let text = self
            .ui
            .get(&format!("{key}.{name}"))
            .or_else(|| self.ui.get(&format!("{key}.other")))
            .cloned()
            .unwrap_or_else(|| key.to_string());
        text.replace("{n}", &count.to_string())
    }

    /// The precomputed hours of location `l` of office `o`.
    fn facts_of(&self, o: &Office, l: &crate::validate::Location) -> Option<&'a HoursFacts> {
        self.facts.get(&(o.id.clone(), l.id.clone()))
    }

    /// A date as "Donnerstag, 27. November" in the reader's language.
    fn date(&self, date: NaiveDate) -> String {
        self.ui("date_format")
            .replace("{weekday}", &self.ui(hours::weekday_key(date.weekday())))
            .replace("{day}", &date.day().to_string())
            .replace("{month}", &self.ui(&format!("month_{}", date.month())))
    }

    fn week(&self, facts: &HoursFacts) -> Vec<DayRowView> {
        let monday = self.today - chrono::Duration::days(self.today.weekday().num_days_from_monday().into());
        facts
            .week
            .iter()
            .map(|(d, intervals)| (*d, intervals))
            .map(|(d, intervals)| {
                let day = monday + chrono::Duration::days(d as i64);
                DayRowView {
                    day: self.ui(hours::weekday_key(day.weekday())),
                    slots: intervals
                        .iter()
                        .map(|i| SlotView {
                            from: hours::hhmm(i.start, day),
                            to: hours::hhmm(i.end, day),
                            mode: self.ui(i.mode.key()),
                            languages: self.spoken(&i.languages),
                        })
                        .collect(),
                }
            })
            .collect()
    }

    fn exceptions(&self, facts: &HoursFacts) -> Vec<ExceptionView> {
        facts
            .exceptions
            .iter()
            .map(|(day, why)| {
                let reason = match why {
                    ClosedBecause::Holiday(key) => {
                        let name = self.ui(&format!("holiday_{key}"));
                        TextView {
                            html: escape(&name),
                            text: name,
                            fallback: false,
                        }
                    }
                    ClosedBecause::Closure(reason) => self.text(reason, false),
                };
                ExceptionView {
                    date: self.date(*day),
                    reason,
                }
            })
            .collect()
    }

    /// Open intervals for the "open now" script: each `[start ms, end ms, weekday (0 = Monday),
    /// day, month (1-12), "HH:MM" start, "HH:MM" end]` in Europe/Berlin, plus the label
    /// templates and names of this language, so the script only fills them in.
    fn hours_json(&self, facts: &HoursFacts) -> String {
        let rows: Vec<serde_json::Value> = facts
            .intervals
            .iter()
            .map(|i| {
                let day = i.start.date();
                serde_json::json!([
                    hours::berlin_millis(i.start),
                    hours::berlin_millis(i.end),
                    day.weekday().num_days_from_monday(),
                    day.day(),
                    day.month(),
                    hours::hhmm(i.start, day),
                    hours::hhmm(i.end, day)
                ])
            })
            .collect();
        let from = hours::berlin_millis(self.today.and_time(chrono::NaiveTime::MIN));
        let until = hours::berlin_millis(
            (self.today + chrono::Duration::days(OPEN_NOW_DAYS.into())).and_time(chrono::NaiveTime::MIN),
        );
        let weekdays: Vec<String> = hours::WEEKDAYS
            .iter()
            .map(|d| self.ui(hours::weekday_key(*d)))
            .collect();
        let months: Vec<String> = (1..=12).map(|m| self.ui(&format!("month_{m}"))).collect();
        let json = serde_json::json!({
            "from": from,
            "until": until,
            "open": self.ui("hours_open_now"),
            "opens": self.ui("hours_opens"),
            "date": self.ui("date_format"),
            "weekdays": weekdays,
            "months": months,
            "intervals": rows,
        });
        // Safe inside <script>: no `</` can end the element early.
        json.to_string().replace('<', "\\u003c")
    }

    fn address(&self, a: &crate::content::Address) -> AddressView {
        AddressView {
            street: self.german(&a.street),
            postcode: a.postcode.clone(),
            city: a.city.clone(),
        }
    }

    fn contact(&self, c: &crate::content::Contact) -> ContactView {
        let real = |v: &Option<String>| v.as_ref().filter(|t| !is_placeholder(t)).cloned();
        ContactView {
            phone: c.phone.as_deref().map(|p| self.ltr(p)),
            phone_href: real(&c.phone).map(|p| {
                let digits: String = p.chars().filter(|ch| ch.is_ascii_digit() || *ch == '+').collect();
                match digits.strip_prefix('0') {
                    Some(rest) if !digits.starts_with("00") => format!("tel:+49{rest}"),
                    _ => format!("tel:{digits}"),
                }
            }),
            email: c.email.as_deref().map(|e| self.ltr(e)),
            email_href: real(&c.email).map(|e| format!("mailto:{e}")),
            web: c.web.as_deref().map(|w| self.ltr(w)),
            web_href: real(&c.web),
        }
    }

    fn spoken(&self, tags: &[String]) -> Vec<SpokenView> {
        tags.iter()
            .map(|t| SpokenView {
                tag: t.clone(),
                name: self
                    .config
                    .spoken_languages
                    .get(t)
                    .cloned()
                    .unwrap_or_else(|| t.clone()),
            })
            .collect()
    }

    fn status(&self, s: OfficeStatus) -> (&'static str, String) {
        let key = match s {
            OfficeStatus::Active => "active",
            OfficeStatus::Planned => "planned",
            OfficeStatus::TemporarilyClosed => "temporarily_closed",
        };
        (key, self.ui(&format!("status_{key}")))
    }

    fn district_link(&self, content: &Content, id: &str) -> LinkView {
        let name = content
            .districts
            .get(id)
            .map(|d| self.text(&d.name, false))
            .unwrap_or_else(|| self.german(id));
        LinkView {
            url: self.url(&format!("districts/{id}/")),
            title: name,
        }
    }

    fn office(&self, content: &Content, o: &Office) -> OfficeView {
        let (status, status_label) = self.status(o.status);
        OfficeView {
            id: o.id.clone(),
            url: self.url(&format!("offices/{}/", o.id)),
            name: self.text(&o.name, false),
            status,
            status_label,
            status_note: o.status_note.as_ref().map(|t| self.text(t, true)),
            since: o.since,
            districts: o.districts.iter().map(|d| self.district_link(content, d)).collect(),
            operators: o
                .operators
                .iter()
                .map(|op| {
                    let role = match op.role {
                        crate::content::OperatorRole::City => "role_city",
                        crate::content::OperatorRole::WelfareAssociation => "role_welfare_association",
                        crate::content::OperatorRole::Association => "role_association",
                    };
                    (self.text(&op.name, false), self.ui(role))
                })
                .collect(),
            description: o.description.as_ref().map(|t| self.text(t, true)),
            locations: o
                .locations
                .iter()
                .map(|l| LocationView {
                    id: l.id.clone(),
                    name: self.text(&l.name, false),
                    kind_label: self.ui(if l.kind == LocationKind::Main {
                        "location_main"
                    } else {
                        "location_outpost"
                    }),
                    is_outpost: l.kind == LocationKind::Outpost,
                    address: self.address(&l.address),
                    transport: l.transport.as_ref().map(|t| self.text(t, true)),
                    accessibility: l.accessibility.as_ref().map(|t| self.text(t, true)),
                    has_hours: l.hours.is_some(),
                    week: self.facts_of(o, l).map(|f| self.week(f)).unwrap_or_default(),
                    exceptions: self.facts_of(o, l).map(|f| self.exceptions(f)).unwrap_or_default(),
                    temporarily_closed: l
                        .hours
                        .as_ref()
                        .and_then(|h| h.temporarily_closed.as_ref())
                        .map(|t| self.text(t, true)),
                    hours_json: l
                        .hours
                        .as_ref()
                        .filter(|h| h.temporarily_closed.is_none())
                        .and_then(|_| self.facts_of(o, l))
                        .map(|f| self.hours_json(f)),
                    ics_url: l.hours.as_ref().map(|_| {
                        self.url(&format!("offices/{}/{}.ics", o.id, l.id))
                            .trim_end_matches('/')
                            .to_string()
                    }),
                    hours_note: l.hours_note.as_ref().map(|t| self.text(t, true)),
                })
                .collect(),
            contact: self.contact(&o.contact),
            languages: self.spoken(&o.languages),
            services: o.services.iter().map(|s| self.text(s, true)).collect(),
        }
    }

    fn partner(&self, content: &Content, p: &Partner) -> PartnerView {
        PartnerView {
            id: p.id.clone(),
            name: self.text(&p.name, false),
            category_label: self.ui(&format!("category_{}", p.category.key())),
            offer: self.text(&p.offer, true),
            districts: p.districts.iter().map(|d| self.district_link(content, d)).collect(),
            address: p.address.as_ref().map(|a| self.address(a)),
            contact: self.contact(&p.contact),
            languages: self.spoken(&p.languages),
            opening_hours: p.opening_hours.clone(),
            accessibility: p.accessibility.as_ref().map(|t| self.text(t, true)),
        }
    }

    fn categories<'p>(&self, content: &Content, partners: impl Iterator<Item = &'p Partner>) -> Vec<CategoryView> {
        let mut groups: BTreeMap<PartnerCategory, Vec<&Partner>> = BTreeMap::new();
        for p in partners {
            groups.entry(p.category).or_default().push(p);
        }
        groups
            .into_iter()
            .map(|(cat, mut ps)| {
                ps.sort_by_key(|p| self.text(&p.name, false).text.to_lowercase());
                CategoryView {
                    id: cat.key(),
                    label: self.ui(&format!("category_{}", cat.key())),
                    partners: ps.into_iter().map(|p| self.partner(content, p)).collect(),
                }
            })
            .collect()
    }

    /// The document in this language, or the first one along the fallback chain.
    fn document(&self, versions: &BTreeMap<String, Document>, suffix: &str) -> Option<DocumentView> {
        let doc = self.chain().find_map(|t| versions.get(t))?;
        let lang = self.config.language(&doc.lang)?;
        let available = self
            .config
            .languages
            .iter()
            .filter(|l| versions.contains_key(&l.tag) && l.tag != self.lang.tag)
            .map(|l| LangView {
                tag: l.tag.clone(),
                html_lang: l.html_lang.clone(),
                dir: l.dir.as_str(),
                endonym: l.endonym.clone(),
                url: format!("/{}/{}", l.path, suffix),
                current: false,
            })
            .collect();
        Some(DocumentView {
            title: doc.title.clone(),
            html: doc.html.clone(),
            lang: doc.lang.clone(),
            html_lang: lang.html_lang.clone(),
            dir: lang.dir.as_str(),
            fallback: doc.lang != self.lang.tag,
            available,
            provenance: match doc.translation {
                Some(crate::content::Provenance::Machine) => "machine",
                Some(crate::content::Provenance::MachineReviewed) => "machine-reviewed",
                Some(crate::content::Provenance::Human) => "human",
                None => "",
            },
            outdated: match (&doc.source_hash, versions.get(&self.config.default_language)) {
                (Some((hash, _)), Some(source)) => {
                    doc.lang != self.config.default_language && *hash != source.body_hash
                }
                _ => false,
            },
            source_url: self
                .config
                .language(&self.config.default_language)
                .map_or_else(|| format!("/{suffix}"), |de| format!("/{}/{suffix}", de.path)),
        })
    }

    /// Converts what every page of this language shares, once.
    fn language_values(&self, content: &Content) -> LanguageValues {
        let config = self.config;
        let mut header = Vec::new();
        let mut footer = Vec::new();
        let mut pages: Vec<_> = content.pages.values().collect();
        pages.sort_by_key(|p| {
            (
                p.versions.get(&config.default_language).map_or(100, |d| d.order),
                p.id.clone(),
            )
        });
        for page in pages {
            let Some(source) = page.versions.get(&config.default_language) else {
                continue;
            };
            let titles: I18n = page
                .versions
                .iter()
                .map(|(k, d)| (k.clone(), d.title.clone()))
                .collect();
            let link = LinkView {
                url: self.url(&format!("{}/", page.id)),
                title: self.text(&titles, false),
            };
            match source.nav {
                NavPlace::Header => header.push(link),
                NavPlace::Footer => footer.push(link),
                NavPlace::None => {}
            }
        }
        LanguageValues {
            ui: tera::Value::from_serializable(self.ui),
            site_title: tera::Value::from_serializable(&self.text(&config.title, false)),
            nav_header: tera::Value::from_serializable(&header),
            nav_footer: tera::Value::from_serializable(&footer),
            offices: content
                .offices
                .values()
                .map(|o| (o.id.clone(), tera::Value::from_serializable(&self.office(content, o))))
                .collect(),
        }
    }

    /// Variables every page has.
    fn base_context(&self, suffix: &str, title: &str, kind: &str) -> tera::Context {
        let mut ctx = tera::Context::new();
        let config = self.config;
        ctx.insert(
            "lang",
            &LangView {
                tag: self.lang.tag.clone(),
                html_lang: self.lang.html_lang.clone(),
                dir: self.lang.dir.as_str(),
                endonym: self.lang.endonym.clone(),
                url: self.url(""),
                current: true,
            },
        );
        ctx.insert_value("ui", self.values.ui.clone());
        ctx.insert_value("site_title", self.values.site_title.clone());
        ctx.insert("page_title", title);
        ctx.insert("page_kind", kind);
        ctx.insert("page_url", &self.url(suffix));
        ctx.insert("canonical", &self.absolute(suffix));
        let switcher: Vec<LangView> = config
            .languages
            .iter()
            .map(|l| LangView {
                tag: l.tag.clone(),
                html_lang: l.html_lang.clone(),
                dir: l.dir.as_str(),
                endonym: l.endonym.clone(),
                url: format!("/{}/{}", l.path, suffix),
                current: l.tag == self.lang.tag,
            })
            .collect();
        ctx.insert("languages", &switcher);
        let alternates: Vec<(String, String)> = alternates(config, suffix);
        ctx.insert("alternates", &alternates);
        ctx.insert("x_default", &config.base_url);
        ctx.insert_value("nav_header", self.values.nav_header.clone());
        ctx.insert_value("nav_footer", self.values.nav_footer.clone());
        ctx
    }
}

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
pub type HoursTable = BTreeMap<(String, String), HoursFacts>;

/// Stage: computes the hours of every location once, for all languages.
pub fn compute_hours(content: &Content, today: NaiveDate) -> HoursTable {
    let locations: Vec<_> = content
        .offices
        .values()
        .flat_map(|o| o.locations.iter().map(move |l| (o, l)))
        .collect();
    locations
        .into_par_iter()
        .filter_map(|(o, l)| {
            let h = l.hours.as_ref()?;
            Some((
                (o.id.clone(), l.id.clone()),
                HoursFacts::compute(h, today, OPEN_NOW_DAYS, EXCEPTION_DAYS),
            ))
        })
        .collect()
}

/// Prepares every language: the values each language's pages share, the German leaflet
/// columns, the partners of each district, and the language chooser.
pub fn localize_site<'a>(
    content: &'a Content,
    config: &'a SiteConfig,
    strings: &'a BTreeMap<String, Strings>,
    facts: &'a HoursTable,
    today: NaiveDate,
    pdf: &'a (dyn Fn(&str, &str) -> bool + Sync),
) -> SiteLocalizer<'a> {
    static EMPTY: std::sync::LazyLock<Strings> = std::sync::LazyLock::new(Strings::new);
    let mut keys: Vec<PageKey> = all_jobs(content, |_| true)
        .iter()
        .map(|job| PageKey { suffix: job.suffix() })
        .collect();
    keys.sort();

    let mut partners_by_district: BTreeMap<&str, Vec<&Partner>> = BTreeMap::new();
    for p in content.partners.values() {
        for d in &p.districts {
            partners_by_district.entry(d.as_str()).or_default().push(p);
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
    let german_columns = match config.languages.get(german_index) {
        Some(lang) => {
            let german = Localizer::new(
                config,
                lang,
                strings.get(&lang.tag).unwrap_or(&EMPTY),
                facts,
                today,
                content,
            );
            german_leaflets(&german, content, &partners_by_district)
        }
        None => BTreeMap::new(),
    };
    let mut root = tera::Context::new();
    let default = config.language(&config.default_language);
    let choices: Vec<LangView> = config
        .languages
        .iter()
        .map(|l| LangView {
            tag: l.tag.clone(),
            html_lang: l.html_lang.clone(),
            dir: l.dir.as_str(),
            endonym: l.endonym.clone(),
            url: format!("/{}/", l.path),
            current: false,
        })
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
    root.insert("alternates", &alternates(config, ""));
    root.insert("x_default", &config.base_url);
    root.insert("canonical", &config.base_url);
    SiteLocalizer {
        content,
        config,
        strings,
        facts,
        today,
        german_columns,
        german_html_lang,
        partners_by_district,
        pdf,
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
            self.strings.get(&language.tag).unwrap_or(&EMPTY),
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
        all_jobs(self.content, |p| chain.iter().any(|t| p.versions.contains_key(*t)))
    }

    /// The output file of a job's page, if the language exists.
    pub fn file(&self, lang: usize, job: &PageJob) -> Option<String> {
        let language = self.config.languages.get(lang)?;
        Some(crate::render::file_of_url(&format!(
            "/{}/{}",
            language.path,
            job.suffix()
        )))
    }

    /// Makes one page of the language of `l`, with the files that belong to it (an office's
    /// calendars). `None` if the job names nothing that exists.
    pub fn page(&self, l: &LanguageLocalizer, job: &PageJob) -> Option<PageWithFiles> {
        let l = &l.0;
        let content = self.content;
        let no_partners = Vec::new();
        let partners_of = |id: &str| self.partners_by_district.get(id).unwrap_or(&no_partners);
        let page = match job {
            PageJob::Home => home_page(l, content),
            PageJob::Partners => partners_page(l, content),
            PageJob::District(id) => {
                let d = content.districts.get(id)?;
                district_page(l, content, d, partners_of(id))
            }
            PageJob::Office(id) => {
                let o = content.offices.get(id)?;
                return Some((office_page(l, o), office_calendars(l, o)));
            }
            PageJob::Page(id) => content_page(l, content.pages.get(id)?)?,
            PageJob::Search => search_page(l, content),
            PageJob::Leaflet(id) => {
                let d = content.districts.get(id)?;
                let german = self.german_columns.get(id)?;
                let with_pdf = (self.pdf)(&l.lang.tag, id);
                leaflet_page(l, german, &self.german_html_lang, content, d, partners_of(id), with_pdf)
            }
        };
        Some((page, Vec::new()))
    }
}

fn home_page(l: &Localizer, content: &Content) -> LocalizedPage {
    let title = l.ui("home_title");
    let mut ctx = l.base_context("", &title, "home");
    let mut districts: Vec<DistrictSummary> = content
        .districts
        .values()
        .map(|d| {
            let office = d.office.as_ref().and_then(|id| content.offices.get(id));
            let (status, label) = office.map_or(("planned", String::new()), |o| l.status(o.status));
            DistrictSummary {
                id: d.id.clone(),
                url: l.url(&format!("districts/{}/", d.id)),
                name: l.text(&d.name, false),
                stadtteile: d.stadtteile.clone(),
                office: office.map(|o| LinkView {
                    url: l.url(&format!("offices/{}/", o.id)),
                    title: l.text(&o.name, false),
                }),
                office_status: status,
                office_status_label: label,
            }
        })
        .collect();
    districts.sort_by_key(|d| d.name.text.to_lowercase());
    ctx.insert("districts", &districts);
    LocalizedPage {
        url: l.url(""),
        lang: l.lang.tag.clone(),
        template: "home.html",
        context: ctx,
        markdown_links: Vec::new(),
    }
}

fn partners_page(l: &Localizer, content: &Content) -> LocalizedPage {
    let title = l.ui("partners_title");
    let mut ctx = l.base_context("partners/", &title, "partners");
    ctx.insert("partners_count", &l.plural("partners_count", content.partners.len()));
    ctx.insert("categories", &l.categories(content, content.partners.values()));
    LocalizedPage {
        url: l.url("partners/"),
        lang: l.lang.tag.clone(),
        template: "partners.html",
        context: ctx,
        markdown_links: Vec::new(),
    }
}

fn district_page(l: &Localizer, content: &Content, d: &District, partners: &[&Partner]) -> LocalizedPage {
    let suffix = format!("districts/{}/", d.id);
    let name = l.text(&d.name, false);
    let guide = l.document(&d.guide, &suffix);
    // The guide's own title ("Ankommen in Eving") names the page in the browser tab, bookmarks
    // and search engines, when the guide is in the reader's language.
    let page_title = guide
        .as_ref()
        .filter(|g| !g.fallback)
        .map_or_else(|| name.text.clone(), |g| g.title.clone());
    let mut ctx = l.base_context(&suffix, &page_title, "district");
    ctx.insert("district_name", &name);
    ctx.insert("leaflet_url", &l.url(&format!("leaflets/{}/", d.id)));
    ctx.insert("stadtteile", &d.stadtteile);
    if let Some(v) = d.office.as_ref().and_then(|id| l.values.offices.get(id)) {
        ctx.insert_value("office", v.clone());
    }
    ctx.insert("guide", &guide);
    ctx.insert("partners_count", &l.plural("partners_count", partners.len()));
    ctx.insert("categories", &l.categories(content, partners.iter().copied()));
    let links = guide_links(l, &d.guide);
    LocalizedPage {
        url: l.url(&suffix),
        lang: l.lang.tag.clone(),
        template: "district.html",
        context: ctx,
        markdown_links: links,
    }
}

/// The QR code of `url` as inline SVG, labelled for screen readers. The `fast_qr` crate encodes
/// (about a sixth of the time the `qrcode` crate took: a 10,000-page build went from 3.3 s to
/// 2.5 s); the path is written from its module matrix, one run of dark modules per `h` segment,
/// which is much faster and smaller than drawing every module.
fn qr_svg(url: &str) -> String {
    // Encoding (choosing the mask) costs about 0.1 ms; a code depends only on its URL, which
    // stays the same between the rebuilds of `serve`, so each is made once per process.
    static MADE: std::sync::OnceLock<std::sync::Mutex<std::collections::HashMap<String, std::sync::Arc<str>>>> =
        std::sync::OnceLock::new();
    let made = MADE.get_or_init(Default::default);
    if let Some(svg) = made.lock().ok().and_then(|m| m.get(url).cloned()) {
        return svg.to_string();
    }
    let svg = encode_qr_svg(url);
    if let Ok(mut m) = made.lock() {
        if m.len() > 200_000 {
            m.clear();
        }
        m.insert(url.to_string(), std::sync::Arc::from(svg.as_str()));
    }
    svg
}

fn encode_qr_svg(url: &str) -> String {
    use std::fmt::Write as _;
    // Error correction M, as printed leaflets get creased and dirty.
    let Ok(code) = fast_qr::QRBuilder::new(url.as_bytes()).ecl(fast_qr::ECL::M).build() else {
        return String::new();
    };
    let width = code.size;
    let dark = |x: usize, y: usize| code.data[y * width + x].value();
    let quiet = 4;
    let size = width + 2 * quiet;
    let mut path = String::with_capacity(width * width);
    for y in 0..width {
        let mut x = 0;
        while x < width {
            if dark(x, y) {
                let start = x;
                while x < width && dark(x, y) {
                    x += 1;
                }
                let _ = write!(path, "M{} {}h{}v1h-{}z", start + quiet, y + quiet, x - start, x - start);
            } else {
                x += 1;
            }
        }
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"QR: {}\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>",
        escape(url)
    )
}

fn leaflet_column(l: &Localizer, content: &Content, d: &District, partners: &[&Partner]) -> LeafletColumn {
    let office = d.office.as_ref().and_then(|id| l.values.offices.get(id)).cloned();
    let partners = partners.iter().copied().filter(|p| p.on_leaflet);
    LeafletColumn {
        html_lang: l.lang.html_lang.clone(),
        dir: l.lang.dir.as_str(),
        district_name: l.text(&d.name, false),
        office,
        categories: l.categories(content, partners),
        emergency: l
            .config
            .emergency_numbers
            .iter()
            .map(|e| (l.text(&e.label, false), l.ltr(&e.number)))
            .collect(),
        stand: format!("{} {}", l.date(l.today), l.today.year()),
        labels: LEAFLET_LABELS.iter().map(|k| (*k, l.ui(k))).collect(),
    }
}

/// The German column of a district's leaflet and the leaflet's version, computed once for all
/// languages. The version is a hash of what the German column says.
struct GermanLeaflet {
    column: tera::Value,
    version: String,
}

fn german_leaflets(
    german: &Localizer,
    content: &Content,
    partners_by_district: &BTreeMap<&str, Vec<&Partner>>,
) -> BTreeMap<String, GermanLeaflet> {
    let districts: Vec<&District> = content.districts.values().collect();
    districts
        .par_iter()
        .map(|d| {
            let partners = partners_by_district.get(d.id.as_str()).map_or(&[][..], Vec::as_slice);
            let column = leaflet_column(german, content, d, partners);
            // Hash plain structs, not template values: those are maps in hash order.
            let office = d
                .office
                .as_ref()
                .and_then(|id| content.offices.get(id))
                .map(|o| german.office(content, o));
            let json = serde_json::to_string(&(
                &column.district_name,
                &office,
                &column.categories,
                &column.emergency,
                &column.stand,
            ))
            .unwrap_or_default();
            let version = crate::validate::content_hash(&json)[..8].to_string();
            (
                d.id.clone(),
                GermanLeaflet {
                    column: tera::Value::from_serializable(&column),
                    version,
                },
            )
        })
        .collect()
}

fn leaflet_page(
    l: &Localizer,
    german: &GermanLeaflet,
    german_html_lang: &str,
    content: &Content,
    d: &District,
    partners: &[&Partner],
    with_pdf: bool,
) -> LocalizedPage {
    let suffix = format!("leaflets/{}/", d.id);
    let name = l.text(&d.name, false);
    let title = format!("{}: {}", l.ui("leaflet_title"), name.text);
    let mut ctx = l.base_context(&suffix, &title, "leaflet");
    let bilingual = l.lang.html_lang != german_html_lang;
    let mut columns = vec![if l.lang.tag == l.config.default_language {
        german.column.clone()
    } else {
        tera::Value::from_serializable(&leaflet_column(l, content, d, partners))
    }];
    if bilingual {
        columns.push(german.column.clone());
    }
    let page_url = l.absolute(&format!("districts/{}/", d.id));
    ctx.insert("columns", &columns);
    ctx.insert("bilingual", &bilingual);
    ctx.insert("qr_svg", &qr_svg(&page_url));
    ctx.insert("district_page_abs", &page_url);
    ctx.insert("district_url", &l.url(&format!("districts/{}/", d.id)));
    ctx.insert("version", &german.version);
    ctx.insert(
        "pdf_url",
        &with_pdf.then(|| l.url(&format!("leaflets/{}/{}", d.id, pdf_file_name(&d.id, &l.lang.path)))),
    );
    LocalizedPage {
        url: l.url(&suffix),
        lang: l.lang.tag.clone(),
        template: "leaflet.html",
        context: ctx,
        markdown_links: Vec::new(),
    }
}

/// The file name of a leaflet's PDF.
pub fn pdf_file_name(district: &str, lang_path: &str) -> String {
    format!("lokal-willkommen-{district}-{lang_path}.pdf")
}

/// The search page; without JavaScript it is an A–Z list of all pages and a list by district.
fn search_page(l: &Localizer, content: &Content) -> LocalizedPage {
    let suffix = "search/";
    let title = l.ui("search_title");
    let mut ctx = l.base_context(suffix, &title, "search");
    let mut all: Vec<LinkView> = vec![
        LinkView {
            url: l.url(""),
            title: TextView {
                text: l.ui("home_title"),
                html: escape(&l.ui("home_title")),
                fallback: false,
            },
        },
        LinkView {
            url: l.url("partners/"),
            title: TextView {
                text: l.ui("partners_title"),
                html: escape(&l.ui("partners_title")),
                fallback: false,
            },
        },
    ];
    all.extend(content.districts.values().map(|d| LinkView {
        url: l.url(&format!("districts/{}/", d.id)),
        title: l.text(&d.name, false),
    }));
    all.extend(content.offices.values().map(|o| LinkView {
        url: l.url(&format!("offices/{}/", o.id)),
        title: l.text(&o.name, false),
    }));
    for p in content.pages.values() {
        let titles: I18n = p.versions.iter().map(|(k, d)| (k.clone(), d.title.clone())).collect();
        all.push(LinkView {
            url: l.url(&format!("{}/", p.id)),
            title: l.text(&titles, false),
        });
    }
    all.sort_by_key(|link| link.title.text.to_lowercase());
    let mut by_district: Vec<(LinkView, Option<LinkView>)> = content
        .districts
        .values()
        .map(|d| {
            let office = d
                .office
                .as_ref()
                .and_then(|id| content.offices.get(id))
                .map(|o| LinkView {
                    url: l.url(&format!("offices/{}/", o.id)),
                    title: l.text(&o.name, false),
                });
            (
                LinkView {
                    url: l.url(&format!("districts/{}/", d.id)),
                    title: l.text(&d.name, false),
                },
                office,
            )
        })
        .collect();
    by_district.sort_by_key(|(d, _)| d.title.text.to_lowercase());
    let districts: Vec<(String, TextView)> = content
        .districts
        .values()
        .map(|d| (d.id.clone(), l.text(&d.name, false)))
        .collect();
    ctx.insert("az", &all);
    ctx.insert("by_district", &by_district);
    ctx.insert("district_options", &districts);
    LocalizedPage {
        url: l.url(suffix),
        lang: l.lang.tag.clone(),
        template: "search.html",
        context: ctx,
        markdown_links: Vec::new(),
    }
}

fn office_calendars(l: &Localizer, o: &Office) -> Vec<(String, Vec<u8>)> {
    let host = l
        .config
        .base_url
        .split("://")
        .nth(1)
        .unwrap_or("")
        .trim_end_matches('/')
        .to_string();
    o.locations
        .iter()
        .filter_map(|loc| {
            let facts = l.facts_of(o, loc)?;
            let office_name = l.text(&o.name, false).text;
            let summary = format!("{office_name} – {}", l.text(&loc.name, false).text);
            let address = format!("{}, {}", loc.address.street, loc.address.city);
            let url = l.absolute(&format!("offices/{}/", o.id));
            let info = crate::ics::CalendarInfo {
                uid_base: &format!("{}-{}", o.id, loc.id),
                host: &host,
                summary: &summary,
                location: &address,
                url: &url,
            };
            let path = format!("{}/offices/{}/{}.ics", l.lang.path, o.id, loc.id);
            Some((
                path,
                crate::ics::calendar_text(&facts.calendar, &info, l.today).into_bytes(),
            ))
        })
        .collect()
}

/// schema.org JSON-LD of an office: one `GovernmentOffice` per location with its weekly hours
/// and the closures ahead. Placeholders are left out.
fn office_jsonld(l: &Localizer, o: &Office) -> String {
    let real = |t: &Option<String>| t.as_ref().filter(|v| !is_placeholder(v)).cloned();
    let url = l.absolute(&format!("offices/{}/", o.id));
    let graph: Vec<serde_json::Value> = o
        .locations
        .iter()
        .map(|loc| {
            let mut node = serde_json::json!({
                "@type": "GovernmentOffice",
                "@id": format!("{url}#location-{}", loc.id),
                "name": format!("{} – {}", l.text(&o.name, false).text, l.text(&loc.name, false).text),
                "url": url,
            });
            if !is_placeholder(&loc.address.street) {
                let mut address = serde_json::json!({"@type": "PostalAddress", "streetAddress": loc.address.street, "addressLocality": loc.address.city, "addressCountry": "DE"});
                if let Some(pc) = &loc.address.postcode {
                    address["postalCode"] = serde_json::json!(pc);
                }
                node["address"] = address;
            }
            if let Some(phone) = real(&o.contact.phone) {
                node["telephone"] = serde_json::json!(phone);
            }
            if let Some(email) = real(&o.contact.email) {
                node["email"] = serde_json::json!(email);
            }
            if let Some(facts) = l.facts_of(o, loc) {
                let days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
                let spec: Vec<serde_json::Value> = facts
                    .week
                    .iter()
                    .flat_map(|(d, intervals)| {
                        let d = *d;
                        intervals.iter().map(move |i| {
                            serde_json::json!({"@type": "OpeningHoursSpecification", "dayOfWeek": format!("https://schema.org/{}", days[d]), "opens": i.start.format("%H:%M").to_string(), "closes": hours::hhmm(i.end, i.start.date())})
                        })
                    })
                    .collect();
                node["openingHoursSpecification"] = serde_json::json!(spec);
                let special: Vec<serde_json::Value> = facts
                    .exceptions
                    .iter()
                    .map(|(day, _)| serde_json::json!({"@type": "OpeningHoursSpecification", "validFrom": day.to_string(), "validThrough": day.to_string(), "opens": "00:00", "closes": "00:00"}))
                    .collect();
                if !special.is_empty() {
                    node["specialOpeningHoursSpecification"] = serde_json::json!(special);
                }
            }
            node
        })
        .collect();
    serde_json::json!({"@context": "https://schema.org", "@graph": graph})
        .to_string()
        .replace('<', "\\u003c")
}

fn office_page(l: &Localizer, o: &Office) -> LocalizedPage {
    let suffix = format!("offices/{}/", o.id);
    let name = l.text(&o.name, false).text;
    let mut ctx = l.base_context(&suffix, &name, "office");
    if let Some(v) = l.values.offices.get(&o.id) {
        ctx.insert_value("office", v.clone());
    }
    ctx.insert("jsonld", &office_jsonld(l, o));
    LocalizedPage {
        url: l.url(&suffix),
        lang: l.lang.tag.clone(),
        template: "office.html",
        context: ctx,
        markdown_links: Vec::new(),
    }
}

fn content_page(l: &Localizer, p: &crate::validate::Page) -> Option<LocalizedPage> {
    let suffix = format!("{}/", p.id);
    let doc = l.document(&p.versions, &suffix)?;
    let mut ctx = l.base_context(&suffix, &doc.title, "page");
    ctx.insert("doc", &doc);
    let links = guide_links(l, &p.versions);
    Some(LocalizedPage {
        url: l.url(&suffix),
        lang: l.lang.tag.clone(),
        template: "page.html",
        context: ctx,
        markdown_links: links,
    })
}

fn guide_links(l: &Localizer, versions: &BTreeMap<String, Document>) -> Vec<(PathBuf, Vec<SourceLink>)> {
    l.chain()
        .find_map(|t| versions.get(t))
        .map(|doc| vec![(doc.file.clone(), doc.links.clone())])
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Direction;

    fn localizer_for(tag: &str, ui: &Strings) -> String {
        let config = SiteConfig {
            title: I18n::new(),
            base_url: "https://x.example/".into(),
            default_language: "de".into(),
            timezone: "Europe/Berlin".into(),
            holiday_region: "DE-NW".into(),
            theme: "default".into(),
            languages: Vec::new(),
            spoken_languages: BTreeMap::new(),
            closures: Vec::new(),
            review_interval_days: 365,
            page_weight_budget_kb: 60,
            emergency_numbers: Vec::new(),
            region: None,
        };
        let lang = Language {
            tag: tag.into(),
            path: tag.into(),
            html_lang: tag.into(),
            endonym: tag.into(),
            dir: Direction::Ltr,
            fallback: vec![],
            hreflang: true,
        };
        let facts = HoursTable::new();
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let l = Localizer::new(&config, &lang, ui, &facts, today, &Content::default());
        [0, 1, 2, 3, 11, 100]
            .iter()
            .map(|n| l.plural("c", *n))
            .collect::<Vec<_>>()
            .join("|")
    }

    #[test]
    fn plural_forms_follow_cldr_rules() {
        let forms = |pairs: &[(&str, &str)]| -> Strings {
            pairs.iter().map(|(k, v)| (format!("c.{k}"), v.to_string())).collect()
        };
        let ar = forms(&[
            ("zero", "z"),
            ("one", "o"),
            ("two", "t"),
            ("few", "f{n}"),
            ("many", "m{n}"),
            ("other", "x{n}"),
        ]);
        assert_eq!(localizer_for("ar", &ar), "z|o|t|f3|m11|x100");
        let uk = forms(&[("one", "o{n}"), ("few", "f{n}"), ("many", "m{n}"), ("other", "x{n}")]);
        assert_eq!(localizer_for("uk", &uk), "m0|o1|f2|f3|m11|m100");
        let de = forms(&[("one", "o{n}"), ("other", "x{n}")]);
        assert_eq!(localizer_for("de", &de), "x0|o1|x2|x3|x11|x100");
    }
}
