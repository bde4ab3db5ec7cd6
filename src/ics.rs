//! iCalendar files of office hours: weekly (or two-weekly) recurring events with a
//! `VTIMEZONE` for Europe/Berlin; sessions that do not happen excluded with `EXDATE`, sessions
//! that a series cannot describe exactly written as events of their own. Output depends only on
//! the content and the build date, so two builds are identical.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Weekday};

use crate::hours::{Resolved, berlin_millis, minutes_after};

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

/// One event of a calendar file, before it is written out: a weekly series or a single
/// session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarEvent {
    /// Start of the first session (local).
    pub start: NaiveDateTime,
    /// End of the first session (local; the next day when it runs past midnight).
    pub end: NaiveDateTime,
    /// When it repeats.
    pub series: Option<Series>,
}

/// How an event repeats: every `weeks` weeks up to the start of the last session, without the
/// excluded sessions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    /// 1 = weekly, 2 = every other week.
    pub weeks: u32,
    /// Start of the last session (local).
    pub last: NaiveDateTime,
    /// Starts of sessions of the series that do not happen (holidays, closures, other weeks).
    pub excluded: Vec<NaiveDateTime>,
}

/// Whether a session lasts, in exact time, what its local times say. On the nights the clocks
/// change it does not (01:00-04:00 is two hours in March); a weekly series cannot hold such a
/// session, because RFC 5545 gives every occurrence the exact length of the first.
fn keeps_its_length(start: NaiveDateTime, end: NaiveDateTime) -> bool {
    let exists = |t: NaiveDateTime| chrono_tz::Europe::Berlin.from_local_datetime(&t).single().is_some();
    exists(start) && exists(end) && berlin_millis(end) - berlin_millis(start) == (end - start).num_milliseconds()
}

/// The events of one location's calendar file, read from its resolved hours: sessions with the
/// same weekday and times form a series (every week or every other week); the sessions the
/// series would have but the hours do not are excluded one by one; sessions on the nights the
/// clocks change are events of their own. Computed once per location; [`calendar_text`]
/// writes them out per language.
pub fn calendar_events(resolved: &Resolved) -> Vec<CalendarEvent> {
    let mut groups: BTreeMap<(u32, u32, u32), Vec<(NaiveDateTime, NaiveDateTime)>> = BTreeMap::new();
    for day in &resolved.days {
        for session in &day.hours.open {
            let key = (
                day.date.weekday().num_days_from_monday(),
                minutes_after(day.date, session.start),
                minutes_after(day.date, session.end),
            );
            let entry = groups.entry(key).or_default();
            // Slots split a session by mode; the calendar shows the time at the place.
            match entry.last_mut() {
                Some(last) if last.1 == session.start => last.1 = session.end,
                _ => entry.push((session.start, session.end)),
            }
        }
    }
    let mut events = Vec::new();
    for sessions in groups.values() {
        let (steady, shifted): (Vec<_>, Vec<_>) = sessions.iter().partition(|(s, e)| keeps_its_length(*s, *e));
        let single = |(start, end): &(NaiveDateTime, NaiveDateTime)| CalendarEvent {
            start: *start,
            end: *end,
            series: None,
        };
        events.extend(shifted.iter().map(&single));
        let Some((first, last)) = steady.first().zip(steady.last()) else {
            continue;
        };
        let weeks = if steady.windows(2).all(|w| (w[1].0 - w[0].0).num_days() % 14 == 0) {
            2
        } else {
            1
        };
        let starts: Vec<NaiveDateTime> = steady.iter().map(|s| s.0).collect();
        let mut excluded = Vec::new();
        let mut at = first.0;
        while at <= last.0 {
            if !starts.contains(&at) {
                excluded.push(at);
            }
            at += Duration::weeks(weeks.into());
        }
        if steady.len() == 1 || excluded.len() > steady.len() {
            events.extend(steady.iter().map(&single));
            continue;
        }
        events.push(CalendarEvent {
            start: first.0,
            end: first.1,
            series: Some(Series {
                weeks: weeks as u32,
                last: last.0,
                excluded,
            }),
        });
    }
    events.sort_by_key(|e| e.start);
    events
}

/// Writes the events as an iCalendar file.
pub fn calendar_text(events: &[CalendarEvent], info: &CalendarInfo<'_>, today: NaiveDate) -> String {
    let mut out = String::new();
    out.push_str("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//quartier//office hours//DE\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n");
    out.push_str(&fold(&format!("X-WR-CALNAME:{}", escape_text(info.summary))));
    out.push_str("X-WR-TIMEZONE:Europe/Berlin\r\n");
    out.push_str(VTIMEZONE);
    let stamp = format!("{}T000000Z", today.format("%Y%m%d"));
    for event in events {
        let uid = match &event.series {
            // Stable from build to build, so a calendar that subscribes updates the series.
            Some(series) => format!(
                "{}-{}-{}{}",
                byday(event.start.weekday()).to_lowercase(),
                event.start.format("%H%M"),
                event.end.format("%H%M"),
                if series.weeks > 1 { "-2w" } else { "" }
            ),
            None => event.start.format("%Y%m%dT%H%M").to_string(),
        };
        out.push_str("BEGIN:VEVENT\r\n");
        out.push_str(&fold(&format!("UID:{}-{uid}@{}", info.uid_base, info.host)));
        out.push_str(&format!("DTSTAMP:{stamp}\r\n"));
        out.push_str(&format!("DTSTART;TZID=Europe/Berlin:{}\r\n", local(event.start)));
        out.push_str(&format!("DTEND;TZID=Europe/Berlin:{}\r\n", local(event.end)));
        if let Some(series) = &event.series {
            // UNTIL is the exact start of the last session, in UTC (RFC 5545 3.3.10).
            let until = chrono::Utc
                .timestamp_millis_opt(berlin_millis(series.last))
                .single()
                .map(|u| u.format("%Y%m%dT%H%M%SZ").to_string())
                .unwrap_or_default();
            let interval = if series.weeks > 1 {
                format!(";INTERVAL={}", series.weeks)
            } else {
                String::new()
            };
            out.push_str(&format!(
                "RRULE:FREQ=WEEKLY{interval};BYDAY={};UNTIL={until}\r\n",
                byday(event.start.weekday())
            ));
            for start in &series.excluded {
                out.push_str(&format!("EXDATE;TZID=Europe/Berlin:{}\r\n", local(*start)));
            }
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
    use crate::hours::{Closure, Hours, Mode, parse_expression};

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
        let ics = calendar_text(&calendar_events(&Resolved::compute(&hours, today)), &info, today);
        assert!(ics.contains("DTSTART;TZID=Europe/Berlin:20261126T083000\r\n"));
        assert!(ics.contains("RRULE:FREQ=WEEKLY;BYDAY=TH;UNTIL="));
        // Fronleichnam 2027 (27 May) and the closure on 31 Dec 2026 are excluded.
        assert!(ics.contains("EXDATE;TZID=Europe/Berlin:20270527T083000\r\n"));
        assert!(ics.contains("EXDATE;TZID=Europe/Berlin:20261231T083000\r\n"));
        assert!(ics.contains("SUMMARY:Sprechstunde\\, Lanstrop\r\n"));
        assert!(!ics.contains("\n\n"));
    }
}
