//! Authentication: who is calling.
//!
//! API clients send `Authorization: Bearer TOKEN`; the web pages carry the same kind of token in
//! an HttpOnly session cookie; `gradus_app::sessions` issues and checks both (only a SHA-256 of
//! each token is stored, so a copy of the database
//! cannot be used to sign in). A cookie-authenticated request that changes anything must also
//! carry the session's CSRF token (header `X-CSRF-Token` or form field `csrf`).

pub mod limiter;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{Method, header};
use gradus_store::{Account, Role, TokenKind};

use crate::error::ApiError;
use crate::state::AppState;

pub const SESSION_COOKIE: &str = "gradus_session";

/// A cookie's name as this server sets and reads it. Served over TLS (`--secure-cookies`) it
/// carries the `__Host-` prefix: browsers accept such a cookie only with `Secure`, `Path=/` and no
/// `Domain`, so neither a plain-HTTP page nor a sibling subdomain can plant or overwrite it.
pub fn cookie_name(state: &AppState, base: &'static str) -> String {
    if state.config.secure_cookies {
        format!("__Host-{base}")
    } else {
        base.to_string()
    }
}

pub use gradus_app::sessions::{Issued, hash_token};

/// Issues a token of a kind for an account, valid for the configured lifetime.
pub async fn issue(
    state: &AppState,
    account: &Account,
    kind: TokenKind,
) -> Result<Issued, ApiError> {
    Ok(state
        .app
        .issue_token(account, kind, state.config.token_ttl_secs)
        .await?)
}

/// Creates a member account for the API and the sign-up page alike. Sign-ups are limited per
/// address: each costs a password hash and an account row.
pub async fn sign_up(
    state: &AppState,
    new: gradus_app::accounts::SignUp<'_>,
    remote: Option<&str>,
) -> Result<Account, ApiError> {
    if !state.signup_limiter.try_take(remote.unwrap_or("-")) {
        return Err(ApiError::TooMany);
    }
    Ok(state.app.sign_up(new, remote).await?)
}

/// Checks credentials for the API and the sign-in page alike. Attempts are counted three ways,
/// so that neither a guesser nor a third party gets far:
/// - per address, over every account (one address spraying guesses);
/// - per address and account (one address guessing one account);
/// - per account over the addresses it has not signed in from recently, with a larger allowance
///   (guesses spread over many addresses). The owner's own addresses are not counted there, so
///   someone else's wrong passwords cannot lock the owner out.
///
/// The attempts are taken before the password is checked, so parallel guesses are all counted;
/// a success gives them back and makes the address known to the account.
pub async fn sign_in(
    state: &AppState,
    email: &str,
    password_text: &str,
    remote: Option<&str>,
) -> Result<Account, ApiError> {
    let address = remote.unwrap_or("-");
    let account_key = email.trim().to_lowercase();
    let known = state.known_addresses.contains(&account_key, address);
    let ip_key = format!("ip:{address}");
    let pair_key = format!("pair:{address}|{account_key}");
    let mut taken: Vec<(&crate::auth::limiter::Limiter, &str)> = Vec::new();
    let mut attempts = vec![
        (&state.limiter, ip_key.as_str()),
        (&state.limiter, pair_key.as_str()),
    ];
    if !known {
        attempts.push((&state.account_limiter, account_key.as_str()));
    }
    for (limiter, key) in attempts {
        if !limiter.try_take(key) {
            for (l, k) in taken {
                l.give_back(k);
            }
            return Err(ApiError::TooMany);
        }
        taken.push((limiter, key));
    }
    let account = state.app.sign_in(email, password_text, remote).await;
    if account.is_ok() {
        for (l, k) in taken {
            l.give_back(k);
        }
        state.known_addresses.remember(&account_key, address);
    }
    Ok(account?)
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

/// The caller's address, when the server knows it: the client as [`crate::client`] worked it
/// out (a trusted proxy's `X-Forwarded-For`), else the connection's peer.
pub fn remote(parts: &Parts) -> Option<String> {
    if let Some(c) = parts.extensions.get::<crate::client::ClientAddr>() {
        return Some(c.0.to_string());
    }
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
fn presented(parts: &Parts, state: &AppState) -> Option<(String, TokenKind)> {
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
    cookie(parts, &cookie_name(state, SESSION_COOKIE)).map(|t| (t, TokenKind::Session))
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
        let (token, presented_kind) = presented(parts, state).ok_or(ApiError::Unauthorized(
            "sign in first: send Authorization: Bearer TOKEN",
        ))?;
        let (account, info, hash) = state
            .app
            .authenticate(&token)
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
