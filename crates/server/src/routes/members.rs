//! The care team's view. Who may see whom is decided by `gradus_app` (`App::visible_member`);
//! anything the caller may not see is 404.

use axum::Json;
use axum::extract::{Path, Query, State};
use gradus_core::Assessment;
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use super::me::{Range, log_json};
use super::{PlanOut, plan_response};
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

#[derive(Serialize, ToSchema)]
pub struct MemberOut {
    pub id: String,
    pub email: String,
    pub name: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/members", tag = "care team", responses((status = 200, body = Vec<MemberOut>)), security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Vec<MemberOut>>> {
    let members = state.app.caseload(caller.actor()).await?;
    Ok(Json(
        members
            .into_iter()
            .map(|m| MemberOut {
                id: m.id.to_string(),
                email: m.email,
                name: m.name,
            })
            .collect(),
    ))
}

/// Staff routes answer 404 to anyone else, like a member they may not see.
fn staff_only(caller: &Caller) -> ApiResult<()> {
    caller
        .actor()
        .staff()
        .map(|_| ())
        .map_err(|_| ApiError::NotFound)
}

#[utoipa::path(get, path = "/api/v1/members/{id}/plan", tag = "care team", params(("id" = String, Path, description = "Member id")),
    responses((status = 200, body = PlanOut), (status = 404, description = "No such member you may see, or no plan")), security(("bearer" = [])))]
pub async fn plan(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<axum::response::Response> {
    staff_only(&caller)?;
    let id = state.app.member_ref(caller.actor(), &id).await?;
    plan_response(&state.app.plan_view(caller.actor(), &id).await?)
}

#[utoipa::path(get, path = "/api/v1/members/{id}/log", tag = "care team", params(("id" = String, Path, description = "Member id"), Range),
    responses((status = 200, description = "Log entries, oldest first"), (status = 404, description = "No such member you may see")), security(("bearer" = [])))]
pub async fn log(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(r): Query<Range>,
) -> ApiResult<Json<Vec<Value>>> {
    staff_only(&caller)?;
    let range = r.parse()?;
    let id = state.app.member_ref(caller.actor(), &id).await?;
    let entries = state.app.read_log(caller.actor(), &id, range).await?;
    Ok(Json(log_json(entries)?))
}

#[utoipa::path(get, path = "/api/v1/members/{id}/assessment", tag = "care team", params(("id" = String, Path, description = "Member id")),
    responses((status = 200, description = "The latest assessment (contract §2)"), (status = 404, description = "No such member you may see, or no assessment")), security(("bearer" = [])))]
pub async fn assessment(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Assessment>> {
    staff_only(&caller)?;
    let id = state.app.member_ref(caller.actor(), &id).await?;
    Ok(Json(state.app.assessment(caller.actor(), &id).await?))
}

#[utoipa::path(post, path = "/api/v1/members/{id}/plan/approve", tag = "care team", params(("id" = String, Path, description = "Member id")),
    responses((status = 200, body = PlanOut, description = "The approved plan, as its next version (still paused while a new warning sign stands)"), (status = 404, description = "No such member you may see, or no plan"), (status = 409, description = "The plan is not a draft")), security(("bearer" = [])))]
pub async fn approve(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<axum::response::Response> {
    let id = state.app.member_ref(caller.actor(), &id).await?;
    plan_response(&state.app.approve(caller.actor(), &id).await?)
}

#[utoipa::path(post, path = "/api/v1/members/{id}/measures", tag = "care team", params(("id" = String, Path, description = "Member id")),
    request_body(content = Object, description = "An Oswestry or Neck Disability Index the clinic asked: { date, measure: odi | ndi, items: ten section scores 0..=5 or null }"),
    responses((status = 201, description = "Stored in the member's log: {id}"), (status = 404, description = "No such member you may see"), (status = 422, description = "Field-level errors")), security(("bearer" = [])))]
pub async fn record_measure(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    crate::body::Contract(measure): crate::body::Contract<gradus_core::log::MeasureInput>,
) -> ApiResult<(axum::http::StatusCode, Json<Value>)> {
    staff_only(&caller)?;
    let id = state.app.member_ref(caller.actor(), &id).await?;
    let entry = state
        .app
        .record_measure(caller.actor(), &id, measure)
        .await?;
    Ok((
        axum::http::StatusCode::CREATED,
        Json(serde_json::json!({ "id": entry })),
    ))
}
