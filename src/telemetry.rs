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

/// For the command-line tools whose stdout is their output (`draft`): log lines go to stderr,
/// at `RUST_LOG`'s filter when it is set, else warnings only.
pub fn init_stderr() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_writer(std::io::stderr)
        .try_init();
}

/// As [`init`], and besides every event at every level written to `logs` (the eval runner
/// searches them for the personal data it seeded).
pub fn init_capturing(filter: &str, logs: &crate::eval::logs::Captured) {
    use tracing_subscriber::Layer;
    use tracing_subscriber::layer::SubscriberExt;
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let terminal = tracing_subscriber::fmt::layer()
        .with_target(false)
        .with_writer(std::io::stderr)
        .with_filter(filter);
    let capture = tracing_subscriber::fmt::layer()
        .with_ansi(false)
        .with_writer(logs.make_writer())
        .with_filter(EnvFilter::new("trace"));
    let _ = tracing::subscriber::set_global_default(
        tracing_subscriber::registry().with(capture).with(terminal),
    );
}

/// The span of one HTTP request: method and path only.
pub fn http_span(request: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    tracing::info_span!(
        "http",
        method = %request.method(),
        path = %request.uri().path(),
    )
}
