//! The production PostgreSQL store.

use sqlx::{Postgres, migrate::Migrator, postgres::PgPoolOptions};

use super::{CONNECT_TIMEOUT, ConnectError, Migrations, SqlStore, connect_reason};

static MIGRATOR: Migrator = sqlx::migrate!("../migrations/postgres");

/// Storage on a PostgreSQL database.
pub type PgStore = SqlStore<Postgres>;

impl SqlStore<Postgres> {
    /// Connects and applies migrations (several instances may start at once:
    /// sqlx serialises migrations with an advisory lock).
    pub async fn connect(url: &str, max_connections: u32) -> Result<PgStore, ConnectError> {
        Self::open(url, max_connections, Migrations::Apply).await
    }

    /// Connects; `migrations` says whether to bring the schema up to date
    /// or only check it is.
    pub async fn open(
        url: &str,
        max_connections: u32,
        migrations: Migrations,
    ) -> Result<PgStore, ConnectError> {
        let pool = PgPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(CONNECT_TIMEOUT)
            .connect(url)
            .await
            .map_err(|error| ConnectError::Connect {
                url: crate::config::DatabaseUrl::Postgres(url.to_owned()).redacted(),
                reason: connect_reason(&error),
            })?;
        let shown = crate::config::DatabaseUrl::Postgres(url.to_owned()).redacted();
        migrations.bring(&MIGRATOR, &pool, &shown).await?;
        Ok(SqlStore::new(pool))
    }

    /// The session store on the same database.
    pub fn session_store(&self) -> super::DbSessionStore {
        super::DbSessionStore::postgres(self.pool.clone())
    }
}
