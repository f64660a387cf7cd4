//! Security headers on every response: no framing, no sniffing, no referrer leaks, a strict
//! content security policy (pages use only their own scripts and styles), no caching of health
//! data, and HSTS when served over TLS.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/// HSTS once the server says it is behind TLS (`--secure-cookies`): a year, so a browser that has
/// seen it once never goes back to plain HTTP for this host.
const HSTS: &str = "max-age=31536000";

pub async fn headers(
    State(state): State<crate::state::AppState>,
    req: Request,
    next: Next,
) -> Response {
    let mut res = next.run(req).await;
    // Errors raised by framework layers (405, 408, 413) arrive as plain text or empty bodies;
    // every API error is problem+json.
    let status = res.status();
    let typed = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json") || v.contains("html"));
    if (status.is_client_error() || status.is_server_error()) && !typed {
        let allow = res.headers().get(header::ALLOW).cloned();
        let title = status.canonical_reason().unwrap_or("Error");
        let body =
            serde_json::json!({ "type": "about:blank", "title": title, "status": status.as_u16() });
        res = (status, axum::Json(body)).into_response();
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let Some(a) = allow {
            res.headers_mut().insert(header::ALLOW, a);
        }
    }
    let h = res.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, k: header::HeaderName, v: &'static str| {
        h.entry(k).or_insert(HeaderValue::from_static(v));
    };
    set(h, header::CONTENT_SECURITY_POLICY, CSP);
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(h, header::REFERRER_POLICY, "no-referrer");
    set(h, header::CACHE_CONTROL, "no-store");
    set(
        h,
        header::HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    set(
        h,
        header::HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=()",
    );
    if state.config.secure_cookies {
        set(h, header::STRICT_TRANSPORT_SECURITY, HSTS);
    }
    res
}
