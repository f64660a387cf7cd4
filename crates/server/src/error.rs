//! Error policy.
//!
//! - Input that does not fit the contract is the caller's to fix: 422 (or 400 for a body that is
//!   not JSON at all) as `application/problem+json` (RFC 9457) with an `errors` array of
//!   `{path, message}`. Nothing already stored is touched.
//! - Authentication failures are 401; a role that can never use a route is 403; anything the
//!   caller may not see is 404, exactly like something that does not exist, so ids cannot be
//!   probed.
//! - Unexpected failures are 500 with a generic body; the detail goes to the log, never to the
//!   client, and never includes health data.
//! - Handlers return `ApiError` and never panic on input.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use gradus_core::FieldError;
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("authentication required")]
    Unauthorized(&'static str),
    #[error("forbidden")]
    Forbidden(&'static str),
    #[error("not found")]
    NotFound,
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("body too large")]
    TooLarge,
    #[error("too many requests")]
    TooMany,
    /// A member's daily quota is used up.
    #[error("quota exceeded: {0}")]
    Quota(String),
    #[error("internal error: {0}")]
    Internal(String),
    /// A stored record that no longer reads; already reported by the application.
    #[error("corrupt stored {0}")]
    Corrupt(String),
}

#[derive(Serialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    title: &'a str,
    status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    errors: Vec<FieldError>,
}

impl From<gradus_core::InputErrors> for ApiError {
    fn from(e: gradus_core::InputErrors) -> Self {
        ApiError::Invalid(e.0)
    }
}

impl From<gradus_store::StoreError> for ApiError {
    fn from(e: gradus_store::StoreError) -> Self {
        match e {
            gradus_store::StoreError::Conflict(what) => {
                ApiError::Conflict(format!("{what} is already taken"))
            }
            gradus_store::StoreError::NotFound(_) => ApiError::NotFound,
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<gradus_app::AppError> for ApiError {
    fn from(e: gradus_app::AppError) -> Self {
        use gradus_app::AppError as E;
        match e {
            E::Invalid(errors) => ApiError::Invalid(errors),
            E::NotFound => ApiError::NotFound,
            E::Unauthorized(m) => ApiError::Unauthorized(m),
            E::Forbidden(m) => ApiError::Forbidden(m),
            E::Conflict(m) => ApiError::Conflict(m),
            E::Corrupt(what) => ApiError::Corrupt(what),
            E::QuotaExceeded(m) => ApiError::Quota(m),
            E::Unavailable(m) => ApiError::Internal(format!("unavailable: {m}")),
            E::Internal(m) => ApiError::Internal(m),
        }
    }
}

impl ApiError {
    pub fn field(path: &str, message: impl Into<String>) -> ApiError {
        ApiError::Invalid(vec![FieldError::new(path, message)])
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, title, detail, errors) = match self {
            ApiError::Invalid(errors) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "Input does not fit the contract",
                None,
                errors,
            ),
            ApiError::BadRequest(m) => {
                (StatusCode::BAD_REQUEST, "Bad request", Some(m), Vec::new())
            }
            ApiError::Unauthorized(m) => (
                StatusCode::UNAUTHORIZED,
                "Authentication required",
                Some(m.to_string()),
                Vec::new(),
            ),
            ApiError::Forbidden(m) => (
                StatusCode::FORBIDDEN,
                "Forbidden",
                Some(m.to_string()),
                Vec::new(),
            ),
            ApiError::NotFound => (StatusCode::NOT_FOUND, "Not found", None, Vec::new()),
            ApiError::Conflict(what) => (StatusCode::CONFLICT, "Conflict", Some(what), Vec::new()),
            ApiError::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "Body too large",
                Some("the limit is 256 KiB".into()),
                Vec::new(),
            ),
            ApiError::TooMany => (
                StatusCode::TOO_MANY_REQUESTS,
                "Too many requests",
                Some("try again in a minute".into()),
                Vec::new(),
            ),
            ApiError::Quota(m) => (
                StatusCode::TOO_MANY_REQUESTS,
                "Daily quota reached",
                Some(m),
                Vec::new(),
            ),
            ApiError::Corrupt(what) => {
                tracing::error!(%what, "stored record unreadable");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Stored record unreadable",
                    Some("A stored record could not be read. Nothing was changed; the problem has been recorded for the administrator.".into()),
                    Vec::new(),
                )
            }
            ApiError::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Internal error",
                    None,
                    Vec::new(),
                )
            }
        };
        let body = Problem {
            kind: "about:blank",
            title,
            status: status.as_u16(),
            detail,
            errors,
        };
        let mut res = (status, axum::Json(body)).into_response();
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if status == StatusCode::UNAUTHORIZED {
            res.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        res
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
