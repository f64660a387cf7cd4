//! Helpers the plan and constraint rule tests share: the shipped library, an exercise by id, a
//! JSON-pointer setter for building intakes, and intake figures that start a plan in each phase.

#![allow(dead_code)]

use std::sync::OnceLock;

use gradus_core::Library;
use gradus_core::library::Exercise;
use gradus_core::vocab::Phase;
use serde_json::{Value, json};

pub fn lib() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| gradus_content::load().expect("the shipped library loads"))
}

pub fn ex(id: &str) -> &'static Exercise {
    lib()
        .exercise(id)
        .unwrap_or_else(|| panic!("exercise `{id}` is in the library"))
}

/// Sets the value at a JSON pointer such as `/nerve/centralises_with`, creating objects on the way.
pub fn with(mut v: Value, pointer: &str, value: Value) -> Value {
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

/// Pain and irritability figures that put a person in each phase (clinical-rules §B):
/// high irritability (pain ≥ 7) → flare; moderate (pain 4–6) → rebuild; low with pain ≤ 2 → maintain.
pub fn in_phase(v: Value, phase: Phase) -> Value {
    let (pain, irr) = match phase {
        Phase::Flare => (
            json!({ "now": 7, "average": 7, "worst": 8 }),
            json!({ "provoked_by": "minimal", "settle_minutes": 60 }),
        ),
        Phase::Rebuild => (
            json!({ "now": 5, "average": 5, "worst": 6 }),
            json!({ "provoked_by": "moderate", "settle_minutes": 20 }),
        ),
        Phase::Maintain => (
            json!({ "now": 2, "average": 2, "worst": 3 }),
            json!({ "provoked_by": "substantial", "settle_minutes": 5 }),
        ),
    };
    with(with(v, "/pain", pain), "/irritability", irr)
}
