//! What the progress page says about outcome measures: when the goal ratings (the Patient-Specific
//! Functional Scale) are next due, and the disability questionnaires a clinic entered, each in
//! plain words with whether it changed by an amount that matters. The scoring, the bands and the
//! schedule are the core's (`gradus_core::measures`); this only puts them into sentences.

use gradus_core::day::Day;
use gradus_core::log::Log;
use gradus_core::measures::{Change, meaningful_change, psfs_next};

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
