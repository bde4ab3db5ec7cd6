//! The office page, its calendar files and its JSON-LD.

use super::*;

/// The files of an office page: each location's calendar and open-now data.
pub(super) fn office_files(l: &Localizer, o: &Office) -> Vec<(String, Vec<u8>)> {
    let mut files = office_calendars(l, o);
    files.extend(o.locations.iter().filter_map(|loc| l.open_now_file(o, loc)));
    files
}

fn office_calendars(l: &Localizer, o: &Office) -> Vec<(String, Vec<u8>)> {
    let host = l
        .config
        .base_url
        .split("://")
        .nth(1)
        .unwrap_or("")
        .trim_end_matches('/')
        .to_string();
    o.locations
        .iter()
        .filter_map(|loc| {
            // A location with no session in the covered year gets no calendar file to offer.
            let facts = l.facts_of(o, loc).filter(|f| !f.calendar.is_empty())?;
            let office_name = l.text(&o.name, false).text;
            let summary = format!("{office_name} – {}", l.text(&loc.name, false).text);
            let address = format!("{}, {}", loc.address.street, loc.address.city);
            let url = l.absolute(&routes::office(&o.id));
            let info = crate::ics::CalendarInfo {
                uid_base: &format!("{}-{}", o.id, loc.id),
                host: &host,
                summary: &summary,
                location: &address,
                url: &url,
            };
            let path = format!("{}/{}", l.lang.path, routes::calendar(&o.id, &loc.id));
            Some((
                path,
                crate::ics::calendar_text(&facts.calendar, &info, l.today).into_bytes(),
            ))
        })
        .collect()
}

/// schema.org JSON-LD of an office: one `GovernmentOffice` per location with its weekly hours
/// and the closures ahead. Placeholders are left out.
pub(super) fn office_jsonld(l: &Localizer, o: &Office) -> String {
    let real = |t: &Option<String>| t.as_ref().filter(|v| !is_placeholder(v)).cloned();
    let url = l.absolute(&routes::office(&o.id));
    let graph: Vec<serde_json::Value> = o
        .locations
        .iter()
        .map(|loc| {
            let mut node = serde_json::json!({
                "@type": "GovernmentOffice",
                "@id": format!("{url}#location-{}", loc.id),
                "name": format!("{} – {}", l.text(&o.name, false).text, l.text(&loc.name, false).text),
                "url": url,
            });
            if !is_placeholder(&loc.address.street) {
                let mut address = serde_json::json!({"@type": "PostalAddress", "streetAddress": loc.address.street, "addressLocality": loc.address.city, "addressCountry": "DE"});
                if let Some(pc) = &loc.address.postcode {
                    address["postalCode"] = serde_json::json!(pc);
                }
                node["address"] = address;
            }
            if let Some(phone) = real(&o.contact.phone) {
                node["telephone"] = serde_json::json!(phone);
            }
            if let Some(email) = real(&o.contact.email) {
                node["email"] = serde_json::json!(email);
            }
            if let Some(facts) = l.facts_of(o, loc) {
                let (weekly, special) = facts.json_ld.clone();
                // Hours that are never open (`unknown`, only "by arrangement") claim nothing.
                if !weekly.is_empty() || !special.is_empty() {
                    node["openingHoursSpecification"] = serde_json::json!(weekly);
                }
                if !special.is_empty() {
                    node["specialOpeningHoursSpecification"] = serde_json::json!(special);
                }
            }
            node
        })
        .collect();
    serde_json::json!({"@context": "https://schema.org", "@graph": graph})
        .to_string()
        .replace('<', "\\u003c")
}

pub(super) fn office_page(l: &Localizer, content: &Content, o: &Office) -> LocalizedPage {
    let suffix = routes::office(&o.id);
    let name = l.text(&o.name, false).text;
    let mut ctx = l.base_context(&suffix, &name, "office");
    if let Some(v) = l.office_value(&o.id) {
        ctx.insert_value("office", v);
    }
    if let Some(description) = o.description.as_ref().and_then(|t| l.own_text(t)) {
        ctx.insert("description", &description);
    }
    ctx.insert("jsonld", &office_jsonld(l, o));
    ctx.insert("draft", &o.draft);
    ctx.insert("journeys", &journey_links(l, content, &o.districts));
    ctx.insert("languages_url", &l.url(&routes::spoken_languages()));
    LocalizedPage {
        url: l.url(&suffix),
        lang: l.lang.tag.clone(),
        template: "office.html",
        context: ctx,
        markdown_links: Vec::new(),
    }
}

/// schema.org opening hours from the resolved hours: the sessions that happen every week, and
/// for every covered day that differs from them (holidays, closures, dated rules, sessions of
/// every other week) that day's sessions, or "closed" (`00:00`–`00:00`) for runs of such days.
/// Uncertain spans are never claimed as open.
pub(super) fn opening_hours_specification(
    resolved: &hours::Resolved,
) -> (Vec<serde_json::Value>, Vec<serde_json::Value>) {
    const DAYS: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    let spec = |extra: serde_json::Value, opens: u32, closes: u32| {
        let mut value = serde_json::json!({"@type": "OpeningHoursSpecification", "opens": hours::clock(opens), "closes": hours::clock(closes)});
        if let (Some(v), Some(e)) = (value.as_object_mut(), extra.as_object()) {
            v.extend(e.clone());
        }
        value
    };
    let weekly_times: Vec<Vec<(u32, u32)>> = (0..7).map(|d| resolved.weekly_open(d)).collect();
    let weekly = weekly_times
        .iter()
        .enumerate()
        .flat_map(|(d, times)| {
            times.iter().map(move |(a, b)| {
                spec(
                    serde_json::json!({"dayOfWeek": format!("https://schema.org/{}", DAYS[d])}),
                    *a,
                    *b,
                )
            })
        })
        .collect();
    let mut special: Vec<serde_json::Value> = Vec::new();
    let mut closed_run: Option<(NaiveDate, NaiveDate)> = None;
    let flush = |run: &mut Option<(NaiveDate, NaiveDate)>, special: &mut Vec<serde_json::Value>| {
        if let Some((from, to)) = run.take() {
            special.push(spec(
                serde_json::json!({"validFrom": from.to_string(), "validThrough": to.to_string()}),
                0,
                0,
            ));
        }
    };
    for day in &resolved.days {
        let actual = hours::merged_open(day);
        let usual = &weekly_times[day.date.weekday().num_days_from_monday() as usize];
        if actual == *usual {
            flush(&mut closed_run, &mut special);
            continue;
        }
        if actual.is_empty() {
            closed_run = match closed_run {
                Some((from, to)) if to + chrono::Duration::days(1) == day.date => Some((from, day.date)),
                other => {
                    let mut previous = other;
                    flush(&mut previous, &mut special);
                    Some((day.date, day.date))
                }
            };
            continue;
        }
        flush(&mut closed_run, &mut special);
        let date = day.date.to_string();
        special.extend(
            actual
                .iter()
                .map(|(a, b)| spec(serde_json::json!({"validFrom": date, "validThrough": date}), *a, *b)),
        );
    }
    flush(&mut closed_run, &mut special);
    (weekly, special)
}
