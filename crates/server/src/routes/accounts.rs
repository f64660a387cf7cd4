//! Sign-up, tokens and sign-out.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use gradus_store::TokenKind;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth;
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
    /// The 6-digit code from an authenticator app, for accounts enrolled in two-factor
    /// sign-in. Without it such an account gets a 401 saying a code is required.
    #[serde(default)]
    pub totp: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenOut {
    pub token: String,
    /// Milliseconds since the epoch.
    pub expires_at: i64,
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
    let a = auth::sign_up(&state, new, remote.as_deref()).await?;
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

#[utoipa::path(post, path = "/api/v1/auth/token", tag = "accounts", request_body = Credentials,
    responses((status = 200, body = TokenOut), (status = 401, description = "Wrong email or password; disabled account; TOTP code required, wrong or already used"), (status = 429, description = "Too many attempts")))]
pub async fn token(
    State(state): State<AppState>,
    auth::Remote(remote): auth::Remote,
    Request(body): Request<Credentials>,
) -> ApiResult<Json<TokenOut>> {
    let account = auth::sign_in(
        &state,
        &body.email,
        &body.password,
        body.totp.as_deref(),
        remote.as_deref(),
    )
    .await?;
    let issued = auth::issue(&state, &account, TokenKind::Api).await?;
    Ok(Json(TokenOut {
        token: issued.token,
        expires_at: issued.expires_at.millis(),
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
    // Staff who still have to enrol in two-factor sign-in may sign out.
    auth::Enrolling(caller): auth::Enrolling,
    Query(q): Query<LogoutQuery>,
) -> ApiResult<StatusCode> {
    if q.all == Some(true) {
        state.app.sign_out_everywhere(caller.actor()).await?;
    } else {
        state
            .app
            .sign_out(caller.actor(), &caller.token_hash)
            .await?;
    }
    Ok(StatusCode::NO_CONTENT)
}
