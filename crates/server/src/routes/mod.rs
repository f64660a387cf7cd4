//! One router per resource. Handlers only translate: a request into a use case of
//! `gradus_app` (which authorizes, applies the rules and audits), and its outcome into JSON.

pub mod access;
pub mod accounts;
pub mod health;
pub mod me;
pub mod members;
mod plan_out;

pub use plan_out::{PlanOut, plan_response};

/// A raw JSON document from the store, embedded as-is in a response.
pub fn raw(text: String) -> Box<serde_json::value::RawValue> {
    serde_json::value::RawValue::from_string(text).unwrap_or_else(|_| {
        serde_json::value::RawValue::from_string("null".into()).expect("null is JSON")
    })
}
