//! The sharing log's chain: links and signed checkpoints, read for
//! `verify-log` and for proofs.

macro_rules! chain_store {
    ($db:ty) => {
        const _: () = {
            use app::{
                domain::sharing::StoredLink,
                server::{ChainStore, Checkpoint, StoreError},
            };
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
                        "INSERT INTO checkpoints (seq, chain_hash, signed_at, signature) \
                         VALUES ($1, $2, $3, $4) ON CONFLICT (seq) DO NOTHING",
                    )
                    .bind(checkpoint.seq)
                    .bind(&checkpoint.chain_hash)
                    .bind(time_of(checkpoint.signed_at)?)
                    .bind(&checkpoint.signature)
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
                            "SELECT seq, chain_hash, signed_at, signature FROM checkpoints \
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

                async fn list_checkpoints(&self) -> Result<Vec<Checkpoint>, StoreError> {
                    let rows: Vec<CheckpointRow> = sqlx::query_as(
                        "SELECT seq, chain_hash, signed_at, signature FROM checkpoints \
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
