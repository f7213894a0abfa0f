//! Storage: the only module with SQL. One [`Store`] implementation per
//! database engine, each with its own migrations under `migrations/`.

mod calendar;
mod consent;
pub mod postgres;
mod requests;
mod rows;
pub mod sessions;
mod sharing;
pub mod sqlite;

use std::{sync::Arc, time::Duration};

use app::server::{Store, StoreError};

pub use postgres::PgStore;
pub use sessions::DbSessionStore;
pub use sqlite::SqliteStore;

use crate::config::{DatabaseUrl, Settings};

/// How long start-up waits for the database before giving up.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// Why the database could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("cannot open the database at {url}: {reason}")]
    Connect { url: String, reason: String },
    #[error("cannot apply migrations to {url}: {reason}")]
    Migrate { url: String, reason: String },
}

/// The opened database: the application's store and the session store.
pub struct Connected {
    pub store: Arc<dyn Store>,
    pub sessions: DbSessionStore,
}

/// Opens the configured database and brings its schema up to date.
pub async fn connect(settings: &Settings) -> Result<Connected, ConnectError> {
    match &settings.database_url {
        DatabaseUrl::Sqlite(url) => {
            let store = SqliteStore::connect(
                url,
                settings.sqlite_synchronous,
                settings.database_max_connections,
            )
            .await?;
            Ok(Connected {
                sessions: store.session_store(),
                store: Arc::new(store),
            })
        }
        DatabaseUrl::Postgres(url) => {
            let store = PgStore::connect(url, settings.database_max_connections).await?;
            Ok(Connected {
                sessions: store.session_store(),
                store: Arc::new(store),
            })
        }
    }
}

/// Turns a driver error into a [`StoreError`], by error kind and constraint
/// name, never by message text.
pub(crate) fn store_error(error: sqlx::Error) -> StoreError {
    match error {
        sqlx::Error::RowNotFound => StoreError::NotFound,
        sqlx::Error::Database(db)
            if matches!(
                db.kind(),
                sqlx::error::ErrorKind::UniqueViolation
                    | sqlx::error::ErrorKind::ForeignKeyViolation
            ) =>
        {
            StoreError::Conflict {
                constraint: db.constraint().unwrap_or("unique").to_owned(),
            }
        }
        other => StoreError::Unavailable(Box::new(other)),
    }
}

/// A one-line reason for a connection failure, without any URL in it.
pub(crate) fn connect_reason(error: &sqlx::Error) -> String {
    match error {
        sqlx::Error::Io(io) => io.to_string(),
        sqlx::Error::PoolTimedOut => "timed out".into(),
        sqlx::Error::Database(db) => db.message().to_owned(),
        sqlx::Error::Tls(tls) => format!("TLS: {tls}"),
        other => other
            .to_string()
            .lines()
            .next()
            .unwrap_or_default()
            .to_owned(),
    }
}
