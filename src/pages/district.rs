//! The district page: its office, its guide and its partners.

use super::*;

pub(super) fn district_page(l: &Localizer, content: &Content, d: &District, partners: &[&Partner]) -> LocalizedPage {
    let suffix = routes::district(&d.id);
    let name = l.text(&d.name, false);
    let guide = l.document(&d.guide, &suffix);
    // The guide's own title ("Ankommen in Eving") names the page in the browser tab, bookmarks
    // and search engines, when the guide is in the reader's language.
    let page_title = guide
        .as_ref()
        .filter(|g| !g.fallback)
        .map_or_else(|| name.text.clone(), |g| g.title.clone());
    let mut ctx = l.base_context(&suffix, &page_title, "district");
    ctx.insert("district_name", &name);
    ctx.insert("draft", &(d.draft || d.guide.values().any(|g| g.draft)));
    ctx.insert("leaflet_url", &l.url(&routes::leaflet(&d.id)));
    ctx.insert("stadtteile", &d.stadtteile);
    if let Some(v) = d.office.as_ref().and_then(|id| l.office_value(id)) {
        ctx.insert_value("office", v);
    }
    // The guide's summary, or the office's description, in the reader's language.
    let office = d.office.as_ref().and_then(|id| content.offices.get(id));
    let description = guide
        .as_ref()
        .filter(|g| !g.fallback)
        .and_then(|g| g.summary.clone())
        .or_else(|| office.and_then(|o| o.description.as_ref()).and_then(|t| l.own_text(t)));
    if let Some(description) = description {
        ctx.insert("description", &description);
    }
    ctx.insert("guide", &guide);
    ctx.insert("journeys", &journey_links(l, content, std::slice::from_ref(&d.id)));
    ctx.insert("partners_count", &l.plural("partners_count", partners.len()));
    ctx.insert("categories", &l.categories(content, partners.iter().copied()));
    let links = guide_links(l, &d.guide);
    LocalizedPage {
        url: l.url(&suffix),
        lang: l.lang.tag.clone(),
        template: "district.html",
        context: ctx,
        markdown_links: links,
    }
}

pub(super) fn guide_links(
    l: &Localizer,
    versions: &BTreeMap<String, Document>,
) -> Vec<(PathBuf, std::sync::Arc<[SourceLink]>)> {
    l.chain()
        .find_map(|t| versions.get(t))
        .map(|doc| vec![(doc.file.clone(), doc.links.clone())])
        .unwrap_or_default()
}
