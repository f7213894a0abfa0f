//! Account events: sign-ins, sign-outs and failures.

use app::{
    domain::{AccountEvent, AccountEventKind},
    server::StoreError,
};
use time::OffsetDateTime;

use super::corrupt;

#[derive(sqlx::FromRow)]
struct AccountEventRow {
    kind: String,
    reason: Option<String>,
    occurred_at: OffsetDateTime,
    client_hash: Option<String>,
    user_agent: Option<String>,
}

impl TryFrom<AccountEventRow> for AccountEvent {
    type Error = StoreError;

    fn try_from(row: AccountEventRow) -> Result<Self, StoreError> {
        let kind = AccountEventKind::from_code(&row.kind)
            .ok_or_else(|| corrupt(format!("account event has kind {:?}", row.kind)))?;
        Ok(AccountEvent {
            kind,
            occurred_at: row.occurred_at.unix_timestamp(),
            reason: row.reason,
            user_agent: row.user_agent,
            client_hash: row.client_hash,
        })
    }
}

/// The time of an account event, for binding.
fn event_time(event: &AccountEvent) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(event.occurred_at)
        .unwrap_or_else(|_| OffsetDateTime::now_utc())
}

const BY_PSEUDONYM: &str = "SELECT kind, reason, occurred_at, client_hash, user_agent \
     FROM account_events WHERE pseudonym = $1 ORDER BY occurred_at DESC, id DESC LIMIT $2";

const BY_KIND: &str = "SELECT kind, reason, occurred_at, client_hash, user_agent \
     FROM account_events WHERE kind = $1 ORDER BY occurred_at DESC, id DESC LIMIT $2";

macro_rules! account_store {
    ($db:ty) => {
        const _: () = {
            use app::{
                domain::{AccountEvent, AccountEventKind},
                server::{AccountStore, StoreError},
            };
            use async_trait::async_trait;

            use self::{AccountEventRow, BY_KIND, BY_PSEUDONYM, event_time};
            use crate::storage::{SqlStore, convert_all, store_error, time_of};

            /// Writes one account event on `connection` (a pool's, or a
            /// transaction's).
            async fn insert_event(
                connection: &mut <$db as sqlx::Database>::Connection,
                pseudonym: Option<&str>,
                event: &AccountEvent,
            ) -> Result<(), StoreError> {
                sqlx::query(
                    "INSERT INTO account_events \
                         (pseudonym, kind, reason, occurred_at, client_hash, user_agent) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(pseudonym)
                .bind(event.kind.code())
                .bind(event.reason.as_deref())
                .bind(event_time(event))
                .bind(event.client_hash.as_deref())
                .bind(event.user_agent.as_deref())
                .execute(connection)
                .await
                .map_err(store_error)?;
                Ok(())
            }

            impl SqlStore<$db> {
                /// Account events whose column (in `sql`) is `value`.
                async fn account_events(
                    &self,
                    sql: &'static str,
                    value: &str,
                    limit: u32,
                ) -> Result<Vec<AccountEvent>, StoreError> {
                    let rows: Vec<AccountEventRow> = sqlx::query_as(sql)
                        .bind(value)
                        .bind(i64::from(limit))
                        .fetch_all(&self.pool)
                        .await
                        .map_err(store_error)?;
                    convert_all(rows)
                }
            }

            #[async_trait]
            impl AccountStore for SqlStore<$db> {
                async fn insert_account_event(
                    &self,
                    pseudonym: Option<&str>,
                    event: &AccountEvent,
                ) -> Result<(), StoreError> {
                    let mut connection = self.pool.acquire().await.map_err(store_error)?;
                    insert_event(&mut connection, pseudonym, event).await
                }

                async fn session_generation(&self, pseudonym: &str) -> Result<i64, StoreError> {
                    let row: Option<(i64,)> = sqlx::query_as(
                        "SELECT generation FROM session_generations WHERE pseudonym = $1",
                    )
                    .bind(pseudonym)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(store_error)?;
                    Ok(row.map_or(0, |(generation,)| generation))
                }

                async fn sign_out_everywhere(
                    &self,
                    pseudonym: &str,
                    event: &AccountEvent,
                ) -> Result<i64, StoreError> {
                    let mut tx = self.pool.begin().await.map_err(store_error)?;
                    let (generation,): (i64,) = sqlx::query_as(
                        "INSERT INTO session_generations (pseudonym, generation, changed_at) \
                         VALUES ($1, 1, $2) \
                         ON CONFLICT (pseudonym) DO UPDATE \
                             SET generation = session_generations.generation + 1, \
                                 changed_at = excluded.changed_at \
                         RETURNING generation",
                    )
                    .bind(pseudonym)
                    .bind(event_time(event))
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(store_error)?;
                    insert_event(&mut tx, Some(pseudonym), event).await?;
                    tx.commit().await.map_err(store_error)?;
                    Ok(generation)
                }

                async fn list_account_events(
                    &self,
                    pseudonym: &str,
                    limit: u32,
                ) -> Result<Vec<AccountEvent>, StoreError> {
                    self.account_events(BY_PSEUDONYM, pseudonym, limit).await
                }

                async fn delete_account_events_before(
                    &self,
                    before: i64,
                ) -> Result<u64, StoreError> {
                    let done = sqlx::query("DELETE FROM account_events WHERE occurred_at < $1")
                        .bind(time_of(before)?)
                        .execute(&self.pool)
                        .await
                        .map_err(store_error)?;
                    Ok(done.rows_affected())
                }

                async fn list_failed_sign_ins(
                    &self,
                    limit: u32,
                ) -> Result<Vec<AccountEvent>, StoreError> {
                    let failed = AccountEventKind::SignInFailed.code();
                    self.account_events(BY_KIND, failed, limit).await
                }
            }
        };
    };
}

account_store!(sqlx::Sqlite);
account_store!(sqlx::Postgres);
