//! Turning an exercise at a level into a plan item, with the sentence that explains the dose.

use std::collections::BTreeSet;

use crate::library::{Exercise, Library};
use crate::plan::load::Load;
use crate::plan::types::{Item, Plan};
use crate::vocab::{Equipment, Kind};

/// The rule behind a dose, by kind of exercise.
pub fn dose_reason(ex: &Exercise, level: u8) -> String {
    let l = ex.level(level);
    let sides = if ex.each_side { " on each side" } else { "" };
    let top = ex.top_level();
    let step = format!(
        "Level {level} of {top}: reviews raise it one step at a time when sessions go well."
    );
    let rule = match (&l.why, ex.kind) {
        (Some(why), _) => format!("{}{sides}: {}", table_dose(ex, l), why.trim()),
        (None, kind) => kind_rule(l, kind, sides),
    };
    format!("{rule} {step}")
}

/// "5 × 8 (8RM + backpack), 3 s up, 2 s hold, 3 s down, every second day". The load is left
/// out when it depends on the person's equipment (the item's `load` says which).
fn table_dose(ex: &Exercise, l: &crate::library::Level) -> String {
    let mut out = match (l.reps, l.hold_seconds, l.minutes) {
        (_, _, Some(m)) => format!("{m} min"),
        (Some(r), Some(h), _) if l.sets == 1 => format!("{r} holds of {h} s"),
        (Some(r), Some(h), _) => format!("{} × {r}, holding each {h} s", l.sets),
        (None, Some(h), _) => format!("{} holds of {h} s", l.sets),
        (Some(r), None, _) => format!("{} × {r}", l.sets),
        (None, None, None) => format!("{} sets", l.sets),
    };
    if let Some(load) = l.load.as_ref().filter(|_| ex.optional_equipment.is_empty()) {
        out.push_str(&format!(" ({load})"));
    }
    if let Some(t) = &l.tempo {
        out.push_str(&format!(", {t}"));
    }
    match l.rest_days {
        Some(1) => out.push_str(", every second day"),
        Some(n) if n > 1 => out.push_str(&format!(", with {n} rest days between sessions")),
        _ => {}
    }
    out
}

/// The generic rule for a kind of exercise, for levels that name no table of their own.
fn kind_rule(l: &crate::library::Level, kind: Kind, sides: &str) -> String {
    match kind {
        Kind::StaticStretch => format!(
            "Held {} s, {} times{sides}, after the warm-up: static stretches are held 30–60 s for 3–5 repetitions, easing in with the breath and never bouncing, in a pain-free range (ACSM, Garber 2011; stretching source article).",
            l.hold_seconds.unwrap_or(30),
            l.reps.unwrap_or(3)
        ),
        Kind::Strength | Kind::Isometric => match (l.reps, l.hold_seconds) {
            (Some(r), Some(h)) => format!(
                "{} × {r}{sides}, holding each {h} s: start with short holds and lengthen them as strength grows (herniated disc source article: 3–5 repetitions of about 5 s; ACSM 2009 for strength progression).",
                l.sets
            ),
            (None, Some(h)) => format!(
                "{} holds of {h} s{sides} at an effort you can tolerate: isometric holds ease tendon and joint pain before moving loads (Cook & Purdam 2009).",
                l.sets
            ),
            _ => format!(
                "{} × {}{sides}: a novice strength dose, adding repetitions before load (ACSM 2009: 8–12 repetitions, 1–3 sets).",
                l.sets,
                l.reps.unwrap_or(8)
            ),
        },
        Kind::Aerobic => format!(
            "{} minutes at an easy, conversational pace.",
            l.minutes.unwrap_or(5)
        ),
        Kind::WarmUp => "Warms the body before stretching or strength work (stretching source article: 5–10 minutes of easy activity first).".to_string(),
        Kind::Breathing => format!(
            "{} slow breaths: calm breathing relaxes guarding muscles and helps movement (back flexibility source article).",
            l.reps.unwrap_or(5)
        ),
        _ => format!(
            "{} × {}{sides}, slowly, in a comfortable range: start below what you can do and build up (herniated disc source article: work up to 10 repetitions).",
            l.sets,
            l.reps.unwrap_or(l.minutes.unwrap_or(1))
        ),
    }
}

/// A plan item for an exercise at a level, with the reason it was chosen.
pub fn item(ex: &Exercise, level: u8, chosen_because: &str) -> Item {
    let level = level.clamp(1, ex.top_level());
    let l = ex.level(level);
    Item {
        exercise: ex.id.clone(),
        name: ex.name.clone(),
        kind: ex.kind,
        sets: l.sets,
        reps: l.reps,
        hold_seconds: l.hold_seconds,
        minutes: l.minutes,
        each_side: ex.each_side,
        why: format!("{} {}", chosen_because.trim(), dose_reason(ex, level)),
        level,
        top_level: ex.top_level(),
        tempo: l.tempo.clone(),
        load: l.load.as_deref().map(Load::from_text),
        rest_days: l.rest_days,
    }
}

/// The load for this person at a level: the level's household alternative when the person lacks
/// any of the exercise's optional equipment (a filled water bottle in place of a dumbbell).
pub fn load_for(ex: &Exercise, level: u8, equipment: &BTreeSet<Equipment>) -> Option<Load> {
    let l = ex.level(level);
    let words = if ex.optional_equipment.iter().any(|e| !equipment.contains(e)) {
        l.household_load.as_ref().or(l.load.as_ref())
    } else {
        l.load.as_ref()
    };
    words.map(|w| Load::from_text(w))
}

/// Sets every item's load to what this person has at home (see [`load_for`]).
pub fn fit_loads(plan: &mut Plan, lib: &Library, equipment: &BTreeSet<Equipment>) {
    for s in &mut plan.sessions {
        for it in &mut s.items {
            if let Some(ex) = lib.exercise(&it.exercise)
                && ex.id == it.exercise
                && !ex.optional_equipment.is_empty()
            {
                it.load = load_for(ex, it.level, equipment);
            }
        }
    }
}

/// Seconds an item takes, from its own dose (which may differ from the table for timed items).
pub fn item_seconds(ex: &Exercise, it: &Item) -> u32 {
    let sets = it.sets.max(1) as u32;
    let per_set = match it.minutes {
        Some(m) => m as u32 * 60,
        None => {
            let reps = it.reps.unwrap_or(1) as u32;
            let per_rep = it
                .hold_seconds
                .map(|h| h as u32 + 3)
                .unwrap_or(ex.seconds_per_rep.unwrap_or(4) as u32);
            reps * per_rep
        }
    };
    let sides = if it.each_side { 2 } else { 1 };
    // Timed items (a walk, a warm-up) are the time given; counted exercises add a changeover.
    let changeover = if it.minutes.is_some() { 0 } else { 15 };
    (per_set * sets + (sets - 1) * 30) * sides + changeover
}

/// The item with as many of its sets as fit in `seconds` (at least one), for the key exercise
/// when the person's minutes are short: the level's reps, hold and load stay as the table sets
/// them, so the load still rises review by review.
pub fn within(ex: &Exercise, mut it: Item, seconds: u32) -> Item {
    while it.sets > 1 && item_seconds(ex, &it) > seconds {
        it.sets -= 1;
    }
    it
}
