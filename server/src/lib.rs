//! The axum server: configuration, start-up, storage, HTTP middleware and
//! the plain handlers (health, language switch) around the Leptos app.

pub mod auth;
pub mod config;
pub mod demo;
pub mod http;
pub mod mail;
pub mod scale;
pub mod scale_requests;
pub mod sharing_log;
pub mod startup;
pub mod storage;
pub mod telemetry;

pub use config::Settings;
pub use startup::{AppState, Application, StartupError};

/// What the binary was asked to do.
#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    /// Serve (no arguments, or `serve`).
    Serve,
    /// `verify-log`: recompute the sharing log's hash chain and checkpoints.
    VerifyLog,
    /// `issue-agency-token CODE`: a new API token for an agency.
    IssueAgencyToken(String),
    /// `generate --people N --events N [--seed N] [--batch N]`: scale data.
    Generate(scale::ScaleSpec),
    /// `generate-requests --province CODE --count N [--seed N] [--writers N]`:
    /// a province's request queue at scale.
    GenerateRequests(scale_requests::RequestSpec),
}

impl Command {
    pub fn parse(args: &[String]) -> Result<Command, String> {
        match args {
            [] => Ok(Command::Serve),
            [one] if one == "serve" => Ok(Command::Serve),
            [one] if one == "verify-log" => Ok(Command::VerifyLog),
            [one, code] if one == "issue-agency-token" => {
                Ok(Command::IssueAgencyToken(code.clone()))
            }
            [one, flags @ ..] if one == "generate" => scale::ScaleSpec::parse(flags)
                .map(Command::Generate)
                .map_err(|problem| format!("generate: {problem}")),
            [one, flags @ ..] if one == "generate-requests" => {
                scale_requests::RequestSpec::parse(flags)
                    .map(Command::GenerateRequests)
                    .map_err(|problem| format!("generate-requests: {problem}"))
            }
            _ => Err(
                "usage: server [serve | verify-log | issue-agency-token AGENCY_CODE | \
                      generate --people N --events N [--seed N] [--batch N] | \
                      generate-requests --province CODE --count N [--seed N] [--writers N]]"
                    .into(),
            ),
        }
    }
}

/// Runs a maintenance command; returns the line to print and whether it
/// succeeded.
pub async fn run_command(command: Command) -> Result<(String, bool), StartupError> {
    let settings = Settings::from_env()?;
    let storage::Connected { store, .. } = storage::connect(&settings).await?;
    match command {
        Command::Serve => unreachable!("serving is run()"),
        Command::VerifyLog => {
            let signer = sharing_log::CheckpointSigner::from_seed(settings.checkpoint_key.expose())
                .ok_or(StartupError::CheckpointKey)?;
            match sharing_log::verify_log(&*store, &signer.verifying_key()).await {
                Ok(done) => Ok((
                    format!(
                        "ok: {} events, {} signed checkpoints, head {}",
                        done.events, done.checkpoints, done.head
                    ),
                    true,
                )),
                Err(error) => Ok((format!("BROKEN: {error}"), false)),
            }
        }
        Command::Generate(spec) => {
            let pseudonymizer = auth::Pseudonymizer::new(settings.pseudonym_key.expose())
                .map_err(auth::AuthSetupError::from)?;
            let signer = sharing_log::CheckpointSigner::from_seed(settings.checkpoint_key.expose())
                .ok_or(StartupError::CheckpointKey)?;
            // The generated people live in the demo's provincial agencies.
            startup::load_demo(&*store, &pseudonymizer, &signer).await?;
            let provinces = store.list_provinces().await.map_err(StartupError::Store)?;
            let done = scale::generate(&*store, &spec, &provinces, &pseudonymizer, &signer).await?;
            Ok((
                format!(
                    "ok: {} people, {} holdings, {} events appended, {} already there, \
                     {:.1} s ({:.0} events/s)\nbusiest: {} {} ({} events)\ntypical: {} {} ({} events)",
                    done.people,
                    done.holdings,
                    done.events_appended,
                    done.events_repeated,
                    done.seconds,
                    (done.events_appended + done.events_repeated) as f64 / done.seconds.max(1e-9),
                    done.busiest.0,
                    done.busiest.1,
                    done.busiest.2,
                    done.typical.0,
                    done.typical.1,
                    done.typical.2,
                ),
                true,
            ))
        }
        Command::GenerateRequests(spec) => {
            let pseudonymizer = auth::Pseudonymizer::new(settings.pseudonym_key.expose())
                .map_err(auth::AuthSetupError::from)?;
            let signer = sharing_log::CheckpointSigner::from_seed(settings.checkpoint_key.expose())
                .ok_or(StartupError::CheckpointKey)?;
            // The requests name the demo's provincial agencies.
            startup::load_demo(&*store, &pseudonymizer, &signer).await?;
            let now = time::OffsetDateTime::now_utc().unix_timestamp();
            let done = scale_requests::generate(store.clone(), &spec, now)
                .await
                .map_err(StartupError::Store)?;
            Ok((
                format!(
                    "ok: {} requests filed in {}, {} steps taken, {:.1} s ({:.0} requests/s)",
                    done.filed,
                    spec.province,
                    done.steps,
                    done.seconds,
                    done.filed as f64 / done.seconds.max(1e-9)
                ),
                true,
            ))
        }
        Command::IssueAgencyToken(code) => {
            let pseudonymizer = auth::Pseudonymizer::new(settings.pseudonym_key.expose())
                .map_err(auth::AuthSetupError::from)?;
            let (token, id, hash) = http::agency_api::new_token(&pseudonymizer);
            match store.insert_agency_credential(&code, &id, &hash).await {
                Ok(()) => Ok((token, true)),
                Err(app::server::StoreError::NotFound) => {
                    Ok((format!("no agency with code {code:?}"), false))
                }
                Err(error) => Err(StartupError::Store(error)),
            }
        }
    }
}

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
