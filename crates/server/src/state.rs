//! Shared state handed to every handler.

use std::sync::Arc;

use gradus_core::{Library, Settings};
use gradus_store::{LogWriter, Store};

use crate::audit::AuditSink;
use crate::auth::limiter::Limiter;

#[derive(Debug, Clone)]
pub struct Config {
    /// Anyone may create a member account.
    pub signup_open: bool,
    /// Mark session cookies Secure (set when served over TLS or behind a TLS proxy).
    pub secure_cookies: bool,
    /// Lifetime of API tokens and sessions, in seconds.
    pub token_ttl_secs: i64,
    /// Failed or attempted logins allowed per minute per address and per email.
    pub login_attempts_per_minute: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            signup_open: true,
            secure_cookies: false,
            token_ttl_secs: 7 * 24 * 3600,
            login_attempts_per_minute: 10,
        }
    }
}

pub struct Inner {
    pub store: Arc<dyn Store>,
    pub lib: Library,
    pub settings: Settings,
    pub writer: LogWriter,
    pub audit: AuditSink,
    pub limiter: Limiter,
    pub config: Config,
}

#[derive(Clone)]
pub struct AppState(pub Arc<Inner>);

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    /// Builds the state; starts the log writer and audit tasks on the current runtime.
    pub fn new(store: Arc<dyn Store>, lib: Library, config: Config) -> AppState {
        let writer = LogWriter::start(store.clone());
        let audit = AuditSink::start(store.clone());
        let limiter = Limiter::new(config.login_attempts_per_minute);
        AppState(Arc::new(Inner {
            store,
            lib,
            settings: Settings::default(),
            writer,
            audit,
            limiter,
            config,
        }))
    }
}
