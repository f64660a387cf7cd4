//! Properties that hold for every valid intake (contract §1–§2, clinical-rules §A and §D), checked
//! over random intakes. Each property is its own test so that one broken rule does not hide another.

use std::sync::OnceLock;

use gradus_core::library::Exercise;
use gradus_core::plan::{Item, Plan};
use gradus_core::vocab::{Kind, Phase, TriageLevel};
use gradus_core::{Assessment, IntakeInput, Library, Settings};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

fn lib() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| gradus_content::load().expect("the shipped library loads"))
}

fn ex(id: &str) -> &'static Exercise {
    lib()
        .exercise(id)
        .unwrap_or_else(|| panic!("exercise `{id}` is in the library"))
}

const REGIONS: &[&str] = &[
    "low_back",
    "mid_back",
    "neck",
    "heel",
    "elbow",
    "lateral_hip",
    "buttock_hamstring",
    "lateral_knee",
];
const CONDITIONS: &[&str] = &[
    "nonspecific_low_back_pain",
    "nonspecific_neck_pain",
    "lumbar_disc_herniation",
    "spondylosis",
    "back_stiffness",
    "plantar_heel_pain",
    "lateral_elbow_tendinopathy",
    "gluteal_tendinopathy",
    "proximal_hamstring_tendinopathy",
    "itb_syndrome",
];
const RED_FLAGS: &[&str] = &[
    "saddle_numbness",
    "bladder_or_bowel_change",
    "new_sexual_dysfunction",
    "bilateral_leg_symptoms",
    "fever",
    "iv_drug_use",
    "immunosuppressed",
    "history_of_cancer",
    "unexplained_weight_loss",
    "night_pain_unrelieved_by_position",
    "significant_trauma",
    "minor_trauma",
    "systemically_unwell",
    "gait_disturbance",
    "hand_clumsiness",
    "bilateral_arm_symptoms",
    "dizziness_or_drop_attacks",
    "double_vision_or_speech_change",
    "difficulty_swallowing",
    "neck_instability_signs",
];
const ASAS: &[&str] = &[
    "onset_under_40",
    "gradual_onset",
    "better_with_exercise",
    "not_better_with_rest",
    "night_pain_better_on_rising",
];
const EQUIPMENT: &[&str] = &[
    "mat",
    "chair",
    "wall",
    "step",
    "towel",
    "pool",
    "bike",
    "resistance_band",
    "dumbbell",
    "backpack",
];
const ENJOYS: &[&str] = &[
    "walking",
    "swimming",
    "cycling",
    "yoga",
    "pilates",
    "hiking",
    "aqua jogging",
];
const ACTIVITIES: &[&str] = &[
    "bending to pick up a box",
    "running for a bus",
    "sitting through a film",
    "carrying shopping",
    "gardening for an hour",
    "lifting my child",
];
const ONE_SIDED_STRETCHES: &[&str] = &[
    "figure_4_stretch",
    "back_rotation_stretch",
    "knee_to_chest",
    "lumbar_twist",
    "supine_hamstring_stretch",
    "lunge_stretch",
    "quad_stretch",
    "standing_hip_flexor_stretch",
    "levator_scapulae_stretch",
    "upper_trapezius_stretch",
];

fn pick<T: Clone + std::fmt::Debug + 'static>(xs: &'static [T]) -> impl Strategy<Value = T> {
    prop::sample::select(xs)
}

/// A set of flags, each true with a low probability; absent or explicitly false otherwise.
fn flags(names: &'static [&'static str], p: f64) -> impl Strategy<Value = Value> {
    prop::collection::vec((prop::bool::weighted(p), any::<bool>()), names.len()).prop_map(
        move |bits| {
            let mut m = Map::new();
            for (name, (on, say_false)) in names.iter().zip(bits) {
                if on {
                    m.insert((*name).into(), json!(true));
                } else if say_false {
                    m.insert((*name).into(), json!(false));
                }
            }
            Value::Object(m)
        },
    )
}

fn rated(max: i64) -> impl Strategy<Value = Vec<Value>> {
    prop::collection::vec((pick(ACTIVITIES), 0..=max), 0..=3).prop_map(move |v| {
        v.into_iter()
            .map(|(a, r)| {
                if max == 100 {
                    json!({ "activity": a, "rating": r })
                } else {
                    json!({ "activity": a, "ability": r })
                }
            })
            .collect()
    })
}

fn nerve() -> impl Strategy<Value = Value> {
    (
        pick(&["none", "above_knee", "below_knee", "arm"][..]),
        any::<bool>(),
        prop_oneof![8 => Just("none"), 3 => Just("stable"), 1 => Just("progressive")],
        prop_oneof![Just(Value::Null), Just(json!("extension")), Just(json!("flexion"))],
    )
        .prop_map(|(r, n, w, c)| json!({ "radiating": r, "numbness_or_tingling": n, "weakness": w, "centralises_with": c }))
}

fn history() -> impl Strategy<Value = Value> {
    (
        prop_oneof![6 => Just("none"), 1 => Just("spinal_fusion"), 1 => Just("discectomy"), 1 => Just("other_spinal"), 1 => Just("other")],
        prop::option::of(0u32..=200),
        prop::bool::weighted(0.2),
        prop::bool::weighted(0.1),
        prop::bool::weighted(0.1),
        prop::bool::weighted(0.1),
    )
        .prop_map(|(surgery, weeks, osteo, steroids, ra, fracture)| {
            let mut h = json!({
                "surgery": surgery, "osteoporosis": osteo, "long_term_steroids": steroids,
                "rheumatoid_arthritis": ra, "vertebral_fracture": fracture
            });
            if let Some(w) = weeks {
                h["weeks_since_surgery"] = json!(w);
            }
            h
        })
}

fn activity() -> impl Strategy<Value = Value> {
    (
        prop::option::of(0u32..=16),
        prop::sample::subsequence(ENJOYS, 0..=3).prop_shuffle(),
        prop::option::of(prop_oneof![1 => Just(0u32), 4 => 1u32..=90]),
    )
        .prop_map(|(sed, enjoys, walk)| {
            let mut a = json!({ "enjoys": enjoys });
            if let Some(s) = sed {
                a["sedentary_hours"] = json!(s);
            }
            if let Some(w) = walk {
                a["walking_minutes"] = json!(w);
            }
            a
        })
}

/// Any subset of the equipment list; often everything, so that exercises needing a pool, a bike
/// or a step are reached often enough to meet the rules that should keep them out.
fn equipment() -> impl Strategy<Value = Vec<&'static str>> {
    prop_oneof![
        1 => Just(EQUIPMENT.to_vec()),
        2 => prop::sample::subsequence(EQUIPMENT, 0..=EQUIPMENT.len()),
    ]
}

/// A random intake that fits the contract.
fn intake() -> impl Strategy<Value = Value> {
    let core = (
        18i64..=100,
        prop::sample::subsequence(REGIONS, 1..=3).prop_shuffle(),
        prop::option::of(pick(CONDITIONS)),
        prop_oneof![0u32..=520, (0u32..=30)],
        // Pain 0..=10, with low figures drawn more often so that low-irritability (maintain) plans
        // are reached as well as flares.
        prop_oneof![
            (0i64..=10, 0i64..=10, 0i64..=10),
            (0i64..=3, 0i64..=3, 0i64..=5),
        ],
        (
            pick(&["minimal", "moderate", "substantial"][..]),
            0u32..=240,
        ),
        prop::option::of(prop::bool::weighted(0.2)),
    );
    let rest = (
        prop::option::of(nerve()),
        prop::option::of(flags(RED_FLAGS, 0.02)),
        prop::option::of(history()),
        prop::option::of(flags(ASAS, 0.5)),
        rated(100),
        rated(10),
        prop::option::weighted(0.85, activity()),
        (5i64..=60, 1i64..=7),
        equipment(),
    );
    (core, rest).prop_map(|(c, r)| {
        let (age, regions, condition, weeks, (now, average, worst), (provoked, settle), rest_night) = c;
        let (nerve, red_flags, history, inflammatory, fears, goals, activity, (minutes, sessions), equipment) = r;
        let mut v = json!({
            "age": age,
            "regions": regions,
            "duration_weeks": weeks,
            "pain": { "now": now, "average": average, "worst": worst },
            "irritability": { "provoked_by": provoked, "settle_minutes": settle },
            "fears": fears,
            "goals": goals,
            "availability": { "minutes_per_session": minutes, "sessions_per_week": sessions },
            "equipment": equipment,
        });
        let o = v.as_object_mut().unwrap();
        let mut opt = |k: &str, x: Option<Value>| {
            if let Some(x) = x {
                o.insert(k.into(), x);
            }
        };
        opt("condition", condition.map(|c| json!(c)));
        opt("rest_or_night_pain", rest_night.map(|b| json!(b)));
        opt("nerve", nerve);
        opt("red_flags", red_flags);
        opt("history", history);
        opt("inflammatory", inflammatory);
        opt("activity", activity);
        v
    })
}

/// A narrower intake for the aerobic choice: a named condition, an activity the person enjoys,
/// everything at home, and pain low enough to be out of a flare.
fn enjoyed_activity_intake() -> impl Strategy<Value = Value> {
    (
        pick(CONDITIONS),
        prop::sample::subsequence(REGIONS, 1..=2).prop_shuffle(),
        prop::sample::subsequence(ENJOYS, 1..=3).prop_shuffle(),
        prop::option::of(0u32..=90),
        0i64..=6,
        prop::option::of(history()),
        prop::option::of(nerve()),
        (5i64..=60, 1i64..=7),
    )
        .prop_map(|(condition, regions, enjoys, walk, pain, history, nerve, (minutes, sessions))| {
            let mut v = json!({
                "age": 45,
                "regions": regions,
                "condition": condition,
                "duration_weeks": 10,
                "pain": { "now": pain, "average": pain, "worst": pain },
                "irritability": { "provoked_by": "moderate", "settle_minutes": 10 },
                "activity": { "enjoys": enjoys },
                "availability": { "minutes_per_session": minutes, "sessions_per_week": sessions },
                "equipment": EQUIPMENT,
            });
            if let Some(w) = walk {
                v["activity"]["walking_minutes"] = json!(w);
            }
            if let Some(h) = history {
                v["history"] = h;
            }
            if let Some(n) = nerve {
                v["nerve"] = n;
            }
            v
        })
}

fn check_constraints(a: &Assessment, v: &Value) -> Result<(), TestCaseError> {
    if let Some(p) = the_plan(a) {
        for it in p.items() {
            for c in &p.constraints {
                prop_assert!(
                    !ex(&it.exercise).has_tag(c.avoid),
                    "{} involves {} which `{}` rules out\n{}",
                    it.exercise,
                    c.avoid,
                    c.code,
                    v
                );
            }
        }
    }
    Ok(())
}

fn assess(v: &Value) -> Result<Assessment, String> {
    let input: IntakeInput =
        gradus_content::json::document(&v.to_string()).map_err(|e| format!("parse: {e}"))?;
    gradus_core::assess(&input, lib(), &Settings::default()).map_err(|e| format!("assess: {e}"))
}

fn must_assess(v: &Value) -> Assessment {
    match assess(v) {
        Ok(a) => a,
        Err(e) => panic!("valid intake refused: {e}\n{v}"),
    }
}

fn budget(v: &Value) -> u32 {
    v["availability"]["minutes_per_session"].as_u64().unwrap() as u32
}

/// Work time of an item with no rests or set-up: a lower bound on what it takes.
fn work_seconds(it: &Item) -> u32 {
    if let Some(m) = it.minutes {
        return m as u32 * 60;
    }
    let sides = if it.each_side { 2 } else { 1 };
    let per_rep = it
        .hold_seconds
        .map(u32::from)
        .unwrap_or_else(|| ex(&it.exercise).seconds_per_rep.unwrap_or(3) as u32);
    it.sets.max(1) as u32 * it.reps.unwrap_or(1) as u32 * per_rep * sides
}

fn the_plan(a: &Assessment) -> Option<&Plan> {
    a.plan.as_ref()
}

/// The movements each generated feared activity involves, read against the avoid-tag table in
/// content/README.md (independently of the engine's own word list).
fn activity_movements(activity: &str) -> &'static [&'static str] {
    match activity {
        "bending to pick up a box" => &[
            "spinal_flexion",
            "end_range_flexion",
            "lifting",
            "loaded_flexion",
        ],
        "running for a bus" => &["impact"],
        "carrying shopping" => &["lifting"],
        "gardening for an hour" => &["spinal_flexion"],
        "lifting my child" => &["lifting", "loaded_flexion"],
        "sitting through a film" => &[],
        other => panic!("no movements listed for generated activity {other:?}"),
    }
}

/// A step that does the activity itself (in small or in full), rather than a rehearsal.
fn does_the_activity(task: &str) -> bool {
    task.starts_with("Do a small version") || task.starts_with("Do it for real")
}

fn check_ladder(a: &Assessment, v: &Value) -> Result<(), TestCaseError> {
    if let Some(p) = the_plan(a) {
        prop_assert!(p.exposure_ladder.iter().filter(|s| s.current).count() <= 1);
        for step in &p.exposure_ladder {
            let moves = activity_movements(&step.activity);
            for c in &p.constraints {
                if moves.contains(&c.avoid.as_str()) {
                    prop_assert!(
                        !does_the_activity(&step.task),
                        "step {} ({}) does \"{}\", which involves {} that `{}` rules out\n{}",
                        step.step,
                        if step.current { "current" } else { "later" },
                        step.activity,
                        c.avoid,
                        c.code,
                        v
                    );
                    prop_assert!(
                        step.why.is_some(),
                        "held step {} has no why\n{}",
                        step.step,
                        v
                    );
                }
            }
        }
    }
    Ok(())
}

/// The generator must reach every triage level and every phase, or the properties below say
/// little. Deterministic, so it cannot flake.
#[test]
fn the_generator_reaches_every_level_and_phase() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    use std::collections::BTreeMap;

    let mut runner = TestRunner::deterministic();
    let strategy = intake();
    let mut levels: BTreeMap<&str, usize> = BTreeMap::new();
    let mut phases: BTreeMap<&str, usize> = BTreeMap::new();
    for _ in 0..512 {
        let v = strategy.new_tree(&mut runner).expect("a value").current();
        let a = must_assess(&v);
        *levels.entry(a.triage.level.as_str()).or_default() += 1;
        if let Some(p) = &a.plan {
            *phases.entry(p.phase.as_str()).or_default() += 1;
        }
    }
    for l in TriageLevel::ALL {
        assert!(
            levels.contains_key(l.as_str()),
            "no {l} in 512 intakes: {levels:?}"
        );
    }
    for p in Phase::ALL {
        assert!(
            phases.contains_key(p.as_str()),
            "no {p} plan in 512 intakes: {phases:?}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn assess_never_fails_on_a_valid_intake(v in intake()) {
        let result = std::panic::catch_unwind(|| assess(&v));
        match result {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => prop_assert!(false, "valid intake refused: {}\n{}", e, v),
            Err(_) => prop_assert!(false, "assess panicked on\n{}", v),
        }
    }

    #[test]
    fn plan_exactly_when_triage_allows_one(v in intake()) {
        let a = must_assess(&v);
        let blocks = matches!(a.triage.level, TriageLevel::Emergency | TriageLevel::Urgent);
        prop_assert_eq!(a.plan.is_none(), blocks, "level {} but plan present = {}", a.triage.level, a.plan.is_some());
        prop_assert_eq!(a.triage.level, a.triage.reasons.first().map(|r| r.level).unwrap_or(TriageLevel::Clear));
        for r in &a.triage.reasons {
            prop_assert!(!r.advice.is_empty() && !r.source.is_empty(), "{:?}", r);
        }
    }

    #[test]
    fn clinician_approval_exactly_when_supervised(v in intake()) {
        let a = must_assess(&v);
        if let Some(p) = the_plan(&a) {
            prop_assert_eq!(p.requires_clinician_approval, a.triage.level == TriageLevel::Supervised);
        }
    }

    /// Clinical rules §G (older adults; Sherrington 2020): at 65 and over, or with a chair and no
    /// mat, no exercise starts on the floor.
    #[test]
    fn nobody_older_or_without_a_mat_is_sent_to_the_floor(v in intake()) {
        let a = must_assess(&v);
        let age = v["age"].as_i64().unwrap_or(0);
        let has = |what: &str| v["equipment"].as_array().is_some_and(|e| e.iter().any(|x| x == what));
        let (mat, chair) = (has("mat"), has("chair"));
        if let Some(p) = the_plan(&a).filter(|_| age >= 65 || (chair && !mat)) {
            for it in p.items() {
                let ex = lib().exercise(&it.exercise).expect("planned exercises exist");
                prop_assert!(!ex.position.on_floor(),
                    "age {age}, mat {mat}: {} starts {}", it.exercise, ex.position);
            }
        }
    }

    #[test]
    fn warm_up_comes_before_every_static_stretch(v in intake()) {
        let a = must_assess(&v);
        if let Some(p) = the_plan(&a) {
            for s in &p.sessions {
                for (n, it) in s.items.iter().enumerate() {
                    if it.kind == Kind::StaticStretch {
                        prop_assert!(s.items[..n].iter().any(|w| w.kind == Kind::WarmUp),
                            "{} in `{}` has no warm-up before it", it.exercise, s.name);
                    }
                }
            }
        }
    }

    #[test]
    fn static_stretches_hold_30_to_60_s_for_3_to_5_reps_on_each_side(v in intake()) {
        let a = must_assess(&v);
        if let Some(p) = the_plan(&a) {
            for it in p.items().filter(|i| i.kind == Kind::StaticStretch) {
                prop_assert!(it.hold_seconds.is_some_and(|h| (30..=60).contains(&h)), "{} hold {:?}", it.exercise, it.hold_seconds);
                prop_assert!(it.reps.is_some_and(|r| (3..=5).contains(&r)), "{} reps {:?}", it.exercise, it.reps);
                if ONE_SIDED_STRETCHES.contains(&it.exercise.as_str()) {
                    prop_assert!(it.each_side, "{} is one-sided", it.exercise);
                }
            }
        }
    }

    #[test]
    fn no_item_involves_a_movement_the_plan_avoids(v in intake()) {
        check_constraints(&must_assess(&v), &v)?;
    }

    #[test]
    fn an_enjoyed_activity_never_overrides_what_the_plan_avoids(v in enjoyed_activity_intake()) {
        check_constraints(&must_assess(&v), &v)?;
    }

    /// Issue 9 point 4: no plan item and no ladder step (current or later) breaches one of the
    /// plan's constraints; a held step says why.
    #[test]
    fn no_item_and_no_ladder_step_breaches_a_plan_constraint(v in intake()) {
        let a = must_assess(&v);
        check_constraints(&a, &v)?;
        check_ladder(&a, &v)?;
    }

    /// The plan keeps to the painful regions: no neck exercise for someone whose neck does not
    /// hurt (warm-ups, breathing and aerobic work serve everyone).
    #[test]
    fn no_neck_exercise_without_neck_pain(v in intake()) {
        let a = must_assess(&v);
        let neck = v["regions"].as_array().unwrap().iter().any(|r| r == "neck");
        if let Some(p) = the_plan(&a) && !neck {
            for it in p.items().filter(|i| !matches!(i.kind, Kind::WarmUp | Kind::Breathing | Kind::Aerobic)) {
                let regions = &ex(&it.exercise).regions;
                let own = regions.iter().any(|r| v["regions"].as_array().unwrap().iter().any(|x| x == r.as_str()));
                let posture = it.why.contains("ASAS/EULAR");
                prop_assert!(own || posture || !regions.iter().any(|r| r.as_str() == "neck"),
                    "{} is a neck exercise without neck pain\n{}", it.exercise, v);
            }
        }
    }

    #[test]
    fn sessions_fit_the_minutes_the_person_has(v in intake()) {
        let a = must_assess(&v);
        let budget = budget(&v);
        if let Some(p) = the_plan(&a) {
            for s in &p.sessions {
                prop_assert!(!s.items.is_empty(), "empty session `{}`", s.name);
                prop_assert!(u32::from(s.minutes) <= budget, "`{}` is {} min, budget {}", s.name, s.minutes, budget);
                let work: u32 = s.items.iter().map(work_seconds).sum();
                prop_assert!(work <= budget * 60, "`{}` needs {} s of work, budget {} min", s.name, work, budget);
                prop_assert!((1..=7).contains(&s.days_per_week), "`{}` {} days a week", s.name, s.days_per_week);
            }
        }
    }

    #[test]
    fn every_item_explains_itself_and_is_in_the_library(v in intake()) {
        let a = must_assess(&v);
        if let Some(p) = the_plan(&a) {
            for it in p.items() {
                prop_assert!(!it.why.trim().is_empty(), "{} has no why", it.exercise);
                let e = ex(&it.exercise);
                prop_assert_eq!(e.kind, it.kind);
                prop_assert!(it.sets >= 1);
                prop_assert!(it.reps.is_some() || it.minutes.is_some() || it.hold_seconds.is_some(), "{} has no dose", it.exercise);
            }
            prop_assert!(!p.why.is_empty(), "the plan says why it starts where it does");
        }
    }

    #[test]
    fn a_flare_plan_only_holds_flare_safe_exercises(v in intake()) {
        let a = must_assess(&v);
        if let Some(p) = the_plan(&a).filter(|p| p.phase == Phase::Flare) {
            for it in p.items() {
                prop_assert!(ex(&it.exercise).flare_ok, "{} is not gentle enough for a flare\n{}", it.exercise, v);
            }
        }
    }

    #[test]
    fn exposure_ladder_is_high_fears_least_feared_first(v in intake()) {
        let a = must_assess(&v);
        if let Some(p) = the_plan(&a) {
            let ladder = &p.exposure_ladder;
            prop_assert!(ladder.iter().all(|s| s.rating >= 50));
            prop_assert!(ladder.windows(2).all(|w| w[0].rating <= w[1].rating));
            let high = v["fears"].as_array().unwrap().iter().any(|f| f["rating"].as_i64().unwrap() >= 50);
            prop_assert_eq!(!ladder.is_empty(), high);
        }
    }

    #[test]
    fn same_intake_same_assessment(v in intake()) {
        let a = serde_json::to_string(&must_assess(&v)).unwrap();
        let b = serde_json::to_string(&must_assess(&v)).unwrap();
        prop_assert_eq!(a, b);
    }
}
