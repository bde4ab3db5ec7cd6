//! `quartier new office|partner|district|page|journey ID`: a new content file with every field
//! present and explained in German and English, valid as it is, so staff start from a
//! working example instead of a blank file.

use std::path::{Path, PathBuf};

use crate::content::{CONTENT_DIR, is_valid_id, suggest_id};

/// What `new` can create.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `content/offices/<id>.yaml`.
    Office,
    /// `content/partners/<id>.yaml`.
    Partner,
    /// `content/districts/<id>/district.yaml` and `guide.de.md`.
    District,
    /// `content/pages/<id>.de.md`.
    Page,
    /// `content/journeys/<id>/journey.yaml` and `journey.de.md`.
    Journey,
}

/// Why nothing was written.
#[derive(Debug, PartialEq, Eq)]
pub struct ScaffoldError {
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub help: String,
}

const HEADER: &str = "# Zeilen mit # sind Erklärungen und werden nicht veröffentlicht.
# Lines starting with # are explanations; they are not published.
# Texte in mehreren Sprachen: Deutsch (de) ist Pflicht, weitere Sprachen (en, ar, fa, uk, ru,
# tr, de-simple …) sind freiwillig. Texts in several languages: German (de) is required.
# PLATZHALTER markiert, was noch fehlt; `quartier check` listet es auf.
# PLATZHALTER marks what is still missing; `quartier check` lists it.
";

fn office(id: &str) -> String {
    format!(
        "# Neues Büro / new office: {id}
{HEADER}
# Entwurf: nur in der Vorschau (`quartier serve`) zu sehen, `quartier build` veröffentlicht ihn
# nicht. Zum Veröffentlichen diese Zeile löschen.
# Draft: shown only in the preview; delete this line to publish.
draft: true

# Name des Büros / name of the office
name:
  de: \"PLATZHALTER: Name des Büros\"
  en: \"PLATZHALTER: name of the office\"

# Stand / status: active (geöffnet / open), planned (in Planung / planned),
# temporarily_closed (vorübergehend geschlossen / temporarily closed)
status: planned

# Was Leserinnen und Leser über den Stand wissen sollen (freiwillig)
# What readers should know about the status (optional)
status_note:
  de: \"PLATZHALTER: Wann öffnet das Büro?\"

# Eröffnungsjahr, z. B. 2016 / year it opened, e.g. 2016 (optional)
since: null

# Zuständig für diese Stadtbezirke: Ordnernamen unter content/districts/, z. B. [eving, scharnhorst].
# Jeder Stadtbezirk nennt dann dieses Büro unter `office: {id}`.
# Districts served (folder names under content/districts/); each names this office as `office:`.
# Nur ein geplantes Büro darf noch keinen haben. / Only a planned office may have none yet.
districts: []

# Träger / operators; role: city (Stadt), welfare_association (Wohlfahrtsverband), association (Verein)
operators:
  - name:
      de: \"PLATZHALTER: Träger\"
    role: city

# Was das Büro tut (freiwillig) / what the office does (optional)
description:
  de: \"PLATZHALTER: Was macht das Büro?\"

# Orte: genau einer mit kind: main, sobald das Büro nicht mehr `planned` ist; weitere mit kind: outpost.
# Locations: exactly one `kind: main` once the office is not `planned`; others `kind: outpost`.
# Die Sprechzeiten stehen in content/opening-hours/{id}.yaml. / Hours go in content/opening-hours/{id}.yaml.
locations: []
#  - id: main                       # Kennung des Ortes / id of the location
#    kind: main                     # main (Büro) | outpost (Sprechstunde an einem anderen Ort)
#    name: {{de: Büro …}}
#    address:
#      street: \"Straße 1\"
#      postcode: \"44000\"            # in Anführungszeichen / in quotes
#      city: Dortmund
#    geo: {{lat: 51.5, lon: 7.5}}     # freiwillig / optional
#    transport: {{de: \"Bus … bis Haltestelle …\"}}
#    accessibility: {{de: \"Eingang ebenerdig …\"}}

# Kontakt; null = noch nicht bekannt / contact; null = not known yet
contact:
  phone: null     # z. B. / e.g. \"0231 123456\"
  email: null     # z. B. / e.g. name@example.org
  web: null       # z. B. / e.g. https://example.org/

# Sprachen der Beratung (aus spoken_languages in site-config.yaml) / languages of advice
languages: [de]

# Angebote, je ein Text pro Sprache / services, one text per language each
services:
  - de: \"PLATZHALTER: Beratung zu …\"

# Zuletzt geprüft (JJJJ-MM-TT) / last checked (YYYY-MM-DD)
last_verified: null
"
    )
}

fn partner(id: &str, district: &str) -> String {
    format!(
        "# Neuer Partner / new local partner: {id}
{HEADER}
# Entwurf: nur in der Vorschau (`quartier serve`) zu sehen, `quartier build` veröffentlicht ihn
# nicht. Zum Veröffentlichen diese Zeile löschen.
# Draft: shown only in the preview; delete this line to publish.
draft: true

name:
  de: \"PLATZHALTER: Name des Partners\"

# Bereich / category: counselling (Beratung), kita, school (Schule), youth (Kinder und Jugend),
# sports (Sport), health (Gesundheit), migrant_organisation (Migrantenselbstorganisation),
# volunteers (Ehrenamt), administration (Verwaltung), other (Weiteres)
category: other

# Stadtbezirke (Ordnernamen unter content/districts/) / districts (folder names)
districts: [{district}]

# Was der Partner anbietet / what the partner offers
offer:
  de: \"PLATZHALTER: Angebot in ein bis zwei Sätzen\"

# Adresse (freiwillig) / address (optional): {{street: …, postcode: \"…\", city: Dortmund}}
address: null

# Koordinaten (freiwillig) / coordinates (optional): {{lat: 51.5, lon: 7.5}}
geo: null

contact:
  phone: null
  email: null
  web: null

# Gesprochene Sprachen / languages spoken
languages: [de]

# Öffnungszeiten im OpenStreetMap-Format (freiwillig) / opening hours (optional), e.g. \"Mo-Fr 14:00-18:00\"
opening_hours: null

# Barrierefreiheit (freiwillig) / accessibility (optional): {{de: …}}
accessibility: null

# Auf dem gedruckten Handzettel zeigen? / show on the printed leaflet?
on_leaflet: false

# Zuletzt geprüft (JJJJ-MM-TT) / last checked (YYYY-MM-DD)
last_verified: null
"
    )
}

fn district(id: &str) -> String {
    format!(
        "# Neuer Stadtbezirk / new district: {id}
{HEADER}
# Entwurf: nur in der Vorschau (`quartier serve`) zu sehen, `quartier build` veröffentlicht ihn
# nicht. Zum Veröffentlichen diese Zeile löschen.
# Draft: shown only in the preview; delete this line to publish.
draft: true

name:
  de: \"PLATZHALTER: Name des Stadtbezirks\"

# Stadtteile, deutsche Namen wie auf den Straßenschildern / quarters, German names as on signs
stadtteile: []

# Zuständiges Büro (Dateiname unter content/offices/ ohne .yaml), null = noch keins.
# Das Büro muss diesen Stadtbezirk unter `districts` nennen.
# Responsible office (file name in content/offices/ without .yaml), null = none yet;
# that office must list this district under `districts`.
office: null
"
    )
}

fn guide() -> String {
    "---
# Titel der Seite / page title
title: \"PLATZHALTER: Ankommen in …\"
# Ein bis zwei Sätze für Übersichten / one or two sentences for lists
summary: \"PLATZHALTER: Das Wichtigste für die ersten Wochen.\"
# Übersetzungen (guide.en.md …) brauchen zusätzlich / translations also need:
#   translation: human | machine | machine-reviewed
#   source_hash: (nennt `quartier check`) / (given by `quartier check`)
---

PLATZHALTER: Einleitung. Abschnitte beginnen mit ##; Links auf andere Seiten ohne Sprache,
z. B. [die Startseite](/) oder `/offices/…/`. / Sections start with ##; link to pages without
the language.

## Wohnung anmelden

PLATZHALTER: Text.
"
    .to_string()
}

fn page(id: &str) -> String {
    format!(
        "---
# Seite / page: {id}
# Entwurf: nur in der Vorschau; zum Veröffentlichen diese Zeile löschen. / Draft: delete to publish.
draft: true
title: \"PLATZHALTER: Titel der Seite\"
summary: \"PLATZHALTER: Worum es geht\"
# Wo verlinkt / where linked: header (oben), footer (unten), none (nirgends)
nav: footer
# Reihenfolge in der Navigation, kleine Zahl zuerst / order in the navigation, small first
order: 50
---

PLATZHALTER: Text der Seite in Markdown. Abschnitte beginnen mit ##. / Page text in Markdown.
"
    )
}

fn journey(id: &str) -> String {
    format!(
        "# Neuer Weg Schritt für Schritt / new journey: {id}
{HEADER}
# Hier stehen die Schritte in ihrer Reihenfolge. Titel und Text jedes Schritts stehen in
# journey.de.md (und journey.<sprache>.md) als Abschnitt `## Titel {{#id}}`.
# Jeder Schritt nennt von selbst das Büro von lokal willkommen im Stadtbezirk der Leserin.
# The steps in order; each step's title and text are the section `## Title {{#id}}` of
# journey.<lang>.md. Every step names the lokal willkommen office of the reader's district.

# Entwurf: nur in der Vorschau; zum Veröffentlichen diese Zeile löschen. / Draft: delete to publish.
draft: true

steps:
  # Kennung des Schritts: Kleinbuchstaben, Ziffern, Bindestriche / step id
  - id: anmelden
    # Wohin, wenn nicht zu einem Büro oder Partner der Seite / where to go (not an office or partner)
    place:
      de: \"PLATZHALTER: Name der Stelle\"
    # Was mitbringen: je Sache ein Kästchen auf der Checkliste / what to bring: one box each
    bring:
      - de: Pass oder Personalausweis
  - id: kita
    # and = zusätzlich zum Schritt davor, or = statt des Schritts davor (ohne eigene Nummer)
    # and = as well as the step before, or = instead of it (no number of its own)
    with_previous: or
    # Partner dieser Art im Stadtbezirk der Leserin helfen / partners of these kinds in the
    # reader's district help: counselling, kita, school, youth, sports, health,
    # migrant_organisation, volunteers, administration, other
    partner_categories: [kita]
    # Bestimmte Partner (Dateinamen unter content/partners/) / particular partners (file names)
    partners: []
    bring: []
"
    )
}

fn journey_text() -> String {
    "---
# Titel des Wegs / title of the journey
title: \"PLATZHALTER: Angekommen in …\"
# Ein bis zwei Sätze für Übersichten / one or two sentences for lists
summary: \"PLATZHALTER: Die ersten Schritte.\"
# Übersetzungen (journey.en.md …) brauchen zusätzlich / translations also need:
#   translation: human | machine | machine-reviewed
#   source_hash: (nennt `quartier check`) / (given by `quartier check`)
---

PLATZHALTER: Einleitung. / Introduction.

Jeder Schritt ist ein Abschnitt: `##`, sein Titel, dann in geschweiften Klammern die Kennung aus
journey.yaml. / Each step is a section: `##`, its title, then the id from journey.yaml in braces.

## PLATZHALTER: Wohnung anmelden {#anmelden}

PLATZHALTER: Was zu tun ist und bis wann. / What to do and by when.

## PLATZHALTER: Kind in der Kita anmelden {#kita}

PLATZHALTER: Text.
"
    .to_string()
}

/// Writes the files for a new `kind` with `id` under `root`; returns the files written.
/// Never overwrites a file.
pub fn scaffold(root: &Path, kind: Kind, id: &str) -> Result<Vec<PathBuf>, ScaffoldError> {
    if !is_valid_id(id) {
        return Err(ScaffoldError {
            message: format!("`{id}` is not a valid id"),
            help: format!(
                "ids use lowercase letters a–z, digits and `-`; for example `{}`",
                suggest_id(id)
            ),
        });
    }
    let content = root.join(CONTENT_DIR);
    let schema = |file: &str, depth: usize, text: String| format!("{}\n{text}", crate::schema::modeline(file, depth));
    let files: Vec<(PathBuf, String)> = match kind {
        Kind::Office => vec![(
            content.join("offices").join(format!("{id}.yaml")),
            schema("office.schema.json", 2, office(id)),
        )],
        Kind::Partner => {
            let mut districts: Vec<String> = std::fs::read_dir(content.join("districts"))
                .map(|dir| {
                    dir.filter_map(Result::ok)
                        .filter(|e| e.path().join("district.yaml").is_file())
                        .filter_map(|e| e.file_name().into_string().ok())
                        .collect()
                })
                .unwrap_or_default();
            districts.sort();
            let Some(first) = districts.first() else {
                return Err(ScaffoldError {
                    message: "there is no district yet, and a partner needs one".into(),
                    help: "create a district first: quartier new district <id>".into(),
                });
            };
            vec![(
                content.join("partners").join(format!("{id}.yaml")),
                schema("partner.schema.json", 2, partner(id, first)),
            )]
        }
        Kind::District => {
            let dir = content.join("districts").join(id);
            vec![
                (
                    dir.join("district.yaml"),
                    schema("district.schema.json", 3, district(id)),
                ),
                (dir.join("guide.de.md"), guide()),
            ]
        }
        Kind::Page => vec![(content.join("pages").join(format!("{id}.de.md")), page(id))],
        Kind::Journey => {
            let dir = content.join("journeys").join(id);
            vec![
                (dir.join("journey.yaml"), schema("journey.schema.json", 3, journey(id))),
                (dir.join("journey.de.md"), journey_text()),
            ]
        }
    };
    if let Some((existing, _)) = files.iter().find(|(p, _)| p.exists()) {
        return Err(ScaffoldError {
            message: format!(
                "{} exists already",
                existing.strip_prefix(root).unwrap_or(existing).display()
            ),
            help: "choose another id, or edit the existing file".into(),
        });
    }
    let mut written = Vec::new();
    for (path, text) in files {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| ScaffoldError {
                message: format!("cannot create {}: {e}", parent.display()),
                help: "check the folder's permissions".into(),
            })?;
        }
        std::fs::write(&path, text).map_err(|e| ScaffoldError {
            message: format!("cannot write {}: {e}", path.display()),
            help: "check the folder's permissions".into(),
        })?;
        written.push(path.strip_prefix(root).unwrap_or(&path).to_path_buf());
    }
    Ok(written)
}
