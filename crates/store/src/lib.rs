//! Gradus storage.
//!
//! The server talks to a [`Store`]; [`SqlStore`] implements it on SQLite (the default: one file,
//! no other server) and on PostgreSQL (when one machine is not enough), chosen by the database
//! URL. Each backend has its own migrations under `migrations/`. The SQL itself is written once
//! and runs on either pool, so the two backends cannot drift apart; one storage story test runs
//! against both.
//!
//! Health documents (intakes, assessments, plans, log entries, reviews) are stored as the
//! contract's JSON text: the contract is the schema, and a plan saved today can be read back and
//! reviewed next year exactly as it was.

mod backup;
mod cache;
mod chain;
mod ids;
mod model;
mod private;
mod revocations;
mod sql;
mod writer;

pub use backup::{BackupSummary, PG_RECIPE, inspect as inspect_backup};
pub use cache::CachedStore;
pub use chain::{ChainBreak, ChainReport};
pub use model::*;
pub use sql::SqlStore;
pub use writer::LogWriter;

use async_trait::async_trait;
use gradus_core::day::Day;

/// What can go wrong in storage. No database driver type appears here: the layers above
/// decide what a failure means without knowing which backend ran.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique value (such as an email address) is already taken.
    #[error("already exists: {0}")]
    Conflict(String),
    #[error("not found: {0}")]
    NotFound(String),
    /// A stored row that no longer reads as what was written (a bad role, a broken document).
    #[error("corrupt stored row: {0}")]
    Corrupt(String),
    #[error("unsupported database URL (expected sqlite:// or postgres://): {0}")]
    BadUrl(String),
    #[error("storage unavailable: {0}")]
    Unavailable(String),
    #[error("database error: {0}")]
    Db(String),
    #[error("migration failed: {0}")]
    Migrate(String),
    /// Something this database does with its own tools instead.
    #[error("{0}")]
    Unsupported(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
                StoreError::Unavailable(e.to_string())
            }
            other => StoreError::Db(other.to_string()),
        }
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        StoreError::Migrate(e.to_string())
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// How long an `Idempotency-Key` keeps answering with the first write's id: 24 hours.
pub const IDEMPOTENCY_WINDOW_MS: i64 = 24 * 3600 * 1000;

/// Organisations, accounts and the care team's assignments. Writes carry their audit event and
/// commit it in the same transaction.
#[async_trait]
pub trait Accounts: Send + Sync {
    async fn ping(&self) -> Result<()>;
    /// Writes a consistent copy of the whole database into the new file `dest` while others go
    /// on writing (SQLite). PostgreSQL is backed up with `pg_dump`: `Unsupported` says how.
    async fn backup_into(&self, dest: &std::path::Path) -> Result<()>;
    /// Closes every connection (an SQLite database folds its write-ahead log back in).
    async fn close(&self);
    async fn create_org(&self, name: &str, audit: &AuditEvent) -> Result<OrgId>;
    async fn org_by_name(&self, name: &str) -> Result<Option<OrgId>>;
    async fn create_account(&self, new: NewAccount, audit: &AuditEvent) -> Result<Account>;
    async fn account_by_email(&self, email: &str) -> Result<Option<Account>>;
    async fn account_by_id(&self, id: &AccountId) -> Result<Option<Account>>;
    /// Moves an account into an organisation.
    async fn set_org(
        &self,
        account_id: &AccountId,
        org_id: OrgId,
        audit: &AuditEvent,
    ) -> Result<()>;
    /// Sets (or clears) an account's time zone.
    async fn set_time_zone(
        &self,
        account_id: &AccountId,
        time_zone: Option<&str>,
        audit: &AuditEvent,
    ) -> Result<()>;
    /// Puts a member on a clinician's caseload, first moving the member into `org_id` when
    /// given (a member who signed up alone joins the clinician's organisation).
    async fn assign(
        &self,
        clinician_id: &AccountId,
        member_id: &AccountId,
        org_id: Option<OrgId>,
        audit: &AuditEvent,
    ) -> Result<()>;
    /// Takes a member off a clinician's caseload; false when they were not on it. The member
    /// stays in their organisation.
    async fn unassign(
        &self,
        clinician_id: &AccountId,
        member_id: &AccountId,
        audit: &AuditEvent,
    ) -> Result<bool>;
    async fn is_assigned(&self, clinician_id: &AccountId, member_id: &AccountId) -> Result<bool>;
    /// Disables an account (its tokens, sessions and single-use links are deleted in the same
    /// transaction; returns how many) or, with `None`, enables it again.
    async fn set_disabled(
        &self,
        account_id: &AccountId,
        disabled_at: Option<Timestamp>,
        audit: &AuditEvent,
    ) -> Result<u64>;
    /// Whether an organisation requires two-factor sign-in of its staff.
    async fn set_org_requires_two_factor(
        &self,
        org_id: OrgId,
        required: bool,
        audit: &AuditEvent,
    ) -> Result<()>;
    /// A new password hash; every token and session of the account is revoked except `keep`
    /// (the hash of the token that asked). Returns how many were revoked.
    async fn set_password(
        &self,
        account_id: &AccountId,
        password_hash: &str,
        keep: Option<&str>,
        audit: &AuditEvent,
    ) -> Result<u64>;
    async fn totp_state(&self, account_id: &AccountId) -> Result<TotpState>;
    /// Stores (or clears) the secret shown while enrolling; not in effect until confirmed.
    async fn set_totp_pending(
        &self,
        account_id: &AccountId,
        secret: Option<&str>,
        audit: &AuditEvent,
    ) -> Result<()>;
    /// Puts the pending secret in effect, if it is still `secret`, with the step of the code
    /// that confirmed it. False when the pending secret changed meanwhile.
    async fn confirm_totp(
        &self,
        account_id: &AccountId,
        secret: &str,
        step: i64,
        audit: &AuditEvent,
    ) -> Result<bool>;
    /// Records a TOTP step as used, only if it is later than the last one used: false when it
    /// was used already (a code is never accepted twice).
    async fn use_totp_step(&self, account_id: &AccountId, step: i64) -> Result<bool>;
    /// Members assigned to a clinician, or every member of an organisation.
    async fn caseload(
        &self,
        clinician_id: Option<&AccountId>,
        org_id: Option<OrgId>,
    ) -> Result<Vec<Account>>;
}

/// Bearer tokens and web sessions (stored as hashes).
#[async_trait]
pub trait Tokens: Send + Sync {
    /// The SQLite database file, when there is one: processes sharing it tell each other about
    /// revoked tokens through a file beside it (see `revocations`).
    fn database_file(&self) -> Option<std::path::PathBuf> {
        None
    }
    async fn create_token(&self, token: NewToken) -> Result<()>;
    /// The account behind an unexpired token hash.
    async fn token_account(
        &self,
        hash: &str,
        now: Timestamp,
    ) -> Result<Option<(Account, TokenInfo)>>;
    /// Revokes one token or session (signing out), with its audit event.
    async fn revoke_token(&self, hash: &str, audit: &AuditEvent) -> Result<()>;
    /// Revokes every token and session of an account ("sign out everywhere").
    async fn revoke_all_tokens(&self, account_id: &AccountId, audit: &AuditEvent) -> Result<u64>;
    /// Records that a token was used at `now` (for the idle timeout).
    async fn touch_token(&self, hash: &str, now: Timestamp) -> Result<()>;
    /// Deletes tokens that expired by `now`, sessions last seen before `idle_before`, and
    /// single-use tokens that expired or were used. Returns how many rows went.
    async fn purge_expired(
        &self,
        now: Timestamp,
        idle_before: Timestamp,
        audit: &AuditEvent,
    ) -> Result<u64>;
    /// Stores a single-use token (a reset link with its audit event; a sign-in challenge
    /// without one).
    async fn create_single_use(&self, new: NewSingleUse, audit: Option<&AuditEvent>) -> Result<()>;
    /// The account behind an unused, unexpired single-use token, without using it.
    async fn single_use_account(
        &self,
        hash: &str,
        purpose: SingleUse,
        now: Timestamp,
    ) -> Result<Option<AccountId>>;
    /// Uses a single-use token: the account behind it, once.
    async fn take_single_use(
        &self,
        hash: &str,
        purpose: SingleUse,
        now: Timestamp,
    ) -> Result<Option<AccountId>>;
    /// Uses a password reset token and, in the same transaction, sets the new password hash,
    /// revokes every token and session of the account and stores the audit event (its actor
    /// is the account). None when the link is unknown, used or expired.
    async fn reset_password(
        &self,
        hash: &str,
        now: Timestamp,
        password_hash: &str,
        audit: &AuditEvent,
    ) -> Result<Option<AccountId>>;
}

/// A member's health records: intakes with their assessments, plan versions, reviews and the
/// log. Every method takes the member's id: authorization is decided before the store is called,
/// and the store never returns rows of a member it was not asked about.
#[async_trait]
pub trait Records: Send + Sync {
    /// Stores an intake with its assessment and, when there is one, plan version 1, with the
    /// intake's log mark (the last log entry stored before it) and its audit event, atomically.
    async fn save_intake(
        &self,
        member_id: &AccountId,
        new: NewIntake,
        audit: &AuditEvent,
    ) -> Result<IntakeId>;
    /// The latest assessment and its document version.
    async fn latest_assessment(&self, member_id: &AccountId) -> Result<Option<(String, i32)>>;
    async fn current_plan(&self, member_id: &AccountId) -> Result<Option<PlanVersion>>;
    async fn plans(&self, member_id: &AccountId) -> Result<Vec<PlanVersion>>;
    /// Log entries that report a warning sign, stored after the latest intake, in log order.
    async fn warning_signs_since_intake(&self, member_id: &AccountId) -> Result<Vec<LogRow>>;
    /// Adds the next version of the current plan line, with the reasons it changed.
    async fn add_plan_version(
        &self,
        member_id: &AccountId,
        next: NewPlanVersion,
        audit: &AuditEvent,
    ) -> Result<()>;
    /// Stores a review and, when it changed the plan, the next plan version, atomically.
    async fn save_review(
        &self,
        member_id: &AccountId,
        review: NewReview,
        audit: &AuditEvent,
    ) -> Result<ReviewId>;
    /// The latest review, if any.
    async fn latest_review(&self, member_id: &AccountId) -> Result<Option<ReviewRow>>;
    /// Adds log entries in one transaction (the group commit of [`LogWriter`]), each with its
    /// audit event; returns their ids in order.
    async fn add_log_batch(&self, entries: &[NewLogEntry]) -> Result<Vec<LogEntryId>>;
    /// Log entries for the days from `from` to `to`, inclusive, in log order.
    async fn log(
        &self,
        member_id: &AccountId,
        from: Option<Day>,
        to: Option<Day>,
    ) -> Result<Vec<LogRow>>;
    /// How many log entries were stored for a member at or after a moment, counting no further
    /// than `up_to` (a quota needs to know only whether it is reached; the cost stays bounded).
    async fn log_entries_since(
        &self,
        member_id: &AccountId,
        since: Timestamp,
        up_to: u64,
    ) -> Result<u64>;
    /// How many intakes were stored for a member at or after a moment, up to `up_to`.
    async fn intakes_since(
        &self,
        member_id: &AccountId,
        since: Timestamp,
        up_to: u64,
    ) -> Result<u64>;
    /// Everything stored about a member, read in one transaction.
    async fn export(&self, member_id: &AccountId) -> Result<Export>;
    /// Deletes a member's health data and account; the audit keeps only that it happened.
    async fn delete_member(&self, member_id: &AccountId, event: AuditEvent) -> Result<()>;
}

/// The append-only audit trail.
#[async_trait]
pub trait Audit: Send + Sync {
    async fn audit_batch(&self, events: &[AuditEvent]) -> Result<()>;
    async fn audit_query(
        &self,
        member_id: Option<&AccountId>,
        since: Option<Timestamp>,
    ) -> Result<Vec<AuditRow>>;
    /// Walks the hash chain from its first row to its head and reports the first broken link.
    async fn audit_verify(&self) -> Result<ChainReport>;
}

/// Everything the application stores, one concern per trait.
pub trait Store: Accounts + Tokens + Records + Audit + 'static {}
impl<T: Accounts + Tokens + Records + Audit + 'static> Store for T {}

/// Opens the store a URL names, creating the SQLite file and its folder if needed, and applies
/// migrations.
pub async fn open(url: &str) -> Result<SqlStore> {
    SqlStore::open(url).await
}
