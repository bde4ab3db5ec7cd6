//! Editorial checks that only `quartier check` runs: what is still to be done before the
//! content is complete (placeholders). The build itself publishes placeholders visibly marked.

use std::path::Path;

use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::validate::PLACEHOLDER_PREFIX;

/// Every `PLATZHALTER` in `site-config.yaml` and the content files, with its line and column.
pub fn placeholders(root: &Path) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let mut files = vec![root.join(crate::config::CONFIG_FILE)];
    files.extend(
        WalkDir::new(root.join(crate::content::CONTENT_DIR))
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.into_path()),
    );
    for path in files {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let relative = path.strip_prefix(root).unwrap_or(&path);
        let is_markdown = path.extension().is_some_and(|e| e == "md");
        let front_matter_end = if is_markdown {
            text.strip_prefix("---\n")
                .and_then(|rest| rest.find("\n---").map(|i| i + 4))
                .unwrap_or(0)
        } else {
            text.len()
        };
        for (offset, _) in text.match_indices(PLACEHOLDER_PREFIX) {
            // Explanations in YAML comments are not content.
            let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let in_yaml = offset < front_matter_end;
            let before = &text[line_start..offset];
            if in_yaml && (before.trim_start().starts_with('#') || before.contains(" #")) {
                continue;
            }
            let shown = placeholder_text(&text, offset);
            diags.push(
                Diagnostic::warning(relative, Some(Position::of_offset(&text, offset)), format!("placeholder still present: `{shown}`"))
                    .with_help("replace it with the real information once it is known; until then the page shows it marked as missing"),
            );
        }
    }
    diags
}

/// The placeholder that starts at `offset`, as the reader of the YAML sees it: inside quotes up
/// to the closing quote, inside `{…}` or `[…]` up to the next `,` `}` `]`, else to the end of
/// the line; long ones shortened at a word with `…`.
fn placeholder_text(text: &str, offset: usize) -> String {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let rest = &text[offset..line_end];
    let before = &text[line_start..offset];
    // Inside a quoted text (an odd number of its quote marks before it), up to the closing one.
    let open_quote = ['"', '\''].into_iter().find(|q| before.matches(*q).count() % 2 == 1);
    let end = match open_quote {
        Some(q) => rest.find(q),
        None if before.contains(['{', '[']) => rest.find([',', '}', ']']),
        None => None,
    };
    let whole = rest[..end.unwrap_or(rest.len())].trim_end();
    const LONGEST: usize = 100;
    if whole.chars().count() <= LONGEST {
        return whole.to_string();
    }
    let cut: String = whole.chars().take(LONGEST).collect();
    let at_word = cut.rfind(' ').map_or(cut.as_str(), |i| &cut[..i]);
    format!("{at_word} …")
}

#[cfg(test)]
mod tests {
    use super::placeholder_text;

    #[test]
    fn placeholders_are_shown_whole_and_without_yaml_punctuation() {
        let at = |t: &str| placeholder_text(t, t.find("PLATZHALTER").unwrap());
        assert_eq!(
            at("  name: {de: \"PLATZHALTER: Name des Verbands\"}\n"),
            "PLATZHALTER: Name des Verbands"
        );
        assert_eq!(at("  - {de: PLATZHALTER: Name, en: x}\n"), "PLATZHALTER: Name");
        assert_eq!(
            at("  street: PLATZHALTER: Straße und Hausnummer\n"),
            "PLATZHALTER: Straße und Hausnummer"
        );
        assert_eq!(at("  x: 'PLATZHALTER: a'  # comment\n"), "PLATZHALTER: a");
        assert_eq!(
            at("  de: \"Erster Satz. PLATZHALTER: Termine.\"\n"),
            "PLATZHALTER: Termine."
        );
        let long = format!("  x: PLATZHALTER: {}\n", "Wort ".repeat(40));
        assert!(at(&long).ends_with("Wort …"));
    }
}
