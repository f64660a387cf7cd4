//! The signed-in account's own access: changing the password, enrolling in two-factor sign-in.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::{Caller, Enrolling};
use crate::body::Request;
use crate::error::ApiResult;
use crate::state::AppState;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PasswordChanged {
    /// Other tokens and sessions of the account that were revoked (this one stays).
    pub revoked: u64,
}

#[utoipa::path(post, path = "/api/v1/me/password", tag = "me", request_body = PasswordChange,
    responses((status = 200, body = PasswordChanged, description = "Changed; every other token and session of the account is revoked"), (status = 422, description = "Wrong current password, or a new password that does not meet the rules"), (status = 401, description = "Not signed in")), security(("bearer" = [])))]
pub async fn change_password(
    State(state): State<AppState>,
    caller: Caller,
    Request(body): Request<PasswordChange>,
) -> ApiResult<Json<PasswordChanged>> {
    let revoked = state
        .app
        .change_password(
            caller.actor(),
            &body.current_password,
            &body.new_password,
            Some(&caller.token_hash),
        )
        .await?;
    Ok(Json(PasswordChanged { revoked }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TotpEnrolment {
    /// The secret in base32, to type into an authenticator app.
    pub secret: String,
    /// The same as an `otpauth://` URI (for a QR code).
    pub otpauth_uri: String,
}

#[utoipa::path(post, path = "/api/v1/me/totp", tag = "me",
    responses((status = 201, body = TotpEnrolment, description = "A new secret; confirm it with a code"), (status = 403, description = "Members do not use TOTP"), (status = 409, description = "Already enrolled")), security(("bearer" = [])))]
pub async fn totp_begin(
    State(state): State<AppState>,
    Enrolling(caller): Enrolling,
) -> ApiResult<impl IntoResponse> {
    let e = state.app.totp_begin(caller.actor()).await?;
    Ok((
        StatusCode::CREATED,
        Json(TotpEnrolment {
            secret: e.secret,
            otpauth_uri: e.uri,
        }),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TotpCode {
    /// The 6-digit code the authenticator app shows now.
    pub code: String,
}

#[utoipa::path(post, path = "/api/v1/me/totp/confirm", tag = "me", request_body = TotpCode,
    responses((status = 204, description = "Enrolled: signing in now asks for a code"), (status = 422, description = "The code does not match"), (status = 409, description = "No enrolment under way")), security(("bearer" = [])))]
pub async fn totp_confirm(
    State(state): State<AppState>,
    Enrolling(caller): Enrolling,
    Request(body): Request<TotpCode>,
) -> ApiResult<StatusCode> {
    state.app.totp_confirm(caller.actor(), &body.code).await?;
    Ok(StatusCode::NO_CONTENT)
}
