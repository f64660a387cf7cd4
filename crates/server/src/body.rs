//! Request bodies parsed against the contract with field paths on every error.

use axum::body::Bytes;
use axum::extract::FromRequest;
use gradus_core::error::InputErrors;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// A contract document (intake, log entry) sent as JSON: every field sent must be understood;
/// otherwise a problem+json naming the field.
pub struct Contract<T>(pub T);

/// A request body whose type refuses unknown fields itself (`deny_unknown_fields`), such as a
/// sign-up or sign-in: otherwise a problem+json naming the field.
pub struct Request<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Serialize> FromRequest<S> for Contract<T> {
    type Rejection = ApiError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        let text = json_text(req, state).await?;
        document(&text).map(Contract)
    }
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Request<T> {
    type Rejection = ApiError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        let text = json_text(req, state).await?;
        parse(&text).map(Request)
    }
}

/// `application/json` or an `application/…+json` type (`application/fhir+json`), with no
/// charset but UTF-8: the media type parsed, never matched by prefix (`application/jsonx`,
/// `text/plain; a=+json` are not JSON).
fn is_json_type(v: &str) -> bool {
    v.parse::<mime::Mime>().is_ok_and(|m| {
        m.type_() == mime::APPLICATION
            && (m.subtype() == mime::JSON || m.suffix() == Some(mime::JSON))
            && m.get_param(mime::CHARSET).is_none_or(|c| c == mime::UTF_8)
    })
}

/// The body of a JSON request, as text.
async fn json_text<S: Send + Sync>(
    req: axum::extract::Request,
    state: &S,
) -> Result<String, ApiError> {
    let is_json = req
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(is_json_type);
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
    String::from_utf8(bytes.to_vec()).map_err(|_| ApiError::BadRequest("body is not UTF-8".into()))
}

fn api_error(e: InputErrors) -> ApiError {
    if e.0.iter().any(|f| f.message.starts_with("not valid JSON")) {
        ApiError::BadRequest(e.to_string())
    } else {
        ApiError::Invalid(e.0)
    }
}

/// Parses a request whose type refuses unknown fields: 400 when it is not JSON at all, 422
/// naming the field otherwise.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    gradus_content::json::from_str(text).map_err(api_error)
}

/// Parses a contract document: as [`parse`], and a field sent but not understood is a 422.
pub fn document<T: DeserializeOwned + Serialize>(text: &str) -> Result<T, ApiError> {
    gradus_content::json::document(text).map_err(api_error)
}

#[cfg(test)]
mod tests {
    use super::is_json_type;

    #[test]
    fn json_is_matched_as_a_media_type_not_a_prefix() {
        for ok in [
            "application/json",
            "application/json; charset=utf-8",
            "Application/JSON",
            "application/fhir+json",
            "application/problem+json; charset=UTF-8",
        ] {
            assert!(is_json_type(ok), "{ok}");
        }
        for bad in [
            "application/jsonx",
            "application/json-patch",
            "text/plain; a=+json",
            "text/json+plain",
            "application/json; charset=latin1",
            "",
            "json",
        ] {
            assert!(!is_json_type(bad), "{bad}");
        }
    }
}
