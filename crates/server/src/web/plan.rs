//! The triage result, the plan, the stop screen and the calendar subscription.
//!
//! [`gate`] decides, for every page that could show exercises, whether there is a plan to show:
//! no plan when the latest intake's triage was emergency or urgent, a waiting message when the
//! plan needs a clinician's approval, and the stop screen when a check-in after the current plan
//! reported a new warning sign (the plan is paused until the person is assessed again).

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use gradus_core::Assessment;
use gradus_core::day::Day;
use gradus_core::log::{LogEntryInput, SessionInput};
use gradus_core::plan::{Item, LadderStep, Plan};
use gradus_core::vocab::TriageLevel;
use serde::Deserialize;
use serde_json::Value;

use super::labels;
use super::{Layout, Member, PageError, PageResult};
use crate::auth::Caller;
use crate::clock::{now_ms, today};
use crate::error::ApiError;
use crate::routes::audit_read;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/result", get(result))
        .route("/plan", get(plan_page))
        .route("/plan.ics", get(ics))
}

/// One reason on the stop screen.
#[derive(Debug, Clone)]
pub struct StopReason {
    pub title: String,
    pub advice: String,
    pub source: String,
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

    /// The stop screen for a check-in's warning sign, from the alert `add_log` returned.
    pub fn from_alert(caller: &Caller, alert: &Value) -> StopPage {
        let reasons: Vec<&Value> = alert["reasons"]
            .as_array()
            .map(|a| a.iter().collect())
            .unwrap_or_default();
        let emergency = reasons.iter().any(|r| r["level"] == "emergency");
        StopPage::new(
            caller,
            if emergency {
                TriageLevel::Emergency
            } else {
                TriageLevel::Urgent
            },
            "You reported a new warning sign. Stop your exercise plan for now and follow the advice below. Your plan stays paused until you have been checked and have answered the questions again.",
            reasons
                .iter()
                .map(|r| StopReason {
                    title: labels::reason_title(r["code"].as_str().unwrap_or("")),
                    advice: r["advice"].as_str().unwrap_or("").to_string(),
                    source: String::new(),
                })
                .collect(),
        )
    }
}

/// The current plan as the pages use it.
pub struct Current {
    pub plan: Plan,
    pub version: i64,
    pub created_at: i64,
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

/// The member's log, parsed, with each row's storage time.
pub async fn log_entries(state: &AppState, member: &str) -> PageResult<Vec<(LogEntryInput, i64)>> {
    let rows = state
        .store
        .log(member, None, None)
        .await
        .map_err(ApiError::from)?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            serde_json::from_str::<LogEntryInput>(&r.body)
                .ok()
                .map(|e| (e, r.created_at))
        })
        .collect())
}

pub async fn gate(state: &AppState, caller: &Caller) -> PageResult<Gate> {
    let member = &caller.account.id;
    let Some(text) = state
        .store
        .latest_assessment(member)
        .await
        .map_err(ApiError::from)?
    else {
        return Ok(Gate::NoIntake);
    };
    let assessment: Assessment = serde_json::from_str(&text)
        .map_err(|_| ApiError::Internal("stored assessment unreadable".to_string()))?;
    if assessment.triage.level.blocks_plan() {
        let reasons = assessment
            .triage
            .reasons
            .iter()
            .filter(|r| r.level.blocks_plan())
            .map(|r| StopReason {
                title: labels::reason_title(&r.code),
                advice: r.advice.clone(),
                source: r.source.clone(),
            })
            .collect();
        return Ok(Gate::Stop(Box::new(StopPage::new(
            caller,
            assessment.triage.level,
            if assessment.triage.level == TriageLevel::Emergency {
                "Something you told us needs urgent medical care. That comes before any exercise, so there is no exercise plan for now."
            } else {
                "Something you told us needs a doctor to check it before you exercise. There is no exercise plan until then."
            },
            reasons,
        ))));
    }
    let Some(pv) = state
        .store
        .current_plan(member)
        .await
        .map_err(ApiError::from)?
    else {
        return Ok(Gate::NoIntake);
    };
    let plan: Plan = serde_json::from_str(&pv.body)
        .map_err(|_| ApiError::Internal("stored plan unreadable".to_string()))?;
    // A warning sign reported after this plan was made pauses it.
    let flagged: Vec<String> = log_entries(state, member)
        .await?
        .into_iter()
        .filter(|(_, at)| *at >= pv.created_at)
        .filter_map(|(e, _)| match e {
            LogEntryInput::Checkin(c) if !c.new_red_flags.is_empty() => Some(c.new_red_flags),
            _ => None,
        })
        .flatten()
        .map(|f| f.as_str().to_string())
        .collect();
    if !flagged.is_empty() {
        let intake = gradus_core::Intake::parse(&plan.basis).ok();
        let mut level = TriageLevel::Urgent;
        let mut reasons: Vec<StopReason> = Vec::new();
        for code in &flagged {
            let rule = gradus_core::vocab::RedFlag::ALL
                .iter()
                .find(|f| f.as_str() == code)
                .zip(intake.as_ref())
                .and_then(|(f, i)| gradus_core::triage::flag_rule(*f, i, &state.settings));
            if rule
                .as_ref()
                .is_some_and(|r| r.level == TriageLevel::Emergency)
            {
                level = TriageLevel::Emergency;
            }
            if reasons
                .iter()
                .any(|r| r.title == labels::reason_title(code))
            {
                continue;
            }
            reasons.push(StopReason {
                title: labels::reason_title(code),
                advice: rule.as_ref().map(|r| r.advice.clone()).unwrap_or_else(|| {
                    "Stop the exercise plan and get this warning sign checked by a doctor.".into()
                }),
                source: rule.map(|r| r.source).unwrap_or_default(),
            });
        }
        return Ok(Gate::Stop(Box::new(StopPage::new(
            caller,
            level,
            "You reported a new warning sign in a check-in. Your plan is paused: follow the advice below, and answer the questions again once a doctor has seen you.",
            reasons,
        ))));
    }
    if plan.requires_clinician_approval {
        return Ok(Gate::Waiting(Box::new(assessment)));
    }
    Ok(Gate::Ready(Box::new(Current {
        plan,
        version: pv.version,
        created_at: pv.created_at,
        assessment,
    })))
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
pub fn pending_settle(entries: &[(LogEntryInput, i64)], today: &str) -> Option<SessionInput> {
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
        .find(|s| Day::parse(&s.date).is_ok_and(|d| d < today_d && today_d.since(d) <= 7))?;
    let answered = sessions
        .iter()
        .any(|s| s.date == latest.date && s.settled_by_next_morning.is_some());
    (!answered).then(|| (*latest).clone())
}

pub fn settle_ask(
    entries: &[(LogEntryInput, i64)],
    caller: &Caller,
    back: &'static str,
) -> Option<SettleAsk> {
    pending_settle(entries, &today()).map(|s| SettleAsk {
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
            title: labels::reason_title(&r.code),
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
    audit_read(&state, &caller, "read plan", &caller.account.id);
    let plan = &current.plan;
    let entries = log_entries(&state, &caller.account.id).await?;
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
        settle: settle_ask(&entries, &caller, "plan"),
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

/// Which weekdays a plan's session falls on, spread out with rest days between.
pub fn byday(days_per_week: u8) -> &'static [&'static str] {
    match days_per_week {
        0 | 1 => &["WE"],
        2 => &["TU", "FR"],
        3 => &["MO", "WE", "FR"],
        4 => &["MO", "TU", "TH", "SA"],
        5 => &["MO", "TU", "WE", "FR", "SA"],
        6 => &["MO", "TU", "WE", "TH", "FR", "SA"],
        _ => &["MO", "TU", "WE", "TH", "FR", "SA", "SU"],
    }
}

/// RFC 5545 text escaping.
fn ics_text(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace('\n', "\\n")
}

/// Folds a content line at 75 octets (RFC 5545 §3.1) and ends it with CRLF.
fn fold(line: &str, out: &mut String) {
    let mut len = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if len + n > 75 {
            out.push_str("\r\n ");
            len = 1;
        }
        out.push(c);
        len += n;
    }
    out.push_str("\r\n");
}

/// The plan as a weekly calendar: one repeating event per session.
pub fn calendar(plan: &Plan, uid_base: &str, today: Day, now_ms: i64) -> String {
    let stamp = {
        let day = Day::from_unix_days(now_ms.div_euclid(86_400_000));
        let secs = now_ms.rem_euclid(86_400_000) / 1000;
        format!(
            "{}T{:02}{:02}{:02}Z",
            day.to_string().replace('-', ""),
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        )
    };
    let mut out = String::new();
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Gradus//Exercise plan//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Gradus exercise plan",
    ] {
        fold(l, &mut out);
    }
    let codes = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
    for (i, s) in plan.sessions.iter().enumerate() {
        let days = byday(s.days_per_week);
        // The first day from today that is one of the session's weekdays.
        let start = (0..7)
            .map(|k| today.plus(k))
            .find(|d| days.contains(&codes[labels::weekday(*d)]))
            .unwrap_or(today);
        let description = s
            .items
            .iter()
            .map(|it| format!("- {}: {}", it.name, dose(it)))
            .collect::<Vec<_>>()
            .join("\n");
        fold("BEGIN:VEVENT", &mut out);
        fold(
            &format!("UID:{uid_base}-v{}-s{i}@gradus", plan.version),
            &mut out,
        );
        fold(&format!("DTSTAMP:{stamp}"), &mut out);
        fold(
            &format!("DTSTART:{}T180000", start.to_string().replace('-', "")),
            &mut out,
        );
        fold(&format!("DURATION:PT{}M", s.minutes.max(5)), &mut out);
        fold(
            &format!("RRULE:FREQ=WEEKLY;BYDAY={}", days.join(",")),
            &mut out,
        );
        fold(
            &format!("SUMMARY:{}", ics_text(&format!("Gradus: {}", s.name))),
            &mut out,
        );
        fold(
            &format!(
                "DESCRIPTION:{}",
                ics_text(&format!(
                    "{description}\nOpen Gradus to start the guided session."
                ))
            ),
            &mut out,
        );
        fold("BEGIN:VALARM", &mut out);
        fold("ACTION:DISPLAY", &mut out);
        fold(&format!("DESCRIPTION:{}", ics_text(&s.name)), &mut out);
        fold("TRIGGER:-PT10M", &mut out);
        fold("END:VALARM", &mut out);
        fold("END:VEVENT", &mut out);
    }
    fold("END:VCALENDAR", &mut out);
    out
}

async fn ics(State(state): State<AppState>, Member(caller): Member) -> PageResult<Response> {
    let current = match gate(&state, &caller).await? {
        Gate::Ready(c) => c,
        _ => return Err(PageError::not_found()),
    };
    audit_read(&state, &caller, "read plan", &caller.account.id);
    let today = Day::parse(&today()).map_err(|e| PageError::from(ApiError::Internal(e)))?;
    let body = calendar(&current.plan, &caller.account.id, today, now_ms());
    let _ = current.created_at;
    Ok((
        StatusCode::OK,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/calendar; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"gradus-plan.ics\""),
            ),
        ],
        body,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets() {
        let mut out = String::new();
        let line = format!("DESCRIPTION:{}", "é".repeat(100));
        fold(&line, &mut out);
        for l in out.split("\r\n") {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        assert_eq!(out.replace("\r\n ", ""), format!("{line}\r\n"));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(ics_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn days_spread_over_the_week() {
        for n in 1..=7u8 {
            assert_eq!(byday(n).len(), n as usize);
        }
    }
}
