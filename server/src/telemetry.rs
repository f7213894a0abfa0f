//! Structured logs with `tracing`: human-readable by default, JSON when
//! `LOG_FORMAT=json`. Never log tokens or identification numbers.

use tracing_subscriber::{EnvFilter, fmt, prelude::*};

use crate::config::{LogFormat, Settings};

/// Installs the global subscriber. A second call (as in tests) does nothing.
pub fn init(settings: &Settings) {
    init_with(&settings.log_filter, settings.log_format);
}

/// The same with a filter and format of the caller's (the witness, which
/// reads no dashboard settings).
pub fn init_with(log_filter: &str, log_format: LogFormat) {
    let filter = EnvFilter::try_new(log_filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let registry = tracing_subscriber::registry().with(filter);
    let _ = match log_format {
        LogFormat::Text => registry.with(fmt::layer().with_target(false)).try_init(),
        LogFormat::Json => registry
            .with(
                fmt::layer()
                    .json()
                    .flatten_event(true)
                    .with_current_span(true),
            )
            .try_init(),
    };
}
