//! Opening hours as the pages show them: the regular week, the exceptions, and the data for
//! the open-now line — all read from one [`hours::Resolved`].

use super::*;

use crate::hours::{Cadence, EntryKind, Reason, Resolved, clock, minutes_after};

/// Everything pages need to know about one location's hours, computed once per build and
/// then only formatted per language.
#[derive(Debug, Clone)]
pub struct HoursFacts {
    /// The hours resolved from the build day on; after the year-long forms below are made from
    /// it, only the days the pages show (the 120 days of the open-now data) are kept.
    pub resolved: Resolved,
    /// The events of the calendar file (a year).
    pub calendar: Vec<crate::ics::CalendarEvent>,
    /// schema.org `openingHoursSpecification` and `specialOpeningHoursSpecification` (a year).
    pub json_ld: (Vec<serde_json::Value>, Vec<serde_json::Value>),
}

impl HoursFacts {
    /// Resolves the hours from `today` on.
    pub fn compute(hours: &hours::Hours, today: NaiveDate) -> Self {
        let mut resolved = Resolved::compute(hours, today);
        let calendar = crate::ics::calendar_events(&resolved);
        let json_ld = super::office::opening_hours_specification(&resolved);
        resolved.keep_days(OPEN_NOW_DAYS.max(EXCEPTION_DAYS));
        HoursFacts {
            resolved,
            calendar,
            json_ld,
        }
    }
}

impl<'a> Localizer<'a> {
    pub(super) fn facts_of(&self, o: &Office, l: &crate::validate::Location) -> Option<&'a HoursFacts> {
        self.facts.get(&(o.id.clone(), l.id.clone())).map(|facts| &**facts)
    }

    /// A date as "Donnerstag, 27. November" in the reader's language.
    pub(super) fn date(&self, date: NaiveDate) -> String {
        self.ui("date_format")
            .replace("{weekday}", &self.ui(hours::weekday_key(date.weekday())))
            .replace("{day}", &date.day().to_string())
            .replace("{month}", &self.ui(&format!("month_{}", date.month())))
    }

    /// What an uncertain span says: the comment as written (German, marked as such on other
    /// pages) or "hours not known", and always "please call first".
    fn uncertain_text(&self, note: &str) -> TextView {
        let call = self.ui("hours_call_first");
        let what = if note.trim().is_empty() {
            TextView::plain(self.ui("hours_not_known"))
        } else {
            self.text(&I18n::from([("de".to_string(), note.to_string())]), false)
        };
        TextView {
            text: format!("{} · {call}", what.text),
            html: format!("{} · {}", what.html, escape(&call)),
            fallback: what.fallback,
        }
    }

    fn cadence(&self, cadence: Cadence, dates: &[NaiveDate]) -> Option<String> {
        let label = match cadence {
            Cadence::EveryWeek => return None,
            Cadence::EveryOtherWeek => self.ui("hours_every_other_week"),
            Cadence::SomeWeeks => self.ui("hours_some_weeks"),
        };
        let next: Vec<String> = dates.iter().take(3).map(|d| self.date(*d)).collect();
        Some(if next.is_empty() {
            label
        } else {
            format!(
                "{label} · {}",
                self.ui("hours_next_dates")
                    .replace("{dates}", &next.join(&self.ui("clause_separator")))
            )
        })
    }

    pub(super) fn week(&self, facts: &HoursFacts) -> Vec<DayRowView> {
        let today = facts.resolved.first;
        facts
            .resolved
            .week
            .iter()
            .zip(hours::WEEKDAYS)
            .map(|(entries, weekday)| DayRowView {
                day: self.ui(hours::weekday_key(weekday)),
                slots: entries
                    .iter()
                    .map(|e| {
                        let upcoming: Vec<NaiveDate> = e.dates.iter().filter(|d| **d >= today).copied().collect();
                        let (mode, languages, note) = match &e.kind {
                            EntryKind::Open(mode, languages) => (self.ui(mode.key()), self.spoken(languages), None),
                            EntryKind::Uncertain(note) => (String::new(), Vec::new(), Some(self.uncertain_text(note))),
                        };
                        SlotView {
                            from: clock(e.start),
                            to: clock(e.end),
                            whole_day: e.start == 0 && e.end == 24 * 60,
                            mode,
                            languages,
                            note,
                            cadence: self.cadence(e.cadence, &upcoming),
                        }
                    })
                    .collect(),
            })
            .collect()
    }

    fn reason_text(&self, reason: &Reason) -> Option<TextView> {
        let named = |key: String| TextView::plain(self.ui(&key));
        match reason {
            Reason::Holiday(key) => Some(named(format!("holiday_{key}"))),
            Reason::SchoolHoliday(key) => Some(named(format!("school_holiday_{key}"))),
            Reason::Closure(reason) => Some(self.text(reason, false)).filter(|t| !t.text.is_empty()),
            Reason::Rule(comment) if comment.trim().is_empty() => None,
            Reason::Rule(comment) => Some(self.text(&I18n::from([("de".to_string(), comment.clone())]), false)),
        }
    }

    pub(super) fn exceptions(&self, facts: &HoursFacts) -> Vec<ExceptionView> {
        facts
            .resolved
            .exceptions(EXCEPTION_DAYS)
            .iter()
            .map(|e| {
                let date = if e.first == e.last {
                    self.date(e.first)
                } else {
                    format!("{} – {}", self.date(e.first), self.date(e.last))
                };
                let times: Vec<String> = e
                    .hours
                    .open
                    .iter()
                    .map(|i| (i.start, i.end))
                    .chain(e.hours.uncertain.iter().map(|u| (u.start, u.end)))
                    .map(|(s, t)| {
                        format!(
                            "{}–{}",
                            clock(minutes_after(e.first, s)),
                            clock(minutes_after(e.first, t))
                        )
                    })
                    .collect();
                let what = if times.is_empty() {
                    self.ui("closed")
                } else {
                    self.ui("hours_changed").replace("{times}", &times.join(", "))
                };
                let reason = match self.reason_text(&e.reason) {
                    Some(why) => TextView {
                        text: format!("{what} ({})", why.text),
                        html: format!("{} ({})", escape(&what), why.html),
                        fallback: why.fallback,
                    },
                    None => TextView::plain(what),
                };
                ExceptionView { date, reason }
            })
            .collect()
    }

    /// The data of the open-now line: open sessions `[start ms, end ms, weekday (0 = Monday),
    /// day, month (1-12), "HH:MM" start, "HH:MM" end]`, uncertain spans `[start ms, end ms,
    /// text]` and closed days with their reason `[start ms, end ms, reason]`, in
    /// Europe/Berlin, for [`OPEN_NOW_DAYS`] days; plus the label templates and names of this
    /// language, so the script only fills them in. Outside the covered days, or with no session
    /// left in them, the script says how old the hours are.
    fn hours_json(&self, facts: &HoursFacts) -> String {
        let resolved = &facts.resolved;
        let rows: Vec<serde_json::Value> = resolved
            .open_sessions(OPEN_NOW_DAYS)
            .map(|i| {
                let day = i.start.date();
                serde_json::json!([
                    hours::berlin_millis(i.start),
                    hours::berlin_millis(i.end),
                    day.weekday().num_days_from_monday(),
                    day.day(),
                    day.month(),
                    clock(minutes_after(day, i.start)),
                    clock(minutes_after(day, i.end))
                ])
            })
            .collect();
        let uncertain: Vec<serde_json::Value> = resolved
            .uncertain_spans(OPEN_NOW_DAYS)
            .map(|u| {
                serde_json::json!([
                    hours::berlin_millis(u.start),
                    hours::berlin_millis(u.end),
                    self.uncertain_text(&u.note).text
                ])
            })
            .collect();
        let midnight = |d: NaiveDate| hours::berlin_millis(d.and_time(chrono::NaiveTime::MIN));
        let closed: Vec<serde_json::Value> = resolved
            .closed_with_reason(OPEN_NOW_DAYS)
            .filter_map(|d| {
                let why = self.reason_text(d.reason.as_ref()?)?;
                Some(serde_json::json!([
                    midnight(d.date),
                    midnight(d.date + chrono::Duration::days(1)),
                    why.text
                ]))
            })
            .collect();
        let weekdays: Vec<String> = hours::WEEKDAYS
            .iter()
            .map(|d| self.ui(hours::weekday_key(*d)))
            .collect();
        let months: Vec<String> = (1..=12).map(|m| self.ui(&format!("month_{m}"))).collect();
        let json = serde_json::json!({
            "from": midnight(self.today),
            "until": midnight(self.today + chrono::Duration::days(OPEN_NOW_DAYS.into())),
            "open": self.ui("hours_open_now"),
            "opens": self.ui("hours_opens"),
            "opens_reason": self.ui("hours_opens_reason"),
            "stale": self.ui("hours_stale").replace("{date}", &self.date(self.today)),
            "date": self.ui("date_format"),
            "weekdays": weekdays,
            "months": months,
            "intervals": rows,
            "uncertain": uncertain,
            "closed": closed,
        });
        json.to_string()
    }

    /// The open-now line of location `loc` of `o`, if it has hours to show and is not
    /// temporarily closed: what the page needs to show it (its data file is one of the office
    /// page's files, [`Localizer::open_now_file`]).
    pub(super) fn open_now(&self, o: &Office, loc: &crate::validate::Location) -> Option<OpenNowView> {
        self.open_now_facts(o, loc)?;
        Some(OpenNowView {
            key: open_now_key(o, loc),
            src: self
                .url(&routes::open_now(&o.id, &loc.id))
                .trim_end_matches('/')
                .to_string(),
        })
    }

    /// The open-now data file of location `loc` of `o` in this language: (output path, script).
    /// The script adds the data to `window.quartierHours` under the key the page's
    /// `data-hours-for` names; `hours.js` reads it once the page is parsed.
    pub(super) fn open_now_file(&self, o: &Office, loc: &crate::validate::Location) -> Option<(String, Vec<u8>)> {
        let facts = self.open_now_facts(o, loc)?;
        let key = serde_json::to_string(&open_now_key(o, loc)).unwrap_or_default();
        // U+2028 and U+2029 end a line in older JavaScript engines; escaped, they stay text.
        let data = self
            .hours_json(facts)
            .replace('\u{2028}', "\\u2028")
            .replace('\u{2029}', "\\u2029");
        let script = format!("(window.quartierHours = window.quartierHours || {{}})[{key}] = {data};\n");
        Some((
            format!("{}/{}", self.lang.path, routes::open_now(&o.id, &loc.id)),
            script.into_bytes(),
        ))
    }

    /// The hours of location `loc` of `o` if it has an open-now line: hours to show, and not
    /// temporarily closed.
    fn open_now_facts(&self, o: &Office, loc: &crate::validate::Location) -> Option<&'a HoursFacts> {
        loc.hours.as_ref().filter(|h| h.temporarily_closed.is_none())?;
        self.facts_of(o, loc)
    }
}

/// The key of a location's open-now data: office and location id (a location id is unique only
/// within its office).
fn open_now_key(o: &Office, loc: &crate::validate::Location) -> String {
    format!("{}/{}", o.id, loc.id)
}

/// What a page needs to show a location's open-now line.
#[derive(Serialize)]
pub(super) struct OpenNowView {
    /// The key of the data (`data-hours-for`).
    key: String,
    /// The URL of the data file.
    src: String,
}
