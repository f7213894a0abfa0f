//! The axum server: configuration, start-up, storage, HTTP middleware and
//! the plain handlers (health, language switch) around the Leptos app.

pub mod auth;
pub mod cli;
pub mod config;
pub mod fixtures;
pub mod http;
pub mod jobs;
pub mod mail;
pub mod metrics;
pub mod monitor;
pub mod operations;
pub mod serve;
pub mod sharing_log;
pub mod startup;
pub mod storage;
pub mod telemetry;
pub mod witness;

pub use cli::{Cli, Command, Maintenance};
pub use config::Settings;
pub use startup::{AppState, Application, StartupError};

/// Runs a maintenance command; returns the line to print and whether it
/// succeeded.
pub async fn run_command(command: Maintenance) -> Result<(String, bool), StartupError> {
    let settings = Settings::from_env()?;
    // These open the database their own way (or not at all).
    match command {
        Maintenance::CheckConfig => return Ok(operations::check_config(&settings).await),
        Maintenance::Migrate => return operations::migrate(&settings).await,
        Maintenance::Backup { path } => {
            return Ok(match storage::backup(&settings, &path).await {
                Ok(storage::Backup::Written(bytes)) => {
                    (format!("ok: {path} written, {bytes} bytes"), true)
                }
                Ok(storage::Backup::UseTheDatabaseTools(how)) => (how, false),
                Err(why) => (format!("backup failed: {why}"), false),
            });
        }
        _ => {}
    }
    let storage::Connected { store, .. } = storage::connect(&settings).await?;
    match command {
        Maintenance::CheckConfig | Maintenance::Migrate | Maintenance::Backup { .. } => {
            unreachable!("answered above")
        }
        Maintenance::GrantRole(grant) => {
            let pseudonymizer = auth::Pseudonymizer::new(settings.pseudonym_key.expose())
                .map_err(auth::AuthSetupError::from)?;
            operations::grant_role(&*store, &pseudonymizer, &grant).await
        }
        Maintenance::RevokeRole { id, reason } => {
            operations::revoke_role(&*store, id, &reason).await
        }
        Maintenance::ListRoles => operations::list_roles(&*store).await,
        Maintenance::RotateCheckpointKey { write_key } => {
            operations::rotate_checkpoint_key(&*store, &write_key).await
        }
        Maintenance::VerifyLog => {
            // Every key the log was ever signed with (a log never started
            // has none yet: then the configured one).
            let registered = store
                .list_checkpoint_keys()
                .await
                .map_err(StartupError::Store)?;
            let keys = if registered.is_empty() {
                let signer =
                    sharing_log::CheckpointSigner::from_seed(settings.checkpoint_key.expose())
                        .ok_or(StartupError::CheckpointKey)?;
                sharing_log::KeyRing::single(signer.verifying_key())
            } else {
                sharing_log::KeyRing::new(&registered)
            };
            let started = std::time::Instant::now();
            let mut reported = 0;
            let mut report = |checked: i64| {
                if checked >= reported + 1_000_000 {
                    reported = checked;
                    eprintln!(
                        "{checked} events checked, {:.0} events/s",
                        checked as f64 / started.elapsed().as_secs_f64().max(1e-9)
                    );
                }
            };
            match sharing_log::verify_log_reporting(&*store, &keys, &mut report).await {
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
        Maintenance::Generate(spec) => {
            let pseudonymizer = auth::Pseudonymizer::new(settings.pseudonym_key.expose())
                .map_err(auth::AuthSetupError::from)?;
            let signer =
                sharing_log::open_signer(&*store, settings.checkpoint_key.expose()).await?;
            // The generated people live in the demo's provincial agencies.
            fixtures::load_demo(&*store, &pseudonymizer, &signer).await?;
            let provinces = store.list_provinces().await.map_err(StartupError::Store)?;
            let done =
                fixtures::scale::generate(&*store, &spec, &provinces, &pseudonymizer, &signer)
                    .await?;
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
        Maintenance::GenerateRequests(spec) => {
            let pseudonymizer = auth::Pseudonymizer::new(settings.pseudonym_key.expose())
                .map_err(auth::AuthSetupError::from)?;
            let signer =
                sharing_log::open_signer(&*store, settings.checkpoint_key.expose()).await?;
            // The requests name the demo's provincial agencies.
            fixtures::load_demo(&*store, &pseudonymizer, &signer).await?;
            let now = time::OffsetDateTime::now_utc().unix_timestamp();
            let done = fixtures::scale_requests::generate(store.clone(), &spec, now)
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
        Maintenance::IssueAgencyToken {
            agency_code: code,
            days,
            reason,
        } => {
            let pseudonymizer = auth::Pseudonymizer::new(settings.pseudonym_key.expose())
                .map_err(auth::AuthSetupError::from)?;
            let (token, id, hash) = http::agency_api::new_token(&pseudonymizer);
            let now = app::server::now();
            let expires_at = now + days as i64 * 86_400;
            let new = app::server::NewCredential {
                token_id: id.clone(),
                token_hash: hash,
                expires_at,
            };
            match store
                .insert_agency_credential(&code, &new, command_line(&reason, now))
                .await
            {
                Ok(()) => {
                    // Standard output carries the token alone, for scripts.
                    eprintln!(
                        "token {id} for {code}, expires {}; revoke with: server revoke-agency-token {id}",
                        utc(expires_at)
                    );
                    Ok((token, true))
                }
                Err(app::server::StoreError::NotFound) => {
                    Ok((format!("no agency with code {code:?}"), false))
                }
                Err(error) => Err(StartupError::Store(error)),
            }
        }
        Maintenance::RotateAgencyToken {
            token: old,
            grace_days,
            days,
            reason,
        } => {
            let pseudonymizer = auth::Pseudonymizer::new(settings.pseudonym_key.expose())
                .map_err(auth::AuthSetupError::from)?;
            let old_id = http::agency_api::token_id(&old).to_owned();
            let (token, id, hash) = http::agency_api::new_token(&pseudonymizer);
            let now = app::server::now();
            let expires_at = now + days as i64 * 86_400;
            let old_until = now + grace_days as i64 * 86_400;
            let new = app::server::NewCredential {
                token_id: id.clone(),
                token_hash: hash,
                expires_at,
            };
            match store
                .rotate_agency_credential(&old_id, &new, old_until, command_line(&reason, now))
                .await
                .map_err(StartupError::Store)?
            {
                app::server::Rotation::Rotated {
                    agency_code,
                    old_until,
                } => {
                    eprintln!(
                        "token {id} for {agency_code}, expires {}; the old token {old_id} works \
                         until {}",
                        utc(expires_at),
                        utc(old_until)
                    );
                    Ok((token, true))
                }
                app::server::Rotation::Unknown => Ok((
                    format!(
                        "no usable token with id {old_id:?} (revoked, expired or rotated already)"
                    ),
                    false,
                )),
            }
        }
        Maintenance::RevokeAgencyToken { token, reason } => {
            let id = http::agency_api::token_id(&token);
            let done = store
                .revoke_agency_credential(id, command_line(&reason, app::server::now()))
                .await
                .map_err(StartupError::Store)?;
            Ok(match done {
                app::server::Revocation::Revoked => (format!("revoked token {id}"), true),
                app::server::Revocation::AlreadyRevoked => {
                    (format!("token {id} was already revoked"), true)
                }
                app::server::Revocation::Unknown => (format!("no token with id {id:?}"), false),
            })
        }
        Maintenance::ListAgencyTokens { agency_code } => {
            let tokens = store
                .list_agency_credentials(agency_code.as_deref())
                .await
                .map_err(StartupError::Store)?;
            let mut lines =
                vec!["token id\tagency\tissued\texpires\tlast used\trevoked".to_owned()];
            let never = |at: Option<i64>| at.map(utc).unwrap_or_else(|| "-".to_owned());
            lines.extend(tokens.iter().map(|token| {
                format!(
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    token.token_id,
                    token.agency_code,
                    utc(token.created_at),
                    utc(token.expires_at),
                    never(token.last_used_at),
                    never(token.revoked_at)
                )
            }));
            Ok((lines.join("\n"), true))
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

/// A token change made from the command line, for the change log.
fn command_line(reason: &str, now: i64) -> app::server::ChangeNote<'_> {
    app::server::ChangeNote {
        reason,
        actor: None,
        now,
    }
}

/// A Unix time as the command line shows it: RFC 3339 in UTC.
pub(crate) fn utc(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|at| {
            at.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| unix.to_string())
}
