//! The plan document of `GET /api/v1/me/plan`, `GET /api/v1/members/{id}/plan` and approval:
//! one rendering of the application's [`PlanView`], so the member and the clinician see the same
//! pause.

use axum::response::{IntoResponse, Response};
use gradus_app::PlanView;
use gradus_core::gate::PlanStatus;
use serde::Serialize;
use serde_json::value::RawValue;
use utoipa::ToSchema;

use crate::error::ApiError;

/// A plan version. While a new warning sign pauses the plan, `plan` is null, `status` is
/// `paused` and `reasons` are the triage reasons (code, level, advice, source).
#[derive(Serialize, ToSchema)]
pub struct PlanOut {
    pub version: i64,
    pub intake_id: i64,
    pub created_at: i64,
    /// `active`, `awaiting_approval` (a supervised draft) or `paused`.
    pub status: String,
    /// Why this version exists (`{code, detail}`), or, when paused, the triage reasons.
    #[schema(value_type = Vec<Object>)]
    pub reasons: Box<RawValue>,
    /// The plan; null while paused.
    #[schema(value_type = Option<Object>)]
    pub plan: Option<Box<RawValue>>,
    /// When paused: `emergency` or `urgent`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// When paused: the date of the check-in that reported the first new sign.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reported_on: Option<String>,
}

/// The response for a plan view: the plan spliced from its stored JSON without re-parsing it
/// (this is the hottest read of the API), or the pause. No intake, or an intake whose triage
/// stopped the plan, is 404: there is no plan.
pub fn plan_response(view: &PlanView) -> Result<Response, ApiError> {
    let PlanView::Plan { version: p, status } = view else {
        return Err(ApiError::NotFound);
    };
    let body = match status {
        PlanStatus::Paused(pause) => serde_json::json!({
            "version": p.version,
            "intake_id": p.intake_id,
            "created_at": p.created_at,
            "status": status.as_str(),
            "plan": null,
            "level": pause.level,
            "reported_on": pause.reported_on,
            "reasons": pause.reasons,
        })
        .to_string(),
        _ => format!(
            r#"{{"version":{},"intake_id":{},"created_at":{},"status":"{}","reasons":{},"plan":{}}}"#,
            p.version,
            p.intake_id,
            p.created_at.millis(),
            status.as_str(),
            p.reasons,
            p.body
        ),
    };
    Ok((
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response())
}
