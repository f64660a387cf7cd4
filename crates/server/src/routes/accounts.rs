//! Sign-up, tokens and sign-out.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use gradus_app::clock::now;
use gradus_app::{Action, Outcome};
use gradus_store::{AuditEvent, TokenKind};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::{self, Caller, password};
use crate::body::Request;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignUp {
    pub email: String,
    pub password: String,
    #[serde(default)]
    pub name: Option<String>,
    /// An IANA time zone such as `Europe/London`; the member's days are counted in it. UTC
    /// when absent.
    #[serde(default)]
    pub time_zone: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AccountOut {
    pub id: String,
    pub email: String,
    pub name: Option<String>,
    pub role: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Credentials {
    pub email: String,
    pub password: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenOut {
    pub token: String,
    /// Milliseconds since the epoch.
    pub expires_at: i64,
}

/// Creates a member account (a person using Gradus for their own pain).
pub async fn create_member(
    state: &AppState,
    new: gradus_app::accounts::SignUp<'_>,
    remote: Option<&str>,
) -> ApiResult<gradus_store::Account> {
    // Sign-ups are limited per address: each costs a password hash and an account row.
    if !state.signup_limiter.try_take(remote.unwrap_or("-")) {
        return Err(ApiError::TooMany);
    }
    Ok(state.app.sign_up(new, remote).await?)
}

#[utoipa::path(post, path = "/api/v1/accounts", tag = "accounts", request_body = SignUp,
    responses((status = 201, body = AccountOut), (status = 409, description = "Email taken"), (status = 422, description = "Invalid input"), (status = 403, description = "Sign-up closed"), (status = 429, description = "Too many sign-ups from this address")))]
pub async fn sign_up(
    State(state): State<AppState>,
    auth::Remote(remote): auth::Remote,
    Request(body): Request<SignUp>,
) -> ApiResult<impl IntoResponse> {
    if !state.config.signup_open {
        return Err(ApiError::Forbidden(
            "sign-up is closed on this server; ask your clinic for an account",
        ));
    }
    let new = gradus_app::accounts::SignUp {
        email: &body.email,
        password: &body.password,
        name: body.name.as_deref(),
        time_zone: body.time_zone.as_deref(),
    };
    let a = create_member(&state, new, remote.as_deref()).await?;
    Ok((
        StatusCode::CREATED,
        Json(AccountOut {
            id: a.id.to_string(),
            email: a.email,
            name: a.name,
            role: a.role.as_str().into(),
        }),
    ))
}

/// Checks credentials with rate limiting; the same answer for a wrong email and a wrong password.
pub async fn check_credentials(
    state: &AppState,
    email: &str,
    password_text: &str,
    remote: Option<&str>,
) -> ApiResult<gradus_store::Account> {
    let email_key = email.trim().to_lowercase();
    let ip_key = format!("ip:{}", remote.unwrap_or("-"));
    let email_key_limit = format!("email:{email_key}");
    // Failed attempts count against the address and the email; a clinic behind one address
    // signing in successfully is never locked out. The attempt is taken before the password is
    // checked, so parallel guesses are all counted; a success gives it back.
    if !state.limiter.try_take(&ip_key) {
        return Err(ApiError::TooMany);
    }
    if !state.limiter.try_take(&email_key_limit) {
        state.limiter.give_back(&ip_key);
        return Err(ApiError::TooMany);
    }
    // A NUL byte can be in no stored address, and PostgreSQL refuses it in a query.
    let account = if email_key.contains('\0') {
        None
    } else {
        state.store.account_by_email(&email_key).await?
    };
    // Verify against a real hash even when there is no account, so the answer takes as long
    // either way and does not reveal which emails exist.
    let stored = match &account {
        Some(a) => a.password_hash.clone(),
        None => password::dummy_hash().await,
    };
    let ok = password::verify(password_text.to_string(), stored).await && account.is_some();
    if ok {
        state.limiter.give_back(&ip_key);
        state.limiter.give_back(&email_key_limit);
    }
    let outcome = if ok { Outcome::Ok } else { Outcome::Denied };
    state
        .app
        .audit()
        .record(AuditEvent {
            at: now(),
            actor_id: account.as_ref().map(|a| a.id.clone()),
            action: Action::SignIn.as_str().into(),
            member_id: None,
            remote: remote.map(str::to_string),
            outcome: outcome.as_str().into(),
        })
        .await;
    match account {
        Some(a) if ok => Ok(a),
        _ => Err(ApiError::Unauthorized("wrong email or password")),
    }
}

#[utoipa::path(post, path = "/api/v1/auth/token", tag = "accounts", request_body = Credentials,
    responses((status = 200, body = TokenOut), (status = 401, description = "Wrong email or password"), (status = 429, description = "Too many attempts")))]
pub async fn token(
    State(state): State<AppState>,
    auth::Remote(remote): auth::Remote,
    Request(body): Request<Credentials>,
) -> ApiResult<Json<TokenOut>> {
    let account = check_credentials(&state, &body.email, &body.password, remote.as_deref()).await?;
    let (token, _, expires_at) = auth::issue(&state, &account, TokenKind::Api).await?;
    Ok(Json(TokenOut {
        token,
        expires_at: expires_at.millis(),
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct LogoutQuery {
    /// `true`: revoke every token and session of the account, not only this one.
    pub all: Option<bool>,
}

#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "accounts", params(LogoutQuery), responses((status = 204, description = "Token revoked (with ?all=true: every token and session of the account)"), (status = 401, description = "Not signed in")), security(("bearer" = [])))]
pub async fn logout(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<LogoutQuery>,
) -> ApiResult<StatusCode> {
    if q.all == Some(true) {
        state.app.sign_out_everywhere(caller.actor()).await?;
    } else {
        state.store.revoke_token(&caller.token_hash).await?;
    }
    Ok(StatusCode::NO_CONTENT)
}
