//! The server owns the clock; the rules never read it.

use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since the epoch.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// Today's date (UTC) as YYYY-MM-DD.
pub fn today() -> String {
    gradus_core::day::Day::from_unix_days(now_ms().div_euclid(86_400_000)).to_string()
}
