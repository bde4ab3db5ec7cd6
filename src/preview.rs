//! `quartier check --hours OFFICE`: what an hours file means, in plain words, so staff see
//! that what they wrote is what they meant.

use std::fmt::Write;

use chrono::{Datelike, NaiveDate};

use crate::hours::{Cadence, EntryKind, Mode, Reason, Resolved, clock, minutes_after};
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

fn school_holiday_de(key: &str) -> String {
    match key {
        "herbstferien" => "Herbstferien",
        "weihnachtsferien" => "Weihnachtsferien",
        "osterferien" => "Osterferien",
        "pfingstferien" => "Pfingstferien",
        "sommerferien" => "Sommerferien",
        other => other,
    }
    .to_string()
}

fn reason_de(reason: &Reason) -> String {
    match reason {
        Reason::Holiday(key) => format!("Feiertag: {}", holiday_de(key)),
        Reason::SchoolHoliday(key) => format!("Schulferien: {}", school_holiday_de(key)),
        Reason::Closure(reason) => reason.get("de").cloned().unwrap_or_default(),
        Reason::Rule(comment) if comment.is_empty() => "Regel mit Datum".to_string(),
        Reason::Rule(comment) => format!("\"{comment}\""),
    }
}

fn uncertain_de(note: &str) -> String {
    if note.is_empty() {
        "nicht bekannt, bitte vorher anrufen / unknown, call first".to_string()
    } else {
        format!("\"{note}\" – nicht als geöffnet gezeigt / not shown as open")
    }
}

fn cadence_de(cadence: Cadence, dates: &[NaiveDate]) -> String {
    let next: Vec<String> = dates.iter().take(3).map(|d| d.format("%d.%m.%Y").to_string()).collect();
    match cadence {
        Cadence::EveryWeek => String::new(),
        Cadence::EveryOtherWeek => format!(" (jede zweite Woche / every other week: {} …)", next.join(", ")),
        Cadence::SomeWeeks => format!(" (nicht jede Woche / some weeks: {} …)", next.join(", ")),
    }
}

/// The weekly table and the next `days` days of every location of `office`, read from the
/// same resolved hours as the pages.
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
        let resolved = Resolved::compute(h, today);
        let closed = if h.temporarily_closed.is_some() {
            "geschlossen (vorübergehend) / closed"
        } else {
            "geschlossen / closed"
        };
        let _ = writeln!(out, "  Woche / regular week:");
        for (d, entries) in resolved.week.iter().enumerate() {
            let times = if entries.is_empty() {
                "geschlossen / closed".to_string()
            } else {
                entries
                    .iter()
                    .map(|e| {
                        let what = match &e.kind {
                            EntryKind::Open(mode, languages) if languages.is_empty() => mode_de(*mode).to_string(),
                            EntryKind::Open(mode, languages) => {
                                format!("{} [{}]", mode_de(*mode), languages.join(", "))
                            }
                            EntryKind::Uncertain(note) => uncertain_de(note),
                        };
                        format!(
                            "{}–{} {what}{}",
                            clock(e.start),
                            clock(e.end),
                            cadence_de(e.cadence, &e.dates)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            let _ = writeln!(out, "    {}  {times}", WEEKDAYS_DE[d]);
        }
        let _ = writeln!(out, "  Nächste {days} Tage / next {days} days:");
        for n in 0..days {
            let date = today + chrono::Duration::days(n.into());
            let weekday = WEEKDAYS_DE[date.weekday().num_days_from_monday() as usize];
            let Some(day) = resolved.day(date) else {
                let _ = writeln!(out, "    {weekday} {}  {closed}", date.format("%d.%m.%Y"));
                continue;
            };
            let mut parts: Vec<String> = day
                .hours
                .open
                .iter()
                .map(|i| {
                    format!(
                        "{}–{}",
                        clock(minutes_after(day.date, i.start)),
                        clock(minutes_after(day.date, i.end))
                    )
                })
                .collect();
            parts.extend(day.hours.uncertain.iter().map(|u| {
                format!(
                    "{}–{} {}",
                    clock(minutes_after(day.date, u.start)),
                    clock(minutes_after(day.date, u.end)),
                    uncertain_de(&u.note)
                )
            }));
            let text = match (&day.reason, parts.is_empty()) {
                (Some(reason), true) => format!("geschlossen – {} / closed", reason_de(reason)),
                (Some(reason), false) => format!("{} – {} / changed", parts.join(", "), reason_de(reason)),
                (None, true) => closed.to_string(),
                (None, false) => parts.join(", "),
            };
            let _ = writeln!(out, "    {weekday} {}  {text}", day.date.format("%d.%m.%Y"));
        }
    }
    out
}
