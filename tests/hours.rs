//! Opening hours as published: the `.ics` files parsed back by real iCalendar and RRULE
//! parsers and compared, occurrence by occurrence, with an independent list; the JSON-LD
//! parsed and checked.

mod common;

use std::collections::BTreeSet;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Weekday};
use common::*;

fn build_minimal() -> (tempfile::TempDir, std::path::PathBuf) {
    let site = assemble(&repo().join("tests/fixtures/valid/minimal/site"), None);
    let out = site.path().join("public");
    let r = build(site.path(), &out);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    (site, out)
}

/// The fixture's hours, computed by hand: Mo, We 09–12; Tu 09–13 walk-in and 13–16 by
/// appointment; closed on NRW holidays, from 23 Dec 2026 to 2 Jan 2027 (the office's
/// closure) and on 13 Jan 2027 (the whole network's closure in site-config.yaml).
fn expected_occurrences(today: NaiveDate, days: i64) -> BTreeSet<(NaiveDateTime, NaiveDateTime)> {
    let holidays: Vec<NaiveDate> = [
        (2026, 12, 25),
        (2026, 12, 26),
        (2027, 1, 1),
        (2027, 3, 26),
        (2027, 3, 29),
        (2027, 5, 1),
        (2027, 5, 6),
        (2027, 5, 17),
        (2027, 5, 27),
        (2027, 10, 3),
        (2027, 11, 1),
    ]
    .iter()
    .map(|(y, m, d)| NaiveDate::from_ymd_opt(*y, *m, *d).unwrap())
    .collect();
    let closure = (
        NaiveDate::from_ymd_opt(2026, 12, 23).unwrap(),
        NaiveDate::from_ymd_opt(2027, 1, 2).unwrap(),
    );
    let mut out = BTreeSet::new();
    for d in 0..days {
        let day = today + Duration::days(d);
        let network_closure = NaiveDate::from_ymd_opt(2027, 1, 13).unwrap();
        if holidays.contains(&day) || (closure.0 <= day && day <= closure.1) || day == network_closure {
            continue;
        }
        let at = |h, m| day.and_hms_opt(h, m, 0).unwrap();
        match day.weekday() {
            Weekday::Mon | Weekday::Wed => {
                out.insert((at(9, 0), at(12, 0)));
            }
            Weekday::Tue => {
                out.insert((at(9, 0), at(13, 0)));
                out.insert((at(13, 0), at(16, 0)));
            }
            _ => {}
        }
    }
    out
}

#[test]
fn ics_parsed_back_matches_the_hours_event_by_event() {
    let (_site, out) = build_minimal();
    let text = std::fs::read_to_string(out.join("de/offices/nord-buero/main.ics")).unwrap();
    assert!(text.contains("\r\n"), "iCalendar needs CRLF line ends");
    let calendar = ical::IcalParser::new(text.as_bytes())
        .next()
        .expect("one calendar")
        .expect("parses");
    assert_eq!(calendar.timezones.len(), 1);
    let tzid = calendar.timezones[0]
        .properties
        .iter()
        .find(|p| p.name == "TZID")
        .and_then(|p| p.value.clone());
    assert_eq!(tzid.as_deref(), Some("Europe/Berlin"));

    let today = NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap();
    let berlin = chrono_tz::Europe::Berlin;
    let mut actual = BTreeSet::new();
    let mut uids = BTreeSet::new();
    for event in &calendar.events {
        let prop = |name: &'static str| event.properties.iter().filter(move |p| p.name == name);
        let uid = prop("UID").next().and_then(|p| p.value.clone()).unwrap();
        assert!(uids.insert(uid), "UIDs must be unique");
        assert!(prop("DTSTAMP").next().is_some());
        let line = |p: &ical::property::Property| {
            let params = p
                .params
                .as_ref()
                .map(|ps| {
                    ps.iter()
                        .map(|(k, v)| format!(";{k}={}", v.join(",")))
                        .collect::<String>()
                })
                .unwrap_or_default();
            format!("{}{params}:{}", p.name, p.value.clone().unwrap_or_default())
        };
        let start = prop("DTSTART").next().unwrap();
        let end = prop("DTEND").next().unwrap();
        let start_local = NaiveDateTime::parse_from_str(start.value.as_deref().unwrap(), "%Y%m%dT%H%M%S").unwrap();
        let end_local = NaiveDateTime::parse_from_str(end.value.as_deref().unwrap(), "%Y%m%dT%H%M%S").unwrap();
        let length = end_local - start_local;
        let mut rule = line(start);
        for p in prop("RRULE").chain(prop("EXDATE")) {
            rule.push('\n');
            rule.push_str(&line(p));
        }
        let set: rrule::RRuleSet = rule.parse().unwrap_or_else(|e| panic!("rrule cannot read {rule}: {e}"));
        for occurrence in set.all(400).dates {
            let local = occurrence.with_timezone(&berlin).naive_local();
            actual.insert((local, local + length));
        }
    }
    let expected = expected_occurrences(today, 365);
    let missing: Vec<_> = expected.difference(&actual).take(5).collect();
    let extra: Vec<_> = actual.difference(&expected).take(5).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing {missing:?}, extra {extra:?}"
    );
    // Summer time: 09:00 local stays 09:00 local (07:00 UTC in July).
    let july = berlin.with_ymd_and_hms(2027, 7, 5, 9, 0, 0).unwrap();
    assert_eq!(july.naive_utc().format("%H:%M").to_string(), "07:00");
    assert!(actual.iter().any(|(s, _)| *s == july.naive_local()));
}

#[test]
fn json_ld_describes_hours_and_closures() {
    let (_site, out) = build_minimal();
    let page = std::fs::read_to_string(out.join("en/offices/nord-buero/index.html")).unwrap();
    let start = page
        .find("<script type=\"application/ld+json\">")
        .expect("JSON-LD present")
        + 35;
    let end = start + page[start..].find("</script>").unwrap();
    let json: serde_json::Value = serde_json::from_str(&page[start..end]).expect("JSON-LD parses");
    assert_eq!(json["@context"], "https://schema.org");
    let main = &json["@graph"][0];
    assert_eq!(main["@type"], "GovernmentOffice");
    assert_eq!(main["address"]["streetAddress"], "Teststraße 1");
    assert_eq!(main["telephone"], "0123 456789");
    let specs: Vec<(String, String, String)> = main["openingHoursSpecification"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["dayOfWeek"].as_str().unwrap().to_string(),
                s["opens"].as_str().unwrap().to_string(),
                s["closes"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(specs.contains(&("https://schema.org/Monday".into(), "09:00".into(), "12:00".into())));
    // The walk-in and appointment parts of Tuesday are one opening.
    assert!(specs.contains(&("https://schema.org/Tuesday".into(), "09:00".into(), "16:00".into())));
    assert!(!specs.iter().any(|s| s.0.ends_with("Friday")));
    let special: Vec<(&str, &str)> = main["specialOpeningHoursSpecification"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["validFrom"].as_str().unwrap(), s["validThrough"].as_str().unwrap()))
        .collect();
    // Closed runs on days that are normally open: the office's closure (Christmas, the
    // weekend inside it joins), the network's closure, then holidays of the year ahead.
    assert_eq!(
        special[..4],
        [
            ("2026-12-23", "2026-12-23"),
            ("2026-12-28", "2026-12-30"),
            ("2027-01-13", "2027-01-13"),
            ("2027-03-29", "2027-03-29")
        ]
    );
    // The outpost's address is a placeholder: no address is claimed for it.
    assert!(json["@graph"][1].get("address").is_none());
}

#[test]
fn open_now_data_covers_120_days_and_respects_holidays() {
    let (_site, out) = build_minimal();
    // The page names the data by office and location and loads it from the office's folder.
    let page = std::fs::read_to_string(out.join("de/offices/nord-buero/index.html")).unwrap();
    assert!(page.contains(r#"<p class="open-status" data-hours-for="nord-buero/main" hidden></p>"#));
    assert!(page.contains(r#"<script src="main-hours.js" defer></script>"#));
    let script = std::fs::read_to_string(out.join("de/offices/nord-buero/main-hours.js")).unwrap();
    let prefix = r#"(window.quartierHours = window.quartierHours || {})["nord-buero/main"] = "#;
    let json = script
        .strip_prefix(prefix)
        .and_then(|rest| rest.strip_suffix(";\n"))
        .unwrap_or_else(|| panic!("unexpected data file: {script}"));
    let data: serde_json::Value = serde_json::from_str(json).unwrap();
    let berlin = chrono_tz::Europe::Berlin;
    let ms = |y, m, d, h, min| berlin.with_ymd_and_hms(y, m, d, h, min, 0).unwrap().timestamp_millis();
    assert_eq!(data["from"], ms(2026, 11, 24, 0, 0));
    assert_eq!(data["until"], ms(2027, 3, 24, 0, 0));
    let intervals = data["intervals"].as_array().unwrap();
    let starts: Vec<i64> = intervals.iter().map(|i| i[0].as_i64().unwrap()).collect();
    assert!(starts.contains(&ms(2026, 11, 24, 9, 0)));
    assert!(starts.contains(&ms(2026, 11, 24, 13, 0)));
    assert!(!starts.contains(&ms(2026, 12, 28, 9, 0)), "closure ignored");
    assert!(starts.contains(&ms(2027, 1, 4, 9, 0)));
    // Tuesday (weekday 1), 24 November, 09:00–13:00; the script fills in the labels.
    assert_eq!(
        intervals[0].as_array().unwrap()[2..].to_vec(),
        serde_json::json!([1, 24, 11, "09:00", "13:00"])
            .as_array()
            .unwrap()
            .to_vec()
    );
    assert_eq!(data["open"], "Jetzt geöffnet · schließt um {time} Uhr");
    assert_eq!(data["weekdays"][1], "Dienstag");
    assert_eq!(data["months"][10], "November");
}

#[test]
fn check_hours_previews_the_week_and_the_next_days() {
    let site = assemble(&repo().join("tests/fixtures/valid/minimal/site"), None);
    let root = site.path().to_string_lossy().to_string();
    let r = quartier(&[
        "check",
        "--today",
        "2026-12-21",
        "--root",
        &root,
        "--hours",
        "nord-buero",
    ]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let out = String::from_utf8_lossy(&r.stdout);
    assert!(
        out.contains("eingetragen / as written: Mo,We 09:00-12:00; Tu 09:00-16:00; PH off"),
        "{out}"
    );
    assert!(
        out.contains(
            "    Di  09:00–13:00 offene Sprechstunde / walk-in [de]; 13:00–16:00 mit Termin / by appointment [ar]"
        ),
        "{out}"
    );
    assert!(out.contains("    Mo 21.12.2026  09:00–12:00"), "{out}");
    assert!(
        out.contains("    Mi 23.12.2026  geschlossen – Weihnachtspause / closed"),
        "{out}"
    );
    assert!(out.contains("    Do 24.12.2026  geschlossen / closed"), "{out}");
    assert!(out.contains("keine Sprechzeiten eingetragen"), "{out}");

    let unknown = quartier(&["check", "--today", TODAY, "--root", &root, "--hours", "sued"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("nord-buero"));
}
