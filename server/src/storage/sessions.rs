//! Sessions in the application's own database (table `sessions`, created by
//! our migrations), through tower-sessions-sqlx-store: one type over both
//! engines, so the session layer does not care which one runs.

use async_trait::async_trait;
use tower_sessions::{
    ExpiredDeletion, SessionStore,
    session::{Id, Record},
    session_store,
};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

/// The session store on whichever database the service uses.
#[derive(Clone, Debug)]
pub enum DbSessionStore {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl DbSessionStore {
    pub(crate) fn sqlite(pool: sqlx::SqlitePool) -> DbSessionStore {
        DbSessionStore::Sqlite(
            SqliteStore::new(pool)
                .with_table_name("sessions")
                .unwrap_or_else(|_| unreachable!("a valid table name")),
        )
    }

    pub(crate) fn postgres(pool: sqlx::PgPool) -> DbSessionStore {
        DbSessionStore::Postgres(
            PostgresStore::new(pool)
                .with_schema_name("public")
                .and_then(|store| store.with_table_name("sessions"))
                .unwrap_or_else(|_| unreachable!("valid schema and table names")),
        )
    }
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            DbSessionStore::Sqlite(store) => store.create(record).await,
            DbSessionStore::Postgres(store) => store.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            DbSessionStore::Sqlite(store) => store.save(record).await,
            DbSessionStore::Postgres(store) => store.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            DbSessionStore::Sqlite(store) => store.load(id).await,
            DbSessionStore::Postgres(store) => store.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            DbSessionStore::Sqlite(store) => store.delete(id).await,
            DbSessionStore::Postgres(store) => store.delete(id).await,
        }
    }
}

#[async_trait]
impl ExpiredDeletion for DbSessionStore {
    async fn delete_expired(&self) -> session_store::Result<()> {
        match self {
            DbSessionStore::Sqlite(store) => store.delete_expired().await,
            DbSessionStore::Postgres(store) => store.delete_expired().await,
        }
    }
}
