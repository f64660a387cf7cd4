//! The daily check-in: pain, stiffness, any new warning sign, and optionally goal ratings, this
//! week's confidence step and whether yesterday's session settled. A new warning sign shows the
//! stop screen at once, from the pause `App::log` returns.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use gradus_core::intake::GoalInput;
use gradus_core::log::{CheckinInput, ExposureReport, LogEntryInput};
use gradus_core::plan::Plan;
use gradus_core::vocab::RedFlag;
use serde::Deserialize;

use super::fields::{Field, FormData, Opt, Problem, problems};
use super::gate::{Gate, StopPage, gate, log_entries};
use super::labels::RED_FLAGS;
use super::plan::{SettleAsk, settle_ask};
use super::session::record_settle;
use super::{Layout, Member, MemberForm, PageResult};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/checkin", get(page).post(submit))
}

#[derive(Template, WebTemplate)]
#[template(path = "checkin.html")]
struct CheckinPage {
    layout: Layout,
    csrf: String,
    notice: Option<&'static str>,
    settle: Option<SettleAsk>,
    settle_error: Option<String>,
    settled: String,
    main: Vec<Field>,
    optional: Vec<Field>,
    goals_due: Option<String>,
    problems: Vec<Problem>,
}

#[derive(Debug, Deserialize)]
struct CheckinQuery {
    saved: Option<String>,
}

/// Check-in wording for the warning signs: "since your last check-in".
fn flag_words(code: &str, words: &str) -> String {
    match code {
        "significant_trauma" => "A serious accident or fall".into(),
        "minor_trauma" => "A small fall or knock".into(),
        "history_of_cancer" => "A new diagnosis of cancer".into(),
        "immunosuppressed" => "A new illness or medicine that weakens your immune system".into(),
        "iv_drug_use" => "Injecting drugs".into(),
        _ => words.to_string(),
    }
}

fn fields(plan: &Plan, form: &FormData, errors: &[(String, String)]) -> (Vec<Field>, Vec<Field>) {
    let err = |k: &str| errors.iter().find(|(p, _)| p == k).map(|(_, m)| m.clone());
    let mut main = vec![
        Field::scale(
            "pain",
            "How much does it hurt today?",
            10,
            1,
            "no pain",
            "worst pain imaginable",
        )
        .required(),
        Field::scale(
            "stiffness",
            "How stiff do you feel today?",
            10,
            1,
            "not stiff",
            "as stiff as can be",
        )
        .required(),
        Field::checks(
            "new_red_flags",
            "Since your last check-in, have you noticed any of these?",
            RED_FLAGS
                .iter()
                .map(|(_, code, words)| Opt::new(*code, flag_words(code, words)))
                .collect(),
        )
        .hint("Tick only what is new. If you tick one, we will tell you what to do straight away."),
    ];
    let mut optional = Vec::new();
    for (i, g) in plan.basis.goals.iter().enumerate() {
        optional.push(
            Field::scale(
                &format!("goal_{i}"),
                &format!("How well can you do this now: {}?", g.activity),
                10,
                1,
                "cannot do it at all",
                "as well as before the pain",
            )
            .hint(&format!(
                "When you started you rated it {} out of 10.",
                g.ability
            )),
        );
    }
    if let Some(step) = plan.exposure_ladder.iter().find(|s| s.current) {
        optional.push(
            Field::radios(
                "exp_done",
                "Did you try this week's confidence step?",
                vec![Opt::new("yes", "Yes, I did it"), Opt::new("no", "Not yet")],
            )
            .hint(&step.task),
        );
        optional.push(Field::scale(
            "exp_fear",
            &format!("How harmful does “{}” feel now?", step.activity),
            100,
            10,
            "not harmful at all",
            "extremely harmful",
        ));
    }
    let fill = |v: Vec<Field>| {
        v.into_iter()
            .map(|f| {
                let e = err(&f.key);
                let mut f = f.fill(form);
                f.error = e;
                f
            })
            .collect()
    };
    main = fill(main);
    (main, fill(optional))
}

#[allow(clippy::too_many_arguments)]
async fn render(
    state: &AppState,
    caller: &Caller,
    plan: &Plan,
    form: &FormData,
    errors: Vec<(String, String)>,
    notice: Option<&'static str>,
) -> PageResult<Response> {
    let entries = log_entries(state, caller).await?;
    let (main, optional) = fields(plan, form, &errors);
    let versions: Vec<(i64, gradus_store::Timestamp)> = state
        .app
        .plan_line(caller.actor(), &caller.account.id)
        .await
        .map_err(ApiError::from)?
        .into_iter()
        .map(|(v, _)| (v.version, v.created_at))
        .collect();
    let goals_due = super::outcomes::goals_due_now(
        plan,
        super::outcomes::line_start(&versions, |at| state.app.day_for(&caller.account, at)),
        super::outcomes::last_goal_rating(entries.iter().map(|(e, _)| e)),
        state.app.today_for(&caller.account),
    );
    let settle_error = errors
        .iter()
        .find(|(k, _)| k == "settled")
        .map(|(_, m)| m.clone());
    let mut problems = problems(&main);
    problems.extend(super::fields::problems(&optional));
    if let Some(m) = &settle_error {
        problems.insert(
            0,
            Problem {
                anchor: "settle-yes".into(),
                message: m.clone(),
            },
        );
    }
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((
        status,
        CheckinPage {
            layout: Layout::member("Daily check-in", caller, "checkin"),
            csrf: caller.csrf.clone(),
            notice,
            settle: settle_ask(state, &entries, caller, "checkin"),
            settle_error,
            settled: form.get("settled").unwrap_or("").to_string(),
            main,
            optional,
            goals_due,
            problems,
        },
    )
        .into_response())
}

async fn page(
    State(state): State<AppState>,
    Member(caller): Member,
    Query(q): Query<CheckinQuery>,
) -> PageResult<Response> {
    let current = match gate(&state, &caller).await? {
        Gate::Ready(c) => c,
        Gate::NoIntake => return Ok(Redirect::to("/intake").into_response()),
        Gate::Stop(p) => return Ok(p.into_response()),
        Gate::Waiting(_) => return Ok(Redirect::to("/plan").into_response()),
    };
    let notice = match q.saved.as_deref() {
        Some("settle") => Some("Thank you: your answer is saved."),
        _ => None,
    };
    render(
        &state,
        &caller,
        &current.plan,
        &FormData::default(),
        Vec::new(),
        notice,
    )
    .await
}

async fn submit(State(state): State<AppState>, f: MemberForm) -> PageResult<Response> {
    let caller = f.caller;
    let form = f.form;
    let current = match gate(&state, &caller).await? {
        Gate::Ready(c) => c,
        Gate::Stop(p) => return Ok(p.into_response()),
        _ => return Ok(Redirect::to("/plan").into_response()),
    };
    let plan = &current.plan;
    let mut errors: Vec<(String, String)> = Vec::new();
    let mut scale = |k: &str, max: i64, required: bool, msg: &str| match form.int(k, 0, max) {
        Ok(Some(v)) => Some(v),
        Ok(None) if !required => None,
        _ => {
            errors.push((k.to_string(), msg.to_string()));
            None
        }
    };
    let pain = scale(
        "pain",
        10,
        true,
        "Choose how much it hurts today, from 0 to 10.",
    );
    let stiffness = scale(
        "stiffness",
        10,
        true,
        "Choose how stiff you feel, from 0 to 10.",
    );
    let goals: Vec<GoalInput> = plan
        .basis
        .goals
        .iter()
        .enumerate()
        .filter_map(|(i, g)| {
            scale(
                &format!("goal_{i}"),
                10,
                false,
                "Choose a rating from 0 to 10.",
            )
            .map(|v| GoalInput {
                activity: g.activity.clone(),
                ability: v,
            })
        })
        .collect();
    let exp_fear = scale("exp_fear", 100, false, "Choose a rating from 0 to 100.");
    let mut flags = Vec::new();
    for v in form.all("new_red_flags") {
        match RedFlag::ALL.iter().find(|f| f.as_str() == v) {
            Some(f) => flags.push(*f),
            None => errors.push((
                "new_red_flags".into(),
                "Choose from the signs listed.".into(),
            )),
        }
    }
    let exposure = match (form.get("exp_done"), exp_fear) {
        (Some(d @ ("yes" | "no")), Some(fear)) => plan
            .exposure_ladder
            .iter()
            .find(|s| s.current)
            .map(|s| ExposureReport {
                step: i64::from(s.step),
                done: d == "yes",
                fear,
            }),
        (Some("yes" | "no"), None) => {
            errors.push((
                "exp_fear".into(),
                "Rate how harmful it feels now, or leave the step question unanswered.".into(),
            ));
            None
        }
        _ => None,
    };
    let settle = match form.get("settled") {
        Some("yes") => Some(true),
        Some("no") => Some(false),
        _ => None,
    };
    if !errors.is_empty() {
        return render(&state, &caller, plan, &form, errors, None).await;
    }
    let (Some(pain), Some(stiffness)) = (pain, stiffness) else {
        return render(&state, &caller, plan, &form, errors, None).await;
    };
    if let (Some(s), Some(date)) = (settle, form.text("settle_date")) {
        record_settle(&state, &caller, date, s).await?;
    }
    flags.sort();
    flags.dedup();
    let entry = LogEntryInput::Checkin(CheckinInput {
        date: state.app.today_for(&caller.account).to_string(),
        pain,
        stiffness,
        new_red_flags: flags,
        goals,
        exposure,
    });
    match state.app.log(caller.actor(), entry).await {
        Ok(gradus_app::log::Logged { pause: Some(p), .. }) => {
            Ok(StopPage::paused(&caller, &p).into_response())
        }
        Ok(_) => Ok(Redirect::to("/progress?saved=checkin").into_response()),
        Err(gradus_app::AppError::Invalid(errs)) => {
            let errs = errs
                .into_iter()
                .map(|e| {
                    (
                        e.path.split('.').next().unwrap_or("").to_string(),
                        e.message,
                    )
                })
                .collect();
            render(&state, &caller, plan, &form, errs, None).await
        }
        Err(e) => Err(ApiError::from(e).into()),
    }
}
