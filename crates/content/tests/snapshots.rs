//! Snapshots of the full assessment of each example intake. A change here is a change in what a
//! person is told: review the diff clinically before accepting it.

use gradus_core::{Assessment, IntakeInput, Settings};

fn assess(text: &str) -> Assessment {
    let lib = gradus_content::load().expect("the shipped library loads");
    let input: IntakeInput =
        gradus_content::json::document(text).expect("example fits the contract");
    gradus_core::assess(&input, &lib, &Settings::default()).expect("example passes range checks")
}

#[test]
fn disc_flare() {
    insta::assert_json_snapshot!(
        "disc_flare",
        assess(include_str!("../../../examples/intake-disc-flare.json"))
    );
}

#[test]
fn emergency() {
    insta::assert_json_snapshot!(
        "emergency",
        assess(include_str!("../../../examples/intake-emergency.json"))
    );
}

#[test]
fn neck_after_fusion() {
    insta::assert_json_snapshot!(
        "neck_after_fusion",
        assess(include_str!(
            "../../../examples/intake-neck-after-fusion.json"
        ))
    );
}

#[test]
fn stiff_desk_worker() {
    insta::assert_json_snapshot!(
        "stiff_desk_worker",
        assess(include_str!(
            "../../../examples/intake-stiff-desk-worker.json"
        ))
    );
}
