//! Opening hours: OpenStreetMap `opening_hours` expressions evaluated with the public holidays
//! of North Rhine-Westphalia, closures, and per-slot mode and languages.
//!
//! Parsing and evaluation are done by the `opening-hours` crate; this module supplies the
//! state's holidays (the crate knows only nationwide ones), applies closures, and turns the
//! result into what pages, calendar files and the "open now" script need.

mod expression;
mod holidays;
mod resolve;
mod rules;
mod school;

pub use expression::*;
pub use holidays::*;
pub use resolve::*;
pub use rules::{Span, State};
pub use school::*;

use rules::Rule;

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Weekday};
use compact_calendar::CompactCalendar;
use opening_hours::{Context, ContextHolidays, OpeningHours};

use crate::text::I18n;

/// How advice is given in a slot.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    serde::Deserialize,
    serde::Serialize,
    Default,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Come by without an appointment.
    #[default]
    WalkIn,
    /// Only with an appointment.
    Appointment,
    /// By phone.
    Phone,
}

impl Mode {
    /// Key of the mode's UI string (`mode_walk_in`).
    pub fn key(self) -> &'static str {
        match self {
            Mode::WalkIn => "mode_walk_in",
            Mode::Appointment => "mode_appointment",
            Mode::Phone => "mode_phone",
        }
    }
}

/// A day or range of days on which a location is closed.
#[derive(Debug, Clone, PartialEq)]
pub struct Closure {
    /// First closed day.
    pub from: NaiveDate,
    /// Last closed day (inclusive).
    pub to: NaiveDate,
    /// Why, per language.
    pub reason: I18n,
}

impl Closure {
    /// Whether `date` is inside the closure.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
    }
}

/// A part of the hours with its own mode and languages.
#[derive(Debug, Clone)]
pub struct Slot {
    /// When it applies (an `opening_hours` expression).
    pub when: OpeningHours,
    /// The expression as written.
    pub when_text: String,
    /// Mode.
    pub mode: Mode,
    /// Languages of advice in this slot.
    pub languages: Vec<String>,
}

/// The checked hours of one location.
#[derive(Debug, Clone)]
pub struct Hours {
    /// The expression as written.
    pub expression: String,
    /// Its rules, ready to evaluate.
    rules: Arc<[Rule]>,
    /// The rules of each slot.
    slot_rules: Vec<Arc<[Rule]>>,
    /// `languages`, shared by every session.
    shared_languages: Arc<[String]>,
    /// Each slot's languages, shared by every session of the slot.
    shared_slot_languages: Vec<Arc<[String]>>,
    /// Mode outside the slots.
    pub mode: Mode,
    /// Languages outside the slots.
    pub languages: Vec<String>,
    /// Slots with their own mode or languages.
    pub slots: Vec<Slot>,
    /// Closures of this location, of its office and of the whole network.
    pub closures: Vec<Closure>,
    /// When set, the location is closed until further notice, with this message.
    pub temporarily_closed: Option<I18n>,
}

impl Hours {
    /// Whether advice is given in the language `tag` at some time of these hours.
    pub fn speaks(&self, tag: &str) -> bool {
        self.languages
            .iter()
            .chain(self.slots.iter().flat_map(|s| &s.languages))
            .any(|t| t == tag)
    }
}

/// A session when a location is open, in local time (Europe/Berlin). It belongs to the day it
/// starts on and may end on the next morning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenInterval {
    /// Start (local).
    pub start: NaiveDateTime,
    /// End (local).
    pub end: NaiveDateTime,
    /// Mode.
    pub mode: Mode,
    /// Languages (shared by all sessions of a slot: a year of sessions holds one copy).
    pub languages: Arc<[String]>,
}

/// A span in which the location is not known to be open: `unknown`, or "otherwise by
/// appointment" (`|| "nach Vereinbarung"`). Never shown as open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uncertain {
    /// Start (local).
    pub start: NaiveDateTime,
    /// End (local).
    pub end: NaiveDateTime,
    /// The comment as written (`nach Vereinbarung`), empty for a bare `unknown`.
    pub note: String,
}

/// What one day holds: its sessions (open) and its uncertain spans.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DayHours {
    /// Open sessions starting on the day, split by slots.
    pub open: Vec<OpenInterval>,
    /// Uncertain spans starting on the day.
    pub uncertain: Vec<Uncertain>,
}

impl DayHours {
    /// Whether the day has nothing at all.
    pub fn is_empty(&self) -> bool {
        self.open.is_empty() && self.uncertain.is_empty()
    }
}

/// Why a day differs from the regular week.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// A public holiday (name key, `holiday_<key>`).
    Holiday(&'static str),
    /// School holidays (name key, `school_holiday_<key>`).
    SchoolHoliday(&'static str),
    /// A closure with its reason.
    Closure(I18n),
    /// A dated rule of the expression; its comment when it has one.
    Rule(String),
}

impl Hours {
    /// Builds checked hours from a parsed expression and its annotations.
    pub fn new(
        expression: &str,
        parsed: OpeningHours,
        mode: Mode,
        languages: Vec<String>,
        slots: Vec<Slot>,
        closures: Vec<Closure>,
        temporarily_closed: Option<I18n>,
    ) -> Self {
        Hours {
            expression: expression.to_string(),
            rules: compiled(expression, &parsed),
            slot_rules: slots.iter().map(|s| compiled(&s.when_text, &s.when)).collect(),
            shared_languages: languages.as_slice().into(),
            shared_slot_languages: slots.iter().map(|s| s.languages.as_slice().into()).collect(),
            mode,
            languages,
            slots,
            closures,
            temporarily_closed,
        }
    }

    /// Whether the expression (or a slot) names school holidays (`SH`).
    pub fn uses_school_holidays(&self) -> bool {
        rules::uses_school_holidays(&self.rules) || self.slot_rules.iter().any(|r| rules::uses_school_holidays(r))
    }

    fn day_hours(&self, day: NaiveDate, repeating_only: bool) -> DayHours {
        let midnight = day.and_time(NaiveTime::MIN);
        let at = |minutes: u32| midnight + Duration::minutes(minutes.into());
        let mut result = DayHours::default();
        let mut open = Vec::new();
        for span in rules::sessions_of(&self.rules, day, repeating_only) {
            match span.state {
                State::Open => open.push((at(span.start), at(span.end))),
                State::Uncertain(note) => result.uncertain.push(Uncertain {
                    start: at(span.start),
                    end: at(span.end),
                    note: note.to_string(),
                }),
            }
        }
        result.open = self.split_by_slots(day, open);
        result
    }

    /// The regular week's sessions of `day`: the rules that repeat, no dates, holidays or
    /// closures.
    pub fn regular_day(&self, day: NaiveDate) -> DayHours {
        self.day_hours(day, true)
    }

    /// What `day` really holds: every rule, holidays, closures, temporary closure.
    pub fn actual_day(&self, day: NaiveDate) -> DayHours {
        if self.temporarily_closed.is_some() || self.closures.iter().any(|c| c.contains(day)) {
            return DayHours::default();
        }
        self.day_hours(day, false)
    }

    /// Open ranges of the regular week on `day`.
    pub fn regular_ranges(&self, day: NaiveDate) -> Vec<(NaiveDateTime, NaiveDateTime)> {
        self.regular_day(day).open.iter().map(|i| (i.start, i.end)).collect()
    }

    /// Why `day` differs from the regular week, if it does.
    pub fn reason(&self, day: NaiveDate) -> Option<Reason> {
        self.reason_given(day, &self.actual_day(day), &self.regular_day(day))
    }

    /// The three views of one day, each rule evaluated once: what it really holds, what the
    /// regular week gives, and why they differ.
    pub fn resolve_day(&self, day: NaiveDate) -> (DayHours, DayHours, Option<Reason>) {
        let all = self.day_hours(day, false);
        let regular = if self.rules.iter().all(|r| r.repeating) {
            all.clone()
        } else {
            self.day_hours(day, true)
        };
        let closed = self.temporarily_closed.is_some() || self.closures.iter().any(|c| c.contains(day));
        let actual = if closed { DayHours::default() } else { all };
        let reason = self.reason_given(day, &actual, &regular);
        (actual, regular, reason)
    }

    fn reason_given(&self, day: NaiveDate, actual: &DayHours, regular: &DayHours) -> Option<Reason> {
        if self.temporarily_closed.is_some() || actual == regular {
            return None;
        }
        if let Some(c) = self.closures.iter().find(|c| c.contains(day)) {
            return Some(Reason::Closure(c.reason.clone()));
        }
        let dated: Vec<&Rule> = self
            .rules
            .iter()
            .filter(|r| !r.repeating && r.applies_on(day))
            .collect();
        if let Some(h) = holiday_on(day).filter(|_| dated.iter().any(|r| r.names_holidays(false))) {
            return Some(Reason::Holiday(h.key));
        }
        if let Some(p) = school_holidays()
            .on(day)
            .filter(|_| dated.iter().any(|r| r.names_holidays(true)))
        {
            return Some(Reason::SchoolHoliday(p.key));
        }
        Some(Reason::Rule(
            dated.last().map(|r| r.comment().to_string()).unwrap_or_default(),
        ))
    }

    fn split_by_slots(&self, day: NaiveDate, ranges: Vec<(NaiveDateTime, NaiveDateTime)>) -> Vec<OpenInterval> {
        let mut out = Vec::new();
        if ranges.is_empty() {
            return out;
        }
        let midnight = day.and_time(NaiveTime::MIN);
        let at = |minutes: u32| midnight + Duration::minutes(minutes.into());
        let own: Arc<[String]> = self.shared_languages.clone();
        let slot_ranges: Vec<(usize, NaiveDateTime, NaiveDateTime)> = self
            .slot_rules
            .iter()
            .enumerate()
            .flat_map(|(i, r)| {
                rules::sessions_of(r, day, false)
                    .into_iter()
                    .filter(|s| s.state == State::Open)
                    .map(move |s| (i, at(s.start), at(s.end)))
            })
            .collect();
        for (start, end) in ranges {
            // Cut points: slot boundaries inside this range.
            let mut cuts = vec![start, end];
            for (_, a, b) in &slot_ranges {
                for t in [*a, *b] {
                    if t > start && t < end {
                        cuts.push(t);
                    }
                }
            }
            cuts.sort();
            cuts.dedup();
            for pair in cuts.windows(2) {
                let (a, b) = (pair[0], pair[1]);
                let slot = slot_ranges
                    .iter()
                    .find(|(_, sa, sb)| *sa <= a && b <= *sb)
                    .map(|(i, _, _)| (&self.slots[*i], &self.shared_slot_languages[*i]));
                let (mode, languages) = match slot {
                    Some((s, shared)) => (
                        s.mode,
                        if s.languages.is_empty() {
                            own.clone()
                        } else {
                            shared.clone()
                        },
                    ),
                    None => (self.mode, own.clone()),
                };
                match out.last_mut() {
                    Some(OpenInterval {
                        end,
                        mode: m,
                        languages: l,
                        ..
                    }) if *end == a && *m == mode && *l == languages => *end = b,
                    _ => out.push(OpenInterval {
                        start: a,
                        end: b,
                        mode,
                        languages,
                    }),
                }
            }
        }
        out
    }

    /// Whether the location is open at local time `at` (a session of the day before may run
    /// past midnight).
    pub fn is_open_at(&self, at: NaiveDateTime) -> bool {
        [at.date() - Duration::days(1), at.date()]
            .iter()
            .any(|day| self.actual_day(*day).open.iter().any(|i| i.start <= at && at < i.end))
    }

    /// Slot problems: parts of a slot that fall outside the hours in the week of `week_of`.
    pub fn slots_outside_hours(&self, week_of: NaiveDate) -> Vec<usize> {
        let monday = week_of - Duration::days(week_of.weekday().num_days_from_monday().into());
        let mut bad = Vec::new();
        for (i, slot) in self.slot_rules.iter().enumerate() {
            for d in 0..7 {
                let day = monday + Duration::days(d);
                let hours: Vec<Span> = rules::sessions_of(&self.rules, day, true);
                let outside = rules::sessions_of(slot, day, true)
                    .iter()
                    .any(|s| !hours.iter().any(|h| h.start <= s.start && s.end <= h.end));
                if outside && !bad.contains(&i) {
                    bad.push(i);
                }
            }
        }
        bad
    }
}

/// Europe/Berlin local time to milliseconds since the epoch (the earlier one when ambiguous).
pub fn berlin_millis(local: NaiveDateTime) -> i64 {
    match chrono_tz::Europe::Berlin.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) => t.timestamp_millis(),
        chrono::LocalResult::Ambiguous(a, _) => a.timestamp_millis(),
        // A time inside the spring-forward gap: one hour later exists.
        chrono::LocalResult::None => chrono_tz::Europe::Berlin
            .from_local_datetime(&(local + Duration::hours(1)))
            .earliest()
            .map_or(0, |t| t.timestamp_millis()),
    }
}

/// Days of the week, Monday first.
pub const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// The key of a weekday's UI string (`weekday_mo`).
pub fn weekday_key(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "weekday_mo",
        Weekday::Tue => "weekday_tu",
        Weekday::Wed => "weekday_we",
        Weekday::Thu => "weekday_th",
        Weekday::Fri => "weekday_fr",
        Weekday::Sat => "weekday_sa",
        Weekday::Sun => "weekday_su",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn at(y: i32, m: u32, day: u32, h: u32, min: u32) -> NaiveDateTime {
        d(y, m, day).and_hms_opt(h, min, 0).unwrap()
    }

    fn hours(expr: &str, closures: Vec<Closure>) -> Hours {
        Hours::new(
            expr,
            parse_expression(expr).unwrap(),
            Mode::WalkIn,
            vec![],
            vec![],
            closures,
            None,
        )
    }

    #[test]
    fn nrw_easter_dependent_holidays() {
        let y2026: Vec<_> = nrw_holidays(2026).into_iter().map(|h| (h.key, h.date)).collect();
        assert!(y2026.contains(&("karfreitag", d(2026, 4, 3))));
        assert!(y2026.contains(&("ostermontag", d(2026, 4, 6))));
        assert!(y2026.contains(&("christi_himmelfahrt", d(2026, 5, 14))));
        assert!(y2026.contains(&("pfingstmontag", d(2026, 5, 25))));
        assert!(y2026.contains(&("fronleichnam", d(2026, 6, 4))));
        assert!(y2026.contains(&("allerheiligen", d(2026, 11, 1))));
        let y2027: Vec<_> = nrw_holidays(2027).into_iter().map(|h| (h.key, h.date)).collect();
        assert!(y2027.contains(&("karfreitag", d(2027, 3, 26))));
        assert!(y2027.contains(&("fronleichnam", d(2027, 5, 27))));
        assert_eq!(nrw_holidays(2026).len(), 11);
    }

    #[test]
    fn lanstrop_thursday_edges() {
        let h = hours("Th 08:30-11:30; PH off", vec![]);
        // 2026-11-26 is a normal Thursday.
        assert!(!h.is_open_at(at(2026, 11, 26, 8, 29)));
        assert!(h.is_open_at(at(2026, 11, 26, 8, 30)));
        assert!(h.is_open_at(at(2026, 11, 26, 11, 29)));
        assert!(!h.is_open_at(at(2026, 11, 26, 11, 30)));
        assert!(!h.is_open_at(at(2026, 11, 27, 9, 0)), "Friday is closed");
    }

    #[test]
    fn nrw_only_holidays_close_the_office() {
        // Fronleichnam 2027 is a Thursday (27 May); Allerheiligen 2029 is a Thursday.
        let h = hours("Th 08:30-11:30; PH off", vec![]);
        assert!(!h.is_open_at(at(2027, 5, 27, 9, 0)));
        assert_eq!(h.reason(d(2027, 5, 27)), Some(Reason::Holiday("fronleichnam")));
        assert!(!h.is_open_at(at(2029, 11, 1, 9, 0)));
        assert_eq!(h.reason(d(2029, 11, 1)), Some(Reason::Holiday("allerheiligen")));
        // Christi Himmelfahrt 2026 (14 May) is a Thursday.
        assert!(!h.is_open_at(at(2026, 5, 14, 9, 0)));
    }

    #[test]
    fn good_friday_2026_and_2027() {
        let h = hours("Mo-Fr 09:00-12:00; PH off", vec![]);
        assert!(!h.is_open_at(at(2026, 4, 3, 10, 0)));
        assert!(h.is_open_at(at(2026, 4, 2, 10, 0)));
        assert!(!h.is_open_at(at(2027, 3, 26, 10, 0)));
        assert!(h.is_open_at(at(2027, 3, 25, 10, 0)));
        // Without `PH off` holidays are ordinary days: the expression says what it says.
        let no_ph = hours("Mo-Fr 09:00-12:00", vec![]);
        assert!(no_ph.is_open_at(at(2026, 4, 3, 10, 0)));
    }

    #[test]
    fn closure_range_across_new_year() {
        let closure = Closure {
            from: d(2026, 12, 28),
            to: d(2027, 1, 8),
            reason: I18n::new(),
        };
        let h = hours("Mo-Fr 09:00-12:00; PH off", vec![closure]);
        assert!(h.is_open_at(at(2026, 12, 23, 10, 0)));
        for day in [d(2026, 12, 28), d(2026, 12, 31), d(2027, 1, 4), d(2027, 1, 8)] {
            assert!(!h.is_open_at(day.and_hms_opt(10, 0, 0).unwrap()), "{day}");
        }
        assert!(h.is_open_at(at(2027, 1, 11, 10, 0)));
    }

    #[test]
    fn summer_time_switch_nights() {
        // Spring forward 2027-03-28 02:00 → 03:00; fall back 2026-10-25 03:00 → 02:00.
        let h = hours("Mo-Su 08:30-11:30", vec![]);
        let before = h.actual_day(d(2027, 3, 27)).open;
        let after = h.actual_day(d(2027, 3, 28)).open;
        assert_eq!(
            berlin_millis(after[0].start) - berlin_millis(before[0].start),
            23 * 3600 * 1000
        );
        let before = h.actual_day(d(2026, 10, 24)).open;
        let after = h.actual_day(d(2026, 10, 25)).open;
        assert_eq!(
            berlin_millis(after[0].start) - berlin_millis(before[0].start),
            25 * 3600 * 1000
        );
        // 08:30 local is 07:30 UTC in winter and 06:30 UTC in summer.
        assert_eq!(
            berlin_millis(at(2026, 11, 26, 8, 30)) % 86_400_000,
            (7 * 60 + 30) * 60_000
        );
        assert_eq!(
            berlin_millis(at(2026, 6, 25, 8, 30)) % 86_400_000,
            (6 * 60 + 30) * 60_000
        );
    }

    #[test]
    fn semicolon_replaces_and_comma_adds() {
        let replaced = hours("Mo 09:00-12:00; Mo 14:00-16:00", vec![]);
        assert!(!replaced.is_open_at(at(2026, 11, 23, 10, 0)));
        assert!(replaced.is_open_at(at(2026, 11, 23, 15, 0)));
        let added = hours("Mo 09:00-12:00, Mo 14:00-16:00", vec![]);
        assert!(added.is_open_at(at(2026, 11, 23, 10, 0)));
        assert!(added.is_open_at(at(2026, 11, 23, 15, 0)));
    }

    #[test]
    fn slots_split_intervals_by_mode_and_language() {
        let expr = "Tu 09:00-16:00";
        let slot = Slot {
            when: parse_expression("Tu 13:00-16:00").unwrap(),
            when_text: "Tu 13:00-16:00".into(),
            mode: Mode::Appointment,
            languages: vec!["ar".into(), "fa".into()],
        };
        let h = Hours::new(
            expr,
            parse_expression(expr).unwrap(),
            Mode::WalkIn,
            vec!["de".into()],
            vec![slot],
            vec![],
            None,
        );
        let day = h.actual_day(d(2026, 11, 24)).open;
        assert_eq!(day.len(), 2);
        assert_eq!(
            (day[0].mode, day[0].languages.to_vec()),
            (Mode::WalkIn, vec!["de".to_string()])
        );
        assert_eq!(
            (day[1].mode, day[1].languages.to_vec()),
            (Mode::Appointment, vec!["ar".to_string(), "fa".to_string()])
        );
        assert_eq!(day[1].start, at(2026, 11, 24, 13, 0));
    }

    #[test]
    fn syntax_error_column_and_semantic_checks() {
        let err = parse_expression("Mo 09:00-12:00; Xy 10:00").unwrap_err();
        assert!(err.column >= 17 && err.column <= 20, "{err:?}");
        let problems = check_expression("Mo 12:00-09:00");
        assert_eq!(problems[0].column, 4);
        assert!(problems[0].message.contains("ends before it starts"));
        let overlap = check_expression("Mo 09:00-12:00,11:00-13:00");
        assert_eq!(overlap.len(), 1);
        assert_eq!(overlap[0].column, 16);
        assert!(check_expression("Mo 09:00-12:00; Tu 11:00-13:00").is_empty());
        assert!(check_expression("Th 08:30-11:30,14:00-16:00").is_empty());
    }

    #[test]
    fn spans_of_days_and_days_that_never_happen_are_refused() {
        for (expression, column, says) in [
            ("Mo 10:00-48:00", 4, "ends after the next morning"),
            ("Fr 22:00-37:00", 4, "ends after the next morning"),
            ("Feb 30 10:00-11:00", 1, "`Feb 30` is a day that does not exist"),
            ("Mo 09:00-12:00; Apr 31 off", 17, "`Apr 31`"),
            ("2027 Feb 29 off", 1, "`2027 Feb 29`"),
        ] {
            assert!(parse_expression(expression).is_ok(), "{expression} should parse");
            let problems = check_expression(expression);
            assert_eq!(problems.len(), 1, "{expression}: {problems:?}");
            assert_eq!(problems[0].column, column, "{expression}");
            assert!(
                problems[0].message.contains(says),
                "{expression}: {}",
                problems[0].message
            );
        }
        for fine in [
            "Fr 22:00-26:00",
            "Feb 29 10:00-11:00",
            "2028 Feb 29 off",
            "Dec 24-Dec 31 off",
            "Mo 10:00-24:00",
            "Jan 1 off; Mo 08:00-10:00",
        ] {
            assert!(
                check_expression(fine).is_empty(),
                "{fine}: {:?}",
                check_expression(fine)
            );
        }
    }

    #[test]
    fn a_session_past_midnight_belongs_to_the_day_it_starts_on() {
        let h = hours("Fr 22:00-26:00; PH off", vec![]);
        // Friday 2026-11-27 22:00 until Saturday 02:00.
        assert!(h.is_open_at(at(2026, 11, 28, 1, 59)));
        assert!(!h.is_open_at(at(2026, 11, 28, 2, 0)));
        let friday = h.actual_day(d(2026, 11, 27)).open;
        assert_eq!(
            (friday[0].start, friday[0].end),
            (at(2026, 11, 27, 22, 0), at(2026, 11, 28, 2, 0))
        );
        // Holiday on Friday (Christmas Day 2026): the whole session is gone, also after midnight.
        assert!(!h.is_open_at(at(2026, 12, 25, 23, 0)));
        assert!(!h.is_open_at(at(2026, 12, 26, 1, 0)));
        // Holiday on Saturday (1 May 2027): Friday's session runs to 02:00 as usual.
        assert!(h.is_open_at(at(2027, 5, 1, 1, 30)));
        // A closure of the Friday cancels the Saturday morning too.
        let closure = Closure {
            from: d(2026, 11, 27),
            to: d(2026, 11, 27),
            reason: I18n::new(),
        };
        let closed = hours("Fr 22:00-26:00", vec![closure]);
        assert!(!closed.is_open_at(at(2026, 11, 28, 1, 0)));
    }

    #[test]
    fn a_fallback_comment_is_uncertain_never_open() {
        let h = hours("Mo-Fr 09:00-12:00; PH off || \"nach Vereinbarung\"", vec![]);
        assert!(!h.is_open_at(at(2026, 11, 28, 10, 0)), "Saturday");
        let saturday = h.actual_day(d(2026, 11, 28));
        assert_eq!(saturday.uncertain.len(), 1);
        assert_eq!(saturday.uncertain[0].note, "nach Vereinbarung");
        // Monday: the first rule applies, nothing uncertain.
        assert!(h.actual_day(d(2026, 11, 30)).uncertain.is_empty());
        // Christmas Day (Friday 2026-12-25): `PH off` applied, so the fallback does not.
        assert!(h.actual_day(d(2026, 12, 25)).is_empty());
        let unknown = hours("unknown", vec![]);
        let day = unknown.actual_day(d(2026, 11, 30));
        assert!(day.open.is_empty());
        assert_eq!(day.uncertain[0].note, "");
    }

    #[test]
    fn school_holidays_close_with_sh_off() {
        let h = hours("Mo-Th 09:00-12:00; SH off; PH off", vec![]);
        // Herbstferien 2027: 23 Oct - 6 Nov.
        assert!(!h.is_open_at(at(2027, 10, 25, 10, 0)));
        assert_eq!(h.reason(d(2027, 10, 25)), Some(Reason::SchoolHoliday("herbstferien")));
        assert!(h.is_open_at(at(2027, 11, 8, 10, 0)));
        // Allerheiligen inside the holidays: the public holiday is named.
        assert_eq!(h.reason(d(2027, 11, 1)), Some(Reason::Holiday("allerheiligen")));
        assert!(h.uses_school_holidays());
    }

    #[test]
    fn dated_rules_stay_out_of_the_regular_week() {
        let h = hours("Mo-Fr 09:00-12:00; 2027 Dec 24-Dec 31 off; Dec 23 09:00-10:00", vec![]);
        let resolved = Resolved::compute(&h, d(2027, 12, 20));
        for weekday in 0..5 {
            assert_eq!(resolved.weekly_open(weekday), vec![(9 * 60, 12 * 60)], "{weekday}");
        }
        let exceptions = resolved.exceptions(30);
        assert_eq!(exceptions[0].first, d(2027, 12, 23));
        assert_eq!(exceptions[0].hours.open[0].end, at(2027, 12, 23, 10, 0));
        // 24 to 31 December in one run (the weekend inside it joins).
        assert_eq!(
            (exceptions[1].first, exceptions[1].last),
            (d(2027, 12, 24), d(2027, 12, 31))
        );
    }

    #[test]
    fn alternate_weeks_and_last_mondays_have_a_cadence() {
        let h = hours("week 1-53/2 Fr 10:00-12:00; Mo[-1] 14:00-16:00", vec![]);
        let resolved = Resolved::compute(&h, d(2027, 1, 4));
        let friday = &resolved.week[4][0];
        assert_eq!(friday.cadence, Cadence::EveryOtherWeek);
        assert_eq!(friday.dates[0], d(2027, 1, 8), "week 1 of 2027 is odd");
        let monday = &resolved.week[0][0];
        assert_eq!(monday.cadence, Cadence::SomeWeeks);
        assert_eq!(monday.dates[0], d(2027, 1, 25));
        assert!(resolved.weekly_open(0).is_empty() && resolved.weekly_open(4).is_empty());
    }

    #[test]
    fn unsupported_features_and_backward_spans_are_refused_with_help() {
        for (expression, says) in [
            ("Mo sunrise-sunset", "sun"),
            ("Mo 09:00+", "open end"),
            ("Mo 10:00-16:00/01:00", "repeating"),
        ] {
            let problems = check_expression(expression);
            assert!(
                problems.iter().any(|p| p.message.contains(says)),
                "{expression}: {problems:?}"
            );
        }
        let backwards = check_expression("Fr 22:00-02:00");
        assert_eq!(backwards.len(), 1);
        assert!(backwards[0].help.as_deref().unwrap_or("").contains("`22:00-26:00`"));
    }
}
