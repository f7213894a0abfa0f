//! The production PostgreSQL store.

use sqlx::{Postgres, migrate::Migrator, postgres::PgPoolOptions};

use super::{CONNECT_TIMEOUT, ConnectError, SqlStore, connect_reason};

static MIGRATOR: Migrator = sqlx::migrate!("../migrations/postgres");

/// Storage on a PostgreSQL database.
pub type PgStore = SqlStore<Postgres>;

impl SqlStore<Postgres> {
    /// Connects and applies migrations (several instances may start at once:
    /// sqlx serialises migrations with an advisory lock).
    pub async fn connect(url: &str, max_connections: u32) -> Result<PgStore, ConnectError> {
        let pool = PgPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(CONNECT_TIMEOUT)
            .connect(url)
            .await
            .map_err(|error| ConnectError::Connect {
                url: crate::config::DatabaseUrl::Postgres(url.to_owned()).redacted(),
                reason: connect_reason(&error),
            })?;
        MIGRATOR
            .run(&pool)
            .await
            .map_err(|error| ConnectError::Migrate {
                url: crate::config::DatabaseUrl::Postgres(url.to_owned()).redacted(),
                reason: error.to_string(),
            })?;
        Ok(SqlStore::new(pool))
    }

    /// The session store on the same database.
    pub fn session_store(&self) -> super::DbSessionStore {
        super::DbSessionStore::postgres(self.pool.clone())
    }
}
