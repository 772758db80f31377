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

/// Request spans that never record a private token: `/lacak/<token>…` is logged as `/lacak/[redacted]…`, and
/// query strings are dropped.
pub struct RedactingSpans;

/// The path as it may be logged.
pub fn redact_path(path: &str) -> String {
    if path.starts_with("/masuk/sandi/") {
        return "/masuk/sandi/[redacted]".to_owned();
    }
    match path.strip_prefix("/lacak/") {
        Some(rest) => match rest.split_once('/') {
            Some((_, tail)) => format!("/lacak/[redacted]/{tail}"),
            None => "/lacak/[redacted]".to_owned(),
        },
        None => path.to_owned(),
    }
}

impl tracing_actix_web::RootSpanBuilder for RedactingSpans {
    fn on_request_start(request: &actix_web::dev::ServiceRequest) -> tracing::Span {
        tracing::info_span!(
            "http_request",
            method = %request.method(),
            path = %redact_path(request.path()),
            status = tracing::field::Empty,
        )
    }

    fn on_request_end<B: actix_web::body::MessageBody>(
        span: tracing::Span,
        outcome: &Result<actix_web::dev::ServiceResponse<B>, actix_web::Error>,
    ) {
        match outcome {
            Ok(res) => {
                span.record("status", res.status().as_u16());
                if res.status().is_server_error() {
                    tracing::error!(parent: &span, status = res.status().as_u16(), "request failed");
                } else {
                    tracing::info!(parent: &span, status = res.status().as_u16(), "request");
                }
            }
            Err(e) => tracing::error!(parent: &span, error = %e, "request failed"),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn tracking_tokens_are_redacted() {
        assert_eq!(super::redact_path("/lacak/abcDEF123/tanda-terima"), "/lacak/[redacted]/tanda-terima");
        assert_eq!(super::redact_path("/lacak/abcDEF123"), "/lacak/[redacted]");
        assert_eq!(super::redact_path("/badan/kota"), "/badan/kota");
    }
}
