//! One router per resource. Every handler that touches health data decides authorization first
//! and records an audit event.

pub mod accounts;
pub mod health;
pub mod me;
pub mod members;

use gradus_store::AuditEvent;

use crate::auth::Caller;
use crate::clock::now_ms;
use crate::state::AppState;

/// Records a read (batched) of a member's health data.
pub fn audit_read(state: &AppState, caller: &Caller, action: &str, member_id: &str) {
    state
        .audit
        .record(event(caller, action, Some(member_id), "ok"));
}

pub fn event(caller: &Caller, action: &str, member_id: Option<&str>, outcome: &str) -> AuditEvent {
    AuditEvent {
        at: now_ms(),
        actor_id: Some(caller.account.id.clone()),
        action: action.to_string(),
        member_id: member_id.map(str::to_string),
        remote: caller.remote.clone(),
        outcome: outcome.to_string(),
    }
}

/// A raw JSON document from the store, embedded as-is in a response.
pub fn raw(text: String) -> Box<serde_json::value::RawValue> {
    serde_json::value::RawValue::from_string(text).unwrap_or_else(|_| {
        serde_json::value::RawValue::from_string("null".into()).expect("null is JSON")
    })
}
