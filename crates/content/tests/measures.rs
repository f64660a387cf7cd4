//! Outcome measures through the JSON entry point, as a form or the API will send them: the
//! contract spelling, field paths on every error, and a typo never silently ignored.

use gradus_content::json;
use gradus_core::measures::start_back::{self, StartBackAnswers, Stratum};
use gradus_core::measures::{
    Change, Disability, DisabilityBand, DisabilityScores, meaningful_change,
};

fn paths(e: &gradus_core::InputErrors) -> Vec<&str> {
    e.0.iter().map(|f| f.path.as_str()).collect()
}

#[test]
fn a_start_back_form_scores_through_the_json_entry_point() {
    let text = r#"{
        "leg_pain": true, "shoulder_or_neck_pain": true, "walking_limited": false,
        "dressing_slowly": false, "fear": true, "anxiety": true, "catastrophising": true,
        "low_mood": false, "bothersomeness": "extremely"
    }"#;
    let answers: StartBackAnswers = json::document(text).unwrap();
    let s = start_back::score(&answers).unwrap();
    assert_eq!((s.total, s.psychosocial, s.stratum), (6, 4, Stratum::High));
    assert_eq!(
        serde_json::to_string(&s).unwrap(),
        r#"{"total":6,"psychosocial":4,"stratum":"high"}"#
    );
}

#[test]
fn a_misspelt_start_back_item_is_refused_with_its_path() {
    let text = r#"{"leg_pain": true, "catastrophizing": true}"#;
    let e = json::document::<StartBackAnswers>(text).unwrap_err();
    assert_eq!(paths(&e), ["catastrophizing"], "{e}");
}

#[test]
fn an_unknown_bothersomeness_answer_is_refused_with_its_path() {
    let e = json::document::<StartBackAnswers>(r#"{"bothersomeness": "a_lot"}"#).unwrap_err();
    assert_eq!(paths(&e), ["bothersomeness"], "{e}");
    assert!(e.to_string().contains("very_much"), "{e}");
}

#[test]
fn a_half_filled_start_back_form_names_every_missing_item() {
    let answers: StartBackAnswers =
        json::document(r#"{"leg_pain": false, "fear": true, "bothersomeness": "slightly"}"#)
            .unwrap();
    let e = start_back::score(&answers).unwrap_err();
    assert_eq!(
        paths(&e),
        [
            "shoulder_or_neck_pain",
            "walking_limited",
            "dressing_slowly",
            "anxiety",
            "catastrophising",
            "low_mood"
        ]
    );
}

#[test]
fn disability_scores_with_a_missing_section_through_the_json_entry_point() {
    let text = r#"{"measure": "odi", "items": [2, 2, 2, 2, null, 2, 2, 2, 2, 2], "taken_on": "2026-03-02"}"#;
    let before = Disability::parse(&json::document::<DisabilityScores>(text).unwrap()).unwrap();
    assert_eq!((before.sum, before.answered), (18, 9));
    assert_eq!(before.band(), DisabilityBand::Moderate); // 40%
    let text =
        r#"{"measure": "odi", "items": [1, 1, 1, 2, 2, 2, 2, 1, 1, 2], "taken_on": "2026-04-13"}"#;
    let after = Disability::parse(&json::document::<DisabilityScores>(text).unwrap()).unwrap();
    assert_eq!(after.percent, 30.0);
    assert_eq!(meaningful_change(&before, &after), Some(Change::Better));
}

#[test]
fn bad_disability_scores_name_each_field() {
    let text =
        r#"{"measure": "ndi", "items": [6, 0, 0, 0, 0, 0, 0, 0, 0, 0], "taken_on": "02/03/2026"}"#;
    let scores: DisabilityScores = json::document(text).unwrap();
    let e = Disability::parse(&scores).unwrap_err();
    assert_eq!(paths(&e), ["taken_on", "items[0]"], "{e}");
    let e = json::document::<DisabilityScores>(
        r#"{"measure": "oswestry", "items": [], "taken_on": "2026-03-02"}"#,
    )
    .unwrap_err();
    assert_eq!(paths(&e), ["measure"], "{e}");
    let e = json::document::<DisabilityScores>(r#"{"measure": "odi", "items": []}"#).unwrap_err();
    assert_eq!(paths(&e), ["taken_on"], "{e}");
}

#[test]
fn the_shipped_wording_matches_the_scored_fields() {
    let text = gradus_content::measures::start_back().unwrap();
    for (item, field) in text.items.iter().zip(start_back::ITEM_FIELDS) {
        assert_eq!(item.field, field);
    }
}

/// STarT Back at intake: the intake's answers put the person in a group (Hill 2008: total ≤ 3
/// low; 4 or more with at most 3 on items 5–9 medium; 4 or more on items 5–9 high), which the
/// profile reports and the plan explains; answers for a neck alone are refused (Keele: low back
/// pain only), and a missing answer names its field.
#[test]
fn start_back_at_intake_stratifies_and_the_plan_explains_the_group() {
    let intake = |regions: &str, answers: &str| {
        let text = format!(
            r#"{{ "age": 44, "regions": {regions}, "duration_weeks": 8,
                "pain": {{ "now": 5, "average": 5, "worst": 6 }},
                "irritability": {{ "provoked_by": "moderate", "settle_minutes": 20 }},
                "equipment": ["mat"], "start_back": {answers} }}"#
        );
        let input: gradus_core::IntakeInput = json::document(&text).expect("intake parses");
        gradus_core::assess(
            &input,
            &gradus_content::load().unwrap(),
            &Default::default(),
        )
    };
    // Items 1, 3 and 4 agreed, item 9 "moderately": total 3 → low.
    let low = r#"{ "leg_pain": true, "shoulder_or_neck_pain": false, "walking_limited": true,
        "dressing_slowly": true, "fear": false, "anxiety": false, "catastrophising": false,
        "low_mood": false, "bothersomeness": "moderately" }"#;
    // Items 1–4 and 5 agreed: total 5, items 5–9 only 1 → medium.
    let medium = r#"{ "leg_pain": true, "shoulder_or_neck_pain": true, "walking_limited": true,
        "dressing_slowly": true, "fear": true, "anxiety": false, "catastrophising": false,
        "low_mood": false, "bothersomeness": "slightly" }"#;
    for (answers, stratum, words) in [
        (low, Stratum::Low, "low risk"),
        (medium, Stratum::Medium, "medium risk"),
    ] {
        let a = intake(r#"["low_back"]"#, answers).expect("valid");
        assert_eq!(a.profile.start_back.map(|s| s.stratum), Some(stratum));
        let plan = a.plan.expect("a plan");
        assert!(
            plan.why
                .iter()
                .any(|w| w.contains(words) && w.contains("Hill")),
            "{:?}",
            plan.why
        );
    }
    let err = intake(r#"["neck"]"#, low).expect_err("not for neck pain");
    assert!(paths(&err).contains(&"start_back"), "{err:?}");
    let err = intake(r#"["low_back"]"#, r#"{ "leg_pain": true }"#).expect_err("incomplete");
    assert!(paths(&err).contains(&"start_back.low_mood"), "{err:?}");
}
