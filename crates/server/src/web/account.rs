//! The account page: who is signed in, download everything, delete everything.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::{Layout, Member, MemberForm, PageResult, clear_session_cookie, redirect_with_cookies};
use crate::error::ApiError;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/account", get(account))
        .route("/account/export", get(export))
        .route("/account/delete", get(confirm).post(delete))
}

#[derive(Template, WebTemplate)]
#[template(path = "account.html")]
struct AccountPage {
    layout: Layout,
    email: String,
    name: String,
}

async fn account(Member(caller): Member) -> AccountPage {
    AccountPage {
        layout: Layout::member("Account", &caller, "account"),
        email: caller.account.email.clone(),
        name: caller.account.name.clone().unwrap_or_default(),
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
