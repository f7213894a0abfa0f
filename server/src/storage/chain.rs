//! The sharing log's chain: links and signed checkpoints, read for
//! `verify-log` and for proofs.

macro_rules! chain_store {
    ($db:ty) => {
        const _: () = {
            use app::{
                domain::sharing::StoredLink,
                server::{ChainStore, Checkpoint, CheckpointKey, KeyStanding, StoreError},
            };
            use time::OffsetDateTime;
            use async_trait::async_trait;

            use crate::storage::{
                SqlStore, convert_all,
                sharing::{CheckpointRow, LINKS_SELECT, LINKS_SQL, LinkRow},
                store_error, time_of,
            };

            #[async_trait]
            impl ChainStore for SqlStore<$db> {
                async fn list_chain_links(
                    &self,
                    after: i64,
                    limit: u32,
                ) -> Result<Vec<StoredLink>, StoreError> {
                    let rows: Vec<LinkRow> = sqlx::query_as(LINKS_SQL)
                        .bind(after)
                        .bind(i64::from(limit))
                        .fetch_all(&self.pool)
                        .await
                        .map_err(store_error)?;
                    convert_all(rows)
                }

                async fn insert_checkpoint(
                    &self,
                    checkpoint: &Checkpoint,
                ) -> Result<(), StoreError> {
                    sqlx::query(
                        "INSERT INTO checkpoints (seq, chain_hash, signed_at, signature, key_id) \
                         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (seq) DO NOTHING",
                    )
                    .bind(checkpoint.seq)
                    .bind(&checkpoint.chain_hash)
                    .bind(time_of(checkpoint.signed_at)?)
                    .bind(&checkpoint.signature)
                    .bind(checkpoint.key_id.as_deref())
                    .execute(&self.pool)
                    .await
                    .map_err(store_error)?;
                    Ok(())
                }

                async fn find_next_checkpoints(
                    &self,
                    seqs: &[i64],
                ) -> Result<Vec<Checkpoint>, StoreError> {
                    let mut found = std::collections::BTreeMap::new();
                    for chunk in seqs.chunks(500) {
                        let mut query = sqlx::QueryBuilder::<$db>::new(
                            "SELECT seq, chain_hash, signed_at, signature, key_id FROM checkpoints \
                             WHERE seq IN (SELECT (SELECT MIN(c.seq) FROM checkpoints c \
                                 WHERE c.seq >= v.column1) FROM (VALUES ",
                        );
                        let mut values = query.separated(", ");
                        for seq in chunk {
                            values.push("(CAST(");
                            values.push_bind_unseparated(*seq);
                            values.push_unseparated(" AS BIGINT))");
                        }
                        query.push(") v)");
                        let rows: Vec<CheckpointRow> = query
                            .build_query_as()
                            .fetch_all(&self.pool)
                            .await
                            .map_err(store_error)?;
                        for checkpoint in rows.into_iter().map(Checkpoint::from) {
                            found.insert(checkpoint.seq, checkpoint);
                        }
                    }
                    Ok(found.into_values().collect())
                }

                async fn list_chain_spans(
                    &self,
                    spans: &[(i64, i64)],
                ) -> Result<Vec<StoredLink>, StoreError> {
                    let mut found = std::collections::BTreeMap::new();
                    for chunk in spans.chunks(200) {
                        let mut query = sqlx::QueryBuilder::<$db>::new(LINKS_SELECT);
                        query.push(" WHERE ");
                        let mut any = query.separated(" OR ");
                        for (first, last) in chunk {
                            any.push("e.seq BETWEEN ");
                            any.push_bind_unseparated(*first);
                            any.push_unseparated(" AND ");
                            any.push_bind_unseparated(*last);
                        }
                        let rows: Vec<LinkRow> = query
                            .build_query_as()
                            .fetch_all(&self.pool)
                            .await
                            .map_err(store_error)?;
                        for link in convert_all::<LinkRow, StoredLink>(rows)? {
                            found.insert(link.content.seq, link);
                        }
                    }
                    Ok(found.into_values().collect())
                }

                async fn list_checkpoint_keys(&self) -> Result<Vec<CheckpointKey>, StoreError> {
                    let rows: Vec<(String, String, OffsetDateTime, Option<OffsetDateTime>)> =
                        sqlx::query_as(
                            "SELECT key_id, public_key, active_from, retired_at \
                             FROM checkpoint_keys ORDER BY active_from, key_id",
                        )
                        .fetch_all(&self.pool)
                        .await
                        .map_err(store_error)?;
                    Ok(rows
                        .into_iter()
                        .map(|(key_id, public_key, active_from, retired_at)| CheckpointKey {
                            key_id,
                            public_key,
                            active_from: active_from.unix_timestamp(),
                            retired_at: retired_at.map(OffsetDateTime::unix_timestamp),
                        })
                        .collect())
                }

                async fn ensure_checkpoint_key(
                    &self,
                    key_id: &str,
                    public_key: &str,
                    now: i64,
                ) -> Result<KeyStanding, StoreError> {
                    let mut tx = self.pool.begin().await.map_err(store_error)?;
                    // Only the very first start registers: ON CONFLICT keeps
                    // two instances starting at once from both doing it.
                    let first = sqlx::query(
                        "INSERT INTO checkpoint_keys (key_id, public_key, active_from) \
                         SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM checkpoint_keys) \
                         ON CONFLICT DO NOTHING",
                    )
                    .bind(key_id)
                    .bind(public_key)
                    .bind(time_of(now)?)
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
                    if first.rows_affected() == 1 {
                        sqlx::query("UPDATE checkpoints SET key_id = $1 WHERE key_id IS NULL")
                            .bind(key_id)
                            .execute(&mut *tx)
                            .await
                            .map_err(store_error)?;
                    }
                    let found: Option<(String, Option<OffsetDateTime>)> = sqlx::query_as(
                        "SELECT public_key, retired_at FROM checkpoint_keys WHERE key_id = $1",
                    )
                    .bind(key_id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(store_error)?;
                    tx.commit().await.map_err(store_error)?;
                    Ok(match found {
                        Some((stored, _)) if stored != public_key => KeyStanding::Unknown,
                        Some((_, None)) => KeyStanding::Current,
                        Some((_, Some(retired))) => KeyStanding::Retired(retired.unix_timestamp()),
                        None => KeyStanding::Unknown,
                    })
                }

                async fn rotate_checkpoint_key(
                    &self,
                    key_id: &str,
                    public_key: &str,
                    now: i64,
                ) -> Result<(), StoreError> {
                    let mut tx = self.pool.begin().await.map_err(store_error)?;
                    sqlx::query(
                        "UPDATE checkpoint_keys SET retired_at = $1 WHERE retired_at IS NULL",
                    )
                    .bind(time_of(now)?)
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
                    sqlx::query(
                        "INSERT INTO checkpoint_keys (key_id, public_key, active_from) \
                         VALUES ($1, $2, $3)",
                    )
                    .bind(key_id)
                    .bind(public_key)
                    .bind(time_of(now)?)
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
                    tx.commit().await.map_err(store_error)
                }

                async fn list_checkpoints(&self) -> Result<Vec<Checkpoint>, StoreError> {
                    let rows: Vec<CheckpointRow> = sqlx::query_as(
                        "SELECT seq, chain_hash, signed_at, signature, key_id FROM checkpoints \
                         ORDER BY seq",
                    )
                    .fetch_all(&self.pool)
                    .await
                    .map_err(store_error)?;
                    Ok(rows.into_iter().map(Checkpoint::from).collect())
                }
            }
        };
    };
}

chain_store!(sqlx::Sqlite);
chain_store!(sqlx::Postgres);
