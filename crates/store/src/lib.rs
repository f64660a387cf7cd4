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

mod cache;
mod model;
mod sql;
mod writer;

pub use cache::CachedStore;
pub use model::*;
pub use sql::SqlStore;
pub use writer::LogWriter;

use async_trait::async_trait;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique value (such as an email address) is already taken.
    #[error("already exists: {0}")]
    Conflict(String),
    #[error("not found: {0}")]
    NotFound(String),
    #[error("unsupported database URL (expected sqlite:// or postgres://): {0}")]
    BadUrl(String),
    #[error("storage unavailable: {0}")]
    Unavailable(String),
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// Everything the server stores. Every method that touches a member's data takes the member's
/// id: authorization is decided before the store is called, and the store never returns rows of
/// a member it was not asked about.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    async fn ping(&self) -> Result<()>;

    async fn create_org(&self, name: &str) -> Result<i64>;
    async fn org_by_name(&self, name: &str) -> Result<Option<i64>>;
    async fn create_account(&self, new: NewAccount) -> Result<Account>;
    async fn account_by_email(&self, email: &str) -> Result<Option<Account>>;
    async fn account_by_id(&self, id: &str) -> Result<Option<Account>>;
    async fn set_org(&self, account_id: &str, org_id: i64) -> Result<()>;
    async fn assign(&self, clinician_id: &str, member_id: &str) -> Result<()>;
    async fn is_assigned(&self, clinician_id: &str, member_id: &str) -> Result<bool>;
    /// Members assigned to a clinician, or every member of an organisation.
    async fn caseload(
        &self,
        clinician_id: Option<&str>,
        org_id: Option<i64>,
    ) -> Result<Vec<Account>>;

    async fn create_token(&self, token: NewToken) -> Result<()>;
    /// The account behind an unexpired token hash.
    async fn token_account(&self, hash: &str, now: i64) -> Result<Option<(Account, TokenInfo)>>;
    async fn revoke_token(&self, hash: &str) -> Result<()>;

    /// Stores an intake with its assessment and, when there is one, plan version 1, atomically.
    async fn save_intake(
        &self,
        member_id: &str,
        intake: &str,
        assessment: &str,
        plan: Option<&str>,
        now: i64,
    ) -> Result<i64>;
    async fn latest_assessment(&self, member_id: &str) -> Result<Option<String>>;
    async fn current_plan(&self, member_id: &str) -> Result<Option<PlanVersion>>;
    async fn plans(&self, member_id: &str) -> Result<Vec<PlanVersion>>;
    /// Adds the next version of the current plan line, with the reasons it changed.
    async fn add_plan_version(
        &self,
        member_id: &str,
        intake_id: i64,
        version: i64,
        plan: &str,
        reasons: &str,
        now: i64,
    ) -> Result<()>;
    async fn add_review(&self, member_id: &str, review: &str, now: i64) -> Result<i64>;

    /// Adds log entries in one transaction (the group commit of [`LogWriter`]), each with its
    /// audit event; returns their ids in order.
    async fn add_log_batch(&self, entries: &[NewLogEntry]) -> Result<Vec<i64>>;
    async fn log(
        &self,
        member_id: &str,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<Vec<LogRow>>;

    async fn export(&self, member_id: &str) -> Result<Export>;
    /// Deletes a member's health data and account; the audit keeps only that it happened.
    async fn delete_member(&self, member_id: &str, event: AuditEvent) -> Result<()>;

    async fn audit_batch(&self, events: &[AuditEvent]) -> Result<()>;
    async fn audit_query(
        &self,
        member_id: Option<&str>,
        since: Option<i64>,
    ) -> Result<Vec<AuditRow>>;
}

/// Opens the store a URL names, creating the SQLite file and its folder if needed, and applies
/// migrations.
pub async fn open(url: &str) -> Result<SqlStore> {
    SqlStore::open(url).await
}
