//! The public holidays of North Rhine-Westphalia, for `PH` in opening hours.

use super::*;

/// A public holiday: its date and the key of its name in the UI strings (`holiday_<key>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Holiday {
    /// The day.
    pub date: NaiveDate,
    /// Name key, e.g. `fronleichnam`.
    pub key: &'static str,
}

/// The public holidays of North Rhine-Westphalia (DE-NW) in `year`, in date order.
pub fn nrw_holidays(year: i32) -> Vec<Holiday> {
    let fixed = |m, d, key| NaiveDate::from_ymd_opt(year, m, d).map(|date| Holiday { date, key });
    let mut days: Vec<Holiday> = [
        fixed(1, 1, "neujahr"),
        fixed(5, 1, "tag_der_arbeit"),
        fixed(10, 3, "tag_der_deutschen_einheit"),
        fixed(11, 1, "allerheiligen"),
        fixed(12, 25, "weihnachtstag_1"),
        fixed(12, 26, "weihnachtstag_2"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if let Ok(easter) = computus::gregorian_naive(year) {
        for (offset, key) in [
            (-2, "karfreitag"),
            (1, "ostermontag"),
            (39, "christi_himmelfahrt"),
            (50, "pfingstmontag"),
            (60, "fronleichnam"),
        ] {
            days.push(Holiday {
                date: easter + Duration::days(offset),
                key,
            });
        }
    }
    days.sort();
    days
}

/// The holiday on `date`, if any.
pub fn holiday_on(date: NaiveDate) -> Option<Holiday> {
    nrw_holidays(date.year()).into_iter().find(|h| h.date == date)
}

/// The evaluation context of every expression: NRW's public holidays (for `PH`) from
/// [`HOLIDAY_YEARS`] and the shipped school holidays (for `SH`).
pub(super) fn holidays_context() -> Context {
    static CONTEXT: std::sync::OnceLock<Context> = std::sync::OnceLock::new();
    CONTEXT
        .get_or_init(|| {
            let mut public = CompactCalendar::default();
            for year in HOLIDAY_YEARS.0..=HOLIDAY_YEARS.1 {
                for h in nrw_holidays(year) {
                    public.insert(h.date);
                }
            }
            Context::default().with_holidays(ContextHolidays::new(
                Arc::new(public),
                Arc::new(super::school_holidays().calendar()),
            ))
        })
        .clone()
}

/// The years whose holidays are loaded: enough for any page built today or in years to come.
pub(super) const HOLIDAY_YEARS: (i32, i32) = (2000, 2100);
