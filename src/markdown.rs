//! Markdown: front matter split, and the body rendered to HTML with its links recorded.
//!
//! Policy for raw HTML: it is never published. A `<tag>` in Markdown is a content error with
//! a help line, because staff write Markdown and a stray `<script>` must never reach readers.

use std::collections::BTreeSet;
use std::path::Path;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::diagnostics::{Diagnostic, Position};

/// A Markdown file split into front matter and body.
#[derive(Debug)]
pub struct Split<'a> {
    /// The YAML between the `---` fences.
    pub front_matter: &'a str,
    /// Lines above the front matter (the opening fence).
    pub front_matter_line_offset: usize,
    /// Everything after the closing fence.
    pub body: &'a str,
    /// Lines above the body.
    pub body_line_offset: usize,
}

/// Splits `---\nyaml\n---\nbody`. Errors carry (line, message, help).
pub fn split_front_matter(text: &str) -> Result<Split<'_>, (usize, String, String)> {
    let Some(after_open) = text.strip_prefix("---\n") else {
        return Err((
            1,
            "the file does not start with front matter".to_string(),
            "begin the file with a line `---`, then `title: …`, then a line `---`, then the text".to_string(),
        ));
    };
    let mut offset = 0;
    for (index, line) in after_open.split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" {
            let front_matter = &after_open[..offset];
            let body = &after_open[offset + line.len()..];
            return Ok(Split {
                front_matter,
                front_matter_line_offset: 1,
                body,
                body_line_offset: index + 2,
            });
        }
        offset += line.len();
    }
    Err((
        1,
        "the front matter is never closed".to_string(),
        "add a line with only `---` after the last front-matter key".to_string(),
    ))
}

/// A link written in Markdown, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceLink {
    /// The target as written.
    pub href: String,
    /// Its place in the file.
    pub position: Position,
}

/// A Markdown body rendered to HTML.
#[derive(Debug, Clone, Default)]
pub struct RenderedMarkdown {
    /// The HTML. Internal links stay as written (`/offices/x/`); post-processing resolves them.
    /// Shared: the preview keeps it between rebuilds, and a document holds it as it is.
    pub html: std::sync::Arc<str>,
    /// Every link and image source, for reporting broken ones at their line.
    pub links: std::sync::Arc<[SourceLink]>,
    /// Plain text, for summaries.
    pub headings: Vec<(String, String)>,
    /// The body's [`content_hash`] (kept with the rendering, so the preview does not hash
    /// every body again).
    pub body_hash: String,
}

/// The hash that identifies a version of a German text: the first 12 hex digits of the
/// SHA-256 of the body without leading and trailing white space. A translation records it as
/// `source_hash`; when the German text changes, the hash changes and the translation is
/// reported as outdated. Content, not file times, decides.
pub fn content_hash(body: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(body.trim().as_bytes());
    digest.iter().take(6).map(|b| format!("{b:02x}")).collect()
}

/// Rendered Markdown kept between the preview's rebuilds: a body is rendered again only when
/// its file, its place in the file or its text changed. Entries not used by a rebuild are
/// dropped after it ([`Memo::sweep`]).
#[derive(Default)]
pub struct Memo {
    entries: std::sync::Mutex<std::collections::HashMap<MemoKey, MemoEntry>>,
}

/// File, lines above the body, hash of the body.
type MemoKey = (std::path::PathBuf, usize, u64);

struct MemoEntry {
    rendered: std::sync::Arc<(RenderedMarkdown, Vec<Diagnostic>)>,
    used: bool,
}

impl Memo {
    /// [`render`], or what it gave for the same body last time.
    pub fn render(&self, body: &str, file: &Path, line_offset: usize) -> (RenderedMarkdown, Vec<Diagnostic>) {
        use std::hash::BuildHasher;
        let hash = std::hash::BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default().hash_one(body);
        let key = (file.to_path_buf(), line_offset, hash);
        let kept = self.lock().get_mut(&key).map(|entry| {
            entry.used = true;
            std::sync::Arc::clone(&entry.rendered)
        });
        let rendered = kept.unwrap_or_else(|| {
            let rendered = std::sync::Arc::new(render(body, file, line_offset));
            let entry = MemoEntry {
                rendered: std::sync::Arc::clone(&rendered),
                used: true,
            };
            self.lock().insert(key, entry);
            rendered
        });
        (rendered.0.clone(), rendered.1.clone())
    }

    /// Drops the entries no rendering asked for since the last sweep.
    pub fn sweep(&self) {
        self.lock().retain(|_, entry| std::mem::take(&mut entry.used));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, std::collections::HashMap<MemoKey, MemoEntry>> {
        // A panic elsewhere cannot leave the map half-written: use it as it is.
        self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// How many lists and block quotes may be nested inside each other.
pub const MAX_NESTING: usize = 12;

/// Renders `body` (from `file`, with `line_offset` lines above it) and checks it.
pub fn render(body: &str, file: &Path, line_offset: usize) -> (RenderedMarkdown, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut links = Vec::new();
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_HEADING_ATTRIBUTES;
    let position = |offset: usize| Position::of_offset(body, offset).shifted(line_offset);

    let mut events: Vec<Event<'_>> = Vec::new();
    let mut image_alt: Option<(usize, String)> = None;
    let mut depth = 0usize;
    let mut too_deep = false;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        match &event {
            Event::Start(Tag::List(_) | Tag::BlockQuote(_)) => {
                depth += 1;
                if depth > MAX_NESTING && !too_deep {
                    too_deep = true;
                    diags.push(
                        Diagnostic::error(
                            file,
                            Some(position(range.start)),
                            format!("lists and quotes are nested more than {MAX_NESTING} levels deep here"),
                        )
                        .with_help("readers lose their way in deeper nesting, and small phones cannot show it; make separate lists, or use `##` headings to structure the text"),
                    );
                }
            }
            Event::End(TagEnd::List(_) | TagEnd::BlockQuote(_)) => {
                depth = depth.saturating_sub(1);
                // Each deeply nested block is reported once.
                too_deep &= depth > 0;
            }
            Event::Html(html) | Event::InlineHtml(html) if html.trim().starts_with("</") => {
                // The opening tag is reported; a closing tag alone is harmless once escaped.
                events.push(Event::Text(html.clone()));
                continue;
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                diags.push(
                    Diagnostic::error(file, Some(position(range.start)), format!("raw HTML `{}` is not published", html.trim()))
                        .with_help("write Markdown instead: **bold**, [link](/offices/id/), lists with `-`; for a line break end the line with a backslash `\\`"),
                );
                events.push(Event::Text(html.clone()));
                continue;
            }
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) => {
                diags.push(
                    Diagnostic::error(file, Some(position(range.start)), "a level-1 heading `#` in the text")
                        .with_help("the page title comes from `title:` in the front matter; start sections with `##`"),
                );
            }
            Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. }) => {
                let href = dest_url.to_string();
                let lower = href.trim().to_ascii_lowercase();
                if lower.starts_with("javascript:") || lower.starts_with("data:") || lower.starts_with("vbscript:") {
                    diags.push(
                        Diagnostic::error(
                            file,
                            Some(position(range.start)),
                            format!("link target `{href}` is not allowed"),
                        )
                        .with_help("link to a page (`/offices/id/`) or a web address (`https://…`)"),
                    );
                }
                if matches!(event, Event::Start(Tag::Image { .. })) {
                    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//") {
                        diags.push(
                            Diagnostic::error(
                                file,
                                Some(position(range.start)),
                                format!("image `{href}` is loaded from another website"),
                            )
                            .with_help(
                                "readers' phones must not contact other hosts; put the image into the site instead",
                            ),
                        );
                    }
                    image_alt = Some((range.start, String::new()));
                }
                links.push(SourceLink {
                    href,
                    position: position(range.start),
                });
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, alt)) = image_alt.as_mut() {
                    alt.push_str(text);
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some((start, alt)) = image_alt.take()
                    && alt.trim().is_empty()
                {
                    diags.push(
                        Diagnostic::error(file, Some(position(start)), "image without a description (alt text)")
                            .with_help("describe the image in the brackets: ![Eingang des Büros mit Rampe](bild.jpg)"),
                    );
                }
            }
            _ => {}
        }
        events.push(event);
    }

    let headings = assign_heading_ids(&mut events);
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    (
        RenderedMarkdown {
            html: html.into(),
            links: links.into(),
            headings,
            body_hash: content_hash(body),
        },
        diags,
    )
}

/// Gives every heading without an explicit `{#id}` an id from its text; returns (id, text).
fn assign_heading_ids(events: &mut [Event<'_>]) -> Vec<(String, String)> {
    let mut used = BTreeSet::new();
    let mut headings = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { .. }) = &events[i] {
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j] {
                    text.push_str(t);
                }
                j += 1;
            }
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                let base = match id {
                    Some(explicit) => explicit.to_string(),
                    None => slug(&text),
                };
                let mut unique = base.clone();
                let mut n = 2;
                while !used.insert(unique.clone()) {
                    unique = format!("{base}-{n}");
                    n += 1;
                }
                *id = Some(CowStr::from(unique.clone()));
                headings.push((unique, text));
            }
            i = j;
        }
        i += 1;
    }
    headings
}

/// An id from heading text: letters and digits of any script kept, lowercased, words joined by `-`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if (c.is_whitespace() || c == '-' || c == '/') && !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_end_matches('-');
    if trimmed.is_empty() {
        "section".to_string()
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_offsets_are_real_lines() {
        let split = split_front_matter("---\ntitle: A\n---\n## Hi\n").unwrap();
        assert_eq!(split.front_matter, "title: A\n");
        assert_eq!(split.body, "## Hi\n");
        assert_eq!(split.body_line_offset, 3);
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let err = split_front_matter("---\ntitle: A\n## Hi\n").unwrap_err();
        assert!(err.1.contains("never closed"));
    }

    #[test]
    fn raw_html_and_missing_alt_are_reported_at_their_line() {
        let body = "## A\n\ntext <script>x</script>\n\n![](a.png)\n";
        let (out, diags) = render(body, Path::new("g.md"), 4);
        assert_eq!(diags.len(), 2, "{diags:?}");
        assert_eq!(diags[0].position, Some(Position::new(7, 6)));
        assert!(diags[1].message.contains("alt text"));
        assert_eq!(diags[1].position.unwrap().line, 9);
        assert!(!out.html.contains("<script>"));
        assert!(out.html.contains("&lt;script&gt;"));
    }

    #[test]
    fn headings_get_unique_ids_in_any_script() {
        let (out, _) = render(
            "## Strom und Gas\n\n## Strom und Gas\n\n## الكهرباء والغاز\n",
            Path::new("g.md"),
            0,
        );
        assert!(out.html.contains(r#"<h2 id="strom-und-gas">"#));
        assert!(out.html.contains(r#"<h2 id="strom-und-gas-2">"#));
        assert!(out.html.contains(r#"<h2 id="الكهرباء-والغاز">"#));
    }

    #[test]
    fn links_are_recorded_with_positions() {
        let (out, _) = render("See [office](/offices/x/#hours).\n", Path::new("g.md"), 2);
        assert_eq!(
            out.links.to_vec(),
            vec![SourceLink {
                href: "/offices/x/#hours".into(),
                position: Position::new(3, 5)
            }]
        );
    }
}
