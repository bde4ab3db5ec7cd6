//! Checks on YAML text before and beside the parser: tabs, nesting depth, tags and control
//! characters, each said at its line and column.

use super::*;

/// Tabs are not allowed in YAML indentation; say so at the tab, before the parser does less clearly.
pub(super) fn find_tab_indent(text: &str, file: &Path, line_offset: usize) -> Option<Diagnostic> {
    for (index, line) in text.lines().enumerate() {
        let indent: String = line.chars().take_while(|c| *c == ' ' || *c == '\t').collect();
        if let Some(col) = indent.chars().position(|c| c == '\t') {
            return Some(
                Diagnostic::error(
                    file,
                    Some(Position::new(index + 1 + line_offset, col + 1)),
                    "tab character in the indentation; YAML allows only spaces there",
                )
                .with_help("replace the tab with spaces (two spaces per level)"),
            );
        }
    }
    None
}

/// How deeply YAML may nest: open `[` and `{`, and indented keys and list items. The YAML
/// scanner's time grows with the square of the bracket depth (a line of 50,000 brackets took
/// over a minute), the position index's memory with the square of the indented depth, and no
/// content file needs more.
pub(super) const MAX_DEPTH: usize = 64;

/// Brackets nested too deeply: said at the first bracket too many, before the parser runs.
/// Quoted text and comments are skipped.
pub(super) fn find_deep_brackets(text: &str, file: &Path, line_offset: usize) -> Option<Diagnostic> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut previous = '\n';
    let mut chars = text.char_indices().peekable();
    while let Some((offset, c)) = chars.next() {
        match (quote, c) {
            (Some('"'), '\\') => {
                chars.next();
            }
            (Some('\''), '\'') if chars.peek().is_some_and(|(_, n)| *n == '\'') => {
                chars.next();
            }
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            // A quote starts quoted text only where a value starts, not inside a word (it's).
            (None, '"' | '\'') if !previous.is_alphanumeric() => quote = Some(c),
            (None, '#') if previous.is_whitespace() => while chars.next_if(|(_, n)| *n != '\n').is_some() {},
            (None, '[' | '{') => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(
                        Diagnostic::error(
                            file,
                            Some(Position::of_offset(text, offset).shifted(line_offset)),
                            format!("brackets `[` `{{` are nested more than {MAX_DEPTH} levels deep"),
                        )
                        .with_help(
                            "write lists and keys on indented lines instead; no quartier field needs deeper nesting",
                        ),
                    );
                }
            }
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        previous = c;
    }
    None
}

/// The key path and code of the first control character in a text value (only reachable
/// through escapes in double quotes: the file itself was checked when it was read).
pub(super) fn find_control_character(value: &serde_yaml::Value, path: String) -> Option<(String, u32)> {
    use serde_yaml::Value;
    match value {
        Value::String(text) => text
            .chars()
            .find(|c| (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || *c == '\u{7F}')
            .map(|c| (path, c as u32)),
        Value::Sequence(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| find_control_character(item, join(&path, &i.to_string()))),
        Value::Mapping(map) => map.iter().find_map(|(key, item)| {
            let key = key.as_str().map_or_else(|| format!("{key:?}"), str::to_string);
            find_control_character(item, join(&path, &key))
        }),
        Value::Tagged(tagged) => find_control_character(&tagged.value, path),
        _ => None,
    }
}

/// The first YAML tag (`!!str`, `!!binary`, `!custom`), said at its `!`. Tags make the parser
/// build values no field expects (binary data, other types), so they are refused rather than
/// interpreted.
pub(super) fn find_tag(text: &str, file: &Path, line_offset: usize) -> Option<Diagnostic> {
    let position = tag_offset(text)?;
    let tag: String = text[position..]
        .chars()
        .take_while(|c| !c.is_whitespace() && !",]}".contains(*c))
        .collect();
    Some(
        Diagnostic::error(
            file,
            Some(Position::of_offset(text, position).shifted(line_offset)),
            format!("`{tag}` is a YAML tag; quartier does not read tags"),
        )
        .with_help(
            "delete the tag and write the plain value; text that starts with `!` goes in quotes, e.g. \"!wichtig\"",
        ),
    )
}

/// The byte offset of the first tag: a `!` where a value, key or list item starts, outside
/// quotes, comments and block text (`|`, `>`).
fn tag_offset(text: &str) -> Option<usize> {
    let mut block_scalar_column: Option<usize> = None;
    let mut line_start = 0;
    for line in text.split('\n') {
        let here = line_start;
        line_start += line.len() + 1;
        let trimmed = line.trim_start_matches(' ');
        let column = line.len() - trimmed.len();
        if let Some(block_col) = block_scalar_column {
            if trimmed.trim().is_empty() || column > block_col {
                continue;
            }
            block_scalar_column = None;
        }
        // Walk the line as a sequence of node starts: after indentation, `- `, `key: `, `[`, `{`, `,`.
        let bytes = line.as_bytes();
        let mut i = column;
        let mut at_node_start = true;
        let mut flow_depth = 0usize;
        let mut quote: Option<u8> = None;
        let mut previous = b' ';
        while i < bytes.len() {
            let b = bytes[i];
            match quote {
                Some(b'"') if b == b'\\' => i += 1,
                Some(q) if b == q => quote = None,
                Some(_) => {}
                None => match b {
                    b'!' if at_node_start => return Some(here + i),
                    b'#' if previous == b' ' => break,
                    b'"' | b'\'' if at_node_start => {
                        quote = Some(b);
                        at_node_start = false;
                    }
                    b'|' | b'>' if at_node_start && flow_depth == 0 => {
                        block_scalar_column = Some(column);
                        break;
                    }
                    b'[' | b'{' if at_node_start => flow_depth += 1,
                    b']' | b'}' if flow_depth > 0 => flow_depth -= 1,
                    b',' if flow_depth > 0 => at_node_start = true,
                    b'-' | b'?' if at_node_start && bytes.get(i + 1).is_none_or(|n| *n == b' ') => {}
                    b':' if bytes
                        .get(i + 1)
                        .is_none_or(|n| *n == b' ' || (flow_depth > 0 && *n == b',')) =>
                    {
                        at_node_start = true
                    }
                    b' ' => {}
                    // An anchor (`&name`) may stand before a tag or a value.
                    b'&' if at_node_start => {
                        while i + 1 < bytes.len() && bytes[i + 1] != b' ' {
                            i += 1;
                        }
                    }
                    _ => at_node_start = false,
                },
            }
            previous = b;
            i += 1;
        }
    }
    None
}
