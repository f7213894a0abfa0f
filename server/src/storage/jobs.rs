//! Job leases: a background job that must run on one instance at a time
//! (the consent-expiry sweep, deadline reminders) runs where the lease is.

macro_rules! job_store {
    ($db:ty) => {
        const _: () = {
            use app::server::{JobStore, StoreError};
            use async_trait::async_trait;

            use crate::storage::{SqlStore, store_error, time_of};

            #[async_trait]
            impl JobStore for SqlStore<$db> {
                /// Takes (or renews) the lease `name` for `holder` for
                /// `seconds`, unless another holder's lease runs past `now`.
                async fn take_lease(
                    &self,
                    name: &str,
                    holder: &str,
                    now: i64,
                    seconds: i64,
                ) -> Result<bool, StoreError> {
                    // fetch_all, not fetch_optional: the statement runs to its
                    // end, so SQLite releases the write lock before the
                    // connection goes back to the pool.
                    let taken: Vec<(String,)> = sqlx::query_as(
                        "INSERT INTO job_leases (name, holder, expires_at) VALUES ($1, $2, $3) \
                         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, \
                             expires_at = excluded.expires_at \
                         WHERE job_leases.expires_at <= $4 OR job_leases.holder = excluded.holder \
                         RETURNING holder",
                    )
                    .bind(name)
                    .bind(holder)
                    .bind(time_of(now + seconds)?)
                    .bind(time_of(now)?)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(store_error)?;
                    Ok(!taken.is_empty())
                }
            }
        };
    };
}

job_store!(sqlx::Sqlite);
job_store!(sqlx::Postgres);
