//! Logging and tracing set-up. Log lines carry ids, counts and decisions, never message text,
//! phone numbers or secrets: callers keep those out of fields, and HTTP spans record the path
//! without its query string (the verification handshake carries the verify token there).

use std::io::IsTerminal;

use tracing::Subscriber;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::{EnvFilter, Layer};

use crate::config::LogFormat;

/// Installs the global subscriber once; later calls (tests) are ignored.
pub fn init(filter: &str, format: LogFormat) {
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing::subscriber::set_global_default(
        tracing_subscriber::registry().with(stderr_layer(format).with_filter(filter)),
    );
}

/// For the command-line tools whose output is read by people and programs alike (`draft`):
/// at `RUST_LOG`'s filter when it is set, else warnings only.
pub fn init_quiet(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("warn"));
    let _ = tracing::subscriber::set_global_default(
        tracing_subscriber::registry().with(stderr_layer(format).with_filter(filter)),
    );
}

/// As [`init`], and besides every event at every level written to `logs` (the eval runner
/// searches them for the personal data it seeded).
pub fn init_capturing(filter: &str, format: LogFormat, logs: &crate::eval::logs::Captured) {
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let capture = tracing_subscriber::fmt::layer()
        .with_ansi(false)
        .with_writer(logs.make_writer())
        .with_filter(EnvFilter::new("trace"));
    let _ = tracing::subscriber::set_global_default(
        tracing_subscriber::registry()
            .with(capture)
            .with(stderr_layer(format).with_filter(filter)),
    );
}

/// Log lines on stderr: stdout is many commands' data (`purge`, `search`, `eval`...), and
/// colour codes only where a person reads them, so a redirected log is plain text.
fn stderr_layer<S>(format: LogFormat) -> Box<dyn Layer<S> + Send + Sync>
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    let layer = tracing_subscriber::fmt::layer()
        .with_target(false)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => layer.with_ansi(colour_on_stderr()).boxed(),
        LogFormat::Json => layer.with_ansi(false).json().boxed(),
    }
}

/// A terminal, and no `NO_COLOR` (https://no-color.org).
fn colour_on_stderr() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// The span of one HTTP request: method and path only.
pub fn http_span(request: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    tracing::info_span!(
        "http",
        method = %request.method(),
        path = %request.uri().path(),
    )
}
