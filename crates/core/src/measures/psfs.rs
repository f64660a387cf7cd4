//! When the Patient-Specific Functional Scale is due to be re-rated.
//!
//! Why: the PSFS (Stratford P et al., Physiother Can 1995;47:258-263) is the person's own
//! measure of progress: up to three activities they want back, each rated 0–10 for how well
//! they can do it now (the intake's goals), scored as the mean; a change of 2 points in the mean
//! is real (clinical rules §F). It only tells a review whether the plan is giving function back
//! if the same activities are rated again at regular intervals; asked too often, people rate
//! from memory and the answers stop meaning anything. This decides when a check-in should ask.
//!
//! The scale itself sets no schedule. Every two weeks is this programme's choice [U]: long
//! enough for a 2-point change to be possible at the pace a plan progresses, short enough that
//! a programme of about twelve weeks gets five or six ratings, and in step with the review's
//! week-by-week reading of trends.

use crate::day::Day;

/// Days from one PSFS rating (or the intake, which rates the goals first) to the next. 14 [U]:
/// our programme's schedule; Stratford 1995 [S] defines the scale, not how often to use it.
pub const PSFS_RERATE_DAYS: i64 = 14;

/// The day the next re-rating falls due: [`PSFS_RERATE_DAYS`] after the last rating, or after
/// the intake when there has been none since. A "last rating" dated before the intake is the
/// intake's own rating or older, so the intake counts.
pub fn psfs_next(intake_day: Day, last_rating: Option<Day>) -> Day {
    let from = last_rating.map_or(intake_day, |d| d.max(intake_day));
    from.plus(PSFS_RERATE_DAYS)
}

/// `Some(day it fell due)` when a re-rating is due on `today` or overdue (ask for one now; the
/// day says since when), `None` when the next one is still ahead ([`psfs_next`] says when).
pub fn psfs_due(intake_day: Day, last_rating: Option<Day>, today: Day) -> Option<Day> {
    let next = psfs_next(intake_day, last_rating);
    (next <= today).then_some(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Day {
        Day::parse(s).unwrap()
    }

    #[test]
    fn first_rating_is_due_two_weeks_after_intake() {
        let intake = day("2026-03-02");
        assert_eq!(psfs_next(intake, None), day("2026-03-16"));
        assert_eq!(psfs_due(intake, None, day("2026-03-02")), None);
        assert_eq!(psfs_due(intake, None, day("2026-03-15")), None);
        assert_eq!(
            psfs_due(intake, None, day("2026-03-16")),
            Some(day("2026-03-16"))
        );
    }

    #[test]
    fn later_ratings_count_from_the_last_one() {
        let intake = day("2026-03-02");
        // Rated late, on day 17: the next is 14 days after that, not on the intake's cadence.
        let last = Some(day("2026-03-19"));
        assert_eq!(psfs_next(intake, last), day("2026-04-02"));
        assert_eq!(psfs_due(intake, last, day("2026-03-30")), None);
        assert_eq!(psfs_due(intake, last, day("2026-04-01")), None);
        assert_eq!(
            psfs_due(intake, last, day("2026-04-02")),
            Some(day("2026-04-02"))
        );
    }

    #[test]
    fn overdue_reports_the_day_it_fell_due() {
        let intake = day("2026-03-02");
        let last = Some(day("2026-03-16"));
        assert_eq!(
            psfs_due(intake, last, day("2026-05-01")),
            Some(day("2026-03-30"))
        );
        assert_eq!(
            psfs_due(intake, None, day("2026-05-01")),
            Some(day("2026-03-16"))
        );
    }

    #[test]
    fn a_rating_before_the_intake_does_not_move_the_schedule_back() {
        let intake = day("2026-03-02");
        assert_eq!(
            psfs_next(intake, Some(day("2026-02-01"))),
            psfs_next(intake, None)
        );
        assert_eq!(psfs_due(intake, Some(day("2026-02-01")), intake), None);
    }

    #[test]
    fn a_rating_on_the_intake_day_is_the_intake() {
        let intake = day("2026-03-02");
        assert_eq!(psfs_next(intake, Some(intake)), day("2026-03-16"));
    }

    #[test]
    fn crosses_month_and_year_ends() {
        assert_eq!(psfs_next(day("2026-12-25"), None), day("2027-01-08"));
        assert_eq!(psfs_next(day("2028-02-20"), None), day("2028-03-05"));
    }

    #[test]
    fn every_fourteen_days() {
        assert_eq!(PSFS_RERATE_DAYS, 14);
        let intake = day("2026-03-02");
        let mut last = None;
        for k in 1..=6 {
            let next = psfs_next(intake, last);
            assert_eq!(next.since(intake), 14 * k);
            last = Some(next);
        }
    }
}
