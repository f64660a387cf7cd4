//! The store's words for who, which and when. Each is its own type so that a member's id cannot
//! be passed where an organisation's belongs, a log entry's row where an intake's belongs, or
//! milliseconds where a day belongs; the compiler checks what a `&str` and an `i64` could not.
//! Days are core's [`gradus_core::day::Day`]: the member's local calendar day, never a time.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An account: a member, a clinician or an administrator.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, sqlx::Type,
)]
#[serde(transparent)]
#[sqlx(transparent)]
pub struct AccountId(pub(crate) String);

impl AccountId {
    /// The longest id accepted from outside (ours are 36-character UUIDs).
    pub const MAX_LEN: usize = 64;

    /// A new random id.
    pub fn generate() -> AccountId {
        AccountId(uuid::Uuid::new_v4().to_string())
    }

    /// An id given from outside (a URL, a command line): printable ASCII only, 1 to
    /// [`Self::MAX_LEN`] characters, so no control character or NUL ever reaches a query.
    pub fn parse(s: &str) -> Option<AccountId> {
        let ok = !s.is_empty()
            && s.len() <= Self::MAX_LEN
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        ok.then(|| AccountId(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

macro_rules! row_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
            sqlx::Type,
        )]
        #[serde(transparent)]
        #[sqlx(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }

        impl From<$name> for i64 {
            fn from(id: $name) -> i64 {
                id.0
            }
        }
    };
}

row_id!(
    /// An organisation (a clinic, an employer, a health plan).
    OrgId
);
row_id!(
    /// A stored intake, the start of a plan line.
    IntakeId
);
row_id!(
    /// A stored log entry (a session or a check-in).
    LogEntryId
);
row_id!(
    /// A stored review.
    ReviewId
);
row_id!(
    /// A row of the audit trail.
    AuditId
);

/// A moment, in milliseconds since the Unix epoch (UTC). Stored as such; turned into a member's
/// local day only by the application, which knows the member's time zone.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, sqlx::Type,
)]
#[serde(transparent)]
#[sqlx(transparent)]
pub struct Timestamp(pub(crate) i64);

impl Timestamp {
    pub const fn from_millis(ms: i64) -> Timestamp {
        Timestamp(ms)
    }

    pub const fn millis(self) -> i64 {
        self.0
    }

    /// This moment plus (or minus) some milliseconds.
    pub const fn plus_millis(self, ms: i64) -> Timestamp {
        Timestamp(self.0.saturating_add(ms))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_outside_are_printable_and_short() {
        let ours = AccountId::generate();
        assert_eq!(AccountId::parse(ours.as_str()), Some(ours));
        for bad in ["", "a\0b", "a b", "é", "a/b", &"x".repeat(65)] {
            assert_eq!(AccountId::parse(bad), None, "{bad:?}");
        }
        assert!(AccountId::parse(&"x".repeat(64)).is_some());
    }

    #[test]
    fn timestamps_add_without_overflow() {
        let t = Timestamp::from_millis(i64::MAX - 1);
        assert_eq!(t.plus_millis(10).millis(), i64::MAX);
        assert_eq!(Timestamp::from_millis(5).plus_millis(-2).millis(), 3);
    }
}
