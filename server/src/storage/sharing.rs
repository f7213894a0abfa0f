//! The registry codes, agency credentials and the hash-chained sharing log.
//! The SQL is the same on both engines (sqlx takes `$N` on SQLite too); the
//! macro below writes it once and instantiates it per engine, which keeps
//! the transaction code free of a page of trait bounds.

use std::collections::HashMap;

use app::{
    domain::sharing::{ChainedContent, StoredLink},
    server::StoreError,
};
use time::OffsetDateTime;

/// A row of the chain as stored (codes resolved by joins).
#[derive(sqlx::FromRow)]
pub(crate) struct LinkRow {
    seq: i64,
    provider_agency: String,
    agency_event_id: String,
    pseudonym: String,
    occurred_at: OffsetDateTime,
    provider_system: String,
    recipient_agency: String,
    recipient_system: Option<String>,
    categories: String,
    purpose: String,
    legal_basis: String,
    method: String,
    mode: String,
    request_reference: Option<String>,
    official_code: Option<String>,
    outcome: String,
    visible_from: Option<OffsetDateTime>,
    content_hash: String,
    chain_hash: String,
}

impl TryFrom<LinkRow> for StoredLink {
    type Error = StoreError;

    fn try_from(row: LinkRow) -> Result<Self, StoreError> {
        let categories: Vec<String> = serde_json::from_str(&row.categories).map_err(|_| {
            StoreError::Unavailable(format!("event {} has bad categories", row.seq).into())
        })?;
        Ok(StoredLink {
            content: ChainedContent {
                seq: row.seq,
                provider_agency: row.provider_agency,
                event_id: row.agency_event_id,
                pseudonym: row.pseudonym,
                occurred_at: row.occurred_at.unix_timestamp(),
                provider_system: row.provider_system,
                recipient_agency: row.recipient_agency,
                recipient_system: row.recipient_system,
                categories,
                purpose: row.purpose,
                legal_basis: row.legal_basis,
                method: row.method,
                mode: row.mode,
                request_reference: row.request_reference,
                official_code: row.official_code,
                outcome: row.outcome,
                visible_from: row.visible_from.map(OffsetDateTime::unix_timestamp),
            },
            content_hash: row.content_hash,
            chain_hash: row.chain_hash,
        })
    }
}

pub(crate) const LINKS_SQL: &str = "SELECT e.seq, pa.code AS provider_agency, e.agency_event_id, \
     e.pseudonym, e.occurred_at, ps.code AS provider_system, ra.code AS recipient_agency, \
     rs.code AS recipient_system, e.categories, pu.code AS purpose, lb.code AS legal_basis, \
     e.method, e.mode, e.request_reference, e.official_code, e.outcome, e.visible_from, \
     e.content_hash, e.chain_hash \
     FROM sharing_events e \
     JOIN agencies pa ON pa.id = e.provider_agency_id \
     JOIN systems ps ON ps.id = e.provider_system_id \
     JOIN agencies ra ON ra.id = e.recipient_agency_id \
     LEFT JOIN systems rs ON rs.id = e.recipient_system_id \
     JOIN purposes pu ON pu.id = e.purpose_id \
     JOIN legal_bases lb ON lb.id = e.legal_basis_id \
     WHERE e.seq > $1 ORDER BY e.seq LIMIT $2";

pub(crate) fn time_of(unix: i64) -> Result<OffsetDateTime, StoreError> {
    OffsetDateTime::from_unix_timestamp(unix).map_err(|error| StoreError::Unavailable(error.into()))
}

/// Code → id of one registry table.
pub(crate) type Ids = HashMap<String, i64>;

pub(crate) fn id_of(ids: &Ids, code: &str) -> Result<i64, StoreError> {
    ids.get(code).copied().ok_or_else(|| StoreError::Conflict {
        constraint: format!("unknown code {code}"),
    })
}

/// Writes the functions for one engine into a module.
macro_rules! sharing_log {
    ($module:ident, $db:ty) => {
        pub(crate) mod $module {
            use std::collections::HashMap;

            use app::{
                domain::sharing::{RegistryCodes, StoredLink, chain_hash},
                server::{AppendError, AppendOutcome, Checkpoint, NewSharingEvent, StoreError},
            };
            use sqlx::Row as _;

            use super::{Ids, LINKS_SQL, LinkRow, id_of, time_of};
            use crate::storage::{rows::convert_all, store_error};

            type Pool = sqlx::Pool<$db>;

            async fn ids(
                conn: &mut <$db as sqlx::Database>::Connection,
                table: &str,
            ) -> Result<Ids, StoreError> {
                // The table name comes from this module, never from input.
                let rows: Vec<(i64, String)> =
                    sqlx::query_as(&format!("SELECT CAST(id AS BIGINT), code FROM {table}"))
                        .fetch_all(&mut *conn)
                        .await
                        .map_err(store_error)?;
                Ok(rows.into_iter().map(|(id, code)| (code, id)).collect())
            }

            pub(crate) async fn load_registry_codes(pool: &Pool) -> Result<RegistryCodes, StoreError> {
                let mut conn = pool.acquire().await.map_err(store_error)?;
                let codes = |ids: Ids| ids.into_keys().collect();
                let systems: Vec<(String, String)> = sqlx::query_as(
                    "SELECT s.code, a.code FROM systems s JOIN agencies a ON a.id = s.agency_id",
                )
                .fetch_all(&mut *conn)
                .await
                .map_err(store_error)?;
                Ok(RegistryCodes {
                    agencies: codes(ids(&mut conn, "agencies").await?),
                    systems: systems.into_iter().collect(),
                    categories: codes(ids(&mut conn, "data_categories").await?),
                    purposes: codes(ids(&mut conn, "purposes").await?),
                    legal_bases: codes(ids(&mut conn, "legal_bases").await?),
                })
            }

            pub(crate) async fn find_agency_credential(
                pool: &Pool,
                token_id: &str,
            ) -> Result<Option<(String, String)>, StoreError> {
                sqlx::query_as(
                    "SELECT a.code, c.token_hash FROM agency_credentials c \
                     JOIN agencies a ON a.id = c.agency_id \
                     WHERE c.token_id = $1 AND c.revoked_at IS NULL",
                )
                .bind(token_id)
                .fetch_optional(pool)
                .await
                .map_err(store_error)
            }

            pub(crate) async fn insert_agency_credential(
                pool: &Pool,
                agency_code: &str,
                token_id: &str,
                token_hash: &str,
            ) -> Result<(), StoreError> {
                let inserted = sqlx::query(
                    "INSERT INTO agency_credentials (agency_id, token_id, token_hash, created_at) \
                     SELECT id, $1, $2, $3 FROM agencies WHERE code = $4",
                )
                .bind(token_id)
                .bind(token_hash)
                .bind(time::OffsetDateTime::now_utc())
                .bind(agency_code)
                .execute(pool)
                .await
                .map_err(store_error)?;
                if inserted.rows_affected() == 1 {
                    Ok(())
                } else {
                    Err(StoreError::NotFound)
                }
            }

            pub(crate) async fn append(
                pool: &Pool,
                events: &[NewSharingEvent],
            ) -> Result<AppendOutcome, AppendError> {
                let mut tx = pool.begin().await.map_err(store_error)?;
                // Taking the chain head for update serialises writers on
                // both engines (a row lock; SQLite's write lock).
                let head = sqlx::query(
                    "UPDATE chain_head SET next_seq = next_seq WHERE id = 1 \
                     RETURNING next_seq, last_hash",
                )
                .fetch_one(&mut *tx)
                .await
                .map_err(store_error)?;
                let mut next_seq: i64 = head.try_get(0).map_err(store_error)?;
                let mut last_hash: String = head.try_get(1).map_err(store_error)?;

                let agencies = ids(&mut tx, "agencies").await?;
                let systems = ids(&mut tx, "systems").await?;
                let purposes = ids(&mut tx, "purposes").await?;
                let legal_bases = ids(&mut tx, "legal_bases").await?;

                let mut reused = Vec::new();
                let mut duplicates = 0;
                let mut in_batch: HashMap<(String, String), String> = HashMap::new();
                let received_at = time::OffsetDateTime::now_utc();
                for (index, event) in events.iter().enumerate() {
                    let d = &event.details;
                    let report_hash = d.report_hash(&event.pseudonym);
                    let key = (d.provider_agency.clone(), d.event_id.clone());
                    if let Some(seen) = in_batch.get(&key) {
                        if *seen == report_hash {
                            duplicates += 1;
                        } else {
                            reused.push(index);
                        }
                        continue;
                    }
                    in_batch.insert(key, report_hash.clone());
                    let provider = id_of(&agencies, &d.provider_agency)?;
                    let existing: Option<(String,)> = sqlx::query_as(
                        "SELECT report_hash FROM sharing_events \
                         WHERE provider_agency_id = $1 AND agency_event_id = $2",
                    )
                    .bind(provider)
                    .bind(&d.event_id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(store_error)?;
                    if let Some((stored,)) = existing {
                        if stored == report_hash {
                            duplicates += 1;
                        } else {
                            reused.push(index);
                        }
                        continue;
                    }
                    if !reused.is_empty() {
                        // The batch is refused anyway: only collect.
                        continue;
                    }
                    let content = d.chained(next_seq, &event.pseudonym);
                    let content_hash = content.content_hash();
                    let link = chain_hash(&last_hash, &content_hash);
                    let recipient_system = match &d.recipient_system {
                        Some(code) => Some(id_of(&systems, code)?),
                        None => None,
                    };
                    let categories = serde_json::to_string(&d.categories)
                        .map_err(|error| StoreError::Unavailable(error.into()))?;
                    sqlx::query(
                        "INSERT INTO sharing_events (seq, provider_agency_id, agency_event_id, \
                             pseudonym, occurred_at, provider_system_id, recipient_agency_id, \
                             recipient_system_id, categories, purpose_id, legal_basis_id, method, \
                             mode, request_reference, official_code, outcome, visible_from, \
                             received_at, report_hash, content_hash, chain_hash) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, \
                             $15, $16, $17, $18, $19, $20, $21)",
                    )
                    .bind(next_seq)
                    .bind(provider)
                    .bind(&d.event_id)
                    .bind(&event.pseudonym)
                    .bind(time_of(d.occurred_at)?)
                    .bind(id_of(&systems, &d.provider_system)?)
                    .bind(id_of(&agencies, &d.recipient_agency)?)
                    .bind(recipient_system)
                    .bind(categories)
                    .bind(id_of(&purposes, &d.purpose)?)
                    .bind(id_of(&legal_bases, &d.legal_basis)?)
                    .bind(d.method.code())
                    .bind(d.mode.code())
                    .bind(d.request_reference.as_deref())
                    .bind(d.official_code.as_deref())
                    .bind(d.outcome.code())
                    .bind(d.visible_from.map(time_of).transpose()?)
                    .bind(received_at)
                    .bind(&report_hash)
                    .bind(&content_hash)
                    .bind(&link)
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
                    next_seq += 1;
                    last_hash = link;
                }
                if !reused.is_empty() {
                    return Err(AppendError::EventIdReused(reused));
                }
                sqlx::query("UPDATE chain_head SET next_seq = $1, last_hash = $2 WHERE id = 1")
                    .bind(next_seq)
                    .bind(&last_hash)
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
                tx.commit().await.map_err(store_error)?;
                Ok(AppendOutcome {
                    accepted: events.len() - duplicates,
                    duplicates,
                    head_seq: next_seq - 1,
                    head_hash: last_hash,
                })
            }

            pub(crate) async fn list_links(
                pool: &Pool,
                after: i64,
                limit: u32,
            ) -> Result<Vec<StoredLink>, StoreError> {
                let rows: Vec<LinkRow> = sqlx::query_as(LINKS_SQL)
                    .bind(after)
                    .bind(i64::from(limit))
                    .fetch_all(pool)
                    .await
                    .map_err(store_error)?;
                convert_all(rows)
            }

            pub(crate) async fn insert_checkpoint(
                pool: &Pool,
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
                .execute(pool)
                .await
                .map_err(store_error)?;
                Ok(())
            }

            pub(crate) async fn list_checkpoints(pool: &Pool) -> Result<Vec<Checkpoint>, StoreError> {
                let rows: Vec<(i64, String, time::OffsetDateTime, String)> = sqlx::query_as(
                    "SELECT seq, chain_hash, signed_at, signature FROM checkpoints ORDER BY seq",
                )
                .fetch_all(pool)
                .await
                .map_err(store_error)?;
                Ok(rows
                    .into_iter()
                    .map(|(seq, chain_hash, signed_at, signature)| Checkpoint {
                        seq,
                        chain_hash,
                        signed_at: signed_at.unix_timestamp(),
                        signature,
                    })
                    .collect())
            }
        }
    };
}

sharing_log!(sqlite_log, sqlx::Sqlite);
sharing_log!(pg_log, sqlx::Postgres);
