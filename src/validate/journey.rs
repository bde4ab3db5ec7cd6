//! Journeys: `journey.yaml` (the steps in order: where to go, who helps, what to bring) and
//! one Markdown file per language whose `## Title {#step-id}` sections are the steps' texts.

use super::*;

/// The `## ` headings of a Markdown body outside fenced code: (line in the file, the explicit
/// `{#id}` if written, the heading text). For the positions of section errors.
fn step_headings(body: &str, line_offset: usize) -> Vec<(usize, Option<String>, String)> {
    let mut fence: Option<&str> = None;
    let mut found = Vec::new();
    for (i, line) in body.lines().enumerate() {
        let trimmed = line.trim_start();
        for marker in ["```", "~~~"] {
            if trimmed.starts_with(marker) {
                fence = match fence {
                    None => Some(marker),
                    Some(open) if open == marker => None,
                    open => open,
                };
            }
        }
        if fence.is_some() {
            continue;
        }
        let Some(rest) = line.strip_prefix("## ") else {
            continue;
        };
        let rest = rest.trim_end();
        let (title, id) = match rest.rfind("{#") {
            Some(at) if rest.ends_with('}') => (
                rest[..at].trim_end().to_string(),
                Some(rest[at + 2..rest.len() - 1].trim().to_string()),
            ),
            _ => (rest.to_string(), None),
        };
        found.push((line_offset + i + 1, id, title));
    }
    found
}

/// Splits rendered HTML at its `<h2>` headings: the intro before the first, then (id, title
/// HTML, body HTML) for each. Raw HTML never reaches rendered Markdown (it is escaped), so every
/// `<h2 id="` is a heading.
pub(super) fn split_sections(html: &str) -> (String, Vec<(String, String, String)>) {
    let mut parts = html.split("<h2 id=\"");
    let intro = parts.next().unwrap_or("").to_string();
    let sections = parts
        .filter_map(|part| {
            let (id, rest) = part.split_once("\">")?;
            let (title, body) = rest.split_once("</h2>")?;
            Some((
                id.to_string(),
                title.to_string(),
                body.trim_start_matches('\n').to_string(),
            ))
        })
        .collect();
    (intro, sections)
}

/// Checks one `journey.yaml`; its texts are checked in [`check_journey_texts`].
pub(super) fn check_journey(
    loaded: &Loaded<RawJourney>,
    partner_ids: &BTreeSet<String>,
    config: &SiteConfig,
    diags: &mut Diagnostics,
) -> Vec<Step> {
    let j = &loaded.value;
    let mut c = FileCheck::of(loaded, config, diags);
    if j.steps.is_empty() {
        c.error(
            "steps",
            "the journey has no steps",
            "list the steps under `steps:`, each with `- id: …` (see the README's journey example)",
        );
    }
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, step) in j.steps.iter().enumerate() {
        let at = |key: &str| format!("steps.{i}.{key}");
        if !crate::content::is_valid_id(&step.id) {
            c.error(
                &at("id"),
                format!("`{}` is not a valid step id", step.id),
                format!(
                    "ids use lowercase letters a–z, digits and `-` only, e.g. `{}`; the Markdown sections name it as `## Title {{#id}}`",
                    crate::content::suggest_id(&step.id)
                ),
            );
        } else if let Some(first) = seen.insert(&step.id, i) {
            c.error(
                &at("id"),
                format!("step id `{}` is used twice (also step {})", step.id, first + 1),
                "give each step its own id",
            );
        }
        if i == 0 && step.with_previous.is_some() {
            c.error(
                &at("with_previous"),
                "the first step has no step before it to go with",
                "delete `with_previous:` here",
            );
        }
        c.i18n_opt(&at("place"), &step.place);
        for (k, bring) in step.bring.iter().enumerate() {
            c.i18n(&format!("steps.{i}.bring.{k}"), bring);
        }
        for (k, partner) in step.partners.iter().enumerate() {
            if !partner_ids.contains(partner) {
                c.error(
                    &format!("steps.{i}.partners.{k}"),
                    format!("unknown partner `{partner}`"),
                    format!(
                        "use the file name (without .yaml) of a partner in content/partners/: {}",
                        closest(partner, partner_ids)
                    ),
                );
            }
        }
    }
    j.steps
        .iter()
        .map(|s| Step {
            id: s.id.clone(),
            with_previous: s.with_previous,
            place: s.place.clone(),
            partners: s.partners.clone(),
            partner_categories: s.partner_categories.clone(),
            bring: s.bring.clone(),
        })
        .collect()
}

/// Checks the Markdown text of a journey in one language against its steps and splits it:
/// the intro becomes the document's HTML, each `## Title {#id}` section a step's text.
pub(super) fn check_journey_text(
    md: &LoadedMarkdown,
    mut doc: Document,
    steps: &[Step],
    config: &SiteConfig,
    diags: &mut Diagnostics,
) -> (Document, BTreeMap<String, StepText>) {
    let is_source = md.lang == config.default_language;
    // The steps' valid ids in order, each once (journey.yaml's own errors are reported there).
    let mut order: Vec<&str> = Vec::new();
    for s in steps {
        if crate::content::is_valid_id(&s.id) && !order.contains(&s.id.as_str()) {
            order.push(&s.id);
        }
    }
    let ids: BTreeSet<String> = order.iter().map(|s| s.to_string()).collect();
    let headings = step_headings(&md.body, md.body_line_offset);
    let mut written = BTreeSet::new();
    for (line, id, title) in &headings {
        let at = Some(Position::new(*line, 1));
        match id {
            None => diags.push(
                Diagnostic::error(
                    &md.file,
                    at,
                    format!("the section `## {title}` does not say which step it is"),
                )
                .with_help(format!(
                    "end the heading with the step's id from journey.yaml, e.g. `## {title} {{#{}}}`; steps: {}",
                    steps
                        .iter()
                        .map(|s| s.id.as_str())
                        .find(|s| !written.contains(*s))
                        .unwrap_or("id"),
                    steps.iter().map(|s| s.id.as_str()).collect::<Vec<_>>().join(", ")
                )),
            ),
            Some(id) if !ids.contains(id) => diags.push(
                Diagnostic::error(&md.file, at, format!("`{id}` is not a step of this journey"))
                    .with_help(format!("use the id of a step in journey.yaml: {}", closest(id, &ids))),
            ),
            Some(id) if !written.insert(id.clone()) => diags.push(
                Diagnostic::error(&md.file, at, format!("step `{id}` has two sections in this file"))
                    .with_help("join the two sections into one"),
            ),
            Some(_) => {}
        }
    }
    let missing: Vec<&str> = order.iter().copied().filter(|id| !written.contains(*id)).collect();
    if !missing.is_empty() {
        let message = format!("no section for the step(s) {}", missing.join(", "));
        let help = format!(
            "add a section per step: a line `## <title> {{#{}}}` followed by its text",
            missing[0]
        );
        let d = if is_source {
            Diagnostic::error(&md.file, None, message)
        } else {
            Diagnostic::warning(
                &md.file,
                None,
                format!("{message}: readers see the German text of these steps"),
            )
        };
        diags.push(d.with_help(help));
    }
    let (intro, sections) = split_sections(&doc.html);
    let steps = sections
        .into_iter()
        .filter(|(id, _, _)| ids.contains(id))
        .map(|(id, title_html, html)| {
            // The title as text, without the Markdown's `**` and the like.
            let title = crate::html::text_of_html(&title_html).trim().to_string();
            (
                id,
                StepText {
                    title,
                    title_html,
                    html,
                },
            )
        })
        .collect();
    doc.html = intro.into();
    (doc, steps)
}
