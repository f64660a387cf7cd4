//! Calendar days as plain numbers. Review reads trends over day windows; it needs to parse
//! `YYYY-MM-DD`, count days between dates and step back a week, and nothing else (no time
//! zones, no clock), so a small proleptic-Gregorian day count keeps `core` free of dependencies.

use std::fmt;

/// Days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(i64);

impl Day {
    /// Parses `YYYY-MM-DD`, refusing impossible dates such as 2026-02-30.
    pub fn parse(s: &str) -> Result<Day, String> {
        let bad = || format!("expected a date YYYY-MM-DD, found {s:?}");
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(bad());
        }
        let num = |r: std::ops::Range<usize>| s[r].parse::<i64>().map_err(|_| bad());
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
            return Err(bad());
        }
        Ok(Day(days_from_civil(y, m, d)))
    }

    /// The day a count of days since 1970-01-01 falls on (the caller owns the clock).
    pub fn from_unix_days(days: i64) -> Day {
        Day(days)
    }

    pub fn plus(self, days: i64) -> Day {
        Day(self.0 + days)
    }

    /// Whole days from `earlier` to `self`.
    pub fn since(self, earlier: Day) -> i64 {
        self.0 - earlier.0
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = civil_from_days(self.0);
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

/// Written as `YYYY-MM-DD`, the contract's form of a day.
impl serde::Serialize for Day {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Day {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Day, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Day::parse(&text).map_err(serde::de::Error::custom)
    }
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's days_from_civil / civil_from_days.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_counts() {
        let a = Day::parse("2026-11-02").unwrap();
        assert_eq!(a.to_string(), "2026-11-02");
        assert_eq!(Day::parse("2026-12-01").unwrap().since(a), 29);
        assert_eq!(Day::parse("1970-01-01").unwrap(), Day(0));
        assert_eq!(
            Day::parse("2024-03-01")
                .unwrap()
                .since(Day::parse("2024-02-28").unwrap()),
            2
        );
    }

    #[test]
    fn refuses_impossible_dates() {
        for s in [
            "2026-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-4-1",
            "yesterday",
            "2026-04-31",
        ] {
            assert!(Day::parse(s).is_err(), "{s}");
        }
        assert!(Day::parse("2024-02-29").is_ok());
    }

    proptest::proptest! {
        #[test]
        fn display_parse_round_trip(n in -200_000i64..200_000) {
            let d = Day(n);
            proptest::prop_assert_eq!(Day::parse(&d.to_string()).unwrap(), d);
        }
    }
}
