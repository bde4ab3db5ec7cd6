//! The one resolved form of a location's hours: every day of the covered period with what it
//! really holds and why it differs from the regular week, and the regular week itself, derived
//! from the rules that repeat. The week table, the exceptions, the open-now data, the calendar
//! file, the JSON-LD and `check --hours` are all read from it, so they cannot disagree.

use super::*;

/// How many days from the build day the resolved hours cover (calendar, JSON-LD, cadence).
pub const COVERED_DAYS: u32 = 365;

/// One day of the covered period.
#[derive(Debug, Clone)]
pub struct ResolvedDay {
    /// The day.
    pub date: NaiveDate,
    /// What it really holds (holidays, closures, dated rules applied).
    pub hours: DayHours,
    /// Whether the regular week has nothing on this day (the regular day itself is folded
    /// into [`Resolved::week`] and not kept).
    pub regular_is_empty: bool,
    /// Why it differs from the regular week, if it does.
    pub reason: Option<Reason>,
}

/// How often an entry of the regular week happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cadence {
    /// On every such weekday of the covered period.
    EveryWeek,
    /// Every second week (`week 1-53/2`).
    EveryOtherWeek,
    /// On some weeks only (`Mo[-1]`, `Jan-Mar`, week numbers that do not alternate).
    SomeWeeks,
}

/// What an entry of the regular week is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum EntryKind {
    /// Open, with its mode and languages.
    Open(Mode, std::sync::Arc<[String]>),
    /// Not known to be open; the comment as written.
    Uncertain(String),
}

/// A line of the regular week: a time on a weekday and how often it happens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekEntry {
    /// Start, minutes after midnight.
    pub start: u32,
    /// End, minutes after the same midnight (past 24:00 when it runs into the next morning).
    pub end: u32,
    /// Open (mode, languages) or uncertain.
    pub kind: EntryKind,
    /// Every week, every other week, some weeks.
    pub cadence: Cadence,
    /// The days of the covered period on which the regular week has it.
    pub dates: Vec<NaiveDate>,
}

/// A location's hours resolved over [`COVERED_DAYS`] days from the build day.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// The build day, the first covered day.
    pub first: NaiveDate,
    /// The covered days that hold something, in the regular week or really, or differ from the
    /// regular week; every other covered day is empty both ways (not kept: a 10,000-page site
    /// has thousands of such days per location).
    pub days: Vec<ResolvedDay>,
    /// The regular week, Monday (0) to Sunday (6).
    pub week: [Vec<WeekEntry>; 7],
}

/// Minutes after `day`'s midnight.
pub fn minutes_after(day: NaiveDate, t: NaiveDateTime) -> u32 {
    (t - day.and_time(NaiveTime::MIN)).num_minutes().max(0) as u32
}

/// `HH:MM` of minutes after midnight; past 24:00 it is the next morning's clock time, and
/// midnight at the end of a day is `24:00`.
pub fn clock(minutes: u32) -> String {
    let m = if minutes > 24 * 60 { minutes - 24 * 60 } else { minutes };
    format!("{:02}:{:02}", m / 60, m % 60)
}

impl Resolved {
    /// Resolves `hours` from `first` on.
    pub fn compute(hours: &Hours, first: NaiveDate) -> Resolved {
        let (days, regulars): (Vec<ResolvedDay>, Vec<DayHours>) = (0..COVERED_DAYS)
            .map(|d| {
                let date = first + Duration::days(d.into());
                let (actual, regular, reason) = hours.resolve_day(date);
                let day = ResolvedDay {
                    date,
                    hours: actual,
                    regular_is_empty: regular.is_empty(),
                    reason,
                };
                (day, regular)
            })
            .unzip();
        let week = regular_week(&days, &regulars);
        let days = days
            .into_iter()
            .filter(|d| !(d.hours.is_empty() && d.regular_is_empty && d.reason.is_none()))
            .collect();
        Resolved { first, days, week }
    }

    /// The open times of `weekday` (0 = Monday) that happen every week, sessions split by slots
    /// joined again.
    pub fn weekly_open(&self, weekday: usize) -> Vec<(u32, u32)> {
        let mut times: Vec<(u32, u32)> = Vec::new();
        for e in self.week[weekday].iter().filter(|e| e.cadence == Cadence::EveryWeek) {
            if matches!(e.kind, EntryKind::Open(..)) {
                push_joined(&mut times, (e.start, e.end));
            }
        }
        times
    }

    /// Forgets the days from `first + days` on (the forms that need a year are made by then).
    pub fn keep_days(&mut self, days: u32) {
        let end = self.first + Duration::days(days.into());
        self.days.retain(|d| d.date < end);
    }

    /// The covered day `date`, if it holds anything (`None`: empty both ways, or not covered).
    pub fn day(&self, date: NaiveDate) -> Option<&ResolvedDay> {
        self.days
            .binary_search_by_key(&date, |d| d.date)
            .ok()
            .map(|i| &self.days[i])
    }

    /// The kept days before `first + days`.
    fn within(&self, days: u32) -> impl Iterator<Item = &ResolvedDay> {
        let end = self.first + Duration::days(days.into());
        self.days.iter().take_while(move |d| d.date < end)
    }

    /// Open sessions of the first `days` days.
    pub fn open_sessions(&self, days: u32) -> impl Iterator<Item = &OpenInterval> {
        self.within(days).flat_map(|d| d.hours.open.iter())
    }

    /// Uncertain spans of the first `days` days.
    pub fn uncertain_spans(&self, days: u32) -> impl Iterator<Item = &Uncertain> {
        self.within(days).flat_map(|d| d.hours.uncertain.iter())
    }

    /// The closed days of the first `days` days that have a reason.
    pub fn closed_with_reason(&self, days: u32) -> impl Iterator<Item = &ResolvedDay> {
        self.within(days).filter(|d| d.hours.is_empty() && d.reason.is_some())
    }

    /// The exceptions of the first `days` days: runs of days that differ from the regular week
    /// in the same way for the same reason, as (first day, last day, that day's hours, reason).
    /// Days on which neither the regular week nor the day has anything join a run.
    pub fn exceptions(&self, days: u32) -> Vec<Exception> {
        let mut out: Vec<Exception> = Vec::new();
        // Whether a normal day (open, or normally open, for no reason) came since the last run.
        let mut broken = true;
        for day in self.within(days) {
            match &day.reason {
                Some(reason) => {
                    let same = !broken
                        && out.last().is_some_and(|e| {
                            e.reason == *reason && same_times(&e.hours, &day.hours, e.first, day.date)
                        });
                    match out.last_mut() {
                        Some(e) if same => e.last = day.date,
                        _ => out.push(Exception {
                            first: day.date,
                            last: day.date,
                            hours: day.hours.clone(),
                            reason: reason.clone(),
                        }),
                    }
                    broken = false;
                }
                // Days with nothing either way join a run; they are not even kept.
                None if day.hours.is_empty() && day.regular_is_empty => {}
                None => broken = true,
            }
        }
        out
    }
}

/// A run of days that differ from the regular week.
#[derive(Debug, Clone, PartialEq)]
pub struct Exception {
    /// First day.
    pub first: NaiveDate,
    /// Last day (the same as `first` for one day).
    pub last: NaiveDate,
    /// What the first day holds (nothing: closed).
    pub hours: DayHours,
    /// Why.
    pub reason: Reason,
}

fn same_times(a: &DayHours, b: &DayHours, a_day: NaiveDate, b_day: NaiveDate) -> bool {
    let times = |h: &DayHours, day: NaiveDate| -> Vec<(u32, u32)> {
        h.open
            .iter()
            .map(|i| (minutes_after(day, i.start), minutes_after(day, i.end)))
            .chain(
                h.uncertain
                    .iter()
                    .map(|u| (minutes_after(day, u.start), minutes_after(day, u.end))),
            )
            .collect()
    };
    times(a, a_day) == times(b, b_day)
}

fn regular_week(days: &[ResolvedDay], regulars: &[DayHours]) -> [Vec<WeekEntry>; 7] {
    let mut week: [Vec<WeekEntry>; 7] = Default::default();
    for (weekday, entries) in week.iter_mut().enumerate() {
        let same_weekday: Vec<(&ResolvedDay, &DayHours)> = days
            .iter()
            .zip(regulars)
            .filter(|(d, _)| d.date.weekday().num_days_from_monday() as usize == weekday)
            .collect();
        let mut found: BTreeMap<(u32, u32, EntryKind), Vec<NaiveDate>> = BTreeMap::new();
        for (day, regular) in &same_weekday {
            let spans = regular
                .open
                .iter()
                .map(|i| (i.start, i.end, EntryKind::Open(i.mode, i.languages.clone())))
                .chain(
                    regular
                        .uncertain
                        .iter()
                        .map(|u| (u.start, u.end, EntryKind::Uncertain(u.note.clone()))),
                );
            for (start, end, kind) in spans {
                found
                    .entry((minutes_after(day.date, start), minutes_after(day.date, end), kind))
                    .or_default()
                    .push(day.date);
            }
        }
        for ((start, end, kind), dates) in found {
            let cadence = if dates.len() == same_weekday.len() {
                Cadence::EveryWeek
            } else if dates.len() > 1 && dates.windows(2).all(|w| (w[1] - w[0]).num_days() == 14) {
                Cadence::EveryOtherWeek
            } else {
                Cadence::SomeWeeks
            };
            entries.push(WeekEntry {
                start,
                end,
                kind,
                cadence,
                dates,
            });
        }
        entries.sort_by_key(|e| (e.start, e.end));
    }
    week
}

fn push_joined(times: &mut Vec<(u32, u32)>, (start, end): (u32, u32)) {
    match times.last_mut() {
        Some(last) if last.1 == start => last.1 = end,
        _ => times.push((start, end)),
    }
}

/// The open times of a covered day, in minutes after its midnight, sessions split by slots
/// joined again.
pub fn merged_open(day: &ResolvedDay) -> Vec<(u32, u32)> {
    let mut times = Vec::new();
    for i in &day.hours.open {
        push_joined(
            &mut times,
            (minutes_after(day.date, i.start), minutes_after(day.date, i.end)),
        );
    }
    times
}
