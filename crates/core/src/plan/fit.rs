//! Fitting the chosen exercises into the time the person has.
//!
//! Candidates arrive in priority order. Each is kept if it still fits the session's minutes; the
//! first static stretch or strength exercise brings the warm-up in with it (and only fits if both
//! do), so a static stretch is never done cold. Kept items are then put in session order: warm-up,
//! breathing and mobility, loading, stretches last while the body is warm.

use crate::library::{Exercise, Library};
use crate::plan::dose::{item, item_seconds};
use crate::plan::select::Pick;
use crate::plan::types::Item;
use crate::settings::Settings;
use crate::vocab::Kind;

/// The warm-up exercise, dosed in minutes.
pub fn warm_up<'a>(lib: &'a Library, s: &Settings) -> Option<(Item, &'a Exercise)> {
    let ex = lib
        .exercise("march_in_place")
        .or_else(|| lib.exercises.values().find(|e| e.kind == Kind::WarmUp))?;
    let mut it = item(ex, 1, "Warm-up first.");
    it.sets = 1;
    it.reps = None;
    it.hold_seconds = None;
    it.minutes = Some(s.warm_up_minutes);
    it.why = format!(
        "Warm-up first: {} minutes of easy movement (or a brisk walk) warms the muscles before any stretch or strength work; never stretch cold (stretching source article: 5–10 minutes).",
        s.warm_up_minutes
    );
    Some((it, ex))
}

/// Items that fit in `budget_minutes`, in session order, and the minutes they take.
pub fn fit(
    picks: &[Pick<'_>],
    budget_minutes: u16,
    lib: &Library,
    s: &Settings,
) -> (Vec<Item>, u16) {
    let budget = budget_minutes as u32 * 60;
    let warm = warm_up(lib, s);
    let mut used = 0u32;
    let mut has_warm = false;
    let mut kept: Vec<Item> = Vec::new();
    for p in picks {
        let it = item(p.exercise, p.level, &p.why);
        let cost = item_seconds(p.exercise, &it);
        let needs_warm = p.exercise.kind.needs_warm_up() && !has_warm;
        let warm_cost = match (&warm, needs_warm) {
            (Some((w, wex)), true) => item_seconds(wex, w),
            (None, true) => continue,
            _ => 0,
        };
        if used + cost + warm_cost > budget {
            continue;
        }
        if needs_warm && let Some((w, _)) = &warm {
            kept.push(w.clone());
            has_warm = true;
        }
        used += cost + warm_cost;
        kept.push(it);
    }
    kept.sort_by_key(|it| it.kind.session_order());
    (kept, used.div_ceil(60) as u16)
}
