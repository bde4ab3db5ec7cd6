//! iCalendar files of office hours: weekly recurring events with a `VTIMEZONE` for
//! Europe/Berlin; public holidays and closures excluded with `EXDATE`. Output depends only on
//! the content and the build date, so two builds are identical.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Weekday};

use crate::hours::{Hours, berlin_millis};

/// How far ahead the calendar describes the hours.
pub const CALENDAR_DAYS: u32 = 365;

/// What a calendar file says about its location.
pub struct CalendarInfo<'a> {
    /// Stable id of the location (`eving-scharnhorst-lanstrop`).
    pub uid_base: &'a str,
    /// Host for the UIDs (from the base URL).
    pub host: &'a str,
    /// Event title.
    pub summary: &'a str,
    /// Address.
    pub location: &'a str,
    /// Link to the office page.
    pub url: &'a str,
}

const VTIMEZONE: &str = "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nBEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\nBEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nDTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";

fn escape_text(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

/// Folds a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 character.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
    out
}

fn local(t: NaiveDateTime) -> String {
    t.format("%Y%m%dT%H%M%S").to_string()
}

fn byday(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    }
}

/// One weekly recurring event of a calendar file, before it is written out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeeklyEvent {
    /// First day it happens.
    pub first: NaiveDate,
    /// Last day of the weekly series within the calendar's reach.
    pub last: NaiveDate,
    /// Start time (local).
    pub start: NaiveTime,
    /// End time (local).
    pub end: NaiveTime,
    /// Days of the series on which it does not happen (holidays, closures).
    pub excluded: Vec<NaiveDate>,
}

/// The weekly events of one location from `today` for [`CALENDAR_DAYS`] days. Computed once
/// per location; [`calendar_text`] writes them out per language.
pub fn calendar_events(hours: &Hours, today: NaiveDate) -> Vec<WeeklyEvent> {
    // Group the regular week's slots by weekday and time; each group becomes one weekly event.
    let mut groups: BTreeMap<(u32, NaiveTime, NaiveTime), Vec<NaiveDate>> = BTreeMap::new();
    let mut regular: BTreeMap<(u32, NaiveTime, NaiveTime), Vec<NaiveDate>> = BTreeMap::new();
    for d in 0..CALENDAR_DAYS {
        let day = today + Duration::days(d.into());
        let weekday = day.weekday().num_days_from_monday();
        for i in hours.regular_on(day) {
            regular
                .entry((weekday, i.start.time(), i.end.time()))
                .or_default()
                .push(day);
        }
        for i in hours.open_on(day) {
            groups
                .entry((weekday, i.start.time(), i.end.time()))
                .or_default()
                .push(day);
        }
    }
    // Events come from the regular week, so a slot cut by a holiday is still one event.
    regular
        .iter()
        .filter_map(|(key, days)| {
            let open_days = groups.get(key).cloned().unwrap_or_default();
            let first = open_days.first().copied()?;
            let last = *days.last().unwrap_or(&first);
            let excluded = days
                .iter()
                .filter(|d| **d > first && !open_days.contains(d))
                .copied()
                .collect();
            Some(WeeklyEvent {
                first,
                last,
                start: key.1,
                end: key.2,
                excluded,
            })
        })
        .collect()
}

/// Writes the events as an iCalendar file.
pub fn calendar_text(events: &[WeeklyEvent], info: &CalendarInfo<'_>, today: NaiveDate) -> String {
    let mut out = String::new();
    out.push_str("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//quartier//office hours//DE\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n");
    out.push_str(&fold(&format!("X-WR-CALNAME:{}", escape_text(info.summary))));
    out.push_str("X-WR-TIMEZONE:Europe/Berlin\r\n");
    out.push_str(VTIMEZONE);
    let stamp = format!("{}T000000Z", today.format("%Y%m%d"));
    for event in events {
        let (first, start, end) = (event.first, event.start, event.end);
        let end_day = if end == NaiveTime::MIN {
            first + Duration::days(1)
        } else {
            first
        };
        let until = chrono::Utc
            .timestamp_millis_opt(berlin_millis(event.last.and_time(end)))
            .single();
        out.push_str("BEGIN:VEVENT\r\n");
        out.push_str(&fold(&format!(
            "UID:{}-{}-{}-{}@{}",
            info.uid_base,
            byday(first.weekday()).to_lowercase(),
            start.format("%H%M"),
            end.format("%H%M"),
            info.host
        )));
        out.push_str(&format!("DTSTAMP:{stamp}\r\n"));
        out.push_str(&format!(
            "DTSTART;TZID=Europe/Berlin:{}\r\n",
            local(first.and_time(start))
        ));
        out.push_str(&format!(
            "DTEND;TZID=Europe/Berlin:{}\r\n",
            local(end_day.and_time(end))
        ));
        let until = until
            .map(|u| u.format("%Y%m%dT%H%M%SZ").to_string())
            .unwrap_or_default();
        out.push_str(&format!(
            "RRULE:FREQ=WEEKLY;BYDAY={};UNTIL={until}\r\n",
            byday(first.weekday())
        ));
        for day in &event.excluded {
            out.push_str(&format!("EXDATE;TZID=Europe/Berlin:{}\r\n", local(day.and_time(start))));
        }
        out.push_str(&fold(&format!("SUMMARY:{}", escape_text(info.summary))));
        out.push_str(&fold(&format!("LOCATION:{}", escape_text(info.location))));
        out.push_str(&fold(&format!("URL:{}", info.url)));
        out.push_str("TRANSP:TRANSPARENT\r\nEND:VEVENT\r\n");
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hours::{Closure, Mode, parse_expression};

    #[test]
    fn weekly_event_with_holidays_and_closures_excluded() {
        let expr = "Th 08:30-11:30; PH off";
        let closure = Closure {
            from: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
            to: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
            reason: Default::default(),
        };
        let hours = Hours::new(
            expr,
            parse_expression(expr).unwrap(),
            Mode::WalkIn,
            vec![],
            vec![],
            vec![closure],
            None,
        );
        let info = CalendarInfo {
            uid_base: "o-l",
            host: "x.example",
            summary: "Sprechstunde, Lanstrop",
            location: "Nadlerweg 1, Dortmund",
            url: "https://x.example/de/offices/o/",
        };
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let ics = calendar_text(&calendar_events(&hours, today), &info, today);
        assert!(ics.contains("DTSTART;TZID=Europe/Berlin:20261126T083000\r\n"));
        assert!(ics.contains("RRULE:FREQ=WEEKLY;BYDAY=TH;UNTIL="));
        // Fronleichnam 2027 (27 May) and the closure on 31 Dec 2026 are excluded.
        assert!(ics.contains("EXDATE;TZID=Europe/Berlin:20270527T083000\r\n"));
        assert!(ics.contains("EXDATE;TZID=Europe/Berlin:20261231T083000\r\n"));
        assert!(ics.contains("SUMMARY:Sprechstunde\\, Lanstrop\r\n"));
        assert!(!ics.contains("\n\n"));
    }
}
