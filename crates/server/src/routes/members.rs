//! The care team's view: a clinician sees only members assigned to them in their own
//! organisation; an admin sees the members of their organisation. Anything else is 404.

use axum::Json;
use axum::extract::{Path, Query, State};
use gradus_store::{Account, Role};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use super::me::{PlanOut, Range, current_plan, plan_response, read_log};
use super::{audit_read, event, raw};
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

#[derive(Serialize, ToSchema)]
pub struct MemberOut {
    pub id: String,
    pub email: String,
    pub name: Option<String>,
}

/// The member, if this caller may see them; otherwise NotFound, whether or not they exist.
pub async fn visible_member(
    state: &AppState,
    caller: &Caller,
    member_id: &str,
) -> ApiResult<Account> {
    let denied = || {
        state
            .audit
            .record(event(caller, "access member", Some(member_id), "denied"));
        ApiError::NotFound
    };
    if member_id.len() > 64 {
        return Err(denied());
    }
    let Some(member) = state.store.account_by_id(member_id).await? else {
        return Err(denied());
    };
    let same_org = member.org_id.is_some() && member.org_id == caller.account.org_id;
    let allowed = member.role == Role::Member
        && same_org
        && match caller.account.role {
            Role::Admin => true,
            Role::Clinician => {
                state
                    .store
                    .is_assigned(&caller.account.id, member_id)
                    .await?
            }
            Role::Member => false,
        };
    if allowed { Ok(member) } else { Err(denied()) }
}

fn staff(caller: &Caller) -> ApiResult<()> {
    match caller.account.role {
        Role::Clinician | Role::Admin => Ok(()),
        Role::Member => Err(ApiError::Forbidden(
            "this route is for clinicians and admins",
        )),
    }
}

#[utoipa::path(get, path = "/api/v1/members", tag = "care team", responses((status = 200, body = Vec<MemberOut>)), security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Vec<MemberOut>>> {
    staff(&caller)?;
    let members = match caller.account.role {
        Role::Admin => state.store.caseload(None, caller.account.org_id).await?,
        _ => state
            .store
            .caseload(Some(&caller.account.id), None)
            .await?
            .into_iter()
            .filter(|m| m.org_id.is_some() && m.org_id == caller.account.org_id)
            .collect(),
    };
    state
        .audit
        .record(event(&caller, "read caseload", None, "ok"));
    Ok(Json(
        members
            .into_iter()
            .map(|m| MemberOut {
                id: m.id,
                email: m.email,
                name: m.name,
            })
            .collect(),
    ))
}

#[utoipa::path(get, path = "/api/v1/members/{id}/plan", tag = "care team", params(("id" = String, Path, description = "Member id")),
    responses((status = 200, body = PlanOut), (status = 404, description = "No such member you may see, or no plan")), security(("bearer" = [])))]
pub async fn plan(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<axum::response::Response> {
    staff(&caller).map_err(|_| ApiError::NotFound)?;
    let m = visible_member(&state, &caller, &id).await?;
    Ok(plan_response(&current_plan(&state, &caller, &m.id).await?))
}

#[utoipa::path(get, path = "/api/v1/members/{id}/log", tag = "care team", params(("id" = String, Path, description = "Member id"), Range),
    responses((status = 200, description = "Log entries, oldest first"), (status = 404, description = "No such member you may see")), security(("bearer" = [])))]
pub async fn log(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(r): Query<Range>,
) -> ApiResult<Json<Vec<Value>>> {
    staff(&caller).map_err(|_| ApiError::NotFound)?;
    let m = visible_member(&state, &caller, &id).await?;
    let out = read_log(&state, &m.id, &r).await?;
    audit_read(&state, &caller, "read log", &m.id);
    Ok(Json(out))
}

#[utoipa::path(get, path = "/api/v1/members/{id}/assessment", tag = "care team", params(("id" = String, Path, description = "Member id")),
    responses((status = 200, description = "The latest assessment (contract §2)"), (status = 404, description = "No such member you may see, or no assessment")), security(("bearer" = [])))]
pub async fn assessment(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Box<serde_json::value::RawValue>>> {
    staff(&caller).map_err(|_| ApiError::NotFound)?;
    let m = visible_member(&state, &caller, &id).await?;
    let a = state
        .store
        .latest_assessment(&m.id)
        .await?
        .ok_or(ApiError::NotFound)?;
    audit_read(&state, &caller, "read assessment", &m.id);
    Ok(Json(raw(a)))
}

/// A clinician (assigned, same organisation) or an admin approves a drafted plan: it becomes the
/// next version with `requires_clinician_approval: false` and says who approved it. Only drafts
/// can be approved (409 otherwise).
pub async fn approve_plan(
    state: &AppState,
    caller: &Caller,
    member_id: &str,
) -> ApiResult<gradus_store::PlanVersion> {
    staff(caller).map_err(|_| ApiError::NotFound)?;
    let m = visible_member(state, caller, member_id).await?;
    let current = state
        .store
        .current_plan(&m.id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let mut plan: gradus_core::plan::Plan = serde_json::from_str(&current.body)
        .map_err(|e| ApiError::Internal(format!("stored plan unreadable: {e}")))?;
    if !plan.requires_clinician_approval {
        return Err(ApiError::Conflict(
            "this plan is not a draft waiting for approval".into(),
        ));
    }
    let who = caller
        .account
        .name
        .clone()
        .unwrap_or_else(|| caller.account.email.clone());
    let text = format!(
        "approved by {} ({}) for the member to start",
        who,
        caller.account.role.as_str()
    );
    plan.requires_clinician_approval = false;
    plan.version += 1;
    plan.changes = vec![gradus_core::plan::Change {
        exercise: None,
        text: text.clone(),
    }];
    plan.issued_on = Some(crate::clock::today());
    let body = serde_json::to_string(&plan).map_err(|e| ApiError::Internal(e.to_string()))?;
    let reasons = serde_json::json!([{ "code": "clinician_approved", "detail": text }]).to_string();
    let now = crate::clock::now_ms();
    state
        .store
        .add_plan_version(
            &m.id,
            current.intake_id,
            plan.version as i64,
            &body,
            &reasons,
            now,
        )
        .await?;
    state
        .audit
        .record(event(caller, "approve plan", Some(&m.id), "ok"));
    state
        .store
        .current_plan(&m.id)
        .await?
        .ok_or(ApiError::NotFound)
}

#[utoipa::path(post, path = "/api/v1/members/{id}/plan/approve", tag = "care team", params(("id" = String, Path, description = "Member id")),
    responses((status = 200, body = PlanOut, description = "The approved plan, as its next version"), (status = 404, description = "No such member you may see, or no plan"), (status = 409, description = "The plan is not a draft")), security(("bearer" = [])))]
pub async fn approve(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<axum::response::Response> {
    Ok(plan_response(&approve_plan(&state, &caller, &id).await?))
}
