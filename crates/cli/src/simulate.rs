//! `gradus simulate`: the policy simulator from the command line, with a progress bar on long
//! runs (on standard error, so `--json` output stays clean).

use std::io::IsTerminal;

use gradus_core::Settings;
use gradus_sim::{Config, Report, simulate};

use crate::Failure;

/// Runs longer than this many member-weeks get a progress bar.
const BAR_FROM: usize = 2_000;

pub fn run(members: usize, weeks: usize, seed: u64, json: bool) -> Result<String, Failure> {
    if members == 0 || members > 100_000 {
        return Err(Failure::Input(format!(
            "--members: expected 1 to 100000, found {members}"
        )));
    }
    if weeks == 0 || weeks > 104 {
        return Err(Failure::Input(format!(
            "--weeks: expected 1 to 104, found {weeks}"
        )));
    }
    let lib = gradus_content::load().map_err(|e| Failure::Other(e.to_string()))?;
    let settings = Settings::default();
    let bar = (members * weeks >= BAR_FROM && std::io::stderr().is_terminal())
        .then(|| indicatif::ProgressBar::new(members as u64));
    let report = simulate(
        Config {
            members,
            weeks,
            seed,
        },
        &lib,
        &settings,
        &mut |done| {
            if let Some(b) = &bar {
                b.set_position(done as u64);
            }
        },
    );
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    if json {
        serde_json::to_string_pretty(&report).map_err(|e| Failure::Other(e.to_string()))
    } else {
        Ok(readable(&report))
    }
}

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

fn week(w: Option<usize>) -> String {
    w.map_or("-".into(), |w| format!("week {w}"))
}

/// The summary as a physiotherapist would read it: one block per course of pain.
fn readable(r: &Report) -> String {
    let c = r.config;
    let mut out = format!(
        "{} virtual people, {} weekly reviews each, seed {}.\n",
        c.members, c.weeks, c.seed
    );
    for s in &r.summary {
        out.push_str(&format!(
            "\n{} ({} people{})\n",
            s.trajectory.as_str().replace('_', " "),
            s.members,
            if s.stopped > 0 {
                format!(", {} stopped early", s.stopped)
            } else {
                String::new()
            }
        ));
        out.push_str(&format!(
            "  escalated: {} (latest first escalation {}), repeated unchanged: {}\n",
            s.escalated,
            week(s.latest_first_escalation),
            s.repeated_escalations
        ));
        out.push_str(&format!(
            "  stalled while tolerated: longest {} weeks, {} people 3 weeks or more\n",
            s.longest_stall, s.stalled_3_weeks
        ));
        out.push_str(&format!(
            "  reached rebuild: {} (median {}), maintain: {}\n",
            s.reached_rebuild,
            week(s.median_week_to_rebuild),
            s.reached_maintain
        ));
        out.push_str(&format!(
            "  largest weekly dose rise {}, most exercises added in a week {}\n",
            pct(s.largest_dose_rise),
            s.most_exercises_added
        ));
        out.push_str(&format!(
            "  walking minutes by week: {} (largest weekly rise {}, {} people cut twice or more)\n",
            s.walking_by_week
                .iter()
                .map(|m| format!("{m}"))
                .collect::<Vec<_>>()
                .join(" "),
            pct(s.largest_walking_rise),
            s.walking_cut_twice
        ));
    }
    out
}
