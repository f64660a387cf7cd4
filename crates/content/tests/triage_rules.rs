//! One test per triage rule, written from clinical-rules.md §A (not from the engine's output).
//!
//! Each test starts from a clean baseline intake (contract §1 JSON), changes the one fact the rule
//! is about, and checks the level the rule calls for, whether a plan is drafted, and that every
//! reason carries a code, plain advice and the source it rests on.

use std::sync::OnceLock;

use gradus_core::triage::Reason;
use gradus_core::vocab::TriageLevel;
use gradus_core::{Assessment, IntakeInput, Library, Settings};
use serde_json::{Value, json};

fn lib() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| gradus_content::load().expect("the shipped library loads"))
}

/// A clean intake: adult under the age cut-offs, subacute low back pain of moderate
/// irritability, no nerve signs, no warning signs, no history.
fn baseline() -> Value {
    json!({
        "age": 40,
        "regions": ["low_back"],
        "duration_weeks": 8,
        "pain": { "now": 4, "average": 4, "worst": 6 },
        "irritability": { "provoked_by": "moderate", "settle_minutes": 20 },
        "availability": { "minutes_per_session": 20, "sessions_per_week": 4 },
        "equipment": ["mat", "chair"]
    })
}

/// Sets the value at a JSON pointer such as `/red_flags/fever`, creating objects on the way.
fn with(mut v: Value, pointer: &str, value: Value) -> Value {
    let mut cur = &mut v;
    let parts: Vec<&str> = pointer.trim_start_matches('/').split('/').collect();
    for (n, key) in parts.iter().enumerate() {
        let obj = cur.as_object_mut().expect("pointer walks through objects");
        if n == parts.len() - 1 {
            obj.insert((*key).to_string(), value);
            break;
        }
        cur = obj.entry((*key).to_string()).or_insert_with(|| json!({}));
    }
    v
}

fn flag(name: &str) -> Value {
    with(baseline(), &format!("/red_flags/{name}"), json!(true))
}

fn assess(v: &Value) -> Assessment {
    let input: IntakeInput =
        gradus_content::json::document(&v.to_string()).expect("intake fits the contract");
    let a = gradus_core::assess(&input, lib(), &Settings::default())
        .expect("intake passes range checks");
    check_reasons(&a);
    a
}

/// Contract §2: every reason carries its code, plain advice and the source it rests on; the level
/// is the most serious reason's.
fn check_reasons(a: &Assessment) {
    for r in &a.triage.reasons {
        assert!(
            !r.advice.trim().is_empty(),
            "reason {} without advice",
            r.code
        );
        assert!(
            !r.source.trim().is_empty(),
            "reason {} without a source",
            r.code
        );
        assert!(
            r.level.severity() <= a.triage.level.severity(),
            "reason {} is more serious ({}) than the overall level {}",
            r.code,
            r.level,
            a.triage.level
        );
    }
    if a.triage.level != TriageLevel::Clear {
        assert!(
            !a.triage.reasons.is_empty(),
            "level {} with no reason",
            a.triage.level
        );
    }
}

fn codes(a: &Assessment) -> Vec<&str> {
    a.triage.reasons.iter().map(|r| r.code.as_str()).collect()
}

/// The reason that set the level.
fn top(a: &Assessment) -> &Reason {
    a.triage.reasons.first().expect("at least one reason")
}

fn any_source_mentions(a: &Assessment, needle: &str) -> bool {
    a.triage.reasons.iter().any(|r| r.source.contains(needle))
}

/// Emergency: no plan, and the reason tells the person to go today.
fn assert_emergency(a: &Assessment) {
    assert_eq!(
        a.triage.level,
        TriageLevel::Emergency,
        "reasons: {:?}",
        codes(a)
    );
    assert!(
        a.plan.is_none(),
        "an emergency must not come with an exercise plan"
    );
    let advice = top(a).advice.to_lowercase();
    assert!(
        advice.contains("emergency") && advice.contains("today"),
        "emergency advice should say where and when: {advice}"
    );
}

/// Urgent: no plan until a doctor has seen the person.
fn assert_urgent(a: &Assessment) {
    assert_eq!(
        a.triage.level,
        TriageLevel::Urgent,
        "reasons: {:?}",
        codes(a)
    );
    assert!(
        a.plan.is_none(),
        "urgent means see a doctor before exercising: no plan"
    );
}

/// Review: a doctor should look, not urgently; exercise is fine meanwhile, so a plan is drafted.
fn assert_review_with_plan(a: &Assessment) {
    assert_eq!(
        a.triage.level,
        TriageLevel::Review,
        "reasons: {:?}",
        codes(a)
    );
    let plan = a.plan.as_ref().expect("review still gets a plan");
    assert!(!plan.requires_clinician_approval);
    assert!(plan.items().next().is_some(), "the plan has exercises");
}

// ---------------------------------------------------------------- baseline

#[test]
fn clean_intake_is_clear_with_a_self_guided_plan() {
    let a = assess(&baseline());
    assert_eq!(
        a.triage.level,
        TriageLevel::Clear,
        "reasons: {:?}",
        codes(&a)
    );
    assert!(a.triage.reasons.is_empty());
    let plan = a.plan.expect("clear gets a plan");
    assert!(!plan.requires_clinician_approval);
    assert!(plan.items().next().is_some());
}

#[test]
fn absent_and_false_red_flags_mean_the_same() {
    let all_false = with(
        baseline(),
        "/red_flags",
        json!({ "saddle_numbness": false, "fever": false, "history_of_cancer": false }),
    );
    let (a, b) = (assess(&all_false), assess(&baseline()));
    // The plan echoes the intake it was built from (`basis`), so compare what the rules decided.
    assert_eq!(a.triage, b.triage);
    assert_eq!(a.profile, b.profile);
    let (pa, pb) = (a.plan.expect("plan"), b.plan.expect("plan"));
    assert_eq!(pa.sessions, pb.sessions);
    assert_eq!(pa.constraints, pb.constraints);
}

// ---------------------------------------------------------------- cauda equina (§A: emergency, no plan)

#[test]
fn saddle_numbness_is_an_emergency_without_a_plan() {
    let a = assess(&flag("saddle_numbness"));
    assert_emergency(&a);
    assert!(codes(&a).contains(&"saddle_numbness"));
    assert!(
        any_source_mentions(&a, "Finucane"),
        "cauda equina rests on Finucane 2020"
    );
}

#[test]
fn bladder_or_bowel_change_is_an_emergency_without_a_plan() {
    let a = assess(&flag("bladder_or_bowel_change"));
    assert_emergency(&a);
    assert!(codes(&a).contains(&"bladder_or_bowel_change"));
    assert!(any_source_mentions(&a, "Finucane"));
}

#[test]
fn new_sexual_dysfunction_is_an_emergency_without_a_plan() {
    let a = assess(&flag("new_sexual_dysfunction"));
    assert_emergency(&a);
    assert!(codes(&a).contains(&"new_sexual_dysfunction"));
    assert!(any_source_mentions(&a, "Finucane"));
}

#[test]
fn bilateral_leg_symptoms_are_an_emergency_without_a_plan() {
    let a = assess(&flag("bilateral_leg_symptoms"));
    assert_emergency(&a);
    assert!(codes(&a).contains(&"bilateral_leg_symptoms"));
    assert!(any_source_mentions(&a, "Finucane"));
}

#[test]
fn cauda_equina_is_an_emergency_whatever_else_looks_mild() {
    // Low pain and low irritability must not soften a hard stop.
    let v = with(
        flag("saddle_numbness"),
        "/pain",
        json!({ "now": 1, "average": 1, "worst": 2 }),
    );
    let v = with(
        v,
        "/irritability",
        json!({ "provoked_by": "substantial", "settle_minutes": 5 }),
    );
    assert_emergency(&assess(&v));
}

// ---------------------------------------------------------------- cord signs

#[test]
fn gait_disturbance_is_an_emergency() {
    let a = assess(&flag("gait_disturbance"));
    assert_emergency(&a);
    assert!(
        any_source_mentions(&a, "Red Flags"),
        "deteriorating cord: UK Community Red Flags 2023"
    );
}

#[test]
fn hand_clumsiness_is_urgent() {
    let v = with(flag("hand_clumsiness"), "/regions", json!(["neck"]));
    let a = assess(&v);
    assert_urgent(&a);
    assert!(
        any_source_mentions(&a, "Cook"),
        "myelopathy cluster: Cook et al. 2010"
    );
}

#[test]
fn bilateral_arm_symptoms_are_urgent() {
    let v = with(flag("bilateral_arm_symptoms"), "/regions", json!(["neck"]));
    let a = assess(&v);
    assert_urgent(&a);
    assert!(any_source_mentions(&a, "Cook"));
}

#[test]
fn hand_clumsiness_with_progressive_weakness_is_an_emergency() {
    let v = with(flag("hand_clumsiness"), "/regions", json!(["neck"]));
    let v = with(
        v,
        "/nerve",
        json!({ "radiating": "arm", "weakness": "progressive" }),
    );
    assert_emergency(&assess(&v));
}

#[test]
fn bilateral_arm_symptoms_with_progressive_weakness_are_an_emergency() {
    let v = with(flag("bilateral_arm_symptoms"), "/regions", json!(["neck"]));
    let v = with(v, "/nerve", json!({ "weakness": "progressive" }));
    assert_emergency(&assess(&v));
}

// ---------------------------------------------------------------- cervical arterial signs (§A: emergency)

fn neck_flag(name: &str) -> Value {
    with(flag(name), "/regions", json!(["neck"]))
}

#[test]
fn dizziness_or_drop_attacks_with_neck_pain_are_an_emergency() {
    let a = assess(&neck_flag("dizziness_or_drop_attacks"));
    assert_emergency(&a);
    assert!(
        any_source_mentions(&a, "Rushton"),
        "cervical arterial dysfunction: Rushton et al. 2023"
    );
}

#[test]
fn double_vision_or_speech_change_with_neck_pain_is_an_emergency() {
    let a = assess(&neck_flag("double_vision_or_speech_change"));
    assert_emergency(&a);
    assert!(any_source_mentions(&a, "Rushton"));
}

#[test]
fn difficulty_swallowing_with_neck_pain_is_an_emergency() {
    let a = assess(&neck_flag("difficulty_swallowing"));
    assert_emergency(&a);
    assert!(any_source_mentions(&a, "Rushton"));
}

// ---------------------------------------------------------------- infection

#[test]
fn fever_with_iv_drug_use_is_an_emergency() {
    let v = with(flag("fever"), "/red_flags/iv_drug_use", json!(true));
    assert_emergency(&assess(&v));
}

#[test]
fn fever_with_immunosuppression_is_an_emergency() {
    let v = with(flag("fever"), "/red_flags/immunosuppressed", json!(true));
    assert_emergency(&assess(&v));
}

#[test]
fn fever_alone_is_urgent() {
    assert_urgent(&assess(&flag("fever")));
}

#[test]
fn iv_drug_use_alone_is_urgent() {
    // §A priority tier: immunosuppression or IV drug use, within two weeks.
    assert_urgent(&assess(&flag("iv_drug_use")));
}

#[test]
fn immunosuppression_alone_is_urgent() {
    assert_urgent(&assess(&flag("immunosuppressed")));
}

// ---------------------------------------------------------------- soft flags (§A: urgent, alone or combined)

#[test]
fn history_of_cancer_is_urgent_without_a_plan() {
    let a = assess(&flag("history_of_cancer"));
    assert_urgent(&a);
    assert!(codes(&a).contains(&"history_of_cancer"));
}

#[test]
fn unexplained_weight_loss_is_urgent_without_a_plan() {
    let a = assess(&flag("unexplained_weight_loss"));
    assert_urgent(&a);
    assert!(codes(&a).contains(&"unexplained_weight_loss"));
}

#[test]
fn night_pain_unrelieved_by_position_is_urgent_without_a_plan() {
    let a = assess(&flag("night_pain_unrelieved_by_position"));
    assert_urgent(&a);
    assert!(codes(&a).contains(&"night_pain_unrelieved_by_position"));
}

#[test]
fn significant_trauma_is_urgent_without_a_plan() {
    let a = assess(&flag("significant_trauma"));
    assert_urgent(&a);
    assert!(codes(&a).contains(&"significant_trauma"));
}

#[test]
fn systemically_unwell_is_urgent() {
    // §A priority tier: unwell with non-mechanical pain.
    assert_urgent(&assess(&flag("systemically_unwell")));
}

#[test]
fn soft_flags_combined_are_still_urgent() {
    let v = with(
        flag("history_of_cancer"),
        "/red_flags/unexplained_weight_loss",
        json!(true),
    );
    let a = assess(&v);
    assert_urgent(&a);
    let c = codes(&a);
    assert!(
        c.contains(&"history_of_cancer") && c.contains(&"unexplained_weight_loss"),
        "both named: {c:?}"
    );
}

#[test]
fn long_term_steroids_with_new_back_pain_are_urgent() {
    // §A priority tier: long-term steroids; fracture cluster: steroid use.
    let v = with(
        baseline(),
        "/history",
        json!({ "long_term_steroids": true }),
    );
    let v = with(v, "/duration_weeks", json!(2));
    assert_urgent(&assess(&v));
}

#[test]
fn osteoporosis_with_new_severe_pain_is_urgent() {
    // §A priority tier: known osteoporosis with new severe pain.
    let v = with(baseline(), "/history", json!({ "osteoporosis": true }));
    let v = with(v, "/duration_weeks", json!(1));
    let v = with(v, "/pain", json!({ "now": 8, "average": 7, "worst": 9 }));
    assert_urgent(&assess(&v));
}

// ---------------------------------------------------------------- fracture cluster

#[test]
fn minor_trauma_with_osteoporosis_is_urgent() {
    let v = with(
        flag("minor_trauma"),
        "/history",
        json!({ "osteoporosis": true }),
    );
    let a = assess(&v);
    assert_urgent(&a);
    assert!(
        any_source_mentions(&a, "NICE"),
        "fracture cluster: NICE CKS"
    );
}

#[test]
fn minor_trauma_with_long_term_steroids_is_urgent() {
    let v = with(
        flag("minor_trauma"),
        "/history",
        json!({ "long_term_steroids": true }),
    );
    assert_urgent(&assess(&v));
}

#[test]
fn minor_trauma_alone_in_a_younger_adult_does_not_block_exercise() {
    // The fracture cluster needs minor trauma *with* fragile bone or steroids; a single soft flag
    // is weak (Finucane 2020).
    let a = assess(&flag("minor_trauma"));
    assert!(
        a.triage.level.severity() < TriageLevel::Urgent.severity(),
        "level {}",
        a.triage.level
    );
    assert!(a.plan.is_some());
}

// ---------------------------------------------------------------- upper cervical instability

#[test]
fn neck_instability_signs_are_urgent() {
    let a = assess(&neck_flag("neck_instability_signs"));
    assert_urgent(&a);
}

#[test]
fn rheumatoid_arthritis_with_neck_pain_is_flagged_and_keeps_the_neck_from_end_range() {
    let v = with(baseline(), "/regions", json!(["neck"]));
    let v = with(v, "/history", json!({ "rheumatoid_arthritis": true }));
    let a = assess(&v);
    assert!(
        a.triage.level.severity() >= TriageLevel::Review.severity(),
        "level {}",
        a.triage.level
    );
    let plan = a.plan.expect("review-level caution still gets a plan");
    assert!(
        plan.constraints
            .iter()
            .any(|c| c.avoid.as_str() == "neck_end_range"),
        "§A: no neck range-of-motion loading to end range"
    );
}

// ---------------------------------------------------------------- nerve symptoms

#[test]
fn progressive_weakness_is_urgent() {
    let v = with(
        baseline(),
        "/nerve",
        json!({ "radiating": "below_knee", "weakness": "progressive" }),
    );
    assert_urgent(&assess(&v));
}

#[test]
fn radiating_pain_without_weakness_is_review_with_a_plan() {
    let v = with(baseline(), "/duration_weeks", json!(3));
    let v = with(
        v,
        "/nerve",
        json!({ "radiating": "below_knee", "weakness": "none" }),
    );
    assert_review_with_plan(&assess(&v));
}

#[test]
fn numbness_without_weakness_is_review_with_a_plan() {
    let v = with(baseline(), "/duration_weeks", json!(3));
    let v = with(v, "/nerve", json!({ "numbness_or_tingling": true }));
    assert_review_with_plan(&assess(&v));
}

#[test]
fn arm_pain_with_stable_weakness_is_review_with_a_plan() {
    let v = with(baseline(), "/regions", json!(["neck"]));
    let v = with(
        v,
        "/nerve",
        json!({ "radiating": "arm", "weakness": "stable" }),
    );
    assert_review_with_plan(&assess(&v));
}

#[test]
fn radicular_pain_still_there_at_about_six_weeks_asks_for_an_opinion() {
    let early = with(baseline(), "/duration_weeks", json!(3));
    let early = with(early, "/nerve", json!({ "radiating": "below_knee" }));
    let late = with(early.clone(), "/duration_weeks", json!(8));
    let (early, late) = (assess(&early), assess(&late));
    assert_review_with_plan(&late);
    assert!(
        late.triage.reasons.len() > early.triage.reasons.len(),
        "at 8 weeks there is one more reason (refer for an opinion) than at 3: {:?} vs {:?}",
        codes(&late),
        codes(&early)
    );
}

// ---------------------------------------------------------------- recent spinal surgery

#[test]
fn spinal_fusion_eight_weeks_ago_is_supervised_with_a_draft_plan() {
    let v = with(
        baseline(),
        "/history",
        json!({ "surgery": "spinal_fusion", "weeks_since_surgery": 8 }),
    );
    let a = assess(&v);
    assert_eq!(
        a.triage.level,
        TriageLevel::Supervised,
        "reasons: {:?}",
        codes(&a)
    );
    let plan = a.plan.expect("supervised drafts a plan");
    assert!(plan.requires_clinician_approval);
}

#[test]
fn spinal_surgery_without_a_date_is_treated_as_recent() {
    let v = with(baseline(), "/history", json!({ "surgery": "discectomy" }));
    let a = assess(&v);
    assert_eq!(a.triage.level, TriageLevel::Supervised);
    assert!(a.plan.expect("draft").requires_clinician_approval);
}

#[test]
fn spinal_fusion_two_years_ago_is_not_supervised() {
    let v = with(
        baseline(),
        "/history",
        json!({ "surgery": "spinal_fusion", "weeks_since_surgery": 104 }),
    );
    let a = assess(&v);
    assert_ne!(a.triage.level, TriageLevel::Supervised);
    assert!(
        a.triage
            .reasons
            .iter()
            .all(|r| r.level != TriageLevel::Supervised)
    );
    assert!(!a.plan.expect("plan").requires_clinician_approval);
}

#[test]
fn non_spinal_surgery_is_not_supervised() {
    let v = with(
        baseline(),
        "/history",
        json!({ "surgery": "other", "weeks_since_surgery": 2 }),
    );
    let a = assess(&v);
    assert_eq!(
        a.triage.level,
        TriageLevel::Clear,
        "reasons: {:?}",
        codes(&a)
    );
}

// ---------------------------------------------------------------- inflammatory back pain (ASAS)

fn inflammatory(features: &[&str], weeks: u32) -> Value {
    let mut f = serde_json::Map::new();
    for name in features {
        f.insert((*name).to_string(), json!(true));
    }
    let v = with(baseline(), "/inflammatory", Value::Object(f));
    with(v, "/duration_weeks", json!(weeks))
}

const ASAS_FOUR: [&str; 4] = [
    "onset_under_40",
    "gradual_onset",
    "better_with_exercise",
    "not_better_with_rest",
];

#[test]
fn inflammatory_back_pain_four_of_five_features_over_twelve_weeks_is_review_with_a_plan() {
    let a = assess(&inflammatory(&ASAS_FOUR, 16));
    assert_review_with_plan(&a);
    assert!(
        any_source_mentions(&a, "Sieper"),
        "ASAS criteria: Sieper 2009; reasons {:?}",
        codes(&a)
    );
}

#[test]
fn inflammatory_back_pain_all_five_features_is_review_with_a_plan() {
    let mut all = ASAS_FOUR.to_vec();
    all.push("night_pain_better_on_rising");
    let a = assess(&inflammatory(&all, 30));
    assert_review_with_plan(&a);
    assert!(any_source_mentions(&a, "Sieper"));
}

#[test]
fn three_inflammatory_features_are_not_inflammatory_back_pain() {
    let a = assess(&inflammatory(&ASAS_FOUR[..3], 16));
    assert!(
        !any_source_mentions(&a, "Sieper"),
        "3 of 5 is below the ASAS cut-off: {:?}",
        codes(&a)
    );
    assert_eq!(a.triage.level, TriageLevel::Clear);
}

#[test]
fn inflammatory_features_need_more_than_three_months_of_pain() {
    let a = assess(&inflammatory(&ASAS_FOUR, 8));
    assert!(
        !any_source_mentions(&a, "Sieper"),
        "8 weeks is under 3 months: {:?}",
        codes(&a)
    );
}

// ---------------------------------------------------------------- age

#[test]
fn new_spinal_pain_later_in_life_is_sent_to_a_doctor() {
    // §A: first back pain over 60 (UK Community Red Flags 2023; cut-off is a setting).
    let v = with(baseline(), "/age", json!(65));
    let v = with(v, "/duration_weeks", json!(2));
    let a = assess(&v);
    assert!(
        a.triage.level.severity() >= TriageLevel::Review.severity(),
        "level {}",
        a.triage.level
    );
    assert!(
        a.triage
            .reasons
            .iter()
            .any(|r| r.advice.to_lowercase().contains("doctor"))
    );
}

// ---------------------------------------------------------------- combining rules

#[test]
fn the_most_serious_reason_sets_the_level_and_comes_first() {
    let v = with(
        flag("history_of_cancer"),
        "/red_flags/saddle_numbness",
        json!(true),
    );
    let v = with(v, "/nerve", json!({ "radiating": "below_knee" }));
    let a = assess(&v);
    assert_emergency(&a);
    assert_eq!(top(&a).code, "saddle_numbness");
    assert!(
        codes(&a).contains(&"history_of_cancer"),
        "lesser reasons are still listed"
    );
    let sev: Vec<u8> = a
        .triage
        .reasons
        .iter()
        .map(|r| r.level.severity())
        .collect();
    assert!(
        sev.windows(2).all(|w| w[0] >= w[1]),
        "most serious first: {sev:?}"
    );
}

#[test]
fn urgent_outranks_supervised_so_there_is_no_plan() {
    let v = with(
        flag("history_of_cancer"),
        "/history",
        json!({ "surgery": "spinal_fusion", "weeks_since_surgery": 6 }),
    );
    assert_urgent(&assess(&v));
}

// ---------------------------------------------------------------- how soon, and what a stop says
// Issue 9, point 3. Clinical rules §A "How soon": progressive neurological deficit is same-day
// care (BASS/GIRFT spinal emergency pathways [S]); suspected spinal metastasis without
// neurological signs is imaged within a week, with them within 24 hours (NICE NG234 2023 [S/U]);
// a long-standing, stable picture is not a new red flag; an emergency or urgent screen never also
// says that exercise is fine.

fn advice_of<'a>(a: &'a Assessment, code: &str) -> &'a str {
    &a.triage
        .reasons
        .iter()
        .find(|r| r.code == code)
        .unwrap_or_else(|| panic!("no {code} reason in {:?}", codes(a)))
        .advice
}

/// Class 1. Worsening weakness is same-day care (BASS/GIRFT [S]): urgent, not "within days" or
/// "within a week", and not an emergency department unless cauda equina or cord signs come with
/// it (BASS 2018; UK Community Red Flags 2023).
#[test]
fn progressive_weakness_is_same_day_care_not_within_days() {
    let v = with(
        baseline(),
        "/nerve",
        json!({ "radiating": "below_knee", "weakness": "progressive" }),
    );
    let a = assess(&v);
    assert_urgent(&a);
    let advice = advice_of(&a, "progressive_weakness").to_lowercase();
    assert!(
        advice.contains("same day") && advice.contains("today"),
        "same-day care: {advice}"
    );
    for slow in ["within days", "few days", "within a week", "two weeks"] {
        assert!(!advice.contains(slow), "{slow:?} is too slow: {advice}");
    }
    assert!(
        !advice.starts_with("go to an emergency"),
        "no emergency department without cauda equina or cord signs: {advice}"
    );
    assert!(any_source_mentions(&a, "BASS"), "same-day tier: BASS/GIRFT");

    // With cauda equina or cord signs it is an emergency (§A hard stops).
    for sign in [
        "bilateral_leg_symptoms",
        "gait_disturbance",
        "saddle_numbness",
    ] {
        let v = with(v.clone(), &format!("/red_flags/{sign}"), json!(true));
        let a = assess(&v);
        assert_emergency(&a);
        assert_eq!(
            a.triage
                .reasons
                .iter()
                .find(|r| r.code == "progressive_weakness")
                .map(|r| r.level),
            Some(TriageLevel::Emergency),
            "{sign}"
        );
    }
}

fn suspected_cancer() -> Value {
    let v = flag("history_of_cancer");
    let v = with(
        v,
        "/red_flags/night_pain_unrelieved_by_position",
        json!(true),
    );
    with(v, "/red_flags/unexplained_weight_loss", json!(true))
}

/// Class 2. A past cancer with night pain and unexplained weight loss is a suspected spinal
/// metastasis: seen within a week (NICE NG234 [S/U]), urgent, not an emergency; every reason of
/// the cluster says a week, none "two weeks". With nerve signs: within 24 hours.
#[test]
fn cancer_history_with_night_pain_and_weight_loss_is_seen_within_a_week() {
    let a = assess(&suspected_cancer());
    assert_urgent(&a);
    for code in [
        "history_of_cancer",
        "night_pain_unrelieved_by_position",
        "unexplained_weight_loss",
    ] {
        let advice = advice_of(&a, code).to_lowercase();
        assert!(advice.contains("within a week"), "{code}: {advice}");
        assert!(!advice.contains("within two weeks"), "{code}: {advice}");
    }
    assert!(any_source_mentions(&a, "NG234"), "NICE NG234");

    let with_nerve = with(
        suspected_cancer(),
        "/nerve",
        json!({ "radiating": "below_knee", "numbness_or_tingling": true }),
    );
    let a = assess(&with_nerve);
    assert_urgent(&a);
    let advice = advice_of(&a, "history_of_cancer").to_lowercase();
    assert!(
        advice.contains("today") && advice.contains("24 hours"),
        "with nerve signs: within 24 hours: {advice}"
    );

    // Two of the three are still urgent, on the usual two-week tier (UK Community Red Flags).
    let two = with(
        flag("history_of_cancer"),
        "/red_flags/unexplained_weight_loss",
        json!(true),
    );
    let a = assess(&two);
    assert_urgent(&a);
    assert!(!advice_of(&a, "history_of_cancer").contains("within a week"));
}

/// Class 3 (negative case). Symptoms in both legs for many months, not changing, with no saddle
/// numbness, bladder, bowel or sexual change and no worsening weakness are not an emergency: a
/// long-standing, stable picture is not a new red flag (§A; cauda equina signs are new or
/// changing, BASS 2018 [S], Finucane 2020 [V]). A doctor should still look: review, with a plan.
#[test]
fn chronic_stable_bilateral_leg_symptoms_are_not_an_emergency() {
    let v = with(flag("bilateral_leg_symptoms"), "/duration_weeks", json!(52));
    let v = with(v, "/age", json!(58));
    let a = assess(&v);
    assert_ne!(a.triage.level, TriageLevel::Emergency, "{:?}", codes(&a));
    assert_review_with_plan(&a);
    assert!(codes(&a).contains(&"bilateral_leg_symptoms"));

    // A new cauda equina sign, or weakness getting worse, is still an emergency.
    for extra in ["saddle_numbness", "bladder_or_bowel_change"] {
        let v = with(v.clone(), &format!("/red_flags/{extra}"), json!(true));
        assert_emergency(&assess(&v));
    }
    let worse = with(v.clone(), "/nerve", json!({ "weakness": "progressive" }));
    assert_emergency(&assess(&worse));
    // Recent symptoms in both legs stay an emergency.
    let recent = with(v, "/duration_weeks", json!(3));
    assert_emergency(&assess(&recent));
}

/// Class 3 (negative case). A past cancer with years of the same pain and no night pain, weight
/// loss or other new sign is not "past cancer with new spinal pain" (UK Community Red Flags 2023
/// priority tier [S]): not urgent, not an emergency; a doctor's review with a plan.
#[test]
fn remote_cancer_with_years_of_unchanged_pain_is_not_urgent() {
    let v = with(flag("history_of_cancer"), "/duration_weeks", json!(260));
    let v = with(v, "/age", json!(62));
    let a = assess(&v);
    assert!(
        !a.triage.level.blocks_plan(),
        "level {} ({:?})",
        a.triage.level,
        codes(&a)
    );
    assert_review_with_plan(&a);
    assert!(codes(&a).contains(&"history_of_cancer"));

    // Night pain or weight loss makes it new again: urgent.
    for extra in [
        "night_pain_unrelieved_by_position",
        "unexplained_weight_loss",
    ] {
        let v = with(v.clone(), &format!("/red_flags/{extra}"), json!(true));
        assert_urgent(&assess(&v));
    }
    // Recent pain with a past cancer stays urgent.
    assert_urgent(&assess(&with(v, "/duration_weeks", json!(3))));
}

/// Class 4 (negative case). The fracture cluster is minor trauma with fragile bone (NICE CKS
/// [S]); it matters recently and with significant pain. A minor fall a year ago in a
/// 75-year-old with osteoporosis and low pain is not urgent; nor is a recent one with slight
/// pain. A recent fall with real pain still is (see the fracture-cluster tests above).
#[test]
fn old_minor_fall_with_low_pain_is_not_urgent() {
    let v = with(flag("minor_trauma"), "/age", json!(75));
    let v = with(v, "/history", json!({ "osteoporosis": true }));
    let low = json!({ "now": 2, "average": 2, "worst": 3 });
    let old = with(
        with(v.clone(), "/duration_weeks", json!(52)),
        "/pain",
        low.clone(),
    );
    let a = assess(&old);
    assert!(
        !a.triage.level.blocks_plan(),
        "level {} ({:?})",
        a.triage.level,
        codes(&a)
    );
    assert!(a.plan.is_some());
    assert!(
        codes(&a).contains(&"minor_trauma"),
        "still noted: {:?}",
        codes(&a)
    );

    let slight = with(
        with(v.clone(), "/duration_weeks", json!(2)),
        "/pain",
        json!({ "now": 1, "average": 1, "worst": 2 }),
    );
    assert!(!assess(&slight).triage.level.blocks_plan());

    let painful = with(
        with(v, "/duration_weeks", json!(2)),
        "/pain",
        json!({ "now": 6, "average": 5, "worst": 7 }),
    );
    let a = assess(&painful);
    assert_urgent(&a);
    assert!(codes(&a).contains(&"minor_trauma_fragile_bone"));
}

/// Class 6. Irritability reads the worst pain too (clinical rules §B: high = severe pain, or
/// provoked easily and slow to settle; Kelley JOSPT 2013 [S]): worst pain 9 that takes an hour
/// to settle is highly irritable even when now and the average are moderate; and worst pain 9 is
/// never low irritability.
#[test]
fn high_worst_pain_with_slow_settling_is_high_irritability() {
    let v = with(
        baseline(),
        "/pain",
        json!({ "now": 4, "average": 4, "worst": 9 }),
    );
    let v = with(
        v,
        "/irritability",
        json!({ "provoked_by": "moderate", "settle_minutes": 60 }),
    );
    assert_eq!(assess(&v).profile.irritability.as_str(), "high");

    let quick = with(
        v.clone(),
        "/irritability",
        json!({ "provoked_by": "moderate", "settle_minutes": 10 }),
    );
    assert_eq!(assess(&quick).profile.irritability.as_str(), "moderate");
    let mild_worst = with(v, "/pain", json!({ "now": 4, "average": 4, "worst": 6 }));
    assert_eq!(
        assess(&mild_worst).profile.irritability.as_str(),
        "moderate"
    );

    let low_but_bad_peak = with(
        baseline(),
        "/pain",
        json!({ "now": 2, "average": 2, "worst": 9 }),
    );
    let low_but_bad_peak = with(
        low_but_bad_peak,
        "/irritability",
        json!({ "provoked_by": "substantial", "settle_minutes": 5 }),
    );
    assert_ne!(
        assess(&low_but_bad_peak).profile.irritability.as_str(),
        "low"
    );
}

/// Class 5. An emergency or urgent screen never also says that exercise is fine (§A "How
/// soon"). Every red flag alone, and next to the review-level rules that reassure about exercise
/// (nerve symptoms, radicular pain at 8 weeks, new pain at 65, inflammatory features, rheumatoid
/// neck, a minor fall, past spinal surgery), is scanned: no reason's advice or source may say it.
#[test]
fn no_emergency_or_urgent_screen_says_exercise_is_fine() {
    const REASSURING: &[&str] = &[
        "exercise is fine",
        "exercises are fine",
        "exercise are fine",
        "exercise is good",
        "exercise is safe",
        "safe to exercise",
        "fine to exercise",
        "fine meanwhile",
        "carry on",
        "keep exercising",
        "continue exercising",
        "keep moving",
        "you can start now",
        "plan is a draft",
        "the plan keeps",
    ];
    let companions: Vec<(&str, Value)> = vec![
        ("alone", baseline()),
        (
            "nerve symptoms",
            with(
                baseline(),
                "/nerve",
                json!({ "radiating": "below_knee", "numbness_or_tingling": true }),
            ),
        ),
        (
            "arm pain",
            with(
                with(baseline(), "/regions", json!(["neck"])),
                "/nerve",
                json!({ "radiating": "arm" }),
            ),
        ),
        (
            "new pain at 65",
            with(
                with(baseline(), "/age", json!(65)),
                "/duration_weeks",
                json!(2),
            ),
        ),
        ("inflammatory", inflammatory(&ASAS_FOUR, 16)),
        (
            "rheumatoid neck",
            with(
                with(baseline(), "/regions", json!(["neck", "low_back"])),
                "/history",
                json!({ "rheumatoid_arthritis": true }),
            ),
        ),
        (
            "minor fall",
            with(baseline(), "/red_flags/minor_trauma", json!(true)),
        ),
        (
            "spinal surgery",
            with(baseline(), "/history", json!({ "surgery": "discectomy" })),
        ),
    ];
    let flags: Vec<&str> = gradus_core::vocab::RedFlag::ALL
        .iter()
        .map(|f| f.as_str())
        .collect();
    let mut blocking = 0;
    for (name, base) in &companions {
        let mut intakes = vec![(name.to_string(), base.clone())];
        for f in &flags {
            intakes.push((
                format!("{f} + {name}"),
                with(base.clone(), &format!("/red_flags/{f}"), json!(true)),
            ));
        }
        intakes.push((format!("suspected cancer + {name}"), {
            let mut v = base.clone();
            for f in [
                "history_of_cancer",
                "night_pain_unrelieved_by_position",
                "unexplained_weight_loss",
            ] {
                v = with(v, &format!("/red_flags/{f}"), json!(true));
            }
            v
        }));
        intakes.push((
            format!("progressive weakness + {name}"),
            with(base.clone(), "/nerve/weakness", json!("progressive")),
        ));
        for (label, v) in intakes {
            let a = assess(&v);
            if !a.triage.level.blocks_plan() {
                continue;
            }
            blocking += 1;
            for r in &a.triage.reasons {
                for text in [&r.advice, &r.source] {
                    let lower = text.to_lowercase();
                    for phrase in REASSURING {
                        assert!(
                            !lower.contains(phrase),
                            "{label}: level {}, reason {} says {phrase:?}: {text}",
                            a.triage.level,
                            r.code
                        );
                    }
                }
            }
            for why in &a.profile.why {
                assert!(
                    !why.to_lowercase().contains("exercise is fine"),
                    "{label}: {why}"
                );
            }
        }
    }
    assert!(
        blocking > 100,
        "only {blocking} emergency or urgent screens were scanned"
    );
}

/// Class 5, the other side: at review level the reassurance is still said (the source articles:
/// exercise is fine and a doctor should evaluate nerve symptoms).
#[test]
fn a_review_screen_still_says_exercise_is_fine() {
    let v = with(baseline(), "/duration_weeks", json!(3));
    let v = with(v, "/nerve", json!({ "radiating": "below_knee" }));
    let a = assess(&v);
    assert_review_with_plan(&a);
    assert!(
        advice_of(&a, "nerve_symptoms")
            .to_lowercase()
            .contains("exercise is fine"),
        "{:?}",
        a.triage.reasons
    );
}
