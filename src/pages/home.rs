//! The home page, the partner directory, the search page and content pages.

use super::*;

pub(super) fn home_page(l: &Localizer, content: &Content) -> LocalizedPage {
    let title = l.ui("home_title");
    let mut ctx = l.base_context("", &title, "home");
    ctx.insert("description", &l.ui("home_intro"));
    let mut districts: Vec<DistrictSummary> = content
        .districts
        .values()
        .map(|d| {
            let office = d.office.as_ref().and_then(|id| content.offices.get(id));
            let (status, label) = office.map_or(("planned", String::new()), |o| l.status(o.status));
            DistrictSummary {
                id: d.id.clone(),
                url: l.url(&routes::district(&d.id)),
                name: l.text(&d.name, false),
                stadtteile: d.stadtteile.clone(),
                office: office.map(|o| LinkView {
                    url: l.url(&routes::office(&o.id)),
                    title: l.text(&o.name, false),
                }),
                office_status: status,
                office_status_label: label,
            }
        })
        .collect();
    l.sort_by_text(&mut districts, |d| d.name.text.clone());
    ctx.insert("districts", &districts);
    ctx.insert("journeys", &journey_links(l, content, &[]));
    if l.config.spoken_languages.contains_key(&l.lang.tag) {
        ctx.insert("advice_url", &l.url(&routes::spoken_language(&l.lang.tag)));
        ctx.insert("advice_title", &advice_title(l, &l.lang.tag));
    }
    ctx.insert("languages_url", &l.url(&routes::spoken_languages()));
    LocalizedPage {
        url: l.url(""),
        lang: l.lang.tag.clone(),
        template: "home.html",
        context: ctx,
        markdown_links: Vec::new(),
    }
}

pub(super) fn partners_page(l: &Localizer, content: &Content) -> LocalizedPage {
    let title = l.ui("partners_title");
    let mut ctx = l.base_context(&routes::partners(), &title, "partners");
    ctx.insert("description", &l.ui("partners_intro"));
    ctx.insert("partners_count", &l.plural("partners_count", content.partners.len()));
    ctx.insert("categories", &l.categories(content, content.partners.values()));
    LocalizedPage {
        url: l.url(&routes::partners()),
        lang: l.lang.tag.clone(),
        template: "partners.html",
        context: ctx,
        markdown_links: Vec::new(),
    }
}

/// The search page; without JavaScript it is an A–Z list of all pages and a list by district.
pub(super) fn search_page(l: &Localizer, content: &Content) -> LocalizedPage {
    let suffix = &routes::search();
    let title = l.ui("search_title");
    let mut ctx = l.base_context(suffix, &title, "search");
    let mut all: Vec<LinkView> = vec![
        LinkView {
            url: l.url(""),
            title: TextView::plain(l.ui("home_title")),
        },
        LinkView {
            url: l.url(&routes::partners()),
            title: TextView::plain(l.ui("partners_title")),
        },
    ];
    all.extend(content.districts.values().map(|d| LinkView {
        url: l.url(&routes::district(&d.id)),
        title: l.text(&d.name, false),
    }));
    all.extend(content.offices.values().map(|o| LinkView {
        url: l.url(&routes::office(&o.id)),
        title: l.text(&o.name, false),
    }));
    for p in content.pages.values() {
        all.push(LinkView {
            url: l.url(&format!("{}/", p.id)),
            title: l.page_title(p),
        });
    }
    l.sort_by_text(&mut all, |link| link.title.text.clone());
    let mut by_district: Vec<(LinkView, Option<LinkView>)> = content
        .districts
        .values()
        .map(|d| {
            let office = d
                .office
                .as_ref()
                .and_then(|id| content.offices.get(id))
                .map(|o| LinkView {
                    url: l.url(&routes::office(&o.id)),
                    title: l.text(&o.name, false),
                });
            (
                LinkView {
                    url: l.url(&routes::district(&d.id)),
                    title: l.text(&d.name, false),
                },
                office,
            )
        })
        .collect();
    l.sort_by_text(&mut by_district, |(d, _)| d.title.text.clone());
    let districts: Vec<(String, TextView)> = content
        .districts
        .values()
        .map(|d| (d.id.clone(), l.text(&d.name, false)))
        .collect();
    ctx.insert("az", &all);
    ctx.insert("by_district", &by_district);
    ctx.insert("district_options", &districts);
    LocalizedPage {
        url: l.url(suffix),
        lang: l.lang.tag.clone(),
        template: "search.html",
        context: ctx,
        markdown_links: Vec::new(),
    }
}

pub(super) fn content_page(l: &Localizer, p: &crate::validate::Page) -> Option<LocalizedPage> {
    let suffix = routes::page(&p.id);
    let doc = l.document(&p.versions, &suffix)?;
    let mut ctx = l.base_context(&suffix, &doc.title, "page");
    if let Some(summary) = doc.summary.as_ref().filter(|_| !doc.fallback) {
        ctx.insert("description", summary);
    }
    ctx.insert("doc", &doc);
    ctx.insert("draft", &p.versions.values().any(|d| d.draft));
    let links = guide_links(l, &p.versions);
    Some(LocalizedPage {
        url: l.url(&suffix),
        lang: l.lang.tag.clone(),
        template: "page.html",
        context: ctx,
        markdown_links: links,
    })
}
