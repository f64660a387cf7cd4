//! Per-member quotas: how much one account may store in a day.
//!
//! Every write is small, but nothing else stops one account (or a script holding its token) from
//! storing without end: a log entry a millisecond fills the disk every member shares, and each
//! intake stores a whole plan. A day's quota is far above what a person in a programme writes
//! (a few sessions and a check-in a day; a new assessment now and then), so it only ever meets
//! a runaway client.

use gradus_store::{AccountId, Timestamp};

use crate::App;
use crate::error::{AppError, AppResult};

/// One day, in milliseconds: quotas count what was stored in the last 24 hours.
const DAY_MS: i64 = 24 * 3600 * 1000;

/// What one member may store in 24 hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quotas {
    /// Log entries (sessions, check-ins, measures).
    pub log_entries_per_day: u32,
    /// Intakes (each one a new assessment and plan).
    pub intakes_per_day: u32,
}

impl Default for Quotas {
    fn default() -> Self {
        Quotas {
            log_entries_per_day: 500,
            intakes_per_day: 50,
        }
    }
}

/// What a quota counts.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Counted {
    LogEntries,
    Intakes,
}

impl App {
    /// Refuses a write that would take a member past their quota for the last 24 hours.
    pub(crate) async fn within_quota(
        &self,
        member_id: &AccountId,
        what: Counted,
        now: Timestamp,
    ) -> AppResult<()> {
        let since = now.plus_millis(-DAY_MS);
        let (stored, max, name) = match what {
            Counted::LogEntries => (
                self.store
                    .log_entries_since(member_id, since, self.quotas.log_entries_per_day.into())
                    .await?,
                self.quotas.log_entries_per_day,
                "log entries",
            ),
            Counted::Intakes => (
                self.store
                    .intakes_since(member_id, since, self.quotas.intakes_per_day.into())
                    .await?,
                self.quotas.intakes_per_day,
                "intakes",
            ),
        };
        if stored >= u64::from(max) {
            return Err(AppError::QuotaExceeded(format!(
                "at most {max} {name} a day may be stored for one member; try again tomorrow"
            )));
        }
        Ok(())
    }
}
