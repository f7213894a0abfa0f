//! The mail outbox: mail is written with the change that causes it (see
//! the requests area), then claimed, sent and marked by whichever instance
//! gets to it first; a failure waits for its retry time.

use app::{domain::Lang, server::OutboxMail};

#[derive(sqlx::FromRow)]
struct OutboxRow {
    id: i64,
    to_address: String,
    lang: String,
    template: String,
    reference: String,
    attempts: i64,
    token: Option<String>,
}

impl From<OutboxRow> for OutboxMail {
    fn from(row: OutboxRow) -> OutboxMail {
        OutboxMail {
            id: row.id,
            to: row.to_address,
            lang: Lang::parse(&row.lang).unwrap_or_default(),
            template: row.template,
            reference: row.reference,
            attempts: row.attempts,
            token: row.token,
        }
    }
}

macro_rules! mail_store {
    ($db:ty) => {
        const _: () = {
            use app::{
                domain::requests::UndeliveredMail,
                server::{AddressState, Delivery, MailStore, OutboxMail, StoreError},
            };
            use async_trait::async_trait;

            use self::OutboxRow;
            use crate::storage::{SqlStore, store_error, time_of};

            #[async_trait]
            impl MailStore for SqlStore<$db> {
                async fn claim_mail(
                    &self,
                    now: i64,
                    lease: i64,
                    limit: u32,
                ) -> Result<Vec<OutboxMail>, StoreError> {
                    // The outer `next_attempt_at` check stops a second
                    // sender that waited on the same rows from taking them.
                    let rows: Vec<OutboxRow> = sqlx::query_as(
                        "UPDATE email_outbox SET next_attempt_at = $1, attempts = attempts + 1 \
                         WHERE sent_at IS NULL AND refused_at IS NULL AND next_attempt_at <= $2 \
                         AND id IN ( \
                             SELECT o.id FROM email_outbox o \
                             LEFT JOIN email_addresses a ON a.id = o.address_id \
                             WHERE o.sent_at IS NULL AND o.refused_at IS NULL \
                                 AND o.next_attempt_at <= $2 \
                                 AND (o.address_id IS NULL OR a.confirmed_at IS NOT NULL) \
                             ORDER BY o.id LIMIT $3) \
                         RETURNING id, to_address, lang, template, reference, attempts, token",
                    )
                    .bind(time_of(now + lease)?)
                    .bind(time_of(now)?)
                    .bind(i64::from(limit))
                    .fetch_all(&self.pool)
                    .await
                    .map_err(store_error)?;
                    let mut mails: Vec<OutboxMail> =
                        rows.into_iter().map(OutboxMail::from).collect();
                    mails.sort_by_key(|m| m.id);
                    Ok(mails)
                }

                async fn finish_mail(
                    &self,
                    id: i64,
                    delivery: &Delivery,
                    now: i64,
                ) -> Result<(), StoreError> {
                    let short = |error: &str| error.chars().take(500).collect::<String>();
                    let query = match delivery {
                        Delivery::Sent => sqlx::query(
                            "UPDATE email_outbox SET sent_at = $1, last_error = NULL, token = NULL \
                             WHERE id = $2",
                        )
                        .bind(time_of(now)?)
                        .bind(id),
                        Delivery::Retry { at, error } => sqlx::query(
                            "UPDATE email_outbox SET next_attempt_at = $1, last_error = $2 \
                             WHERE id = $3",
                        )
                        .bind(time_of(*at)?)
                        .bind(short(error))
                        .bind(id),
                        Delivery::Refused { error } => sqlx::query(
                            "UPDATE email_outbox SET refused_at = $1, last_error = $2 WHERE id = $3",
                        )
                        .bind(time_of(now)?)
                        .bind(short(error))
                        .bind(id),
                    };
                    query.execute(&self.pool).await.map_err(store_error)?;
                    Ok(())
                }

                async fn list_undelivered_mail(
                    &self,
                    reference: &str,
                ) -> Result<Vec<UndeliveredMail>, StoreError> {
                    let rows: Vec<(String, time::OffsetDateTime, Option<String>)> = sqlx::query_as(
                        "SELECT to_address, refused_at, last_error FROM email_outbox \
                         WHERE reference = $1 AND refused_at IS NOT NULL \
                         ORDER BY refused_at DESC, id DESC LIMIT 20",
                    )
                    .bind(reference)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(store_error)?;
                    Ok(rows
                        .into_iter()
                        .map(|(to, at, error)| UndeliveredMail {
                            to,
                            refused_at: at.unix_timestamp(),
                            error: error.unwrap_or_default(),
                        })
                        .collect())
                }

                async fn address_state(
                    &self,
                    owner: &str,
                    address: &str,
                ) -> Result<AddressState, StoreError> {
                    type Row = (Option<time::OffsetDateTime>, Option<time::OffsetDateTime>);
                    let row: Option<Row> = sqlx::query_as(
                        "SELECT confirmed_at, token_issued_at FROM email_addresses \
                         WHERE owner = $1 AND address = $2",
                    )
                    .bind(owner)
                    .bind(address)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(store_error)?;
                    Ok(match row {
                        Some((Some(_), _)) => AddressState::Confirmed,
                        Some((None, Some(issued))) => AddressState::Pending {
                            issued_at: issued.unix_timestamp(),
                        },
                        _ => AddressState::Unknown,
                    })
                }

                async fn confirm_address(
                    &self,
                    token_hash: &str,
                    now: i64,
                    issued_after: i64,
                ) -> Result<bool, StoreError> {
                    // The token is spent: a second use finds nothing.
                    let confirmed: Vec<(i64,)> = sqlx::query_as(
                        "UPDATE email_addresses SET confirmed_at = $1, token_hash = NULL \
                         WHERE token_hash = $2 AND token_issued_at >= $3 RETURNING id",
                    )
                    .bind(time_of(now)?)
                    .bind(token_hash)
                    .bind(time_of(issued_after)?)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(store_error)?;
                    Ok(!confirmed.is_empty())
                }

                async fn delete_mail_before(&self, before: i64) -> Result<u64, StoreError> {
                    let done = sqlx::query(
                        "DELETE FROM email_outbox WHERE sent_at < $1 OR refused_at < $1 \
                         OR (created_at < $1 AND sent_at IS NULL AND address_id IN ( \
                             SELECT id FROM email_addresses WHERE confirmed_at IS NULL))",
                    )
                    .bind(time_of(before)?)
                    .execute(&self.pool)
                    .await
                    .map_err(store_error)?;
                    Ok(done.rows_affected())
                }
            }
        };
    };
}

mail_store!(sqlx::Sqlite);
mail_store!(sqlx::Postgres);
