//! Diagnostics: content problems a person can act on.
//!
//! Every problem found in the content is a [`Diagnostic`] with the file, the real line and
//! column in that file, a message and a `help:` line that says what to write instead. Stages
//! collect them in a [`Diagnostics`] list so that all problems are reported at once.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a diagnostic is. Errors fail the build; warnings are printed only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The build fails.
    Error,
    /// The build goes on; the problem is printed.
    Warning,
}

/// A place in a file: 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Position {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column number, in characters.
    pub column: usize,
}

impl Position {
    /// A position at `line`, `column` (both 1-based).
    pub fn new(line: usize, column: usize) -> Self {
        Position { line, column }
    }

    /// The position of byte offset `offset` inside `text`.
    pub fn of_offset(text: &str, offset: usize) -> Self {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Position { line, column }
    }

    /// This position moved down by `lines` lines (used for front matter inside Markdown).
    pub fn shifted(self, lines: usize) -> Self {
        Position {
            line: self.line + lines,
            column: self.column,
        }
    }
}

/// One problem in the content, with where it is and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the site root.
    pub file: PathBuf,
    /// Where in the file; `None` when the problem concerns the whole file.
    pub position: Option<Position>,
    /// What is wrong.
    pub message: String,
    /// What to write instead.
    pub help: Option<String>,
}

impl Diagnostic {
    /// What kind of problem this is, for grouping: the message without the names, values and
    /// numbers it quotes (`placeholder still present: `PLATZHALTER: …`` → "placeholder still
    /// present").
    pub fn kind(&self) -> String {
        let mut shape = String::new();
        let mut quoted = false;
        for c in self.message.chars() {
            match c {
                '`' => {
                    quoted = !quoted;
                    if quoted {
                        shape.push('…');
                    }
                }
                _ if quoted => {}
                '0'..='9' => {
                    if !shape.ends_with('…') {
                        shape.push('…');
                    }
                }
                _ => shape.push(c),
            }
        }
        // A date or time quoted without backticks is one value: `2024-05-01` → `…`.
        for joined in ["…-…", "….…", "…:…"] {
            while shape.contains(joined) {
                shape = shape.replace(joined, "…");
            }
        }
        match shape.split_once(": ") {
            Some((head, _)) => head.to_string(),
            None => shape,
        }
    }

    /// An error at `position` in `file`.
    pub fn error(file: impl AsRef<Path>, position: Option<Position>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.as_ref().to_path_buf(),
            position,
            message: message.into(),
            help: None,
        }
    }

    /// A warning at `position` in `file`.
    pub fn warning(file: impl AsRef<Path>, position: Option<Position>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, position, message)
        }
    }

    /// The same diagnostic with a `help:` line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The diagnostic as a JSON object: file, line, column, severity, message, help.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "file": self.file.to_string_lossy().replace('\\', "/"),
            "line": self.position.map(|p| p.line),
            "column": self.position.map(|p| p.column),
            "severity": match self.severity { Severity::Error => "error", Severity::Warning => "warning" },
            "message": self.message,
            "help": self.help,
        })
    }

    /// Whether this diagnostic fails the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Forward slashes on every platform, so goldens are stable.
        let file = self.file.to_string_lossy().replace('\\', "/");
        match self.position {
            Some(p) => write!(f, "{file}:{}:{}: ", p.line, p.column)?,
            None => write!(f, "{file}: ")?,
        }
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{label}: {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// All diagnostics found so far, in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Adds all diagnostics of `other`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Number of distinct errors (warnings not counted; a problem found on several pages
    /// at the same place counts once).
    /// Every diagnostic, to be reworded where a later stage knows more.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Diagnostic> {
        self.items.iter_mut()
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.sorted().iter().filter(|d| d.is_error()).count()
    }

    /// Whether any error was found.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// All diagnostics sorted by file, position and message, so output is stable.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut items = self.items.clone();
        items.sort_by(|a, b| {
            (&a.file, a.position, a.severity, &a.message).cmp(&(&b.file, b.position, b.severity, &b.message))
        });
        items.dedup();
        items
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(items: Vec<Diagnostic>) -> Self {
        Diagnostics { items }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_counts_characters_not_bytes() {
        let text = "a: 1\nnäme: x";
        let offset = text.find('x').unwrap();
        assert_eq!(Position::of_offset(text, offset), Position::new(2, 7));
    }

    #[test]
    fn display_has_file_line_column_and_help() {
        let d = Diagnostic::error("content/a.yaml", Some(Position::new(3, 5)), "bad").with_help("write good");
        assert_eq!(d.to_string(), "content/a.yaml:3:5: error: bad\n  help: write good");
    }
}
