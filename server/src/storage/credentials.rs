//! Agency credentials: hashed bearer tokens with an expiry, a revocation
//! time and the time of last use.

use app::server::{AgencyCredential, CredentialSummary, StoreError};
use time::OffsetDateTime;

#[derive(sqlx::FromRow)]
struct CredentialRow {
    agency_code: String,
    token_hash: String,
    last_used_at: Option<OffsetDateTime>,
}

impl From<CredentialRow> for AgencyCredential {
    fn from(row: CredentialRow) -> AgencyCredential {
        AgencyCredential {
            agency_code: row.agency_code,
            token_hash: row.token_hash,
            last_used_at: row.last_used_at.map(OffsetDateTime::unix_timestamp),
        }
    }
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    token_id: String,
    agency_code: String,
    created_at: OffsetDateTime,
    expires_at: OffsetDateTime,
    last_used_at: Option<OffsetDateTime>,
    revoked_at: Option<OffsetDateTime>,
}

impl From<SummaryRow> for CredentialSummary {
    fn from(row: SummaryRow) -> CredentialSummary {
        CredentialSummary {
            token_id: row.token_id,
            agency_code: row.agency_code,
            created_at: row.created_at.unix_timestamp(),
            expires_at: row.expires_at.unix_timestamp(),
            last_used_at: row.last_used_at.map(OffsetDateTime::unix_timestamp),
            revoked_at: row.revoked_at.map(OffsetDateTime::unix_timestamp),
        }
    }
}

macro_rules! credential_store {
    ($db:ty) => {
        const _: () = {
            use app::{
                domain::{agencies::token_subject, appointments::ChangeKind},
                server::{ChangeNote, CredentialStore, NewCredential, Revocation, Rotation},
            };
            use async_trait::async_trait;

            use self::{CredentialRow, SummaryRow};
            use crate::storage::{SqlStore, appointments::AuditLine, store_error, time_of};

            type Tx<'a> = sqlx::Transaction<'a, $db>;

            /// The change log's line for a token change.
            async fn log(
                tx: &mut Tx<'_>,
                kind: ChangeKind,
                agency_code: &str,
                token_id: &str,
                change: ChangeNote<'_>,
            ) -> Result<(), StoreError> {
                let subject = token_subject(agency_code, token_id);
                let line = AuditLine {
                    subject: Some(&subject),
                    ..AuditLine::new(kind, change.reason)
                };
                SqlStore::<$db>::record_change(tx, change.now, change.actor, &line).await
            }

            #[async_trait]
            impl CredentialStore for SqlStore<$db> {
                async fn find_agency_credential(
                    &self,
                    token_id: &str,
                    now: i64,
                ) -> Result<Option<AgencyCredential>, StoreError> {
                    let row: Option<CredentialRow> = sqlx::query_as(
                        "SELECT a.code AS agency_code, c.token_hash, c.last_used_at \
                         FROM agency_credentials c \
                         JOIN agencies a ON a.id = c.agency_id \
                         WHERE c.token_id = $1 AND c.revoked_at IS NULL AND c.expires_at > $2",
                    )
                    .bind(token_id)
                    .bind(time_of(now)?)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(store_error)?;
                    Ok(row.map(AgencyCredential::from))
                }

                async fn insert_agency_credential(
                    &self,
                    agency_code: &str,
                    new: &NewCredential,
                    change: ChangeNote<'_>,
                ) -> Result<(), StoreError> {
                    let mut tx = self.pool.begin().await.map_err(store_error)?;
                    let inserted = sqlx::query(
                        "INSERT INTO agency_credentials \
                             (agency_id, token_id, token_hash, created_at, expires_at) \
                         SELECT id, $1, $2, $3, $4 FROM agencies WHERE code = $5",
                    )
                    .bind(&new.token_id)
                    .bind(&new.token_hash)
                    .bind(time_of(change.now)?)
                    .bind(time_of(new.expires_at)?)
                    .bind(agency_code)
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
                    if inserted.rows_affected() != 1 {
                        return Err(StoreError::NotFound);
                    }
                    log(&mut tx, ChangeKind::TokenIssued, agency_code, &new.token_id, change).await?;
                    tx.commit().await.map_err(store_error)
                }

                async fn record_credential_use(
                    &self,
                    token_id: &str,
                    now: i64,
                    resolution: i64,
                ) -> Result<(), StoreError> {
                    sqlx::query(
                        "UPDATE agency_credentials SET last_used_at = $1 \
                         WHERE token_id = $2 AND (last_used_at IS NULL OR last_used_at <= $3)",
                    )
                    .bind(time_of(now)?)
                    .bind(token_id)
                    .bind(time_of(now - resolution)?)
                    .execute(&self.pool)
                    .await
                    .map_err(store_error)?;
                    Ok(())
                }

                async fn rotate_agency_credential(
                    &self,
                    old_id: &str,
                    new: &NewCredential,
                    old_until: i64,
                    change: ChangeNote<'_>,
                ) -> Result<Rotation, StoreError> {
                    let now = change.now;
                    let mut tx = self.pool.begin().await.map_err(store_error)?;
                    // Shortening the old token's life first takes its row's
                    // lock: a second rotation of the same token at once
                    // finds it already replaced.
                    let old: Option<(String, OffsetDateTime)> = sqlx::query_as(
                        "UPDATE agency_credentials \
                         SET expires_at = CASE WHEN expires_at < $1 THEN expires_at ELSE $1 END, \
                             replaced_by = $2 \
                         WHERE token_id = $3 AND revoked_at IS NULL AND expires_at > $4 \
                             AND replaced_by IS NULL \
                         RETURNING (SELECT code FROM agencies WHERE id = agency_id), expires_at",
                    )
                    .bind(time_of(old_until)?)
                    .bind(&new.token_id)
                    .bind(old_id)
                    .bind(time_of(now)?)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(store_error)?;
                    let Some((agency_code, old_expiry)) = old else {
                        return Ok(Rotation::Unknown);
                    };
                    sqlx::query(
                        "INSERT INTO agency_credentials \
                             (agency_id, token_id, token_hash, created_at, expires_at) \
                         SELECT id, $1, $2, $3, $4 FROM agencies WHERE code = $5",
                    )
                    .bind(&new.token_id)
                    .bind(&new.token_hash)
                    .bind(time_of(now)?)
                    .bind(time_of(new.expires_at)?)
                    .bind(&agency_code)
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
                    // Two lines: the old token is replaced, and a new one is
                    // issued (each named by its own id).
                    log(&mut tx, ChangeKind::TokenRotated, &agency_code, old_id, change).await?;
                    log(&mut tx, ChangeKind::TokenIssued, &agency_code, &new.token_id, change)
                        .await?;
                    tx.commit().await.map_err(store_error)?;
                    Ok(Rotation::Rotated {
                        agency_code,
                        old_until: old_expiry.unix_timestamp(),
                    })
                }

                async fn revoke_agency_credential(
                    &self,
                    token_id: &str,
                    change: ChangeNote<'_>,
                ) -> Result<Revocation, StoreError> {
                    let mut tx = self.pool.begin().await.map_err(store_error)?;
                    let revoked: Option<(String,)> = sqlx::query_as(
                        "UPDATE agency_credentials SET revoked_at = $1 \
                         WHERE token_id = $2 AND revoked_at IS NULL \
                         RETURNING (SELECT code FROM agencies WHERE id = agency_id)",
                    )
                    .bind(time_of(change.now)?)
                    .bind(token_id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(store_error)?;
                    if let Some((agency_code,)) = revoked {
                        log(&mut tx, ChangeKind::TokenRevoked, &agency_code, token_id, change)
                            .await?;
                        tx.commit().await.map_err(store_error)?;
                        return Ok(Revocation::Revoked);
                    }
                    drop(tx);
                    let known: Option<(String,)> = sqlx::query_as(
                        "SELECT token_id FROM agency_credentials WHERE token_id = $1",
                    )
                    .bind(token_id)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(store_error)?;
                    Ok(match known {
                        Some(_) => Revocation::AlreadyRevoked,
                        None => Revocation::Unknown,
                    })
                }

                async fn list_agency_credentials(
                    &self,
                    agency_code: Option<&str>,
                ) -> Result<Vec<CredentialSummary>, StoreError> {
                    let rows: Vec<SummaryRow> = sqlx::query_as(
                        "SELECT c.token_id, a.code AS agency_code, c.created_at, c.expires_at, \
                             c.last_used_at, c.revoked_at \
                         FROM agency_credentials c JOIN agencies a ON a.id = c.agency_id \
                         WHERE $1 IS NULL OR a.code = $1 ORDER BY c.created_at DESC, c.id DESC",
                    )
                    .bind(agency_code)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(store_error)?;
                    Ok(rows.into_iter().map(CredentialSummary::from).collect())
                }
            }
        };
    };
}

credential_store!(sqlx::Sqlite);
credential_store!(sqlx::Postgres);
