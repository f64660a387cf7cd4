//! Progress: pain trend, sessions per day, exercise levels per plan version, goal ratings, and
//! the latest review in plain words ("Review my progress" runs `App::review`, as the API does).

use gradus_store::Timestamp;
use std::collections::{BTreeMap, BTreeSet};

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use gradus_core::day::Day;
use gradus_core::log::{Log, LogEntryInput};
use gradus_core::plan::Plan;
use gradus_core::review::{Decision, Review};
use serde::Deserialize;

use super::charts;
use super::gate::log_entries;
use super::labels::day_label;
use super::{Layout, Member, MemberForm, PageError, PageResult};
use crate::error::ApiError;
use crate::state::AppState;
use gradus_app::AppError;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/progress", get(progress))
        .route("/progress/review", post(review))
}

pub struct LevelChart {
    pub name: String,
    pub svg: String,
    pub now: String,
}

pub struct ReviewView {
    pub headline: &'static str,
    pub explain: &'static str,
    pub stop: bool,
    pub reasons: Vec<String>,
    pub changes: Vec<String>,
    pub figures: Vec<(String, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "progress.html")]
struct ProgressPage {
    layout: Layout,
    csrf: String,
    notice: Option<&'static str>,
    has_plan: bool,
    pain_svg: Option<String>,
    pain_rows: Vec<(String, String, String)>,
    adherence_svg: String,
    sessions_total: usize,
    level_charts: Vec<LevelChart>,
    goals_svg: Option<String>,
    goal_legend: Vec<(String, String)>,
    goal_rows: Vec<(String, String, String)>,
    goals_due: Option<String>,
    measures: Vec<super::outcomes::MeasureRow>,
    review: Option<ReviewView>,
}

#[derive(Debug, Deserialize)]
struct ProgressQuery {
    saved: Option<String>,
}

fn fmt1(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// Sessions per day; a corrected copy of a session (the next morning's "did it settle?") is the
/// same session, so entries with the same date, items and pains count once.
fn session_counts(entries: &[(LogEntryInput, Timestamp)]) -> BTreeMap<Day, u32> {
    let mut seen = BTreeSet::new();
    let mut counts = BTreeMap::new();
    for (e, _) in entries {
        if let LogEntryInput::Session(s) = e
            && let Ok(d) = Day::parse(&s.date)
        {
            let key = (
                s.date.clone(),
                s.items
                    .iter()
                    .map(|i| i.exercise.clone())
                    .collect::<Vec<_>>(),
                s.pain_before,
                s.pain_during,
                s.pain_after,
            );
            if seen.insert(key) {
                *counts.entry(d).or_insert(0) += 1;
            }
        }
    }
    counts
}

fn review_view(r: &Review) -> ReviewView {
    let (headline, explain) = match r.decision {
        Decision::Progress => (
            "Step up: your plan moves on",
            "Your sessions went well and your pain is steady or falling, so the next step is a little more.",
        ),
        Decision::Hold => (
            "Hold: keep going at the same level",
            "Stay with your current plan for now. The reasons below say what would unlock the next step.",
        ),
        Decision::EaseBack => (
            "Ease back a little",
            "Your plan lowers the dose for a while. Keep moving gently: this is not a step back.",
        ),
        Decision::Escalate => (
            "Please talk to your care team or a doctor",
            "Things are not improving as hoped. Keep your plan going meanwhile, and get it looked at together.",
        ),
        Decision::Stop => (
            "Stop the plan and get checked",
            "A new warning sign was reported. Stop the exercises and follow the advice below.",
        ),
    };
    let f = &r.figures;
    let mut figures = vec![
        (
            "Sessions in the last week".to_string(),
            format!("{} of {} planned", f.sessions_done, f.sessions_planned),
        ),
        (
            "Sessions that went well".to_string(),
            format!("{}", f.tolerated_sessions),
        ),
    ];
    if let Some(m) = f.pain_mean {
        figures.push(("Mean pain this week".into(), format!("{}/10", fmt1(m))));
    }
    if let Some(m) = f.pain_mean_previous {
        figures.push((
            "Mean pain the week before".into(),
            format!("{}/10", fmt1(m)),
        ));
    }
    figures.push((
        "Pain when the plan started".into(),
        format!("{}/10", fmt1(f.baseline_pain)),
    ));
    ReviewView {
        headline,
        explain,
        stop: r.decision == Decision::Stop,
        reasons: r.reasons.iter().map(|x| x.detail.clone()).collect(),
        changes: r
            .plan
            .as_ref()
            .map(|p| p.changes.iter().map(|c| c.text.clone()).collect())
            .unwrap_or_default(),
        figures,
    }
}

async fn progress(
    State(state): State<AppState>,
    Member(caller): Member,
    Query(q): Query<ProgressQuery>,
) -> PageResult<Response> {
    let member = &caller.account.id;
    let entries = log_entries(&state, &caller).await?;
    let today = state.app.today_for(&caller.account);
    let inputs: Vec<LogEntryInput> = entries.iter().map(|(e, _)| e.clone()).collect();
    // Every stored entry was checked when it was logged; one that no longer checks is a broken
    // record, reported rather than charted as an empty log.
    let log = Log::parse(&inputs).map_err(|e| {
        ApiError::Internal(format!(
            "stored log no longer checks: {} problems",
            e.0.len()
        ))
    })?;

    // Pain: the last four weeks, or since the first entry.
    let from = log
        .first_day()
        .map_or(today.plus(-6), |f| f.max(today.plus(-27)))
        .min(today.plus(-6));
    let points = gradus_core::review::trend::daily_pain(&log, from, today);
    let means = charts::rolling_mean(&points);
    let pain_rows = points
        .iter()
        .zip(means.iter())
        .map(|((d, v), (_, m))| (day_label(*d), fmt1(*v), fmt1(*m)))
        .collect();
    let pain_svg = (!points.is_empty()).then(|| charts::pain_trend(&points, from, today));

    let counts = session_counts(&entries);
    let sessions_total = counts.values().sum::<u32>() as usize;
    let adherence_svg = charts::adherence(&counts, today, 4);

    // Levels per plan version, for the current plan line.
    let line: Vec<(i64, Plan, Timestamp)> = state
        .app
        .plan_line(caller.actor(), member)
        .await
        .map_err(ApiError::from)?
        .into_iter()
        .map(|(v, p)| (v.version, p, v.created_at))
        .collect();
    let has_plan = !line.is_empty();
    let last_version = line.iter().map(|(v, _, _)| *v).max().unwrap_or(1);
    // exercise id → (name, top level, [(version, level)])
    type Levels = (String, u8, Vec<(i64, u8)>);
    let mut per_ex: BTreeMap<String, Levels> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for (v, p, _) in &line {
        for it in p.items() {
            let e = per_ex.entry(it.exercise.clone()).or_insert_with(|| {
                order.push(it.exercise.clone());
                (it.name.clone(), it.top_level, Vec::new())
            });
            e.1 = it.top_level;
            if !e.2.iter().any(|(x, _)| x == v) {
                e.2.push((*v, it.level));
            }
        }
    }
    let level_charts = order
        .iter()
        .filter_map(|id| per_ex.get(id).map(|e| (id, e)))
        .map(|(id, (name, top, pts))| LevelChart {
            name: name.clone(),
            svg: charts::levels(id, name, pts, *top, last_version),
            now: pts
                .last()
                .map(|(v, l)| {
                    if *v == last_version {
                        format!("level {l} of {top} now")
                    } else {
                        format!("not in the current version (last at level {l})")
                    }
                })
                .unwrap_or_default(),
        })
        .collect();

    // When the goals are next to be rated: two weeks after the intake or the last rating.
    let versions: Vec<(i64, Timestamp)> = line.iter().map(|(v, _, at)| (*v, *at)).collect();
    let intake_day =
        super::outcomes::line_start(&versions, |at| state.app.day_for(&caller.account, at));
    let last_rating = super::outcomes::last_goal_rating(inputs.iter());
    let goals_due = intake_day
        .filter(|_| line.iter().any(|(_, p, _)| !p.basis.goals.is_empty()))
        .map(|d| super::outcomes::goals_due(d, last_rating, today));
    let measures = super::outcomes::measure_rows(&log);

    // Goals: the intake's ratings, then any re-ratings at check-ins.
    let mut series: Vec<(String, Vec<(Day, f64)>)> = Vec::new();
    // How many leading points of each series are the intake's: a check-in on the same day as
    // the intake adds a point rather than replacing the starting rating.
    let mut from_intake: Vec<usize> = Vec::new();
    if let Some((_, first, created)) = line.iter().find(|(v, _, _)| *v == 1).or(line.first()) {
        for g in &first.basis.goals {
            series.push((
                g.activity.clone(),
                vec![(
                    state.app.day_for(&caller.account, *created),
                    g.ability as f64,
                )],
            ));
            from_intake.push(1);
        }
    }
    for c in inputs.iter().filter_map(|e| match e {
        LogEntryInput::Checkin(c) => Some(c),
        _ => None,
    }) {
        let Ok(d) = Day::parse(&c.date) else { continue };
        for g in &c.goals {
            let key = g.activity.trim().to_string();
            match series
                .iter()
                .position(|(a, _)| a.eq_ignore_ascii_case(&key))
            {
                Some(i) => {
                    let keep = from_intake.get(i).copied().unwrap_or(0);
                    let pts = &mut series[i].1;
                    let mut k = 0;
                    pts.retain(|(x, _)| {
                        k += 1;
                        k <= keep || *x != d
                    });
                    pts.push((d, g.ability as f64));
                    pts.sort_by_key(|(x, _)| *x);
                }
                None if series.len() < 6 => {
                    series.push((key, vec![(d, g.ability as f64)]));
                    from_intake.push(0);
                }
                None => {}
            }
        }
    }
    let goal_rows = series
        .iter()
        .flat_map(|(name, pts)| {
            pts.iter()
                .map(move |(d, v)| (name.clone(), day_label(*d), fmt1(*v)))
        })
        .collect();
    let goals_svg = (!series.is_empty()).then(|| {
        let first = series
            .iter()
            .flat_map(|(_, p)| p.iter().map(|(d, _)| *d))
            .min()
            .unwrap_or(today);
        let g_from = first.min(today.plus(-6));
        charts::goals(&series, g_from, today)
    });
    let goal_legend = series
        .iter()
        .enumerate()
        .map(|(i, (n, _))| (charts::swatch(i), n.clone()))
        .collect();

    // The latest review.
    let review = state
        .app
        .latest_review(caller.actor(), member)
        .await
        .map_err(ApiError::from)?
        .map(|r| review_view(&r));

    Ok(ProgressPage {
        layout: Layout::member("Progress", &caller, "progress"),
        csrf: caller.csrf.clone(),
        notice: match q.saved.as_deref() {
            Some("checkin") => Some("Check-in saved. Thank you."),
            Some("review") => Some("Your progress has been reviewed: see the result below."),
            _ => None,
        },
        has_plan,
        pain_svg,
        pain_rows,
        adherence_svg,
        sessions_total,
        level_charts,
        goals_svg,
        goal_legend,
        goal_rows,
        goals_due,
        measures,
        review,
    }
    .into_response())
}

async fn review(State(state): State<AppState>, f: MemberForm) -> PageResult<Response> {
    let caller = &f.caller;
    match state
        .app
        .review(caller.actor(), &caller.account.id, None)
        .await
    {
        Ok(_) => Ok(Redirect::to("/progress?saved=review#review").into_response()),
        Err(AppError::NotFound) => Ok(Redirect::to("/plan").into_response()),
        Err(AppError::Invalid(_)) => Err(PageError::Status(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            "Not enough to review yet",
            "Log a session or a check-in first, then review your progress.".into(),
        )),
        Err(e) => Err(ApiError::from(e).into()),
    }
}
