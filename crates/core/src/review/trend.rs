//! Trend figures over day windows: what the review reads instead of a single twinge.

use crate::day::Day;
use crate::log::Log;
use crate::plan::Plan;
use crate::vocab::Kind;

/// The figures a review decision rests on, quoted in its reasons.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Figures {
    pub today: String,
    pub window_days: i64,
    pub sessions_done: usize,
    pub sessions_planned: u32,
    pub adherence: f64,
    /// Mean daily pain over this window and the one before (None when nothing was logged).
    pub pain_mean: Option<f64>,
    pub pain_mean_previous: Option<f64>,
    pub baseline_pain: f64,
    /// Sessions in the window with pain during above the limit, or not settled by next morning.
    pub hard_sessions: usize,
    /// Sessions in the window known to be tolerated (pain during within the limit and settled).
    pub tolerated_sessions: usize,
    /// Weeks since the first log entry.
    pub weeks_logged: f64,
    /// Latest goal rating (PSFS mean), if re-rated.
    pub psfs: Option<f64>,
}

/// A day's pain: the check-in if there was one, else the highest "before" pain of that day's
/// sessions (a person who only logs sessions still has a trend).
pub fn daily_pain(log: &Log, from: Day, to: Day) -> Vec<(Day, f64)> {
    let mut days: std::collections::BTreeMap<Day, (Option<f64>, Option<f64>)> =
        std::collections::BTreeMap::new();
    for c in log
        .checkins
        .iter()
        .filter(|c| c.date >= from && c.date <= to)
    {
        days.entry(c.date).or_default().0 = Some(c.pain as f64);
    }
    for s in log
        .sessions
        .iter()
        .filter(|s| s.date >= from && s.date <= to)
    {
        let e = &mut days.entry(s.date).or_default().1;
        *e = Some(e.unwrap_or(0.0).max(s.pain_before as f64));
    }
    days.into_iter()
        .filter_map(|(d, (checkin, session))| checkin.or(session).map(|p| (d, p)))
        .collect()
}

pub fn mean(values: &[(Day, f64)]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().map(|(_, v)| v).sum::<f64>() / values.len() as f64)
}

/// Sessions a week the plan asks for: the most frequent exercise session (walks are extra).
pub fn planned_per_week(plan: &Plan) -> u32 {
    plan.sessions
        .iter()
        .filter(|s| s.items.iter().any(|i| i.kind != Kind::Aerobic))
        .map(|s| s.days_per_week as u32)
        .max()
        .or_else(|| plan.sessions.iter().map(|s| s.days_per_week as u32).max())
        .unwrap_or(1)
}

/// The least-squares slope of daily pain, in points a week; none with fewer than 10 days.
/// A slope reads a slow, steady rise that week-by-week means blur with day-to-day noise.
pub fn slope_per_week(values: &[(Day, f64)]) -> Option<f64> {
    if values.len() < 10 {
        return None;
    }
    let first = values.first()?.0;
    let xs: Vec<f64> = values.iter().map(|(d, _)| d.since(first) as f64).collect();
    let n = values.len() as f64;
    let mx = xs.iter().sum::<f64>() / n;
    let my = values.iter().map(|(_, v)| v).sum::<f64>() / n;
    let sxx: f64 = xs.iter().map(|x| (x - mx).powi(2)).sum();
    if sxx == 0.0 {
        return None;
    }
    let sxy: f64 = xs
        .iter()
        .zip(values)
        .map(|(x, (_, y))| (x - mx) * (y - my))
        .sum();
    Some(sxy / sxx * 7.0)
}

/// Rounds to one decimal for quoting.
pub fn r1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(values: &[f64]) -> Vec<(Day, f64)> {
        let d0 = Day::parse("2026-03-02").unwrap();
        values
            .iter()
            .enumerate()
            .map(|(i, v)| (d0.plus(i as i64), *v))
            .collect()
    }

    #[test]
    fn a_half_point_a_week_rise_reads_as_half_a_point() {
        let v: Vec<f64> = (0..21).map(|i| 5.0 + 0.5 * i as f64 / 7.0).collect();
        let s = slope_per_week(&days(&v)).unwrap();
        assert!((s - 0.5).abs() < 1e-9, "{s}");
    }

    #[test]
    fn flat_or_short_logs_have_no_rise() {
        assert_eq!(slope_per_week(&days(&[4.0; 21])), Some(0.0));
        assert_eq!(slope_per_week(&days(&[4.0, 5.0, 6.0])), None);
    }
}
