//! The rules of an expression evaluated day by day, with one semantics for every form the
//! hours take: a session belongs to the day it starts on. `Fr 22:00-26:00` is one session of
//! Friday that ends at 02:00 on Saturday; a holiday or closure on Friday cancels all of it, one
//! on Saturday none of it.
//!
//! Which days a rule applies to (weekdays, weeks, months, dates, `PH`, `SH`) is decided by the
//! `opening-hours` crate; the times, the operators (`;` `,` `||`) and what a day's sessions are
//! is decided here, because the crate cuts sessions at midnight and lets a rule of the next day
//! close the end of the previous day's session.

use std::sync::Arc;

use chrono::NaiveDate;
use opening_hours::OpeningHours;
use opening_hours_syntax::rules::day::{DaySelector, HolidayKind, MonthdayRange, WeekDayRange};
use opening_hours_syntax::rules::time::{Time, TimeSelector};
use opening_hours_syntax::rules::{RuleKind, RuleOperator, RuleSequence};

use super::holidays_context;

/// What a span of a day is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum State {
    /// Open.
    Open,
    /// Not known to be open: `unknown`, or a rule of only a comment (`|| "nach Vereinbarung"`);
    /// the comment as written (may be empty).
    Uncertain(Arc<str>),
}

/// A span of one day: minutes from that day's midnight; `end` may pass 24:00 (the session
/// runs into the next morning).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// Start, minutes after midnight (below 24:00).
    pub start: u32,
    /// End, minutes after the same midnight (up to 36:00).
    pub end: u32,
    /// Open or uncertain.
    pub state: State,
}

/// One rule of an expression, ready to evaluate.
#[derive(Debug, Clone)]
pub(super) struct Rule {
    /// The rule's day selector as an expression of its own; `None` = every day.
    days: Option<OpeningHours>,
    /// The spans it sets; `None` = the whole day (no time written).
    spans: Option<Vec<(u32, u32)>>,
    kind: RuleKind,
    operator: RuleOperator,
    comment: Arc<str>,
    /// True when the rule repeats every week or in a pattern of weeks (weekdays, week numbers,
    /// months), false for dates, years and holidays: those are exceptions to the regular week.
    pub(super) repeating: bool,
    /// Whether the rule names `SH`.
    uses_school_holidays: bool,
    /// Whether the rule names `PH`.
    uses_public_holidays: bool,
}

/// Whether a day selector names dates, years or holidays.
fn is_dated(days: &DaySelector) -> bool {
    !days.year.is_empty()
        || days.monthday.iter().any(|m| {
            matches!(
                m,
                MonthdayRange::Date { .. } | MonthdayRange::Month { year: Some(_), .. }
            )
        })
        || days.weekday.iter().any(|w| matches!(w, WeekDayRange::Holiday { .. }))
}

fn names(rule: &RuleSequence, holidays: HolidayKind) -> bool {
    rule.day_selector
        .weekday
        .iter()
        .any(|w| matches!(w, WeekDayRange::Holiday { kind, .. } if *kind == holidays))
}

/// Whether any rule mentions `SH`.
pub(super) fn uses_school_holidays(rules: &[Rule]) -> bool {
    rules.iter().any(|r| r.uses_school_holidays)
}

impl Rule {
    fn from_sequence(rule: &RuleSequence) -> Rule {
        let days = (!rule.day_selector.is_empty()).then(|| {
            let selector = RuleSequence {
                day_selector: rule.day_selector.clone(),
                time_selector: TimeSelector::default(),
                kind: RuleKind::Open,
                operator: RuleOperator::Normal,
                comment: "".into(),
            };
            // The crate writes a rule back as it reads it; reading it again gives the day
            // selector alone, evaluated with NRW's public and school holidays.
            selector
                .to_string()
                .parse::<OpeningHours>()
                .map(|oh| oh.with_context(holidays_context()))
                .unwrap_or_else(|_| {
                    // Cannot happen for a selector the crate itself wrote; match no day.
                    "closed".parse::<OpeningHours>().expect("`closed` parses")
                })
        });
        let whole_day = rule.time_selector == TimeSelector::default();
        let spans = (!whole_day).then(|| {
            rule.time_selector
                .spans
                .iter()
                .filter_map(|span| match (&span.range.start, &span.range.end) {
                    (Time::Fixed(a), Time::Fixed(b)) => {
                        let (a, b) = (u32::from(a.mins_from_midnight()), u32::from(b.mins_from_midnight()));
                        // `22:00-00:00` ends at midnight; other backward spans are refused by
                        // `check_expression` before anything is published.
                        Some((a, if b <= a { b + 24 * 60 } else { b }))
                    }
                    // Variable times are refused by `check_expression`.
                    _ => None,
                })
                .collect()
        });
        Rule {
            days,
            spans,
            kind: rule.kind,
            operator: rule.operator,
            comment: rule.comment.clone(),
            repeating: !is_dated(&rule.day_selector),
            uses_school_holidays: names(rule, HolidayKind::School),
            uses_public_holidays: names(rule, HolidayKind::Public),
        }
    }

    /// Whether the rule names public (`PH`) or, with `school`, school holidays (`SH`).
    pub(super) fn names_holidays(&self, school: bool) -> bool {
        if school {
            self.uses_school_holidays
        } else {
            self.uses_public_holidays
        }
    }

    /// The rule's comment as written.
    pub(super) fn comment(&self) -> &str {
        &self.comment
    }

    pub(super) fn applies_on(&self, day: NaiveDate) -> bool {
        self.days.as_ref().is_none_or(|oh| !oh.schedule_at(day).is_empty())
    }

    /// What the rule sets: open, uncertain, or (`None`) closed.
    fn state(&self) -> Option<State> {
        match self.kind {
            RuleKind::Closed => None,
            RuleKind::Unknown => Some(State::Uncertain(self.comment.clone())),
            // A rule of only a comment, no time: "otherwise by appointment" is not "open".
            RuleKind::Open if self.spans.is_none() && !self.comment.is_empty() => {
                Some(State::Uncertain(self.comment.clone()))
            }
            RuleKind::Open => Some(State::Open),
        }
    }

    fn ranges(&self) -> Vec<(u32, u32)> {
        self.spans.clone().unwrap_or_else(|| vec![(0, 24 * 60)])
    }
}

/// The rules of a parsed expression.
pub(super) fn compile(parsed: &OpeningHours) -> Vec<Rule> {
    parsed.get_expression().rules.iter().map(Rule::from_sequence).collect()
}

/// Sets `range` to `state` (`None` clears it), keeping spans sorted and apart.
fn paint(spans: &mut Vec<Span>, (start, end): (u32, u32), state: Option<State>) {
    let mut out = Vec::with_capacity(spans.len() + 2);
    for s in spans.drain(..) {
        if s.end <= start || end <= s.start {
            out.push(s);
            continue;
        }
        if s.start < start {
            out.push(Span {
                start: s.start,
                end: start,
                state: s.state.clone(),
            });
        }
        if end < s.end {
            out.push(Span {
                start: end,
                end: s.end,
                state: s.state,
            });
        }
    }
    if let Some(state) = state {
        out.push(Span { start, end, state });
    }
    out.sort_by_key(|s| s.start);
    // Join neighbours of the same state.
    let mut joined: Vec<Span> = Vec::with_capacity(out.len());
    for s in out {
        match joined.last_mut() {
            Some(last) if last.end == s.start && last.state == s.state => last.end = s.end,
            _ => joined.push(s),
        }
    }
    *spans = joined;
}

/// The sessions that start on `day`, from all rules or (`repeating_only`) from the rules that
/// repeat. A rule replaces what earlier rules said of a day it applies to (`;`), adds to it
/// (`,`; a closing rule `off` always adds), or applies only when no earlier rule applied
/// to the day (`||`). A whole-day `off` cancels the day's sessions, also their part after
/// midnight.
pub(super) fn sessions_of(rules: &[Rule], day: NaiveDate, repeating_only: bool) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::new();
    let mut any_applied = false;
    for rule in rules.iter().filter(|r| r.repeating || !repeating_only) {
        let closing = rule.kind == RuleKind::Closed;
        let applies = match rule.operator {
            RuleOperator::Fallback if any_applied => false,
            _ => rule.applies_on(day),
        };
        if !applies {
            continue;
        }
        any_applied = true;
        if rule.operator == RuleOperator::Normal && !closing || rule.operator == RuleOperator::Fallback {
            spans.clear();
        }
        let state = rule.state();
        if closing && rule.spans.is_none() {
            spans.clear();
            continue;
        }
        for range in rule.ranges() {
            paint(&mut spans, range, state.clone());
        }
    }
    spans
}
