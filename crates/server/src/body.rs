//! Request bodies parsed against the contract with field paths on every error.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// A JSON body that fits the contract; otherwise a problem+json naming the field.
pub struct Contract<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Contract<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json") || v.contains("+json"));
        if !is_json {
            return Err(ApiError::BadRequest(
                "expected a JSON body (Content-Type: application/json)".into(),
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::TooLarge
            } else {
                ApiError::BadRequest(format!("could not read the body: {e}"))
            }
        })?;
        let text = std::str::from_utf8(&bytes)
            .map_err(|_| ApiError::BadRequest("body is not UTF-8".into()))?;
        parse(text).map(Contract)
    }
}

/// Parses a contract document: 400 when it is not JSON at all, 422 naming the field otherwise.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    gradus_content::json::from_str(text).map_err(|e| {
        if e.0.iter().any(|f| f.message.starts_with("not valid JSON")) {
            ApiError::BadRequest(e.to_string())
        } else {
            ApiError::Invalid(e.0)
        }
    })
}
