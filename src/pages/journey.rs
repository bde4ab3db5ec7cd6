//! Journeys in the step-by-step pattern: the journey page (the district still to choose), its
//! version for one district (the district's office and partners named in each step), and the
//! printable checklist of that version, the reader's language beside German.

use super::*;
use crate::content::StepJoin;
use crate::validate::{Journey, Step, StepText};

/// The UI strings a checklist prints in German beside the reader's language.
const CHECKLIST_LABELS: [&str; 6] = [
    "journey_checklist",
    "journey_bring",
    "journey_where",
    "journey_done",
    "your_office",
    "hours",
];

/// One step as templates see it.
#[derive(Serialize)]
struct StepView {
    id: String,
    /// The step's number (steps joined with "and"/"or" share their first step's).
    number: usize,
    /// `and`, `or`, or empty.
    join: &'static str,
    /// "and", "or" in the reader's language, or empty.
    join_label: String,
    title: String,
    title_html: String,
    html: String,
    /// The section is shown in another language (not translated yet).
    html_lang: String,
    dir: &'static str,
    fallback: bool,
    place: Option<TextView>,
    bring: Vec<TextView>,
    partners: Vec<LinkView>,
    /// German beside the reader's language (the checklist).
    german_title: String,
    german_place: Option<String>,
    german_bring: Vec<String>,
}

/// Numbers the steps: a step joined to the one before shares its number.
fn step_numbers(steps: &[Step]) -> Vec<usize> {
    let mut number = 0;
    steps
        .iter()
        .map(|s| {
            if s.with_previous.is_none() || number == 0 {
                number += 1;
            }
            number
        })
        .collect()
}

/// The section of a step in the reader's language or the first along the fallback chain.
fn section<'j>(l: &Localizer, j: &'j Journey, step: &str) -> Option<(&'j str, &'j StepText)> {
    l.chain()
        .find_map(|tag| {
            let (tag, sections) = j.sections.get_key_value(tag)?;
            sections.get(step).map(|s| (tag.as_str(), s))
        })
        .or_else(|| {
            let (tag, sections) = j.sections.get_key_value(&l.config.default_language)?;
            sections.get(step).map(|s| (tag.as_str(), s))
        })
}

fn step_views(l: &Localizer, content: &Content, j: &Journey, district: Option<&District>) -> Vec<StepView> {
    let german = |t: &I18n| t.get(&l.config.default_language).cloned().unwrap_or_default();
    let german_sections = j.sections.get(&l.config.default_language);
    j.steps
        .iter()
        .zip(step_numbers(&j.steps))
        .map(|(s, number)| {
            let (tag, text) = section(l, j, &s.id).unzip();
            let lang = tag.and_then(|t| l.config.language(t)).unwrap_or(l.lang);
            let mut partners: Vec<&Partner> = s.partners.iter().filter_map(|id| content.partners.get(id)).collect();
            if let Some(d) = district {
                partners.extend(content.partners.values().filter(|p| {
                    s.partner_categories.contains(&p.category)
                        && p.districts.contains(&d.id)
                        && !s.partners.contains(&p.id)
                }));
            }
            let join = match s.with_previous {
                Some(StepJoin::And) => "and",
                Some(StepJoin::Or) => "or",
                None => "",
            };
            StepView {
                id: s.id.clone(),
                number,
                join,
                join_label: if join.is_empty() {
                    String::new()
                } else {
                    l.ui(&format!("journey_{join}"))
                },
                title: text.map(|t| t.title.clone()).unwrap_or_default(),
                title_html: text.map(|t| t.title_html.clone()).unwrap_or_default(),
                html: text.map(|t| t.html.clone()).unwrap_or_default(),
                html_lang: lang.html_lang.clone(),
                dir: lang.dir.as_str(),
                fallback: lang.tag != l.lang.tag,
                place: s.place.as_ref().map(|p| l.text(p, false)),
                bring: s.bring.iter().map(|b| l.text(b, false)).collect(),
                partners: partners
                    .into_iter()
                    .map(|p| LinkView {
                        url: format!("{}#partner-{}", l.url(&routes::partners()), p.id),
                        title: l.text(&p.name, false),
                    })
                    .collect(),
                german_title: german_sections
                    .and_then(|g| g.get(&s.id))
                    .map(|t| t.title.clone())
                    .unwrap_or_default(),
                german_place: s.place.as_ref().map(german),
                german_bring: s.bring.iter().map(german).collect(),
            }
        })
        .collect()
}

/// The districts to choose from, in the reader's alphabetical order, linking to the journey's
/// version for each.
fn district_choices(l: &Localizer, content: &Content, j: &Journey) -> Vec<LinkView> {
    let mut choices: Vec<LinkView> = content
        .districts
        .values()
        .map(|d| LinkView {
            url: l.url(&routes::journey_in(&j.id, &d.id)),
            title: l.text(&d.name, false),
        })
        .collect();
    l.sort_by_text(&mut choices, |c| c.title.text.clone());
    choices
}

/// A journey as other pages link to it.
#[derive(Serialize)]
pub(super) struct JourneyLinkView {
    url: String,
    title: TextView,
    /// The summary, in the reader's language only.
    summary: Option<String>,
    /// The journey's versions for some districts (an office's).
    districts: Vec<LinkView>,
}

/// Links to every journey for the home, district and office pages: for `districts` (one: the
/// link goes to its version; several: each is linked beside the journey).
pub(super) fn journey_links(l: &Localizer, content: &Content, districts: &[String]) -> Vec<JourneyLinkView> {
    content
        .journeys
        .values()
        .map(|j| {
            let version = |d: &String| LinkView {
                url: l.url(&routes::journey_in(&j.id, d)),
                title: content
                    .districts
                    .get(d)
                    .map_or_else(|| TextView::plain(d.clone()), |d| l.text(&d.name, false)),
            };
            let summary = j.versions.get(&l.lang.tag).and_then(|doc| doc.summary.clone());
            match districts {
                [one] => JourneyLinkView {
                    url: l.url(&routes::journey_in(&j.id, one)),
                    title: l.versions_title(&j.versions),
                    summary,
                    districts: Vec::new(),
                },
                _ => JourneyLinkView {
                    url: l.url(&routes::journey(&j.id)),
                    title: l.versions_title(&j.versions),
                    summary,
                    districts: districts.iter().map(version).collect(),
                },
            }
        })
        .collect()
}

/// The journey page, for every district (`district: None`: the reader chooses theirs first)
/// or for one district, naming its office and partners in each step.
pub(super) fn journey_page(
    l: &Localizer,
    content: &Content,
    j: &Journey,
    district: Option<&District>,
) -> Option<LocalizedPage> {
    let suffix = match district {
        Some(d) => routes::journey_in(&j.id, &d.id),
        None => routes::journey(&j.id),
    };
    let doc = l.document(&j.versions, &suffix)?;
    let district_name = district.map(|d| l.text(&d.name, false));
    let title = match &district_name {
        Some(name) => fitting_title(vec![format!("{} – {}", doc.title, name.text), doc.title.clone()]),
        None => doc.title.clone(),
    };
    let mut ctx = l.base_context(&suffix, &title, "journey");
    if let Some(summary) = doc.summary.as_ref().filter(|_| !doc.fallback) {
        ctx.insert("description", summary);
    }
    ctx.insert("draft", &j.draft);
    ctx.insert("steps", &step_views(l, content, j, district));
    ctx.insert("doc", &doc);
    ctx.insert("journey_url", &l.url(&routes::journey(&j.id)));
    match district {
        Some(d) => {
            ctx.insert("district_name", &district_name);
            ctx.insert("district_url", &l.url(&routes::district(&d.id)));
            ctx.insert("checklist_url", &l.url(&routes::checklist(&j.id, &d.id)));
            if let Some(v) = d.office.as_ref().and_then(|id| l.office_value(id)) {
                ctx.insert_value("office", v);
            }
        }
        None => ctx.insert("choices", &district_choices(l, content, j)),
    }
    let links = j
        .versions
        .get(&doc.lang)
        .map(|d| vec![(d.file.clone(), d.links.clone())])
        .unwrap_or_default();
    Some(LocalizedPage {
        url: l.url(&suffix),
        lang: l.lang.tag.clone(),
        template: "journey.html",
        context: ctx,
        markdown_links: links,
    })
}

/// The checklist of a journey for one district: each step with boxes to tick for what to bring,
/// in the reader's language and German, the district's office with its hours, and a QR code back
/// to the journey's page for the district.
pub(super) fn checklist_page(
    l: &Localizer,
    german: &Localizer,
    content: &Content,
    j: &Journey,
    d: &District,
    with_pdf: bool,
) -> Option<LocalizedPage> {
    let suffix = routes::checklist(&j.id, &d.id);
    let doc = l.document(&j.versions, &suffix)?;
    let german_doc = j.versions.get(&l.config.default_language)?;
    let name = l.text(&d.name, false);
    // Browsers cut titles after about 70 characters: the journey's title only if it fits.
    let label = l.ui("journey_checklist");
    let title = fitting_title(vec![
        format!("{label}: {} – {}", doc.title, name.text),
        format!("{label}: {}", name.text),
        name.text.clone(),
    ]);
    let mut ctx = l.base_context(&suffix, &title, "checklist");
    let german_html_lang = german.lang.html_lang.as_str();
    let bilingual = l.lang.html_lang != german_html_lang;
    ctx.insert("bilingual", &bilingual);
    ctx.insert("german_html_lang", german_html_lang);
    ctx.insert("doc", &doc);
    ctx.insert("german_title", &german_doc.title);
    ctx.insert("district_name", &name);
    ctx.insert(
        "german_district_name",
        &d.name.get(&l.config.default_language).cloned().unwrap_or_default(),
    );
    let german_labels: BTreeMap<&str, String> = CHECKLIST_LABELS.iter().map(|k| (*k, german.ui(k))).collect();
    ctx.insert("de", &german_labels);
    ctx.insert("steps", &step_views(l, content, j, Some(d)));
    if let Some(v) = d.office.as_ref().and_then(|id| l.office_value(id)) {
        ctx.insert_value("office", v);
    }
    let page_url = l.absolute(&routes::journey_in(&j.id, &d.id));
    ctx.insert("qr_svg", &qr_svg(&page_url).svg);
    ctx.insert("journey_page_abs", &page_url);
    ctx.insert("journey_url", &l.url(&routes::journey_in(&j.id, &d.id)));
    ctx.insert("stand", &format!("{} {}", l.date(l.today), l.today.year()));
    ctx.insert(
        "pdf_url",
        &with_pdf.then(|| l.url(&routes::checklist_pdf(&j.id, &d.id, &l.lang.path))),
    );
    Some(LocalizedPage {
        url: l.url(&suffix),
        lang: l.lang.tag.clone(),
        template: "checklist.html",
        context: ctx,
        markdown_links: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(id: &str, with_previous: Option<StepJoin>) -> Step {
        Step {
            id: id.into(),
            with_previous,
            place: None,
            partners: Vec::new(),
            partner_categories: Vec::new(),
            bring: Vec::new(),
        }
    }

    #[test]
    fn joined_steps_share_their_number() {
        let steps = [
            step("a", None),
            step("b", Some(StepJoin::And)),
            step("c", None),
            step("d", Some(StepJoin::Or)),
            step("e", Some(StepJoin::Or)),
            step("f", None),
        ];
        assert_eq!(step_numbers(&steps), vec![1, 1, 2, 2, 2, 3]);
    }
}
