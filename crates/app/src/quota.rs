//! Per-member quotas: how much one account may store in a day.
//!
//! Every write is small, but nothing else stops one account (or a script holding its token) from
//! storing without end: a log entry a millisecond fills the disk every member shares, and each
//! intake stores a whole plan. A day's quota is far above what a person in a programme writes
//! (a few sessions and a check-in a day; a new assessment now and then), so it only ever meets
//! a runaway client.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Counted {
    LogEntries,
    Intakes,
}

/// How long a member's count is trusted before it is read from the database again. Between
/// reads it only grows with this server's writes; another server's writes are seen at the next
/// read, so with several servers a member can overshoot by at most what they write in a minute.
const RECOUNT: std::time::Duration = std::time::Duration::from_secs(60);

/// Each member's recent count per kind, so that a write costs no count query: the count is read
/// from the database once a minute (and only as far as the quota), then kept up here.
pub(crate) struct Counts(moka::sync::Cache<(AccountId, Counted), Arc<AtomicU64>>);

impl Counts {
    pub(crate) fn new() -> Counts {
        Counts(
            moka::sync::Cache::builder()
                .max_capacity(200_000)
                .time_to_live(RECOUNT)
                .build(),
        )
    }
}

impl App {
    /// Refuses a write that would take a member past their quota for the last 24 hours, and
    /// counts it otherwise (a write that then fails still counts: the quota errs on the side of
    /// refusing a runaway client, never a person's few entries).
    pub(crate) async fn within_quota(
        &self,
        member_id: &AccountId,
        what: Counted,
        now: Timestamp,
    ) -> AppResult<()> {
        let (max, name) = match what {
            Counted::LogEntries => (self.quotas.log_entries_per_day, "log entries"),
            Counted::Intakes => (self.quotas.intakes_per_day, "intakes"),
        };
        let key = (member_id.clone(), what);
        let count = match self.counts.0.get(&key) {
            Some(c) => c,
            None => {
                let since = now.plus_millis(-DAY_MS);
                let stored = match what {
                    Counted::LogEntries => {
                        self.store
                            .log_entries_since(member_id, since, max.into())
                            .await?
                    }
                    Counted::Intakes => {
                        self.store
                            .intakes_since(member_id, since, max.into())
                            .await?
                    }
                };
                // Two first writes at once may both count; the later insert wins, which can
                // only under-count by the writes in flight.
                let c = Arc::new(AtomicU64::new(stored));
                self.counts.0.insert(key, c.clone());
                c
            }
        };
        if count.fetch_add(1, Ordering::SeqCst) >= u64::from(max) {
            count.fetch_sub(1, Ordering::SeqCst);
            return Err(AppError::QuotaExceeded(format!(
                "at most {max} {name} a day may be stored for one member; try again tomorrow"
            )));
        }
        Ok(())
    }
}
