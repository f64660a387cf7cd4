//! The guided session player and the session log form.
//!
//! The page is one form that logs a session without JavaScript: pain before, the plan's items
//! (ticked as done), pain during and after. With JavaScript, `app.js` turns the same page into a
//! player (one exercise at a time, countdowns for holds, a rep counter, "now the other side",
//! pause, skip, "too hard"), then fills in the same form. `?speed=20` runs the clocks 20 times
//! faster for tests.
//!
//! "Did it settle by the next morning?" cannot be known when the session is logged, so the
//! session goes in without it, and the next day the plan and check-in pages ask; the answer is
//! stored as a corrected copy of that session entry (same date, items and pains, plus
//! `settled_by_next_morning`) through `App::log`, like every other entry.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use gradus_core::day::Day;
use gradus_core::log::{LogEntryInput, LoggedItem, SessionInput, may_backdate};
use serde::Deserialize;

use super::fields::{Field, FormData, Problem, problems};
use super::gate::{Gate, gate, log_entries};
use super::plan::{Card, card};
use super::{Layout, Member, MemberForm, PageResult};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/session", get(player).post(log_session))
        .route("/session/saved", get(saved))
        .route("/settle", post(settle))
}

#[derive(Debug, Deserialize)]
struct SessionQuery {
    s: Option<usize>,
    speed: Option<f64>,
}

#[derive(Template, WebTemplate)]
#[template(path = "session.html")]
struct PlayerPage {
    layout: Layout,
    csrf: String,
    index: usize,
    name: String,
    minutes: u16,
    others: Vec<(usize, String)>,
    date: String,
    speed: String,
    cards: Vec<Card>,
    done: Vec<bool>,
    before: Vec<Field>,
    during: Vec<Field>,
    after: Vec<Field>,
    problems: Vec<Problem>,
    items_error: Option<String>,
}

fn pain_fields(form: &FormData, errors: &[(&str, String)]) -> (Field, Field, Field) {
    let err = |k: &str| errors.iter().find(|(p, _)| *p == k).map(|(_, m)| m.clone());
    let mk = |k: &str, label: &str| {
        let mut f = Field::scale(k, label, 10, 1, "no pain", "worst pain imaginable")
            .required()
            .fill(form);
        f.error = err(k);
        f
    };
    (
        mk(
            "pain_before",
            "Before you start: how much does it hurt right now?",
        ),
        mk(
            "pain_during",
            "During the session: how much did it hurt at most?",
        ),
        mk(
            "pain_after",
            "Now that you have finished: how much does it hurt?",
        ),
    )
}

#[allow(clippy::too_many_arguments)]
fn page(
    state: &AppState,
    caller: &Caller,
    plan: &gradus_core::plan::Plan,
    index: usize,
    speed: f64,
    form: &FormData,
    errors: Vec<(&str, String)>,
    fresh: bool,
) -> Response {
    let session = &plan.sessions[index];
    let cards: Vec<Card> = session
        .items
        .iter()
        .enumerate()
        .map(|(i, it)| card(state, i, it))
        .collect();
    let done = (0..cards.len())
        .map(|i| fresh || form.get(&format!("done_{i}")).is_some())
        .collect();
    let (before, during, after) = pain_fields(form, &errors);
    let items_error = errors
        .iter()
        .find(|(k, _)| *k == "items")
        .map(|(_, m)| m.clone());
    let mut problems = problems(&[before.clone(), during.clone(), after.clone()]);
    if let Some(m) = &items_error {
        problems.insert(
            0,
            Problem {
                anchor: "f-done-0".into(),
                message: m.clone(),
            },
        );
    }
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let speed = if speed.is_finite() {
        speed.clamp(1.0, 100.0)
    } else {
        1.0
    };
    (
        status,
        PlayerPage {
            layout: Layout::member(format!("Session: {}", session.name), caller, "session"),
            csrf: caller.csrf.clone(),
            index,
            name: session.name.clone(),
            minutes: session.minutes,
            others: plan
                .sessions
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != index)
                .map(|(i, s)| (i, s.name.clone()))
                .collect(),
            date: state.app.today_for(&caller.account).to_string(),
            speed: format!("{speed}"),
            cards,
            done,
            before: vec![before],
            during: vec![during],
            after: vec![after],
            problems,
            items_error,
        },
    )
        .into_response()
}

async fn player(
    State(state): State<AppState>,
    Member(caller): Member,
    Query(q): Query<SessionQuery>,
) -> PageResult<Response> {
    let current = match gate(&state, &caller).await? {
        Gate::Ready(c) => c,
        Gate::NoIntake => return Ok(Redirect::to("/intake").into_response()),
        Gate::Stop(p) => return Ok(p.into_response()),
        Gate::Waiting(_) => return Ok(Redirect::to("/plan").into_response()),
    };
    let plan = &current.plan;
    if plan.sessions.is_empty() {
        return Ok(Redirect::to("/plan").into_response());
    }
    let index = q.s.unwrap_or(0).min(plan.sessions.len() - 1);
    Ok(page(
        &state,
        &caller,
        plan,
        index,
        q.speed.unwrap_or(1.0),
        &FormData::default(),
        Vec::new(),
        true,
    ))
}

fn pain(
    form: &FormData,
    key: &str,
    errors: &mut Vec<(&'static str, String)>,
    static_key: &'static str,
) -> i64 {
    match form.int(key, 0, 10) {
        Ok(Some(v)) => v,
        _ => {
            errors.push((static_key, "Choose a number from 0 to 10.".into()));
            0
        }
    }
}

async fn log_session(State(state): State<AppState>, f: MemberForm) -> PageResult<Response> {
    let caller = f.caller;
    let form = f.form;
    let current = match gate(&state, &caller).await? {
        Gate::Ready(c) => c,
        Gate::Stop(p) => return Ok(p.into_response()),
        _ => return Ok(Redirect::to("/plan").into_response()),
    };
    let plan = &current.plan;
    if plan.sessions.is_empty() {
        return Ok(Redirect::to("/plan").into_response());
    }
    let index = form
        .get("s")
        .and_then(|s| s.parse::<usize>().ok())
        .unwrap_or(0)
        .min(plan.sessions.len() - 1);
    let session = &plan.sessions[index];
    let mut errors: Vec<(&'static str, String)> = Vec::new();
    let pain_before = pain(&form, "pain_before", &mut errors, "pain_before");
    let pain_during = pain(&form, "pain_during", &mut errors, "pain_during");
    let pain_after = pain(&form, "pain_after", &mut errors, "pain_after");
    let items: Vec<LoggedItem> = session
        .items
        .iter()
        .enumerate()
        .filter(|(i, _)| form.get(&format!("done_{i}")).is_some())
        .map(|(i, it)| {
            // The player may have swapped in the easier variant ("too hard").
            let easier = state
                .lib
                .exercise(&it.exercise)
                .and_then(|e| e.easier.clone());
            let exercise = match form.get(&format!("ex_{i}")) {
                Some(x) if easier.as_deref() == Some(x) => x.to_string(),
                _ => it.exercise.clone(),
            };
            LoggedItem {
                exercise,
                sets: Some(i64::from(it.sets)),
                reps: it.reps.map(i64::from),
                hold_seconds: it.hold_seconds.map(i64::from),
                minutes: it.minutes.map(f64::from),
                pain: None,
            }
        })
        .collect();
    if items.is_empty() {
        errors.push((
            "items",
            "Tick at least one exercise you did. If you did none today, there is nothing to log."
                .into(),
        ));
    }
    if !errors.is_empty() {
        return Ok(page(
            &state, &caller, plan, index, 1.0, &form, errors, false,
        ));
    }
    let today_s = state.app.today_for(&caller.account).to_string();
    let date = form
        .text("date")
        .filter(|d| match (Day::parse(d), Day::parse(&today_s)) {
            (Ok(d), Ok(t)) => may_backdate(d, t),
            _ => false,
        })
        .unwrap_or(&today_s)
        .to_string();
    let entry = LogEntryInput::Session(SessionInput {
        date,
        items,
        pain_before,
        pain_during,
        pain_after,
        settled_by_next_morning: None,
    });
    match state.app.log(caller.actor(), entry).await {
        Ok(_) => Ok(Redirect::to("/session/saved").into_response()),
        Err(gradus_app::AppError::Invalid(errs)) => {
            let msgs = errs
                .into_iter()
                .map(|e| ("items", e.message))
                .collect::<Vec<_>>();
            Ok(page(&state, &caller, plan, index, 1.0, &form, msgs, false))
        }
        Err(e) => Err(ApiError::from(e).into()),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "saved.html")]
struct SavedPage {
    layout: Layout,
}

async fn saved(Member(caller): Member) -> SavedPage {
    SavedPage {
        layout: Layout::member("Session saved", &caller, "session"),
    }
}

/// Stores "did it settle by the next morning?" as a corrected copy of that day's session.
async fn settle(State(state): State<AppState>, f: MemberForm) -> PageResult<Response> {
    let back = match f.form.get("back") {
        Some("checkin") => "/checkin?saved=settle",
        _ => "/plan?saved=settle",
    };
    let (Some(date), Some(answer)) = (f.form.text("date"), f.form.get("settled")) else {
        return Ok(Redirect::to(back.split('?').next().unwrap_or("/plan")).into_response());
    };
    let settled = match answer {
        "yes" => true,
        "no" => false,
        _ => return Ok(Redirect::to("/plan").into_response()),
    };
    record_settle(&state, &f.caller, date, settled).await?;
    Ok(Redirect::to(back).into_response())
}

/// Adds the corrected session entry for `date`, if that day has a session with no answer yet.
pub async fn record_settle(
    state: &AppState,
    caller: &Caller,
    date: &str,
    settled: bool,
) -> PageResult<bool> {
    let entries = log_entries(state, caller).await?;
    let same_day: Vec<&SessionInput> = entries
        .iter()
        .filter_map(|(e, _)| match e {
            LogEntryInput::Session(s) if s.date == date => Some(s),
            _ => None,
        })
        .collect();
    if same_day.iter().any(|s| s.settled_by_next_morning.is_some()) {
        return Ok(false);
    }
    let Some(last) = same_day.last() else {
        return Ok(false);
    };
    let mut corrected = (*last).clone();
    corrected.settled_by_next_morning = Some(settled);
    state
        .app
        .log(caller.actor(), LogEntryInput::Session(corrected))
        .await
        .map_err(ApiError::from)?;
    Ok(true)
}
