//! The Gradus server: a thin HTTP layer over the core rules and the store.
//!
//! `app` builds the whole router (API and pages) around an `AppState`, so tests run it
//! in-process or on a real port 0; `serve` adds the listener, signals and graceful shutdown.

pub mod auth;
pub mod body;
pub mod client;
pub use gradus_app::clock;
pub mod error;
pub mod listen;
pub mod openapi;
pub mod routes;
pub mod security;
pub mod state;
pub mod web;

use std::io::Write as _;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::get;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use listen::serve_on;
pub use state::{AppState, Config, build_state};

use routes::{accounts, health, me, members};

#[derive(OpenApi)]
#[openapi(info(title = "Gradus API", version = "1"))]
struct ApiDoc;

/// The API router and its OpenAPI document.
pub fn api() -> (Router<AppState>, serde_json::Value) {
    let (router, doc) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(health::healthz))
        .routes(routes!(accounts::sign_up))
        .routes(routes!(accounts::token))
        .routes(routes!(accounts::logout))
        .routes(routes!(me::put_intake))
        .routes(routes!(me::get_plan))
        .routes(routes!(me::get_plans))
        .routes(routes!(me::post_log, me::get_log))
        .routes(routes!(me::post_review))
        .routes(routes!(me::get_export))
        .routes(routes!(me::get_access))
        .routes(routes!(me::delete_me))
        .routes(routes!(members::list))
        .routes(routes!(members::plan))
        .routes(routes!(members::log))
        .routes(routes!(members::assessment))
        .routes(routes!(members::approve))
        .routes(routes!(members::record_measure))
        .split_for_parts();
    (router, openapi::finish(doc))
}

/// The whole application.
pub fn app(state: AppState) -> Router {
    let (api, doc) = api();
    let doc = Arc::new(doc);
    api.route(
        "/api/openapi.json",
        get(move || {
            let doc = doc.clone();
            async move { axum::Json((*doc).clone()) }
        }),
    )
    .merge(web::router())
    .fallback(|| async { error::ApiError::NotFound })
    .layer(DefaultBodyLimit::max(256 * 1024))
    .layer(RequestBodyLimitLayer::new(256 * 1024))
    .layer(TimeoutLayer::with_status_code(
        StatusCode::REQUEST_TIMEOUT,
        Duration::from_secs(30),
    ))
    .layer(axum::middleware::from_fn_with_state(
        state.clone(),
        security::headers,
    ))
    .layer(axum::middleware::from_fn_with_state(
        state.clone(),
        client::resolve,
    ))
    .with_state(state)
}

/// Opens the store, builds the state and serves until SIGTERM or Ctrl-C.
pub async fn serve(listen: &str, database: &str, config: Config) -> Result<(), String> {
    // Logs go to stderr, filtered by GRADUS_LOG (default "info"). Nothing logs request bodies,
    // so no health data reaches the log; internal errors log their cause only.
    let filter =
        tracing_subscriber::EnvFilter::try_from_env("GRADUS_LOG").unwrap_or_else(|_| "info".into());
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
    let state = build_state(database, config).await?;
    let backend = state.app.backend();
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|e| format!("listening on {listen}: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    println!("Gradus is running at http://{addr}/ ({backend} database). Press Ctrl-C to stop.");
    serve_on(listener, state.clone(), shutdown())
        .await
        .map_err(|e| e.to_string())?;
    // Every read audited before the stop is stored before the process ends.
    state.app.shutdown().await;
    // stdout may be gone (a closed pipe); that must not turn a clean stop into a crash.
    let _ = writeln!(std::io::stdout(), "Gradus stopped.");
    Ok(())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
