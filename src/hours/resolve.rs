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
    /// What the regular week would give.
    pub regular: DayHours,
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
    Open(Mode, Vec<String>),
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
    /// The covered days, from the build day on.
    pub days: Vec<ResolvedDay>,
    /// The regular week, Monday (0) to Sunday (6).
    pub week: [Vec<WeekEntry>; 7],
    /// Whether the location is closed until further notice.
    pub temporarily_closed: bool,
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
        let days: Vec<ResolvedDay> = (0..COVERED_DAYS)
            .map(|d| {
                let date = first + Duration::days(d.into());
                let (actual, regular, reason) = hours.resolve_day(date);
                ResolvedDay {
                    date,
                    hours: actual,
                    regular,
                    reason,
                }
            })
            .collect();
        let week = regular_week(&days);
        Resolved {
            days,
            week,
            temporarily_closed: hours.temporarily_closed.is_some(),
        }
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

    /// The covered day `date`, if covered.
    pub fn day(&self, date: NaiveDate) -> Option<&ResolvedDay> {
        let first = self.days.first()?.date;
        let index = usize::try_from((date - first).num_days()).ok()?;
        self.days.get(index)
    }

    /// Open sessions of the first `days` days.
    pub fn open_sessions(&self, days: u32) -> impl Iterator<Item = &OpenInterval> {
        self.days.iter().take(days as usize).flat_map(|d| d.hours.open.iter())
    }

    /// Uncertain spans of the first `days` days.
    pub fn uncertain_spans(&self, days: u32) -> impl Iterator<Item = &Uncertain> {
        self.days
            .iter()
            .take(days as usize)
            .flat_map(|d| d.hours.uncertain.iter())
    }

    /// Whether the location is open at local time `at` (within the covered days).
    pub fn is_open_at(&self, at: NaiveDateTime) -> bool {
        self.days
            .iter()
            .filter(|d| d.date == at.date() || d.date + Duration::days(1) == at.date())
            .any(|d| d.hours.open.iter().any(|i| i.start <= at && at < i.end))
    }

    /// The exceptions of the first `days` days: runs of days that differ from the regular week
    /// in the same way for the same reason, as (first day, last day, that day's hours, reason).
    /// Days on which neither the regular week nor the day has anything join a run.
    pub fn exceptions(&self, days: u32) -> Vec<Exception> {
        let mut out: Vec<Exception> = Vec::new();
        let mut bridge = 0;
        for day in self.days.iter().take(days as usize) {
            match &day.reason {
                Some(reason) => {
                    let same = out.last().is_some_and(|e| {
                        e.last + Duration::days(1 + bridge) == day.date
                            && e.reason == *reason
                            && same_times(&e.hours, &day.hours, e.first, day.date)
                    });
                    if same {
                        if let Some(e) = out.last_mut() {
                            e.last = day.date;
                        }
                    } else {
                        out.push(Exception {
                            first: day.date,
                            last: day.date,
                            hours: day.hours.clone(),
                            reason: reason.clone(),
                        });
                    }
                    bridge = 0;
                }
                None if day.hours.is_empty() && day.regular.is_empty() => bridge += 1,
                None => {
                    // A normal day ends any run.
                    bridge = i64::from(u16::MAX);
                }
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

fn regular_week(days: &[ResolvedDay]) -> [Vec<WeekEntry>; 7] {
    let mut week: [Vec<WeekEntry>; 7] = Default::default();
    for (weekday, entries) in week.iter_mut().enumerate() {
        let same_weekday: Vec<&ResolvedDay> = days
            .iter()
            .filter(|d| d.date.weekday().num_days_from_monday() as usize == weekday)
            .collect();
        let mut found: BTreeMap<(u32, u32, EntryKind), Vec<NaiveDate>> = BTreeMap::new();
        for day in &same_weekday {
            let spans = day
                .regular
                .open
                .iter()
                .map(|i| (i.start, i.end, EntryKind::Open(i.mode, i.languages.clone())))
                .chain(
                    day.regular
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
