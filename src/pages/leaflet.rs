//! The printable leaflet of a district: the reader's language beside German, with a QR code back to the district page.

use super::*;

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
pub(super) const LEAFLET_LABELS: [&str; 16] = [
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
pub(super) fn qr_svg(url: &str) -> String {
    // Encoding (choosing the mask) costs about 0.1 ms; a code depends only on its URL, which
    // stays the same between the rebuilds of `serve`, so each is made once per process.
    static MADE: std::sync::OnceLock<std::sync::Mutex<std::collections::HashMap<String, std::sync::Arc<str>>>> =
        std::sync::OnceLock::new();
    let made = MADE.get_or_init(Default::default);
    if let Some(svg) = made.lock().ok().and_then(|m| m.get(url).cloned()) {
        return svg.to_string();
    }
    let svg = encode_qr_svg(url);
    if let Ok(mut m) = made.lock() {
        if m.len() > 200_000 {
            m.clear();
        }
        m.insert(url.to_string(), std::sync::Arc::from(svg.as_str()));
    }
    svg
}

pub(super) fn encode_qr_svg(url: &str) -> String {
    use std::fmt::Write as _;
    // Error correction M, as printed leaflets get creased and dirty.
    let Ok(code) = fast_qr::QRBuilder::new(url.as_bytes()).ecl(fast_qr::ECL::M).build() else {
        return String::new();
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
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"QR: {}\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>",
        escape(url)
    )
}

pub(super) fn leaflet_column(l: &Localizer, content: &Content, d: &District, partners: &[&Partner]) -> LeafletColumn {
    let office = d.office.as_ref().and_then(|id| l.values.offices.get(id)).cloned();
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
/// languages. The version is a hash of what the German column says.
pub(super) struct GermanLeaflet {
    pub(super) column: tera::Value,
    pub(super) version: String,
}

pub(super) fn german_leaflets(
    german: &Localizer,
    content: &Content,
    partners_by_district: &BTreeMap<&str, Vec<&Partner>>,
) -> BTreeMap<String, GermanLeaflet> {
    let districts: Vec<&District> = content.districts.values().collect();
    districts
        .par_iter()
        .map(|d| {
            let partners = partners_by_district.get(d.id.as_str()).map_or(&[][..], Vec::as_slice);
            let column = leaflet_column(german, content, d, partners);
            // Hash plain structs, not template values: those are maps in hash order.
            let office = d
                .office
                .as_ref()
                .and_then(|id| content.offices.get(id))
                .map(|o| german.office(content, o));
            let json = serde_json::to_string(&(
                &column.district_name,
                &office,
                &column.categories,
                &column.emergency,
                &column.stand,
            ))
            .unwrap_or_default();
            let version = crate::validate::content_hash(&json)[..8].to_string();
            (
                d.id.clone(),
                GermanLeaflet {
                    column: tera::Value::from_serializable(&column),
                    version,
                },
            )
        })
        .collect()
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
    let page_url = l.absolute(&routes::district(&d.id));
    ctx.insert("columns", &columns);
    ctx.insert("bilingual", &bilingual);
    ctx.insert("qr_svg", &qr_svg(&page_url));
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
