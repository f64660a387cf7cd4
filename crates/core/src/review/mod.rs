//! Review: reading the log against the plan, and deciding the next step.
//!
//! The order of the rules is the order of their seriousness. A new warning sign stops the plan and
//! sends the person back through triage. A worsening trend over weeks, or no meaningful change
//! after a set number of weeks, escalates to the care team. A flare or a session that went too far
//! eases the dose back, never to nothing. Progress must be earned: enough of the planned sessions
//! done, every recent session tolerated, and a stable or falling trend; then each exercise moves
//! one step. Anything else holds, saying what would unlock progress. Every threshold is a setting
//! with its source (pain-monitoring model, Silbernagel 2007; graded activity, Lindström 1992;
//! meaningful change, Ostelo 2008).

pub mod adjust;
pub mod trend;

use serde::{Deserialize, Serialize};

use crate::day::Day;
use crate::error::{FieldError, InputErrors};
use crate::gate::{self, Pause};
use crate::intake::Intake;
use crate::library::Library;
use crate::log::{Log, LogEntryInput};
use crate::plan::Plan;
use crate::settings::Settings;
use crate::vocab::{Phase, ReviewCode};

pub use trend::Figures;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Progress,
    Hold,
    EaseBack,
    Escalate,
    Stop,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReviewReason {
    pub code: ReviewCode,
    /// The figures from the log behind it.
    pub detail: String,
}

/// Contract §4.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Review {
    pub decision: Decision,
    pub reasons: Vec<ReviewReason>,
    /// The next plan; None for stop.
    pub plan: Option<Plan>,
    pub figures: Figures,
}

/// Fewer exercise days than this a week are too few to build a plan on: hold and ask for more.
const MIN_DAYS_TO_REFIT: u8 = 2;

fn reason(code: ReviewCode, detail: String) -> ReviewReason {
    ReviewReason { code, detail }
}

/// Checks the log and reviews. `today` defaults to the last log entry's date.
///
/// A plan and a log alone do not say which entries came after the intake, so this contract
/// entry point (the CLI's) takes every check-in dated on or after the day the plan was issued as
/// new. The server knows the log's order and uses [`review_since_intake`].
pub fn review(
    plan: &Plan,
    entries: &[LogEntryInput],
    today: Option<&str>,
    lib: &Library,
    s: &Settings,
) -> Result<Review, InputErrors> {
    let (log, intake, today) = prepare(plan, entries, today)?;
    let issued = plan.issued_on.as_deref().and_then(|d| Day::parse(d).ok());
    let dated_new = entries.iter().filter(|e| match e {
        LogEntryInput::Checkin(c) => {
            Day::parse(&c.date).is_ok_and(|d| d <= today && issued.is_none_or(|i| d >= i))
        }
        LogEntryInput::Session(_) | LogEntryInput::Measure(_) => false,
    });
    let signs = gate::new_signs(dated_new, &intake, s);
    Ok(with_notes(
        review_log(plan, &log, &intake, today, signs.pause.as_ref(), lib, s),
        &signs.notes,
    ))
}

/// Reviews with the safety gate keyed by the log's order: `since_intake` holds the entries
/// stored after the intake the plan line was built from (see [`crate::gate`]).
pub fn review_since_intake(
    plan: &Plan,
    entries: &[LogEntryInput],
    since_intake: &[LogEntryInput],
    today: Option<&str>,
    lib: &Library,
    s: &Settings,
) -> Result<Review, InputErrors> {
    let (log, intake, today) = prepare(plan, entries, today)?;
    let signs = gate::new_signs(since_intake, &intake, s);
    Ok(with_notes(
        review_log(plan, &log, &intake, today, signs.pause.as_ref(), lib, s),
        &signs.notes,
    ))
}

/// A sign reported in a check-in that does not stop the plan (a minor fall without the fracture
/// signs) is a note in the review, for the person and the care team to see.
fn with_notes(mut r: Review, notes: &[gate::Note]) -> Review {
    if r.decision == Decision::Stop {
        return r;
    }
    for n in notes {
        r.reasons.push(reason(
            ReviewCode::SignNoted,
            format!(
                "Reported on {}: {} {}",
                n.reported_on, n.reason.advice, n.reason.source
            ),
        ));
    }
    r
}

fn prepare(
    plan: &Plan,
    entries: &[LogEntryInput],
    today: Option<&str>,
) -> Result<(Log, Intake, Day), InputErrors> {
    let log = Log::parse(entries)?;
    let intake = Intake::parse(&plan.basis).map_err(|e| {
        InputErrors(
            e.0.into_iter()
                .map(|f| FieldError::new(format!("plan.basis.{}", f.path), f.message))
                .collect(),
        )
    })?;
    let today = match today {
        Some(t) => Day::parse(t).map_err(|m| InputErrors(vec![FieldError::new("today", m)]))?,
        None => match log.last_day() {
            Some(d) => d,
            None => {
                return Err(InputErrors(vec![FieldError::new(
                    "today",
                    "expected a date, or a log with at least one entry",
                )]));
            }
        },
    };
    Ok((log, intake, today))
}

/// The pure decision over a checked log; `pause` is the safety gate's answer for this plan.
pub fn review_log(
    plan: &Plan,
    log: &Log,
    intake: &Intake,
    today: Day,
    pause: Option<&Pause>,
    lib: &Library,
    s: &Settings,
) -> Review {
    let issued = plan.issued_on.as_deref().and_then(|d| Day::parse(d).ok());
    let from = today.plus(1 - s.window_days);
    let prev_from = from.plus(-s.window_days);
    let in_window = |d: Day| d >= from && d <= today && issued.is_none_or(|i| d > i);

    let sessions: Vec<_> = log.sessions.iter().filter(|x| in_window(x.date)).collect();
    let limit = s.acceptable_pain_during;
    let hard: Vec<_> = sessions
        .iter()
        .filter(|x| x.pain_during > limit || x.settled == Some(false))
        .collect();
    let tolerated_sessions: Vec<_> = sessions
        .iter()
        .filter(|x| x.pain_during <= limit && x.settled == Some(true))
        .collect();
    let tolerated = tolerated_sessions.len();
    let planned = trend::planned_per_week(plan) * s.window_days as u32 / 7;
    let adherence = if planned == 0 {
        1.0
    } else {
        (sessions.len() as f64 / planned as f64).min(1.0)
    };
    let pains = trend::daily_pain(log, from, today);
    let prev = trend::daily_pain(log, prev_from, from.plus(-1));
    let pain_mean = trend::mean(&pains);
    let pain_prev = trend::mean(&prev);
    let first = log.first_day().unwrap_or(today);
    let since = plan
        .baseline
        .since
        .as_deref()
        .and_then(|d| Day::parse(d).ok())
        .map_or(first, |d| d.min(first));
    // Days logged include both the first and the last day.
    let weeks_logged = (today.since(since) + 1).max(0) as f64 / 7.0;
    let psfs = log
        .checkins
        .iter()
        .rev()
        .filter(|c| c.date <= today)
        .find_map(|c| c.psfs);
    let figures = Figures {
        today: today.to_string(),
        window_days: s.window_days,
        sessions_done: sessions.len(),
        sessions_planned: planned,
        adherence: trend::r1(adherence * 100.0) / 100.0,
        pain_mean: pain_mean.map(trend::r1),
        pain_mean_previous: pain_prev.map(trend::r1),
        baseline_pain: plan.baseline.pain,
        hard_sessions: hard.len(),
        tolerated_sessions: tolerated,
        weeks_logged: trend::r1(weeks_logged),
        psfs,
    };
    let next = |decision: Decision, reasons: Vec<ReviewReason>, p: Option<Plan>| Review {
        decision,
        reasons,
        plan: p.map(|mut p| {
            if p.baseline.since.is_none() {
                p.baseline.since = Some(since.to_string());
            }
            p
        }),
        figures: figures.clone(),
    };

    // 1. A new warning sign stops everything (the safety gate decided it).
    if let Some(p) = pause {
        let signs = p
            .signs
            .iter()
            .map(|f| f.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let reasons = p
            .reasons
            .iter()
            .map(|r| {
                reason(
                    ReviewCode::NewRedFlag,
                    format!(
                        "{signs} reported from {} on ({}). {} The plan is paused: assess again once a doctor has seen you.",
                        p.reported_on, r.code, r.advice
                    ),
                )
            })
            .collect();
        return next(Decision::Stop, reasons, None);
    }

    let baseline = plan.baseline.pain;
    // 2. Worsening over weeks: pain meaningfully above where the plan started (2 points or
    //    30%, Ostelo 2008; at least a point) this week and the week before, or a steady rise
    //    over three weeks (the slope of daily pain) that has taken it a point or more above the
    //    start. Slow worsening of half a point a week reaches the care team by week 3.
    let prev2_from = prev_from.plus(-s.window_days);
    let prev2 = trend::mean(&trend::daily_pain(log, prev2_from, prev_from.plus(-1)));
    let meaningful_rise = (s
        .meaningful_pain_points
        .min(s.meaningful_pain_fraction * baseline))
    .max(1.0);
    let above = |m: Option<f64>| m.is_some_and(|m| m - baseline >= meaningful_rise);
    let well_above = above(pain_mean) && above(pain_prev) && weeks_logged >= 2.0;
    let slope = trend::slope_per_week(&trend::daily_pain(log, prev2_from, today));

    // 3. Flare or an unacceptable session. A flare is judged against the person's recent
    //    level as well as the start: three points up from a recovered 2/10 is a flare at 5/10.
    let recent = pain_prev.map_or(baseline, |p| p.min(baseline));
    let flare = adjust::flare_days(log, from, today, recent, s);
    let ease = flare || !hard.is_empty();
    // Steady: each of the three weeks no lower than the one before by much, the middle one
    // already up, and no sudden jump this week (a sudden jump is a flare, judged as one).
    let steady = match (prev2, pain_prev, pain_mean) {
        (Some(a), Some(b), Some(c)) => b - a >= 0.2 && c - b >= -0.2 && c - b < s.flare_rise,
        _ => false,
    };
    let rising = steady
        && slope.is_some_and(|v| v >= s.worsening_per_week)
        && pain_mean.is_some_and(|m| m - baseline >= s.worsening_rise_points);

    // The care team was asked recently: the same concern is not raised again every week.
    let escalated_on = plan
        .escalated_on
        .as_deref()
        .and_then(|d| Day::parse(d).ok());
    let quiet = escalated_on.is_some_and(|d| today.since(d) < s.escalation_quiet_days);
    let escalate = |p: Option<Plan>| {
        p.map(|mut p| {
            p.escalated_on = Some(today.to_string());
            p
        })
    };

    // Every way of easing back (a flare, worsening while the care team looks) eases the same way.
    let ease_back = || {
        adjust::ease_back(
            plan,
            intake,
            &hard,
            &tolerated_sessions,
            flare,
            today,
            lib,
            s,
        )
    };

    let pain_text = |m: Option<f64>| {
        m.map_or("no pain figures".to_string(), |v| {
            format!("{}/10", trend::r1(v))
        })
    };

    if (rising || well_above) && quiet {
        // Still worse, and the care team already has it: change the approach meanwhile (one
        // step gentler), rather than repeating the same escalation.
        let (p, _) = ease_back();
        return next(
            Decision::EaseBack,
            vec![reason(
                ReviewCode::CareTeamAsked,
                format!(
                    "Mean pain {} this week against {}/10 at the start. Your care team was asked to look on {}; until they do, the plan steps one level gentler to see whether that settles it.",
                    pain_text(pain_mean),
                    baseline,
                    escalated_on.map_or("-".into(), |d| d.to_string())
                ),
            )],
            Some(p),
        );
    }

    if rising || well_above {
        let detail = format!(
            "Mean pain {} this week, {} the week before, {} two weeks ago; it was {}/10 when the plan started. Please contact your care team or a doctor: the plan keeps you moving safely meanwhile{}.",
            pain_text(pain_mean),
            pain_text(pain_prev),
            pain_text(prev2),
            baseline,
            if ease {
                " at a lower dose"
            } else {
                " at the same dose"
            }
        );
        let p = if ease {
            Some(ease_back().0)
        } else {
            Some(plan.clone())
        };
        return next(
            Decision::Escalate,
            vec![reason(ReviewCode::WorseningTrend, detail)],
            escalate(p),
        );
    }

    if ease {
        let mut reasons = Vec::new();
        // One reason for all the sessions that went too far, with its source once.
        if !hard.is_empty() {
            let what: Vec<String> = hard
                .iter()
                .map(|h| {
                    if h.pain_during > limit {
                        format!("on {} pain during reached {}/10", h.date, h.pain_during)
                    } else {
                        format!(
                            "the session on {} had not settled by the next morning",
                            h.date
                        )
                    }
                })
                .collect();
            reasons.push(reason(
                ReviewCode::SessionTooHard,
                format!(
                    "{} session{} went further than the plan allows (pain during up to {limit}/10, settled by the next morning): {} (pain-monitoring model, Silbernagel 2007).",
                    hard.len(),
                    if hard.len() == 1 { "" } else { "s" },
                    what.join("; ")
                ),
            ));
        }
        for h in &hard {
            for (ex, done) in &h.reps {
                if let Some(it) = plan.items().find(|i| &i.exercise == ex)
                    && let Some(planned) = it.reps
                    && *done > planned
                {
                    reasons.push(reason(
                        ReviewCode::MoreThanPlanned,
                        format!("On {} you did {done} repetitions of {} where the plan sets {planned}: stay with the planned dose and let the reviews raise it.", h.date, it.name),
                    ));
                }
            }
        }
        if flare {
            reasons.push(reason(
                ReviewCode::Flare,
                format!(
                    "Check-in pain was {} or more points above {} on {} days in a row: a flare. Ease back a little rather than stop; see the lesson \"what to do in a flare\".",
                    s.flare_rise,
                    if recent < baseline {
                        format!("your recent level of {}/10", trend::r1(recent))
                    } else {
                        format!("your starting {baseline}/10")
                    },
                    s.flare_days
                ),
            ));
        }
        let (p, changes) = ease_back();
        if changes.is_empty() {
            reasons.push(reason(ReviewCode::AlreadyGentlest, "Your plan is already at its gentlest doses, so it stays as it is: keep moving gently and let it settle.".into()));
        }
        return next(Decision::EaseBack, reasons, Some(p));
    }

    // 4. No meaningful change after enough weeks (and not raised in the last few weeks).
    if weeks_logged >= s.escalate_after_weeks
        && !quiet
        && let Some(m) = pain_mean
    {
        let drop = baseline - m;
        // At low pain a further 2-point fall is not expected (a floor effect): pain that is and
        // stays low enough for the maintain phase is not a reason to escalate.
        let at_floor = m <= s.maintain_when_pain_at_most;
        let pain_ok = at_floor
            || drop >= s.meaningful_pain_points
            || (baseline > 0.0 && drop / baseline >= s.meaningful_pain_fraction);
        let psfs_ok = match (psfs, plan.baseline.psfs) {
            (Some(now), Some(then)) => now - then >= 2.0,
            _ => false,
        };
        // Less fear counts as progress too (clinical rules §G, floor effects): the exposure
        // ladder has moved on, or the feared activity now feels a real amount less harmful
        // (Leeuw 2007: 20 points).
        let first_fear = plan.exposure_ladder.first().map(|x| i64::from(x.rating));
        let fear_now = log
            .checkins
            .iter()
            .rev()
            .filter(|c| c.date <= today)
            .find_map(|c| c.exposure.map(|e| i64::from(e.2)));
        let fear_ok = plan.exposure_ladder.iter().any(|x| x.current && x.step > 1)
            || matches!((first_fear, fear_now), (Some(then), Some(now)) if then - now >= i64::from(s.fear_meaningful_drop));
        // A disability questionnaire (ODI or NDI) entered by the clinic that has fallen by at
        // least its minimal important difference since the first one is progress in function.
        let disability_ok = log
            .measures
            .iter()
            .filter(|d| d.taken_on <= today)
            .any(|later| {
                log.measures.iter().any(|first| {
                    first.taken_on < later.taken_on
                        && crate::measures::meaningful_change(first, later)
                            == Some(crate::measures::Change::Better)
                })
            });
        if !pain_ok && !psfs_ok && !fear_ok && !disability_ok && baseline > 0.0 {
            return next(
                Decision::Escalate,
                vec![reason(
                    ReviewCode::NoMeaningfulImprovement,
                    format!(
                        "After {} weeks, mean pain is {}/10 against {}/10 at the start: less than the {} points or {}% that count as a real change (Ostelo 2008){}. Please see your care team or a doctor to look at it together; keep the plan going meanwhile.",
                        trend::r1(weeks_logged),
                        trend::r1(m),
                        baseline,
                        s.meaningful_pain_points,
                        (s.meaningful_pain_fraction * 100.0).round(),
                        match (psfs, plan.baseline.psfs) {
                            (Some(now), Some(then)) => format!(
                                ", and goal ratings moved from {} to {}",
                                trend::r1(then),
                                trend::r1(now)
                            ),
                            _ => String::new(),
                        }
                    ),
                )],
                escalate(Some(plan.clone())),
            );
        }
    }

    // 5. Hold unless progress is earned. A person who manages fewer days than planned, but at
    //    least two and all tolerated, gets a plan for the days they manage and progresses on
    //    what they do: a 2-day plan done beats a 5-day plan abandoned (clinical rules §G).
    let exercise_days: std::collections::BTreeSet<Day> = sessions
        .iter()
        .filter(|x| {
            x.exercises.is_empty()
                || x.exercises.iter().any(|e| {
                    plan.items()
                        .any(|i| &i.exercise == e && i.kind != crate::vocab::Kind::Aerobic)
                })
        })
        .map(|x| x.date)
        .collect();
    let managed = (exercise_days.len() as i64 * 7 / s.window_days.max(1)) as u8;
    let refit = (adherence < s.min_adherence
        && managed >= MIN_DAYS_TO_REFIT
        && hard.is_empty()
        && sessions.iter().all(|x| x.settled == Some(true)))
    .then(|| adjust::fit_days(plan, managed))
    .flatten();
    let base = refit.as_ref().map_or(plan, |(p, _)| p);
    let mut holds = Vec::new();
    if adherence < s.min_adherence && refit.is_none() {
        holds.push(reason(
            ReviewCode::AdherenceTooLow,
            format!(
                "{} of {} planned sessions in the last {} days ({}%): too few to judge how the plan suits you. Do at least {} sessions in the coming week to unlock the next step.",
                sessions.len(), planned, s.window_days, (adherence * 100.0).round(),
                (s.min_adherence * planned as f64).ceil()
            ),
        ));
    }
    let unknown = sessions.iter().filter(|x| x.settled.is_none()).count();
    if unknown > 0 && !sessions.is_empty() {
        holds.push(reason(
            ReviewCode::SettlingUnknown,
            format!("{unknown} recent session(s) have no answer to \"did it settle by next morning?\"; fill it in so the next step can be judged."),
        ));
    }
    // Against the week before or, on a first review, against the baseline the plan started from.
    if let (Some(now), before) = (pain_mean, pain_prev.unwrap_or(baseline))
        && now > before + 0.5
    {
        holds.push(reason(
            ReviewCode::PainRising,
            format!("Mean pain rose from {}/10 to {}/10 over the last week: holding the dose until the trend is flat or falling.", trend::r1(before), trend::r1(now)),
        ));
    }
    // A plan drafted for a clinician to approve is never progressed before they have (it may
    // be eased back or escalated above, which only make it gentler or ask for help).
    if plan.awaiting_approval() {
        holds.push(reason(
            ReviewCode::AwaitingApproval,
            "Your plan is waiting for your clinician to approve it, so its doses stay as they are until they have.".into(),
        ));
    }
    if !holds.is_empty() {
        return next(Decision::Hold, holds, Some(plan.clone()));
    }

    let detail = format!(
        "{}, every one with pain during at or below {limit}/10 and settled by next morning; mean pain {} (previous week {}).",
        if sessions.len() as u32 <= planned {
            format!("{} of {} planned sessions done", sessions.len(), planned)
        } else {
            format!("{} sessions done ({} planned)", sessions.len(), planned)
        },
        pain_text(pain_mean),
        pain_text(pain_prev)
    );
    let mut reasons = vec![reason(ReviewCode::ToleratedAndStable, detail)];
    if let Some((_, change)) = &refit {
        reasons.push(reason(
            ReviewCode::DaysRefitted,
            format!(
                "You managed {managed} exercise days in the last week, every one tolerated: the plan now asks for {managed} days a week and builds on what you do ({}).",
                change.text
            ),
        ));
    }
    // Every loading exercise at the top of its table and tolerated, with pain no higher than the
    // pain-monitoring model accepts (5/10, Silbernagel 2007): the rebuild phase has nothing left
    // to give, so the plan moves on to the maintain phase's harder, progressive loading rather
    // than stall (clinical rules §G). Pain that has not fallen is the care team's call, and the
    // escalation rules already put it to them.
    let rebuild_done = plan.phase == Phase::Rebuild
        && base
            .items()
            .filter(|i| {
                !matches!(
                    i.kind,
                    crate::vocab::Kind::WarmUp | crate::vocab::Kind::Aerobic
                )
            })
            .all(|i| i.level >= i.top_level);
    let phase_up = pain_mean.and_then(|m| match plan.phase {
        Phase::Flare if m <= s.rebuild_when_pain_at_most => Some(Phase::Rebuild),
        Phase::Rebuild if m <= s.maintain_when_pain_at_most => Some(Phase::Maintain),
        Phase::Rebuild if rebuild_done && m <= f64::from(s.acceptable_pain_during) => {
            Some(Phase::Maintain)
        }
        _ => None,
    });
    let (mut p, mut changes, short_of_time) =
        adjust::progress(base, intake, log, phase_up, today, lib, s);
    if let Some((fitted, change)) = refit {
        // The new days are a change of their own, whether or not a dose moved too.
        if changes.is_empty() {
            p = fitted;
            p.version = plan.version + 1;
            p.issued_on = Some(today.to_string());
            p.changes = Vec::new();
        }
        changes.insert(0, change.clone());
        p.changes.insert(0, change);
    }
    if let Some(ph) = phase_up {
        reasons.push(reason(
            ReviewCode::PhaseUp,
            format!(
                "{} from the {} phase to the {ph} phase.",
                if rebuild_done && pain_mean.is_some_and(|m| m > s.maintain_when_pain_at_most) {
                    format!(
                        "Every exercise is at the top of its table and tolerated, with mean pain {}: moving on",
                        pain_text(pain_mean)
                    )
                } else {
                    format!("Mean pain {} has settled enough to move", pain_text(pain_mean))
                },
                plan.phase
            ),
        ));
    }
    if changes.is_empty() {
        reasons.push(if short_of_time {
            reason(
                ReviewCode::NoTimeToProgress,
                format!(
                    "The next step of your exercises would not fit your {}-minute sessions. Keep going at this dose, or give the plan a few more minutes per session to unlock the next step.",
                    intake.availability.map_or(s.default_minutes_per_session, |a| a.minutes_per_session)
                ),
            )
        } else {
            reason(ReviewCode::AtTop, "Every exercise is at its top level already: keep going at this dose.".into())
        });
        return next(Decision::Hold, reasons, Some(plan.clone()));
    }
    next(Decision::Progress, reasons, Some(p))
}
