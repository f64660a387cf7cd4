//! The aerobic part: walking by default, the activity the person enjoys when they have what it
//! needs, pool walking when walking itself hurts. Walking starts at about 70% of what the person
//! can walk now (graded activity, Lindström 1992) and builds towards 30 minutes (WalkBack,
//! Pocovi 2024).

use crate::intake::Intake;
use crate::library::{Exercise, Library};
use crate::plan::dose::item;
use crate::plan::select::has_equipment;
use crate::plan::types::Item;
use crate::settings::Settings;
use crate::vocab::{Kind, Phase};

/// The aerobic item, if one suits, capped to the session minutes.
pub fn aerobic(lib: &Library, i: &Intake, phase: Phase, budget: u16, s: &Settings) -> Option<Item> {
    let usable = |id: &str| {
        lib.exercise(id)
            .filter(|e| e.kind == Kind::Aerobic && has_equipment(e, i))
    };
    let walking_hurts = i.walking_minutes == Some(0.0);

    if walking_hurts {
        let ex = usable("pool_walking")?;
        let it = timed(ex, 1, budget, "Walking itself hurts now, so you walk in water instead: the water carries part of your weight and eases the load on the spine (herniated disc source article).".to_string());
        return Some(it);
    }

    if phase != Phase::Flare
        && let Some((ex, liked)) = i
            .enjoys
            .iter()
            .find_map(|e| usable(&enjoyed_id(e)).map(|x| (x, e)))
        && ex.id != "walking"
    {
        let level = if phase == Phase::Maintain { 2 } else { 1 };
        let mut it = timed(
            ex,
            level,
            budget,
            format!(
                "You enjoy {liked}, and the activity you enjoy is the one you will keep doing; regular activity helps back pain more than rest (movement optimism, source articles; WHO 2020: 150–300 minutes a week)."
            ),
        );
        if let Some(w) = i.walking_minutes {
            // What a person can walk is the best baseline we have for how long they can keep
            // going; graded activity starts at about 70% of it (Lindström 1992).
            let start = ((w * s.walking_start_fraction).floor() as u16).clamp(1, budget);
            if start > it.minutes.unwrap_or(0) {
                it.minutes = Some(start);
                it.why.push_str(&format!(
                    " Starts at {start} minutes: about 70% of the {w} minutes you can walk now, within your {budget}-minute sessions (graded activity, Lindström 1992)."
                ));
            }
        }
        return Some(it);
    }

    let ex = usable("walking")?;
    let why = "Walking eases pain, improves blood flow and is usually well tolerated; even short walks help (herniated disc source article; WalkBack, Pocovi et al., Lancet 2024).";
    match i.walking_minutes {
        Some(w) => {
            let start = ((w * s.walking_start_fraction).floor() as u16).max(1);
            let mut it = timed(ex, 1, budget, why.to_string());
            let minutes = start.min(budget).min(s.walking_goal_minutes.max(start));
            it.minutes = Some(minutes);
            it.why = format!(
                "{why} Starts at {minutes} minutes: about {}% of the {w} minutes you can walk now{}, so it stays well within what you tolerate, then rises on a set schedule rather than by how it feels on the day (graded activity, Lindström et al., Phys Ther 1992), towards {} minutes.",
                (s.walking_start_fraction * 100.0).round(),
                if minutes < start {
                    format!(" (capped to your {budget}-minute sessions)")
                } else {
                    String::new()
                },
                s.walking_goal_minutes
            );
            Some(it)
        }
        None => {
            let level = if phase == Phase::Flare { 1 } else { 2 };
            let mut it = timed(ex, level, budget, why.to_string());
            it.why.push_str(" You did not say how long you can walk, so it starts short; tell us and the plan will start at about 70% of it.");
            Some(it)
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

fn timed(ex: &Exercise, level: u8, budget: u16, why: String) -> Item {
    let mut it = item(ex, level, &why);
    let minutes = it.minutes.unwrap_or(5).min(budget).max(1);
    it.minutes = Some(minutes);
    it.sets = 1;
    it
}
