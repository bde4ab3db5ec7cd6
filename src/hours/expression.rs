//! Reading an opening-hours expression, and the checks beyond its grammar: spans that end
//! before they start, run past the next morning or overlap, and days that never happen.

use super::*;

/// A syntax error inside an expression: 1-based column in the expression and a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpressionError {
    /// 1-based column (in characters) inside the expression.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// What to write instead, when this check knows better than the general advice.
    pub help: Option<String>,
}

/// An expression as [`checked_expression`] read it.
#[derive(Debug)]
pub struct CheckedExpression {
    /// The parse, or the syntax error.
    pub parsed: Result<OpeningHours, ExpressionError>,
    /// The problems [`check_expression`] finds in a parsed expression.
    pub problems: Vec<ExpressionError>,
    /// Its rules, ready to evaluate, once asked for ([`compiled`]).
    rules: std::sync::OnceLock<std::sync::Arc<[rules::Rule]>>,
}

/// The rules of `parsed`, read from `expression`, ready to evaluate: compiled once per
/// expression text (compiling reads each rule's days again with the crate's parser).
pub(super) fn compiled(expression: &str, parsed: &OpeningHours) -> std::sync::Arc<[rules::Rule]> {
    let checked = checked_expression(expression);
    match &checked.parsed {
        Ok(known) if known == parsed => checked.rules.get_or_init(|| rules::compile(known).into()).clone(),
        _ => rules::compile(parsed).into(),
    }
}

/// [`parse_expression`] and then [`check_expression`], remembered by the expression's text:
/// both depend on nothing else, and the preview validates every office's expressions on each
/// save (at 10,000 pages about half of a guide edit's time went to reading the same
/// expressions again). The memory holds at most [`REMEMBERED`] expressions.
pub fn checked_expression(expression: &str) -> std::sync::Arc<CheckedExpression> {
    use std::sync::{Arc, LazyLock, Mutex};
    type Memory = Mutex<rustc_hash::FxHashMap<Box<str>, Arc<CheckedExpression>>>;
    static MEMORY: LazyLock<Memory> = LazyLock::new(Memory::default);
    if let Some(known) = MEMORY.lock().ok().and_then(|m| m.get(expression).cloned()) {
        return known;
    }
    let parsed = parse_expression(expression);
    let problems = if parsed.is_ok() {
        check_expression(expression)
    } else {
        Vec::new()
    };
    let checked = Arc::new(CheckedExpression {
        parsed,
        problems,
        rules: std::sync::OnceLock::new(),
    });
    if let Ok(mut memory) = MEMORY.lock() {
        if memory.len() >= REMEMBERED {
            memory.clear();
        }
        memory.insert(expression.into(), Arc::clone(&checked));
    }
    checked
}

/// How many expressions [`checked_expression`] remembers before it forgets them all.
pub const REMEMBERED: usize = 100_000;

/// Parses an expression, reporting the column of a syntax error.
pub fn parse_expression(expression: &str) -> Result<OpeningHours, ExpressionError> {
    // The grammar is recursive; refuse absurd lengths before handing it over.
    if expression.len() > 2000 {
        return Err(ExpressionError {
            column: 2001,
            message: format!(
                "the expression is {} characters long; write at most 2000",
                expression.len()
            ),
            help: None,
        });
    }
    expression
        .parse::<OpeningHours>()
        .map_err(|e| german_words(expression).unwrap_or_else(|| syntax_error(&e)))
}

/// German words where the syntax wants English ones (`Do` for Thursday, `geschlossen` for
/// `off`): the first, with what to write instead.
fn german_words(expression: &str) -> Option<ExpressionError> {
    const WORDS: [(&str, &str); 9] = [
        ("Di", "Tu"),
        ("Mi", "We"),
        ("Do", "Th"),
        ("So", "Su"),
        ("geschlossen", "off"),
        ("zu", "off"),
        ("Feiertag", "PH"),
        ("Feiertage", "PH"),
        ("Uhr", ""),
    ];
    let mut offset = 0;
    for word in expression.split(|c: char| !c.is_alphanumeric()) {
        let at = offset;
        offset += word.len() + 1;
        let Some((german, english)) = WORDS.iter().find(|(g, _)| *g == word) else {
            continue;
        };
        let column = expression[..at].chars().count() + 1;
        let (message, help) = if english.is_empty() {
            (
                format!("`{german}` is not written in opening hours"),
                "write only the times, e.g. `Th 08:30-11:30`".to_string(),
            )
        } else {
            (
                format!("`{german}` is German; write `{english}`"),
                "days are written in English: Mo Tu We Th Fr Sa Su (Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag); `off` closes, `PH` is a public holiday, e.g. `Mo-Fr 09:00-12:00; PH off`".to_string(),
            )
        };
        return Some(ExpressionError {
            column,
            message,
            help: Some(help),
        });
    }
    None
}

fn syntax_error(e: &opening_hours_syntax::error::Error) -> ExpressionError {
    match e {
        opening_hours_syntax::error::Error::Syntax(pest_error) => {
            let column = match pest_error.line_col {
                pest::error::LineColLocation::Pos((_, c)) => c,
                pest::error::LineColLocation::Span((_, c), _) => c,
            };
            ExpressionError {
                column,
                message: "the opening hours cannot be read here".to_string(),
                help: None,
            }
        }
        other => ExpressionError {
            column: 1,
            message: other.to_string(),
            help: None,
        },
    }
}

/// Finds written time spans `HH:MM-HH:MM`; returns (byte offset, start minutes, end minutes).
pub(super) fn written_spans(expression: &str) -> Vec<(usize, u32, u32)> {
    let bytes = expression.as_bytes();
    let mut out = Vec::new();
    let time = |i: usize| -> Option<u32> {
        let s = expression.get(i..i + 5)?;
        let (h, m) = s.split_once(':')?;
        if h.len() != 2 || m.len() != 2 {
            return None;
        }
        Some(h.parse::<u32>().ok()? * 60 + m.parse::<u32>().ok()?)
    };
    let mut i = 0;
    while i + 11 <= bytes.len() {
        if let (Some(a), Some(b)) = (time(i), time(i + 6).filter(|_| bytes[i + 5] == b'-')) {
            let before_ok = i == 0 || !bytes[i - 1].is_ascii_digit();
            if before_ok {
                out.push((i, a, b));
                i += 11;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// The latest end of a time span: past midnight into the next morning (`22:00-26:00` ends at
/// 2 in the night) is allowed up to noon of the next day, never a span of days (`10:00-48:00`).
pub(super) const LATEST_END: u32 = 36 * 60;

/// Month days written in an expression that no calendar has (`Feb 30`, `Apr 31`, `2027 Feb
/// 29`): byte offset and text of each.
pub(super) fn impossible_days(expression: &str) -> Vec<(usize, String)> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mut found = Vec::new();
    for (index, month) in MONTHS.iter().enumerate() {
        for (offset, _) in expression.match_indices(month) {
            let after = &expression[offset + 3..];
            let digits: String = after
                .strip_prefix(' ')
                .unwrap_or(after)
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            let gap = usize::from(after.starts_with(' '));
            let next = after[gap + digits.len()..].chars().next();
            // `Feb 30` but not `Feb 10:00` (a time) and not inside a longer word.
            if digits.is_empty() || digits.len() > 2 || next == Some(':') {
                continue;
            }
            let day: u32 = digits.parse().unwrap_or(0);
            let before = expression[..offset].trim_end();
            let year: Option<i32> = before
                .get(before.len().saturating_sub(4)..)
                .filter(|y| y.len() == 4 && y.chars().all(|c| c.is_ascii_digit()))
                .and_then(|y| y.parse().ok());
            // Without a year, Feb 29 happens in leap years.
            let exists = chrono::NaiveDate::from_ymd_opt(year.unwrap_or(2028), index as u32 + 1, day).is_some();
            if !exists {
                let start = year.map_or(offset, |_| before.len() - 4);
                found.push((start, expression[start..offset + 3 + gap + digits.len()].to_string()));
            }
        }
    }
    found.sort();
    found
}

/// Checks that go beyond the grammar: spans that end before they start (the grammar reads them
/// as running past midnight, which office hours never do), spans that start after the day or
/// end after the next morning, days that do not exist, and spans that overlap in one rule.
pub fn check_expression(expression: &str) -> Vec<ExpressionError> {
    let mut problems = Vec::new();
    let column_of = |offset: usize| expression[..offset].chars().count() + 1;
    for (offset, start, end) in written_spans(expression) {
        let span = &expression[offset..offset + 11];
        if start >= 24 * 60 || end > LATEST_END {
            problems.push(ExpressionError {
                column: column_of(offset),
                message: format!(
                    "the time span `{span}` {}",
                    if start >= 24 * 60 { "starts after the end of the day" } else { "ends after the next morning" }
                ),
                help: Some("a time span lies within one day; past midnight it may run into the next morning (`Fr 22:00-26:00` ends at 2:00), never longer".to_string()),
            });
            continue;
        }
        if end <= start && end != 0 {
            problems.push(ExpressionError {
                column: column_of(offset),
                message: format!("the time span `{span}` ends before it starts"),
                // An evening start and an early end is a session past midnight; anything
                // else is more likely two times swapped.
                help: (start >= 18 * 60 && end <= 6 * 60).then(|| past_midnight_help(start, end)),
            });
        }
    }
    problems.extend(unsupported(expression));
    problems.extend(
        impossible_days(expression)
            .into_iter()
            .map(|(offset, text)| ExpressionError {
                column: column_of(offset),
                message: format!("`{text}` is a day that does not exist"),
                help: Some(
                    "check the day and month (`Dec 24`, `Apr 30`); February has 29 days only in leap years".to_string(),
                ),
            }),
    );
    // Overlaps inside one rule (between `;`), e.g. `Mo 09:00-12:00,11:00-13:00`.
    let mut rule_start = 0;
    for rule in expression.split(';') {
        let spans = written_spans(rule);
        for (i, a) in spans.iter().enumerate() {
            for b in &spans[i + 1..] {
                let same_days = rule[..a.0].trim_end_matches([',', ' ']).rsplit(' ').next()
                    == rule[..b.0].trim_end_matches([',', ' ']).rsplit(' ').next()
                    || rule[a.0 + 11..b.0].chars().all(|c| c == ',' || c == ' ');
                if same_days && a.1 < b.2 && b.1 < a.2 {
                    problems.push(ExpressionError {
                        column: column_of(rule_start + b.0),
                        message: format!(
                            "the time spans `{}` and `{}` overlap",
                            &rule[a.0..a.0 + 11],
                            &rule[b.0..b.0 + 11]
                        ),
                        help: None,
                    });
                }
            }
        }
        rule_start += rule.len() + 1;
    }
    problems
}

/// The help for a span written backwards: past midnight is written with hours after 24
/// (`22:00-26:00`), as OpenStreetMap's form that cannot be mistaken for two swapped times.
fn past_midnight_help(start: u32, end: u32) -> String {
    format!(
        "past midnight, write the end after 24:00: `{}-{:02}:{:02}` is open until {} the next morning",
        clock(start),
        end / 60 + 24,
        end % 60,
        clock(end)
    )
}

/// Features of the OpenStreetMap syntax that quartier cannot publish faithfully in every form
/// (page, calendar, JSON-LD, open-now): times tied to the sun, an open end, repeating times.
fn unsupported(expression: &str) -> Vec<ExpressionError> {
    let lower = expression.to_ascii_lowercase();
    let column_of = |offset: usize| expression[..offset].chars().count() + 1;
    let mut problems = Vec::new();
    for word in ["sunrise", "sunset", "dawn", "dusk"] {
        if let Some(offset) = lower.find(word) {
            problems.push(ExpressionError {
                column: column_of(offset),
                message: format!("times tied to the sun (`{word}`) are not supported"),
                help: Some(
                    "write clock times, e.g. `Mo-Fr 09:00-17:00`; an office keeps the same hours all year".to_string(),
                ),
            });
        }
    }
    let bytes = expression.as_bytes();
    for (offset, _) in expression.match_indices('+') {
        let after_time = offset >= 5 && bytes[offset - 3] == b':' && bytes[offset - 1].is_ascii_digit();
        if after_time {
            problems.push(ExpressionError {
                column: column_of(offset - 5),
                message: format!("an open end (`{}`) is not supported", &expression[offset - 5..=offset]),
                help: Some("write when the office closes, e.g. `Mo 09:00-12:00`".to_string()),
            });
        }
    }
    for (offset, _, _) in written_spans(expression) {
        if bytes.get(offset + 11) == Some(&b'/') {
            problems.push(ExpressionError {
                column: column_of(offset),
                message: format!(
                    "repeating times (`{}/…`) are not supported",
                    &expression[offset..offset + 11]
                ),
                help: Some("write each time span, e.g. `Mo 10:00-10:30,11:00-11:30`".to_string()),
            });
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_checked_expression_is_read_once_and_remembered_with_its_problems() {
        let first = checked_expression("Mo 09:00-12:00; PH off");
        let again = checked_expression("Mo 09:00-12:00; PH off");
        assert!(std::sync::Arc::ptr_eq(&first, &again), "read twice");
        assert!(first.parsed.is_ok() && first.problems.is_empty());

        let swapped = checked_expression("Mo 12:00-09:00");
        assert!(swapped.parsed.is_ok());
        assert_eq!(swapped.problems, check_expression("Mo 12:00-09:00"));
        assert!(!swapped.problems.is_empty());

        let broken = checked_expression("Do 09:00-12:00");
        assert_eq!(
            broken.parsed.as_ref().err(),
            parse_expression("Do 09:00-12:00").err().as_ref()
        );
    }

    #[test]
    fn remembered_rules_are_those_of_the_parse_they_are_asked_for() {
        let text = "Mo-Fr 09:00-12:00; We off";
        let parsed = parse_expression(text).unwrap();
        let rules = compiled(text, &parsed);
        assert!(std::sync::Arc::ptr_eq(&rules, &compiled(text, &parsed)));
        // A parse of other text under the same name is compiled from itself, not remembered.
        let other = parse_expression("Sa 10:00-11:00").unwrap();
        assert_eq!(compiled(text, &other).len(), rules::compile(&other).len());
        assert_eq!(rules.len(), 2);
    }
}
