//! [`Localizer`]: what one language's pages share, and how texts, addresses, contacts, offices and partners are put into that language.

use super::*;

/// Resolves texts and labels for one language.
pub(super) struct Localizer<'a> {
    pub(super) values: LanguageValues,
    /// The CLDR plural rules of the language, if it has any.
    pub(super) plurals: Option<intl_pluralrules::PluralRules>,
    /// How the language sorts (ICU4X collation: "Hörde" between "Hombruch" and "Huckarde" in
    /// German), if ICU4X knows it.
    collator: Option<icu_collator::CollatorBorrowed<'static>>,
    pub(super) facts: &'a HoursTable,
    pub(super) config: &'a SiteConfig,
    pub(super) lang: &'a Language,
    pub(super) ui: &'a Strings,
    /// The theme's markup around marked texts, in this language.
    pub(super) markup: &'a Markup,
    pub(super) today: NaiveDate,
    content: &'a Content,
}

/// Template values that are the same on every page of one language, converted once.
pub(super) struct LanguageValues {
    pub(super) ui: tera::Value,
    pub(super) site_title: tera::Value,
    pub(super) nav_header: tera::Value,
    pub(super) nav_footer: tera::Value,
    /// The office view of each office, by id (used by office and district pages), made when
    /// a page first needs it: a preview that remakes one page makes one.
    offices: BTreeMap<String, std::sync::OnceLock<tera::Value>>,
}

/// Days of "open now" data published with each page.
pub const OPEN_NOW_DAYS: u32 = 120;
/// Days ahead for which closures and holidays are listed under the hours.
pub const EXCEPTION_DAYS: u32 = 60;

impl<'a> Localizer<'a> {
    /// A localizer for `lang`, with the values every page of the language shares made once.
    pub(super) fn new(
        config: &'a SiteConfig,
        lang: &'a Language,
        ui: &'a Strings,
        markup: &'a Markup,
        facts: &'a HoursTable,
        today: NaiveDate,
        content: &'a Content,
    ) -> Self {
        let plurals = lang
            .html_lang
            .parse::<unic_langid::LanguageIdentifier>()
            .ok()
            .and_then(|id| intl_pluralrules::PluralRules::create(id, intl_pluralrules::PluralRuleType::CARDINAL).ok());
        let collator = lang
            .html_lang
            .parse::<icu_locale_core::Locale>()
            .ok()
            .and_then(|locale| {
                icu_collator::Collator::try_new((&locale).into(), icu_collator::options::CollatorOptions::default())
                    .ok()
            });
        let mut l = Localizer {
            plurals,
            collator,
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
            markup,
            today,
            content,
        };
        l.values = l.language_values(content);
        l
    }

    /// Sorts `items` by the text `key` gives, in the order readers of this language expect.
    pub(super) fn sort_by_text<T>(&self, items: &mut [T], key: impl Fn(&T) -> String) {
        match &self.collator {
            Some(collator) => items.sort_by(|a, b| collator.compare(&key(a), &key(b))),
            None => items.sort_by_key(|item| key(item).to_lowercase()),
        }
    }

    pub(super) fn ui(&self, key: &str) -> String {
        self.ui.get(key).cloned().unwrap_or_else(|| key.to_string())
    }

    pub(super) fn url(&self, suffix: &str) -> String {
        routes::in_language(&self.lang.path, suffix)
    }

    /// The published address of a page of this language (canonical, QR codes, calendars).
    pub(super) fn absolute(&self, suffix: &str) -> String {
        format!("{}{}/{}", self.config.base_url, self.lang.path, suffix)
    }

    /// The tags to try for this language: itself, then its fallback chain.
    pub(super) fn chain(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.lang.tag.as_str()).chain(self.lang.fallback.iter().map(String::as_str))
    }

    /// Resolves `i18n`. `block` texts that fall back get a visible label.
    pub(super) fn text(&self, i18n: &I18n, block: bool) -> TextView {
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
        if fallback && let Some((before, after)) = self.markup.fallback.get(&(tag.to_string(), block)) {
            html = format!("{before}{html}{after}");
        }
        TextView {
            text: text.clone(),
            html,
            fallback,
        }
    }

    /// A text written in German only (street names, names of places): isolated for RTL pages.
    pub(super) fn german(&self, text: &str) -> TextView {
        let inner = self.plain_html(text);
        let html = if self.lang.html_lang == "de" {
            inner
        } else {
            let (before, after) = &self.markup.german;
            format!("{before}{inner}{after}")
        };
        TextView {
            text: text.to_string(),
            html,
            fallback: false,
        }
    }

    /// Escaped text; a placeholder is marked so nobody mistakes it for a fact.
    pub(super) fn plain_html(&self, text: &str) -> String {
        match text.find(PLACEHOLDER_PREFIX) {
            Some(i) => format!(
                "{}{}{}{}",
                escape(&text[..i]),
                self.markup.placeholder.0,
                escape(&text[i + PLACEHOLDER_PREFIX.len()..]),
                self.markup.placeholder.1
            ),
            None => escape(text),
        }
    }

    /// Text that must read left to right in every page (phone, e-mail, URL).
    pub(super) fn ltr(&self, text: &str) -> TextView {
        let inner = self.plain_html(text);
        TextView {
            text: text.to_string(),
            html: format!(r#"<span dir="ltr">{inner}</span>"#),
            fallback: false,
        }
    }

    /// `count` with the right plural form of UI string `key` (CLDR rules of this language).
    pub(super) fn plural(&self, key: &str, count: usize) -> String {
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
    pub(super) fn address(&self, a: &crate::content::Address) -> AddressView {
        AddressView {
            street: self.german(&a.street),
            postcode: a.postcode.clone(),
            city: a.city.clone(),
        }
    }

    pub(super) fn contact(&self, c: &crate::content::Contact) -> ContactView {
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

    pub(super) fn spoken(&self, tags: &[String]) -> Vec<SpokenView> {
        tags.iter()
            .map(|t| SpokenView {
                tag: t.clone(),
                name: self
                    .config
                    .spoken_languages
                    .get(t)
                    .cloned()
                    .unwrap_or_else(|| t.clone()),
                url: self.url(&routes::spoken_language(t)),
            })
            .collect()
    }

    pub(super) fn status(&self, s: OfficeStatus) -> (&'static str, String) {
        let key = match s {
            OfficeStatus::Active => "active",
            OfficeStatus::Planned => "planned",
            OfficeStatus::TemporarilyClosed => "temporarily_closed",
        };
        (key, self.ui(&format!("status_{key}")))
    }

    pub(super) fn district_link(&self, content: &Content, id: &str) -> LinkView {
        let name = content
            .districts
            .get(id)
            .map(|d| self.text(&d.name, false))
            .unwrap_or_else(|| self.german(id));
        LinkView {
            url: self.url(&routes::district(id)),
            title: name,
        }
    }

    pub(super) fn office(&self, content: &Content, o: &Office) -> OfficeView {
        let (status, status_label) = self.status(o.status);
        OfficeView {
            id: o.id.clone(),
            url: self.url(&routes::office(&o.id)),
            show_url: self.url(&routes::show_office(&o.id)),
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
                .map(|l| {
                    let week = self.facts_of(o, l).map(|f| self.week(f)).unwrap_or_default();
                    LocationView {
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
                        closed_days: week
                            .iter()
                            .filter(|row| row.slots.is_empty())
                            .map(|row| row.day.clone())
                            .collect::<Vec<_>>()
                            .join(&self.ui("list_separator")),
                        week,
                        exceptions: self.facts_of(o, l).map(|f| self.exceptions(f)).unwrap_or_default(),
                        temporarily_closed: l
                            .hours
                            .as_ref()
                            .and_then(|h| h.temporarily_closed.as_ref())
                            .map(|t| self.text(t, true)),
                        open_now: self.open_now(o, l),
                        ics_url: self.facts_of(o, l).filter(|f| !f.calendar.is_empty()).map(|_| {
                            self.url(&routes::calendar(&o.id, &l.id))
                                .trim_end_matches('/')
                                .to_string()
                        }),
                        hours_note: l.hours_note.as_ref().map(|t| self.text(t, true)),
                    }
                })
                .collect(),
            contact: self.contact(&o.contact),
            languages: self.spoken(&o.languages),
            services: o.services.iter().map(|s| self.text(s, true)).collect(),
        }
    }

    pub(super) fn partner(&self, content: &Content, p: &Partner) -> PartnerView {
        PartnerView {
            id: p.id.clone(),
            show_url: self.url(&routes::show_partner(&p.id)),
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

    pub(super) fn categories<'p>(
        &self,
        content: &Content,
        partners: impl Iterator<Item = &'p Partner>,
    ) -> Vec<CategoryView> {
        let mut groups: BTreeMap<PartnerCategory, Vec<&Partner>> = BTreeMap::new();
        for p in partners {
            groups.entry(p.category).or_default().push(p);
        }
        groups
            .into_iter()
            .map(|(cat, mut ps)| {
                self.sort_by_text(&mut ps, |p| self.text(&p.name, false).text);
                CategoryView {
                    id: cat.key(),
                    label: self.ui(&format!("category_{}", cat.key())),
                    partners: ps.into_iter().map(|p| self.partner(content, p)).collect(),
                }
            })
            .collect()
    }

    /// The document in this language, or the first one along the fallback chain.
    pub(super) fn document(&self, versions: &BTreeMap<String, Document>, suffix: &str) -> Option<DocumentView> {
        let doc = self.chain().find_map(|t| versions.get(t))?;
        let lang = self.config.language(&doc.lang)?;
        let available = self
            .config
            .languages
            .iter()
            .filter(|l| versions.contains_key(&l.tag) && l.tag != self.lang.tag)
            .map(|l| LangView::new(l, suffix, false))
            .collect();
        let translated_title = self.untranslated_title(versions);
        Some(DocumentView {
            title: translated_title.unwrap_or(&doc.title).clone(),
            title_translated: translated_title.is_some(),
            summary: doc.summary.clone(),
            html: doc.html.to_string(),
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
            outdated: doc.lang != self.config.default_language
                && versions.get(&self.config.default_language).is_some_and(|source| {
                    crate::validate::translation_status(Some(doc), source)
                        == crate::validate::TranslationStatus::Outdated
                }),
            source_url: self
                .config
                .language(&self.config.default_language)
                .map_or_else(|| format!("/{suffix}"), |de| routes::in_language(&de.path, suffix)),
        })
    }

    /// For a document shown in another language (not translated into this one), the title the
    /// German source gives this language (`titles:`).
    fn untranslated_title<'v>(&self, versions: &'v BTreeMap<String, Document>) -> Option<&'v String> {
        let shown = self.chain().find(|t| versions.contains_key(*t))?;
        if shown == self.lang.tag {
            return None;
        }
        versions.get(&self.config.default_language)?.titles.get(&self.lang.tag)
    }

    /// A text in this very language, if it has one (no fallback): for what only makes sense in
    /// the reader's language, such as a page's description.
    pub(super) fn own_text(&self, i18n: &I18n) -> Option<String> {
        i18n.get(&self.lang.tag).filter(|t| !t.trim().is_empty()).cloned()
    }

    /// The title of a content page in this language: its translation's, or the title the
    /// German source gives for this language (`titles:`, marked as a fallback: the page it
    /// names is German), or the German one.
    pub(super) fn page_title(&self, page: &crate::validate::Page) -> TextView {
        self.versions_title(&page.versions)
    }

    /// The title of a document with versions per language (a page, a journey), as
    /// [`Localizer::page_title`] says.
    pub(super) fn versions_title(&self, versions: &BTreeMap<String, Document>) -> TextView {
        let titles: I18n = versions.iter().map(|(k, d)| (k.clone(), d.title.clone())).collect();
        match self.untranslated_title(versions) {
            Some(title) => TextView {
                fallback: true,
                ..TextView::plain(title.clone())
            },
            None => self.text(&titles, false),
        }
    }

    /// Converts what every page of this language shares, once.
    pub(super) fn language_values(&self, content: &Content) -> LanguageValues {
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
            let link = LinkView {
                url: self.url(&format!("{}/", page.id)),
                title: self.page_title(page),
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
                .keys()
                .map(|id| (id.clone(), std::sync::OnceLock::new()))
                .collect(),
        }
    }

    /// The office view of the office `id`, as templates read it.
    pub(super) fn office_value(&self, id: &str) -> Option<tera::Value> {
        let office = self.content.offices.get(id)?;
        let value = self.values.offices.get(id)?;
        Some(
            value
                .get_or_init(|| tera::Value::from_serializable(&self.office(self.content, office)))
                .clone(),
        )
    }

    /// Variables every page has.
    pub(super) fn base_context(&self, suffix: &str, title: &str, kind: &str) -> tera::Context {
        let mut ctx = tera::Context::new();
        let config = self.config;
        ctx.insert("lang", &LangView::new(self.lang, "", true));
        ctx.insert_value("ui", self.values.ui.clone());
        ctx.insert_value("site_title", self.values.site_title.clone());
        ctx.insert("page_title", title);
        // A page's own description (`<meta name="description">`, the search result's
        // snippet): set by the page kinds that have one in the reader's language.
        ctx.insert("description", "");
        // Browsers and search engines cut titles after about 70 characters: a long page title
        // stands alone.
        let site = self.text(&config.title, false).text;
        let full = format!("{title} – {site}");
        ctx.insert(
            "document_title",
            if full.chars().count() > 70 {
                title
            } else {
                full.as_str()
            },
        );
        ctx.insert("page_kind", kind);
        ctx.insert("page_url", &self.url(suffix));
        ctx.insert("canonical", &self.absolute(suffix));
        let switcher: Vec<LangView> = config
            .languages
            .iter()
            .map(|l| LangView::new(l, suffix, l.tag == self.lang.tag))
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
        let markup = Markup::default();
        let content = Content::default();
        let l = Localizer::new(&config, &lang, ui, &markup, &facts, today, &content);
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
