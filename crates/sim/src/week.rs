//! One week of a virtual person's log, written as the app would have stored it: the plan's
//! sessions done on the days the person manages (each item at its planned dose; for someone
//! whose sessions run sore, the exercise sessions at 6/10 and the walks at the day's pain), a daily
//! check-in, a goal re-rating every second week and a report on the current exposure step.
//! Sessions fall Monday to Saturday and the review is on Sunday, so every session has its
//! "did it settle by the next morning?" answer by then.

use gradus_core::day::Day;
use gradus_core::intake::GoalInput;
use gradus_core::log::{CheckinInput, ExposureReport, LogEntryInput, LoggedItem, SessionInput};
use gradus_core::plan::Plan;
use gradus_core::vocab::Kind;

use crate::cohort::{Member, Trajectory};

/// The week's entries, oldest first. `week` counts from 0.
pub fn week_log(
    member: &Member,
    plan: &Plan,
    week: usize,
    monday: Day,
    rng: &mut fastrand::Rng,
) -> Vec<LogEntryInput> {
    let usual = member.pain_in_week(week);
    let flare_week = member.trajectory == Trajectory::FlaresOnce && week == 4;
    let mut day_pain = Vec::with_capacity(7);
    for _ in 0..7 {
        let noise = (rng.f64() - 0.5) * 1.0;
        day_pain.push((usual + noise).round().clamp(0.0, 10.0) as i64);
    }
    let mut out = Vec::new();
    for session in &plan.sessions {
        let planned = usize::from(session.days_per_week).min(6);
        let done = ((planned as f64) * member.adherence).round() as usize;
        for day in spread(done, 6) {
            let pain = day_pain[day];
            // The exercises are what run sore; the walks go at the day's pain.
            let walk = session.items.iter().all(|it| it.kind == Kind::Aerobic);
            let during = match member.trajectory {
                Trajectory::SoreButSettles if !walk => 6,
                _ => pain,
            };
            out.push(LogEntryInput::Session(SessionInput {
                date: monday.plus(day as i64).to_string(),
                items: session
                    .items
                    .iter()
                    .map(|it| LoggedItem {
                        exercise: it.exercise.clone(),
                        sets: Some(i64::from(it.sets)),
                        reps: it.reps.map(i64::from),
                        hold_seconds: it.hold_seconds.map(i64::from),
                        minutes: it.minutes.map(f64::from),
                        pain: None,
                    })
                    .collect(),
                pain_before: pain,
                pain_during: during,
                pain_after: pain,
                settled_by_next_morning: Some(!flare_week),
            }));
        }
    }
    let goal = member.intake.goals.first();
    let fear = member.intake.fears.first();
    let ladder = plan.exposure_ladder.iter().find(|s| s.current);
    for (day, pain) in day_pain.iter().enumerate() {
        let sunday = day == 6;
        out.push(LogEntryInput::Checkin(CheckinInput {
            date: monday.plus(day as i64).to_string(),
            pain: *pain,
            stiffness: *pain,
            new_red_flags: Vec::new(),
            goals: match goal {
                Some(g) if sunday && week % 2 == 1 => vec![GoalInput {
                    activity: g.activity.clone(),
                    ability: member.ability_in_week(g.ability as f64, week + 1).round() as i64,
                }],
                _ => Vec::new(),
            },
            exposure: match (ladder, fear) {
                (Some(step), Some(f)) if sunday => Some(ExposureReport {
                    step: i64::from(step.step),
                    done: true,
                    fear: member.fear_in_week(f.rating as f64, week + 1).round() as i64,
                }),
                _ => None,
            },
        }));
    }
    out
}

/// `n` days spread over the first `days` of the week (Monday = 0).
fn spread(n: usize, days: usize) -> Vec<usize> {
    if n == 0 {
        return Vec::new();
    }
    (0..n.min(days)).map(|i| i * days / n.min(days)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_are_spread_over_the_week() {
        assert_eq!(spread(3, 6), vec![0, 2, 4]);
        assert_eq!(spread(5, 6), vec![0, 1, 2, 3, 4]);
        assert_eq!(spread(1, 6), vec![0]);
        assert!(spread(0, 6).is_empty());
        assert_eq!(spread(9, 6).len(), 6);
    }
}
