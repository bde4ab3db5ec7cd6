//! The school holidays of North Rhine-Westphalia, for `SH` in opening hours: official dates
//! shipped as data (`school-holidays-nrw.yaml`), never guessed.

use std::path::Path;
use std::sync::OnceLock;

use chrono::NaiveDate;
use compact_calendar::CompactCalendar;

/// Where the dates live in the repository (named in messages when they run out).
pub const SCHOOL_HOLIDAYS_FILE: &str = "src/hours/school-holidays-nrw.yaml";

const DATA: &str = include_str!("school-holidays-nrw.yaml");

/// A period of school holidays: its name key (`herbstferien`) and first and last day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchoolHoliday {
    /// Name key; the UI string is `school_holiday_<key>`.
    pub key: &'static str,
    /// First day off school.
    pub from: NaiveDate,
    /// Last day off school.
    pub to: NaiveDate,
}

/// The school holidays and the span of days they describe completely.
#[derive(Debug)]
pub struct SchoolHolidays {
    /// The periods, in date order.
    pub periods: Vec<SchoolHoliday>,
    /// First day the data describes.
    pub covers_from: NaiveDate,
    /// Last day the data describes.
    pub covers_to: NaiveDate,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawData {
    covers: RawSpan,
    periods: Vec<RawPeriod>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpan {
    from: String,
    to: String,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPeriod {
    name: String,
    from: String,
    to: String,
}

/// The names a period may have (each has a UI string in every language).
pub const SCHOOL_HOLIDAY_KEYS: [&str; 5] = [
    "herbstferien",
    "weihnachtsferien",
    "osterferien",
    "pfingstferien",
    "sommerferien",
];

fn load(text: &str) -> Result<SchoolHolidays, String> {
    let raw: RawData = crate::yaml::parse(text, Path::new(SCHOOL_HOLIDAYS_FILE), 0)
        .map_err(|d| d.to_string())?
        .value;
    let date = |t: &str| crate::dates::parse_date(t);
    let mut periods = Vec::new();
    for p in raw.periods {
        let key = SCHOOL_HOLIDAY_KEYS
            .iter()
            .find(|k| **k == p.name)
            .ok_or_else(|| format!("unknown school holiday name `{}`", p.name))?;
        let (from, to) = (date(&p.from)?, date(&p.to)?);
        if to < from {
            return Err(format!("the period {} ends before it starts", p.from));
        }
        periods.push(SchoolHoliday { key, from, to });
    }
    periods.sort_by_key(|p| p.from);
    Ok(SchoolHolidays {
        periods,
        covers_from: date(&raw.covers.from)?,
        covers_to: date(&raw.covers.to)?,
    })
}

/// The shipped school holidays (read once per process).
pub fn school_holidays() -> &'static SchoolHolidays {
    static DATA_ONCE: OnceLock<SchoolHolidays> = OnceLock::new();
    DATA_ONCE.get_or_init(|| {
        load(DATA).unwrap_or_else(|e| panic!("{SCHOOL_HOLIDAYS_FILE} is broken (a build of quartier ships it): {e}"))
    })
}

impl SchoolHolidays {
    /// The period `day` lies in, if any.
    pub fn on(&self, day: NaiveDate) -> Option<&SchoolHoliday> {
        self.periods.iter().find(|p| p.from <= day && day <= p.to)
    }

    /// Whether the data describes every day from `from` to `to`.
    pub fn covers(&self, from: NaiveDate, to: NaiveDate) -> bool {
        self.covers_from <= from && to <= self.covers_to
    }

    pub(super) fn calendar(&self) -> CompactCalendar {
        let mut calendar = CompactCalendar::default();
        for p in &self.periods {
            for day in p.from.iter_days().take_while(|d| *d <= p.to) {
                calendar.insert(day);
            }
        }
        calendar
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_data_reads_and_does_not_overlap() {
        let data = school_holidays();
        assert!(data.periods.len() >= 15);
        for pair in data.periods.windows(2) {
            assert!(pair[0].to < pair[1].from, "{:?} overlaps {:?}", pair[0], pair[1]);
        }
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(data.on(d(2026, 12, 23)).map(|p| p.key), Some("weihnachtsferien"));
        assert_eq!(data.on(d(2027, 1, 6)).map(|p| p.key), Some("weihnachtsferien"));
        assert_eq!(data.on(d(2027, 1, 7)), None);
        assert!(data.covers(d(2026, 12, 3), d(2027, 12, 3)));
        assert!(!data.covers(d(2028, 6, 1), d(2029, 6, 1)));
    }

    #[test]
    fn bad_data_is_refused_with_a_reason() {
        let bad = "covers: {from: 2025-01-01, to: 2025-12-31}\nperiods:\n  - {name: karneval, from: 2025-03-03, to: 2025-03-04}\n";
        assert!(load(bad).unwrap_err().contains("karneval"));
        let backwards = "covers: {from: 2025-01-01, to: 2025-12-31}\nperiods:\n  - {name: osterferien, from: 2025-04-26, to: 2025-04-14}\n";
        assert!(load(backwards).unwrap_err().contains("ends before"));
    }
}
