//! The figures behind `/metrics`: a few grouped counts per scrape.

macro_rules! metrics_store {
    ($db:ty) => {
        const _: () = {
            use app::{
                domain::datetime::{Date, iso_date},
                server::{Gauges, LeaseHolder, MetricsStore, OpenRequests, StoreError},
            };
            use async_trait::async_trait;
            use time::OffsetDateTime;

            use crate::storage::{SqlStore, store_error, time_of};

            #[async_trait]
            impl MetricsStore for SqlStore<$db> {
                async fn read_gauges(&self, now: i64, near_days: i64) -> Result<Gauges, StoreError> {
                    let (outbox_depth, oldest): (i64, Option<OffsetDateTime>) = sqlx::query_as(
                        "SELECT CAST(COUNT(*) AS BIGINT), MIN(created_at) FROM email_outbox \
                         WHERE sent_at IS NULL AND refused_at IS NULL",
                    )
                    .fetch_one(&self.pool)
                    .await
                    .map_err(store_error)?;
                    // Deadlines are dates (YYYY-MM-DD, compared as text) in
                    // Viet Nam's time. Only rows due by `near` are read: a
                    // range of the (status, decide_by) index, not every open
                    // request (a full scan took 91 ms a scrape at 100,000).
                    let today = iso_date(now);
                    let near = Date::parse(&today)
                        .map(|d| d.add_days(near_days).iso())
                        .unwrap_or_else(|| today.clone());
                    let rows: Vec<(String, i64, i64)> = sqlx::query_as(
                        "SELECT handler, \
                             CAST(SUM(CASE WHEN decide_by >= $1 AND decide_by <= $2 \
                                 THEN 1 ELSE 0 END) AS BIGINT), \
                             CAST(SUM(CASE WHEN decide_by < $1 THEN 1 ELSE 0 END) AS BIGINT) \
                         FROM requests \
                         WHERE status IN ('submitted', 'acknowledged', 'information-requested') \
                             AND decide_by <= $2 \
                         GROUP BY handler ORDER BY handler",
                    )
                    .bind(&today)
                    .bind(&near)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(store_error)?;
                    let leases: Vec<(String, String)> = sqlx::query_as(
                        "SELECT name, holder FROM job_leases WHERE expires_at > $1 ORDER BY name",
                    )
                    .bind(time_of(now)?)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(store_error)?;
                    Ok(Gauges {
                        outbox_depth,
                        outbox_oldest_at: oldest.map(OffsetDateTime::unix_timestamp),
                        open_requests: rows
                            .into_iter()
                            .map(|(handler, near, past)| OpenRequests { handler, near, past })
                            .collect(),
                        leases: leases
                            .into_iter()
                            .map(|(job, holder)| LeaseHolder { job, holder })
                            .collect(),
                    })
                }
            }
        };
    };
}

metrics_store!(sqlx::Sqlite);
metrics_store!(sqlx::Postgres);
