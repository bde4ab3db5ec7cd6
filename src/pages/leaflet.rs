//! The printable leaflet of a district: the reader's language beside German, with a QR code back to the district page.

use super::*;
use crate::content::{PrintedFacts, PrintedPlace};

/// One language column of a leaflet.
#[derive(Serialize)]
pub(super) struct LeafletColumn {
    pub(super) html_lang: String,
    /// The column's language in its own name: the two columns' landmarks differ by it.
    pub(super) endonym: String,
    pub(super) dir: &'static str,
    pub(super) district_name: TextView,
    pub(super) office: Option<tera::Value>,
    pub(super) categories: Vec<CategoryView>,
    pub(super) emergency: Vec<(TextView, TextView)>,
    pub(super) stand: String,
    pub(super) labels: BTreeMap<&'static str, String>,
}

/// UI strings a leaflet column needs, in its own language.
pub(super) const LEAFLET_LABELS: [&str; 18] = [
    "leaflet_headline",
    "leaflet_take_one",
    "your_office",
    "hours",
    "hours_unknown",
    "address",
    "transport",
    "hours_exceptions",
    "emergency_title",
    "leaflet_partners",
    "leaflet_stand",
    "leaflet_version",
    "closed",
    "phone",
    "email",
    "languages_spoken",
    "list_separator",
    "clause_separator",
];

/// The QR code of `url` as inline SVG, labelled for screen readers. The `fast_qr` crate encodes
/// (about a sixth of the time the `qrcode` crate took: a 10,000-page build went from 3.3 s to
/// 2.5 s); the path is written from its module matrix, one run of dark modules per `h` segment,
/// which is much faster and smaller than drawing every module.
pub(super) fn qr_svg(url: &str) -> std::sync::Arc<Qr> {
    // Encoding (choosing the mask) costs about 0.1 ms; a code depends only on its URL, which
    // stays the same between the rebuilds of `serve`, so each is made once per process.
    type Made = std::collections::HashMap<String, std::sync::Arc<Qr>>;
    static MADE: std::sync::OnceLock<std::sync::Mutex<Made>> = std::sync::OnceLock::new();
    let made = MADE.get_or_init(Default::default);
    if let Some(qr) = made.lock().ok().and_then(|m| m.get(url).cloned()) {
        return qr;
    }
    let qr = std::sync::Arc::new(encode_qr_svg(url));
    if let Ok(mut m) = made.lock() {
        if m.len() > 200_000 {
            m.clear();
        }
        m.insert(url.to_string(), qr.clone());
    }
    qr
}

/// A QR code drawn once per page: `svg` holds the modules in an element with the id
/// [`QR_ID`]; `copy` draws it again by reference (the leaflet's tear-off strips), a few bytes
/// instead of a second copy of the path.
pub(super) struct Qr {
    pub(super) svg: String,
    pub(super) copy: String,
}

pub(super) const QR_ID: &str = "qr-code";

pub(super) fn encode_qr_svg(url: &str) -> Qr {
    use std::fmt::Write as _;
    // Error correction M, as printed leaflets get creased and dirty.
    let Ok(code) = fast_qr::QRBuilder::new(url.as_bytes()).ecl(fast_qr::ECL::M).build() else {
        return Qr {
            svg: String::new(),
            copy: String::new(),
        };
    };
    let width = code.size;
    let dark = |x: usize, y: usize| code.data[y * width + x].value();
    let quiet = 4;
    let size = width + 2 * quiet;
    let mut path = String::with_capacity(width * width);
    for y in 0..width {
        let mut x = 0;
        while x < width {
            if dark(x, y) {
                let start = x;
                while x < width && dark(x, y) {
                    x += 1;
                }
                let _ = write!(path, "M{} {}h{}v1h-{}z", start + quiet, y + quiet, x - start, x - start);
            } else {
                x += 1;
            }
        }
    }
    Qr {
        svg: format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"QR: {}\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\"><g id=\"{QR_ID}\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></g></svg>",
            escape(url)
        ),
        copy: format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" aria-hidden=\"true\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\"><use href=\"#{QR_ID}\"/></svg>"
        ),
    }
}

pub(super) fn leaflet_column(l: &Localizer, content: &Content, d: &District, partners: &[&Partner]) -> LeafletColumn {
    let office = d.office.as_ref().and_then(|id| l.office_value(id));
    let partners = partners.iter().copied().filter(|p| p.on_leaflet);
    LeafletColumn {
        html_lang: l.lang.html_lang.clone(),
        endonym: l.lang.endonym.clone(),
        dir: l.lang.dir.as_str(),
        district_name: l.text(&d.name, false),
        office,
        categories: l.categories(content, partners),
        emergency: l
            .config
            .emergency_numbers
            .iter()
            .map(|e| (l.text(&e.label, false), l.ltr(&e.number)))
            .collect(),
        stand: format!("{} {}", l.date(l.today), l.today.year()),
        labels: LEAFLET_LABELS.iter().map(|k| (*k, l.ui(k))).collect(),
    }
}

/// The German column of a district's leaflet and the leaflet's version, computed once for all
/// languages. The version is the hash of what the leaflet says ([`PrintedFacts`]), not of the
/// day it was made: a leaflet printed today and one printed next month say the same.
pub(super) struct GermanLeaflet {
    pub(super) column: tera::Value,
    pub(super) version: String,
    /// What the leaflet says, in German: what a record of a printed copy keeps.
    pub(super) facts: PrintedFacts,
    /// The column's text blocks, full and dense, for the type size of the leaflets beside it.
    blocks: [Vec<Block>; 2],
}

/// The German column of every district's leaflet: taken from `kept` for the districts
/// `changed` does not name, made anew for the others.
pub(super) fn german_leaflets(
    german: &Localizer,
    content: &Content,
    partners_by_district: &BTreeMap<&str, Vec<&Partner>>,
    kept: &LeafletColumns,
    changed: &(dyn Fn(&str) -> bool + Sync),
) -> LeafletColumns {
    let districts: Vec<&District> = content.districts.values().collect();
    let columns = districts
        .par_iter()
        .map(|d| {
            if let Some(column) = kept.0.get(&d.id).filter(|_| !changed(&d.id)) {
                return (d.id.clone(), std::sync::Arc::clone(column));
            }
            let partners = partners_by_district.get(d.id.as_str()).map_or(&[][..], Vec::as_slice);
            let column = leaflet_column(german, content, d, partners);
            let facts = leaflet_facts(german, content, d, partners);
            let version = facts.version();
            (
                d.id.clone(),
                GermanLeaflet {
                    column: tera::Value::from_serializable(&column),
                    version,
                    facts,
                    blocks: [
                        leaflet_blocks(german, content, d, partners, false),
                        leaflet_blocks(german, content, d, partners, true),
                    ],
                }
                .into(),
            )
        })
        .collect();
    LeafletColumns(columns)
}

/// The German leaflet columns by district, shared (the preview keeps them between rebuilds
/// and makes again only those of the districts a change touches).
#[derive(Clone, Default)]
pub struct LeafletColumns(pub(super) BTreeMap<String, std::sync::Arc<GermanLeaflet>>);

/// What a district's leaflet says, in German: the office, its places with address and regular
/// week, phone and e-mail, the partners, closures still ahead, the emergency numbers.
pub(super) fn leaflet_facts(
    german: &Localizer,
    content: &Content,
    d: &District,
    partners: &[&Partner],
) -> PrintedFacts {
    let text = |t: &I18n| german.text(t, false).text;
    let office = d.office.as_ref().and_then(|id| content.offices.get(id));
    let mut closures: Vec<String> = Vec::new();
    let places = office
        .map(|o| {
            o.locations
                .iter()
                .map(|loc| {
                    let address = match &loc.address.postcode {
                        Some(code) => format!("{}, {code} {}", loc.address.street, loc.address.city),
                        None => format!("{}, {}", loc.address.street, loc.address.city),
                    };
                    for c in loc
                        .hours
                        .iter()
                        .flat_map(|h| &h.closures)
                        .filter(|c| c.to >= german.today)
                    {
                        let days = if c.from == c.to {
                            c.from.to_string()
                        } else {
                            format!("{}–{}", c.from, c.to)
                        };
                        let line = format!("{days}: {}", text(&c.reason));
                        if !closures.contains(&line) {
                            closures.push(line);
                        }
                    }
                    let hours = match (&loc.hours, german.facts_of(o, loc)) {
                        (Some(h), _) if h.temporarily_closed.is_some() => {
                            vec![h.temporarily_closed.as_ref().map(&text).unwrap_or_default()]
                        }
                        (_, Some(f)) => german
                            .week(f)
                            .into_iter()
                            .filter(|row| !row.slots.is_empty())
                            .map(|row| {
                                let slots: Vec<String> = row
                                    .slots
                                    .iter()
                                    .map(|s| match &s.note {
                                        Some(note) => format!("{}–{} {}", s.from, s.to, note.text),
                                        None => format!("{}–{} {}", s.from, s.to, s.mode),
                                    })
                                    .collect();
                                format!("{} {}", row.day, slots.join("; "))
                            })
                            .collect(),
                        _ => Vec::new(),
                    };
                    PrintedPlace {
                        name: text(&loc.name),
                        address,
                        hours,
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    closures.sort();
    PrintedFacts {
        office: office.map(|o| text(&o.name)),
        places,
        phone: office.and_then(|o| o.contact.phone.clone()),
        email: office.and_then(|o| o.contact.email.clone()),
        partners: partners
            .iter()
            .filter(|p| p.on_leaflet)
            .map(|p| text(&p.name))
            .collect(),
        closures,
        emergency: german
            .config
            .emergency_numbers
            .iter()
            .map(|e| format!("{}: {}", text(&e.label), e.number))
            .collect(),
    }
}

/// What changed between what a printed leaflet said and what it says now, as (UI string key,
/// the German name it is about). Closures that were printed and are over are no change; a new
/// closure is.
pub(super) fn leaflet_changes(then: &PrintedFacts, now: &PrintedFacts) -> Vec<(&'static str, String)> {
    let mut changes = Vec::new();
    if then.office != now.office {
        changes.push(("leaflet_change_office", now.office.clone().unwrap_or_default()));
    }
    for place in &now.places {
        match then.places.iter().find(|p| p.name == place.name) {
            None => changes.push(("leaflet_change_place_new", place.name.clone())),
            Some(old) => {
                if old.address != place.address {
                    changes.push(("leaflet_change_address", place.name.clone()));
                }
                if old.hours != place.hours {
                    changes.push(("leaflet_change_hours", place.name.clone()));
                }
            }
        }
    }
    for place in then
        .places
        .iter()
        .filter(|p| !now.places.iter().any(|n| n.name == p.name))
    {
        changes.push(("leaflet_change_place_gone", place.name.clone()));
    }
    if then.phone != now.phone {
        changes.push(("leaflet_change_phone", now.phone.clone().unwrap_or_default()));
    }
    if then.email != now.email {
        changes.push(("leaflet_change_email", now.email.clone().unwrap_or_default()));
    }
    for p in now.partners.iter().filter(|p| !then.partners.contains(p)) {
        changes.push(("leaflet_change_partner_new", p.clone()));
    }
    for p in then.partners.iter().filter(|p| !now.partners.contains(p)) {
        changes.push(("leaflet_change_partner_gone", p.clone()));
    }
    for c in now.closures.iter().filter(|c| !then.closures.contains(c)) {
        changes.push(("leaflet_change_closure", c.clone()));
    }
    if then.emergency != now.emergency {
        changes.push(("leaflet_change_emergency", String::new()));
    }
    changes
}

pub(super) fn leaflet_page(
    l: &Localizer,
    german: &GermanLeaflet,
    german_html_lang: &str,
    content: &Content,
    d: &District,
    partners: &[&Partner],
    with_pdf: bool,
) -> LocalizedPage {
    let suffix = routes::leaflet(&d.id);
    let name = l.text(&d.name, false);
    let title = format!("{}: {}", l.ui("leaflet_title"), name.text);
    let mut ctx = l.base_context(&suffix, &title, "leaflet");
    let bilingual = l.lang.html_lang != german_html_lang;
    let mut columns = vec![if l.lang.tag == l.config.default_language {
        german.column.clone()
    } else {
        tera::Value::from_serializable(&leaflet_column(l, content, d, partners))
    }];
    if bilingual {
        columns.push(german.column.clone());
    }
    // The QR code leads to this version's page, which says whether the leaflet is still up to
    // date when it is scanned months later, and links the district page.
    let page_url = l.absolute(&routes::leaflet_version(&d.id, &german.version));
    let qr = qr_svg(&page_url);
    ctx.insert("columns", &columns);
    ctx.insert("bilingual", &bilingual);
    ctx.insert("qr_svg", &qr.svg);
    // The German leaflet's column is the German one, measured once for all languages.
    let own = (l.lang.tag != l.config.default_language).then(|| {
        [
            leaflet_blocks(l, content, d, partners, false),
            leaflet_blocks(l, content, d, partners, true),
        ]
    });
    let own = own.as_ref().unwrap_or(&german.blocks);
    ctx.insert("fill", leaflet_fill(own, bilingual.then_some(&german.blocks)));
    ctx.insert("strip", &tear_off_strip(l, content, d, &page_url, &qr.copy));
    ctx.insert("district_page_abs", &page_url);
    ctx.insert("district_url", &l.url(&routes::district(&d.id)));
    ctx.insert("version", &german.version);
    ctx.insert(
        "pdf_url",
        &with_pdf.then(|| l.url(&routes::leaflet_pdf(&d.id, &l.lang.path))),
    );
    LocalizedPage {
        url: l.url(&suffix),
        lang: l.lang.tag.clone(),
        template: "leaflet.html",
        context: ctx,
        markdown_links: Vec::new(),
    }
}

/// How much a leaflet holds, as the type size of its print layout: `roomy` (large type for a
/// district with little to say), `normal`, or `dense` (body type at its 12 pt floor, partner
/// offers left to the web page). The stylesheet's sizes per class are the ones assumed here.
/// `own` and `german` are the text blocks of the reader's column and, on a bilingual leaflet, of
/// the German one, each full and dense.
fn leaflet_fill(own: &[Vec<Block>; 2], german: Option<&[Vec<Block>; 2]>) -> &'static str {
    let bilingual = german.is_some();
    // What one A4 page (272 mm inside the margins) leaves the columns: less the head (up to
    // 75 mm with a three-line headline), the strips (52 mm) and the "Stand" line. Measured in
    // Chromium, the estimate below is within about 10 % of the printed height (more for long
    // paragraphs in large type), so it must fit with a tenth to spare.
    let budget_mm = if bilingual { 145.0 } else { 155.0 } / 1.1;
    let column_mm = if bilingual { 89.0 } else { 186.0 };
    // The longer of the two columns decides.
    let fits = |pt: f64, dense: bool| {
        std::iter::once(own)
            .chain(german)
            .all(|blocks| column_height(&blocks[usize::from(dense)], pt, column_mm) <= budget_mm)
    };
    if fits(14.0, false) {
        "roomy"
    } else if fits(12.5, false) {
        "normal"
    } else {
        "dense"
    }
}

/// A block of a leaflet column: its width set on one line (in ems) and the space around it (mm).
struct Block {
    ems: f64,
    space_mm: f64,
}

/// The width of `text` in ems, in Noto Sans: Arabic letters are narrower than Latin ones,
/// Cyrillic and capitals wider.
fn ems(text: &str) -> f64 {
    text.chars()
        .map(|c| match c {
            ' ' => 0.26,
            '\u{0600}'..='\u{06FF}' | '\u{FB50}'..='\u{FEFF}' => 0.48,
            '\u{0400}'..='\u{04FF}' => 0.6,
            c if c.is_uppercase() => 0.66,
            _ => 0.55,
        })
        .sum()
}

/// The text blocks of a leaflet column in `l`'s language, in the order they are printed. A
/// `dense` leaflet runs the partners' names and the emergency numbers on as one paragraph each
/// and leaves the partners' offers out.
fn leaflet_blocks(l: &Localizer, content: &Content, d: &District, partners: &[&Partner], dense: bool) -> Vec<Block> {
    let width = |t: &I18n| ems(&l.text(t, false).text);
    let block = |ems: f64, space_mm: f64| Block { ems, space_mm };
    // A line of about `n` characters (labels, times, placeholders).
    let chars = |n: u32| block(f64::from(n) * 0.55, 0.0);
    let mut blocks = Vec::new();
    if let Some(o) = d.office.as_ref().and_then(|id| content.offices.get(id)) {
        // The box with its heading; phone and e-mail.
        blocks.push(block(ems(&l.ui("your_office")) + width(&o.name) + 1.0, 12.0));
        blocks.extend(o.status_note.as_ref().map(|n| block(width(n), 0.0)));
        blocks.push(chars(30));
        blocks.extend(o.contact.email.as_ref().map(|_| chars(30)));
        for loc in &o.locations {
            blocks.push(block(width(&loc.name), 2.5));
            blocks.push(chars(36));
            blocks.extend(loc.transport.as_ref().map(|t| block(width(t) + 10.0, 0.0)));
            blocks.extend(loc.hours_note.as_ref().map(|t| block(width(t), 0.0)));
            match l.facts_of(o, loc) {
                Some(f) => {
                    if !dense {
                        blocks.push(chars(15));
                    }
                    for day in f.resolved.week.iter().filter(|day| !day.is_empty()) {
                        blocks.push(chars(12 + 40 * day.len() as u32));
                    }
                    if !f.resolved.exceptions(super::localizer::EXCEPTION_DAYS).is_empty() {
                        blocks.push(chars(110));
                    }
                }
                None => blocks.push(chars(50)),
            }
        }
    }
    let on_leaflet: Vec<&&Partner> = partners.iter().filter(|p| p.on_leaflet).collect();
    if !on_leaflet.is_empty() {
        blocks.push(block(ems(&l.ui("leaflet_partners")), 4.0));
        if dense {
            blocks.push(block(on_leaflet.iter().map(|p| width(&p.name) + 1.5).sum(), 0.0));
        } else {
            let categories: std::collections::BTreeSet<_> = on_leaflet.iter().map(|p| p.category).collect();
            blocks.extend(categories.iter().map(|_| block(10.0, 2.0)));
            blocks.extend(
                on_leaflet
                    .iter()
                    .map(|p| block(width(&p.name) + 1.0 + width(&p.offer), 0.0)),
            );
        }
    }
    blocks.push(block(ems(&l.ui("emergency_title")), 4.0));
    let numbers = l.config.emergency_numbers.iter().map(|e| width(&e.label) + 4.0);
    if dense {
        blocks.push(block(numbers.sum(), 0.0));
    } else {
        blocks.extend(numbers.map(|ems| block(ems, 0.0)));
    }
    blocks
}

/// The printed height (mm) of `blocks` in a column `column_mm` wide at `pt` points, line
/// height 1.3.
fn column_height(blocks: &[Block], pt: f64, column_mm: f64) -> f64 {
    let em_mm = pt * 25.4 / 72.0;
    let per_line = column_mm / em_mm;
    blocks
        .iter()
        .map(|b| (b.ems / per_line).ceil().max(1.0) * em_mm * 1.3 + b.space_mm)
        .sum()
}

/// One strip to tear off the bottom of a printed leaflet: who, how to reach them, and the QR.
#[derive(Serialize)]
struct TearOffStrip {
    name: String,
    /// The phone number when it is known, otherwise the site's host name.
    contact: String,
    qr: String,
}

/// What each strip says; the template prints seven alike (they fit A4's width at a size a hand
/// can tear).
fn tear_off_strip(l: &Localizer, content: &Content, d: &District, page_url: &str, qr_copy: &str) -> TearOffStrip {
    let office = d.office.as_ref().and_then(|id| content.offices.get(id));
    // The name as the office's staff say it: German (the strip is shown at their door).
    let german = |t: &I18n| t.get(&l.config.default_language).cloned().unwrap_or_default();
    let name = office.map_or_else(|| german(&d.name), |o| german(&o.name));
    let phone = office
        .and_then(|o| o.contact.phone.as_ref())
        .filter(|p| !is_placeholder(p));
    // Without a phone number, the site's address: short enough for a strip, the QR has the rest.
    let contact = phone.cloned().unwrap_or_else(|| {
        let host = page_url.split_once("://").map_or(page_url, |(_, rest)| rest);
        host.split('/').next().unwrap_or(host).to_string()
    });
    TearOffStrip {
        name,
        contact,
        qr: qr_copy.to_string(),
    }
}

/// The page a printed leaflet's QR code leads to: this version is up to date, or what changed
/// since it was printed, with links to the district page and the current leaflet.
pub(super) fn leaflet_version_page(
    l: &Localizer,
    d: &District,
    version: &str,
    german: &GermanLeaflet,
    record: Option<&crate::validate::LeafletRecord>,
) -> Option<LocalizedPage> {
    let current = german.version == version;
    let said = match record {
        Some(r) => &r.said,
        None if current => &german.facts,
        None => return None,
    };
    let name = l.text(&d.name, false);
    let suffix = routes::leaflet_version(&d.id, version);
    let title = l
        .ui("leaflet_version_title")
        .replace("{district}", &name.text)
        .replace("{version}", version);
    let mut ctx = l.base_context(&suffix, &title, "leaflet-version");
    // The names are German (what the leaflet said): isolated and marked as such.
    let changes: Vec<String> = leaflet_changes(said, &german.facts)
        .into_iter()
        .map(|(key, about)| escape(&l.ui(key)).replace("{name}", &format!("<bdi lang=\"de\">{}</bdi>", escape(&about))))
        .collect();
    let mut printed: Vec<String> = record
        .map(|r| {
            r.printed
                .iter()
                .map(|(_, date)| format!("{} {}", l.date(*date), date.year()))
                .collect()
        })
        .unwrap_or_default();
    printed.dedup();
    ctx.insert("up_to_date", &changes.is_empty());
    ctx.insert("changes", &changes);
    ctx.insert("printed", &printed.join(&l.ui("list_separator")));
    ctx.insert("district_name", &name);
    ctx.insert("district_url", &l.url(&routes::district(&d.id)));
    ctx.insert("leaflet_url", &l.url(&routes::leaflet(&d.id)));
    ctx.insert("version", version);
    Some(LocalizedPage {
        url: l.url(&suffix),
        lang: l.lang.tag.clone(),
        template: "leaflet_version.html",
        context: ctx,
        markdown_links: Vec::new(),
    })
}
