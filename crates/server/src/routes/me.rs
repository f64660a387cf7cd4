//! The signed-in member's own health data.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use gradus_app::export::ExportDoc;
use gradus_app::intake::IntakeRecorded;
use gradus_app::log::{DateRange, StoredEntry};
use gradus_app::review::Reviewed;
use gradus_core::IntakeInput;
use gradus_core::day::Day;
use gradus_core::gate::Pause;
use gradus_core::log::LogEntryInput;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{Value, json};
use utoipa::{IntoParams, ToSchema};

use super::{PlanOut, plan_response, raw};
use crate::auth::Caller;
use crate::body::Contract;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// The assessment document of contract §2 with the stored intake's id and plan version.
pub fn intake_json(r: &IntakeRecorded) -> ApiResult<Value> {
    let mut out =
        serde_json::to_value(&r.assessment).map_err(|e| ApiError::Internal(e.to_string()))?;
    out["intake_id"] = json!(r.intake_id);
    out["plan_version"] = json!(r.plan_version);
    Ok(out)
}

#[utoipa::path(put, path = "/api/v1/me/intake", tag = "me", request_body(content = Object, description = "Intake (contract §1; schema IntakeInput)"),
    responses((status = 201, description = "The assessment (contract §2)"), (status = 422, description = "Field-level errors"), (status = 401, description = "Not signed in")), security(("bearer" = [])))]
pub async fn put_intake(
    State(state): State<AppState>,
    caller: Caller,
    Contract(input): Contract<IntakeInput>,
) -> ApiResult<impl IntoResponse> {
    caller.is_member()?;
    let r = state.app.record_intake(caller.actor(), input).await?;
    Ok((StatusCode::CREATED, Json(intake_json(&r)?)))
}

#[utoipa::path(get, path = "/api/v1/me/plan", tag = "me", responses((status = 200, body = PlanOut), (status = 404, description = "No plan (no intake yet, or triage stopped it)")), security(("bearer" = [])))]
pub async fn get_plan(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<axum::response::Response> {
    caller.is_member()?;
    plan_response(
        &state
            .app
            .plan_view(caller.actor(), &caller.account.id)
            .await?,
    )
}

/// One version of the plan line, as stored.
#[derive(Serialize, ToSchema)]
pub struct PlanVersionOut {
    pub version: i64,
    pub intake_id: i64,
    pub created_at: i64,
    /// Why this version exists: `{code, detail}` reasons.
    #[schema(value_type = Vec<Object>)]
    pub reasons: Box<RawValue>,
    #[schema(value_type = Object)]
    pub plan: Box<RawValue>,
}

#[utoipa::path(get, path = "/api/v1/me/plans", tag = "me", responses((status = 200, body = Vec<PlanVersionOut>)), security(("bearer" = [])))]
pub async fn get_plans(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Vec<PlanVersionOut>>> {
    caller.is_member()?;
    let all = state
        .app
        .plan_history(caller.actor(), &caller.account.id)
        .await?;
    Ok(Json(
        all.into_iter()
            .map(|p| PlanVersionOut {
                version: p.version,
                intake_id: p.intake_id.into(),
                created_at: p.created_at.millis(),
                reasons: raw(p.reasons),
                plan: raw(p.body),
            })
            .collect(),
    ))
}

/// What to do about a warning sign a check-in just reported.
pub fn alert_json(p: &Pause) -> Value {
    json!({
        "decision": "stop",
        "status": "paused",
        "level": p.level,
        "message": "A warning sign was reported: stop the plan and follow the advice below.",
        "reasons": p.reasons,
    })
}

#[utoipa::path(post, path = "/api/v1/me/log", tag = "me", request_body(content = Object, description = "One log entry (contract §4)"),
    params(("Idempotency-Key" = Option<String>, Header, description = "A retry with the same key within 24 h returns the same id and stores nothing new")),
    responses((status = 201, description = "Stored durably: {id}"), (status = 422, description = "Field-level errors")), security(("bearer" = [])))]
pub async fn post_log(
    State(state): State<AppState>,
    caller: Caller,
    headers: axum::http::HeaderMap,
    Contract(entry): Contract<LogEntryInput>,
) -> ApiResult<impl IntoResponse> {
    caller.is_member()?;
    let key = match headers.get("idempotency-key") {
        None => None,
        Some(v) => Some(v.to_str().map_err(|_| {
            ApiError::field(
                "Idempotency-Key",
                "expected 1 to 255 visible ASCII characters, such as a UUID",
            )
        })?),
    };
    let logged = state.app.log_once(caller.actor(), entry, key).await?;
    let mut out = json!({ "id": logged.id });
    if let Some(p) = &logged.pause {
        out["alert"] = alert_json(p);
    }
    Ok((StatusCode::CREATED, Json(out)))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct Range {
    /// First date (YYYY-MM-DD), inclusive.
    pub from: Option<String>,
    /// Last date (YYYY-MM-DD), inclusive.
    pub to: Option<String>,
}

impl Range {
    pub fn parse(&self) -> ApiResult<DateRange> {
        Ok(DateRange::parse(self.from.as_deref(), self.to.as_deref())?)
    }
}

/// Log entries as the API shows them: the entry with its id.
pub fn log_json(entries: Vec<StoredEntry>) -> ApiResult<Vec<Value>> {
    entries
        .into_iter()
        .map(|e| {
            let mut v =
                serde_json::to_value(&e.entry).map_err(|e| ApiError::Internal(e.to_string()))?;
            if let Value::Object(m) = &mut v {
                m.insert("id".into(), json!(e.id));
            }
            Ok(v)
        })
        .collect()
}

#[utoipa::path(get, path = "/api/v1/me/log", tag = "me", params(Range), responses((status = 200, description = "Log entries, oldest first")), security(("bearer" = [])))]
pub async fn get_log(
    State(state): State<AppState>,
    caller: Caller,
    Query(r): Query<Range>,
) -> ApiResult<Json<Vec<Value>>> {
    caller.is_member()?;
    let entries = state
        .app
        .read_log(caller.actor(), &caller.account.id, r.parse()?)
        .await?;
    Ok(Json(log_json(entries)?))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewRequest {
    /// The review date; defaults to today (UTC).
    #[serde(default)]
    pub today: Option<String>,
}

/// The review document of contract §4 with the plan version after it, and for `stop` what
/// triage says now (`assessment`; not stored: answer the intake again to replace the plan).
pub fn review_json(r: &Reviewed) -> ApiResult<Value> {
    let mut out = serde_json::to_value(&r.review).map_err(|e| ApiError::Internal(e.to_string()))?;
    out["version"] = json!(r.version);
    if let Some(a) = &r.retriage {
        out["assessment"] =
            serde_json::to_value(a).map_err(|e| ApiError::Internal(e.to_string()))?;
    }
    Ok(out)
}

#[utoipa::path(post, path = "/api/v1/me/review", tag = "me", request_body(content = ReviewRequest, description = "Optional {today}"),
    responses((status = 200, description = "The review (contract §4)"), (status = 404, description = "No plan to review")), security(("bearer" = [])))]
pub async fn post_review(
    State(state): State<AppState>,
    caller: Caller,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    caller.is_member()?;
    let req = if body.iter().all(u8::is_ascii_whitespace) {
        ReviewRequest::default()
    } else {
        let text = std::str::from_utf8(&body)
            .map_err(|_| ApiError::BadRequest("body is not UTF-8".into()))?;
        crate::body::parse::<ReviewRequest>(text)?
    };
    let today = req
        .today
        .as_deref()
        .map(|t| Day::parse(t).map_err(|m| ApiError::field("today", m)))
        .transpose()?;
    let r = state
        .app
        .review(caller.actor(), &caller.account.id, today)
        .await?;
    Ok(Json(review_json(&r)?))
}

#[utoipa::path(get, path = "/api/v1/me/export", tag = "me", responses((status = 200, description = "Everything stored about you")), security(("bearer" = [])))]
pub async fn get_export(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<ExportDoc>> {
    caller.is_member()?;
    Ok(Json(
        state.app.export(caller.actor(), &caller.account.id).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/me/access", tag = "me", responses((status = 200, description = "Who else has seen or changed your data in the last 90 days, from the audit trail")), security(("bearer" = [])))]
pub async fn get_access(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<gradus_app::access::AccessReport>> {
    caller.is_member()?;
    Ok(Json(state.app.access_report(caller.actor()).await?))
}

#[utoipa::path(delete, path = "/api/v1/me", tag = "me", responses((status = 204, description = "Health data and account deleted")), security(("bearer" = [])))]
pub async fn delete_me(State(state): State<AppState>, caller: Caller) -> ApiResult<StatusCode> {
    caller.is_member()?;
    state.app.delete_member(caller.actor()).await?;
    Ok(StatusCode::NO_CONTENT)
}
