//! The account page: who is signed in, who else has seen their data, download everything,
//! delete everything.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::Query;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Redirect;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::{Layout, Member, MemberForm, PageResult, clear_session_cookie, redirect_with_cookies};
use crate::error::ApiError;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/account", get(account))
        .route("/account/time-zone", post(time_zone))
        .route("/account/export", get(export))
        .route("/account/delete", get(confirm).post(delete))
}

#[derive(Template, WebTemplate)]
#[template(path = "account.html")]
struct AccountPage {
    layout: Layout,
    csrf: String,
    email: String,
    name: String,
    /// The zone in use, in words.
    time_zone: String,
    /// What the time-zone field holds.
    tz_value: String,
    tz_error: Option<String>,
    notice: Option<&'static str>,
    /// Who else has seen or changed the member's data lately.
    access: Vec<super::access::AccessLine>,
    access_by_you: usize,
    access_days: i64,
}

impl AccountPage {
    /// The page for the signed-in member; reading their access report is itself audited.
    async fn new(state: &AppState, caller: &crate::auth::Caller) -> PageResult<AccountPage> {
        let report = state
            .app
            .access_report(caller.actor())
            .await
            .map_err(ApiError::from)?;
        let tz = caller.account.time_zone.clone();
        Ok(AccountPage {
            access: super::access::lines(&state.app, &caller.account, &report),
            access_by_you: report.by_you,
            access_days: gradus_app::access::REPORT_DAYS,
            layout: Layout::member("Account", caller, "account"),
            csrf: caller.csrf.clone(),
            email: caller.account.email.clone(),
            name: caller.account.name.clone().unwrap_or_default(),
            time_zone: tz.clone().unwrap_or_else(|| "UTC (not set)".into()),
            tz_value: tz.unwrap_or_default(),
            tz_error: None,
            notice: None,
        })
    }
}

#[derive(Debug, Deserialize)]
struct AccountQuery {
    saved: Option<String>,
}

async fn account(
    State(state): State<AppState>,
    Member(caller): Member,
    Query(q): Query<AccountQuery>,
) -> PageResult<AccountPage> {
    let mut page = AccountPage::new(&state, &caller).await?;
    if q.saved.as_deref() == Some("time-zone") {
        page.notice = Some("Time zone saved.");
    }
    Ok(page)
}

async fn time_zone(State(state): State<AppState>, f: MemberForm) -> PageResult<Response> {
    let wanted = f.form.get("time_zone").unwrap_or("").to_string();
    match state.app.set_time_zone(f.caller.actor(), &wanted).await {
        Ok(_) => Ok(Redirect::to("/account?saved=time-zone").into_response()),
        Err(gradus_app::AppError::Invalid(_)) => {
            let mut page = AccountPage::new(&state, &f.caller).await?;
            page.tz_value = wanted;
            page.tz_error =
                Some("Enter a time zone name such as Europe/London or America/New_York.".into());
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(ApiError::from(e).into()),
    }
}

async fn export(State(state): State<AppState>, Member(caller): Member) -> PageResult<Response> {
    let out = state
        .app
        .export(caller.actor(), &caller.account.id)
        .await
        .map_err(ApiError::from)?;
    let body = serde_json::to_string_pretty(&out).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok((
        StatusCode::OK,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"gradus-export.json\""),
            ),
        ],
        body,
    )
        .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "delete.html")]
struct ConfirmPage {
    layout: Layout,
    csrf: String,
    error: bool,
}

async fn confirm(Member(caller): Member) -> ConfirmPage {
    ConfirmPage {
        layout: Layout::member("Delete your account", &caller, "account"),
        csrf: caller.csrf.clone(),
        error: false,
    }
}

async fn delete(State(state): State<AppState>, f: MemberForm) -> PageResult<Response> {
    if f.form.get("confirm") != Some("yes") {
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            ConfirmPage {
                layout: Layout::member("Delete your account", &f.caller, "account"),
                csrf: f.caller.csrf.clone(),
                error: true,
            },
        )
            .into_response());
    }
    state
        .app
        .delete_member(f.caller.actor())
        .await
        .map_err(ApiError::from)?;
    Ok(redirect_with_cookies(
        "/signin?deleted=1",
        &[clear_session_cookie(&state)],
    ))
}
