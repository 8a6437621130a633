//! Logging and tracing set-up. Log lines carry ids, counts and decisions, never message text,
//! phone numbers or secrets: callers keep those out of fields, and HTTP spans record the path
//! without its query string (the verification handshake carries the verify token there).

use tracing_subscriber::EnvFilter;

/// Installs the global subscriber once; later calls (tests) are ignored.
pub fn init(filter: &str) {
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .try_init();
}

/// The span of one HTTP request: method and path only.
pub fn http_span(request: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    tracing::info_span!(
        "http",
        method = %request.method(),
        path = %request.uri().path(),
    )
}
