//! An office file and its opening hours: fields, locations, hours and closures.

use super::*;

/// Checks one office (with its opening-hours file, if any) and builds the checked value.
pub(super) fn check_office(
    loaded: &Loaded<RawOffice>,
    hours: Option<&Loaded<RawHoursFile>>,
    district_ids: &BTreeSet<String>,
    broken: &BTreeSet<String>,
    config: &SiteConfig,
    today: NaiveDate,
    diags: &mut Diagnostics,
) -> Office {
    let o = &loaded.value;
    let mut c = FileCheck::of(loaded, config, diags);
    c.i18n("name", &o.name);
    c.i18n_opt("status_note", &o.status_note);
    c.i18n_opt("description", &o.description);
    if !(o.districts.is_empty() && o.status == OfficeStatus::Planned) {
        c.districts("districts", &o.districts, district_ids);
    }
    for (i, op) in o.operators.iter().enumerate() {
        c.i18n(&format!("operators.{i}.name"), &op.name);
    }
    for (i, s) in o.bring.iter().enumerate() {
        c.i18n(&format!("bring.{i}"), s);
    }
    for (i, s) in o.services.iter().enumerate() {
        c.i18n(&format!("services.{i}"), s);
    }
    c.spoken_languages("languages", &o.languages);
    c.contact("contact", &o.contact);
    c.date("last_verified", &o.last_verified);
    let mut location_ids = BTreeSet::new();
    for (i, l) in o.locations.iter().enumerate() {
        let at = format!("locations.{i}");
        if !is_valid_id(&l.id) {
            c.error(
                &format!("{at}.id"),
                format!("`{}` is not a valid location id", l.id),
                format!("use lowercase letters, digits and `-`, e.g. `{}`", suggest_id(&l.id)),
            );
        }
        if !location_ids.insert(l.id.clone()) {
            c.error(
                &format!("{at}.id"),
                format!("location id `{}` is used twice in this office", l.id),
                "give each location its own id",
            );
        }
        c.i18n(&format!("{at}.name"), &l.name);
        c.i18n_opt(&format!("{at}.transport"), &l.transport);
        c.i18n_opt(&format!("{at}.accessibility"), &l.accessibility);
        c.geo(&format!("{at}.geo"), &l.geo);
    }
    let mains = o.locations.iter().filter(|l| l.kind == LocationKind::Main).count();
    if o.status != OfficeStatus::Planned && mains != 1 {
        c.error(
            "locations",
            format!("an office that is not `planned` needs exactly one location with `kind: main` (found {mains})"),
            "mark the office itself `kind: main` and every other place `kind: outpost`",
        );
    }

    let mut checked_hours = BTreeMap::new();
    if let Some(h) = hours {
        for id in h.value.locations.keys() {
            if !location_ids.contains(id) {
                diags.push(
                    Diagnostic::error(
                        &h.file,
                        Some(h.positions.at(&format!("locations.{id}"))),
                        format!("office `{}` has no location `{id}`", loaded.id),
                    )
                    .with_help(format!(
                        "use a location id from {}: {}",
                        loaded.file.display(),
                        location_ids.iter().cloned().collect::<Vec<_>>().join(", ")
                    )),
                );
            }
        }
        let mut hc = FileCheck::of(h, config, diags);
        let office_closures = hc.closures("closures", &h.value.closures, today);
        for (id, lh) in &h.value.locations {
            hc.i18n_opt(&format!("locations.{id}.note"), &lh.note);
            hc.i18n_opt(&format!("locations.{id}.temporarily_closed"), &lh.temporarily_closed);
            if let Some(checked) = hc.location_hours(id, lh, &office_closures, &o.languages, today) {
                checked_hours.insert(id.clone(), checked);
            }
        }
    } else if o.status == OfficeStatus::Active && !broken.contains(&format!("opening-hours/{}", loaded.id)) {
        diags.push(
            Diagnostic::warning(
                &loaded.file,
                None,
                format!("office `{}` has no opening-hours file", loaded.id),
            )
            .with_help(format!("create content/opening-hours/{}.yaml", loaded.id)),
        );
    }
    let mut locations: Vec<Location> = o
        .locations
        .iter()
        .map(|l| {
            let lh = hours.and_then(|h| h.value.locations.get(&l.id));
            Location {
                id: l.id.clone(),
                kind: l.kind,
                name: l.name.clone(),
                address: l.address.clone(),
                geo: l.geo,
                transport: l.transport.clone(),
                accessibility: l.accessibility.clone(),
                hours: checked_hours.remove(&l.id),
                hours_note: lh.and_then(|h| h.note.clone()),
            }
        })
        .collect();
    locations.sort_by_key(|l| l.kind != LocationKind::Main);
    Office {
        id: loaded.id.clone(),
        name: o.name.clone(),
        status: o.status,
        status_note: o.status_note.clone(),
        since: o.since,
        districts: o.districts.clone(),
        operators: o.operators.clone(),
        description: o.description.clone(),
        locations,
        contact: o.contact.clone(),
        languages: o.languages.clone(),
        services: o.services.clone(),
        bring: o.bring.clone(),
        draft: o.draft,
    }
}
