//! The triage result, the plan and the calendar subscription. Whether there is a plan to show
//! at all is the gate's to say ([`super::gate`]).

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};
use gradus_store::Timestamp;

use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use gradus_core::Assessment;
use gradus_core::day::Day;
use gradus_core::log::{LogEntryInput, SessionInput, may_backdate};
use gradus_core::plan::{Item, LadderStep, Plan};
use gradus_core::vocab::TriageLevel;
use serde::Deserialize;

use super::gate::{Gate, StopReason, gate, log_entries};
use super::labels;
use super::{Layout, Member, PageResult};
use crate::auth::Caller;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/result", get(result))
        .route("/plan", get(plan_page))
        .route("/plan.ics", get(super::calendar::ics))
}

/// The dose of an item in words: "1 set of 6", "3 holds of 20 seconds", "10 minutes".
pub fn dose(item: &Item) -> String {
    let sets = if item.sets == 1 {
        "1 set".to_string()
    } else {
        format!("{} sets", item.sets)
    };
    let mut out = match (item.reps, item.hold_seconds, item.minutes) {
        (_, _, Some(m)) if item.reps.is_none() && item.hold_seconds.is_none() => {
            format!("{m} minutes")
        }
        (Some(r), Some(h), _) => format!("{sets} of {r}, holding each for {h} seconds"),
        (None, Some(h), _) => format!("{sets}: hold for {h} seconds"),
        (Some(r), None, _) => format!("{sets} of {r}"),
        (None, None, Some(m)) => format!("{m} minutes"),
        (None, None, None) => sets,
    };
    if item.each_side {
        out.push_str(", on each side");
    }
    if let Some(t) = &item.tempo {
        out.push_str(&format!(" ({t})"));
    }
    if let Some(l) = &item.load {
        out.push_str(&format!("; load: {l}"));
    }
    out
}

/// One exercise card.
pub struct Card {
    pub index: usize,
    pub exercise: String,
    pub name: String,
    pub kind: &'static str,
    pub dose: String,
    pub each_side: bool,
    pub why: String,
    pub summary: String,
    pub steps: Vec<String>,
    pub cues: Vec<String>,
    pub feel: String,
    pub mistakes: Vec<String>,
    pub level: u8,
    pub top_level: u8,
    pub sets: u8,
    pub reps: u16,
    pub hold: u16,
    pub minutes: u16,
    pub seconds_per_rep: u16,
    pub easier: Option<Easier>,
}

/// The easier variant of an exercise, offered when it is too hard.
pub struct Easier {
    pub id: String,
    pub name: String,
    pub steps: Vec<String>,
}

pub fn card(state: &AppState, index: usize, item: &Item) -> Card {
    let ex = state.lib.exercise(&item.exercise);
    let easier = ex
        .and_then(|e| e.easier.as_deref())
        .and_then(|id| state.lib.exercise(id))
        .map(|e| Easier {
            id: e.id.clone(),
            name: e.name.clone(),
            steps: e.steps.clone(),
        });
    Card {
        index,
        exercise: item.exercise.clone(),
        name: item.name.clone(),
        kind: labels::kind(item.kind),
        dose: dose(item),
        each_side: item.each_side,
        why: item.why.clone(),
        summary: ex.map(|e| e.summary.clone()).unwrap_or_default(),
        steps: ex.map(|e| e.steps.clone()).unwrap_or_default(),
        cues: ex.map(|e| e.cues.clone()).unwrap_or_default(),
        feel: ex.map(|e| e.feel.clone()).unwrap_or_default(),
        mistakes: ex.map(|e| e.mistakes.clone()).unwrap_or_default(),
        level: item.level,
        top_level: item.top_level,
        sets: item.sets,
        reps: item.reps.unwrap_or(0),
        hold: item.hold_seconds.unwrap_or(0),
        minutes: item.minutes.unwrap_or(0),
        seconds_per_rep: ex.and_then(|e| e.seconds_per_rep).unwrap_or(0),
        easier,
    }
}

pub struct SessionView {
    pub index: usize,
    pub name: String,
    pub days_per_week: u8,
    pub minutes: u16,
    pub cards: Vec<Card>,
}

/// "Did it settle?" for the latest earlier session that has no answer yet.
pub struct SettleAsk {
    pub date: String,
    pub label: String,
    pub csrf: String,
    pub back: &'static str,
}

/// The latest session before today (within a week) with no settle answer in any of its entries.
pub fn pending_settle(entries: &[(LogEntryInput, Timestamp)], today: &str) -> Option<SessionInput> {
    let today_d = Day::parse(today).ok()?;
    let mut sessions: Vec<&SessionInput> = entries
        .iter()
        .filter_map(|(e, _)| match e {
            LogEntryInput::Session(s) => Some(s),
            _ => None,
        })
        .collect();
    sessions.sort_by(|a, b| a.date.cmp(&b.date));
    let latest = sessions
        .iter()
        .rev()
        .find(|s| Day::parse(&s.date).is_ok_and(|d| d < today_d && may_backdate(d, today_d)))?;
    let answered = sessions
        .iter()
        .any(|s| s.date == latest.date && s.settled_by_next_morning.is_some());
    (!answered).then(|| (*latest).clone())
}

pub fn settle_ask(
    state: &AppState,
    entries: &[(LogEntryInput, Timestamp)],
    caller: &Caller,
    back: &'static str,
) -> Option<SettleAsk> {
    let today = state.app.today_for(&caller.account).to_string();
    pending_settle(entries, &today).map(|s| SettleAsk {
        label: Day::parse(&s.date)
            .map(labels::day_label)
            .unwrap_or_else(|_| s.date.clone()),
        date: s.date,
        csrf: caller.csrf.clone(),
        back,
    })
}

/// One step of the exposure ladder, with the person's rating said once per activity.
pub struct Rung {
    pub step: u32,
    pub task: String,
    pub current: bool,
    pub note: Option<String>,
}

fn rungs(ladder: &[LadderStep]) -> Vec<Rung> {
    let mut seen: Vec<&str> = Vec::new();
    ladder
        .iter()
        .map(|l| {
            let first = !seen.contains(&l.activity.as_str());
            seen.push(&l.activity);
            Rung {
                step: l.step,
                task: l.task.clone(),
                current: l.current,
                note: first.then(|| {
                    format!(
                        "You rated “{}” {} out of 100 for how harmful it feels.",
                        l.activity, l.rating
                    )
                }),
            }
        })
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "plan.html")]
struct PlanPage {
    layout: Layout,
    version: i64,
    phase: &'static str,
    review_after_days: u16,
    see_doctor: Vec<StopReason>,
    why: Vec<String>,
    changes: Vec<String>,
    sessions: Vec<SessionView>,
    ladder: Vec<Rung>,
    lessons: Vec<(String, String, String)>,
    settle: Option<SettleAsk>,
    notice: Option<&'static str>,
}

#[derive(Template, WebTemplate)]
#[template(path = "waiting.html")]
struct WaitingPage {
    layout: Layout,
    reasons: Vec<StopReason>,
    lessons: Vec<(String, String, String)>,
}

#[derive(Debug, Deserialize)]
struct PlanQuery {
    saved: Option<String>,
}

fn lessons_for(state: &AppState, plan: Option<&Plan>) -> Vec<(String, String, String)> {
    match plan {
        Some(p) => p
            .advice
            .iter()
            .map(|a| match state.lib.lesson(&a.code) {
                Some(l) => (l.id.clone(), l.title.clone(), a.text.clone()),
                None => (String::new(), labels::humanize(&a.code), a.text.clone()),
            })
            .collect(),
        None => Vec::new(),
    }
}

fn reasons_of(a: &Assessment, level: TriageLevel) -> Vec<StopReason> {
    a.triage
        .reasons
        .iter()
        .filter(|r| r.level == level)
        .map(|r| StopReason {
            title: labels::reason_title(r.code).to_string(),
            advice: r.advice.clone(),
            source: r.source.clone(),
        })
        .collect()
}

async fn plan_page(
    State(state): State<AppState>,
    Member(caller): Member,
    Query(q): Query<PlanQuery>,
) -> PageResult<Response> {
    let current = match gate(&state, &caller).await? {
        Gate::NoIntake => return Ok(Redirect::to("/intake").into_response()),
        Gate::Stop(page) => return Ok(page.into_response()),
        Gate::Waiting(a) => {
            return Ok(WaitingPage {
                layout: Layout::member("Your plan is waiting for a clinician", &caller, "plan"),
                reasons: reasons_of(&a, TriageLevel::Supervised),
                lessons: lessons_for(&state, a.plan.as_ref()),
            }
            .into_response());
        }
        Gate::Ready(c) => c,
    };
    let plan = &current.plan;
    let entries = log_entries(&state, &caller).await?;
    let mut index = 0;
    let sessions = plan
        .sessions
        .iter()
        .enumerate()
        .map(|(si, s)| SessionView {
            index: si,
            name: s.name.clone(),
            days_per_week: s.days_per_week,
            minutes: s.minutes,
            cards: s
                .items
                .iter()
                .map(|it| {
                    index += 1;
                    card(&state, index, it)
                })
                .collect(),
        })
        .collect();
    let page = PlanPage {
        layout: Layout::member("My plan", &caller, "plan"),
        version: current.version,
        phase: labels::phase(plan.phase),
        review_after_days: plan.review_after_days,
        see_doctor: reasons_of(&current.assessment, TriageLevel::Review),
        why: plan.why.clone(),
        changes: plan.changes.iter().map(|c| c.text.clone()).collect(),
        sessions,
        ladder: rungs(&plan.exposure_ladder),
        lessons: lessons_for(&state, Some(plan)),
        settle: settle_ask(&state, &entries, &caller, "plan"),
        notice: match q.saved.as_deref() {
            Some("checkin") => Some("Check-in saved. Thank you."),
            Some("settle") => Some("Thank you: your answer is saved."),
            _ => None,
        },
    };
    Ok(page.into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "result.html")]
struct ResultPage {
    layout: Layout,
    level: &'static str,
    reasons: Vec<StopReason>,
}

async fn result(State(state): State<AppState>, Member(caller): Member) -> PageResult<Response> {
    match gate(&state, &caller).await? {
        Gate::NoIntake => Ok(Redirect::to("/intake").into_response()),
        Gate::Stop(page) => Ok(page.into_response()),
        Gate::Waiting(a) => Ok(ResultPage {
            layout: Layout::member("Your plan is waiting for a clinician", &caller, "plan"),
            level: "supervised",
            reasons: reasons_of(&a, TriageLevel::Supervised),
        }
        .into_response()),
        Gate::Ready(c) => {
            let review = reasons_of(&c.assessment, TriageLevel::Review);
            Ok(ResultPage {
                layout: Layout::member("Your plan is ready", &caller, "plan"),
                level: if review.is_empty() { "clear" } else { "review" },
                reasons: review,
            }
            .into_response())
        }
    }
}

// ---- iCalendar ----
