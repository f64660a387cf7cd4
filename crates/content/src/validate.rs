//! The content rules a clinician's edit must keep. `load` refuses a library that breaks any of
//! them, and the tests run them on the shipped content.

use std::collections::BTreeSet;

use gradus_core::Library;
use gradus_core::library::Exercise;
use gradus_core::vocab::{Condition, Equipment, Kind, Phase, Position, Region};

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

/// The positions an `upright` variant may start from: no getting down to the floor.
const UPRIGHT_POSITIONS: &[Position] = &[Position::Sitting, Position::Standing];

/// Equipment an `upright` variant may need beyond what the original needed: what stands in for
/// the floor.
const UPRIGHT_EQUIPMENT: &[Equipment] = &[Equipment::Chair, Equipment::Wall];

/// What is wrong with `ex`'s upright variant `target`: it must exist under its own id, start
/// sitting or standing, serve at least one of the original's regions, carry every one of its
/// avoid-tags (a variant may add tags, never drop one, so it never lets through a movement the
/// original was kept out for) and need nothing more than a chair or a wall besides the
/// original's own equipment (a mat is floor equipment, so never that).
fn upright_problems(lib: &Library, ex: &Exercise, target: &str) -> Vec<String> {
    let mut out = Vec::new();
    if lib.aliases.contains_key(target) {
        out.push(format!("upright variant `{target}` is a former id"));
    }
    let Some(t) = lib.exercise(target) else {
        out.push(format!("upright variant `{target}` does not exist"));
        return out;
    };
    if t.id == ex.id {
        out.push("upright variant is itself".into());
        return out;
    }
    if !UPRIGHT_POSITIONS.contains(&t.position) {
        out.push(format!(
            "upright variant `{target}` starts {}, not sitting or standing",
            t.position.as_str().replace('_', " ")
        ));
    }
    if !t.regions.iter().any(|r| ex.regions.contains(r)) {
        out.push(format!(
            "upright variant `{target}` serves none of its regions"
        ));
    }
    for tag in &ex.avoid_tags {
        if !t.has_tag(*tag) {
            out.push(format!(
                "upright variant `{target}` drops the avoid-tag `{tag}`"
            ));
        }
    }
    for e in &t.equipment {
        let the_originals = ex.equipment.contains(e) && *e != Equipment::Mat;
        if !UPRIGHT_EQUIPMENT.contains(e) && !the_originals {
            out.push(format!(
                "upright variant `{target}` needs a {}: only a chair, a wall or the original's own equipment (other than a mat) may be asked for",
                e.as_str().replace('_', " ")
            ));
        }
    }
    out
}

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
        if let Some(target) = &ex.upright {
            out.extend(
                upright_problems(lib, ex, target)
                    .into_iter()
                    .map(|m| at(&m)),
            );
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

#[cfg(test)]
mod tests {
    use super::*;
    use gradus_core::vocab::AvoidTag;

    /// The shipped library with one edit, and the upright problems `validate` then finds.
    fn upright_problems_after(edit: impl FnOnce(&mut Library)) -> Vec<String> {
        let mut lib = crate::load().expect("the shipped library loads");
        edit(&mut lib);
        validate(&lib)
            .into_iter()
            .filter(|m| m.contains("upright"))
            .collect()
    }

    fn set_upright(lib: &mut Library, id: &str, to: &str) {
        lib.exercises.get_mut(id).unwrap().upright = Some(to.into());
    }

    fn has(problems: &[String], needle: &str) -> bool {
        problems.iter().any(|m| m.contains(needle))
    }

    #[test]
    fn the_shipped_upright_links_keep_every_rule() {
        assert_eq!(upright_problems_after(|_| {}), Vec::<String>::new());
    }

    #[test]
    fn an_upright_variant_must_exist() {
        let p = upright_problems_after(|lib| set_upright(lib, "bridge", "no_such_exercise"));
        assert!(
            has(
                &p,
                "exercise `bridge`: upright variant `no_such_exercise` does not exist"
            ),
            "{p:?}"
        );
    }

    #[test]
    fn an_upright_variant_is_named_by_its_own_id() {
        // `single_leg_heel_raise` is the former id of the standing `towel_heel_raise`.
        let p = upright_problems_after(|lib| set_upright(lib, "bird_dog", "single_leg_heel_raise"));
        assert!(
            has(&p, "upright variant `single_leg_heel_raise` is a former id"),
            "{p:?}"
        );
    }

    #[test]
    fn an_upright_variant_is_not_the_exercise_itself() {
        let p = upright_problems_after(|lib| set_upright(lib, "sit_to_stand", "sit_to_stand"));
        assert!(
            has(&p, "exercise `sit_to_stand`: upright variant is itself"),
            "{p:?}"
        );
    }

    #[test]
    fn an_upright_variant_starts_sitting_or_standing() {
        // `diaphragmatic_breathing` serves the low back with no tags and no equipment, but it is
        // done lying down.
        let p = upright_problems_after(|lib| set_upright(lib, "bridge", "diaphragmatic_breathing"));
        assert_eq!(
            p,
            vec![
                "exercise `bridge`: upright variant `diaphragmatic_breathing` starts lying on back, not sitting or standing"
            ],
        );
        // A floor variant that needs the mat is refused on both counts.
        let p = upright_problems_after(|lib| set_upright(lib, "bridge", "pelvic_tilt"));
        assert!(has(&p, "`pelvic_tilt` starts lying on back"), "{p:?}");
        assert!(has(&p, "`pelvic_tilt` needs a mat"), "{p:?}");
    }

    #[test]
    fn an_upright_variant_shares_a_region_with_the_original() {
        // `chin_tuck` is done sitting, but it serves the neck and `bridge` the low back.
        let p = upright_problems_after(|lib| set_upright(lib, "bridge", "chin_tuck"));
        assert_eq!(
            p,
            vec!["exercise `bridge`: upright variant `chin_tuck` serves none of its regions"],
        );
    }

    #[test]
    fn an_upright_variant_keeps_every_avoid_tag_of_the_original() {
        // A standing hip flexor stretch serves the low back too, but it stretches no hamstring:
        // someone kept off hamstring stretches would be handed a different exercise.
        let p = upright_problems_after(|lib| {
            set_upright(
                lib,
                "supine_hamstring_stretch",
                "standing_hip_flexor_stretch",
            )
        });
        assert_eq!(
            p,
            vec![
                "exercise `supine_hamstring_stretch`: upright variant `standing_hip_flexor_stretch` drops the avoid-tag `hamstring_stretch`"
            ],
        );
        // Dropping one of several tags is caught too.
        let p = upright_problems_after(|lib| {
            let v = lib.exercises.get_mut("seated_knee_to_chest").unwrap();
            v.avoid_tags.retain(|t| *t != AvoidTag::DeepHipFlexion);
        });
        assert!(
            has(
                &p,
                "exercise `knee_to_chest`: upright variant `seated_knee_to_chest` drops the avoid-tag `deep_hip_flexion`"
            ),
            "{p:?}"
        );
    }

    #[test]
    fn an_upright_variant_may_add_avoid_tags() {
        let p = upright_problems_after(|lib| {
            let v = lib.exercises.get_mut("seated_hamstring_stretch").unwrap();
            v.avoid_tags.push(AvoidTag::SpinalFlexion);
        });
        assert_eq!(p, Vec::<String>::new());
    }

    #[test]
    fn an_upright_variant_needs_no_more_than_a_chair_or_a_wall() {
        let p = upright_problems_after(|lib| {
            let v = lib.exercises.get_mut("standing_bird_dog").unwrap();
            v.equipment.push(Equipment::Step);
        });
        assert_eq!(
            p,
            vec![
                "exercise `bird_dog`: upright variant `standing_bird_dog` needs a step: only a chair, a wall or the original's own equipment (other than a mat) may be asked for"
            ],
        );
        // The original's mat does not carry over: the point is not to get down to the floor.
        let p = upright_problems_after(|lib| {
            let v = lib.exercises.get_mut("standing_bird_dog").unwrap();
            v.equipment.push(Equipment::Mat);
        });
        assert!(has(&p, "`standing_bird_dog` needs a mat"), "{p:?}");
        // Equipment the original needed anyway may stay (a towel for the lying hamstring stretch).
        let p = upright_problems_after(|lib| {
            let v = lib.exercises.get_mut("seated_hamstring_stretch").unwrap();
            v.equipment.push(Equipment::Towel);
        });
        assert_eq!(p, Vec::<String>::new());
    }
}
