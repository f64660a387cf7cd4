//! Authentication: who is calling.
//!
//! API clients send `Authorization: Bearer TOKEN`; the web pages carry the same kind of token in
//! an HttpOnly session cookie. Only a SHA-256 of each token is stored, so a copy of the database
//! cannot be used to sign in. A cookie-authenticated request that changes anything must also
//! carry the session's CSRF token (header `X-CSRF-Token` or form field `csrf`).

pub mod limiter;
pub mod password;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{Method, header};
use gradus_store::{Account, NewToken, Role, Timestamp, TokenKind};
use sha2::{Digest, Sha256};

use crate::error::ApiError;
use crate::state::AppState;
use gradus_app::clock::now;

pub const SESSION_COOKIE: &str = "gradus_session";

/// A fresh random token (244 bits) and the hash that is stored.
pub fn new_token() -> (String, String) {
    let token = format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    );
    let hash = hash_token(&token);
    (token, hash)
}

pub fn hash_token(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Issues a token of a kind for an account; returns (token, csrf, expires_at ms).
pub async fn issue(
    state: &AppState,
    account: &Account,
    kind: TokenKind,
) -> Result<(String, String, Timestamp), ApiError> {
    let (token, hash) = new_token();
    let csrf = uuid::Uuid::new_v4().simple().to_string();
    let now = now();
    let expires_at = now.plus_millis(state.config.token_ttl_secs.saturating_mul(1000));
    state
        .store
        .create_token(NewToken {
            hash,
            account_id: account.id.clone(),
            kind,
            csrf: csrf.clone(),
            expires_at,
            now,
        })
        .await?;
    Ok((token, csrf, expires_at))
}

/// The signed-in caller.
#[derive(Debug, Clone)]
pub struct Caller {
    pub account: Account,
    pub token_hash: String,
    pub kind: TokenKind,
    pub csrf: String,
    pub remote: Option<String>,
}

impl Caller {
    /// The caller as the application sees them.
    pub fn actor(&self) -> gradus_app::Actor<'_> {
        gradus_app::Actor::Account {
            account: &self.account,
            remote: self.remote.as_deref(),
        }
    }

    pub fn is_member(&self) -> Result<(), ApiError> {
        if self.account.role == Role::Member {
            Ok(())
        } else {
            Err(ApiError::Forbidden("this route is for member accounts"))
        }
    }
}

/// The caller's address, when the server knows it.
pub fn remote(parts: &Parts) -> Option<String> {
    parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip().to_string())
}

/// The caller's address as an extractor (None in in-process tests).
pub struct Remote(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for Remote {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Remote(remote(parts)))
    }
}

/// The token from a Bearer header or the session cookie.
fn presented(parts: &Parts) -> Option<(String, TokenKind)> {
    if let Some(v) = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        let t = v
            .strip_prefix("Bearer ")
            .or_else(|| v.strip_prefix("bearer "))?;
        return Some((t.trim().to_string(), TokenKind::Api));
    }
    cookie(parts, SESSION_COOKIE).map(|t| (t, TokenKind::Session))
}

pub fn cookie(parts: &Parts, name: &str) -> Option<String> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| {
            let (k, v) = c.trim().split_once('=')?;
            (k == name).then(|| v.to_string())
        })
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let (token, presented_kind) = presented(parts).ok_or(ApiError::Unauthorized(
            "sign in first: send Authorization: Bearer TOKEN",
        ))?;
        if token.is_empty() || token.len() > 256 {
            return Err(ApiError::Unauthorized("invalid or expired token"));
        }
        let hash = hash_token(&token);
        let (account, info) = state
            .store
            .token_account(&hash, now())
            .await?
            .ok_or(ApiError::Unauthorized("invalid or expired token"))?;
        if info.kind != presented_kind {
            return Err(ApiError::Unauthorized("invalid or expired token"));
        }
        if info.kind == TokenKind::Session && !matches!(parts.method, Method::GET | Method::HEAD) {
            let sent = parts
                .headers
                .get("x-csrf-token")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            let form_checked = parts.extensions.get::<CsrfChecked>().is_some();
            if !form_checked && sent.as_deref() != Some(info.csrf.as_str()) {
                return Err(ApiError::Forbidden("missing or wrong CSRF token"));
            }
        }
        Ok(Caller {
            account,
            token_hash: hash,
            kind: info.kind,
            csrf: info.csrf,
            remote: remote(parts),
        })
    }
}

/// Set by the web layer once a form's `csrf` field has been checked against the session.
#[derive(Debug, Clone, Copy)]
pub struct CsrfChecked;
