//! Texts a person writes in several languages, and the rule for when such a text says nothing.

use std::collections::BTreeMap;

/// A text in several languages, keyed by language tag. German is required.
pub type I18n = BTreeMap<String, String>;

/// Why a text a person wrote says nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blank {
    /// Empty, or only spaces.
    Empty,
    /// YAML's words for "no value" (`~`, `null`), which would otherwise be published literally.
    YamlNull,
    /// Only invisible characters (zero-width spaces and joiners, bidi controls, soft hyphens,
    /// byte-order marks).
    Invisible,
}

/// Whether and why a text says nothing.
pub fn blankness(text: &str) -> Option<Blank> {
    let visible: String = text.chars().filter(|c| !is_invisible(*c)).collect();
    if matches!(visible.as_str(), "~" | "null" | "Null" | "NULL") {
        Some(Blank::YamlNull)
    } else if !visible.is_empty() {
        None
    } else if text.trim().is_empty() {
        Some(Blank::Empty)
    } else {
        Some(Blank::Invisible)
    }
}

/// Whether a text a person wrote says nothing (see [`Blank`]).
pub fn is_blank(text: &str) -> bool {
    blankness(text).is_some()
}

/// Characters that take no room on a page.
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}
