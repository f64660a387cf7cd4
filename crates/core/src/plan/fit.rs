//! Fitting the chosen exercises into the time the person has.
//!
//! Candidates arrive in priority order, but the condition's key loading exercise is fitted first
//! and is never dropped for time: with five minutes a day, the heel raises are what a
//! physiotherapist would keep. Each other candidate is kept if it still fits the session's
//! minutes. Work that wants warm tissue brings the warm-up in with it: a few minutes before
//! strength work, the full warm-up before a static stretch, which is never done cold. Kept items
//! are then put in session order: warm-up, breathing and mobility, loading, stretches last while
//! the body is warm.

use crate::library::{Exercise, Library};
use crate::plan::dose::{self, item, item_seconds};
use crate::plan::select::Pick;
use crate::plan::types::Item;
use crate::settings::Settings;
use crate::vocab::Kind;

/// The warm-up exercise, dosed in minutes: the full warm-up before stretching, a shorter one when
/// the session only loads.
pub fn warm_up<'a>(lib: &'a Library, minutes: u16, s: &Settings) -> Option<(Item, &'a Exercise)> {
    let ex = lib
        .exercise("march_in_place")
        .or_else(|| lib.exercises.values().find(|e| e.kind == Kind::WarmUp))?;
    let mut it = item(ex, 1, "Warm-up first.");
    it.sets = 1;
    it.reps = None;
    it.hold_seconds = None;
    it.minutes = Some(minutes);
    it.why = if minutes >= s.warm_up_minutes {
        format!(
            "Warm-up first: {minutes} minutes of easy movement (or a brisk walk) warms the muscles before any stretch or strength work; never stretch cold (stretching source article: 5–10 minutes)."
        )
    } else {
        format!(
            "Warm-up first: {minutes} minutes of easy movement before the strength work, then make the first repetitions easy ones (ACSM, Garber 2011). The longer 5–10 minute warm-up is for stretching, which this session does not include."
        )
    };
    Some((it, ex))
}

/// The warm-up minutes an exercise needs before it: none, a short one before strength work, the
/// full one before a static stretch.
fn warm_up_needed(kind: Kind, s: &Settings) -> u16 {
    match kind {
        Kind::StaticStretch => s.warm_up_minutes,
        k if k.needs_warm_up() => s.strength_warm_up_minutes.min(s.warm_up_minutes),
        _ => 0,
    }
}

/// Items that fit in `budget_minutes`, in session order, and the minutes they take.
pub fn fit(
    picks: &[Pick<'_>],
    budget_minutes: u16,
    lib: &Library,
    s: &Settings,
) -> (Vec<Item>, u16) {
    let budget = budget_minutes as u32 * 60;
    let has_warm_up = warm_up(lib, 0, s).is_some();
    let mut warm = 0u16;
    let mut used = 0u32;
    let mut kept: Vec<Item> = Vec::new();
    let key_first = picks
        .iter()
        .filter(|p| p.key)
        .chain(picks.iter().filter(|p| !p.key));
    for p in key_first {
        let mut it = item(p.exercise, p.level, &p.why);
        let cost = item_seconds(p.exercise, &it);
        let need = warm_up_needed(p.exercise.kind, s);
        if need > 0 && !has_warm_up {
            continue;
        }
        let mut need = need;
        let mut extra = u32::from(need.saturating_sub(warm)) * 60;
        if used + cost + extra > budget {
            if !p.key {
                continue;
            }
            // The key exercise is never dropped for time: a one-minute warm-up, then as many
            // of its sets as the minutes hold (at least one), and the plan says what the full
            // dose needs.
            need = need.min(1);
            extra = u32::from(need.saturating_sub(warm)) * 60;
            let room = budget.saturating_sub(used + extra);
            let full = it.sets;
            it = dose::within(p.exercise, it, room);
            if it.sets < full {
                it.why = format!(
                    "{} Your {budget_minutes}-minute sessions hold {} of its {full} sets: it stays because it is the exercise that matters most here; about {} minutes a session would fit the full dose.",
                    it.why,
                    it.sets,
                    (cost + 60).div_ceil(60)
                );
            }
        }
        let cost = item_seconds(p.exercise, &it);
        warm = warm.max(need);
        used += cost + extra;
        kept.push(it);
    }
    if warm > 0
        && let Some((w, _)) = warm_up(lib, warm, s)
    {
        kept.push(w);
    }
    kept.sort_by_key(|it| it.kind.session_order());
    (kept, used.div_ceil(60) as u16)
}
