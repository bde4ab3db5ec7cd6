//! The one rule for dates a person writes: `YYYY-MM-DD`, and a day that exists.
//!
//! Every dated field (`last_verified`, closures, anything dated) is read with [`parse_date`],
//! so `2026-02-30` is refused everywhere alike.

use chrono::NaiveDate;
use serde::Deserialize;

use crate::text::I18n;

/// A day or a range of days on which a location (or a whole office) is closed.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawClosure {
    /// First day, YYYY-MM-DD.
    pub from: String,
    /// Last day, YYYY-MM-DD (default: the same day).
    #[serde(default)]
    pub to: Option<String>,
    /// Why, per language.
    pub reason: I18n,
}

/// What a person is told when a date cannot be read.
pub const DATE_HELP: &str = "write the date as YYYY-MM-DD, e.g. 2026-12-24";

/// Reads `text` as a calendar date written `YYYY-MM-DD`; the error says what is wrong.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let parts: Vec<&str> = text.split('-').collect();
    let shape_ok = parts.len() == 3
        && [4, 2, 2]
            .iter()
            .zip(&parts)
            .all(|(len, p)| p.len() == *len && p.bytes().all(|b| b.is_ascii_digit()));
    if !shape_ok {
        return Err(format!("`{text}` is not a date"));
    }
    let number = |p: &str| p.parse::<u32>().unwrap_or(0);
    let (year, month, day) = (number(parts[0]) as i32, number(parts[1]), number(parts[2]));
    if !(1..=12).contains(&month) {
        return Err(format!("`{text}` is not a date: there is no month {month}"));
    }
    NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| format!("`{text}` is not a date: {year}-{month:02} has no day {day}"))
}

/// A problem with a closure's dates: which field (`from` or `to`), what is wrong, what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RangeProblem {
    /// `from` or `to`.
    pub field: &'static str,
    /// What is wrong.
    pub message: String,
    /// What to write instead.
    pub help: &'static str,
}

/// The one rule for a closure's dates (in site-config.yaml and in opening-hours files alike):
/// `from` a real day, `to` (optional, default `from`) a real day not before it.
pub fn closure_days(from: &str, to: Option<&str>) -> Result<(NaiveDate, NaiveDate), Vec<RangeProblem>> {
    let problem = |field, message| RangeProblem {
        field,
        message,
        help: DATE_HELP,
    };
    let first = parse_date(from).map_err(|m| problem("from", m));
    let last = match to {
        Some(to) => parse_date(to).map_err(|m| problem("to", m)),
        None => first.clone(),
    };
    match (first, last) {
        (Ok(first), Ok(last)) if last < first => Err(vec![RangeProblem {
            field: "to",
            message: format!("the closure ends ({last}) before it starts ({first})"),
            help: "swap `from` and `to`",
        }]),
        (Ok(first), Ok(last)) => Ok((first, last)),
        (Err(a), Err(b)) if to.is_some() => Err(vec![a, b]),
        (Err(a), _) => Err(vec![a]),
        (_, Err(b)) => Err(vec![b]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_days_only() {
        assert_eq!(
            parse_date("2026-11-24"),
            Ok(NaiveDate::from_ymd_opt(2026, 11, 24).unwrap())
        );
        assert_eq!(parse_date("2028-02-29").map(|d| d.to_string()), Ok("2028-02-29".into()));
        for wrong in [
            "2026-02-30",
            "2026-04-31",
            "2027-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-01-00",
        ] {
            assert!(parse_date(wrong).is_err(), "{wrong}");
        }
        for wrong in ["24.11.2026", "2026-1-5", "+2026-01-05", "2026-11-24 ", "", "2026–11–24"] {
            assert!(parse_date(wrong).is_err(), "{wrong}");
        }
        assert_eq!(
            parse_date("2026-02-30").unwrap_err(),
            "`2026-02-30` is not a date: 2026-02 has no day 30"
        );
    }
}
