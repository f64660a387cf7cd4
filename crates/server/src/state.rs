//! Shared state handed to every handler: the application (use cases, store, content) and what
//! only the HTTP surface needs (its configuration and the sign-in limiter).

use std::sync::Arc;

use gradus_app::App;

use crate::auth::limiter::{KnownAddresses, Limiter};

#[derive(Debug, Clone)]
pub struct Config {
    /// Anyone may create a member account.
    pub signup_open: bool,
    /// Mark session cookies Secure (set when served over TLS or behind a TLS proxy).
    pub secure_cookies: bool,
    /// Lifetime of API tokens and sessions, in seconds.
    pub token_ttl_secs: i64,
    /// Sign-in attempts allowed per minute per address, and per address and account. An account
    /// takes three times this per minute from addresses it has not signed in from recently.
    pub login_attempts_per_minute: usize,
    /// Member sign-ups allowed per minute from one address.
    pub signups_per_minute: usize,
    /// Proxies whose `X-Forwarded-For` names the client (`--trusted-proxy`); none by default.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// How long a connection may take to send a request's headers before it is closed.
    pub header_read_timeout_secs: u64,
    /// Connections held at once; past this, new ones wait until one closes.
    pub max_connections: usize,
    /// What one member may store in a day.
    pub quotas: gradus_app::Quotas,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            signup_open: true,
            secure_cookies: false,
            token_ttl_secs: 7 * 24 * 3600,
            login_attempts_per_minute: 10,
            signups_per_minute: 30,
            trusted_proxies: Vec::new(),
            header_read_timeout_secs: 10,
            max_connections: 1024,
            quotas: gradus_app::Quotas::default(),
        }
    }
}

pub struct Inner {
    pub app: App,
    pub limiter: Limiter,
    /// Attempts per account from addresses it has not signed in from (see `auth::sign_in`).
    pub account_limiter: Limiter,
    pub known_addresses: KnownAddresses,
    pub signup_limiter: Limiter,
    pub config: Config,
}

/// Handlers reach the application's fields (`state.store`, `state.lib`) through `Deref`.
impl std::ops::Deref for Inner {
    type Target = App;
    fn deref(&self) -> &App {
        &self.app
    }
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
    pub fn new(app: App, config: Config) -> AppState {
        let limiter = Limiter::new(config.login_attempts_per_minute);
        let account_limiter = Limiter::new(config.login_attempts_per_minute * 3);
        let signup_limiter = Limiter::new(config.signups_per_minute);
        AppState(Arc::new(Inner {
            app,
            limiter,
            account_limiter,
            known_addresses: KnownAddresses::default(),
            signup_limiter,
            config,
        }))
    }
}

/// The one way to build the server's state: `gradus serve` and the integration tests both call
/// this, so the cache, the writers and the content under test are the ones that run.
pub async fn build_state(database: &str, config: Config) -> Result<AppState, String> {
    let app = App::open_with(database, config.quotas)
        .await
        .map_err(|e| format!("opening the database: {e}"))?;
    Ok(AppState::new(app, config))
}
