//! The office page, its calendar files and its JSON-LD.

use super::*;

pub(super) fn office_calendars(l: &Localizer, o: &Office) -> Vec<(String, Vec<u8>)> {
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
            let facts = l.facts_of(o, loc)?;
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
                let days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
                let spec: Vec<serde_json::Value> = facts
                    .week
                    .iter()
                    .flat_map(|(d, intervals)| {
                        let d = *d;
                        intervals.iter().map(move |i| {
                            serde_json::json!({"@type": "OpeningHoursSpecification", "dayOfWeek": format!("https://schema.org/{}", days[d]), "opens": i.start.format("%H:%M").to_string(), "closes": hours::hhmm(i.end, i.start.date())})
                        })
                    })
                    .collect();
                node["openingHoursSpecification"] = serde_json::json!(spec);
                let special: Vec<serde_json::Value> = facts
                    .exceptions
                    .iter()
                    .map(|(day, _)| serde_json::json!({"@type": "OpeningHoursSpecification", "validFrom": day.to_string(), "validThrough": day.to_string(), "opens": "00:00", "closes": "00:00"}))
                    .collect();
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

pub(super) fn office_page(l: &Localizer, o: &Office) -> LocalizedPage {
    let suffix = routes::office(&o.id);
    let name = l.text(&o.name, false).text;
    let mut ctx = l.base_context(&suffix, &name, "office");
    if let Some(v) = l.values.offices.get(&o.id) {
        ctx.insert_value("office", v.clone());
    }
    ctx.insert("jsonld", &office_jsonld(l, o));
    LocalizedPage {
        url: l.url(&suffix),
        lang: l.lang.tag.clone(),
        template: "office.html",
        context: ctx,
        markdown_links: Vec::new(),
    }
}
