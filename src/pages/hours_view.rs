//! Opening hours as the pages show them: the regular week, the exceptions, and the data for the open-now line.

use super::*;

/// Everything pages need to know about one location's hours, computed once per build and
/// then only formatted per language.
#[derive(Debug, Clone)]
pub struct HoursFacts {
    /// The regular week: per weekday (0 = Monday) its intervals.
    pub week: BTreeMap<usize, Vec<hours::OpenInterval>>,
    /// Open intervals from the build day on (holidays and closures applied).
    pub intervals: Vec<hours::OpenInterval>,
    /// Days ahead on which the location is closed although normally open, and why.
    pub exceptions: Vec<(NaiveDate, ClosedBecause)>,
    /// The weekly events of the calendar file.
    pub calendar: Vec<crate::ics::WeeklyEvent>,
}

impl HoursFacts {
    /// Computes the facts for `open_days` of intervals and `exception_days` of exceptions.
    pub fn compute(hours: &hours::Hours, today: NaiveDate, open_days: u32, exception_days: u32) -> Self {
        HoursFacts {
            week: hours::regular_week(hours, today),
            intervals: hours.open_intervals(today, open_days),
            exceptions: (0..exception_days)
                .map(|d| today + chrono::Duration::days(d.into()))
                .filter_map(|day| hours.closed_because(day).map(|why| (day, why)))
                .collect(),
            calendar: crate::ics::calendar_events(hours, today),
        }
    }
}

impl<'a> Localizer<'a> {
    pub(super) fn facts_of(&self, o: &Office, l: &crate::validate::Location) -> Option<&'a HoursFacts> {
        self.facts.get(&(o.id.clone(), l.id.clone()))
    }

    /// A date as "Donnerstag, 27. November" in the reader's language.
    pub(super) fn date(&self, date: NaiveDate) -> String {
        self.ui("date_format")
            .replace("{weekday}", &self.ui(hours::weekday_key(date.weekday())))
            .replace("{day}", &date.day().to_string())
            .replace("{month}", &self.ui(&format!("month_{}", date.month())))
    }

    pub(super) fn week(&self, facts: &HoursFacts) -> Vec<DayRowView> {
        let monday = self.today - chrono::Duration::days(self.today.weekday().num_days_from_monday().into());
        facts
            .week
            .iter()
            .map(|(d, intervals)| (*d, intervals))
            .map(|(d, intervals)| {
                let day = monday + chrono::Duration::days(d as i64);
                DayRowView {
                    day: self.ui(hours::weekday_key(day.weekday())),
                    slots: intervals
                        .iter()
                        .map(|i| SlotView {
                            from: hours::hhmm(i.start, day),
                            to: hours::hhmm(i.end, day),
                            mode: self.ui(i.mode.key()),
                            languages: self.spoken(&i.languages),
                        })
                        .collect(),
                }
            })
            .collect()
    }

    pub(super) fn exceptions(&self, facts: &HoursFacts) -> Vec<ExceptionView> {
        facts
            .exceptions
            .iter()
            .map(|(day, why)| {
                let reason = match why {
                    ClosedBecause::Holiday(key) => {
                        let name = self.ui(&format!("holiday_{key}"));
                        TextView {
                            html: escape(&name),
                            text: name,
                            fallback: false,
                        }
                    }
                    ClosedBecause::Closure(reason) => self.text(reason, false),
                };
                ExceptionView {
                    date: self.date(*day),
                    reason,
                }
            })
            .collect()
    }

    /// Open intervals for the "open now" script: each `[start ms, end ms, weekday (0 = Monday),
    /// day, month (1-12), "HH:MM" start, "HH:MM" end]` in Europe/Berlin, plus the label
    /// templates and names of this language, so the script only fills them in.
    pub(super) fn hours_json(&self, facts: &HoursFacts) -> String {
        let rows: Vec<serde_json::Value> = facts
            .intervals
            .iter()
            .map(|i| {
                let day = i.start.date();
                serde_json::json!([
                    hours::berlin_millis(i.start),
                    hours::berlin_millis(i.end),
                    day.weekday().num_days_from_monday(),
                    day.day(),
                    day.month(),
                    hours::hhmm(i.start, day),
                    hours::hhmm(i.end, day)
                ])
            })
            .collect();
        let from = hours::berlin_millis(self.today.and_time(chrono::NaiveTime::MIN));
        let until = hours::berlin_millis(
            (self.today + chrono::Duration::days(OPEN_NOW_DAYS.into())).and_time(chrono::NaiveTime::MIN),
        );
        let weekdays: Vec<String> = hours::WEEKDAYS
            .iter()
            .map(|d| self.ui(hours::weekday_key(*d)))
            .collect();
        let months: Vec<String> = (1..=12).map(|m| self.ui(&format!("month_{m}"))).collect();
        let json = serde_json::json!({
            "from": from,
            "until": until,
            "open": self.ui("hours_open_now"),
            "opens": self.ui("hours_opens"),
            "date": self.ui("date_format"),
            "weekdays": weekdays,
            "months": months,
            "intervals": rows,
        });
        // Safe inside <script>: no `</` can end the element early.
        json.to_string().replace('<', "\\u003c")
    }
}
