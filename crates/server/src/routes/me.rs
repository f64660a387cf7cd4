//! The signed-in member's own health data.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use gradus_core::log::{Log, LogEntryInput};
use gradus_core::plan::Plan;
use gradus_core::{FieldError, IntakeInput};
use gradus_store::NewLogEntry;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{Value, json};
use utoipa::{IntoParams, ToSchema};

use super::{audit_read, event, raw};
use crate::auth::Caller;
use crate::body::Contract;
use crate::clock::{now_ms, today};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Assesses an intake and stores it; the plan, if any, becomes version 1 of a new plan line.
pub async fn store_intake(
    state: &AppState,
    caller: &Caller,
    input: IntakeInput,
) -> ApiResult<Value> {
    let assessment = gradus_core::assess(&input, &state.lib, &state.settings)?;
    let intake_json =
        serde_json::to_string(&input).map_err(|e| ApiError::Internal(e.to_string()))?;
    let assessment_json =
        serde_json::to_string(&assessment).map_err(|e| ApiError::Internal(e.to_string()))?;
    let plan_json = assessment
        .plan
        .as_ref()
        .map(serde_json::to_string)
        .transpose()
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let member = &caller.account.id;
    let intake_id = state
        .store
        .save_intake(
            member,
            &intake_json,
            &assessment_json,
            plan_json.as_deref(),
            now_ms(),
        )
        .await?;
    state
        .audit
        .record(event(caller, "write intake", Some(member), "ok"));
    let mut out =
        serde_json::to_value(&assessment).map_err(|e| ApiError::Internal(e.to_string()))?;
    out["intake_id"] = json!(intake_id);
    out["plan_version"] = if assessment.plan.is_some() {
        json!(1)
    } else {
        Value::Null
    };
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
    let out = store_intake(&state, &caller, input).await?;
    Ok((StatusCode::CREATED, Json(out)))
}

#[derive(Serialize, ToSchema)]
pub struct PlanOut {
    pub version: i64,
    pub intake_id: i64,
    pub created_at: i64,
    /// Why this version exists: `{code, detail}` reasons.
    #[schema(value_type = Vec<Object>)]
    pub reasons: Box<RawValue>,
    #[schema(value_type = Object)]
    pub plan: Box<RawValue>,
}

fn plan_out(p: gradus_store::PlanVersion) -> PlanOut {
    PlanOut {
        version: p.version,
        intake_id: p.intake_id,
        created_at: p.created_at,
        reasons: raw(p.reasons),
        plan: raw(p.body),
    }
}

/// The member's current plan, with its version.
pub async fn current_plan(
    state: &AppState,
    caller: &Caller,
    member: &str,
) -> ApiResult<gradus_store::PlanVersion> {
    let p = state
        .store
        .current_plan(member)
        .await?
        .ok_or(ApiError::NotFound)?;
    audit_read(state, caller, "read plan", member);
    Ok(p)
}

/// The `PlanOut` document, spliced from the stored JSON without re-parsing it: this is the
/// hottest read of the API, and the documents were written by this server.
pub fn plan_response(p: &gradus_store::PlanVersion) -> axum::response::Response {
    let body = format!(
        r#"{{"version":{},"intake_id":{},"created_at":{},"reasons":{},"plan":{}}}"#,
        p.version, p.intake_id, p.created_at, p.reasons, p.body
    );
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

#[utoipa::path(get, path = "/api/v1/me/plan", tag = "me", responses((status = 200, body = PlanOut), (status = 404, description = "No plan yet")), security(("bearer" = [])))]
pub async fn get_plan(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<axum::response::Response> {
    caller.is_member()?;
    Ok(plan_response(
        &current_plan(&state, &caller, &caller.account.id).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/me/plans", tag = "me", responses((status = 200, body = Vec<PlanOut>)), security(("bearer" = [])))]
pub async fn get_plans(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Vec<PlanOut>>> {
    caller.is_member()?;
    let all = state.store.plans(&caller.account.id).await?;
    audit_read(&state, &caller, "read plans", &caller.account.id);
    Ok(Json(all.into_iter().map(plan_out).collect()))
}

/// Checks one log entry and returns its date.
pub fn check_entry(entry: &LogEntryInput) -> ApiResult<String> {
    Log::parse(std::slice::from_ref(entry)).map_err(|e| {
        ApiError::Invalid(
            e.0.into_iter()
                .map(|f| {
                    FieldError::new(
                        f.path.trim_start_matches("[0]").trim_start_matches('.'),
                        f.message,
                    )
                })
                .collect(),
        )
    })?;
    Ok(match entry {
        LogEntryInput::Session(s) => s.date.clone(),
        LogEntryInput::Checkin(c) => c.date.clone(),
    })
}

/// Stores one log entry durably; returns its id and, for a new warning sign, the advice to show.
pub async fn add_log(
    state: &AppState,
    caller: &Caller,
    entry: LogEntryInput,
) -> ApiResult<(i64, Option<Value>)> {
    let date = check_entry(&entry)?;
    let body = serde_json::to_string(&entry).map_err(|e| ApiError::Internal(e.to_string()))?;
    let member = caller.account.id.clone();
    let id = state
        .writer
        .write(NewLogEntry {
            member_id: member.clone(),
            date,
            body,
            now: now_ms(),
            audit: event(caller, "write log", Some(&member), "ok"),
        })
        .await?;
    let alert = match &entry {
        LogEntryInput::Checkin(c) if !c.new_red_flags.is_empty() => {
            Some(red_flag_alert(state, &member, &c.new_red_flags).await)
        }
        _ => None,
    };
    Ok((id, alert))
}

/// What to do about warning signs reported in a check-in: the triage advice for each.
async fn red_flag_alert(
    state: &AppState,
    member: &str,
    flags: &[gradus_core::vocab::RedFlag],
) -> Value {
    let basis = match state.store.current_plan(member).await {
        Ok(Some(p)) => serde_json::from_str::<Plan>(&p.body).ok().map(|p| p.basis),
        _ => None,
    };
    let intake = basis.and_then(|b| gradus_core::Intake::parse(&b).ok());
    let advice: Vec<Value> = flags
        .iter()
        .map(|f| {
            intake
                .as_ref()
                .and_then(|i| gradus_core::triage::flag_rule(*f, i, &state.settings))
                .map(|r| json!({ "code": r.code, "level": r.level, "advice": r.advice }))
                .unwrap_or_else(|| json!({ "code": f.as_str(), "level": "urgent", "advice": "Stop the exercise plan and get this warning sign checked by a doctor." }))
        })
        .collect();
    json!({ "decision": "stop", "message": "A warning sign was reported: stop the plan and follow the advice below.", "reasons": advice })
}

#[utoipa::path(post, path = "/api/v1/me/log", tag = "me", request_body(content = Object, description = "One log entry (contract §4)"),
    responses((status = 201, description = "Stored durably: {id}"), (status = 422, description = "Field-level errors")), security(("bearer" = [])))]
pub async fn post_log(
    State(state): State<AppState>,
    caller: Caller,
    Contract(entry): Contract<LogEntryInput>,
) -> ApiResult<impl IntoResponse> {
    caller.is_member()?;
    let (id, alert) = add_log(&state, &caller, entry).await?;
    let mut out = json!({ "id": id });
    if let Some(a) = alert {
        out["alert"] = a;
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

fn check_range(r: &Range) -> ApiResult<()> {
    for (name, v) in [("from", &r.from), ("to", &r.to)] {
        if let Some(v) = v {
            gradus_core::day::Day::parse(v).map_err(|m| ApiError::field(name, m))?;
        }
    }
    Ok(())
}

/// A member's log entries, oldest first, each with its id.
pub async fn read_log(state: &AppState, member: &str, r: &Range) -> ApiResult<Vec<Value>> {
    check_range(r)?;
    let rows = state
        .store
        .log(member, r.from.as_deref(), r.to.as_deref())
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let mut v: Value = serde_json::from_str(&row.body).unwrap_or(Value::Null);
            if let Value::Object(m) = &mut v {
                m.insert("id".into(), json!(row.id));
            }
            v
        })
        .collect())
}

#[utoipa::path(get, path = "/api/v1/me/log", tag = "me", params(Range), responses((status = 200, description = "Log entries, oldest first")), security(("bearer" = [])))]
pub async fn get_log(
    State(state): State<AppState>,
    caller: Caller,
    Query(r): Query<Range>,
) -> ApiResult<Json<Vec<Value>>> {
    caller.is_member()?;
    let out = read_log(&state, &caller.account.id, &r).await?;
    audit_read(&state, &caller, "read log", &caller.account.id);
    Ok(Json(out))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewRequest {
    /// The review date; defaults to today (UTC).
    #[serde(default)]
    pub today: Option<String>,
}

/// Reviews the current plan against the whole log; a changed plan becomes the next version.
pub async fn run_review(state: &AppState, caller: &Caller, req: ReviewRequest) -> ApiResult<Value> {
    let member = caller.account.id.clone();
    let current = state
        .store
        .current_plan(&member)
        .await?
        .ok_or(ApiError::NotFound)?;
    let plan: Plan = serde_json::from_str(&current.body)
        .map_err(|e| ApiError::Internal(format!("stored plan unreadable: {e}")))?;
    let entries: Vec<LogEntryInput> = state
        .store
        .log(&member, None, None)
        .await?
        .into_iter()
        .filter_map(|r| serde_json::from_str(&r.body).ok())
        .collect();
    let day = req.today.unwrap_or_else(today);
    let review =
        gradus_core::review::review(&plan, &entries, Some(&day), &state.lib, &state.settings)?;
    let mut version = current.version;
    if let Some(next) = &review.plan
        && i64::from(next.version) > current.version
    {
        let body = serde_json::to_string(next).map_err(|e| ApiError::Internal(e.to_string()))?;
        let reasons = serde_json::to_string(&review.reasons)
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        state
            .store
            .add_plan_version(
                &member,
                current.intake_id,
                next.version as i64,
                &body,
                &reasons,
                now_ms(),
            )
            .await?;
        version = next.version as i64;
    }
    let review_json =
        serde_json::to_string(&review).map_err(|e| ApiError::Internal(e.to_string()))?;
    state
        .store
        .add_review(&member, &review_json, now_ms())
        .await?;
    state
        .audit
        .record(event(caller, "review", Some(&member), "ok"));
    let mut out = serde_json::to_value(&review).map_err(|e| ApiError::Internal(e.to_string()))?;
    out["version"] = if review.plan.is_some() {
        json!(version)
    } else {
        Value::Null
    };
    if review.decision == gradus_core::review::Decision::Stop {
        out["assessment"] = retriage(state, caller, &plan, &entries, &day).await?;
    }
    Ok(out)
}

/// After a stop, the person goes back through triage: the intake the plan was built from, with
/// the new warning signs added, is assessed and stored. Its assessment replaces the paused plan
/// (for most warning signs there is no plan until a doctor has seen the person).
async fn retriage(
    state: &AppState,
    caller: &Caller,
    plan: &Plan,
    entries: &[LogEntryInput],
    day: &str,
) -> ApiResult<Value> {
    let mut basis =
        serde_json::to_value(&plan.basis).map_err(|e| ApiError::Internal(e.to_string()))?;
    if !basis["red_flags"].is_object() {
        basis["red_flags"] = json!({});
    }
    for e in entries {
        if let LogEntryInput::Checkin(c) = e
            && c.date.as_str() <= day
            && plan
                .issued_on
                .as_deref()
                .is_none_or(|i| c.date.as_str() > i)
        {
            for f in &c.new_red_flags {
                basis["red_flags"][f.as_str()] = json!(true);
            }
        }
    }
    let input: IntakeInput =
        serde_json::from_value(basis).map_err(|e| ApiError::Internal(format!("re-triage: {e}")))?;
    store_intake(state, caller, input).await
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
    if let Some(t) = &req.today {
        gradus_core::day::Day::parse(t).map_err(|m| ApiError::field("today", m))?;
    }
    Ok(Json(run_review(&state, &caller, req).await?))
}

/// Everything stored about a member.
pub async fn export(state: &AppState, member: &str) -> ApiResult<Value> {
    let e = state.store.export(member).await?;
    let parse = |s: &str| serde_json::from_str::<Value>(s).unwrap_or(Value::Null);
    Ok(json!({
        "account": e.account,
        "intakes": e.intakes.iter().map(|(id, body, assessment, at)| json!({"id": id, "intake": parse(body), "assessment": parse(assessment), "created_at": at})).collect::<Vec<_>>(),
        "plans": e.plans.iter().map(|p| json!({"intake_id": p.intake_id, "version": p.version, "plan": parse(&p.body), "reasons": parse(&p.reasons), "created_at": p.created_at})).collect::<Vec<_>>(),
        "log": e.log.iter().map(|l| json!({"id": l.id, "entry": parse(&l.body), "created_at": l.created_at})).collect::<Vec<_>>(),
        "reviews": e.reviews.iter().map(|(id, body, at)| json!({"id": id, "review": parse(body), "created_at": at})).collect::<Vec<_>>(),
    }))
}

#[utoipa::path(get, path = "/api/v1/me/export", tag = "me", responses((status = 200, description = "Everything stored about you")), security(("bearer" = [])))]
pub async fn get_export(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<Value>> {
    caller.is_member()?;
    let out = export(&state, &caller.account.id).await?;
    audit_read(&state, &caller, "export", &caller.account.id);
    Ok(Json(out))
}

#[utoipa::path(delete, path = "/api/v1/me", tag = "me", responses((status = 204, description = "Health data and account deleted")), security(("bearer" = [])))]
pub async fn delete_me(State(state): State<AppState>, caller: Caller) -> ApiResult<StatusCode> {
    caller.is_member()?;
    let id = caller.account.id.clone();
    state
        .store
        .delete_member(
            &id,
            event(&caller, "delete account and health data", Some(&id), "ok"),
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
