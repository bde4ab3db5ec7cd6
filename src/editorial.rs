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
            let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
            let shown: String = text[offset..line_end]
                .trim_end_matches(['"', '\''])
                .chars()
                .take(70)
                .collect();
            diags.push(
                Diagnostic::warning(relative, Some(Position::of_offset(&text, offset)), format!("placeholder still present: `{shown}`"))
                    .with_help("replace it with the real information once it is known; until then the page shows it marked as missing"),
            );
        }
    }
    diags
}
