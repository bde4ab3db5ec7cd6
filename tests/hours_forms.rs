//! Every form of the opening hours against the truth, every 15 minutes of a whole year
//! (both daylight-saving nights included), for rule sets real offices write: the `.ics` parsed
//! back and expanded strictly (each occurrence gets the exact length of the first, RFC 5545),
//! the JSON-LD weekly and special hours, and the open-now data. The truth of each rule set is
//! written out by hand below, independently of quartier's evaluation.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Weekday};
use chrono_tz::Europe::Berlin;
use common::*;

/// The build day: the year after it holds Christmas, both clock changes and every kind of
/// school holiday.
const BUILD_DAY: &str = "2026-12-20";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Truth {
    Open,
    Closed,
    Uncertain,
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// NRW public holidays in the covered year, written out.
fn public_holiday(day: NaiveDate) -> bool {
    [
        d(2026, 12, 25),
        d(2026, 12, 26),
        d(2027, 1, 1),
        d(2027, 3, 26),
        d(2027, 3, 29),
        d(2027, 5, 1),
        d(2027, 5, 6),
        d(2027, 5, 17),
        d(2027, 5, 27),
        d(2027, 10, 3),
        d(2027, 11, 1),
        d(2027, 12, 25),
    ]
    .contains(&day)
}

/// NRW school holidays in the covered year, written out from the Ferienordnung.
fn school_holiday(day: NaiveDate) -> bool {
    [
        (d(2026, 12, 23), d(2027, 1, 6)),
        (d(2027, 3, 22), d(2027, 4, 3)),
        (d(2027, 5, 18), d(2027, 5, 18)),
        (d(2027, 7, 19), d(2027, 8, 31)),
        (d(2027, 10, 23), d(2027, 11, 6)),
    ]
    .iter()
    .any(|(a, b)| *a <= day && day <= *b)
}

/// The closure of the whole network in the fixture's site-config.yaml.
fn network_closure(day: NaiveDate) -> bool {
    day == d(2027, 1, 13)
}

/// Whether local time `t` lies in a session that starts on a day for which `starts` is true,
/// from `from` to `to` minutes after that day's midnight (`to` may pass 24:00).
fn in_session(t: NaiveDateTime, from: u32, to: u32, starts: impl Fn(NaiveDate) -> bool) -> bool {
    [t.date() - Duration::days(1), t.date()].iter().any(|day| {
        let minutes = (t - day.and_time(NaiveTime::MIN)).num_minutes();
        starts(*day) && !network_closure(*day) && minutes >= i64::from(from) && minutes < i64::from(to)
    })
}

const H: u32 = 60;

struct Case {
    id: &'static str,
    hours: &'static str,
    closures: &'static str,
    truth: fn(NaiveDateTime) -> Truth,
}

fn open_if(b: bool) -> Truth {
    if b { Truth::Open } else { Truth::Closed }
}

fn weekday_in(day: NaiveDate, days: &[Weekday]) -> bool {
    days.contains(&day.weekday())
}

const WORKDAYS: [Weekday; 5] = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri];

fn cases() -> Vec<Case> {
    vec![
        Case {
            id: "alternate",
            hours: "week 1-53/2 Fr 10:00-12:00",
            closures: "",
            truth: |t| {
                open_if(in_session(t, 10 * H, 12 * H, |d| {
                    d.weekday() == Weekday::Fri && d.iso_week().week() % 2 == 1
                }))
            },
        },
        Case {
            id: "dated",
            hours: "Mo-Fr 09:00-12:00; 2026 Dec 24-Dec 31 off; Dec 23 09:00-10:00; PH off",
            closures: "",
            truth: |t| {
                let dec23 = in_session(t, 9 * H, 10 * H, |d| {
                    d.month() == 12 && d.day() == 23 && !public_holiday(d)
                });
                let usual = in_session(t, 9 * H, 12 * H, |d| {
                    let closed_for_christmas = (self::d(2026, 12, 24)..=self::d(2026, 12, 31)).contains(&d);
                    let changed = d.month() == 12 && d.day() == 23;
                    weekday_in(d, &WORKDAYS) && !public_holiday(d) && !closed_for_christmas && !changed
                });
                open_if(dec23 || usual)
            },
        },
        Case {
            id: "midnight",
            hours: "Fr 22:00-26:00; PH off",
            closures: "      - {from: 2027-02-05, to: 2027-02-05, reason: {de: Fortbildung}}\n",
            truth: |t| {
                open_if(in_session(t, 22 * H, 26 * H, |d| {
                    d.weekday() == Weekday::Fri && !public_holiday(d) && d != self::d(2027, 2, 5)
                }))
            },
        },
        Case {
            id: "fallback",
            hours: "Mo-Fr 09:00-12:00; PH off || \"nach Vereinbarung\"",
            closures: "",
            truth: |t| {
                let day = t.date();
                if weekday_in(day, &WORKDAYS) || public_holiday(day) || network_closure(day) {
                    open_if(in_session(t, 9 * H, 12 * H, |d| {
                        weekday_in(d, &WORKDAYS) && !public_holiday(d)
                    }))
                } else {
                    Truth::Uncertain
                }
            },
        },
        Case {
            id: "unknown",
            hours: "unknown",
            closures: "",
            truth: |t| {
                if network_closure(t.date()) {
                    Truth::Closed
                } else {
                    Truth::Uncertain
                }
            },
        },
        Case {
            id: "school",
            hours: "Mo-Th 09:00-12:00; SH off; PH off",
            closures: "",
            truth: |t| {
                open_if(in_session(t, 9 * H, 12 * H, |d| {
                    weekday_in(d, &[Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu])
                        && !public_holiday(d)
                        && !school_holiday(d)
                }))
            },
        },
        Case {
            id: "lastmonday",
            hours: "Mo[-1] 14:00-16:00",
            closures: "",
            truth: |t| {
                open_if(in_session(t, 14 * H, 16 * H, |d| {
                    d.weekday() == Weekday::Mon && (d + Duration::days(7)).month() != d.month()
                }))
            },
        },
        Case {
            id: "night",
            hours: "Su 01:00-04:00",
            closures: "",
            truth: |t| open_if(in_session(t, H, 4 * H, |d| d.weekday() == Weekday::Sun)),
        },
        Case {
            id: "evening",
            hours: "We 18:00-24:00; PH off",
            closures: "      - {from: 2027-06-02, to: 2027-06-09, reason: {de: Urlaub}}\n",
            truth: |t| {
                open_if(in_session(t, 18 * H, 24 * H, |d| {
                    d.weekday() == Weekday::Wed
                        && !public_holiday(d)
                        && !(self::d(2027, 6, 2)..=self::d(2027, 6, 9)).contains(&d)
                }))
            },
        },
        Case {
            id: "aussen",
            hours: "Th 08:30-11:30; PH off",
            closures: "",
            truth: |t| {
                open_if(in_session(t, 8 * H + 30, 11 * H + 30, |d| {
                    d.weekday() == Weekday::Thu && !public_holiday(d)
                }))
            },
        },
    ]
}

/// The minimal fixture with one office whose locations carry the cases' hours.
fn build_cases(today: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let site = assemble(&repo().join("tests/fixtures/valid/minimal/site"), None);
    let mut office = String::from(
        "name: {de: Büro Nord}\nstatus: active\ndistricts: [nord]\nlanguages: [de]\ncontact:\n  phone: \"0123 456789\"\nlocations:\n",
    );
    let mut hours = String::from("locations:\n");
    for (i, case) in cases().iter().enumerate() {
        let kind = if i == 0 { "main" } else { "outpost" };
        office.push_str(&format!(
            "  - id: {}\n    kind: {kind}\n    name: {{de: Ort {}}}\n    address: {{street: Teststraße {}, postcode: \"12345\", city: Teststadt}}\n",
            case.id,
            case.id,
            i + 1
        ));
        hours.push_str(&format!(
            "  {}:\n    hours: '{}'\n    languages: [de]\n",
            case.id, case.hours
        ));
        if !case.closures.is_empty() {
            hours.push_str("    closures:\n");
            hours.push_str(case.closures);
        }
    }
    std::fs::write(site.path().join("content/offices/nord-buero.yaml"), office).unwrap();
    std::fs::write(site.path().join("content/opening-hours/nord-buero.yaml"), hours).unwrap();
    let out = site.path().join("public");
    let root = site.path().to_string_lossy().to_string();
    let r = quartier(&[
        "build",
        "--today",
        today,
        "--root",
        &root,
        "--out",
        &out.to_string_lossy(),
    ]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    (site, out)
}

/// Quarter hours (index since the build day's midnight, in exact time) at which a form says
/// `Open` (or `Uncertain`).
type Quarters = BTreeMap<i64, Truth>;

fn mark(quarters: &mut Quarters, origin: i64, start_ms: i64, end_ms: i64, state: Truth) {
    let q = 15 * 60 * 1000;
    let mut i = (start_ms - origin + q - 1).div_euclid(q);
    while origin + i * q < end_ms {
        quarters.insert(i, state);
        i += 1;
    }
}

fn local_ms(t: NaiveDateTime) -> i64 {
    Berlin.from_local_datetime(&t).earliest().unwrap().timestamp_millis()
}

fn ics_quarters(text: &str, origin: i64) -> Quarters {
    let calendar = ical::IcalParser::new(text.as_bytes()).next().unwrap().unwrap();
    let mut out = Quarters::new();
    for event in &calendar.events {
        let prop = |name: &'static str| event.properties.iter().filter(move |p| p.name == name);
        let value = |p: &ical::property::Property| p.value.clone().unwrap_or_default();
        let local = |p: &ical::property::Property| NaiveDateTime::parse_from_str(&value(p), "%Y%m%dT%H%M%S").unwrap();
        let start = prop("DTSTART").next().unwrap();
        let end = prop("DTEND").next().unwrap();
        // RFC 5545: every occurrence lasts the exact duration of the first.
        let exact = local_ms(local(end)) - local_ms(local(start));
        let mut rule = format!("DTSTART;TZID=Europe/Berlin:{}", value(start));
        for p in prop("RRULE") {
            rule.push_str(&format!("\nRRULE:{}", value(p)));
        }
        for p in prop("EXDATE") {
            rule.push_str(&format!("\nEXDATE;TZID=Europe/Berlin:{}", value(p)));
        }
        let starts: Vec<i64> = if prop("RRULE").next().is_some() {
            let set: rrule::RRuleSet = rule.parse().unwrap_or_else(|e| panic!("{rule}: {e}"));
            set.all(1000).dates.iter().map(|o| o.timestamp_millis()).collect()
        } else {
            vec![local_ms(local(start))]
        };
        for s in starts {
            mark(&mut out, origin, s, s + exact, Truth::Open);
        }
    }
    out
}

fn json_in(page: &str, opening: &str) -> serde_json::Value {
    let start = page.find(opening).unwrap_or_else(|| panic!("{opening} missing")) + opening.len();
    let end = start + page[start..].find("</script>").unwrap();
    serde_json::from_str(&page[start..end]).unwrap()
}

fn hhmm(text: &str) -> u32 {
    let (h, m) = text.split_once(':').unwrap();
    h.parse::<u32>().unwrap() * 60 + m.parse::<u32>().unwrap()
}

/// The JSON-LD of one location, read as a search engine reads it: special hours for a date
/// replace that date's weekly hours; `closes` at or before `opens` is on the next day.
fn jsonld_quarters(node: &serde_json::Value, first: NaiveDate, days: i64, origin: i64) -> Quarters {
    const DAYS: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    let empty = Vec::new();
    let weekly = node["openingHoursSpecification"].as_array().unwrap_or(&empty);
    let special = node["specialOpeningHoursSpecification"].as_array().unwrap_or(&empty);
    let mut out = Quarters::new();
    for n in -1..days {
        let day = first + Duration::days(n);
        let iso = day.to_string();
        let specials: Vec<&serde_json::Value> = special
            .iter()
            .filter(|s| {
                s["validFrom"].as_str().unwrap() <= iso.as_str() && iso.as_str() <= s["validThrough"].as_str().unwrap()
            })
            .collect();
        let name = DAYS[day.weekday().num_days_from_monday() as usize];
        let specs: Vec<&serde_json::Value> = if specials.is_empty() {
            weekly
                .iter()
                .filter(|s| s["dayOfWeek"].as_str().unwrap().ends_with(name))
                .collect()
        } else {
            specials
        };
        for s in specs {
            let (opens, closes) = (hhmm(s["opens"].as_str().unwrap()), hhmm(s["closes"].as_str().unwrap()));
            if opens == 0 && closes == 0 {
                continue; // closed all day
            }
            let closes = if closes <= opens { closes + 24 * 60 } else { closes };
            let midnight = day.and_time(NaiveTime::MIN);
            let start = local_ms(midnight + Duration::minutes(opens.into()));
            let end = local_ms(midnight + Duration::minutes(closes.into()));
            mark(&mut out, origin, start, end, Truth::Open);
        }
    }
    out
}

fn open_now_quarters(data: &serde_json::Value, origin: i64) -> Quarters {
    let mut out = Quarters::new();
    for (list, state) in [("intervals", Truth::Open), ("uncertain", Truth::Uncertain)] {
        for iv in data[list].as_array().unwrap() {
            mark(
                &mut out,
                origin,
                iv[0].as_i64().unwrap(),
                iv[1].as_i64().unwrap(),
                state,
            );
        }
    }
    out
}

/// Compares a form with the truth over `quarters` quarter hours; `uncertain_as` is what the
/// form may say where the truth is uncertain (forms that cannot say "uncertain" say closed).
fn differences(case: &Case, form: &Quarters, quarters: i64, origin: i64, uncertain_as: Truth) -> Vec<String> {
    let mut out = Vec::new();
    for i in 0..quarters {
        let instant = chrono::Utc.timestamp_millis_opt(origin + i * 15 * 60 * 1000).unwrap();
        let local = instant.with_timezone(&Berlin).naive_local();
        let truth = match (case.truth)(local) {
            Truth::Uncertain => uncertain_as,
            t => t,
        };
        let said = form.get(&i).copied().unwrap_or(Truth::Closed);
        if said != truth {
            out.push(format!(
                "{} ({} UTC): says {said:?}, truth {truth:?}",
                local,
                instant.format("%H:%M")
            ));
        }
    }
    out
}

#[test]
fn every_form_says_what_the_hours_mean_for_a_whole_year() {
    let (_site, out) = build_cases(BUILD_DAY);
    let first = NaiveDate::parse_from_str(BUILD_DAY, "%Y-%m-%d").unwrap();
    let origin = local_ms(first.and_time(NaiveTime::MIN));
    let year_end = local_ms((first + Duration::days(365)).and_time(NaiveTime::MIN));
    let year = (year_end - origin) / (15 * 60 * 1000);
    let page = std::fs::read_to_string(out.join("de/offices/nord-buero/index.html")).unwrap();
    let jsonld = json_in(&page, "<script type=\"application/ld+json\">");
    let mut report = Vec::new();
    let mut checked = BTreeSet::new();
    for (i, case) in cases().iter().enumerate() {
        // A location never open in the year has no calendar file (and no link to one).
        let ics = std::fs::read_to_string(out.join(format!("de/offices/nord-buero/{}.ics", case.id)))
            .unwrap_or_else(|_| "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".to_string());
        assert_eq!(
            page.contains(&format!("href=\"{}.ics\"", case.id)),
            ics.contains("VEVENT"),
            "{}",
            case.id
        );
        let forms = [
            ("ics", ics_quarters(&ics, origin), year, Truth::Closed),
            (
                "json-ld",
                jsonld_quarters(&jsonld["@graph"][i], first, 365, origin),
                year,
                Truth::Closed,
            ),
        ];
        for (form, quarters, span, uncertain_as) in forms {
            let diff = differences(case, &quarters, span, origin, uncertain_as);
            if !diff.is_empty() {
                report.push(format!(
                    "{} / {form}: {} differences, first: {:?}",
                    case.id,
                    diff.len(),
                    &diff[..diff.len().min(3)]
                ));
            }
            checked.insert(form);
        }
        // The page loads the location's open-now data from a script of its own.
        assert!(
            page.contains(&format!("<script src=\"{}-hours.js\" defer></script>", case.id)),
            "{}: the page does not load its open-now data",
            case.id
        );
        let script = std::fs::read_to_string(out.join(format!("de/offices/nord-buero/{}-hours.js", case.id))).unwrap();
        let opening = format!(
            "(window.quartierHours = window.quartierHours || {{}})[\"nord-buero/{}\"] = ",
            case.id
        );
        let data: serde_json::Value = serde_json::from_str(
            script
                .strip_prefix(&opening)
                .and_then(|rest| rest.strip_suffix(";\n"))
                .unwrap_or_else(|| panic!("{}: unexpected data file", case.id)),
        )
        .unwrap();
        let until = data["until"].as_i64().unwrap();
        assert_eq!(data["from"].as_i64().unwrap(), origin);
        let diff = differences(
            case,
            &open_now_quarters(&data, origin),
            (until - origin) / (15 * 60 * 1000),
            origin,
            Truth::Uncertain,
        );
        if !diff.is_empty() {
            report.push(format!(
                "{} / open-now: {} differences, first: {:?}",
                case.id,
                diff.len(),
                &diff[..diff.len().min(3)]
            ));
        }
    }
    assert!(report.is_empty(), "{}", report.join("\n"));
    // `unknown` claims no hours at all to a search engine (not "closed every day").
    let unknown = cases().iter().position(|c| c.id == "unknown").unwrap();
    assert!(jsonld["@graph"][unknown].get("openingHoursSpecification").is_none());
    assert_eq!(checked.len(), 2);
}

/// The text of the element that starts with `opening` (tags removed, spaces collapsed).
fn text_of(page: &str, opening: &str) -> String {
    let start = page.find(opening).unwrap_or_else(|| panic!("{opening} missing"));
    // Up to the next location (or the end of the page's content).
    let rest = &page[start..];
    let end = start
        + rest
            .find("<section class=\"card location")
            .or_else(|| rest.find("</main>"))
            .unwrap_or(rest.len());
    let text = quartier::html::text_of_html(&page[start..end]);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_week_table_shows_the_repeating_week_and_says_what_is_not_open() {
    let (_site, out) = build_cases(BUILD_DAY);
    let page = std::fs::read_to_string(out.join("de/offices/nord-buero/index.html")).unwrap();
    let table = |id: &str| text_of(&page, &format!("aria-label=\"Regelmäßige Sprechzeiten: Ort {id}\""));
    // Alternate weeks: never "every Friday"; the next dates are named.
    let alternate = table("alternate");
    assert!(alternate.contains("Freitag 10:00–12:00 nicht jede Woche · nächste Termine: Freitag, 1. Januar; Freitag, 8. Januar; Freitag, 22. Januar"), "{alternate}");
    // Dated rules built in the week they apply: the table keeps the regular week.
    let dated = table("dated");
    for day in ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"] {
        assert!(
            dated.contains(&format!("{day} 09:00–12:00 offene Sprechstunde")),
            "{day}: {dated}"
        );
    }
    assert!(
        dated.contains("Mittwoch, 23. Dezember: geänderte Zeiten: 09:00–10:00"),
        "{dated}"
    );
    assert!(dated.contains("Donnerstag, 24. Dezember: geschlossen"), "{dated}");
    assert!(
        dated.contains("Freitag, 25. Dezember: geschlossen (1. Weihnachtstag)"),
        "{dated}"
    );
    assert!(
        dated.contains("Montag, 28. Dezember – Donnerstag, 31. Dezember: geschlossen"),
        "{dated}"
    );
    // Past midnight: the session ends at 02:00.
    assert!(
        table("midnight").contains("Freitag 22:00–02:00"),
        "{}",
        table("midnight")
    );
    // A fallback comment and `unknown` are never "open" and never "geschlossen".
    let fallback = table("fallback");
    assert!(
        fallback.contains("Samstag nach Vereinbarung · bitte vorher anrufen"),
        "{fallback}"
    );
    let unknown = table("unknown");
    assert!(
        unknown.contains("Montag Zeiten nicht bekannt · bitte vorher anrufen"),
        "{unknown}"
    );
    assert!(!unknown.contains("Montag geschlossen"), "{unknown}");
    // School holidays are named.
    let school = table("school");
    assert!(
        school.contains("Mittwoch, 23. Dezember – Mittwoch, 6. Januar: geschlossen (Weihnachtsferien)")
            || school.contains("(Weihnachtsferien)"),
        "{school}"
    );
    // The office badge no longer says "geöffnet" beside the open-now line.
    assert!(!page.contains(">geöffnet<"));
}

#[test]
fn school_holidays_beyond_the_shipped_data_fail_naming_the_file() {
    let site = assemble(&repo().join("tests/fixtures/valid/minimal/site"), None);
    std::fs::write(
        site.path().join("content/opening-hours/nord-buero.yaml"),
        "locations:\n  main:\n    hours: 'Mo-Th 09:00-12:00; SH off'\n  aussen:\n    hours: null\n",
    )
    .unwrap();
    let root = site.path().to_string_lossy().to_string();
    let r = quartier(&["check", "--today", "2028-06-01", "--root", &root]);
    let err = format!(
        "{}{}",
        String::from_utf8_lossy(&r.stdout),
        String::from_utf8_lossy(&r.stderr)
    );
    assert_eq!(r.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "content/opening-hours/nord-buero.yaml:3:32: error: `SH` needs the school holidays of NRW until 2029-06-01"
        ),
        "{err}"
    );
    assert!(err.contains("src/hours/school-holidays-nrw.yaml"), "{err}");
}

#[test]
fn check_warns_before_the_published_hours_run_out() {
    let site = assemble(&repo().join("tests/fixtures/valid/minimal/site"), None);
    let root = site.path().to_string_lossy().to_string();
    let published = site.path().join("public");
    let r = quartier(&[
        "build",
        "--today",
        "2026-11-24",
        "--root",
        &root,
        "--out",
        &published.to_string_lossy(),
    ]);
    assert!(r.status.success());
    let check = |today: &str| {
        let r = quartier(&["check", "--today", today, "--root", &root]);
        format!(
            "{}{}",
            String::from_utf8_lossy(&r.stdout),
            String::from_utf8_lossy(&r.stderr)
        )
    };
    let soon = check("2027-03-14");
    assert!(
        soon.contains("public/quartier-build.json: warning: the published site was built on 2026-11-24; its open-now data runs out on 2027-03-24, in 10 days"),
        "{soon}"
    );
    assert!(check("2027-04-01").contains("its open-now data ran out on 2027-03-24"));
    assert!(!check("2026-12-01").contains("quartier-build.json"));
}
