//! All YAML parsing lives here, so the YAML crate can be swapped in this one file.
//!
//! [`parse`] turns YAML text into a typed value and a [`KeyPositions`] index that knows the
//! line and column of every key and list item written in block style, so later stages can
//! point at the exact place of a wrong value (an unknown district id, a missing German text).

mod checks;
mod positions;

use checks::*;
use positions::*;

use std::collections::BTreeMap;
use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Position};

/// A parsed YAML document and the positions of its keys.
#[derive(Debug)]
pub struct Parsed<T> {
    /// The typed value.
    pub value: T,
    /// Where each key path was written.
    pub positions: KeyPositions,
}

/// Line and column of each key path of a YAML document, e.g. `locations.0.address.street`.
///
/// Paths join mapping keys and list indices with dots. Lookup of a path that was not written
/// (a flow value, a default) falls back to its nearest written parent.
#[derive(Debug, Clone, Default)]
pub struct KeyPositions {
    map: BTreeMap<String, Position>,
    values: BTreeMap<String, Position>,
    line_offset: usize,
}

impl KeyPositions {
    /// The position of `path`, or of its nearest written parent, or line 1.
    pub fn at(&self, path: &str) -> Position {
        let mut path = path;
        loop {
            if let Some(p) = self.map.get(path) {
                return p.shifted(self.line_offset);
            }
            match path.rfind('.') {
                Some(i) => path = &path[..i],
                None => return Position::new(1 + self.line_offset, 1),
            }
        }
    }

    /// The position of the first character of the value of `path` written on the key's line
    /// (inside the quotes for a quoted value), or the key's position.
    pub fn value_at(&self, path: &str) -> Position {
        match self.values.get(path) {
            Some(p) => p.shifted(self.line_offset),
            None => self.at(path),
        }
    }

    /// Whether `path` itself was written in the document.
    pub fn contains(&self, path: &str) -> bool {
        self.map.contains_key(path)
    }
}

/// Parses `text` (the content of `file`) into `T`.
///
/// `line_offset` is added to every reported line; Markdown front matter passes the number of
/// lines above it so errors name real file lines.
pub fn parse<T: DeserializeOwned>(text: &str, file: &Path, line_offset: usize) -> Result<Parsed<T>, Diagnostic> {
    if let Some(diagnostic) = find_tab_indent(text, file, line_offset) {
        return Err(diagnostic);
    }
    if let Some(diagnostic) = find_deep_brackets(text, file, line_offset) {
        return Err(diagnostic);
    }
    if let Some(diagnostic) = find_tag(text, file, line_offset) {
        return Err(diagnostic);
    }
    if text.trim().is_empty() {
        return Err(
            Diagnostic::error(file, Some(Position::new(1 + line_offset, 1)), "the YAML is empty")
                .with_help("write the fields of this file; `quartier new` and the README show an example"),
        );
    }
    let (map, values, duplicates, too_deep) = scan_positions(text);
    if let Some(position) = too_deep {
        return Err(Diagnostic::error(
            file,
            Some(position.shifted(line_offset)),
            format!("the YAML is nested more than {MAX_DEPTH} levels deep here"),
        )
        .with_help("no quartier field needs deeper nesting; check the indentation and the `- ` list marks"));
    }
    if let Some((path, first, second)) = duplicates.into_iter().next() {
        let key = path.rsplit('.').next().unwrap_or(&path);
        return Err(Diagnostic::error(
            file,
            Some(second.shifted(line_offset)),
            format!(
                "the key `{key}` appears twice (first on line {})",
                first.line + line_offset
            ),
        )
        .with_help("each key may appear only once; delete one of the two"));
    }
    let positions = KeyPositions {
        map,
        values,
        line_offset,
    };
    // Control characters can only come from escapes in double quotes (the parser refuses them
    // written as they are), so only text with a backslash is parsed a second time to look.
    if text.contains('\\')
        && let Ok(untyped) = serde_yaml::from_str::<serde_yaml::Value>(text)
        && let Some((path, code)) = find_control_character(&untyped, String::new())
    {
        return Err(Diagnostic::error(
            file,
            Some(positions.value_at(&path)),
            format!("this text contains the control character U+{code:04X} (written as an escape in quotes), which cannot be shown on a page"),
        )
        .with_help("delete the escape (`\\0`, `\\x..`, `\\u00..`) from the quoted text"));
    }
    match serde_yaml::from_str::<T>(text) {
        Ok(value) => Ok(Parsed { value, positions }),
        Err(error) => Err(to_diagnostic(&error, file, line_offset)),
    }
}

fn to_diagnostic(error: &serde_yaml::Error, file: &Path, line_offset: usize) -> Diagnostic {
    let position = error
        .location()
        .map(|l| Position::new(l.line() + line_offset, l.column()));
    let raw = error.to_string();
    // serde_yaml appends " at line X column Y"; the position is printed in front already.
    let message = match raw.find(" at line ") {
        Some(i) => raw[..i].to_string(),
        None => raw.clone(),
    };
    let message = plain_words(&plain_type_names(&message));
    let help = if message.contains("is not a key") {
        "remove this key or correct its spelling; the allowed keys are listed above".to_string()
    } else if message.contains("is missing") {
        "add the missing key; the README shows an example of this kind of file".to_string()
    } else if message.contains("duplicate field") || message.contains("duplicate entry") {
        "each key may appear only once; delete one of the two".to_string()
    } else if message.contains("this should be") {
        "write a value of the expected kind (text in quotes, a number, a list `[a, b]` or indented keys)".to_string()
    } else if message.contains("is not one of the values") {
        "use one of the values listed above".to_string()
    } else if message.contains("recursion limit") || message.contains("repetition limit") {
        "aliases (`*name`) nest too deeply; write the values out instead".to_string()
    } else {
        "check the indentation and the `key: value` form near this place; text with `:` or `#` needs quotes".to_string()
    };
    Diagnostic::error(file, position, message).with_help(help)
}

/// Serde's sentences, as a person who writes YAML would say them: "unknown field `nmae`,
/// expected one of `name`, …" → "`nmae` is not a key of this file; the keys are `name`, …".
fn plain_words(message: &str) -> String {
    // serde_yaml may put the path of the value in front ("locations.main: unknown field …").
    let (path, rest) = [
        "unknown field",
        "unknown variant",
        "missing field",
        "invalid type",
        "invalid value",
        "duplicate field",
    ]
    .iter()
    .filter_map(|p| message.find(p))
    .min()
    .map_or(("", message), |i| (&message[..i], &message[i..]));
    let choices = |rest: &str| -> String {
        match rest
            .split_once(", expected one of ")
            .or_else(|| rest.split_once(", expected "))
        {
            Some((_, list)) => list.to_string(),
            None => String::new(),
        }
    };
    let quoted = |rest: &str| rest.split('`').nth(1).unwrap_or("").to_string();
    let plain = if rest.starts_with("unknown field") {
        let list = choices(rest);
        if list.is_empty() {
            format!("`{}` is not a key here", quoted(rest))
        } else {
            format!("`{}` is not a key here; the keys are {list}", quoted(rest))
        }
    } else if rest.starts_with("unknown variant") {
        format!(
            "`{}` is not one of the values that can be written here: {}",
            quoted(rest),
            choices(rest)
        )
    } else if rest.starts_with("missing field") {
        format!("the key `{}` is missing", quoted(rest))
    } else if rest.starts_with("duplicate field") {
        format!("the key `{}` appears twice", quoted(rest))
    } else if let Some(body) = rest
        .strip_prefix("invalid type: ")
        .or_else(|| rest.strip_prefix("invalid value: "))
    {
        match body.split_once(", expected ") {
            Some((found, expected)) => format!("this should be {expected}, but it is {found}"),
            None => rest.to_string(),
        }
    } else {
        rest.to_string()
    };
    format!("{path}{plain}")
}

/// Serde's type names, as a person who writes YAML would say them.
fn plain_type_names(message: &str) -> String {
    let mut out = message.to_string();
    for (from, to) in [
        ("expected u16", "expected a whole number"),
        ("expected u32", "expected a whole number"),
        ("expected i32", "expected a whole number"),
        ("expected u64", "expected a whole number"),
        ("expected f64", "expected a number"),
        ("expected a string", "expected text"),
        (
            "expected a sequence",
            "expected a list (`[a, b]` or lines starting with `- `)",
        ),
        ("expected a boolean", "expected `true` or `false`"),
        ("expected a map", "expected indented `key: value` lines"),
        ("expected struct", "expected indented `key: value` lines for"),
        ("invalid type: sequence", "invalid type: a list"),
        ("invalid type: map", "invalid type: indented keys"),
        ("invalid type: string", "invalid type: text"),
        ("invalid type: unit value", "invalid type: an empty value"),
    ] {
        out = out.replace(from, to);
    }
    out
}

/// `value` as YAML (for the files quartier writes itself, such as records of printed leaflets).
pub fn to_string<T: serde::Serialize>(value: &T) -> String {
    serde_yaml::to_string(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sample {
        name: BTreeMap<String, String>,
        districts: Vec<String>,
        #[serde(default)]
        locations: Vec<BTreeMap<String, String>>,
    }

    #[test]
    fn positions_of_keys_items_and_flow_items() {
        let text = "name:\n  de: Büro\n  en: Office\ndistricts: [eving, scharnhorst]\nlocations:\n  - id: main\n    street: |\n      a: b\n  - id: lanstrop\n";
        let parsed: Parsed<Sample> = parse(text, Path::new("x.yaml"), 0).unwrap();
        let p = &parsed.positions;
        assert_eq!(p.at("name.en"), Position::new(3, 3));
        assert_eq!(p.at("districts.1"), Position::new(4, 20));
        assert_eq!(p.at("locations.1.id"), Position::new(9, 5));
        assert_eq!(p.at("locations.0.street"), Position::new(7, 5));
        assert_eq!(p.value_at("name.en"), Position::new(3, 7));
        assert_eq!(p.value_at("districts"), Position::new(4, 12));
        // `a: b` inside the block scalar is text, not a key
        assert!(!p.contains("locations.0.street.a"));
        assert!(!p.contains("locations.0.a"));
        // unknown paths fall back to the parent
        assert_eq!(p.at("name.ar"), Position::new(1, 1));
    }

    #[test]
    fn list_under_key_at_same_indent() {
        let text = "name: {de: x}\ndistricts:\n- a\n- b\n";
        let parsed: Parsed<Sample> = parse(text, Path::new("x.yaml"), 10).unwrap();
        assert_eq!(parsed.positions.at("districts.1"), Position::new(14, 1));
    }

    #[test]
    fn unknown_key_is_reported_with_position_and_help() {
        let text = "name: {de: x}\ndistricts: []\nnmae: y\n";
        let err = parse::<Sample>(text, Path::new("x.yaml"), 0).unwrap_err();
        assert_eq!(err.position, Some(Position::new(3, 1)));
        assert!(
            err.message.starts_with("`nmae` is not a key here; the keys are"),
            "{}",
            err.message
        );
        assert!(err.help.is_some());
    }

    #[test]
    fn duplicate_key_is_reported_at_the_second_one() {
        let text = "name: {de: x}\ndistricts: []\nname: {de: y}\n";
        let err = parse::<Sample>(text, Path::new("x.yaml"), 0).unwrap_err();
        assert_eq!(err.position, Some(Position::new(3, 1)));
        assert!(err.message.contains("first on line 1"), "{}", err.message);
    }

    #[test]
    fn type_errors_use_plain_words() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct S {
            since: u16,
        }
        let err = parse::<S>("since: zwei\n", Path::new("x.yaml"), 0).unwrap_err();
        assert!(
            err.message
                .contains("this should be a whole number, but it is text \"zwei\""),
            "{}",
            err.message
        );
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        #[serde(rename_all = "snake_case")]
        enum Mode {
            WalkIn,
            Phone,
        }
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct M {
            mode: Mode,
        }
        let err = parse::<M>("mode: walkin\n", Path::new("x.yaml"), 0).unwrap_err();
        assert!(!err.message.contains("variant"), "{}", err.message);
        assert!(
            err.message
                .contains("`walkin` is not one of the values that can be written here: `walk_in` or `phone`"),
            "{}",
            err.message
        );
    }

    #[test]
    fn escaped_control_characters_are_refused_at_their_value() {
        let text = "name:\n  de: \"Büro\\0\"\n  en: \"ok\\tok\"\n";
        let err = parse::<serde_yaml::Value>(text, Path::new("x.yaml"), 0).unwrap_err();
        assert_eq!(err.position, Some(Position::new(2, 8)));
        assert!(err.message.contains("U+0000"), "{}", err.message);
        let err = parse::<serde_yaml::Value>("a: [\"x\", \"\\x1b[2J\"]\n", Path::new("x.yaml"), 0).unwrap_err();
        assert!(err.message.contains("U+001B"), "{}", err.message);
        assert!(parse::<serde_yaml::Value>("a: \"tab\\there\"\n", Path::new("x.yaml"), 0).is_ok());
    }

    #[test]
    fn tags_are_refused_where_they_stand() {
        for (text, line, column) in [
            ("name: !!binary aGVsbG8=\n", 1, 7),
            ("name:\n  de: !!str 12\n", 2, 7),
            ("districts:\n  - !custom a\n", 2, 5),
            ("districts: [a, !x b]\n", 1, 16),
            ("name: {de: !x b}\n", 1, 12),
            ("!!map\nname: x\n", 1, 1),
            ("name: &a !!str x\n", 1, 10),
        ] {
            let err = parse::<serde_yaml::Value>(text, Path::new("x.yaml"), 0).unwrap_err();
            assert_eq!(err.position, Some(Position::new(line, column)), "{text}");
            assert!(err.message.contains("YAML tag"), "{}", err.message);
        }
        for text in [
            "name: Hallo!\n",
            "name: \"!wichtig\"\n",
            "name: '!wichtig'\n",
            "name: Hallo, !Welt\n",
            "text: |\n  !Achtung\n  mehr\n",
            "text: >\n  !Achtung\n",
            "name: a # !kommentar\n",
            "name: a!b\n",
            "list: [\"a!\", 'b, !c']\n",
        ] {
            assert!(
                parse::<serde_yaml::Value>(text, Path::new("x.yaml"), 0).is_ok(),
                "{text}"
            );
        }
    }

    #[test]
    fn tab_in_indentation_is_reported_at_the_tab() {
        let text = "name:\n\tde: x\n";
        let err = parse::<Sample>(text, Path::new("x.yaml"), 0).unwrap_err();
        assert_eq!(err.position, Some(Position::new(2, 1)));
        assert!(err.message.contains("tab"));
    }
}
