//! Advice: the lessons that fit this person and plan, chosen by each lesson's `show_when`.

use crate::intake::Intake;
use crate::library::{Library, ShowWhen};
use crate::plan::types::{Advice, Plan};
use crate::settings::Settings;
use crate::vocab::{Kind, Phase, TriageLevel};

/// The situations that apply to a plan.
pub fn situations(i: &Intake, plan: &Plan, level: TriageLevel, s: &Settings) -> Vec<ShowWhen> {
    let mut out = vec![ShowWhen::Always];
    out.push(match plan.phase {
        Phase::Flare => ShowWhen::Flare,
        Phase::Rebuild => ShowWhen::Rebuild,
        Phase::Maintain => ShowWhen::Maintain,
    });
    if !plan.exposure_ladder.is_empty() {
        out.push(ShowWhen::Fear);
    }
    if i.sedentary_hours.is_some_and(|h| h >= s.sedentary_hours) {
        out.push(ShowWhen::Sedentary);
    }
    if plan.items().any(|it| it.kind == Kind::StaticStretch) {
        out.push(ShowWhen::Stretching);
    }
    if i.nerve.involved() {
        out.push(ShowWhen::Nerve);
    }
    if level == TriageLevel::Review {
        out.push(ShowWhen::SeeDoctor);
    }
    if level == TriageLevel::Supervised {
        out.push(ShowWhen::Surgery);
    }
    if crate::plan::constraints::bone_fragility(i) {
        out.push(ShowWhen::BoneHealth);
    }
    if i.condition.is_tendon() {
        out.push(ShowWhen::Tendon);
    }
    out
}

/// Lessons whose `show_when` meets any situation, flare guidance first.
pub fn advice(lib: &Library, situations: &[ShowWhen]) -> Vec<Advice> {
    let mut picked: Vec<_> = lib
        .lessons
        .iter()
        .filter(|l| l.show_when.iter().any(|w| situations.contains(w)))
        .collect();
    picked.sort_by_key(|l| {
        let first = l
            .show_when
            .iter()
            .filter_map(|w| situations.iter().position(|s| s == w))
            .min();
        // Specific situations before the always-shown lessons.
        std::cmp::Reverse(first.unwrap_or(0).min(1) * 100 + first.unwrap_or(0))
    });
    picked
        .into_iter()
        .map(|l| Advice {
            code: l.id.clone(),
            text: l.summary.clone(),
        })
        .collect()
}
