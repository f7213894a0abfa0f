//! The operator's commands that are not about data at scale: check a
//! configuration, migrate, and manage staff roles from the command line
//! (the first administrator, and recovery when the last one is gone).

use app::{
    domain::{
        Lang,
        appointments::{AppointmentForm, parse_reason},
    },
    i18n::I18n,
    server::{Appointed, Store, StoreError},
};

use crate::{
    StartupError,
    auth::Pseudonymizer,
    cli::GrantRole,
    config::{DatabaseUrl, Environment, Settings},
    storage::{self, ConnectError, Migrations},
};

/// A form mistake in English, for the terminal: "--role: Choose a role."
fn mistake(flag: &str, message_id: &str) -> String {
    format!("--{flag}: {}", I18n { lang: Lang::En }.t(message_id))
}

/// `server grant-role`: appoints a person, recorded as made from the
/// command line.
pub async fn grant_role(
    store: &dyn Store,
    pseudonymizer: &Pseudonymizer,
    grant: &GrantRole,
) -> Result<(String, bool), StartupError> {
    let provinces = store.list_provinces().await.map_err(StartupError::Store)?;
    let form = AppointmentForm {
        personal_id: &grant.personal_id,
        full_name: &grant.name,
        role: &grant.role,
        province: &grant.province,
        decision_number: &grant.decision,
        decision_date: &grant.decision_date,
        reason: &grant.reason,
    };
    let new = match form.parse(&provinces) {
        Ok(new) => new,
        Err(error) => {
            let flag = match error.field {
                "personal_id" => "personal-id",
                "full_name" => "name",
                "decision_number" => "decision",
                "decision_date" => "decision-date",
                other => other,
            };
            return Ok((mistake(flag, error.message_id), false));
        }
    };
    let pseudonym = pseudonymizer.pseudonym(&new.personal_id);
    let outcome = store
        .appoint(pseudonym.as_str(), &new, None, app::server::now())
        .await
        .map_err(StartupError::Store)?;
    Ok(match outcome {
        Appointed::New(id) => (
            format!(
                "ok: {} ({}) is now {} (appointment {id})",
                new.full_name,
                new.personal_id.masked(),
                role_words(&new.grant)
            ),
            true,
        ),
        Appointed::AlreadyHeld(id) => (
            format!("ok: already held, nothing changed (appointment {id})"),
            true,
        ),
    })
}

/// "administrator", "dpo of HN", ….
fn role_words(grant: &app::domain::RoleGrant) -> String {
    use app::domain::appointments::StaffRole;
    match (StaffRole::of(grant), grant.province_code.as_deref()) {
        (StaffRole::Dpo, Some(province)) => format!("dpo of {province}"),
        (role, _) => role.code().to_owned(),
    }
}

/// `server revoke-role`: may revoke the last administrator (the console
/// refuses to).
pub async fn revoke_role(
    store: &dyn Store,
    id: u64,
    reason: &str,
) -> Result<(String, bool), StartupError> {
    let reason = match parse_reason(reason) {
        Ok(reason) => reason,
        Err(error) => return Ok((mistake("reason", error.message_id), false)),
    };
    let id = i64::try_from(id).unwrap_or(i64::MAX);
    match store
        .revoke_appointment(id, &reason, None, false, app::server::now())
        .await
    {
        Ok(gone) => Ok((
            format!(
                "ok: revoked {} from {}",
                role_words(&gone.grant),
                gone.full_name.as_deref().unwrap_or("(no name)")
            ),
            true,
        )),
        Err(StoreError::NotFound) => Ok((format!("no appointment with id {id}"), false)),
        Err(error) => Err(StartupError::Store(error)),
    }
}

/// `server list-roles`: one line per role held, tab-separated.
pub async fn list_roles(store: &dyn Store) -> Result<(String, bool), StartupError> {
    let held = store
        .list_appointments()
        .await
        .map_err(StartupError::Store)?;
    let mut lines = vec!["id\trole\tname\tnumber\tsince".to_owned()];
    lines.extend(held.iter().map(|a| {
        format!(
            "{}\t{}\t{}\t{}\t{}",
            a.id,
            role_words(&a.grant),
            a.full_name.as_deref().unwrap_or("-"),
            a.masked_id.as_deref().unwrap_or("-"),
            crate::utc(a.since)
        )
    }));
    Ok((lines.join("\n"), true))
}

/// `server migrate`: applies what is pending and says how much that was.
pub async fn migrate(settings: &Settings) -> Result<(String, bool), StartupError> {
    let pending = match storage::open(settings, Migrations::Check).await {
        Ok(_) => 0,
        Err(ConnectError::Behind { pending, .. }) => pending,
        Err(error) => return Err(error.into()),
    };
    storage::open(settings, Migrations::Apply).await?;
    Ok((
        format!(
            "ok: {pending} migration(s) applied; {} is up to date",
            settings.database_url.redacted()
        ),
        true,
    ))
}

/// `server check-config`: every check a start would make, without
/// starting and without changing the database; one line each.
pub async fn check_config(settings: &Settings) -> (String, bool) {
    let mut ok = true;
    let mut lines = vec![format!(
        "configuration: valid ({} environment, listening on {}, public address {})",
        match settings.environment {
            Environment::Production => "production",
            Environment::Development => "development",
        },
        settings.listen_addr,
        settings.public_url
    )];
    let database = settings.database_url.redacted();
    let fresh_sqlite = matches!(&settings.database_url, DatabaseUrl::Sqlite(url)
        if !storage::sqlite_file_exists(url));
    if fresh_sqlite {
        lines.push(format!(
            "database: {database} does not exist yet; the first start creates it"
        ));
    } else {
        match storage::open(settings, Migrations::Check).await {
            Ok(_) => lines.push(format!("database: {database} answers; schema up to date")),
            Err(ConnectError::Behind { pending, .. }) if settings.migrate_at_start => {
                lines.push(format!(
                    "database: {database} answers; {pending} migration(s) will be applied at start"
                ))
            }
            Err(error) => {
                ok = false;
                lines.push(format!("database: {error}"));
            }
        }
    }
    let stylesheet = settings
        .site_root
        .join("pkg")
        .join(format!("{}.css", app::OUTPUT_NAME));
    if stylesheet.is_file() {
        lines.push(format!(
            "site: {} has the compiled site",
            settings.site_root.display()
        ));
    } else {
        ok = false;
        lines.push(format!(
            "site: {} is missing (SITE_ROOT must hold the compiled site)",
            stylesheet.display()
        ));
    }
    let development = settings.development_keys();
    if !development.is_empty() {
        lines.push(format!(
            "keys: development keys in use ({}): fine on a laptop, never for real data",
            development.join(", ")
        ));
    }
    lines.push(format!(
        "demo data: {}",
        if settings.demo_data { "on" } else { "off" }
    ));
    lines.push(
        if ok {
            "ok: the server would start"
        } else {
            "NOT OK: fix the lines above"
        }
        .to_owned(),
    );
    (lines.join("\n"), ok)
}

/// `server rotate-checkpoint-key`: a new seed in a new file (owner-only),
/// registered as the current key; the old key is retired and kept.
pub async fn rotate_checkpoint_key(
    store: &dyn Store,
    path: &str,
) -> Result<(String, bool), StartupError> {
    use base64::Engine as _;
    use std::io::Write as _;
    let seed: [u8; 32] = rand::random();
    let signer = crate::sharing_log::CheckpointSigner::from_seed(&seed)
        .ok_or(StartupError::CheckpointKey)?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let written = options.open(path).and_then(|mut file| {
        file.write_all(
            base64::engine::general_purpose::STANDARD
                .encode(seed)
                .as_bytes(),
        )?;
        file.write_all(b"\n")?;
        file.sync_all()
    });
    if let Err(error) = written {
        return Ok((format!("cannot write {path}: {error}"), false));
    }
    let before = store
        .list_checkpoint_keys()
        .await
        .map_err(StartupError::Store)?;
    let now = app::server::now();
    if let Err(error) = store
        .rotate_checkpoint_key(signer.key_id(), &signer.public_key(), now)
        .await
    {
        // The key never became the log's: its file is of no use.
        let _ = std::fs::remove_file(path);
        return Err(StartupError::Store(error));
    }
    let retired: Vec<&str> = before
        .iter()
        .filter(|k| k.retired_at.is_none())
        .map(|k| k.key_id.as_str())
        .collect();
    Ok((
        format!(
            "ok: key {} is current from {} (retired: {}); set CHECKPOINT_SIGNING_KEY_FILE={path} \
             on every instance and restart them",
            signer.key_id(),
            crate::utc(now),
            if retired.is_empty() {
                "none".to_owned()
            } else {
                retired.join(", ")
            }
        ),
        true,
    ))
}
