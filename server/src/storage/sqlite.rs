//! The embedded SQLite store: WAL journal, foreign keys on, a busy timeout,
//! and `synchronous` from configuration (FULL by default).

use std::{str::FromStr, time::Duration};

use sqlx::{
    Sqlite,
    migrate::Migrator,
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
};

use super::{CONNECT_TIMEOUT, ConnectError, Migrations, SqlStore, connect_reason};
use crate::config;

static MIGRATOR: Migrator = sqlx::migrate!("../migrations/sqlite");

/// How long a writer waits for another writer's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Storage on a SQLite file.
pub type SqliteStore = SqlStore<Sqlite>;

impl SqlStore<Sqlite> {
    /// Opens (creating if needed) the database file and applies migrations.
    pub async fn connect(
        url: &str,
        synchronous: config::SqliteSynchronous,
        max_connections: u32,
    ) -> Result<SqliteStore, ConnectError> {
        Self::open(url, synchronous, max_connections, Migrations::Apply).await
    }

    /// Opens (creating if needed) the database file; `migrations` says
    /// whether to bring the schema up to date or only check it is.
    pub async fn open(
        url: &str,
        synchronous: config::SqliteSynchronous,
        max_connections: u32,
        migrations: Migrations,
    ) -> Result<SqliteStore, ConnectError> {
        let fail = |reason: String| ConnectError::Connect {
            url: url.to_owned(),
            reason,
        };
        let options = SqliteConnectOptions::from_str(url)
            .map_err(|error| fail(connect_reason(&error)))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT)
            // Reads through a memory map (no system call per page) and an
            // 8 MiB page cache per connection: at 10 million events the
            // person index no longer fits the 2 MiB default.
            .pragma("mmap_size", "1073741824")
            .pragma("cache_size", "-8192")
            .synchronous(match synchronous {
                config::SqliteSynchronous::Full => SqliteSynchronous::Full,
                config::SqliteSynchronous::Normal => SqliteSynchronous::Normal,
            });
        if let Some(folder) = options.get_filename().parent()
            && !folder.as_os_str().is_empty()
        {
            std::fs::create_dir_all(folder)
                .map_err(|error| fail(format!("cannot create {}: {error}", folder.display())))?;
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(max_connections)
            // A file on this machine does not go away like a network peer:
            // no ping to the connection's thread before every query (one
            // thread hand-off in three, at 4 queries a page; BENCHMARKS.md).
            .test_before_acquire(false)
            .acquire_timeout(CONNECT_TIMEOUT)
            .connect_with(options)
            .await
            .map_err(|error| fail(connect_reason(&error)))?;
        migrations.bring(&MIGRATOR, &pool, url).await?;
        Ok(SqlStore::new(pool))
    }

    /// Writes an online, consistent copy of the database to `path` (which
    /// must not exist yet) while the service keeps running: `VACUUM INTO`
    /// reads one snapshot, so writes made meanwhile wait for nothing and are
    /// simply not in the copy.
    pub async fn backup(&self, path: &str) -> Result<(), sqlx::Error> {
        sqlx::query("VACUUM INTO $1")
            .bind(path)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The session store on the same database.
    pub fn session_store(&self) -> super::DbSessionStore {
        super::DbSessionStore::sqlite(self.pool.clone())
    }
}
