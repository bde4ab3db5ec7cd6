//! JSON Schemas of the files staff edit, so that an editor with a YAML language server
//! (VS Code with the YAML extension, for example) completes keys and flags mistakes while
//! typing. The structure comes from the very types the loader reads (`schemars` derives it from
//! `RawOffice`, `RawPartner` …); this module adds what a person needs: German and English
//! descriptions, an example for every key, and the ids, districts and languages of the site
//! itself as allowed values. `quartier schema` and `quartier new` write them to `schemas/`.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::config::SiteConfig;
use crate::content::{RawContent, RawDistrict, RawHoursFile, RawJourney, RawOffice, RawPartner};

/// The folder of the schemas, in the site folder.
pub const SCHEMA_DIR: &str = "schemas";

/// Every key a person can write: German description and an example. A key without an entry
/// here fails the schema test, so a new field cannot go in undocumented.
const KEYS: &[(&str, &str, &str)] = &[
    (
        "bring",
        "Was mitzubringen ist, je Sache ein Text je Sprache (Büro: in der Ansicht zum Zeigen; Weg: ein Kästchen auf der Checkliste)",
        r#"[{"de": "Pass oder Personalausweis", "en": "Passport or identity card"}]"#,
    ),
    (
        "partner_categories",
        "Arten von Partnern, die bei diesem Schritt helfen; gezeigt werden die im Stadtbezirk der Leserin",
        r#"["kita"]"#,
    ),
    (
        "partners",
        "Ids der Partner (Dateinamen unter content/partners/), die bei diesem Schritt helfen",
        r#"["projekt-ankommen"]"#,
    ),
    (
        "place",
        "Wohin, wenn nicht zu einem Büro oder Partner der Seite, je Sprache",
        r#"{"de": "Bürgerdienste der Stadt Dortmund (mit Termin)"}"#,
    ),
    (
        "steps",
        "Die Schritte in ihrer Reihenfolge; Titel und Text je Sprache in journey.<sprache>.md (`## Titel {#id}`)",
        r#"[{"id": "anmelden", "bring": [{"de": "Pass oder Personalausweis"}]}]"#,
    ),
    (
        "with_previous",
        "and = zusätzlich zum Schritt davor, or = statt des Schritts davor (ohne eigene Nummer)",
        r#""or""#,
    ),
    (
        "accessibility",
        "Barrierefreiheit je Sprache (Stufen, Rampe, Aufzug)",
        r#"{"de": "Eingang ebenerdig, Aufzug vorhanden"}"#,
    ),
    (
        "address",
        "Postanschrift",
        r#"{"street": "Nadlerweg 1", "postcode": "44329", "city": "Dortmund"}"#,
    ),
    ("category", "Art des Partners", r#""counselling""#),
    ("city", "Ort", r#""Dortmund""#),
    (
        "closures",
        "Tage, an denen geschlossen ist (von, bis, Grund)",
        r#"[{"from": "2026-12-23", "to": "2027-01-02", "reason": {"de": "Weihnachtspause"}}]"#,
    ),
    (
        "contact",
        "Telefon, E-Mail, Internetseite",
        r#"{"phone": "0231 123456", "email": "buero@example.org"}"#,
    ),
    (
        "description",
        "Was das Büro tut, je Sprache",
        r#"{"de": "Wir beraten nach dem Umzug in die eigene Wohnung."}"#,
    ),
    (
        "districts",
        "Ids der Stadtbezirke (Ordnernamen unter content/districts/)",
        r#"["eving", "scharnhorst"]"#,
    ),
    (
        "draft",
        "Entwurf: nur in der Vorschau sichtbar; zum Veröffentlichen löschen",
        "true",
    ),
    ("email", "E-Mail-Adresse", r#""buero@example.org""#),
    ("from", "Erster Tag (JJJJ-MM-TT)", r#""2026-12-23""#),
    (
        "geo",
        "Koordinaten für die Karte (Dezimalgrad)",
        r#"{"lat": 51.5136, "lon": 7.4653}"#,
    ),
    (
        "hours",
        "Sprechzeiten im OpenStreetMap-Format; Tage englisch abgekürzt (Mo Tu We Th Fr Sa Su)",
        r#""Mo,We 09:00-12:00; PH off""#,
    ),
    (
        "id",
        "Kennung des Standorts (Kleinbuchstaben, Bindestriche)",
        r#""lanstrop""#,
    ),
    ("kind", "main = Büro, outpost = Sprechstunde vor Ort", r#""outpost""#),
    (
        "languages",
        "Sprachen der Beratung (Sprach-Kürzel)",
        r#"["de", "ar", "uk"]"#,
    ),
    ("last_verified", "Zuletzt geprüft (JJJJ-MM-TT)", r#""2026-11-24""#),
    ("lat", "Breitengrad", "51.5136"),
    (
        "locations",
        "Standorte: Büro und Sprechstunden vor Ort",
        r#"[{"id": "main", "kind": "main", "name": {"de": "Büro"}, "address": {"street": "Nadlerweg 1", "city": "Dortmund"}}]"#,
    ),
    ("lon", "Längengrad", "7.4653"),
    (
        "mode",
        "Art der Beratung: walk_in (offen), appointment (mit Termin), phone (telefonisch)",
        r#""appointment""#,
    ),
    (
        "name",
        "Name je Sprache (Deutsch immer)",
        r#"{"de": "Sprechstunde Lanstrop"}"#,
    ),
    (
        "note",
        "Hinweis zu den Zeiten je Sprache",
        r#"{"de": "Bitte rufen Sie vorher an."}"#,
    ),
    (
        "offer",
        "Was der Partner anbietet, je Sprache",
        r#"{"de": "Sprachcafé jeden Dienstag"}"#,
    ),
    (
        "office",
        "Zuständiges Büro (Dateiname unter content/offices/ ohne .yaml) oder null",
        r#""eving-scharnhorst""#,
    ),
    ("on_leaflet", "Auf dem gedruckten Handzettel zeigen?", "true"),
    (
        "opening_hours",
        "Öffnungszeiten im OpenStreetMap-Format",
        r#""Mo-Fr 14:00-18:00""#,
    ),
    (
        "operators",
        "Träger des Büros",
        r#"[{"name": {"de": "Stadt Dortmund"}, "role": "city"}]"#,
    ),
    ("phone", "Telefonnummer", r#""0231 123456""#),
    ("postcode", "Postleitzahl (in Anführungszeichen)", r#""44329""#),
    ("reason", "Grund je Sprache", r#"{"de": "Fortbildung"}"#),
    ("role", "Rolle des Trägers", r#""city""#),
    (
        "services",
        "Angebote, je Eintrag ein Text je Sprache",
        r#"[{"de": "Beratung zu allen Fragen des täglichen Lebens"}]"#,
    ),
    ("since", "Eröffnungsjahr", "2016"),
    (
        "slots",
        "Teile der Sprechzeiten mit eigener Art oder Sprache",
        r#"[{"when": "Tu 13:00-16:00", "mode": "appointment", "languages": ["ar"]}]"#,
    ),
    (
        "stadtteile",
        "Stadtteile, deutsche Namen wie auf den Straßenschildern",
        r#"["Eving", "Lindenhorst"]"#,
    ),
    (
        "status",
        "Stand: active (in Betrieb), planned (in Planung), temporarily_closed",
        r#""active""#,
    ),
    (
        "status_note",
        "Was Leserinnen und Leser über den Stand wissen sollen",
        r#"{"de": "Das Büro öffnet im Frühjahr."}"#,
    ),
    ("street", "Straße und Hausnummer", r#""Nadlerweg 1""#),
    (
        "temporarily_closed",
        "Bis auf Weiteres geschlossen: Hinweis je Sprache",
        r#"{"de": "Wegen Umbau bis auf Weiteres geschlossen."}"#,
    ),
    ("to", "Letzter Tag (JJJJ-MM-TT); ohne: derselbe Tag", r#""2027-01-02""#),
    (
        "transport",
        "Anfahrt mit Bus und Bahn, je Sprache",
        r#"{"de": "U-Bahn U41, Haltestelle Eving Zeche"}"#,
    ),
    ("web", "Internetseite", r#""https://example.org/""#),
    (
        "when",
        "Wann der Teil gilt, OpenStreetMap-Format",
        r#""Tu 13:00-16:00""#,
    ),
    // site-config.yaml
    (
        "base_url",
        "Adresse der veröffentlichten Seite",
        r#""https://lokal-willkommen.example/""#,
    ),
    ("default_language", "Ausgangssprache (immer de)", r#""de""#),
    ("dir", "Schreibrichtung: ltr oder rtl", r#""rtl""#),
    ("east", "Östlicher Rand (Längengrad)", "7.64"),
    (
        "emergency_numbers",
        "Notrufnummern für jede Seite",
        r#"[{"label": {"de": "Polizei"}, "number": "110"}]"#,
    ),
    ("endonym", "Name der Sprache in der Sprache selbst", r#""العربية""#),
    ("fallback", "Ersatzsprachen, wenn ein Text fehlt", r#"["de"]"#),
    ("holiday_region", "Region der Feiertage", r#""DE-NW""#),
    ("hreflang", "Als eigene Sprachfassung für Suchmaschinen melden?", "true"),
    ("html_lang", "Sprach-Kürzel im HTML, wenn es abweicht", r#""de""#),
    ("label", "Bezeichnung je Sprache", r#"{"de": "Polizei"}"#),
    ("north", "Nördlicher Rand (Breitengrad)", "51.6"),
    ("number", "Telefonnummer", r#""110""#),
    ("page_weight_budget_kb", "Höchstgewicht einer Seite in KB", "60"),
    ("path", "Ordner der Sprache in der Adresse", r#""ar""#),
    (
        "region",
        "Gebiet der Seite (Koordinaten außerhalb werden gemeldet)",
        r#"{"south": 51.41, "west": 7.30, "north": 51.60, "east": 7.64}"#,
    ),
    (
        "review_interval_days",
        "Nach wie vielen Tagen ein Eintrag neu geprüft werden soll",
        "365",
    ),
    ("south", "Südlicher Rand (Breitengrad)", "51.41"),
    (
        "spoken_languages",
        "Beratungssprachen: Kürzel und deutscher Name",
        r#"{"ar": "Arabisch"}"#,
    ),
    ("tag", "Sprach-Kürzel", r#""ar""#),
    ("theme", "Name des Themes (themes/<name>/)", r#""default""#),
    ("timezone", "Zeitzone", r#""Europe/Berlin""#),
    (
        "title",
        "Name der Seite je Sprache",
        r#"{"de": "lokal willkommen Dortmund"}"#,
    ),
    ("west", "Westlicher Rand (Längengrad)", "7.30"),
];

/// What of the site goes into the schemas as allowed values.
pub struct SiteValues {
    /// District ids.
    pub districts: BTreeSet<String>,
    /// Office ids.
    pub offices: BTreeSet<String>,
    /// Tags of the site's languages (keys of texts per language).
    pub languages: Vec<String>,
    /// Tags of the languages advice is given in.
    pub spoken: Vec<String>,
}

impl SiteValues {
    /// The values of a site's configuration and content (drafts included: they are edited too).
    pub fn of(config: &SiteConfig, raw: &RawContent) -> Self {
        SiteValues {
            districts: raw.districts.iter().map(|d| d.id.clone()).collect(),
            offices: raw.offices.iter().map(|o| o.id.clone()).collect(),
            languages: config.languages.iter().map(|l| l.tag.clone()).collect(),
            spoken: config.spoken_languages.keys().cloned().collect(),
        }
    }
}

/// A schema file: its name in `schemas/` and the files it describes.
pub struct SchemaKind {
    /// File name in `schemas/`.
    pub file: &'static str,
    /// The files it is for (a glob, for the README and the editor settings).
    pub applies_to: &'static str,
}

/// The schema files, in the order they are written.
pub const KINDS: [SchemaKind; 6] = [
    SchemaKind {
        file: "office.schema.json",
        applies_to: "content/offices/*.yaml",
    },
    SchemaKind {
        file: "opening-hours.schema.json",
        applies_to: "content/opening-hours/*.yaml",
    },
    SchemaKind {
        file: "partner.schema.json",
        applies_to: "content/partners/*.yaml",
    },
    SchemaKind {
        file: "district.schema.json",
        applies_to: "content/districts/*/district.yaml",
    },
    SchemaKind {
        file: "journey.schema.json",
        applies_to: "content/journeys/*/journey.yaml",
    },
    SchemaKind {
        file: "site-config.schema.json",
        applies_to: "site-config.yaml",
    },
];

/// The schemas of the site, as (file name, JSON text).
pub fn site_schemas(values: &SiteValues) -> Vec<(&'static str, String)> {
    let schemas = [
        schemars::schema_for!(RawOffice),
        schemars::schema_for!(RawHoursFile),
        schemars::schema_for!(RawPartner),
        schemars::schema_for!(RawDistrict),
        schemars::schema_for!(RawJourney),
        crate::config::config_schema(),
    ];
    KINDS
        .iter()
        .zip(schemas)
        .map(|(kind, schema)| {
            let mut value = schema.to_value();
            annotate(&mut value, values);
            let text = serde_json::to_string_pretty(&value).unwrap_or_default() + "\n";
            (kind.file, text)
        })
        .collect()
}

/// The first line of a file that tells a YAML language server its schema; `depth` is how many
/// folders below the site folder the file lies (`content/offices/x.yaml`: 2).
pub fn modeline(schema_file: &str, depth: usize) -> String {
    format!(
        "# yaml-language-server: $schema={}{SCHEMA_DIR}/{schema_file}",
        "../".repeat(depth)
    )
}

/// The keys that have no German description and example in the table of this module.
pub fn undocumented_keys(schema: &Value) -> BTreeSet<String> {
    let mut missing = BTreeSet::new();
    each_property(schema, &mut |name, _| {
        if !KEYS.iter().any(|(k, _, _)| *k == name) {
            missing.insert(name.to_string());
        }
    });
    missing
}

fn each_property(value: &Value, visit: &mut dyn FnMut(&str, &Value)) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(properties)) = map.get("properties") {
                for (name, schema) in properties {
                    visit(name, schema);
                }
            }
            for child in map.values() {
                each_property(child, visit);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| each_property(v, visit)),
        _ => {}
    }
}

/// Is this the schema of a text per language (`{de: …, en: …}`)?
fn is_text_per_language(schema: &Value) -> bool {
    schema.get("type") == Some(&json!("object"))
        && schema.get("additionalProperties") == Some(&json!({"type": "string"}))
}

fn annotate(value: &mut Value, site: &SiteValues) {
    let Value::Object(map) = value else {
        if let Value::Array(items) = value {
            items.iter_mut().for_each(|v| annotate(v, site));
        }
        return;
    };
    if let Some(Value::Object(properties)) = map.get_mut("properties") {
        for (name, schema) in properties.iter_mut() {
            if let Some((_, german, example)) = KEYS.iter().find(|(k, _, _)| k == name) {
                let english = schema
                    .get("description")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .replace('\n', " ");
                schema["description"] = json!(format!("{german} — {english}"));
                if let Ok(example) = serde_json::from_str::<Value>(example) {
                    schema["examples"] = json!([example]);
                }
            }
            allowed_values(name, schema, site);
        }
    }
    for child in map.values_mut() {
        annotate(child, site);
    }
}

/// The site's own ids and languages as the allowed values of a key.
fn allowed_values(name: &str, schema: &mut Value, site: &SiteValues) {
    let list = |set: &mut dyn Iterator<Item = &String>| -> Value { json!(set.collect::<Vec<_>>()) };
    match name {
        "districts" if schema.get("type") == Some(&json!("array")) => {
            schema["items"]["enum"] = list(&mut site.districts.iter());
        }
        "office" => {
            let mut ids: Vec<Value> = site.offices.iter().map(|o| json!(o)).collect();
            ids.push(Value::Null);
            schema["enum"] = json!(ids);
        }
        "languages" if schema.pointer("/items/type") == Some(&json!("string")) => {
            schema["items"]["enum"] = list(&mut site.spoken.iter());
        }
        "spoken_languages" => {}
        _ if is_text_per_language(schema) => {
            schema["propertyNames"] = json!({"enum": site.languages});
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> SiteValues {
        SiteValues {
            districts: ["eving".to_string()].into(),
            offices: ["eving-scharnhorst".to_string()].into(),
            languages: vec!["de".into(), "ar".into()],
            spoken: vec!["de".into(), "ar".into()],
        }
    }

    #[test]
    fn every_key_has_a_german_description_and_an_example() {
        for (file, text) in site_schemas(&values()) {
            let schema: Value = serde_json::from_str(&text).unwrap();
            assert!(
                undocumented_keys(&schema).is_empty(),
                "{file}: {:?}",
                undocumented_keys(&schema)
            );
            each_property(&schema, &mut |name, property| {
                let description = property["description"].as_str().unwrap_or("");
                assert!(description.contains(" — "), "{file}: {name}: {description}");
                assert!(property["examples"].is_array(), "{file}: {name}");
            });
        }
    }

    #[test]
    fn the_sites_ids_and_languages_are_the_allowed_values() {
        let schemas = site_schemas(&values());
        let office: Value = serde_json::from_str(&schemas[0].1).unwrap();
        assert_eq!(
            office.pointer("/properties/districts/items/enum"),
            Some(&json!(["eving"]))
        );
        assert_eq!(
            office.pointer("/properties/name/propertyNames/enum"),
            Some(&json!(["de", "ar"]))
        );
        let district: Value = serde_json::from_str(&schemas[3].1).unwrap();
        assert_eq!(
            district.pointer("/properties/office/enum"),
            Some(&json!(["eving-scharnhorst", null]))
        );
        assert_eq!(
            modeline("office.schema.json", 2),
            "# yaml-language-server: $schema=../../schemas/office.schema.json"
        );
    }
}
