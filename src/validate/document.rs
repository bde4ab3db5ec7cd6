//! Markdown documents (guides and pages), review dates, and translation completeness.

use super::*;

pub(super) fn document(
    md: &LoadedMarkdown,
    rendered: (markdown::RenderedMarkdown, Vec<Diagnostic>),
    config: &SiteConfig,
    diags: &mut Diagnostics,
) -> Document {
    let (rendered, problems) = rendered;
    for p in problems {
        diags.push(p);
    }
    let is_source = md.lang == config.default_language;
    let mut c = FileCheck {
        file: &md.file,
        positions: &md.front_positions,
        config,
        diags,
    };
    if crate::content::is_blank(&md.front.title) {
        c.error(
            "title",
            format!("the title is empty{}", blank_detail(&md.front.title)),
            "write the page title after `title:`",
        );
    }
    if !is_source && md.front.translation.is_none() {
        c.error(
            "title",
            "a translation must say who made it",
            "add `translation: human`, `translation: machine` or `translation: machine-reviewed` to the front matter",
        );
    }
    if !md.front.titles.is_empty() {
        if is_source {
            for (tag, title) in &md.front.titles {
                if *tag == config.default_language {
                    c.error(
                        &format!("titles.{tag}"),
                        format!("`{tag}` is the language of this file: its title is `title:`"),
                        format!("delete the line `{tag}:` under `titles:`"),
                    );
                } else if c.config.language(tag).is_none() {
                    c.error(
                        &format!("titles.{tag}"),
                        format!("`{tag}` is not a configured language"),
                        format!(
                            "{}; titles can be given for: {}",
                            crate::config::tag_help(tag),
                            config.tag_list(false)
                        ),
                    );
                } else if crate::content::is_blank(title) {
                    c.error(
                        &format!("titles.{tag}"),
                        format!("the `{tag}` title is empty{}", blank_detail(title)),
                        "write the title or delete the line",
                    );
                }
            }
        } else {
            c.warning(
                "titles",
                "`titles:` belongs in the German source; a translation has its own `title:`",
                "move the line into the German file or delete it",
            );
        }
    }
    if is_source && md.front.translation.is_some() {
        c.warning(
            "translation",
            "the German source is not a translation; `translation:` is ignored",
            "delete the `translation:` line",
        );
    }
    Document {
        lang: md.lang.clone(),
        file: md.file.clone(),
        title: md.front.title.clone(),
        summary: md.front.summary.clone(),
        titles: if is_source {
            md.front.titles.clone()
        } else {
            I18n::new()
        },
        translation: md.front.translation,
        html: rendered.html,
        links: rendered.links,
        nav: md.front.nav.unwrap_or(NavPlace::None),
        order: md.front.order.unwrap_or(100),
        body_hash: rendered.body_hash,
        source_hash: md
            .front
            .source_hash
            .clone()
            .map(|h| (h, md.front_positions.value_at("source_hash"))),
        title_position: md.front_positions.at("title"),
        draft: md.front.draft,
    }
}

/// Entries not verified within the review interval (or never).
pub(super) fn stale_check(
    file: &Path,
    positions: &KeyPositions,
    last_verified: &Option<String>,
    config: &SiteConfig,
    today: NaiveDate,
    diags: &mut Diagnostics,
) {
    let interval = config.review_interval_days;
    match last_verified.as_deref().and_then(|d| crate::dates::parse_date(d).ok()) {
        None if last_verified.is_none() => diags.push(
            Diagnostic::warning(file, None, "this entry has never been verified (no `last_verified`)").with_help(
                format!("check address, contact and offer with the people there, then add `last_verified: {today}`"),
            ),
        ),
        None => {}
        Some(date) if (today - date).num_days() > i64::from(interval) => diags.push(
            Diagnostic::warning(
                file,
                Some(positions.value_at("last_verified")),
                format!("last verified on {date}, more than {interval} days ago"),
            )
            .with_help(format!(
                "check address, contact and offer again, then write `last_verified: {today}`"
            )),
        ),
        Some(_) => {}
    }
}

/// Editorial checks for `quartier check`: translations missing or made from an older German
/// text, per set of versions of one document.
pub(super) fn translation_report(versions: &BTreeMap<String, Document>, config: &SiteConfig, diags: &mut Diagnostics) {
    let Some(source) = versions.get(&config.default_language) else {
        return;
    };
    let missing: Vec<&str> = config
        .languages
        .iter()
        .filter(|l| l.tag != config.default_language && !versions.contains_key(&l.tag))
        .map(|l| l.tag.as_str())
        .collect();
    if !missing.is_empty() {
        let stem = source
            .file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .replace(&format!(".{}.md", config.default_language), "");
        diags.push(
            Diagnostic::warning(&source.file, None, format!("not translated yet into: {}", missing.join(", ")))
                .with_help(format!(
                    "readers of these languages see the German text, marked; to translate, create {stem}.<lang>.md next to this file with `source_hash: {}`",
                    source.body_hash
                )),
        );
    }
    for doc in versions.values().filter(|d| d.lang != config.default_language) {
        if translation_status(Some(doc), source) != TranslationStatus::Outdated {
            continue;
        }
        match &doc.source_hash {
            None => diags.push(
                Diagnostic::warning(&doc.file, Some(doc.title_position), "the translation does not say which German text it was made from, so it counts as outdated")
                    .with_help(format!("if it matches the current German text, add `source_hash: {}` to the front matter", source.body_hash)),
            ),
            Some((hash, at)) => diags.push(
                Diagnostic::warning(&doc.file, Some(*at), format!("outdated: the German text has changed since this translation was made (it was made from {hash}, the German text is now {})", source.body_hash))
                    .with_help(format!("compare with {}, update the translation, then write `source_hash: {}`", source.file.display(), source.body_hash)),
            ),
        }
    }
}

/// Checks the content pages (every version, a German one for each, no reserved id).
pub(super) fn collect_pages(
    raw_pages: &[LoadedMarkdown],
    rendered: &mut impl Iterator<Item = (markdown::RenderedMarkdown, Vec<Diagnostic>)>,
    config: &SiteConfig,
    diags: &mut Diagnostics,
) -> BTreeMap<String, Page> {
    let mut pages: BTreeMap<String, Page> = BTreeMap::new();
    for md in raw_pages {
        let rendered = rendered.next().unwrap_or_default();
        if RESERVED_PAGE_IDS.contains(&md.id.as_str()) {
            diags.push(
                Diagnostic::error(
                    &md.file,
                    None,
                    format!("`{}` is reserved for a generated section", md.id),
                )
                .with_help("rename the page file, e.g. `about-us`"),
            );
            continue;
        }
        let doc = document(md, rendered, config, diags);
        pages
            .entry(md.id.clone())
            .or_insert_with(|| Page {
                id: md.id.clone(),
                versions: BTreeMap::new(),
            })
            .versions
            .insert(md.lang.clone(), doc);
    }
    for page in pages.values() {
        if !page.versions.contains_key(&config.default_language) {
            let any = page
                .versions
                .values()
                .next()
                .map(|d| d.file.clone())
                .unwrap_or_default();
            diags.push(
                Diagnostic::error(any, None, format!("page `{}` has no German version", page.id)).with_help(format!(
                    "create content/pages/{}.{}.md; translations are made from the German text",
                    page.id, config.default_language
                )),
            );
        }
    }
    pages
}

/// The checks of `quartier check` beyond errors: translations missing or outdated, entries
/// not verified within the review interval.
pub(super) fn editorial_checks(
    raw: &RawContent,
    districts: &BTreeMap<String, District>,
    pages: &BTreeMap<String, Page>,
    config: &SiteConfig,
    today: NaiveDate,
    diags: &mut Diagnostics,
) {
    for d in districts.values() {
        translation_report(&d.guide, config, diags);
    }
    for p in pages.values() {
        translation_report(&p.versions, config, diags);
    }
    let offices = raw
        .offices
        .iter()
        .map(|l| (&l.file, &l.positions, &l.value.last_verified));
    let partners = raw
        .partners
        .iter()
        .map(|l| (&l.file, &l.positions, &l.value.last_verified));
    for (file, positions, last_verified) in offices.chain(partners) {
        stale_check(file, positions, last_verified, config, today, diags);
    }
}
