//! The application owns the clock; the rules never read it. Times are jiff's; the rules get
//! plain days (`gradus_core::day::Day`).
//!
//! "Today" is the member's own day, in their time zone: a session logged at 7 pm in Los Angeles
//! belongs to that evening, not to the next UTC day. For tests and simulations the environment
//! variable `GRADUS_TODAY=YYYY-MM-DD` fixes the day (never the timestamps) for every command and
//! the server; it is a testing aid, never set in production.

use std::sync::OnceLock;

use gradus_core::day::Day;
use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::error::{AppError, AppResult};

/// This moment, as the store keeps it.
pub fn now() -> gradus_store::Timestamp {
    gradus_store::Timestamp::from_millis(Timestamp::now().as_millisecond())
}

/// The day fixed by `GRADUS_TODAY`, if set (read once).
fn fixed_today() -> Option<Day> {
    static FIXED: OnceLock<Option<Day>> = OnceLock::new();
    *FIXED.get_or_init(|| {
        let v = std::env::var("GRADUS_TODAY").ok()?;
        match Day::parse(v.trim()) {
            Ok(d) => Some(d),
            Err(m) => {
                tracing::error!("GRADUS_TODAY is ignored: {m}");
                None
            }
        }
    })
}

/// Today in a time zone (an IANA name such as `Europe/London`; none or unknown: UTC).
pub fn today_in(time_zone: Option<&str>) -> Day {
    if let Some(d) = fixed_today() {
        return d;
    }
    let tz = time_zone
        .and_then(|name| TimeZone::get(name).ok())
        .unwrap_or(TimeZone::UTC);
    let date = Timestamp::now().to_zoned(tz).date();
    Day::parse(&date.to_string()).unwrap_or_else(|_| utc_today())
}

/// The day a stored moment fell on in a time zone (none or unknown: UTC).
pub fn day_in(at: gradus_store::Timestamp, time_zone: Option<&str>) -> Day {
    let tz = time_zone
        .and_then(|name| TimeZone::get(name).ok())
        .unwrap_or(TimeZone::UTC);
    Timestamp::from_millisecond(at.millis())
        .ok()
        .and_then(|t| Day::parse(&t.to_zoned(tz).date().to_string()).ok())
        .unwrap_or_else(|| Day::from_unix_days(at.millis().div_euclid(86_400_000)))
}

/// Today (UTC), for what belongs to no member.
pub fn today() -> Day {
    fixed_today().unwrap_or_else(utc_today)
}

fn utc_today() -> Day {
    Day::from_unix_days(now().millis().div_euclid(86_400_000))
}

/// A moment as `YYYY-MM-DD HH:MM:SS` UTC, for people reading logs and audit trails.
pub fn format_utc(at: gradus_store::Timestamp) -> String {
    let ms = at.millis();
    Timestamp::from_millisecond(ms)
        .map(|t| t.strftime("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_else(|_| ms.to_string())
}

/// The longest time-zone name we store (IANA names are far shorter).
const TIME_ZONE_MAX: usize = 64;

/// A time zone as the IANA time-zone database names it, checked against that database.
pub fn check_time_zone(field: &str, name: &str) -> AppResult<String> {
    let name = name.trim();
    let known = !name.is_empty()
        && name.len() <= TIME_ZONE_MAX
        && !name.contains('\0')
        && TimeZone::get(name).is_ok();
    if known {
        Ok(name.to_string())
    } else {
        Err(AppError::field(
            field,
            format!(
                "expected a time zone such as Europe/London or America/New_York, found {:?}",
                name.chars().take(40).collect::<String>()
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_zones_are_checked_against_the_database() {
        assert_eq!(
            check_time_zone("tz", "Europe/London").unwrap(),
            "Europe/London"
        );
        assert!(check_time_zone("tz", "America/Los_Angeles").is_ok());
        assert!(check_time_zone("tz", "Mars/Olympus").is_err());
        assert!(check_time_zone("tz", "").is_err());
    }

    #[test]
    fn days_differ_across_the_date_line() {
        // Kiritimati (UTC+14) and Pago Pago (UTC-11) are never on the same day.
        if std::env::var("GRADUS_TODAY").is_err() {
            let east = today_in(Some("Pacific/Kiritimati"));
            let west = today_in(Some("Pacific/Pago_Pago"));
            assert!((1..=2).contains(&east.since(west)), "{east} {west}");
        }
    }

    #[test]
    fn a_moment_falls_on_the_members_day() {
        // 2026-03-02 03:00 UTC is still the evening of 1 March in Los Angeles.
        let at = gradus_store::Timestamp::from_millis(1_772_420_400_000);
        assert_eq!(day_in(at, None).to_string(), "2026-03-02");
        assert_eq!(
            day_in(at, Some("America/Los_Angeles")).to_string(),
            "2026-03-01"
        );
    }

    #[test]
    fn utc_format_reads_as_a_date_and_time() {
        assert_eq!(
            format_utc(gradus_store::Timestamp::from_millis(0)),
            "1970-01-01 00:00:00"
        );
    }
}
