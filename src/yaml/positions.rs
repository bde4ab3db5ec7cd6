//! The index of where each key and list item was written, for diagnostics at the right line.

use super::*;

/// One open container while scanning: a mapping key or a list item.
pub(super) struct Frame {
    pub(super) column: usize,
    pub(super) path: String,
    pub(super) is_item: bool,
    pub(super) items: usize,
}

/// Finds the position of block-style keys and list items.
///
/// This index does not parse values (serde_yaml does that); it only records where each key path
/// starts, so a diagnostic found after parsing can point at a line.
/// A key written twice: its path, the first and the second position.
pub(super) type DuplicateKey = (String, Position, Position);

/// Key positions, value positions, keys written twice, and where nesting first went deeper
/// than [`MAX_DEPTH`] (the scan stops there).
pub(super) type Scan = (
    BTreeMap<String, Position>,
    BTreeMap<String, Position>,
    Vec<DuplicateKey>,
    Option<Position>,
);

pub(super) fn scan_positions(text: &str) -> Scan {
    let mut map = BTreeMap::new();
    let mut values = BTreeMap::new();
    let mut duplicates = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut root_items = 0usize;
    let mut block_scalar_column: Option<usize> = None;

    for (line_index, raw_line) in text.lines().enumerate() {
        let line_no = line_index + 1;
        let line = raw_line.trim_end_matches('\r');
        let trimmed = line.trim_start_matches(' ');
        let mut column = line.len() - trimmed.len();
        if let Some(block_col) = block_scalar_column {
            if trimmed.is_empty() || column > block_col {
                continue;
            }
            block_scalar_column = None;
        }
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with("---") || trimmed.starts_with("...") {
            continue;
        }
        let mut rest = trimmed;
        loop {
            if rest == "-" || rest.starts_with("- ") {
                while stack
                    .last()
                    .is_some_and(|f| f.column > column || (f.column == column && f.is_item))
                {
                    stack.pop();
                }
                let (parent_path, index) = match stack.last_mut() {
                    Some(parent) => {
                        parent.items += 1;
                        (parent.path.clone(), parent.items - 1)
                    }
                    None => {
                        root_items += 1;
                        (String::new(), root_items - 1)
                    }
                };
                let path = join(&parent_path, &index.to_string());
                map.entry(path.clone())
                    .or_insert(Position::new(line_no, char_col(line, column)));
                if stack.len() >= MAX_DEPTH {
                    return (
                        map,
                        values,
                        duplicates,
                        Some(Position::new(line_no, char_col(line, column))),
                    );
                }
                stack.push(Frame {
                    column,
                    path,
                    is_item: true,
                    items: 0,
                });
                let after = rest[1..].trim_start_matches(' ');
                column += rest.len() - after.len();
                rest = after;
                if rest.is_empty() {
                    break;
                }
                continue;
            }
            if let Some((key, value)) = split_key(rest) {
                while stack.last().is_some_and(|f| f.column >= column) {
                    stack.pop();
                }
                let parent_path = stack.last().map(|f| f.path.clone()).unwrap_or_default();
                let path = join(&parent_path, &key);
                let here = Position::new(line_no, char_col(line, column));
                match map.get(&path) {
                    Some(first) => duplicates.push((path.clone(), *first, here)),
                    None => {
                        map.insert(path.clone(), here);
                    }
                }
                let value_offset = line.len() - value.trim_start().len();
                let value = value.trim();
                let value_no_comment = strip_comment(value);
                if !value.is_empty() && !value.starts_with('#') {
                    let quoted = usize::from(value.starts_with('"') || value.starts_with('\''));
                    values.insert(
                        path.clone(),
                        Position::new(line_no, char_col(line, value_offset + quoted)),
                    );
                }
                if value_no_comment.starts_with('|') || value_no_comment.starts_with('>') {
                    block_scalar_column = Some(column);
                }
                if value_no_comment.starts_with('[') {
                    record_flow_items(&mut map, &path, line, line_no);
                }
                if stack.len() >= MAX_DEPTH {
                    return (map, values, duplicates, Some(here));
                }
                stack.push(Frame {
                    column,
                    path,
                    is_item: false,
                    items: 0,
                });
            }
            break;
        }
    }
    (map, values, duplicates, None)
}

/// Records the items of a one-line flow list `key: [a, b, c]`.
pub(super) fn record_flow_items(map: &mut BTreeMap<String, Position>, path: &str, line: &str, line_no: usize) {
    let Some(open) = line.find('[') else { return };
    let mut offset = open + 1;
    let inner_end = line[offset..].find(']').map_or(line.len(), |i| offset + i);
    for (index, item) in line[offset..inner_end].split(',').enumerate() {
        let lead = item.len() - item.trim_start().len();
        let item_path = join(path, &index.to_string());
        map.entry(item_path)
            .or_insert(Position::new(line_no, char_col(line, offset + lead)));
        offset += item.len() + 1;
    }
}

pub(super) fn char_col(line: &str, byte_col: usize) -> usize {
    line.get(..byte_col).map_or(byte_col, |s| s.chars().count()) + 1
}

pub(super) fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

pub(super) fn strip_comment(value: &str) -> &str {
    match value.find(" #") {
        Some(i) => value[..i].trim_end(),
        None => value,
    }
}

/// Splits `key: value` (the key may be quoted); `None` for a plain scalar.
pub(super) fn split_key(text: &str) -> Option<(String, &str)> {
    let (key, after) = if let Some(quote) = text.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let end = text[1..].find(quote)? + 1;
        (text[1..end].to_string(), &text[end + 1..])
    } else {
        let mut found = None;
        for (i, c) in text.char_indices() {
            if c == ':' {
                let next = text[i + 1..].chars().next();
                if next.is_none() || next == Some(' ') {
                    found = Some(i);
                    break;
                }
            }
            if c == '#' && i > 0 && text[..i].ends_with(' ') {
                return None;
            }
        }
        let i = found?;
        return Some((text[..i].trim().to_string(), &text[i + 1..]));
    };
    let after = after.trim_start();
    after.strip_prefix(':').map(|value| (key, value))
}
