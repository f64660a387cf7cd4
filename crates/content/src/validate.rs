//! The content rules a clinician's edit must keep. `load` refuses a library that breaks any of
//! them, and the tests run them on the shipped content.

use std::collections::BTreeSet;

use gradus_core::Library;
use gradus_core::vocab::{Condition, Kind, Phase, Region};

/// The exercise ids the contract (§3) fixes.
pub const CANONICAL_IDS: &[&str] = &[
    "cat_cow",
    "lower_body_nerve_glide",
    "bird_dog",
    "thread_the_needle",
    "standing_side_bend",
    "open_book_rotation",
    "pelvic_tilt",
    "knee_hug",
    "knee_rocking",
    "back_extension",
    "prone_press_up",
    "abdominal_bracing",
    "bent_hollow_hold",
    "bicycle_crunch",
    "diving_superman",
    "walking",
    "pool_walking",
    "standing_childs_pose",
    "standing_hip_flexor_stretch",
    "bridge",
    "figure_4_stretch",
    "back_rotation_stretch",
    "diaphragmatic_breathing",
    "knee_to_chest",
    "lumbar_twist",
    "supine_hamstring_stretch",
    "lunge_stretch",
    "quad_stretch",
    "childs_pose",
    "mini_lunge",
    "mini_squat",
    "jumping_jacks",
    "swimming",
    "cycling",
    // Tendon loading (contract version 2).
    "towel_heel_raise",
    "wrist_extension_isometric",
    "wrist_extension_eccentric",
    "hip_abduction_isometric",
    "hamstring_isometric",
    "side_lying_hip_abduction",
];

/// Every broken rule, in words.
pub fn validate(lib: &Library) -> Vec<String> {
    let mut out = Vec::new();
    for id in CANONICAL_IDS {
        if lib.exercise(id).is_none() {
            out.push(format!("canonical exercise `{id}` is missing"));
        }
    }
    for (old, now) in &lib.aliases {
        if lib.exercises.contains_key(old) {
            out.push(format!(
                "`{old}` is both an exercise and a former id of `{now}`"
            ));
        }
        if CANONICAL_IDS.contains(&old.as_str()) {
            out.push(format!(
                "canonical id `{old}` must stay an exercise's own id, not an alias of `{now}`"
            ));
        }
    }
    for ex in lib.exercises.values() {
        let at = |m: &str| format!("exercise `{}`: {m}", ex.id);
        if ex.summary.trim().is_empty() {
            out.push(at("needs a summary"));
        }
        for e in &ex.optional_equipment {
            if ex.equipment.contains(e) {
                out.push(at(&format!(
                    "`{}` is both required and optional equipment",
                    e.as_str()
                )));
            }
        }
        if !ex.optional_equipment.is_empty()
            && ex
                .levels
                .iter()
                .any(|l| l.load.is_some() && l.household_load.is_none())
        {
            out.push(at(
                "has optional equipment, so every loaded level needs a household_load for people without it",
            ));
        }
        if ex.steps.len() < 2 {
            out.push(at("needs at least two steps of instructions"));
        }
        if ex.cues.is_empty()
            || ex.mistakes.is_empty()
            || ex.sources.is_empty()
            || ex.feel.trim().is_empty()
        {
            out.push(at("needs cues, what to feel, common mistakes and sources"));
        }
        if ex.regions.is_empty() {
            out.push(at("needs at least one region"));
        }
        if ex.levels.is_empty() {
            out.push(at("needs at least one level"));
        }
        for (n, l) in ex.levels.iter().enumerate() {
            let lv = |m: &str| at(&format!("level {}: {m}", n + 1));
            if l.sets == 0 {
                out.push(lv("sets must be at least 1"));
            }
            match ex.kind {
                Kind::StaticStretch => {
                    if !l.hold_seconds.is_some_and(|h| (30..=60).contains(&h)) {
                        out.push(lv("static stretches hold 30–60 s"));
                    }
                    if !l.reps.is_some_and(|r| (3..=5).contains(&r)) {
                        out.push(lv("static stretches repeat 3–5 times"));
                    }
                }
                Kind::Aerobic if l.minutes.is_none() => out.push(lv("aerobic levels need minutes")),
                _ if l.reps.is_none() && l.minutes.is_none() && l.hold_seconds.is_none() => {
                    out.push(lv("needs reps, a hold or minutes"))
                }
                _ => {}
            }
        }
        for (label, link) in [("easier", &ex.easier), ("harder", &ex.harder)] {
            if let Some(target) = link {
                if lib.aliases.contains_key(target) {
                    out.push(at(&format!("{label} variant `{target}` is a former id")));
                }
                match lib.exercise(target) {
                    None => out.push(at(&format!("{label} variant `{target}` does not exist"))),
                    Some(t) if t.id == ex.id => out.push(at(&format!("{label} variant is itself"))),
                    Some(t) => {
                        let back = if label == "easier" {
                            &t.easier
                        } else {
                            &t.harder
                        };
                        if back.as_deref() == Some(&ex.id) {
                            out.push(at(&format!(
                                "`{target}` names it as {label} too: a contradiction"
                            )));
                        }
                    }
                }
            }
        }
    }
    let mut ids = BTreeSet::new();
    for p in &lib.programmes {
        if !ids.insert(&p.id) {
            out.push(format!("programme `{}` is defined twice", p.id));
        }
        for phase in Phase::ALL {
            if p.phase(*phase).is_empty() {
                out.push(format!("programme `{}`: phase {phase} is empty", p.id));
            }
            for it in p.phase(*phase) {
                if !lib.exercises.contains_key(&it.exercise) && lib.exercise(&it.exercise).is_some()
                {
                    out.push(format!(
                        "programme `{}` ({phase}) names `{}` by a former id",
                        p.id, it.exercise
                    ));
                }
                if p.phase(*phase)
                    .iter()
                    .filter(|o| o.exercise == it.exercise)
                    .count()
                    > 1
                {
                    out.push(format!(
                        "programme `{}` ({phase}) lists `{}` twice",
                        p.id, it.exercise
                    ));
                }
                match lib.exercise(&it.exercise) {
                    None => out.push(format!(
                        "programme `{}` ({phase}) names missing exercise `{}`",
                        p.id, it.exercise
                    )),
                    Some(ex) if *phase == Phase::Flare && !ex.flare_ok => out.push(format!(
                        "programme `{}`: `{}` is in the flare phase but is not marked flare_ok",
                        p.id, it.exercise
                    )),
                    Some(ex) if it.level == 0 || it.level > ex.top_level() => out.push(format!(
                        "programme `{}` ({phase}): `{}` has no level {}",
                        p.id, it.exercise, it.level
                    )),
                    _ => {}
                }
            }
        }
    }
    for c in Condition::ALL {
        if lib.programme_for(*c).is_none() {
            out.push(format!("no programme for condition `{c}`"));
        }
    }
    for r in Region::ALL {
        if lib.programme_for_region(*r).is_none() {
            out.push(format!("no programme covers region `{r}`"));
        }
    }
    let mut lesson_ids = BTreeSet::new();
    for l in &lib.lessons {
        if !lesson_ids.insert(&l.id) {
            out.push(format!("lesson `{}` is defined twice", l.id));
        }
        if l.body.trim().is_empty() || l.sources.is_empty() {
            out.push(format!("lesson `{}` needs a body and sources", l.id));
        }
    }
    for needed in [
        "hurt_is_not_harm",
        "flare_plan",
        "movement_snacks",
        "stretching_rules",
        "graded_exposure",
        "when_to_see_a_doctor",
    ] {
        if lib.lesson(needed).is_none() {
            out.push(format!("lesson `{needed}` is missing"));
        }
    }
    out
}
