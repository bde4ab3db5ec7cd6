//! A partner file: fields, districts, contact and place.

use super::*;

/// Checks one partner and builds the checked value.
pub(super) fn check_partner(
    loaded: &Loaded<RawPartner>,
    district_ids: &BTreeSet<String>,
    config: &SiteConfig,
    diags: &mut Diagnostics,
) -> Partner {
    let p = &loaded.value;
    let mut c = FileCheck::of(loaded, config, diags);
    c.i18n("name", &p.name);
    c.i18n("offer", &p.offer);
    c.i18n_opt("accessibility", &p.accessibility);
    c.districts("districts", &p.districts, district_ids);
    c.spoken_languages("languages", &p.languages);
    c.contact("contact", &p.contact);
    c.geo("geo", &p.geo);
    c.date("last_verified", &p.last_verified);
    Partner {
        id: loaded.id.clone(),
        name: p.name.clone(),
        category: p.category,
        districts: p.districts.clone(),
        offer: p.offer.clone(),
        address: p.address.clone(),
        contact: p.contact.clone(),
        languages: p.languages.clone(),
        opening_hours: p.opening_hours.clone(),
        accessibility: p.accessibility.clone(),
        on_leaflet: p.on_leaflet,
    }
}
