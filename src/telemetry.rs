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

/// Request spans that never record a private token: `/lacak/<token>…` is logged as `/lacak/[redacted]…` (and the
/// same for password links and mail opt-out links), and query strings are dropped.
pub struct RedactingSpans;

/// The paths whose next segment is a secret (a tracking token, a one-time password link, a mail opt-out link).
const SECRET_SEGMENTS: [&str; 3] = ["/lacak/", "/masuk/sandi/", "/surel/berhenti/"];

/// The path as it may be logged: the secret segment of [`SECRET_SEGMENTS`] replaced, what follows it kept.
pub fn redact_path(path: &str) -> String {
    for prefix in SECRET_SEGMENTS {
        if let Some(rest) = path.strip_prefix(prefix) {
            // `/lacak` itself (the resend form) has no token.
            if rest.is_empty() {
                return path.to_owned();
            }
            return match rest.split_once('/') {
                Some((_, tail)) => format!("{prefix}[redacted]/{tail}"),
                None => format!("{prefix}[redacted]"),
            };
        }
    }
    path.to_owned()
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
        assert_eq!(super::redact_path("/masuk/sandi/XSlm2bV3"), "/masuk/sandi/[redacted]");
        assert_eq!(super::redact_path("/surel/berhenti/Zt9kq"), "/surel/berhenti/[redacted]");
        assert_eq!(super::redact_path("/lacak"), "/lacak");
    }
}
