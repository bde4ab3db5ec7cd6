//! Opening hours: OpenStreetMap `opening_hours` expressions evaluated with the public holidays
//! of North Rhine-Westphalia, closures, and per-slot mode and languages.
//!
//! Parsing and evaluation are done by the `opening-hours` crate; this module supplies the
//! state's holidays (the crate knows only nationwide ones), applies closures, and turns the
//! result into what pages, calendar files and the "open now" script need.

mod expression;
mod holidays;

pub use expression::*;
pub use holidays::*;

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Weekday};
use compact_calendar::CompactCalendar;
use opening_hours::{Context, ContextHolidays, OpeningHours, RuleKind};

use crate::text::I18n;

/// How advice is given in a slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Deserialize, serde::Serialize, Default)]
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
    /// When it applies (an `opening_hours` expression, evaluated without holidays).
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
    /// Evaluated with NRW public holidays for `PH`.
    with_holidays: OpeningHours,
    /// Evaluated with no holidays: the regular week.
    regular: OpeningHours,
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

/// A time when a location is open, in local time (Europe/Berlin).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenInterval {
    /// Start (local).
    pub start: NaiveDateTime,
    /// End (local).
    pub end: NaiveDateTime,
    /// Mode.
    pub mode: Mode,
    /// Languages.
    pub languages: Vec<String>,
}

/// Why a day on which the location is normally open is closed.
#[derive(Debug, Clone, PartialEq)]
pub enum ClosedBecause {
    /// A public holiday (name key).
    Holiday(&'static str),
    /// A closure with its reason.
    Closure(I18n),
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
        let with_holidays = parsed
            .clone()
            .with_context(holidays_context(HOLIDAY_YEARS.0, HOLIDAY_YEARS.1));
        Hours {
            expression: expression.to_string(),
            with_holidays,
            regular: parsed,
            mode,
            languages,
            slots,
            closures,
            temporarily_closed,
        }
    }

    fn ranges(oh: &OpeningHours, day: NaiveDate) -> Vec<(NaiveDateTime, NaiveDateTime)> {
        let midnight = day.and_time(NaiveTime::MIN);
        let at = |minutes: u16| midnight + Duration::minutes(minutes.into());
        oh.schedule_at(day)
            .into_iter()
            .filter(|r| r.kind == RuleKind::Open)
            .map(|r| {
                (
                    at(r.range.start.mins_from_midnight()),
                    at(r.range.end.mins_from_midnight()),
                )
            })
            .collect()
    }

    /// Open ranges of the regular week on `day` (no holidays, no closures).
    pub fn regular_ranges(&self, day: NaiveDate) -> Vec<(NaiveDateTime, NaiveDateTime)> {
        Self::ranges(&self.regular, day)
    }

    /// Why the location is closed on `day` although it is normally open, if it is.
    pub fn closed_because(&self, day: NaiveDate) -> Option<ClosedBecause> {
        if self.regular_ranges(day).is_empty() {
            return None;
        }
        if let Some(c) = self.closures.iter().find(|c| c.contains(day)) {
            return Some(ClosedBecause::Closure(c.reason.clone()));
        }
        if Self::ranges(&self.with_holidays, day).is_empty() {
            return holiday_on(day).map(|h| ClosedBecause::Holiday(h.key));
        }
        None
    }

    /// The open intervals of `day`: holidays and closures applied, split by slots.
    pub fn open_on(&self, day: NaiveDate) -> Vec<OpenInterval> {
        if self.temporarily_closed.is_some() || self.closures.iter().any(|c| c.contains(day)) {
            return Vec::new();
        }
        self.split_by_slots(day, Self::ranges(&self.with_holidays, day))
    }

    /// The regular week's intervals on `day` (no holidays, no closures), split by slots.
    pub fn regular_on(&self, day: NaiveDate) -> Vec<OpenInterval> {
        self.split_by_slots(day, Self::ranges(&self.regular, day))
    }

    fn split_by_slots(&self, day: NaiveDate, ranges: Vec<(NaiveDateTime, NaiveDateTime)>) -> Vec<OpenInterval> {
        let mut out = Vec::new();
        if ranges.is_empty() {
            return out;
        }
        let slot_ranges: Vec<(usize, NaiveDateTime, NaiveDateTime)> = self
            .slots
            .iter()
            .enumerate()
            .flat_map(|(i, s)| Self::ranges(&s.when, day).into_iter().map(move |(a, b)| (i, a, b)))
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
                    .map(|(i, _, _)| &self.slots[*i]);
                let (mode, languages) = match slot {
                    Some(s) => (
                        s.mode,
                        if s.languages.is_empty() {
                            self.languages.clone()
                        } else {
                            s.languages.clone()
                        },
                    ),
                    None => (self.mode, self.languages.clone()),
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

    /// Open intervals for `days` days from `first` on.
    pub fn open_intervals(&self, first: NaiveDate, days: u32) -> Vec<OpenInterval> {
        (0..days)
            .flat_map(|d| self.open_on(first + Duration::days(d.into())))
            .collect()
    }

    /// Whether the location is open at local time `at`.
    pub fn is_open_at(&self, at: NaiveDateTime) -> bool {
        self.open_on(at.date()).iter().any(|i| i.start <= at && at < i.end)
    }

    /// Slot problems: parts of a slot that fall outside the hours in the week of `week_of`.
    pub fn slots_outside_hours(&self, week_of: NaiveDate) -> Vec<usize> {
        let monday = week_of - Duration::days(week_of.weekday().num_days_from_monday().into());
        let mut bad = Vec::new();
        for (i, slot) in self.slots.iter().enumerate() {
            for d in 0..7 {
                let day = monday + Duration::days(d);
                let hours = self.regular_ranges(day);
                let outside = Self::ranges(&slot.when, day)
                    .iter()
                    .any(|(a, b)| !hours.iter().any(|(ha, hb)| ha <= a && b <= hb));
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

/// `HH:MM`, 24-hour clock; midnight at the end of a day is `24:00`.
pub fn hhmm(t: NaiveDateTime, day: NaiveDate) -> String {
    if t.date() > day && t.time() == NaiveTime::MIN {
        "24:00".to_string()
    } else {
        t.format("%H:%M").to_string()
    }
}

/// The regular week (Monday to Sunday of the week of `week_of`): per weekday its intervals.
pub fn regular_week(hours: &Hours, week_of: NaiveDate) -> BTreeMap<usize, Vec<OpenInterval>> {
    let monday = week_of - Duration::days(week_of.weekday().num_days_from_monday().into());
    (0..7)
        .map(|d| (d, hours.regular_on(monday + Duration::days(d as i64))))
        .collect()
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
        assert_eq!(
            h.closed_because(d(2027, 5, 27)),
            Some(ClosedBecause::Holiday("fronleichnam"))
        );
        assert!(!h.is_open_at(at(2029, 11, 1, 9, 0)));
        assert_eq!(
            h.closed_because(d(2029, 11, 1)),
            Some(ClosedBecause::Holiday("allerheiligen"))
        );
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
        let before = h.open_on(d(2027, 3, 27));
        let after = h.open_on(d(2027, 3, 28));
        assert_eq!(
            berlin_millis(after[0].start) - berlin_millis(before[0].start),
            23 * 3600 * 1000
        );
        let before = h.open_on(d(2026, 10, 24));
        let after = h.open_on(d(2026, 10, 25));
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
        let day = h.open_on(d(2026, 11, 24));
        assert_eq!(day.len(), 2);
        assert_eq!(
            (day[0].mode, day[0].languages.clone()),
            (Mode::WalkIn, vec!["de".to_string()])
        );
        assert_eq!(
            (day[1].mode, day[1].languages.clone()),
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
}
