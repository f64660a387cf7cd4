//! The aerobic part: walking by default, the activity the person enjoys when they have what it
//! needs, pool walking when walking itself hurts. Walking starts at about 70% of what the person
//! can walk now (graded activity, Lindström 1992) and builds towards 30 minutes (WalkBack,
//! Pocovi 2024).

use crate::intake::Intake;
use crate::library::{Exercise, Library};
use crate::plan::dose::item;
use crate::plan::select::refusal;
use crate::plan::types::{Constraint, Item};
use crate::settings::Settings;
use crate::vocab::{Kind, Phase};

/// The aerobic item, if one suits, capped to the session minutes.
pub fn aerobic(
    lib: &Library,
    i: &Intake,
    phase: Phase,
    constraints: &[Constraint],
    budget: u16,
    s: &Settings,
) -> Option<Item> {
    // The same checks as every other exercise: equipment, the phase, and what this person avoids.
    let usable = |id: &str| {
        lib.exercise(id)
            .filter(|e| e.kind == Kind::Aerobic && refusal(e, i, phase, constraints).is_none())
    };
    let walking_hurts = i.walking_minutes == Some(0.0);

    if walking_hurts {
        let ex = usable("pool_walking")?;
        return Some(timed(
            ex,
            level_minutes(ex, 1, budget),
            "Walking itself hurts now, so you walk in water instead: the water carries part of your weight and eases the load on the spine (herniated disc source article).",
        ));
    }

    // Swimming helps inflammatory back pain (ASAS/EULAR 2022): with a pool, it is the aerobic
    // part, unless something rules it out (the pool waits after spinal surgery).
    if crate::plan::constraints::inflammatory_pattern(i, s)
        && let Some(ex) = usable("swimming")
    {
        let level = if phase == Phase::Maintain { 2 } else { 1 };
        return Some(timed(
            ex,
            level_minutes(ex, level, budget),
            "Your answers fit inflammatory back pain, and swimming moves the whole spine while the water carries your weight; it is one of the activities that help most (ASAS/EULAR axial spondyloarthritis recommendations, 2022 update).",
        ));
    }

    if phase != Phase::Flare
        && let Some((ex, liked)) = i
            .enjoys
            .iter()
            .find_map(|e| usable(&enjoyed_id(e)).map(|x| (x, e)))
        && ex.id != "walking"
    {
        let level = if phase == Phase::Maintain { 2 } else { 1 };
        let because = format!(
            "You enjoy {liked}, and the activity you enjoy is the one you will keep doing; regular activity helps back pain more than rest (movement optimism, source articles)."
        );
        // What a person can walk is the best baseline we have for how long they can keep going;
        // graded activity starts at about 70% of it (Lindström 1992).
        let from_walking = i
            .walking_minutes
            .map(|w| ((w * s.walking_start_fraction).floor() as u16).clamp(1, budget));
        let minutes = level_minutes(ex, level, budget).max(from_walking.unwrap_or(0));
        let because = match i.walking_minutes {
            Some(w) if from_walking == Some(minutes) => format!(
                "{because} Starts at about 70% of the {w} minutes you can walk now, within your {budget}-minute sessions (graded activity, Lindström 1992)."
            ),
            _ => because,
        };
        return Some(timed(ex, minutes, &because));
    }

    let ex = usable("walking")?;
    let why = "Walking eases pain, improves blood flow and is usually well tolerated; even short walks help (herniated disc source article; WalkBack, Pocovi et al., Lancet 2024).";
    match i.walking_minutes {
        Some(w) => {
            let start = ((w * s.walking_start_fraction).floor() as u16).max(1);
            let minutes = start.min(budget);
            Some(timed(
                ex,
                minutes,
                &format!(
                    "{why} Starts at {minutes} minutes: about {}% of the {w} minutes you can walk now{}, so it stays well within what you tolerate, then rises on a set schedule rather than by how it feels on the day (graded activity, Lindström et al., Phys Ther 1992), towards {} minutes.",
                    (s.walking_start_fraction * 100.0).round(),
                    if minutes < start {
                        format!(" (capped to your {budget}-minute sessions)")
                    } else {
                        String::new()
                    },
                    s.walking_goal_minutes
                ),
            ))
        }
        None => {
            let level = if phase == Phase::Flare { 1 } else { 2 };
            Some(timed(
                ex,
                level_minutes(ex, level, budget),
                &format!(
                    "{why} You did not say how long you can walk, so it starts short; tell us and the plan will start at about 70% of it."
                ),
            ))
        }
    }
}

fn enjoyed_id(e: &str) -> String {
    match e {
        "walk" | "walking" | "hiking" => "walking".into(),
        "swim" | "swimming" => "swimming".into(),
        "cycle" | "cycling" | "biking" | "bike" => "cycling".into(),
        "aqua" | "pool_walking" | "water walking" | "aqua jogging" => "pool_walking".into(),
        other => other.replace(' ', "_"),
    }
}

/// An aerobic item of `minutes`, at the table level that matches them, explained with that dose.
fn timed(ex: &Exercise, minutes: u16, chosen_because: &str) -> Item {
    let minutes = minutes.max(1);
    let level = (1..=ex.top_level())
        .rev()
        .find(|n| ex.level(*n).minutes.is_some_and(|m| m <= minutes))
        .unwrap_or(1);
    let mut it = item(ex, level, chosen_because);
    it.minutes = Some(minutes);
    it.sets = 1;
    it.why = format!(
        "{} {minutes} minutes at an easy, conversational pace; it counts as everyday activity on top of your exercise time (WHO 2020: 150–300 minutes a week). Level {level} of {}: reviews add time on a set schedule.",
        chosen_because.trim(),
        ex.top_level()
    );
    it
}

/// Minutes at a table level, capped to the session.
fn level_minutes(ex: &Exercise, level: u8, budget: u16) -> u16 {
    ex.level(level).minutes.unwrap_or(5).min(budget).max(1)
}
