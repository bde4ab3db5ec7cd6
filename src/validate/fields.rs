//! The rules for single fields, shared by every kind of file: German texts, languages,
//! districts, contacts, coordinates, opening hours, closures and dates.

use super::*;

/// Page ids that would clash with generated sections.
pub(super) const RESERVED_PAGE_IDS: &[&str] = &[
    "districts",
    "offices",
    "partners",
    "assets",
    "search",
    "leaflets",
    "journeys",
];

/// Collects diagnostics for one YAML file.
pub(super) struct FileCheck<'a> {
    pub(super) file: &'a Path,
    pub(super) positions: &'a KeyPositions,
    pub(super) config: &'a SiteConfig,
    pub(super) diags: &'a mut Diagnostics,
}

impl<'a> FileCheck<'a> {
    /// The checks of a loaded YAML file.
    pub(super) fn of<T>(loaded: &'a Loaded<T>, config: &'a SiteConfig, diags: &'a mut Diagnostics) -> Self {
        FileCheck {
            file: &loaded.file,
            positions: &loaded.positions,
            config,
            diags,
        }
    }

    pub(super) fn error(&mut self, path: &str, message: impl Into<String>, help: impl Into<String>) {
        self.diags
            .push(Diagnostic::error(self.file, Some(self.positions.at(path)), message).with_help(help));
    }

    pub(super) fn warning(&mut self, path: &str, message: impl Into<String>, help: impl Into<String>) {
        self.diags
            .push(Diagnostic::warning(self.file, Some(self.positions.at(path)), message).with_help(help));
    }

    /// German is required; every key must be a configured language; no empty texts.
    pub(super) fn i18n(&mut self, path: &str, text: &I18n) {
        let default = self.config.default_language.clone();
        match text.get(&default) {
            None => {
                let key = path
                    .rsplit('.')
                    .find(|k| !k.chars().all(|c| c.is_ascii_digit()))
                    .unwrap_or(path);
                self.error(
                    path,
                    format!("`{key}` has no German text (`{default}:`)"),
                    format!(
                        "German is the source language and always required; add a line `{default}: …` under `{key}:`"
                    ),
                )
            }
            Some(t) if crate::content::is_blank(t) => self.error(
                &format!("{path}.{default}"),
                format!("the German text of `{path}` is empty{}", blank_detail(t)),
                "write the text after the colon; German is always required",
            ),
            Some(_) => {}
        }
        for (tag, value) in text {
            if self.config.language(tag).is_none() {
                self.error(
                    &format!("{path}.{tag}"),
                    format!("`{tag}` is not a configured language"),
                    format!(
                        "{}; configured languages: {}",
                        crate::config::tag_help(tag),
                        self.config.tag_list(true)
                    ),
                );
            } else if crate::content::is_blank(value) && *tag != default {
                self.warning(
                    &format!("{path}.{tag}"),
                    format!("the `{tag}` text of `{path}` is empty{}", blank_detail(value)),
                    "write the translation or delete the line; the German text is shown meanwhile",
                );
            }
        }
    }

    pub(super) fn i18n_opt(&mut self, path: &str, text: &Option<I18n>) {
        if let Some(text) = text {
            self.i18n(path, text);
        }
    }

    pub(super) fn spoken_languages(&mut self, path: &str, tags: &[String]) {
        for (i, tag) in tags.iter().enumerate() {
            if !self.config.spoken_languages.contains_key(tag) {
                self.error(
                    &format!("{path}.{i}"),
                    format!("language `{tag}` is not listed under `spoken_languages` in site-config.yaml"),
                    format!(
                        "{}; or add `{tag}: <its own name>` to `spoken_languages`",
                        crate::config::tag_help(tag)
                    ),
                );
            }
        }
    }

    pub(super) fn districts(&mut self, path: &str, ids: &[String], known: &BTreeSet<String>) {
        if ids.is_empty() {
            self.error(
                path,
                format!("`{path}` lists no district"),
                "name at least one district id, e.g. `[scharnhorst]`",
            );
        }
        for (i, id) in ids.iter().enumerate() {
            if !known.contains(id) {
                self.error(
                    &format!("{path}.{i}"),
                    format!("unknown district `{id}`"),
                    format!(
                        "use the name of a folder under content/districts/: {}",
                        closest(id, known)
                    ),
                );
            }
        }
    }

    pub(super) fn contact(&mut self, path: &str, contact: &Contact) {
        if let Some(phone) = &contact.phone
            && !is_placeholder(phone)
            && !phone.chars().all(|c| c.is_ascii_digit() || " +-/()".contains(c))
        {
            self.error(
                &format!("{path}.phone"),
                format!("phone number `{phone}` contains characters other than digits, spaces and + - / ( )"),
                "write the number as dialled, e.g. `0231 123456` or `+49 231 123456`",
            );
        }
        if let Some(email) = &contact.email
            && !is_placeholder(email)
            && (!email.contains('@') || email.contains(char::is_whitespace))
        {
            self.error(
                &format!("{path}.email"),
                format!("`{email}` is not an e-mail address"),
                "write it as name@example.org",
            );
        }
        if let Some(web) = &contact.web
            && !is_placeholder(web)
            && !(web.starts_with("https://") || web.starts_with("http://"))
        {
            self.error(
                &format!("{path}.web"),
                format!("`{web}` is not a web address"),
                "write the full address starting with https://",
            );
        }
    }

    /// An error at a column inside the value of `path` (1-based column in the value).
    pub(super) fn error_in_value(
        &mut self,
        path: &str,
        column: usize,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let p = self.positions.value_at(path);
        let at = Position::new(p.line, p.column + column.saturating_sub(1));
        self.diags
            .push(Diagnostic::error(self.file, Some(at), message).with_help(help));
    }

    /// Parses and checks an `opening_hours` expression at `path`.
    pub(super) fn expression(&mut self, path: &str, expression: &str) -> Option<opening_hours::OpeningHours> {
        const HELP: &str = "write days and times like `Mo,We 09:00-12:00; Th 08:30-11:30; PH off` (days Mo Tu We Th Fr Sa Su, times HH:MM-HH:MM, `PH off` closes on public holidays)";
        let checked = hours::checked_expression(expression);
        let parsed = match &checked.parsed {
            Ok(p) => p,
            Err(e) => {
                let help = e.help.clone().unwrap_or_else(|| HELP.to_string());
                self.error_in_value(path, e.column, e.message.clone(), help);
                return None;
            }
        };
        for p in &checked.problems {
            let help = p.help.clone().unwrap_or_else(|| {
                "write the earlier time first, and each time span of a day only once, e.g. `Mo 09:00-12:00,14:00-16:00`".to_string()
            });
            self.error_in_value(path, p.column, p.message.clone(), help);
        }
        checked.problems.is_empty().then(|| parsed.clone())
    }

    pub(super) fn parse_date(&mut self, path: &str, text: &str) -> Option<NaiveDate> {
        match crate::dates::parse_date(text) {
            Ok(date) => Some(date),
            Err(message) => {
                self.error(path, message, crate::dates::DATE_HELP);
                None
            }
        }
    }

    /// Checks closures; past ones are warnings (they can be deleted).
    pub(super) fn closures(&mut self, path: &str, raw: &[RawClosure], today: NaiveDate) -> Vec<(usize, Closure)> {
        let mut out = Vec::new();
        for (i, c) in raw.iter().enumerate() {
            let at = format!("{path}.{i}");
            self.i18n(&format!("{at}.reason"), &c.reason);
            let (from, to) = match crate::dates::closure_days(&c.from, c.to.as_deref()) {
                Ok(days) => days,
                Err(problems) => {
                    for p in problems {
                        self.error(&format!("{at}.{}", p.field), p.message, p.help);
                    }
                    continue;
                }
            };
            if to < today {
                self.warning(
                    &at,
                    format!("the closure {from} – {to} is in the past"),
                    "delete it; past closures are no longer shown",
                );
            }
            out.push((
                i,
                Closure {
                    from,
                    to,
                    reason: c.reason.clone(),
                },
            ));
        }
        out
    }

    /// Checks the hours of one location and builds them.
    pub(super) fn location_hours(
        &mut self,
        id: &str,
        raw: &RawLocationHours,
        office_closures: &[(usize, Closure)],
        office_languages: &[String],
        today: NaiveDate,
    ) -> Option<Hours> {
        let at = format!("locations.{id}");
        let languages = if raw.languages.is_empty() {
            office_languages.to_vec()
        } else {
            raw.languages.clone()
        };
        self.spoken_languages(&format!("{at}.languages"), &raw.languages);
        let own_closures = self.closures(&format!("{at}.closures"), &raw.closures, today);
        let mut slots = Vec::new();
        for (i, slot) in raw.slots.iter().enumerate() {
            self.spoken_languages(&format!("{at}.slots.{i}.languages"), &slot.languages);
            if let Some(when) = self.expression(&format!("{at}.slots.{i}.when"), &slot.when) {
                slots.push(Slot {
                    when,
                    when_text: slot.when.clone(),
                    mode: slot.mode.unwrap_or(raw.mode),
                    languages: slot.languages.clone(),
                });
            }
        }
        let expression = raw.hours.as_deref()?;
        if expression.trim().is_empty() {
            self.error(
                &format!("{at}.hours"),
                "the hours are empty",
                "write them as e.g. `Mo,We 09:00-12:00; PH off`, or `hours: null` while unknown",
            );
            return None;
        }
        let parsed = self.expression(&format!("{at}.hours"), expression)?;
        let mut closures: Vec<Closure> = own_closures.iter().map(|(_, c)| c.clone()).collect();
        closures.extend(office_closures.iter().map(|(_, c)| c.clone()));
        closures.extend(self.config.closures.iter().cloned());
        let hours = Hours::new(
            expression,
            parsed,
            raw.mode,
            languages,
            slots,
            closures,
            raw.temporarily_closed.clone(),
        );
        let horizon = today + chrono::Duration::days(hours::COVERED_DAYS.into());
        let school = hours::school_holidays();
        if hours.uses_school_holidays() && !school.covers(today, horizon) {
            let column = expression.find("SH").map_or(1, |o| expression[..o].chars().count() + 1);
            self.error_in_value(
                &format!("{at}.hours"),
                column,
                format!(
                    "`SH` needs the school holidays of NRW until {horizon}; quartier knows them from {} to {}",
                    school.covers_from, school.covers_to
                ),
                format!(
                    "add the next school year's dates from the Ministry's Ferienordnung to {} and rebuild quartier, or remove `SH` until then",
                    hours::SCHOOL_HOLIDAYS_FILE
                ),
            );
        }
        for i in hours.slots_outside_hours(today) {
            self.error(
                &format!("{at}.slots.{i}.when"),
                format!("the slot `{}` lies outside the hours `{expression}`", raw.slots[i].when),
                "a slot only describes part of the hours; make it fit inside them or extend `hours`",
            );
        }
        for (i, closure) in &own_closures {
            let mut day = closure.from;
            let mut open_on_some_day = false;
            while day <= closure.to && !open_on_some_day {
                open_on_some_day = !hours.regular_ranges(day).is_empty();
                day += chrono::Duration::days(1);
            }
            if !open_on_some_day {
                self.warning(
                    &format!("{at}.closures.{i}"),
                    format!("the location has no hours on {} anyway", closure.from),
                    "check the date; a closure is only needed on days with office hours",
                );
            }
        }
        Some(hours)
    }

    /// Coordinates: inside the range of the earth, and a warning when outside the site's
    /// region (a swapped pair or a mistyped digit puts the map marker in another country).
    pub(super) fn geo(&mut self, path: &str, geo: &Option<Geo>) {
        let Some(geo) = geo else { return };
        let (lat, lon) = (geo.lat, geo.lon);
        if !(lat.is_finite() && (-90.0..=90.0).contains(&lat)) {
            self.error(
                &format!("{path}.lat"),
                format!("latitude `{lat}` is not between -90 and 90"),
                "write the latitude in decimal degrees, e.g. `lat: 51.5136` for Dortmund",
            );
        } else if !(lon.is_finite() && (-180.0..=180.0).contains(&lon)) {
            self.error(
                &format!("{path}.lon"),
                format!("longitude `{lon}` is not between -180 and 180"),
                "write the longitude in decimal degrees, e.g. `lon: 7.4653` for Dortmund",
            );
        } else if let Some(region) = self.config.region
            && !region.contains(lat, lon)
        {
            let help = if region.contains(lon, lat) {
                "latitude and longitude seem swapped: `lat` is the first number of a map link (north), `lon` the second (east)"
            } else {
                "check the digits; copy the coordinates from a map link of the place"
            };
            self.warning(
                path,
                format!("the place ({lat}, {lon}) lies outside the site's region in site-config.yaml"),
                help,
            );
        }
    }

    pub(super) fn date(&mut self, path: &str, date: &Option<String>) {
        if let Some(d) = date {
            self.parse_date(path, d);
        }
    }
}

/// Why a blank text counts as empty, when a person could not see it.
pub(super) fn blank_detail(text: &str) -> &'static str {
    match crate::text::blankness(text) {
        Some(crate::text::Blank::YamlNull) => " (`~` and `null` mean \"no value\" in YAML)",
        Some(crate::text::Blank::Invisible) => {
            " (it holds only invisible characters such as zero-width spaces or direction marks)"
        }
        Some(crate::text::Blank::Empty) | None => "",
    }
}

/// Whether a text is a visible placeholder for a fact the network still has to supply.
pub fn is_placeholder(text: &str) -> bool {
    text.trim_start().starts_with(PLACEHOLDER_PREFIX)
}

/// How a placeholder text starts in the content files.
pub const PLACEHOLDER_PREFIX: &str = "PLATZHALTER";

/// The known ids, with the most similar one first, for a help line.
pub(super) fn closest(id: &str, known: &BTreeSet<String>) -> String {
    if known.is_empty() {
        return "there is none yet".to_string();
    }
    let mut ids: Vec<&String> = known.iter().collect();
    ids.sort_by_key(|k| (strsim::levenshtein(id, k), k.to_string()));
    ids.iter().take(12).map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
}
