//! The axum server: configuration, start-up, storage, HTTP middleware and
//! the plain handlers (health, language switch) around the Leptos app.

pub mod auth;
pub mod config;
pub mod demo;
pub mod http;
pub mod startup;
pub mod storage;
pub mod telemetry;

pub use config::Settings;
pub use startup::{AppState, Application, StartupError};

/// Reads the configuration, starts the server and serves until SIGTERM or
/// Ctrl-C. Every failure comes back as one printable line.
pub async fn run() -> Result<(), StartupError> {
    let settings = Settings::from_env()?;
    telemetry::init(&settings);
    let stop = startup::shutdown_signal();
    let application = Application::build(settings).await?;
    tracing::info!(address = %application.address(), "listening");
    application.run_until(stop).await
}
