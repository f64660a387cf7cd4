//! The application owns the clock; the rules never read it.

use std::time::{SystemTime, UNIX_EPOCH};

use gradus_core::day::Day;

/// Milliseconds since the epoch.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// Today's date (UTC).
pub fn today() -> Day {
    Day::from_unix_days(now_ms().div_euclid(86_400_000))
}
