//! The safety gate as the pages show it. Every page that could show exercises (plan, session
//! player, check-in, calendar, result) asks [`gate`], which asks the application's one decision
//! (`App::plan_view`, built on `gradus_core::gate`) and turns the answer into a page: the stop
//! screen for an emergency or urgent triage and for a new warning sign, a waiting message for a
//! draft, or the plan.

use askama::Template;
use askama_web::WebTemplate;
use gradus_app::PlanView;
use gradus_app::log::DateRange;
use gradus_core::Assessment;
use gradus_core::gate::{Pause, PlanStatus};
use gradus_core::log::LogEntryInput;
use gradus_core::plan::Plan;
use gradus_core::triage::Reason;
use gradus_core::vocab::TriageLevel;
use gradus_store::Timestamp;

use super::labels;
use super::{Layout, PageResult};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;

/// One reason on the stop screen.
#[derive(Debug, Clone)]
pub struct StopReason {
    pub title: String,
    pub advice: String,
    pub source: String,
}

impl StopReason {
    pub fn of(r: &Reason) -> StopReason {
        StopReason {
            title: labels::reason_title(r.code).to_string(),
            advice: r.advice.clone(),
            source: r.source.clone(),
        }
    }
}

/// The stop screen: what to do, how soon, why.
#[derive(Template, WebTemplate)]
#[template(path = "stop.html")]
pub struct StopPage {
    pub layout: Layout,
    pub emergency: bool,
    pub intro: String,
    pub reasons: Vec<StopReason>,
}

const PAUSED: &str = "You reported a new warning sign. Stop your exercise plan for now and follow the advice below. Your plan stays paused until you have been checked and have answered the questions again.";

impl StopPage {
    pub fn new(
        caller: &Caller,
        level: TriageLevel,
        intro: &str,
        reasons: Vec<StopReason>,
    ) -> StopPage {
        let emergency = level == TriageLevel::Emergency;
        StopPage {
            layout: Layout::member(
                if emergency {
                    "Get emergency care now"
                } else {
                    "See a doctor before you exercise"
                },
                caller,
                "plan",
            ),
            emergency,
            intro: intro.to_string(),
            reasons,
        }
    }

    /// The stop screen for a new warning sign (the gate's pause).
    pub fn paused(caller: &Caller, pause: &Pause) -> StopPage {
        StopPage::new(
            caller,
            pause.level,
            PAUSED,
            pause.reasons.iter().map(StopReason::of).collect(),
        )
    }

    /// The stop screen for an intake whose triage was emergency or urgent.
    pub fn triage(caller: &Caller, a: &Assessment) -> StopPage {
        StopPage::new(
            caller,
            a.triage.level,
            if a.triage.level == TriageLevel::Emergency {
                "Something you told us needs urgent medical care. That comes before any exercise, so there is no exercise plan for now."
            } else {
                "Something you told us needs a doctor to check it before you exercise. There is no exercise plan until then."
            },
            a.triage
                .reasons
                .iter()
                .filter(|r| r.level.blocks_plan())
                .map(StopReason::of)
                .collect(),
        )
    }
}

/// The current plan as the pages use it.
pub struct Current {
    pub plan: Plan,
    pub version: i64,
    pub assessment: Assessment,
}

/// What a member may see now.
pub enum Gate {
    /// No intake yet.
    NoIntake,
    /// Emergency, urgent or a new warning sign: the stop screen, no plan.
    Stop(Box<StopPage>),
    /// A plan drafted for a clinician to approve.
    Waiting(Box<Assessment>),
    Ready(Box<Current>),
}

pub async fn gate(state: &AppState, caller: &Caller) -> PageResult<Gate> {
    let actor = caller.actor();
    let member = &caller.account.id;
    match state
        .app
        .plan_view(actor, member)
        .await
        .map_err(ApiError::from)?
    {
        PlanView::NoIntake => Ok(Gate::NoIntake),
        PlanView::Stopped(a) => Ok(Gate::Stop(Box::new(StopPage::triage(caller, &a)))),
        PlanView::Plan {
            status: PlanStatus::Paused(p),
            ..
        } => Ok(Gate::Stop(Box::new(StopPage::paused(caller, &p)))),
        PlanView::Plan { version, status } => {
            let assessment = state
                .app
                .assessment(actor, member)
                .await
                .map_err(ApiError::from)?;
            if status == PlanStatus::AwaitingApproval {
                return Ok(Gate::Waiting(Box::new(assessment)));
            }
            let plan = state
                .app
                .parse_plan(actor, member, &version)
                .await
                .map_err(ApiError::from)?;
            Ok(Gate::Ready(Box::new(Current {
                plan,
                version: version.version,
                assessment,
            })))
        }
    }
}

/// The member's log, parsed, with each row's storage time (an audited read).
pub async fn log_entries(
    state: &AppState,
    caller: &Caller,
) -> PageResult<Vec<(LogEntryInput, Timestamp)>> {
    let entries = state
        .app
        .read_log(caller.actor(), &caller.account.id, DateRange::default())
        .await
        .map_err(ApiError::from)?;
    Ok(entries
        .into_iter()
        .map(|e| (e.entry, e.stored_at))
        .collect())
}
