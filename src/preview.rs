//! `quartier check --hours OFFICE`: what an hours file means, in plain words, so staff see
//! that what they wrote is what they meant.

use std::fmt::Write;

use chrono::{Datelike, Duration, NaiveDate};

use crate::hours::{self, ClosedBecause, Mode};
use crate::validate::Office;

const WEEKDAYS_DE: [&str; 7] = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"];

fn mode_de(mode: Mode) -> &'static str {
    match mode {
        Mode::WalkIn => "offene Sprechstunde / walk-in",
        Mode::Appointment => "mit Termin / by appointment",
        Mode::Phone => "telefonisch / by phone",
    }
}

fn holiday_de(key: &str) -> String {
    match key {
        "neujahr" => "Neujahr",
        "karfreitag" => "Karfreitag",
        "ostermontag" => "Ostermontag",
        "tag_der_arbeit" => "Tag der Arbeit",
        "christi_himmelfahrt" => "Christi Himmelfahrt",
        "pfingstmontag" => "Pfingstmontag",
        "fronleichnam" => "Fronleichnam",
        "tag_der_deutschen_einheit" => "Tag der Deutschen Einheit",
        "allerheiligen" => "Allerheiligen",
        "weihnachtstag_1" => "1. Weihnachtstag",
        "weihnachtstag_2" => "2. Weihnachtstag",
        other => other,
    }
    .to_string()
}

/// The weekly table and the next `days` days of every location of `office`.
pub fn hours_preview(office: &Office, today: NaiveDate, days: u32) -> String {
    let mut out = String::new();
    let name = office.name.get("de").cloned().unwrap_or_else(|| office.id.clone());
    let _ = writeln!(out, "{name} — Sprechzeiten / office hours (Stand / as of {today})");
    for loc in &office.locations {
        let loc_name = loc.name.get("de").cloned().unwrap_or_else(|| loc.id.clone());
        let _ = writeln!(out, "\n{loc_name} [{}]", loc.id);
        let Some(h) = &loc.hours else {
            let _ = writeln!(out, "  keine Sprechzeiten eingetragen / no hours entered (hours: null)");
            continue;
        };
        let _ = writeln!(out, "  eingetragen / as written: {}", h.expression);
        if h.temporarily_closed.is_some() {
            let _ = writeln!(
                out,
                "  VORÜBERGEHEND GESCHLOSSEN / temporarily closed: no hours are shown as open"
            );
        }
        let _ = writeln!(out, "  Woche / regular week:");
        for (d, intervals) in hours::regular_week(h, today) {
            let times = if intervals.is_empty() {
                "geschlossen / closed".to_string()
            } else {
                let monday = today - Duration::days(today.weekday().num_days_from_monday().into());
                let day = monday + Duration::days(d as i64);
                intervals
                    .iter()
                    .map(|i| {
                        let langs = if i.languages.is_empty() {
                            String::new()
                        } else {
                            format!(" [{}]", i.languages.join(", "))
                        };
                        format!(
                            "{}–{} {}{langs}",
                            hours::hhmm(i.start, day),
                            hours::hhmm(i.end, day),
                            mode_de(i.mode)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            let _ = writeln!(out, "    {}  {times}", WEEKDAYS_DE[d]);
        }
        let _ = writeln!(out, "  Nächste {days} Tage / next {days} days:");
        for n in 0..days {
            let day = today + Duration::days(n.into());
            let weekday = WEEKDAYS_DE[day.weekday().num_days_from_monday() as usize];
            let open = h.open_on(day);
            let text = if !open.is_empty() {
                open.iter()
                    .map(|i| format!("{}–{}", hours::hhmm(i.start, day), hours::hhmm(i.end, day)))
                    .collect::<Vec<_>>()
                    .join(", ")
            } else {
                match h.closed_because(day) {
                    Some(ClosedBecause::Holiday(key)) => {
                        format!("geschlossen – Feiertag: {} / closed – public holiday", holiday_de(key))
                    }
                    Some(ClosedBecause::Closure(reason)) => {
                        format!(
                            "geschlossen – {} / closed",
                            reason.get("de").cloned().unwrap_or_default()
                        )
                    }
                    None if h.temporarily_closed.is_some() => "geschlossen (vorübergehend) / closed".to_string(),
                    None => "geschlossen / closed".to_string(),
                }
            };
            let _ = writeln!(out, "    {weekday} {}  {text}", day.format("%d.%m.%Y"));
        }
    }
    out
}
