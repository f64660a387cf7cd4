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
