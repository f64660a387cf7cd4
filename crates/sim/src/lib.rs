//! The policy simulator: the review policy run week by week over a virtual cohort.
//!
//! A rule that looks right for one review can fail a person over twelve: a plan that stalls, an
//! escalation that comes at week 5 or every week, a dose that jumps. Single-review tests cannot
//! see that; chaining reviews can. Each member is assessed from their intake, then every week
//! their log is written from the plan they were given and the course of their pain
//! ([`cohort::Trajectory`]), the week is reviewed exactly as `gradus review` reviews it, and the
//! review's plan is the one they follow next week. The same seed always gives the same cohort, so
//! a clinic can try a change of settings on it before the change touches anyone, and a failing
//! case can be pinned down in a test by its seed and index.

pub mod cohort;
pub mod measure;
pub mod week;

use gradus_core::day::Day;
use gradus_core::log::LogEntryInput;
use gradus_core::review::{Decision, review};
use gradus_core::{Library, Settings};
use serde::Serialize;

pub use cohort::{Member, Trajectory, cohort};
pub use measure::{MemberRun, Summary, WeekRecord, summarise};

/// What to simulate.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Config {
    pub members: usize,
    pub weeks: usize,
    pub seed: u64,
}

/// The whole run: each member's weeks and the summary per trajectory.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub config: Config,
    pub summary: Vec<Summary>,
    pub members: Vec<MemberRun>,
}

/// The Monday the virtual cohort starts on.
pub const START: &str = "2026-01-05";

/// Runs the cohort. `progress` is told after each member (for a progress bar).
pub fn simulate(
    config: Config,
    lib: &Library,
    settings: &Settings,
    progress: &mut dyn FnMut(usize),
) -> Report {
    let members: Vec<MemberRun> = cohort(config.members, config.seed)
        .iter()
        .map(|m| {
            let run = follow(m, config.weeks, config.seed, lib, settings);
            progress(m.index + 1);
            run
        })
        .collect();
    Report {
        config,
        summary: summarise(&members),
        members,
    }
}

/// One member followed for `weeks` weekly reviews.
pub fn follow(
    member: &Member,
    weeks: usize,
    seed: u64,
    lib: &Library,
    settings: &Settings,
) -> MemberRun {
    let mut run = MemberRun::new(member);
    let assessment = match gradus_core::assess(&member.intake, lib, settings) {
        Ok(a) => a,
        Err(e) => {
            run.stopped = Some(format!("intake refused: {e}"));
            return run;
        }
    };
    let Some(mut plan) = assessment.plan else {
        run.stopped = Some(format!(
            "no plan: triage {}",
            assessment
                .triage
                .reasons
                .first()
                .map_or("-".to_string(), |r| r.code.to_string())
        ));
        return run;
    };
    run.record_start(&plan);
    let start = Day::parse(START).unwrap_or(Day::from_unix_days(20_458));
    let mut rng = fastrand::Rng::with_seed(seed ^ (member.index as u64).wrapping_mul(0x9E37_79B9));
    let mut log: Vec<LogEntryInput> = Vec::new();
    for week in 0..weeks {
        let monday = start.plus(7 * week as i64);
        log.extend(week::week_log(member, &plan, week, monday, &mut rng));
        let sunday = monday.plus(6).to_string();
        let r = match review(&plan, &log, Some(&sunday), lib, settings) {
            Ok(r) => r,
            Err(e) => {
                run.stopped = Some(format!("week {}: review refused the log: {e}", week + 1));
                break;
            }
        };
        let next = r.plan.clone().unwrap_or_else(|| plan.clone());
        run.record_week(week + 1, &r, &plan, &next);
        if r.decision == Decision::Stop {
            run.stopped = Some(format!("week {}: stop", week + 1));
            break;
        }
        plan = next;
    }
    run
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lib() -> Library {
        gradus_content::load().expect("library")
    }

    #[test]
    fn a_run_is_reproducible_from_its_seed() {
        let lib = lib();
        let s = Settings::default();
        let config = Config {
            members: 11,
            weeks: 4,
            seed: 42,
        };
        let a = simulate(config, &lib, &s, &mut |_| {});
        let b = simulate(config, &lib, &s, &mut |_| {});
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            serde_json::to_string(&b).unwrap()
        );
        assert_eq!(a.members.len(), 11);
        assert!(
            a.members
                .iter()
                .all(|m| m.weeks.len() == 4 || m.stopped.is_some())
        );
    }
}
