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
        }
    }
}

macro_rules! mail_store {
    ($db:ty) => {
        const _: () = {
            use app::server::{MailStore, OutboxMail, StoreError};
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
                         WHERE sent_at IS NULL AND next_attempt_at <= $2 AND id IN ( \
                             SELECT id FROM email_outbox \
                             WHERE sent_at IS NULL AND next_attempt_at <= $2 \
                             ORDER BY id LIMIT $3) \
                         RETURNING id, to_address, lang, template, reference, attempts",
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
                    outcome: Result<(), String>,
                    now: i64,
                    retry_at: i64,
                ) -> Result<(), StoreError> {
                    let query = match &outcome {
                        Ok(()) => sqlx::query(
                            "UPDATE email_outbox SET sent_at = $1, last_error = NULL WHERE id = $2",
                        )
                        .bind(time_of(now)?)
                        .bind(id),
                        Err(error) => sqlx::query(
                            "UPDATE email_outbox SET next_attempt_at = $1, last_error = $2 \
                             WHERE id = $3",
                        )
                        .bind(time_of(retry_at)?)
                        .bind(error.chars().take(500).collect::<String>())
                        .bind(id),
                    };
                    query.execute(&self.pool).await.map_err(store_error)?;
                    Ok(())
                }
            }
        };
    };
}

mail_store!(sqlx::Sqlite);
mail_store!(sqlx::Postgres);
