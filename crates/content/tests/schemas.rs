//! The contract's JSON Schemas in `schemas/` are generated from the Rust types; this test fails
//! when a committed schema no longer matches the code. `UPDATE_SCHEMAS=1` rewrites them.

use gradus_core::IntakeInput;
use gradus_core::assess::Assessment;
use gradus_core::log::LogEntryInput;
use gradus_core::plan::Plan;
use gradus_core::review::Review;

fn check(name: &str, schema: schemars::Schema) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../schemas")
        .join(name);
    let fresh = serde_json::to_string_pretty(&schema).unwrap() + "\n";
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != fresh {
        if std::env::var("UPDATE_SCHEMAS").is_ok_and(|v| v == "1") {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, fresh).unwrap();
        } else {
            panic!(
                "schemas/{name} is out of date with the Rust types: run `UPDATE_SCHEMAS=1 cargo test -p gradus-content --test schemas` and commit it"
            );
        }
    }
}

#[test]
fn committed_schemas_match_the_types() {
    check("intake.schema.json", schemars::schema_for!(IntakeInput));
    check("assessment.schema.json", schemars::schema_for!(Assessment));
    check("plan.schema.json", schemars::schema_for!(Plan));
    check("log.schema.json", schemars::schema_for!(Vec<LogEntryInput>));
    check("review.schema.json", schemars::schema_for!(Review));
}

#[test]
fn intake_schema_refuses_unknown_fields() {
    let s = serde_json::to_value(schemars::schema_for!(IntakeInput)).unwrap();
    assert_eq!(s["additionalProperties"], serde_json::json!(false));
    assert!(
        s["required"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "pain")
    );
}

/// The schema states the ranges of `gradus_core::intake::limits`, the ones the parser and the
/// web form use: a range changed in one place and not the other fails here.
#[test]
fn intake_schema_ranges_are_the_parsers() {
    use gradus_core::intake::limits;
    let s = serde_json::to_value(schemars::schema_for!(IntakeInput)).unwrap();
    let range = |v: &serde_json::Value| (v["minimum"].as_f64(), v["maximum"].as_f64());
    let def = |name: &str, field: &str| range(&s["$defs"][name]["properties"][field]);
    let int = |(lo, hi): (i64, i64)| (Some(lo as f64), Some(hi as f64));
    let num = |(lo, hi): (f64, f64)| (Some(lo), Some(hi));
    assert_eq!(range(&s["properties"]["age"]), int(limits::AGE));
    assert_eq!(
        range(&s["properties"]["duration_weeks"]),
        num(limits::DURATION_WEEKS)
    );
    for f in ["now", "average", "worst"] {
        assert_eq!(def("PainInput", f), int(limits::PAIN), "pain.{f}");
    }
    assert_eq!(
        def("IrritabilityInput", "settle_minutes"),
        num(limits::SETTLE_MINUTES)
    );
    assert_eq!(def("FearInput", "rating"), int(limits::FEAR_RATING));
    assert_eq!(def("GoalInput", "ability"), int(limits::GOAL_ABILITY));
    assert_eq!(
        def("ActivityInput", "sedentary_hours"),
        num(limits::SEDENTARY_HOURS)
    );
    assert_eq!(
        def("ActivityInput", "walking_minutes"),
        num(limits::WALKING_MINUTES)
    );
    assert_eq!(
        def("AvailabilityInput", "minutes_per_session"),
        int(limits::MINUTES_PER_SESSION)
    );
    assert_eq!(
        def("AvailabilityInput", "sessions_per_week"),
        int(limits::SESSIONS_PER_WEEK)
    );
    assert_eq!(
        def("HistoryInput", "weeks_since_surgery"),
        num(limits::WEEKS_SINCE_SURGERY)
    );
}
