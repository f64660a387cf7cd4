//! What a physiotherapist reads off twelve weeks of reviews: the weekly decisions, weeks stalled
//! with nothing changing while the person tolerated everything, when each phase was reached,
//! escalations (the first, and repeats with nothing changed), the largest week-on-week dose
//! jump of any exercise, exercises added in one week, and walking minutes over time. Each member
//! is measured, then each trajectory summarised.

use std::collections::{BTreeMap, BTreeSet};

use gradus_core::plan::Plan;
use gradus_core::review::{Decision, Review};
use gradus_core::vocab::Phase;
use serde::Serialize;

use crate::cohort::{Member, Trajectory};

/// One week's review, as it bears on the person.
#[derive(Debug, Clone, Serialize)]
pub struct WeekRecord {
    pub week: usize,
    pub decision: Decision,
    /// The reasons' codes, in order.
    pub reasons: Vec<String>,
    /// The phase of the plan the person follows next week.
    pub phase: Phase,
    /// The plan for next week differs from this week's in any dose or exercise.
    pub changed: bool,
    /// The same, leaving the walk out: a plan whose only change is a longer walk has still
    /// frozen its exercises.
    pub exercises_changed: bool,
    /// The week was one a clinician would call tolerated: every session at or below the
    /// acceptable pain and settled by the next morning, and no flare.
    pub tolerated: bool,
    /// Exercises in next week's plan that were not in this week's.
    pub added: usize,
    /// The largest rise of any one exercise's weekly volume, as a fraction (0.25 = +25%).
    pub largest_dose_rise: f64,
    /// Walking minutes a session in next week's plan.
    pub walking_minutes: u16,
    /// What the person reads: the reasons' details and the plan's changes.
    #[serde(skip)]
    pub texts: Vec<String>,
}

/// One member followed over the weeks.
#[derive(Debug, Clone, Serialize)]
pub struct MemberRun {
    pub index: usize,
    pub trajectory: Trajectory,
    pub condition: String,
    pub region: String,
    pub baseline_pain: f64,
    pub start_phase: Option<Phase>,
    pub start_walking_minutes: u16,
    pub weeks: Vec<WeekRecord>,
    /// Why the run ended early, if it did (no plan, a stop).
    pub stopped: Option<String>,
}

impl MemberRun {
    pub fn new(m: &Member) -> MemberRun {
        MemberRun {
            index: m.index,
            trajectory: m.trajectory,
            condition: m.condition.as_str().to_string(),
            region: m.region.as_str().to_string(),
            baseline_pain: m.baseline_pain,
            start_phase: None,
            start_walking_minutes: 0,
            weeks: Vec::new(),
            stopped: None,
        }
    }

    pub fn record_start(&mut self, plan: &Plan) {
        self.start_phase = Some(plan.phase);
        self.start_walking_minutes = walking(plan);
    }

    pub fn record_week(&mut self, week: usize, r: &Review, before: &Plan, after: &Plan) {
        let f = &r.figures;
        let tolerated = f.hard_sessions == 0 && f.sessions_done > 0;
        let old: BTreeSet<&str> = before.items().map(|i| i.exercise.as_str()).collect();
        let added = after
            .items()
            .map(|i| i.exercise.as_str())
            .collect::<BTreeSet<_>>()
            .difference(&old)
            .count();
        let (v0, v1) = (volumes(before), volumes(after));
        let largest_dose_rise = v1
            .iter()
            .filter_map(|(ex, new)| {
                let old = v0.get(ex)?;
                (*old > 0.0).then(|| new / old - 1.0)
            })
            .fold(0.0, f64::max);
        self.weeks.push(WeekRecord {
            week,
            decision: r.decision,
            reasons: r.reasons.iter().map(|x| x.code.to_string()).collect(),
            phase: after.phase,
            changed: dose_shape(before) != dose_shape(after),
            exercises_changed: exercise_shape(before) != exercise_shape(after),
            tolerated,
            added,
            largest_dose_rise,
            walking_minutes: walking(after),
            texts: r
                .reasons
                .iter()
                .map(|x| x.detail.clone())
                .chain(after.changes.iter().map(|c| c.text.clone()))
                .chain(after.why.iter().cloned())
                .chain(after.items().map(|i| i.why.clone()))
                .collect(),
        });
    }

    /// The first week that escalated.
    pub fn first_escalation(&self) -> Option<usize> {
        self.weeks
            .iter()
            .find(|w| w.decision == Decision::Escalate)
            .map(|w| w.week)
    }

    /// Escalations that repeat the week before's with the same reasons and nothing changed.
    pub fn repeated_escalations(&self) -> usize {
        self.weeks
            .windows(2)
            .filter(|w| {
                w[0].decision == Decision::Escalate
                    && w[1].decision == Decision::Escalate
                    && w[0].reasons == w[1].reasons
                    && !w[1].changed
            })
            .count()
    }

    /// The longest run of weeks that were tolerated and left every exercise as it was (a
    /// longer walk alone does not count as moving on), outside the maintain phase, whose
    /// purpose is to keep a dose.
    pub fn longest_stall(&self) -> usize {
        let mut best = 0;
        let mut run = 0;
        for w in &self.weeks {
            if w.tolerated
                && !w.exercises_changed
                && w.phase != Phase::Maintain
                && matches!(w.decision, Decision::Hold | Decision::Progress)
            {
                run += 1;
                best = best.max(run);
            } else {
                run = 0;
            }
        }
        best
    }

    /// The first week the plan was in a phase (0 when it started there).
    pub fn week_reached(&self, phase: Phase) -> Option<usize> {
        if self.start_phase == Some(phase) {
            return Some(0);
        }
        self.weeks.iter().find(|w| w.phase == phase).map(|w| w.week)
    }

    /// The largest week-on-week rise of walking minutes, as a fraction.
    pub fn largest_walking_rise(&self) -> f64 {
        let mut prev = self.start_walking_minutes;
        let mut best: f64 = 0.0;
        for w in &self.weeks {
            if prev > 0 && w.walking_minutes > prev {
                best = best.max(f64::from(w.walking_minutes) / f64::from(prev) - 1.0);
            }
            prev = w.walking_minutes;
        }
        best
    }

    /// Weeks in which walking minutes fell.
    pub fn walking_cuts(&self) -> usize {
        let mut prev = self.start_walking_minutes;
        let mut cuts = 0;
        for w in &self.weeks {
            if w.walking_minutes < prev {
                cuts += 1;
            }
            prev = w.walking_minutes;
        }
        cuts
    }
}

/// Minutes a session of walking, the longest walking item of the plan.
fn walking(plan: &Plan) -> u16 {
    plan.items()
        .filter(|i| i.exercise == "walking")
        .filter_map(|i| i.minutes)
        .max()
        .unwrap_or(0)
}

/// Weekly volume per exercise: sets × reps (or × seconds held, or minutes) × days a week.
fn volumes(plan: &Plan) -> BTreeMap<String, f64> {
    let mut out = BTreeMap::new();
    for s in &plan.sessions {
        for i in &s.items {
            let per = f64::from(i.sets)
                * f64::from(i.reps.unwrap_or(1))
                * f64::from(i.hold_seconds.unwrap_or(1))
                * f64::from(i.minutes.unwrap_or(1));
            *out.entry(i.exercise.clone()).or_insert(0.0) += per * f64::from(s.days_per_week);
        }
    }
    out
}

type Shape = Vec<(String, u8, u8, Option<u16>, Option<u16>, Option<u16>, u8)>;

fn exercise_shape(plan: &Plan) -> Shape {
    let mut shape = dose_shape(plan);
    shape.retain(|x| x.0 != "walking");
    shape
}

/// What a change of plan would change for the person: each item's exercise, level and dose.
fn dose_shape(plan: &Plan) -> Shape {
    plan.sessions
        .iter()
        .flat_map(|s| {
            s.items.iter().map(|i| {
                (
                    i.exercise.clone(),
                    i.level,
                    i.sets,
                    i.reps,
                    i.hold_seconds,
                    i.minutes,
                    s.days_per_week,
                )
            })
        })
        .collect()
}

/// One trajectory over the cohort.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub trajectory: Trajectory,
    pub members: usize,
    /// Members with no plan or stopped early.
    pub stopped: usize,
    pub escalated: usize,
    /// The latest first escalation among those who escalated.
    pub latest_first_escalation: Option<usize>,
    pub repeated_escalations: usize,
    /// The longest stall of any member (weeks tolerated, held, nothing changed).
    pub longest_stall: usize,
    /// Members who stalled three weeks or more in a row.
    pub stalled_3_weeks: usize,
    pub reached_rebuild: usize,
    pub reached_maintain: usize,
    /// The median week the rebuild phase was reached, among those who reached it.
    pub median_week_to_rebuild: Option<usize>,
    pub largest_dose_rise: f64,
    pub most_exercises_added: usize,
    pub largest_walking_rise: f64,
    /// Members whose walking was cut in two or more weeks.
    pub walking_cut_twice: usize,
    /// Mean walking minutes a session, by week (0 = the start).
    pub walking_by_week: Vec<f64>,
}

pub fn summarise(runs: &[MemberRun]) -> Vec<Summary> {
    Trajectory::ALL
        .iter()
        .filter_map(|t| {
            let of: Vec<&MemberRun> = runs.iter().filter(|r| r.trajectory == *t).collect();
            (!of.is_empty()).then(|| summary(*t, &of))
        })
        .collect()
}

fn summary(t: Trajectory, runs: &[&MemberRun]) -> Summary {
    let mut to_rebuild: Vec<usize> = runs
        .iter()
        .filter_map(|r| r.week_reached(Phase::Rebuild))
        .collect();
    to_rebuild.sort_unstable();
    let weeks = runs.iter().map(|r| r.weeks.len()).max().unwrap_or(0);
    let walking_by_week = (0..=weeks)
        .map(|w| {
            let v: Vec<f64> = runs
                .iter()
                .filter_map(|r| match w {
                    0 => Some(f64::from(r.start_walking_minutes)),
                    _ => r.weeks.get(w - 1).map(|x| f64::from(x.walking_minutes)),
                })
                .collect();
            if v.is_empty() {
                0.0
            } else {
                (v.iter().sum::<f64>() / v.len() as f64 * 10.0).round() / 10.0
            }
        })
        .collect();
    Summary {
        trajectory: t,
        members: runs.len(),
        stopped: runs.iter().filter(|r| r.stopped.is_some()).count(),
        escalated: runs
            .iter()
            .filter(|r| r.first_escalation().is_some())
            .count(),
        latest_first_escalation: runs.iter().filter_map(|r| r.first_escalation()).max(),
        repeated_escalations: runs.iter().map(|r| r.repeated_escalations()).sum(),
        longest_stall: runs.iter().map(|r| r.longest_stall()).max().unwrap_or(0),
        stalled_3_weeks: runs.iter().filter(|r| r.longest_stall() >= 3).count(),
        reached_rebuild: to_rebuild.len(),
        reached_maintain: runs
            .iter()
            .filter(|r| r.week_reached(Phase::Maintain).is_some())
            .count(),
        median_week_to_rebuild: to_rebuild.get(to_rebuild.len() / 2).copied(),
        largest_dose_rise: runs
            .iter()
            .flat_map(|r| r.weeks.iter().map(|w| w.largest_dose_rise))
            .fold(0.0, f64::max),
        most_exercises_added: runs
            .iter()
            .flat_map(|r| r.weeks.iter().map(|w| w.added))
            .max()
            .unwrap_or(0),
        largest_walking_rise: runs
            .iter()
            .map(|r| r.largest_walking_rise())
            .fold(0.0, f64::max),
        walking_cut_twice: runs.iter().filter(|r| r.walking_cuts() >= 2).count(),
        walking_by_week,
    }
}
