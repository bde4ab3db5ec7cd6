//! The quick post-processing pass against the reference (lol_html) on every page of the default
//! site: it must take them all but the search pages (which use markup it leaves to the
//! reference pass), and read each exactly as the reference does: the same HTML out, the same
//! ids, links and search text. The second test does the same over thousands of
//! generated documents with the mistakes a site theme could make.

mod common;

use std::collections::BTreeSet;

use common::*;
use quartier::postprocess::{Collect, ProcessedPage, postprocess_quick, postprocess_reference};
use quartier::render::RenderedPage;

#[test]
fn the_quick_pass_reads_every_published_page_as_lol_html_does() {
    let options = quartier::BuildOptions {
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
        editorial: false,
        pdf: None,
        preview: false,
    };
    let Ok(build) = quartier::build_site(&repo(), &options) else {
        panic!("the default site does not build")
    };
    let languages: BTreeSet<String> = build
        .site
        .files
        .keys()
        .filter_map(|f| f.strip_suffix("/index.html").filter(|l| !l.contains('/')))
        .map(str::to_string)
        .collect();
    assert!(languages.len() >= 8, "languages: {languages:?}");
    let mut left = Vec::new();
    let mut pages = 0;
    for (file, bytes) in &build.site.files {
        if !file.ends_with(".html") {
            continue;
        }
        pages += 1;
        let page = RenderedPage {
            file: file.clone(),
            lang: file
                .contains('/')
                .then(|| file.split('/').next().unwrap_or_default().to_string()),
            html: String::from_utf8(bytes.to_vec()).unwrap(),
            markdown_links: Vec::new(),
        };
        for collect in [Collect::LinksAndIds, Collect::SearchText] {
            let reference = postprocess_reference(&page, &languages, collect).unwrap();
            let Some(quick) = postprocess_quick(&page, &languages, collect) else {
                left.push(file.clone());
                continue;
            };
            assert_eq!(quick.html, reference.html, "{file}: HTML");
            assert_eq!(quick.ids, reference.ids, "{file}: ids");
            assert_eq!(quick.duplicate_ids, reference.duplicate_ids, "{file}: duplicate ids");
            assert_eq!(quick.links, reference.links, "{file}: links");
            assert_eq!(quick.foreign_resources, reference.foreign_resources, "{file}: foreign");
            assert_eq!(quick.text, reference.text, "{file}: search text");
        }
    }
    assert!(pages > 500, "only {pages} pages");
    left.dedup();
    assert!(left.is_empty(), "pages left to the reference pass: {left:?}");
}

const TAGS: &[&str] = &[
    "main", "h1", "h2", "h3", "div", "p", "a", "link", "img", "script", "style", "title", "noscript", "svg", "g",
    "path", "use", "span", "head", "meta", "ul", "li", "br", "source", "iframe", "section", "textarea", "A", "MAIN",
    "Script", "circle", "option", "optgroup",
];
/// Tags the quick pass leaves to the reference pass (in `<svg>`, `desc` and `p` too).
const RARE_TAGS: &[&str] = &["math", "select", "template", "desc", "font"];
const NAMES: &[&str] = &[
    "id",
    "ID",
    "href",
    "src",
    "rel",
    "data-search-skip",
    "name",
    "content",
    "class",
    "HREF",
    "defer",
];
const VALUES: &[&str] = &[
    "a",
    "b",
    "/offices/x/",
    "/offices/x/#hours",
    "https://example.org/",
    "HTTPS://E.ORG",
    "//cdn.example/x.js",
    "#a",
    "#",
    "../y/",
    "y.html?q=1#b",
    "mailto:x@example.org",
    "tel:+49",
    "/assets/s.css",
    "/de/",
    "/ar/#top",
    "external",
    "alternate",
    "stylesheet",
    "description",
    "Description",
    "x\"y",
    "",
    "a b",
    "a&amp;b",
    "ü",
    "/index.html",
    "x>y",
];
const TEXTS: &[&str] = &[
    "Hallo",
    " ",
    "\n  ",
    "a &amp; b",
    "Straße",
    "مرحبا",
    "&lt;b&gt;",
    "x",
    "-->",
    "a>b",
    "<select id=\"s\" name=\"k\"><option value=\"\">Alle</option><option value=\"/x/\" selected>Büro</option></select>",
    "<select><optgroup label=\"G\"><option>a &amp; b</option></optgroup>\n<option id=\"o\">c</option></select>",
];

fn attribute(d: &mut Random, out: &mut String) {
    out.push_str(d.pick::<&str>(&[" ", "  ", "\n", "\t", "/", " / "]));
    out.push_str(d.pick::<&str>(NAMES));
    let value = *d.pick(VALUES);
    match d.below(6) {
        0 => {}
        1 => out.push_str(&format!("='{}'", value.replace('\'', ""))),
        2 => out.push_str(&format!("={}", value)),
        3 => out.push_str(&format!(" = \"{}\"", value.replace('"', ""))),
        _ => out.push_str(&format!("=\"{}\"", value.replace('"', "&quot;"))),
    }
}

/// A document of mostly well-formed HTML with the mistakes a theme could make.
fn document(d: &mut Random) -> String {
    let mut out = String::new();
    let mut open: Vec<&str> = Vec::new();
    if d.below(2) == 0 {
        out.push_str("<!DOCTYPE html>");
    }
    // Most documents are well-formed; now and then one has a mistake.
    let careless = d.below(3) == 0;
    for _ in 0..d.below(60) {
        match d.below(if careless { 14 } else { 10 }) {
            0..=3 => out.push_str(d.pick::<&str>(TEXTS)),
            4..=7 => {
                let tag = if careless && d.below(10) == 0 {
                    *d.pick(RARE_TAGS)
                } else {
                    *d.pick(TAGS)
                };
                out.push('<');
                out.push_str(tag);
                for _ in 0..d.below(4) {
                    attribute(d, &mut out);
                }
                let lower = tag.to_ascii_lowercase();
                let void = ["br", "img", "link", "meta", "source"].contains(&lower.as_str());
                let self_closing =
                    (void || ["g", "path", "use", "circle"].contains(&lower.as_str()) || careless) && d.below(3) == 0;
                out.push_str(if self_closing { "/>" } else { ">" });
                if ["script", "style", "title", "noscript", "textarea"].contains(&lower.as_str()) {
                    out.push_str(d.pick::<&str>(&["x = 1 < 2;", "<b>bold</b>", "</scr", "<!-- c -->", "a{b:c}", ""]));
                    if !careless || d.below(8) != 0 {
                        out.push_str(&format!("</{tag}>"));
                    }
                } else if !void && !self_closing && (!careless || d.below(5) != 0) {
                    open.push(tag);
                }
            }
            8 | 9 => {
                if let Some(tag) = open.pop() {
                    out.push_str(&format!("</{tag}{}>", d.pick(&["", "", " "])));
                }
            }
            10 | 11 => out.push_str(&format!("</{}>", d.pick(TAGS))),
            _ => out.push_str(d.pick::<&str>(&["<!-- note -->", "<!---->", "<!-->", "<![CDATA[x]]>", "<?x?>", "< p"])),
        }
    }
    while let Some(tag) = open.pop() {
        out.push_str(&format!("</{tag}>"));
    }
    out
}

fn same(quick: &ProcessedPage, reference: &ProcessedPage) -> bool {
    quick.html == reference.html
        && quick.ids == reference.ids
        && quick.duplicate_ids == reference.duplicate_ids
        && quick.links == reference.links
        && quick.foreign_resources == reference.foreign_resources
        && quick.text.title == reference.text.title
        && quick.text.headings == reference.text.headings
        && quick.text.body == reference.text.body
        && quick.text.summary == reference.text.summary
}

#[test]
fn the_quick_pass_agrees_with_lol_html_on_every_page_it_takes() {
    let languages: BTreeSet<String> = ["de", "ar"].iter().map(|s| s.to_string()).collect();
    let mut dice = Random(0x5eed_cafe_f00d);
    let mut taken = 0;
    let documents = 4000;
    for n in 0..documents {
        let html = document(&mut dice);
        for (file, lang) in [("de/offices/x/index.html", Some("de")), ("404.html", None)] {
            let page = RenderedPage {
                file: file.into(),
                lang: lang.map(str::to_string),
                html: html.clone(),
                markdown_links: Vec::new(),
            };
            for collect in [Collect::LinksAndIds, Collect::SearchText] {
                let Some(quick) = postprocess_quick(&page, &languages, collect) else {
                    continue;
                };
                taken += 1;
                let reference = postprocess_reference(&page, &languages, collect);
                let agrees = reference.as_ref().is_ok_and(|r| same(&quick, r));
                assert!(
                    agrees,
                    "document {n} ({file}, {collect:?}) read differently:\n{html}\nquick: {:?}\nreference: {:?}",
                    (
                        &quick.html,
                        &quick.ids,
                        &quick.links,
                        &quick.text.body,
                        &quick.text.title
                    ),
                    reference.map(|r| (r.html, r.ids, r.links, r.text.body, r.text.title))
                );
            }
        }
    }
    // The generator's mistakes must leave enough pages to the quick pass to test it.
    assert!(
        taken > documents,
        "the quick pass took only {taken} of {} readings",
        documents * 4
    );
}

/// A `<select>` is read quickly while it holds options and option groups alone, each closed;
/// anything else in it is left to the reference pass, which follows the parser's rules there.
#[test]
fn a_select_the_quick_pass_does_not_follow_goes_to_the_reference_pass() {
    let languages: BTreeSet<String> = ["de"].iter().map(|s| s.to_string()).collect();
    let page = |body: &str| RenderedPage {
        file: "de/search/index.html".into(),
        lang: Some("de".into()),
        html: format!(
            "<!DOCTYPE html><html><head><title>T</title></head><body><main><h1>S</h1>{body}</main></body></html>"
        ),
        markdown_links: Vec::new(),
    };
    let followed =
        "<select id=\"k\"><option value=\"\">Alle</option><optgroup label=\"G\"><option>B</option></optgroup></select>";
    assert!(postprocess_quick(&page(followed), &languages, Collect::SearchText).is_some());
    for left in [
        "<select><option>a<option>b</option></select>",
        "<select><option>a</select>",
        "<select><p>x</p></select>",
        "<select><select></select></select>",
        "<svg><select></select></svg>",
        "<select/>",
    ] {
        assert!(
            postprocess_quick(&page(left), &languages, Collect::SearchText).is_none(),
            "{left} was read by the quick pass"
        );
    }
}
