//! Turning an exercise at a level into a plan item, with the sentence that explains the dose.

use crate::library::Exercise;
use crate::plan::types::Item;
use crate::vocab::Kind;

/// The rule behind a dose, by kind of exercise.
pub fn dose_reason(ex: &Exercise, level: u8) -> String {
    let l = ex.level(level);
    let sides = if ex.each_side { " on each side" } else { "" };
    let top = ex.top_level();
    let step = format!(
        "Level {level} of {top}: reviews raise it one step at a time when sessions go well."
    );
    let rule = match ex.kind {
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
    };
    format!("{rule} {step}")
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
        load: l.load.clone(),
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
