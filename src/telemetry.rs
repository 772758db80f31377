//! Logging: structured `tracing` events to stderr, filtered by the `log` setting (or `RUST_LOG`).

use tracing_subscriber::EnvFilter;

/// Installs the global subscriber once; later calls (e.g. from tests) are ignored.
pub fn init(filter: &str) {
    let filter = std::env::var("RUST_LOG")
        .ok()
        .and_then(|f| EnvFilter::try_new(f).ok())
        .unwrap_or_else(|| EnvFilter::new(filter));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
}
