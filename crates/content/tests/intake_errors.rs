//! Bad input is refused with field-level errors (contract: path, what was expected, what was
//! found); a typo must never be silently ignored.

use std::sync::OnceLock;

use gradus_core::{FieldError, InputErrors, IntakeInput, Library, Settings};
use serde_json::{Value, json};

fn lib() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| gradus_content::load().expect("the shipped library loads"))
}

fn good() -> Value {
    json!({
        "age": 45,
        "regions": ["low_back"],
        "duration_weeks": 3,
        "pain": { "now": 6, "average": 5, "worst": 8 },
        "irritability": { "provoked_by": "minimal", "settle_minutes": 90 },
        "availability": { "minutes_per_session": 15, "sessions_per_week": 5 },
        "equipment": ["mat", "chair"]
    })
}

/// Sets the value at a JSON pointer, creating objects on the way.
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

fn without(mut v: Value, key: &str) -> Value {
    v.as_object_mut().unwrap().remove(key);
    v
}

/// The whole path from text to assessment, as the CLI and API run it.
fn run(text: &str) -> Result<gradus_core::Assessment, InputErrors> {
    let input: IntakeInput = gradus_content::json::document(text)?;
    gradus_core::assess(&input, lib(), &Settings::default())
}

fn errors(v: &Value) -> Vec<FieldError> {
    match run(&v.to_string()) {
        Ok(_) => panic!("expected the intake to be refused:\n{v}"),
        Err(e) => {
            assert!(!e.0.is_empty(), "an error with no field errors");
            e.0
        }
    }
}

fn message(v: &Value) -> String {
    InputErrors(errors(v)).to_string()
}

fn paths(errs: &[FieldError]) -> Vec<&str> {
    errs.iter().map(|e| e.path.as_str()).collect()
}

#[test]
fn the_good_intake_is_accepted() {
    run(&good().to_string()).expect("baseline intake is valid");
}

#[test]
fn misspelt_red_flag_is_an_error_naming_the_field() {
    let errs = errors(&with(
        good(),
        "/red_flags",
        json!({ "saddle_numbnes": true }),
    ));
    let e = &errs[0];
    assert!(e.path.starts_with("red_flags"), "path {:?}", e.path);
    assert!(
        e.to_string().contains("saddle_numbnes"),
        "the unknown name is quoted: {e}"
    );
}

#[test]
fn misspelt_red_flag_set_to_false_is_still_an_error() {
    // Even a `false` typo must not pass: the reader cannot know the person meant false.
    let errs = errors(&with(
        good(),
        "/red_flags",
        json!({ "saddle_numbnes": false }),
    ));
    assert!(errs[0].path.starts_with("red_flags"));
}

#[test]
fn unknown_top_level_field_is_an_error() {
    let errs = errors(&with(
        good(),
        "/red_flag",
        json!({ "saddle_numbness": true }),
    ));
    assert!(errs[0].to_string().contains("red_flag"), "{:?}", errs);
}

#[test]
fn unknown_field_in_a_nested_object_names_its_parent() {
    let errs = errors(&with(good(), "/nerve", json!({ "radiates": "arm" })));
    assert!(errs[0].path.starts_with("nerve"), "{:?}", errs);
    assert!(errs[0].to_string().contains("radiates"));
}

#[test]
fn pain_above_ten_names_the_field_the_range_and_the_value() {
    let msg = message(&with(good(), "/pain/now", json!(11)));
    assert!(msg.contains("pain.now: expected 0..=10, found 11"), "{msg}");
}

#[test]
fn negative_pain_is_refused() {
    let errs = errors(&with(good(), "/pain/worst", json!(-1)));
    assert_eq!(paths(&errs), ["pain.worst"]);
    assert!(errs[0].message.contains("-1"));
}

#[test]
fn under_eighteen_is_adults_only() {
    let errs = errors(&with(good(), "/age", json!(16)));
    assert_eq!(paths(&errs), ["age"]);
    assert!(errs[0].message.contains("adults only"), "{:?}", errs[0]);
    assert!(errs[0].message.contains("16"));
}

#[test]
fn age_above_the_range_is_refused() {
    let errs = errors(&with(good(), "/age", json!(111)));
    assert_eq!(paths(&errs), ["age"]);
}

#[test]
fn age_at_the_edges_is_accepted() {
    for age in [18, 110] {
        run(&with(good(), "/age", json!(age)).to_string())
            .unwrap_or_else(|e| panic!("age {age}: {e}"));
    }
}

#[test]
fn no_regions_is_an_error_on_regions() {
    let errs = errors(&with(good(), "/regions", json!([])));
    assert_eq!(paths(&errs), ["regions"]);
}

#[test]
fn unknown_region_is_an_error_naming_regions() {
    let errs = errors(&with(good(), "/regions", json!(["low_back", "knee"])));
    assert!(errs[0].path.starts_with("regions"), "{:?}", errs);
    assert!(errs[0].to_string().contains("knee"), "{:?}", errs);
}

#[test]
fn unknown_condition_is_an_error_naming_condition() {
    let errs = errors(&with(good(), "/condition", json!("sciatica")));
    assert!(errs[0].path.starts_with("condition"), "{:?}", errs);
}

#[test]
fn unknown_equipment_is_an_error_naming_equipment() {
    let errs = errors(&with(good(), "/equipment", json!(["mat", "treadmill"])));
    assert!(errs[0].path.starts_with("equipment"), "{:?}", errs);
}

#[test]
fn several_range_errors_are_reported_together() {
    let v = with(good(), "/pain/now", json!(11));
    let v = with(v, "/pain/average", json!(-2));
    let v = with(v, "/age", json!(200));
    let v = with(
        v,
        "/fears",
        json!([{ "activity": "bending", "rating": 150 }]),
    );
    let v = with(v, "/availability/minutes_per_session", json!(0));
    let errs = errors(&v);
    let p = paths(&errs);
    for want in [
        "age",
        "pain.now",
        "pain.average",
        "fears[0].rating",
        "availability.minutes_per_session",
    ] {
        assert!(p.contains(&want), "{want} missing from {p:?}");
    }
    let msg = InputErrors(errs.clone()).to_string();
    assert!(msg.contains("pain.now: expected 0..=10, found 11"), "{msg}");
    assert!(
        msg.contains("fears[0].rating: expected 0..=100, found 150"),
        "{msg}"
    );
}

#[test]
fn missing_pain_is_an_error_naming_pain() {
    let errs = errors(&without(good(), "pain"));
    assert_eq!(paths(&errs), ["pain"]);
    assert!(errs[0].message.contains("missing"), "{:?}", errs[0]);
}

#[test]
fn missing_nested_field_names_its_full_path() {
    let mut v = good();
    v["pain"].as_object_mut().unwrap().remove("worst");
    let errs = errors(&v);
    assert_eq!(paths(&errs), ["pain.worst"]);
}

#[test]
fn wrong_type_names_the_field() {
    let errs = errors(&with(good(), "/age", json!("forty-five")));
    assert_eq!(paths(&errs), ["age"]);
    let errs = errors(&with(good(), "/red_flags/fever", json!("yes")));
    assert_eq!(paths(&errs), ["red_flags.fever"]);
}

#[test]
fn fractional_age_is_refused() {
    let errs = errors(&with(good(), "/age", json!(45.5)));
    assert_eq!(paths(&errs), ["age"]);
}

#[test]
fn negative_duration_and_settle_time_are_refused() {
    let v = with(good(), "/duration_weeks", json!(-1));
    let v = with(v, "/irritability/settle_minutes", json!(-5));
    let errs = errors(&v);
    let p = paths(&errs);
    assert!(
        p.contains(&"duration_weeks") && p.contains(&"irritability.settle_minutes"),
        "{p:?}"
    );
}

#[test]
fn empty_fear_or_goal_description_is_refused() {
    let v = with(
        good(),
        "/fears",
        json!([{ "activity": "  ", "rating": 60 }]),
    );
    let v = with(v, "/goals", json!([{ "activity": "", "ability": 3 }]));
    let errs = errors(&v);
    let p = paths(&errs);
    assert!(
        p.contains(&"fears[0].activity") && p.contains(&"goals[0].activity"),
        "{p:?}"
    );
}

#[test]
fn goal_ability_above_ten_is_refused() {
    let errs = errors(&with(
        good(),
        "/goals",
        json!([{ "activity": "gardening", "ability": 11 }]),
    ));
    assert_eq!(paths(&errs), ["goals[0].ability"]);
}

#[test]
fn out_of_range_history_and_activity_are_refused() {
    let v = with(
        good(),
        "/history",
        json!({ "surgery": "discectomy", "weeks_since_surgery": -3 }),
    );
    let v = with(
        v,
        "/activity",
        json!({ "sedentary_hours": 25, "walking_minutes": -1 }),
    );
    let errs = errors(&v);
    let p = paths(&errs);
    for want in [
        "history.weeks_since_surgery",
        "activity.sedentary_hours",
        "activity.walking_minutes",
    ] {
        assert!(p.contains(&want), "{want} missing from {p:?}");
    }
}

#[test]
fn not_json_at_all_is_an_error_without_a_field() {
    let e = run("{ this is not json").expect_err("refused");
    assert!(e.to_string().contains("not valid JSON"), "{e}");
}

#[test]
fn a_top_level_array_is_refused() {
    run("[1, 2, 3]").expect_err("an intake is an object");
}

/// `null` for an optional list means "none", like leaving it out; `null` for a required one
/// is still an error naming it.
#[test]
fn null_lists_mean_none_but_null_regions_is_an_error() {
    let ok = r#"{"age":40,"regions":["neck"],"duration_weeks":3,"pain":{"now":3,"average":3,"worst":4},
        "irritability":{"provoked_by":"moderate","settle_minutes":10},"fears":null,"goals":null,"equipment":null,
        "activity":{"enjoys":null}}"#;
    let input: gradus_core::IntakeInput = gradus_content::json::document(ok).unwrap();
    assert!(input.fears.is_empty() && input.equipment.is_empty());
    let bad = ok.replace(r#""regions":["neck"]"#, r#""regions":null"#);
    let err = gradus_content::json::document::<gradus_core::IntakeInput>(&bad).unwrap_err();
    assert_eq!(err.0[0].path, "regions", "{err}");
}
