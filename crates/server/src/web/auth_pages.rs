//! The start page, sign-up, sign-in and sign-out.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use gradus_store::TokenKind;

use super::fields::{Field, Problem, problems};
use super::{
    Layout, MemberForm, PageResult, PublicForm, clear_session_cookie, public_csrf,
    redirect_with_cookies, session_cookie,
};
use crate::auth::{self, Caller};
use crate::error::ApiError;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/signup", get(signup_page).post(signup))
        .route("/signin", get(signin_page).post(signin))
        .route("/signout", post(signout))
}

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
struct Home {
    layout: Layout,
    signup_open: bool,
}

async fn home(State(state): State<AppState>, mut parts: Parts) -> Response {
    match Caller::from_request_parts(&mut parts, &state).await {
        Ok(c) if c.kind == TokenKind::Session => Redirect::to("/plan").into_response(),
        _ => Home {
            layout: Layout::public("Exercise that fits your pain"),
            signup_open: state.config.signup_open,
        }
        .into_response(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "signup.html")]
struct SignUpPage {
    layout: Layout,
    csrf: String,
    fields: Vec<Field>,
    problems: Vec<Problem>,
    open: bool,
}

fn signup_fields(name: &str, email: &str, errors: &[(&str, String)]) -> Vec<Field> {
    let err = |k: &str| errors.iter().find(|(p, _)| *p == k).map(|(_, m)| m.clone());
    let mut name_f =
        Field::text("name", "Your first name").hint("So we can greet you. You can leave it empty.");
    name_f.value = name.to_string();
    name_f.autocomplete = "given-name";
    name_f.error = err("name");
    let mut email_f = Field::text("email", "Email address").required();
    email_f.value = email.to_string();
    email_f.autocomplete = "email";
    email_f.error = err("email");
    let mut pw = Field::text("password", "Choose a password")
        .hint("At least 10 characters. A few unrelated words make a strong one.")
        .required();
    pw.kind = "password";
    pw.autocomplete = "new-password";
    pw.error = err("password");
    vec![name_f, email_f, pw]
}

fn with_cookie(mut res: Response, cookie: Option<String>) -> Response {
    if let Some(c) = cookie
        && let Ok(v) = c.parse()
    {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

async fn signup_page(State(state): State<AppState>, parts: Parts) -> Response {
    let (csrf, cookie) = public_csrf(&parts, &state);
    let page = SignUpPage {
        layout: Layout::public("Create your account"),
        csrf,
        fields: signup_fields("", "", &[]),
        problems: Vec::new(),
        open: state.config.signup_open,
    };
    with_cookie(page.into_response(), cookie)
}

async fn signup(
    State(state): State<AppState>,
    PublicForm { form, remote }: PublicForm,
) -> PageResult<Response> {
    let name = form.text("name").map(str::to_string);
    let email = form.get("email").unwrap_or("").trim().to_string();
    let password = form.get("password").unwrap_or("").to_string();
    let csrf = form.get("csrf").unwrap_or("").to_string();
    let rerender = |status: StatusCode, errors: Vec<(&str, String)>| {
        let fields = signup_fields(name.as_deref().unwrap_or(""), &email, &errors);
        let problems = problems(&fields);
        (
            status,
            SignUpPage {
                layout: Layout::public("Create your account"),
                csrf: csrf.clone(),
                fields,
                problems,
                open: state.config.signup_open,
            },
        )
            .into_response()
    };
    if !state.config.signup_open {
        return Ok(rerender(StatusCode::FORBIDDEN, vec![]));
    }
    // The rules are the application's; this page only words the problems for a person.
    // The browser's time zone; one our time-zone database does not know counts as UTC rather
    // than failing a field the person cannot see.
    let time_zone = form
        .text("time_zone")
        .filter(|t| gradus_app::clock::check_time_zone("time_zone", t).is_ok());
    let new = gradus_app::accounts::SignUp {
        email: &email,
        password: &password,
        name: name.as_deref(),
        time_zone,
    };
    let account = match auth::sign_up(&state, new, remote.as_deref()).await {
        Ok(a) => a,
        Err(ApiError::Invalid(errors)) => {
            let errs = errors
                .into_iter()
                .map(|e| {
                    let key = match e.path.as_str() {
                        "email" => "email",
                        "name" => "name",
                        _ => "password",
                    };
                    let msg = match key {
                        "email" => "Enter an email address like name@example.com.".to_string(),
                        "name" => "Use at most 200 characters.".to_string(),
                        _ => "Use at least 10 characters.".to_string(),
                    };
                    (key, msg)
                })
                .collect();
            return Ok(rerender(StatusCode::UNPROCESSABLE_ENTITY, errs));
        }
        Err(ApiError::Conflict(_)) => {
            return Ok(rerender(
                StatusCode::CONFLICT,
                vec![(
                    "email",
                    "There is already an account with this email address. Sign in instead.".into(),
                )],
            ));
        }
        Err(e) => return Err(e.into()),
    };
    let token = auth::issue(&state, &account, TokenKind::Session)
        .await?
        .token;
    Ok(redirect_with_cookies(
        "/intake",
        &[session_cookie(&state, &token)],
    ))
}

#[derive(Template, WebTemplate)]
#[template(path = "signin.html")]
struct SignInPage {
    layout: Layout,
    csrf: String,
    fields: Vec<Field>,
    message: Option<String>,
    notice: Option<String>,
    signup_open: bool,
}

fn signin_fields(email: &str, invalid: bool) -> Vec<Field> {
    let mut email_f = Field::text("email", "Email address").required();
    email_f.value = email.to_string();
    email_f.autocomplete = "email";
    let mut pw = Field::text("password", "Password").required();
    pw.kind = "password";
    pw.autocomplete = "current-password";
    if invalid {
        email_f.error = Some("Check your email address.".into());
        pw.error = Some("Check your password.".into());
    }
    vec![email_f, pw]
}

async fn signin_page(State(state): State<AppState>, parts: Parts) -> Response {
    let (csrf, cookie) = public_csrf(&parts, &state);
    let query = parts.uri.query().unwrap_or("");
    let notice = if query.contains("signed_out=1") {
        Some("You have signed out.".to_string())
    } else if query.contains("signed_out=everywhere") {
        Some("You have signed out on every device.".to_string())
    } else if query.contains("reset=1") {
        Some("Your password is set. Sign in with it; every device was signed out.".to_string())
    } else if query.contains("deleted=1") {
        Some("Your account and all your health data have been deleted.".to_string())
    } else {
        None
    };
    let page = SignInPage {
        layout: Layout::public("Sign in"),
        csrf,
        fields: signin_fields("", false),
        message: None,
        notice,
        signup_open: state.config.signup_open,
    };
    with_cookie(page.into_response(), cookie)
}

async fn signin(
    State(state): State<AppState>,
    PublicForm { form, remote }: PublicForm,
) -> PageResult<Response> {
    let email = form.get("email").unwrap_or("").trim().to_string();
    let password = form.get("password").unwrap_or("").to_string();
    let csrf = form.get("csrf").unwrap_or("").to_string();
    let fail = |status: StatusCode, message: &str| {
        (
            status,
            SignInPage {
                layout: Layout::public("Sign in"),
                csrf: csrf.clone(),
                fields: signin_fields(&email, true),
                message: Some(message.to_string()),
                notice: None,
                signup_open: state.config.signup_open,
            },
        )
            .into_response()
    };
    if email.is_empty() || password.is_empty() || email.len() > 254 || password.len() > 1024 {
        return Ok(fail(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Enter your email address and your password.",
        ));
    }
    let account = match auth::sign_in(&state, &email, &password, None, remote.as_deref()).await {
        Ok(a) => a,
        Err(ApiError::Unauthorized("this account is disabled")) => {
            return Ok(fail(
                StatusCode::UNAUTHORIZED,
                "This account is disabled. Ask whoever runs Gradus for you to enable it again.",
            ));
        }
        Err(ApiError::Unauthorized(_)) => {
            return Ok(fail(
                StatusCode::UNAUTHORIZED,
                "The email address or the password is not right. Please try again.",
            ));
        }
        Err(ApiError::TooMany) => {
            return Ok(fail(
                StatusCode::TOO_MANY_REQUESTS,
                "Too many attempts. Please wait a minute before trying again.",
            ));
        }
        Err(e) => return Err(e.into()),
    };
    if account.role != gradus_store::Role::Member {
        return Ok(fail(
            StatusCode::FORBIDDEN,
            "These pages are for people following their own plan. Clinician and administrator accounts use the API.",
        ));
    }
    let token = auth::issue(&state, &account, TokenKind::Session)
        .await?
        .token;
    Ok(redirect_with_cookies(
        "/plan",
        &[session_cookie(&state, &token)],
    ))
}

async fn signout(State(state): State<AppState>, f: MemberForm) -> PageResult<Response> {
    state
        .app
        .sign_out(f.caller.actor(), &f.caller.token_hash)
        .await
        .map_err(ApiError::from)?;
    Ok(redirect_with_cookies(
        "/signin?signed_out=1",
        &[clear_session_cookie(&state)],
    ))
}
