//! A generator of valid content folders of any size, for benchmarks and scale tests:
//! N districts with guides in several languages, an office for every two districts with
//! opening hours, three partners per district, and a few content pages.

use std::fmt::Write as _;
use std::path::Path;

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct CorpusSpec {
    /// Number of districts (offices: one per two districts; partners: three per district).
    pub districts: usize,
    /// Number of published languages (1 to 8, German first).
    pub languages: usize,
    /// Number of those languages that have their own guide text (the rest fall back).
    pub translated: usize,
}

const LANGS: [(&str, &str, &str); 8] = [
    ("de", "Deutsch", "ltr"),
    ("en", "English", "ltr"),
    ("ar", "العربية", "rtl"),
    ("uk", "Українська", "ltr"),
    ("fa", "فارسی", "rtl"),
    ("tr", "Türkçe", "ltr"),
    ("ru", "Русский", "ltr"),
    ("de-simple", "Leichte Sprache", "ltr"),
];

impl CorpusSpec {
    /// The spec whose site has about `pages` pages in `languages` languages.
    pub fn for_pages(pages: usize, languages: usize) -> Self {
        // Pages per language: home + partner list + 4 pages + per district a district page and a
        // leaflet + an office for every two districts: 6 + 2.5 × districts.
        let per_language = pages / languages.max(1);
        let districts = (per_language.saturating_sub(6) * 2 / 5).max(2);
        CorpusSpec {
            districts,
            languages: languages.clamp(1, 8),
            translated: 3.min(languages),
        }
    }

    /// The number of HTML pages the site will have (without the root chooser and 404 page).
    pub fn pages(&self) -> usize {
        self.languages * (2 + 2 * self.districts + self.districts.div_ceil(2) + 4)
    }
}

fn guide_body(district: usize, lang: &str) -> String {
    let mut text = String::new();
    let _ = writeln!(
        text,
        "Willkommen in Bezirk {district} ({lang}). Ihr Büro ist [das Büro](/offices/office-{}/).\n",
        district / 2
    );
    for (i, topic) in [
        "Wohnung anmelden",
        "Müll trennen",
        "Strom und Gas",
        "Kita und Schule",
        "Ärztinnen und Ärzte",
        "Bus und Bahn",
    ]
    .iter()
    .enumerate()
    {
        let _ = writeln!(text, "## {topic}\n");
        for p in 0..3 {
            let _ = writeln!(
                text,
                "Absatz {p} zum Thema {topic} im Bezirk {district}: Bringen Sie Ihren Pass mit, vereinbaren Sie einen Termin und fragen Sie im Büro nach, wenn etwas unklar ist. Nummer {i}.\n"
            );
        }
        let _ = writeln!(
            text,
            "- erster Punkt\n- zweiter Punkt mit **Betonung**\n- dritter Punkt\n"
        );
    }
    text
}

/// Writes `text` to `dir/path`, making the folders on the way.
fn write_file(dir: &Path, path: &str, text: &str) -> std::io::Result<()> {
    let full = dir.join(path);
    if let Some(parent) = full.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(full, text)
}

/// Writes a complete site (config, content, and the repository's theme from `theme_from`)
/// into `dir`, which must not exist or be empty.
pub fn write_corpus(dir: &Path, spec: CorpusSpec, theme_from: &Path) -> std::io::Result<()> {
    let langs = &LANGS[..spec.languages.clamp(1, 8)];
    let write = |path: &str, text: &str| write_file(dir, path, text);
    let mut config = String::from(
        "title:\n  de: Generiertes Netz\nbase_url: https://corpus.example/\ndefault_language: de\ntimezone: Europe/Berlin\nholiday_region: DE-NW\nlanguages:\n",
    );
    for (tag, endonym, dir) in langs {
        let _ = writeln!(config, "  - tag: {tag}\n    endonym: {endonym}\n    dir: {dir}");
    }
    config.push_str("spoken_languages:\n  de: Deutsch\n  ar: العربية\n  uk: Українська\n");
    write("site-config.yaml", &config)?;

    let offices = spec.districts.div_ceil(2);
    for o in 0..offices {
        let districts: Vec<String> = (o * 2..(o * 2 + 2).min(spec.districts))
            .map(|d| format!("district-{d}"))
            .collect();
        write(
            &format!("content/offices/office-{o}.yaml"),
            &format!(
                "name:\n  de: Büro {o}\n{}status: active\nsince: 2020\ndistricts: [{}]\ndescription:\n  de: Beratung für die Bezirke {}.\nlocations:\n  - id: main\n    kind: main\n    name: {{de: Hauptbüro {o}}}\n    address: {{street: Straße {o}, postcode: \"44{o:03}\", city: Dortmund}}\ncontact:\n  phone: \"0231 {o:06}\"\n  email: office-{o}@corpus.example\nlanguages: [de, ar, uk]\n",
                if langs.len() > 1 {
                    format!("  en: Office {o}\n")
                } else {
                    String::new()
                },
                districts.join(", "),
                districts.join(", ")
            ),
        )?;
        write(
            &format!("content/opening-hours/office-{o}.yaml"),
            "locations:\n  main:\n    hours: \"Mo,We 09:00-12:00; Th 14:00-16:00; PH off\"\n",
        )?;
    }
    for d in 0..spec.districts {
        let mut names = String::new();
        for (tag, _, _) in langs.iter().take(spec.translated.max(1)) {
            let _ = writeln!(names, "  {tag}: Bezirk {d} {tag}");
        }
        write(
            &format!("content/districts/district-{d}/district.yaml"),
            &format!(
                "name:\n{names}stadtteile: [Teil A{d}, Teil B{d}]\noffice: office-{}\n",
                d / 2
            ),
        )?;
        for (i, (tag, _, _)) in langs.iter().take(spec.translated.max(1)).enumerate() {
            let front = if i == 0 {
                String::new()
            } else {
                "translation: machine\n".to_string()
            };
            write(
                &format!("content/districts/district-{d}/guide.{tag}.md"),
                &format!(
                    "---\ntitle: Ankommen in Bezirk {d}\n{front}---\n\n{}",
                    guide_body(d, tag)
                ),
            )?;
        }
        for p in 0..3 {
            let category = ["kita", "school", "sports"][p];
            write(
                &format!("content/partners/partner-{d}-{p}.yaml"),
                &format!(
                    "name: {{de: Partner {d}-{p}}}\ncategory: {category}\ndistricts: [district-{d}]\noffer: {{de: Angebot von Partner {d}-{p} im Bezirk {d}.}}\nlanguages: [de]\non_leaflet: true\n"
                ),
            )?;
        }
    }
    for page in ["about", "imprint", "privacy", "accessibility"] {
        write(
            &format!("content/pages/{page}.de.md"),
            &format!("---\ntitle: Seite {page}\nnav: footer\n---\n\nText der Seite {page}.\n"),
        )?;
    }
    copy_tree(theme_from, &dir.join("themes"))
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.map_err(std::io::Error::other)?;
        let target = to.join(entry.path().strip_prefix(from).map_err(std::io::Error::other)?);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// Writes the same site for Hugo into `dir`: the same Markdown guides (German text where a
/// language has no translation, as quartier falls back), office, leaflet, partner, search and
/// content pages in every language, and templates of the same shape as quartier's (header with
/// language switcher and navigation, week table of hours, partners by category, a QR code on
/// every leaflet, an A–Z list on the search page). For the benchmark against Hugo; it has no
/// opening-hours logic, search index or link check.
pub fn write_hugo_site(dir: &Path, spec: CorpusSpec) -> std::io::Result<()> {
    let langs = &LANGS[..spec.languages.clamp(1, 8)];
    let write = |path: &str, text: &str| write_file(dir, path, text);
    let mut config = String::from(
        "baseURL = \"https://corpus.example/\"\ntitle = \"Generiertes Netz\"\ndefaultContentLanguage = \"de\"\ndefaultContentLanguageInSubdir = true\ndisableKinds = [\"taxonomy\", \"term\", \"rss\"]\n[outputs]\nsection = []\n",
    );
    for (weight, (tag, endonym, direction)) in langs.iter().enumerate() {
        let _ = write!(
            config,
            "[languages.{tag}]\nweight = {}\nlanguageName = \"{endonym}\"\nlanguageDirection = \"{direction}\"\ncontentDir = \"content/{tag}\"\n",
            weight + 1
        );
    }
    write("hugo.toml", &config)?;
    for (tag, _, _) in langs {
        let c = |rest: &str| format!("content/{tag}/{rest}");
        write(&c("_index.md"), "---\ntitle: Welches Büro ist für mich da?\n---\n")?;
        write(
            &c("partners.md"),
            "---\ntitle: Angebote im Stadtteil\nlayout: partners\n---\n",
        )?;
        write(&c("search.md"), "---\ntitle: Suche\nlayout: search\n---\n")?;
        for page in ["about", "imprint", "privacy", "accessibility"] {
            write(
                &c(&format!("{page}.md")),
                &format!("---\ntitle: Seite {page}\n---\n\nText der Seite {page}.\n"),
            )?;
        }
        let translated = langs.iter().take(spec.translated.max(1)).any(|(t, _, _)| t == tag);
        for d in 0..spec.districts {
            let body_lang = if translated { tag } else { "de" };
            write(
                &c(&format!("districts/district-{d}.md")),
                &format!(
                    "---\ntitle: Bezirk {d} {tag}\noffice: office-{}\nstadtteile: [Teil A{d}, Teil B{d}]\n---\n\n{}",
                    d / 2,
                    guide_body(d, body_lang)
                ),
            )?;
            write(
                &c(&format!("leaflets/district-{d}.md")),
                &format!(
                    "---\ntitle: Handzettel Bezirk {d}\ndistrict: district-{d}\noffice: office-{}\n---\n",
                    d / 2
                ),
            )?;
        }
        for o in 0..spec.districts.div_ceil(2) {
            write(
                &c(&format!("offices/office-{o}.md")),
                &format!(
                    "---\ntitle: Büro {o}\ndistricts: [district-{}, district-{}]\nstreet: Straße {o}\npostcode: \"44{o:03}\"\nphone: \"0231 {o:06}\"\nemail: office-{o}@corpus.example\nhours:\n  - [Montag, \"09:00–12:00\"]\n  - [Dienstag, geschlossen]\n  - [Mittwoch, \"09:00–12:00\"]\n  - [Donnerstag, \"14:00–16:00\"]\n  - [Freitag, geschlossen]\n  - [Samstag, geschlossen]\n  - [Sonntag, geschlossen]\n---\n\nBeratung für die Bezirke {} und {}.\n",
                    o * 2,
                    o * 2 + 1,
                    o * 2,
                    o * 2 + 1
                ),
            )?;
        }
    }
    for d in 0..spec.districts {
        let mut partners = String::new();
        for (p, category) in ["kita", "school", "sports"].iter().enumerate() {
            let _ = writeln!(
                partners,
                "- name: Partner {d}-{p}\n  category: {category}\n  offer: Angebot von Partner {d}-{p} im Bezirk {d}."
            );
        }
        write(&format!("data/partners/district-{d}.yaml"), &partners)?;
    }
    for (path, text) in HUGO_LAYOUTS {
        write(&format!("layouts/{path}"), text)?;
    }
    write(
        "static/assets/site.css",
        "body{font-family:sans-serif;margin:0 auto;max-width:60rem;padding:0 1rem}table{border-collapse:collapse}\n",
    )?;
    Ok(())
}

/// The Hugo templates of [`write_hugo_site`].
const HUGO_LAYOUTS: [(&str, &str); 11] = [
    (
        "baseof.html",
        r##"<!doctype html>
<html lang="{{ site.Language.Lang }}" dir="{{ site.Language.LanguageDirection | default "ltr" }}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} – {{ site.Title }}</title>
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">{{ end }}
<link rel="stylesheet" href="/assets/site.css"></head>
<body><a class="skip" href="#main">Zum Inhalt</a>
<header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<nav aria-label="Sprache"><ul>{{ range .AllTranslations }}<li><a href="{{ .RelPermalink }}" lang="{{ .Language.Lang }}">{{ .Language.LanguageName }}</a></li>{{ end }}</ul></nav>
<nav aria-label="Menü"><ul><li><a href="{{ relLangURL "partners/" }}">Angebote</a></li><li><a href="{{ relLangURL "search/" }}">Suche</a></li></ul></nav></header>
<main id="main"><h1>{{ .Title }}</h1>{{ block "main" . }}{{ end }}</main>
<footer><ul>{{ range slice "about" "imprint" "privacy" "accessibility" }}<li><a href="{{ relLangURL (printf "%s/" .) }}">{{ . }}</a></li>{{ end }}</ul></footer>
</body></html>
"##,
    ),
    (
        "home.html",
        r##"{{ define "main" }}<ul class="districts">{{ range where site.RegularPages "Section" "districts" }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ delimit .Params.stadtteile ", " }}{{ with site.GetPage (printf "/offices/%s" .Params.office) }} · <a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</li>{{ end }}</ul>{{ end }}
"##,
    ),
    (
        "page.html",
        r##"{{ define "main" }}{{ .Content }}{{ end }}
"##,
    ),
    (
        "section.html",
        r##"{{ define "main" }}{{ end }}
"##,
    ),
    (
        "districts/page.html",
        r##"{{ define "main" }}<p>{{ delimit .Params.stadtteile ", " }}</p>
{{ with site.GetPage (printf "/offices/%s" .Params.office) }}{{ partial "office.html" . }}{{ end }}
<a href="{{ relLangURL (printf "leaflets/%s/" .File.ContentBaseName) }}">Handzettel</a>
<div class="guide">{{ .Content }}</div>
{{ partial "partners.html" (index site.Data.partners .File.ContentBaseName) }}{{ end }}
"##,
    ),
    (
        "offices/page.html",
        r##"{{ define "main" }}{{ partial "office.html" . }}{{ .Content }}{{ end }}
"##,
    ),
    (
        "leaflets/page.html",
        r##"{{ define "main" }}{{ $district := site.GetPage (printf "/districts/%s" .Params.district) }}
{{ with $district }}{{ $qr := images.QR .Permalink (dict "targetDir" "qr") }}<img src="{{ $qr.RelPermalink }}" width="{{ $qr.Width }}" height="{{ $qr.Height }}" alt="QR: {{ .Permalink }}">{{ end }}
{{ with site.GetPage (printf "/offices/%s" .Params.office) }}{{ partial "office.html" . }}{{ end }}
{{ partial "partners.html" (index site.Data.partners .Params.district) }}
<ul><li>112</li><li>110</li><li>116 117</li></ul>{{ end }}
"##,
    ),
    (
        "partners.html",
        r##"{{ define "main" }}{{ range $district, $partners := site.Data.partners }}{{ partial "partners.html" $partners }}{{ end }}{{ end }}
"##,
    ),
    (
        "search.html",
        r##"{{ define "main" }}<form><label>Suche <input type="search" name="q"></label></form>
<ul>{{ range site.RegularPages.ByTitle }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
"##,
    ),
    (
        "_partials/office.html",
        r##"<section class="office"><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p><bdi>{{ .Params.street }}</bdi>, {{ .Params.postcode }} Dortmund · <a href="tel:{{ .Params.phone }}" dir="ltr">{{ .Params.phone }}</a> · <a href="mailto:{{ .Params.email }}">{{ .Params.email }}</a></p>
<table><caption>Sprechzeiten</caption>{{ range .Params.hours }}<tr><th scope="row">{{ index . 0 }}</th><td dir="ltr">{{ index . 1 }}</td></tr>{{ end }}</table></section>
"##,
    ),
    (
        "_partials/partners.html",
        r##"{{ $cats := slice "kita" "school" "sports" }}{{ $partners := . }}{{ range $cats }}{{ $c := . }}{{ with where $partners "category" $c }}<section><h3>{{ $c }}</h3><ul>{{ range sort . "name" }}<li><strong>{{ .name }}</strong> {{ .offer }}</li>{{ end }}</ul></section>{{ end }}{{ end }}
"##,
    ),
];
