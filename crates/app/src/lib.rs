//! Gradus use cases: the one room where surfaces reach the rules and the records.
//!
//! The JSON API, the web pages, the command line and the server's own jobs are thin surfaces:
//! they translate a request into a call here and an outcome back into their own form. Each rule
//! is applied once, in `gradus_core`, and each use case decides authorization, applies the rules,
//! and writes its records with their audit row in one transaction. A rule that appears in a
//! handler or a page is in the wrong room (see ARCHITECTURE.md).

pub mod access;
pub mod account_access;
pub mod accounts;
pub mod actor;
pub mod audit;
pub mod backup;
pub mod care;
pub mod clock;
pub mod error;
pub mod export;
pub mod intake;
pub mod log;
pub mod password;
pub mod quota;
pub mod review;
pub mod sessions;
pub mod status;
pub(crate) mod stored;
pub mod totp;

use std::sync::Arc;

use gradus_core::{Library, Settings};
use gradus_store::{CachedStore, LogWriter, Store};

pub use actor::{Action, Actor, Outcome};
pub use audit::AuditSink;
pub use error::{AppError, AppResult};
pub use quota::Quotas;
pub use status::PlanView;

/// The application: the store (behind its cache), the content library, the settings of the
/// rules and the background writers. Cheap to clone.
#[derive(Clone)]
pub struct App(Arc<Inner>);

pub struct Inner {
    pub store: Arc<dyn Store>,
    pub lib: Library,
    pub settings: Settings,
    /// What one member may store in a day.
    pub quotas: Quotas,
    counts: quota::Counts,
    writer: LogWriter,
    audit: AuditSink,
    backend: &'static str,
    /// Plan versions (member, intake, version) already read back as a whole plan. Versions are
    /// never rewritten, so a version checked once stays checked and the hot read can splice
    /// the stored JSON without parsing it again.
    checked_plans: moka::sync::Cache<(gradus_store::AccountId, gradus_store::IntakeId, i64), ()>,
}

impl std::ops::Deref for App {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl App {
    /// Opens the database a URL names and builds the application exactly as `gradus serve`
    /// does: every surface and every test starts here. Needs a Tokio runtime (it starts the
    /// log and audit writers).
    pub async fn open(database: &str) -> AppResult<App> {
        App::open_with(database, Quotas::default()).await
    }

    /// [`App::open`] with the operator's quotas.
    pub async fn open_with(database: &str, quotas: Quotas) -> AppResult<App> {
        let store = gradus_store::open(database).await?;
        let backend = store.backend();
        App::build(Arc::new(store), backend, quotas)
    }

    /// The application over a store (wrapped in the read cache), with the embedded content.
    pub fn build(store: Arc<dyn Store>, backend: &'static str, quotas: Quotas) -> AppResult<App> {
        let lib = gradus_content::load().map_err(|e| AppError::Internal(e.to_string()))?;
        let store: Arc<dyn Store> = Arc::new(CachedStore::new(store));
        Ok(App(Arc::new(Inner {
            writer: LogWriter::start(store.clone()),
            audit: AuditSink::start(store.clone()),
            store,
            lib,
            settings: Settings::default(),
            quotas,
            counts: quota::Counts::new(),
            backend,
            checked_plans: moka::sync::Cache::new(200_000),
        })))
    }

    /// `sqlite` or `postgres`.
    pub fn backend(&self) -> &'static str {
        self.backend
    }

    /// The read audit, for surfaces that record their own events (sign-in).
    pub fn audit(&self) -> &AuditSink {
        &self.audit
    }

    /// Waits until every queued audit event is stored. Call on shutdown.
    pub async fn shutdown(&self) {
        self.audit.flush().await;
    }

    /// [`App::shutdown`], then closes the database (for commands that go on to move its file).
    pub async fn close(&self) {
        self.shutdown().await;
        self.store.close().await;
    }
}
