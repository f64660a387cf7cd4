//! Making the next plan: one step up when progress is earned, one step down after a flare.
//! Both keep the plan's shape and explain each change with the figure that caused it.

use crate::day::Day;
use crate::intake::Intake;
use crate::library::Library;
use crate::log::{Log, SessionEntry};
use crate::plan::constraints::{Dates, constraints_on};
use crate::plan::dose::{dose_reason, item, item_seconds, load_for, within};
use crate::plan::select::refusal;
use crate::plan::{self, Change, Exclusion, Item, Plan};
use crate::settings::Settings;
use crate::vocab::{Kind, Phase, TriageLevel};

/// True when check-in pain sat `flare_rise` or more above baseline on `flare_days` consecutive days.
pub fn flare_days(log: &Log, from: Day, to: Day, baseline: f64, s: &Settings) -> bool {
    let mut run = 0usize;
    let mut last: Option<Day> = None;
    for c in log
        .checkins
        .iter()
        .filter(|c| c.date >= from && c.date <= to)
    {
        if c.pain as f64 >= baseline + s.flare_rise {
            run = if last.is_some_and(|d| c.date.since(d) == 1) {
                run + 1
            } else {
                1
            };
            last = Some(c.date);
            if run >= s.flare_days {
                return true;
            }
        } else {
            run = 0;
            last = None;
        }
    }
    false
}

/// Describes a dose in a few words: "2 × 10, hold 5 s", with the load when the table sets one
/// ("5 × 8 (8RM + backpack)"), so a step that only adds load still says what changed.
fn dose_text(it: &Item) -> String {
    let mut parts = Vec::new();
    if let Some(m) = it.minutes {
        parts.push(format!("{m} min"));
    } else {
        parts.push(format!("{} × {}", it.sets, it.reps.unwrap_or(1)));
    }
    if let Some(h) = it.hold_seconds {
        parts.push(format!("hold {h} s"));
    }
    let mut text = parts.join(", ");
    if let Some(l) = &it.load {
        text.push_str(&format!(" ({l})"));
    }
    text
}

/// The same exercise at another level, keeping the reason it was chosen, with the load this
/// person can use (a household item when the equipment is missing).
fn relevel(lib: &Library, it: &Item, level: u8, intake: &Intake) -> Option<Item> {
    let ex = lib.exercise(&it.exercise)?;
    let chosen = it
        .why
        .strip_suffix(&dose_reason(ex, it.level))
        .unwrap_or(&it.why)
        .trim()
        .to_string();
    let mut n = item(ex, level, &chosen);
    n.load = load_for(ex, n.level, &intake.equipment);
    Some(n)
}

fn budget(intake: &Intake, s: &Settings) -> u16 {
    intake
        .availability
        .map_or(s.default_minutes_per_session, |a| a.minutes_per_session)
}

fn session_seconds(lib: &Library, items: &[Item]) -> u32 {
    items
        .iter()
        .filter_map(|it| lib.exercise(&it.exercise).map(|ex| item_seconds(ex, it)))
        .sum()
}

fn finish(
    mut p: Plan,
    old: &Plan,
    changes: Vec<Change>,
    today: Day,
    lib: &Library,
    intake: &Intake,
) -> (Plan, Vec<Change>) {
    // Loads as the table sets them, with household items for equipment the person lacks.
    crate::plan::dose::fit_loads(&mut p, lib, &intake.equipment);
    for s in &mut p.sessions {
        s.minutes = session_seconds(lib, &s.items).div_ceil(60) as u16;
    }
    if changes.is_empty() {
        return (old.clone(), changes);
    }
    p.version = old.version + 1;
    p.changes = changes.clone();
    p.issued_on = Some(today.to_string());
    (p, changes)
}

/// One step up for every exercise that has room, walking by a fixed quota, the ladder when the
/// current step is done with falling fear, or the next phase when pain has settled.
pub fn progress(
    old: &Plan,
    intake: &Intake,
    log: &Log,
    phase_up: Option<Phase>,
    today: Day,
    lib: &Library,
    s: &Settings,
) -> (Plan, Vec<Change>, bool) {
    let mut changes = Vec::new();
    let mut short_of_time = false;
    let mut made_room = false;
    let mut p = old.clone();
    if let Some(ph) = phase_up {
        let why = format!(
            "Moved up to the {ph} phase at review on {today}: pain and irritability have settled."
        );
        let mut fresh = rephase(old, intake, ph, why, false, today, lib, s);
        changes.push(Change {
            exercise: None,
            text: format!("phase {} → {ph} because pain has settled", old.phase),
        });
        // One or two new exercises at a time (clinical rules §G): the rest of the new phase's
        // exercises join at the next reviews (see `fill_towards`).
        keep_new(&mut fresh, old, NEW_PER_REVIEW);
        for it in fresh.items() {
            if !old.items().any(|o| o.exercise == it.exercise) {
                changes.push(Change {
                    exercise: Some(it.exercise.clone()),
                    text: format!("{} added for the {ph} phase", it.name),
                });
            }
        }
        p = fresh;
    } else {
        // Restrictions after spinal surgery follow the surgery date, so they relax on schedule.
        let cons = constraints_on(intake, old.phase, s, &Dates::for_review(old, today));
        let limit = budget(intake, s) as u32 * 60;
        let by_value = value_order(lib, intake, old.phase);
        let key = plan::select::key_exercise(lib, intake, old.phase);
        for si in 0..p.sessions.len() {
            for ii in 0..p.sessions[si].items.len() {
                let it = p.sessions[si].items[ii].clone();
                let Some(ex) = lib.exercise(&it.exercise) else {
                    continue;
                };
                let candidate = match it.kind {
                    Kind::WarmUp => None,
                    Kind::Aerobic => {
                        // Walking is its own session: it grows towards the goal, not capped
                        // by the exercise session's minutes (Pocovi 2024).
                        let m = it.minutes.unwrap_or(0);
                        let cap = s.walking_goal_minutes.max(m);
                        (m < cap).then(|| {
                            let mut n = it.clone();
                            n.minutes = Some(walking_step(m, s).min(cap));
                            n
                        })
                    }
                    _ if it.level < ex.top_level() => relevel(lib, &it, it.level + 1, intake),
                    _ => ex
                        .harder
                        .as_deref()
                        .and_then(|h| lib.exercise(h))
                        .filter(|h| refusal(h, intake, old.phase, &cons).is_none())
                        .filter(|h| !p.items().any(|o| o.exercise == h.id))
                        .map(|h| item(h, 1, &format!("Harder variant of {}, which you now do comfortably at its top level.", ex.name))),
                };
                let Some(mut n) = candidate else { continue };
                let mut trial = p.sessions[si].items.clone();
                trial[ii] = n.clone();
                let own_session = trial.iter().all(|t| t.kind == Kind::Aerobic);
                if !own_session && session_seconds(lib, &trial) > limit {
                    // No freezing: make room by dropping the lowest-value item of the session
                    // (a stretch, a mobility drill, then the least important strength exercise;
                    // never the condition's key loading exercise), once a review.
                    match (!made_room)
                        .then(|| lowest_value(&trial, ii, old.phase, &by_value, key))
                        .flatten()
                        .filter(|_| trial.len() >= 3)
                    {
                        Some(drop)
                            if {
                                let mut t = trial.clone();
                                t.remove(drop);
                                session_seconds(lib, &t) <= limit
                            } =>
                        {
                            let gone = p.sessions[si].items[drop].clone();
                            changes.push(Change {
                                exercise: Some(gone.exercise.clone()),
                                text: format!(
                                    "{} dropped to make room for the next step of {} because your sessions are full and it matters more",
                                    gone.name, it.name
                                ),
                            });
                            made_room = true;
                            p.excluded.push(Exclusion {
                                exercise: gone.exercise.clone(),
                                why: format!(
                                    "dropped on {today} to make room in your {}-minute sessions for the next step of {}",
                                    budget(intake, s),
                                    it.name
                                ),
                            });
                            p.sessions[si].items[ii] = n.clone();
                            p.sessions[si].items.remove(drop);
                            changes.push(Change {
                                exercise: Some(it.exercise.clone()),
                                text: format!(
                                    "{} {} → {} because sessions were tolerated with a stable trend (pain-monitoring model, Silbernagel 2007)",
                                    it.name,
                                    dose_text(&it),
                                    dose_text(&n)
                                ),
                            });
                            break;
                        }
                        _ if key == Some(it.exercise.as_str()) && n.exercise == it.exercise => {
                            // The key exercise moves along its table with the sets that fit,
                            // rather than freeze (see `plan::dose::within`).
                            let others = session_seconds(lib, &trial) - item_seconds(ex, &n);
                            n = within(ex, n, limit.saturating_sub(others));
                            trial[ii] = n.clone();
                            if session_seconds(lib, &trial) > limit && n.sets >= it.sets {
                                short_of_time = true;
                                continue;
                            }
                        }
                        _ => {
                            short_of_time = true;
                            continue;
                        }
                    }
                }
                let why = if it.kind == Kind::Aerobic {
                    "walking rises by about a sixth a week towards 30 minutes (WalkBack, Pocovi 2024)"
                } else {
                    "sessions were tolerated with a stable trend (pain-monitoring model, Silbernagel 2007)"
                };
                let text = if n.exercise != it.exercise {
                    format!("{} → {} (harder variant) because {why}", it.name, n.name)
                } else {
                    format!(
                        "{} {} → {} because {why}",
                        it.name,
                        dose_text(&it),
                        dose_text(&n)
                    )
                };
                changes.push(Change {
                    exercise: Some(it.exercise.clone()),
                    text,
                });
                p.sessions[si].items[ii] = n;
            }
        }
    }
    if phase_up.is_none() {
        fill_towards(&mut p, old, intake, today, lib, s, &mut changes);
    }
    advance_ladder(&mut p, log, today, s, &mut changes);
    let (p, changes) = finish(p, old, changes, today, lib, intake);
    (p, changes, short_of_time)
}

/// The plan's exercise sessions set to the days a week the person manages (walking keeps its
/// own days); none when that is already what the plan asks.
pub fn fit_days(old: &Plan, days: u8) -> Option<(Plan, Change)> {
    let mut p = old.clone();
    let mut from = None;
    for sess in &mut p.sessions {
        if sess.items.iter().any(|i| i.kind != Kind::Aerobic) && sess.days_per_week > days {
            from = Some(sess.days_per_week);
            sess.days_per_week = days;
        }
    }
    from.map(|f| {
        (
            p,
            Change {
                exercise: None,
                text: format!(
                    "exercise days {f} → {days} a week because {days} is what you manage; the plan builds on what you do"
                ),
            },
        )
    })
}

/// Pain during up to this, settled by the next morning, is "sore but settled": those
/// exercises step down, nothing else changes (Silbernagel 2007: 6–7 that settles).
const SORE_BUT_SETTLED: u8 = 7;

/// New exercises a review may add at most (clinical rules §G: one or two at a time).
const NEW_PER_REVIEW: usize = 2;

/// The next walking quota: about 15% more, at least a minute (10–20% a week, Pocovi 2024).
fn walking_step(minutes: u16, s: &Settings) -> u16 {
    let grown = (f64::from(minutes) * s.walking_weekly_growth).round() as u16;
    minutes + grown.max(1)
}

/// Keeps at most `n` of the exercises `fresh` has that `old` did not, in plan order; the
/// others wait for later reviews.
fn keep_new(fresh: &mut Plan, old: &Plan, n: usize) {
    let mut kept = 0;
    for sess in &mut fresh.sessions {
        sess.items.retain(|it| {
            if old.items().any(|o| o.exercise == it.exercise) {
                return true;
            }
            kept += 1;
            kept <= n
        });
    }
    fresh.sessions.retain(|sess| !sess.items.is_empty());
}

/// After a phase change, the phase's remaining exercises join one or two at a time, as they
/// fit the session's minutes.
#[allow(clippy::too_many_arguments)]
fn fill_towards(
    p: &mut Plan,
    old: &Plan,
    intake: &Intake,
    today: Day,
    lib: &Library,
    s: &Settings,
    changes: &mut Vec<Change>,
) {
    let target = plan::build_on(
        lib,
        &old.basis,
        intake,
        old.phase,
        String::new(),
        if old.requires_clinician_approval {
            TriageLevel::Supervised
        } else {
            TriageLevel::Clear
        },
        s,
        Dates::for_review(old, today),
    );
    let limit = budget(intake, s) as u32 * 60;
    // A harder variant swapped in this review is already a new exercise.
    let mut added = p
        .items()
        .filter(|i| !old.items().any(|o| o.exercise == i.exercise))
        .count();
    for (ti, tsess) in target.sessions.iter().enumerate() {
        for it in &tsess.items {
            // Never back what was just taken out, or what was dropped to make room.
            if added >= NEW_PER_REVIEW
                || p.items().any(|o| o.exercise == it.exercise)
                || old.items().any(|o| o.exercise == it.exercise)
                || p.excluded.iter().any(|x| x.exercise == it.exercise)
            {
                continue;
            }
            let Some(si) = p
                .sessions
                .iter()
                .position(|x| x.name == tsess.name)
                .or((ti < p.sessions.len()).then_some(ti))
            else {
                continue;
            };
            let mut trial = p.sessions[si].items.clone();
            trial.push(it.clone());
            if session_seconds(lib, &trial) > limit {
                continue;
            }
            p.sessions[si].items.push(it.clone());
            changes.push(Change {
                exercise: Some(it.exercise.clone()),
                text: format!(
                    "{} added for the {} phase because its exercises join one or two at a time",
                    it.name, old.phase
                ),
            });
            added += 1;
        }
    }
}

/// The programme's exercises for a phase in the order the programme lists them, most important
/// first: the condition's key loading exercise leads (clinical rules §G: when time runs out, drop
/// a lower-value item rather than freeze).
fn value_order(lib: &Library, intake: &Intake, phase: Phase) -> Vec<String> {
    plan::select::programmes(lib, intake)
        .iter()
        .flat_map(|p| p.phase(phase).iter().map(|it| it.exercise.clone()))
        .collect()
}

/// The item of a session that can best be dropped to make room for `keep`: a stretch, then a
/// mobility drill or a breathing exercise, then (past the flare phase, when heavier loading has
/// taken over) an isometric hold, then the strength exercise the programme lists last, so the
/// session keeps fewer exercises at a dose that still moves on. Never the loading exercise
/// being progressed, the programme's first (key) exercise, a strength exercise the programme
/// did not choose (one that prepares a feared activity), a nerve glide or the walk; and a
/// strength exercise only while two others remain.
fn lowest_value(
    items: &[Item],
    keep: usize,
    phase: Phase,
    by_value: &[String],
    key: Option<&str>,
) -> Option<usize> {
    let loading = items
        .iter()
        .filter(|it| matches!(it.kind, Kind::Strength | Kind::Isometric))
        .count();
    let rank = |it: &Item| match it.kind {
        Kind::StaticStretch => Some(0),
        Kind::DynamicStretch => Some(1),
        Kind::Mobility => Some(2),
        Kind::Breathing => Some(3),
        Kind::Isometric if phase != Phase::Flare => Some(4),
        Kind::Strength if loading >= 3 => by_value
            .iter()
            .position(|x| *x == it.exercise)
            .filter(|&at| at > 0 && key != Some(it.exercise.as_str()))
            .map(|at| 5 + by_value.len() - at),
        _ => None,
    };
    items
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != keep)
        .filter_map(|(i, it)| rank(it).map(|r| (r, i)))
        .min()
        .map(|(_, i)| i)
}

/// Moves the ladder on when the current step was done and the fear of it fell.
fn advance_ladder(p: &mut Plan, log: &Log, today: Day, s: &Settings, changes: &mut Vec<Change>) {
    let Some(cur) = p.exposure_ladder.iter().position(|x| x.current) else {
        return;
    };
    let step = p.exposure_ladder[cur].step;
    let rating = p.exposure_ladder[cur].rating;
    let report = log
        .checkins
        .iter()
        .rev()
        .filter(|c| c.date <= today)
        .find_map(|c| c.exposure.filter(|e| e.0 == step));
    // Fear has fallen when it dropped by a real amount (Leeuw 2007: over 20 points) or is no longer high.
    if let Some((_, true, fear)) = report
        && (fear as i32 <= rating as i32 - s.fear_meaningful_drop as i32
            || fear < s.fear_ladder_threshold)
        && cur + 1 < p.exposure_ladder.len()
    {
        p.exposure_ladder[cur].current = false;
        p.exposure_ladder[cur + 1].current = true;
        changes.push(Change {
            exercise: None,
            text: format!("exposure ladder step {step} → {} because it was done and the fear of it fell from {rating} to {fear}", step + 1),
        });
    }
}

/// The plan rebuilt from its basis in another phase: levels carried over from the old plan
/// (never above them when easing back), and the ladder position, baseline and version kept.
#[allow(clippy::too_many_arguments)]
fn rephase(
    old: &Plan,
    intake: &Intake,
    phase: Phase,
    why: String,
    easing: bool,
    today: Day,
    lib: &Library,
    s: &Settings,
) -> Plan {
    let level = if old.requires_clinician_approval {
        TriageLevel::Supervised
    } else {
        TriageLevel::Clear
    };
    let mut fresh = plan::build_on(
        lib,
        &old.basis,
        intake,
        phase,
        why,
        level,
        s,
        Dates::for_review(old, today),
    );
    carry_over(&mut fresh, old, lib, intake, budget(intake, s), easing);
    fresh.exposure_ladder = old.exposure_ladder.clone();
    fresh.baseline = old.baseline.clone();
    fresh.version = old.version;
    fresh
}

/// Keeps levels from the old plan for exercises both share: never more than one step up (none,
/// in fact, on a phase change) and, when easing back, never above the old level.
fn carry_over(
    fresh: &mut Plan,
    old: &Plan,
    lib: &Library,
    intake: &Intake,
    budget_minutes: u16,
    easing: bool,
) {
    let limit = budget_minutes as u32 * 60;
    for sess in &mut fresh.sessions {
        for i in 0..sess.items.len() {
            let before = sess.items[i].clone();
            let it = &mut sess.items[i];
            let Some(o) = old.items().find(|o| o.exercise == it.exercise) else {
                continue;
            };
            if it.kind == Kind::Aerobic || it.kind == Kind::WarmUp {
                let (a, b) = (it.minutes.unwrap_or(0), o.minutes.unwrap_or(0));
                it.minutes = Some(if easing { a.min(b) } else { b });
                continue;
            }
            let target = if easing {
                it.level.min(o.level)
            } else {
                o.level
            };
            if target != it.level
                && let Some(n) = relevel(lib, it, target, intake)
            {
                *it = n;
            }
            // A carried level must still fit the session; otherwise the fresh level stays.
            if session_seconds(lib, &sess.items) > limit {
                sess.items[i] = before;
            }
        }
    }
}

/// One step down for what provoked the flare, or back to the flare phase when the whole picture
/// flared. Never to nothing: gentle range and walking stay.
#[allow(clippy::too_many_arguments)]
pub fn ease_back(
    old: &Plan,
    intake: &Intake,
    hard: &[&&SessionEntry],
    tolerated: &[&&SessionEntry],
    flare: bool,
    today: Day,
    lib: &Library,
    s: &Settings,
) -> (Plan, Vec<Change>) {
    let mut changes = Vec::new();
    // A flare, or sessions that had not settled by the next morning, send the whole plan back
    // to the flare phase; pain during above the limit that did settle steps the exercises of
    // those sessions down one level (Silbernagel 2007).
    let unsettled = hard.iter().filter(|h| h.settled == Some(false)).count();
    let whole = flare || unsettled >= 2;
    let sore_but_settled = hard
        .iter()
        .all(|h| h.settled == Some(true) && h.pain_during <= SORE_BUT_SETTLED);
    if whole && old.phase != Phase::Flare {
        let why = format!(
            "Back to the flare phase at review on {today}: keep moving gently until it settles, then build up again."
        );
        let fresh = rephase(old, intake, Phase::Flare, why, true, today, lib, s);
        if fresh.items().next().is_some() {
            changes.push(Change {
                exercise: None,
                text: format!(
                    "phase {} → flare because of a flare: gentler movements until it settles",
                    old.phase
                ),
            });
            return finish(fresh, old, changes, today, lib, intake);
        }
    }
    let provoking: Vec<&str> = hard
        .iter()
        .flat_map(|h| h.exercises.iter().map(String::as_str))
        .collect();
    let mut p = old.clone();
    for sess in &mut p.sessions {
        for it in &mut sess.items {
            let hit = provoking.is_empty() || provoking.contains(&it.exercise.as_str()) || whole;
            let walked = tolerated.iter().any(|t| t.exercises.contains(&it.exercise));
            if !hit && it.kind == Kind::Aerobic && sore_but_settled && walked {
                // Walking is its own session: when only the exercise sessions ran a little over
                // and settled, and the walks were done and tolerated, they keep growing
                // (Pocovi 2024).
                let m = it.minutes.unwrap_or(0);
                let cap = s.walking_goal_minutes.max(m);
                let n = walking_step(m, s).min(cap);
                if n > m {
                    changes.push(Change {
                        exercise: Some(it.exercise.clone()),
                        text: format!(
                            "{} {m} min → {n} min because the walks were tolerated: walking rises by about a sixth a week towards {} minutes (WalkBack, Pocovi 2024)",
                            it.name, s.walking_goal_minutes
                        ),
                    });
                    it.minutes = Some(n);
                }
                continue;
            }
            if !hit || it.kind == Kind::WarmUp {
                continue;
            }
            if it.kind == Kind::Aerobic {
                if !whole && sore_but_settled {
                    // Exercise sessions a little over the limit that settled by the next
                    // morning step those exercises down; the walk is not cut for them.
                    continue;
                }
                let m = it.minutes.unwrap_or(0);
                let floor = 5.min(m);
                let n = m.saturating_sub(s.walking_step_minutes).max(floor);
                if n < m {
                    changes.push(Change {
                        exercise: Some(it.exercise.clone()),
                        text: format!(
                            "{} {m} min → {n} min because of the flare; keep walking, just shorter",
                            it.name
                        ),
                    });
                    it.minutes = Some(n);
                }
            } else if it.level > 1
                && let Some(n) = relevel(lib, it, it.level - 1, intake)
            {
                changes.push(Change {
                    exercise: Some(it.exercise.clone()),
                    text: format!("{} {} → {} because it provoked more pain than the plan allows (pain-monitoring model)", it.name, dose_text(it), dose_text(&n)),
                });
                *it = n;
            }
        }
    }
    finish(p, old, changes, today, lib, intake)
}
