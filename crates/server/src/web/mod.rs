//! The web app: server-rendered pages over the same code as the JSON API.
//!
//! Every page is plain HTML from an askama template, and every form works without JavaScript;
//! `/static/app.js` only adds the guided-session player on top. Pages reach the data through the
//! same use cases as the API (`gradus_app::App`: `log`, `plan_view`, `review`, `sign_in`, …), so a
//! session logged from a page and one posted to `/api/v1/me/log` go through the same checks.
//!
//! Authentication is the session cookie `gradus_session` (HttpOnly, SameSite=Lax). A page that
//! needs a member takes [`Member`], which sends a stranger to `/signin` instead of answering
//! problem+json. Every form post carries the session's CSRF token in a hidden `csrf` field;
//! [`MemberForm`] reads the body, compares that field with the session's token from the store and
//! only then builds the [`Caller`]. The sign-in and sign-up forms, which come before any session,
//! use a double-submit cookie (`gradus_csrf` plus the same hidden field).

mod access;
mod account;
mod auth_pages;
mod calendar;
mod charts;
mod checkin;
mod fields;
mod gate;
mod intake;
mod labels;
mod lessons;
mod outcomes;
mod plan;
mod progress;
mod session;

use std::sync::LazyLock;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use gradus_store::{Role, TokenKind};
use sha2::{Digest, Sha256};

use crate::auth::{self, Caller, SESSION_COOKIE};
use crate::error::ApiError;
use crate::state::AppState;

pub use fields::FormData;

/// The double-submit cookie of the sign-in and sign-up forms.
pub const CSRF_COOKIE: &str = "gradus_csrf";

const APP_CSS: &str = include_str!("../../static/app.css");
const APP_JS: &str = include_str!("../../static/app.js");
const ICON_SVG: &str = include_str!("../../static/icon.svg");

/// A short hash of the static files, appended to their URLs so a new build is never served stale.
pub static ASSET_VERSION: LazyLock<String> = LazyLock::new(|| {
    let mut h = Sha256::new();
    h.update(APP_CSS.as_bytes());
    h.update(APP_JS.as_bytes());
    h.update(ICON_SVG.as_bytes());
    h.finalize()
        .iter()
        .take(6)
        .map(|b| format!("{b:02x}"))
        .collect()
});

/// Every page of the web app.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/static/app.css",
            get(|| asset(APP_CSS, "text/css; charset=utf-8")),
        )
        .route(
            "/static/app.js",
            get(|| asset(APP_JS, "text/javascript; charset=utf-8")),
        )
        .route("/static/icon.svg", get(|| asset(ICON_SVG, "image/svg+xml")))
        .route("/favicon.ico", get(|| asset(ICON_SVG, "image/svg+xml")))
        .merge(auth_pages::router())
        .merge(intake::router())
        .merge(plan::router())
        .merge(session::router())
        .merge(checkin::router())
        .merge(progress::router())
        .merge(lessons::router())
        .merge(account::router())
}

async fn asset(body: &'static str, content_type: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=86400"),
            ),
        ],
        body,
    )
        .into_response()
}

/// What the page frame needs: the title, who is signed in (for the menu and the sign-out form)
/// and which menu entry is the current page.
#[derive(Debug, Clone)]
pub struct Layout {
    pub title: String,
    /// The session's CSRF token when someone is signed in.
    pub csrf: Option<String>,
    pub active: &'static str,
    pub assets: &'static str,
}

impl Layout {
    pub fn public(title: impl Into<String>) -> Layout {
        Layout {
            title: title.into(),
            csrf: None,
            active: "",
            assets: ASSET_VERSION.as_str(),
        }
    }

    pub fn member(title: impl Into<String>, caller: &Caller, active: &'static str) -> Layout {
        Layout {
            title: title.into(),
            csrf: Some(caller.csrf.clone()),
            active,
            assets: ASSET_VERSION.as_str(),
        }
    }

    /// The menu entries: (path, label, key).
    pub fn menu(&self) -> &'static [(&'static str, &'static str, &'static str)] {
        &[
            ("/plan", "My plan", "plan"),
            ("/session", "Session", "session"),
            ("/checkin", "Check-in", "checkin"),
            ("/progress", "Progress", "progress"),
            ("/lessons", "Lessons", "lessons"),
            ("/account", "Account", "account"),
        ]
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "error.html")]
struct ErrorPage {
    layout: Layout,
    heading: String,
    message: String,
    link: (&'static str, &'static str),
}

/// Why a page could not be shown.
#[derive(Debug)]
pub enum PageError {
    /// Not signed in (or the session ended): go to the sign-in page.
    SignIn,
    /// A page with this status, heading and message.
    Status(StatusCode, &'static str, String),
}

impl PageError {
    pub fn not_found() -> PageError {
        PageError::Status(
            StatusCode::NOT_FOUND,
            "Page not found",
            "There is nothing at this address.".into(),
        )
    }

    pub fn csrf() -> PageError {
        PageError::Status(
            StatusCode::FORBIDDEN,
            "This form has expired",
            "For your safety the form could not be accepted: it did not carry the security code of your session. Go back, reload the page and try again.".into(),
        )
    }
}

impl From<ApiError> for PageError {
    fn from(e: ApiError) -> Self {
        match e {
            ApiError::Unauthorized(_) => PageError::SignIn,
            ApiError::Forbidden(m) => {
                PageError::Status(StatusCode::FORBIDDEN, "Not allowed", m.to_string())
            }
            ApiError::NotFound => PageError::not_found(),
            ApiError::TooMany => PageError::Status(
                StatusCode::TOO_MANY_REQUESTS,
                "Too many attempts",
                "Please wait a minute and try again.".into(),
            ),
            ApiError::Quota(m) => {
                PageError::Status(StatusCode::TOO_MANY_REQUESTS, "That is enough for today", m)
            }
            ApiError::Conflict(_) => PageError::Status(
                StatusCode::CONFLICT,
                "Already taken",
                "That is already taken.".into(),
            ),
            ApiError::Invalid(errors) => PageError::Status(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Something needs fixing",
                errors
                    .iter()
                    .map(|e| e.message.clone())
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            ApiError::TooLarge => PageError::Status(
                StatusCode::PAYLOAD_TOO_LARGE,
                "Too much to send",
                "The form was too large to accept. Please shorten your answers and try again."
                    .into(),
            ),
            ApiError::BadRequest(_) => PageError::Status(
                StatusCode::BAD_REQUEST,
                "The form could not be read",
                "Please go back and try again.".into(),
            ),
            ApiError::Corrupt(what) => {
                tracing::error!(%what, "stored record unreadable on a page");
                PageError::Status(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Part of your record could not be read",
                    "Something stored about you could not be read back, so we will not show a plan that might be wrong. Nothing was changed. The problem has been recorded; please contact your clinic or the administrator of this service.".into(),
                )
            }
            ApiError::Internal(detail) => {
                tracing::error!(%detail, "internal error on a page");
                PageError::Status(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Something went wrong",
                    "Sorry, something went wrong on our side. Nothing you entered was lost from earlier pages; please try again in a moment.".into(),
                )
            }
        }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        match self {
            PageError::SignIn => Redirect::to("/signin").into_response(),
            PageError::Status(status, heading, message) => {
                let page = ErrorPage {
                    layout: Layout::public(heading),
                    heading: heading.to_string(),
                    message,
                    link: ("/", "Go to the start page"),
                };
                (status, page).into_response()
            }
        }
    }
}

pub type PageResult<T> = Result<T, PageError>;

/// A signed-in member, for pages that only read (GET). Anyone else is sent to `/signin`.
pub struct Member(pub Caller);

impl FromRequestParts<AppState> for Member {
    type Rejection = PageError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let caller = Caller::from_request_parts(parts, state).await?;
        if caller.kind != TokenKind::Session {
            return Err(PageError::SignIn);
        }
        member_only(&caller)?;
        Ok(Member(caller))
    }
}

fn member_only(caller: &Caller) -> PageResult<()> {
    if caller.account.role == Role::Member {
        Ok(())
    } else {
        Err(PageError::Status(
            StatusCode::FORBIDDEN,
            "This app is for members",
            "These pages are for people following their own plan. Clinicians and administrators use the API.".into(),
        ))
    }
}

/// Compares two secrets without stopping at the first difference.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Reads a urlencoded form body; a body that is not one is a 400 page, never a 500.
async fn read_form(req: Request, state: &AppState) -> PageResult<FormData> {
    match axum::Form::<Vec<(String, String)>>::from_request(req, state).await {
        Ok(axum::Form(pairs)) => Ok(FormData(pairs)),
        Err(_) => Err(PageError::Status(
            StatusCode::BAD_REQUEST,
            "The form could not be read",
            "Please go back and try again.".into(),
        )),
    }
}

/// A form posted by a signed-in member whose `csrf` field matched the session: the caller and
/// the fields. The check happens before any handler code runs.
pub struct MemberForm {
    pub caller: Caller,
    pub form: FormData,
}

impl FromRequest<AppState> for MemberForm {
    type Rejection = PageError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (parts, body) = req.into_parts();
        let token = auth::cookie(&parts, &auth::cookie_name(state, SESSION_COOKIE))
            .ok_or(PageError::SignIn)?;
        let (account, info, hash) = state
            .app
            .authenticate(&token)
            .await
            .map_err(ApiError::from)?
            .ok_or(PageError::SignIn)?;
        if info.kind != TokenKind::Session {
            return Err(PageError::SignIn);
        }
        let remote = auth::remote(&parts);
        let form = read_form(Request::from_parts(parts, body), state).await?;
        if !form
            .get("csrf")
            .is_some_and(|sent| same_secret(sent, &info.csrf))
        {
            return Err(PageError::csrf());
        }
        let caller = Caller {
            account,
            token_hash: hash,
            kind: info.kind,
            csrf: info.csrf,
            remote,
        };
        member_only(&caller)?;
        Ok(MemberForm { caller, form })
    }
}

/// A form posted before any session exists (sign-in, sign-up), checked with the double-submit
/// cookie: the `csrf` field must equal the `gradus_csrf` cookie.
pub struct PublicForm {
    pub form: FormData,
    pub remote: Option<String>,
}

impl FromRequest<AppState> for PublicForm {
    type Rejection = PageError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (parts, body) = req.into_parts();
        let cookie = auth::cookie(&parts, &auth::cookie_name(state, CSRF_COOKIE));
        let remote = auth::remote(&parts);
        let form = read_form(Request::from_parts(parts, body), state).await?;
        let ok = match (cookie.as_deref(), form.get("csrf")) {
            (Some(c), Some(f)) => c.len() >= 16 && same_secret(c, f),
            _ => false,
        };
        if !ok {
            return Err(PageError::csrf());
        }
        Ok(PublicForm { form, remote })
    }
}

/// The double-submit token of this browser, and the Set-Cookie header when it is new.
pub fn public_csrf(parts: &Parts, state: &AppState) -> (String, Option<String>) {
    match auth::cookie(parts, &auth::cookie_name(state, CSRF_COOKIE))
        .filter(|c| c.len() == 32 && c.chars().all(|ch| ch.is_ascii_hexdigit()))
    {
        Some(c) => (c, None),
        None => {
            let token = uuid::Uuid::new_v4().simple().to_string();
            let cookie = format!(
                "{}={token}; HttpOnly; SameSite=Lax; Path=/; Max-Age=86400{}",
                auth::cookie_name(state, CSRF_COOKIE),
                secure(state)
            );
            (token, Some(cookie))
        }
    }
}

fn secure(state: &AppState) -> &'static str {
    if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    }
}

/// The Set-Cookie value that signs a browser in.
pub fn session_cookie(state: &AppState, token: &str) -> String {
    format!(
        "{}={token}; HttpOnly; SameSite=Lax; Path=/; Max-Age={}{}",
        auth::cookie_name(state, SESSION_COOKIE),
        state.config.token_ttl_secs.max(0),
        secure(state)
    )
}

/// The Set-Cookie value that signs a browser out.
pub fn clear_session_cookie(state: &AppState) -> String {
    format!(
        "{}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0{}",
        auth::cookie_name(state, SESSION_COOKIE),
        secure(state)
    )
}

/// A 303 redirect (after a form post) that also sets cookies.
pub fn redirect_with_cookies(to: &str, cookies: &[String]) -> Response {
    let mut res = Redirect::to(to).into_response();
    for c in cookies {
        if let Ok(v) = HeaderValue::from_str(c) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}

/// HTML-escapes text for the few fragments (charts, lesson bodies) built in Rust.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            esc("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn secrets_compare() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "abcd"));
    }
}
