//! What the progress page says about outcome measures: when the goal ratings (the Patient-Specific
//! Functional Scale) are next due, and the disability questionnaires a clinic entered, each in
//! plain words with whether it changed by an amount that matters. The scoring, the bands and the
//! schedule are the core's (`gradus_core::measures`); this only puts them into sentences.

use gradus_core::day::Day;
use gradus_core::log::{Log, LogEntryInput};
use gradus_core::measures::{Change, meaningful_change, psfs_due, psfs_next};
use gradus_core::plan::Plan;
use gradus_store::Timestamp;

use super::labels::day_label;

/// One questionnaire, as a row of the progress page's table.
pub struct MeasureRow {
    pub name: &'static str,
    pub day: String,
    pub score: String,
    pub band: &'static str,
    pub change: String,
}

/// When the goals are next to be rated again, in words: "due now (since Tuesday 3 March)" or
/// "next due Tuesday 17 March".
pub fn goals_due(intake_day: Day, last_rating: Option<Day>, today: Day) -> String {
    let next = psfs_next(intake_day, last_rating);
    if next <= today {
        format!(
            "Time to rate your goals again (due since {}): do it at your next check-in.",
            day_label(next)
        )
    } else {
        format!(
            "Next rating of your goals: {}. Every two weeks is enough to see a change.",
            day_label(next)
        )
    }
}

/// The day of the latest check-in that rated the goals.
pub fn last_goal_rating<'a>(entries: impl Iterator<Item = &'a LogEntryInput>) -> Option<Day> {
    entries
        .filter_map(|e| match e {
            LogEntryInput::Checkin(c) if !c.goals.is_empty() => Day::parse(&c.date).ok(),
            _ => None,
        })
        .max()
}

/// The day the member's current line of plans began (its first version, made from the intake):
/// the goal ratings' two-week schedule counts from it, on every page alike.
pub fn line_start(line: &[(i64, Timestamp)], day_for: impl Fn(Timestamp) -> Day) -> Option<Day> {
    line.iter()
        .find(|(v, _)| *v == 1)
        .or(line.first())
        .map(|(_, created)| day_for(*created))
}

/// For the check-in page: a reminder when the goals are due for their two-weekly rating, counted
/// from the start of the plan line (the intake) or the last rating.
pub fn goals_due_now(
    plan: &Plan,
    intake_day: Option<Day>,
    last_rating: Option<Day>,
    today: Day,
) -> Option<String> {
    if plan.basis.goals.is_empty() {
        return None;
    }
    psfs_due(intake_day?, last_rating, today).map(|since| {
        format!(
            "Time to rate your goals again (due since {}): rating them every two weeks shows what is changing, even when pain is not.",
            day_label(since)
        )
    })
}

/// The disability questionnaires in the log, oldest first, each compared with the first of its
/// kind.
pub fn measure_rows(log: &Log) -> Vec<MeasureRow> {
    log.measures
        .iter()
        .map(|d| {
            let first = log.measures.iter().find(|f| f.measure == d.measure);
            let change = match first.filter(|f| f.taken_on < d.taken_on) {
                None => "the first one: later ones are compared with it".to_string(),
                Some(f) => {
                    let points = (f.percent - d.percent).abs().round();
                    match meaningful_change(f, d) {
                        Some(Change::Better) => {
                            format!("{points:.0} points better than the first: a real change")
                        }
                        Some(Change::Worse) => {
                            format!("{points:.0} points worse than the first: a real change")
                        }
                        _ => format!(
                            "{points:.0} points from the first: less than the {} that count as a real change",
                            d.measure.mcid_percent()
                        ),
                    }
                }
            };
            MeasureRow {
                name: d.measure.name(),
                day: day_label(d.taken_on),
                score: format!("{:.0}%", d.percent),
                band: d.band().words(),
                change,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use gradus_core::log::MeasureInput;
    use gradus_core::measures::DisabilityMeasure;

    fn day(s: &str) -> Day {
        Day::parse(s).unwrap()
    }

    fn plan_with_goals() -> Plan {
        let text = include_str!("../../../../examples/intake-disc-flare.json");
        let input: gradus_core::IntakeInput = gradus_content::json::document(text).unwrap();
        let lib = gradus_content::load().unwrap();
        gradus_core::assess(&input, &lib, &Default::default())
            .unwrap()
            .plan
            .unwrap()
    }

    /// Stratford 1995 / our schedule: the goals are re-rated every two weeks from the intake or
    /// the last rating; the check-in asks only when that day has come.
    #[test]
    fn the_check_in_asks_for_goal_ratings_every_two_weeks() {
        let plan = plan_with_goals();
        assert!(!plan.basis.goals.is_empty(), "fixture has goals");
        let start = Some(day("2026-03-02"));
        assert_eq!(goals_due_now(&plan, start, None, day("2026-03-15")), None);
        let due = goals_due_now(&plan, start, None, day("2026-03-16")).expect("14 days on");
        assert!(due.contains("rate your goals again"), "{due}");
        assert_eq!(
            goals_due_now(&plan, start, Some(day("2026-03-10")), day("2026-03-20")),
            None
        );
        // The line's first version is the start, whatever came after it.
        let line = [
            (2, Timestamp::from_millis(0)),
            (1, Timestamp::from_millis(86_400_000)),
        ];
        assert_eq!(
            line_start(&line, |t| Day::from_unix_days(t.millis() / 86_400_000)),
            Some(Day::from_unix_days(1))
        );
        assert!(goals_due(day("2026-03-02"), None, day("2026-03-05")).contains("Next rating"));
    }

    #[test]
    fn questionnaires_say_whether_they_changed_by_a_real_amount() {
        let entries = [
            ("2026-03-01", DisabilityMeasure::Odi, [2; 10]),
            (
                "2026-03-29",
                DisabilityMeasure::Odi,
                [2, 2, 2, 2, 1, 1, 1, 1, 1, 1],
            ),
            ("2026-03-29", DisabilityMeasure::Ndi, [1; 10]),
        ]
        .map(|(date, measure, items)| {
            LogEntryInput::Measure(MeasureInput {
                date: date.into(),
                measure,
                items: items.iter().map(|x| Some(*x)).collect(),
            })
        });
        let log = Log::parse(&entries).unwrap();
        let rows = measure_rows(&log);
        assert_eq!(rows.len(), 3);
        assert_eq!(
            (rows[0].score.as_str(), rows[1].score.as_str()),
            ("40%", "28%")
        );
        assert!(rows[0].change.starts_with("the first one"));
        assert_eq!(
            rows[1].change,
            "12 points better than the first: a real change"
        );
        assert!(rows[2].name.starts_with("Neck"));
        assert!(rows[2].change.starts_with("the first one"));
    }
}
