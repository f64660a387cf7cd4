//! The graded-exposure ladder: activities the person fears (rated 0–100 for how harmful they
//! feel), least feared first, each broken into small, concrete steps (Leeuw et al., J Pain 2007).
//! A ladder is offered when fear is high (ratings of about 50 or more).

use crate::intake::Intake;
use crate::plan::types::LadderStep;
use crate::settings::Settings;

/// The three rungs every feared activity is split into.
const RUNGS: [&str; 3] = [
    "Rehearse it gently: go through the movement of \"{a}\" slowly, in part or without any load, a few times on a good day.",
    "Do a small version: \"{a}\" for a short time or with a lighter load, and notice what actually happens.",
    "Do it for real: \"{a}\" the way you normally would, for a short while, and build from there.",
];

pub fn ladder(i: &Intake, s: &Settings) -> Vec<LadderStep> {
    let mut fears: Vec<_> = i
        .fears
        .iter()
        .filter(|f| f.rating >= s.fear_ladder_threshold)
        .collect();
    fears.sort_by_key(|f| f.rating);
    let mut out = Vec::new();
    for f in fears {
        for rung in RUNGS {
            out.push(LadderStep {
                step: out.len() as u32 + 1,
                activity: f.activity.clone(),
                rating: f.rating,
                task: rung.replace("{a}", &f.activity),
                current: out.is_empty(),
            });
        }
    }
    out
}
