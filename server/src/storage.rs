//! Storage: the only module with SQL. One [`SqlStore`] over either engine
//! (each with its own migrations under `migrations/`); each area's file
//! implements that area's store trait for both engines at once, with one
//! small macro writing `impl XStore for SqlStore<$db>` from the same SQL
//! (sqlx takes `$N` placeholders on SQLite too). `sqlite.rs` and
//! `postgres.rs` only connect.

mod account;
mod appointments;
mod calendar;
mod catalogue;
mod chain;
mod consent;
mod credentials;
mod directory;
mod jobs;
mod mail;
mod metrics;
mod oversight;
pub mod postgres;
mod requests;
pub mod sessions;
mod sharing;
pub mod sqlite;

use std::{sync::Arc, time::Duration};

use app::server::{Store, StoreError};

pub use postgres::PgStore;
pub use sessions::DbSessionStore;
pub use sqlite::SqliteStore;

/// The application's storage on one database engine: the pool and the
/// caches of reference data that every area shares.
pub struct SqlStore<DB: sqlx::Database> {
    pool: sqlx::Pool<DB>,
    /// The registry as last read (reference data; see `REGISTRY_TTL`).
    registry: Arc<Kept<sharing::Registry>>,
    /// The public request figures as last counted (see `FIGURES_TTL`).
    figures: Arc<Kept<Vec<app::domain::requests::Handled>>>,
    /// Agencies in each person's log, for the timeline's filter.
    agency_lists: Arc<sharing::AgencyListCache>,
}

impl<DB: sqlx::Database> SqlStore<DB> {
    fn new(pool: sqlx::Pool<DB>) -> SqlStore<DB> {
        SqlStore {
            pool,
            registry: Arc::new(Kept::new(sharing::REGISTRY_TTL)),
            figures: Arc::new(Kept::new(FIGURES_TTL)),
            agency_lists: Default::default(),
        }
    }
}

impl<DB: sqlx::Database> Clone for SqlStore<DB> {
    fn clone(&self) -> Self {
        SqlStore {
            pool: self.pool.clone(),
            registry: self.registry.clone(),
            figures: self.figures.clone(),
            agency_lists: self.agency_lists.clone(),
        }
    }
}

impl<DB: sqlx::Database> std::fmt::Debug for SqlStore<DB> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqlStore")
            .field("engine", &DB::NAME)
            .finish_non_exhaustive()
    }
}

/// How long the public request figures are served from memory: anyone may
/// ask for them, and counting every request on every call would let a
/// stranger make the database work as hard as they like. Each instance
/// counts at most once a minute.
pub(crate) const FIGURES_TTL: Duration = Duration::from_secs(60);

/// A value read from the database, used for `ttl` (per process: a second
/// instance reads its own, so nothing depends on it being shared).
#[derive(Debug)]
pub(crate) struct Kept<T> {
    current: std::sync::RwLock<Option<(std::time::Instant, Arc<T>)>>,
    ttl: Duration,
}

impl<T> Kept<T> {
    pub(crate) fn new(ttl: Duration) -> Kept<T> {
        Kept {
            current: std::sync::RwLock::new(None),
            ttl,
        }
    }

    /// The value, if read less than `ttl` ago.
    pub(crate) fn fresh(&self) -> Option<Arc<T>> {
        let current = self.current.read().ok()?;
        current
            .as_ref()
            .filter(|(read_at, _)| read_at.elapsed() < self.ttl)
            .map(|(_, value)| value.clone())
    }

    pub(crate) fn keep(&self, value: T) -> Arc<T> {
        let value = Arc::new(value);
        if let Ok(mut current) = self.current.write() {
            *current = Some((std::time::Instant::now(), value.clone()));
        }
        value
    }

    pub(crate) fn forget(&self) {
        if let Ok(mut current) = self.current.write() {
            *current = None;
        }
    }
}

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
    #[error(
        "the database at {url} is behind this version by {pending} migration(s): \
         run `server migrate` first, or start with MIGRATE_AT_START=on"
    )]
    Behind { url: String, pending: usize },
}

/// What opening the database does about its schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Migrations {
    /// Applies the migrations not yet applied (several instances may do
    /// this at once: sqlx takes a lock).
    Apply,
    /// Refuses a schema that is behind (the operator migrates on upgrade,
    /// with `server migrate`, before the new version starts).
    Check,
    /// Leaves the schema as it is (a backup copies what is there).
    Leave,
}

impl Migrations {
    async fn bring<DB>(
        self,
        migrator: &sqlx::migrate::Migrator,
        pool: &sqlx::Pool<DB>,
        url: &str,
    ) -> Result<(), ConnectError>
    where
        DB: sqlx::Database,
        <DB as sqlx::Database>::Connection: sqlx::migrate::Migrate,
        for<'c> &'c mut <DB as sqlx::Database>::Connection: sqlx::Executor<'c, Database = DB>,
    {
        let failed = |error: &dyn std::fmt::Display| ConnectError::Migrate {
            url: url.to_owned(),
            reason: error.to_string(),
        };
        match self {
            Migrations::Leave => Ok(()),
            Migrations::Apply => migrator.run(pool).await.map_err(|e| failed(&e)),
            Migrations::Check => {
                use sqlx::migrate::Migrate as _;
                let mut connection = pool.acquire().await.map_err(|e| failed(&e))?;
                connection
                    .ensure_migrations_table()
                    .await
                    .map_err(|e| failed(&e))?;
                let applied: std::collections::HashSet<i64> = connection
                    .list_applied_migrations()
                    .await
                    .map_err(|e| failed(&e))?
                    .into_iter()
                    .map(|m| m.version)
                    .collect();
                let pending = migrator
                    .iter()
                    .filter(|m| m.migration_type.is_up_migration())
                    .filter(|m| !applied.contains(&m.version))
                    .count();
                if pending == 0 {
                    Ok(())
                } else {
                    Err(ConnectError::Behind {
                        url: url.to_owned(),
                        pending,
                    })
                }
            }
        }
    }
}

/// The opened database: the application's store and the session store.
pub struct Connected {
    pub store: Arc<dyn Store>,
    pub sessions: DbSessionStore,
}

/// Opens the configured database and brings its schema up to date (or,
/// with `MIGRATE_AT_START=off`, checks that it is).
pub async fn connect(settings: &Settings) -> Result<Connected, ConnectError> {
    let migrations = if settings.migrate_at_start {
        Migrations::Apply
    } else {
        Migrations::Check
    };
    open(settings, migrations).await
}

/// Opens the configured database, doing `migrations` about its schema.
pub async fn open(settings: &Settings, migrations: Migrations) -> Result<Connected, ConnectError> {
    match &settings.database_url {
        DatabaseUrl::Sqlite(url) => {
            let store = SqliteStore::open(
                url,
                settings.sqlite_synchronous,
                settings.database_max_connections,
                migrations,
            )
            .await?;
            Ok(Connected {
                sessions: store.session_store(),
                store: Arc::new(store),
            })
        }
        DatabaseUrl::Postgres(url) => {
            let store = PgStore::open(url, settings.database_max_connections, migrations).await?;
            Ok(Connected {
                sessions: store.session_store(),
                store: Arc::new(store),
            })
        }
    }
}

/// What `server backup` did.
#[derive(Debug)]
pub enum Backup {
    /// The copy is written: its size in bytes.
    Written(u64),
    /// PostgreSQL is backed up with its own tools; the text says how.
    UseTheDatabaseTools(String),
}

/// Copies the configured database to `path` while the service may keep
/// running. SQLite only: PostgreSQL has `pg_dump`.
pub async fn backup(settings: &Settings, path: &str) -> Result<Backup, String> {
    let url = match &settings.database_url {
        DatabaseUrl::Postgres(_) => {
            return Ok(Backup::UseTheDatabaseTools(
                "PostgreSQL is backed up with its own tools, consistent while the service \
                 runs: pg_dump --format=custom --file=PATH DATABASE, restored with \
                 pg_restore --clean --if-exists --dbname=DATABASE PATH (see the README)"
                    .to_owned(),
            ));
        }
        DatabaseUrl::Sqlite(url) => url,
    };
    if std::path::Path::new(path).exists() {
        return Err(format!("{path} exists already; give a new file"));
    }
    if !sqlite_file_exists(url) {
        return Err(format!("no database at {url} to back up"));
    }
    let store = SqliteStore::open(url, settings.sqlite_synchronous, 1, Migrations::Leave)
        .await
        .map_err(|error| error.to_string())?;
    store
        .backup(path)
        .await
        .map_err(|error| format!("cannot write {path}: {}", connect_reason(&error)))?;
    let size = std::fs::metadata(path)
        .map(|m| m.len())
        .map_err(|error| format!("cannot read {path}: {error}"))?;
    Ok(Backup::Written(size))
}

/// Whether a SQLite URL names a file that exists (an in-memory database
/// never does).
pub fn sqlite_file_exists(url: &str) -> bool {
    use std::str::FromStr as _;
    sqlx::sqlite::SqliteConnectOptions::from_str(url)
        .map(|options| options.get_filename().is_file())
        .unwrap_or(false)
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

/// A Unix time as the engines store times.
pub(crate) fn time_of(unix: i64) -> Result<time::OffsetDateTime, StoreError> {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .map_err(|error| StoreError::Unavailable(error.into()))
}

/// Converts every row, stopping at the first that does not fit the domain.
pub(crate) fn convert_all<R, T>(rows: Vec<R>) -> Result<Vec<T>, StoreError>
where
    T: TryFrom<R, Error = StoreError>,
{
    rows.into_iter().map(T::try_from).collect()
}

/// A stored value the domain refuses: a bug or a manual edit, never input.
pub(crate) fn corrupt(what: impl Into<String>) -> StoreError {
    StoreError::Unavailable(what.into().into())
}

/// Adds `(v1, v2, …)` to a query, binding each value.
pub(crate) fn push_list<DB: sqlx::Database>(
    query: &mut sqlx::QueryBuilder<'_, DB>,
    values: &[String],
) where
    String: for<'q> sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    query.push("(");
    let mut list = query.separated(", ");
    for value in values {
        list.push_bind(value.clone());
    }
    list.push_unseparated(")");
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
