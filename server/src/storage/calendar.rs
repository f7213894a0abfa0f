//! The working-day calendar (days off and weekend days worked, per year)
//! and the job leases, written once and instantiated per engine like the
//! other modules.

macro_rules! calendar_store {
    ($module:ident, $db:ty) => {
        pub(crate) mod $module {
            use app::{
                domain::deadlines::{CalendarData, CalendarDay, Date},
                server::StoreError,
            };

            use crate::storage::store_error;

            type Pool = sqlx::Pool<$db>;

            pub(crate) async fn load(pool: &Pool) -> Result<CalendarData, StoreError> {
                let years: Vec<(i32,)> =
                    sqlx::query_as("SELECT year FROM calendar_years ORDER BY year")
                        .fetch_all(pool)
                        .await
                        .map_err(store_error)?;
                let rows: Vec<(String, bool, String, String, bool)> = sqlx::query_as(
                    "SELECT day, day_off, name_vi, name_en, confirmed FROM calendar_days \
                     ORDER BY day",
                )
                .fetch_all(pool)
                .await
                .map_err(store_error)?;
                let days = rows
                    .into_iter()
                    .map(|(day, day_off, name_vi, name_en, confirmed)| {
                        Ok(CalendarDay {
                            date: Date::parse(&day).ok_or_else(|| {
                                StoreError::Unavailable(format!("bad calendar day {day}").into())
                            })?,
                            day_off,
                            name_vi,
                            name_en,
                            confirmed,
                        })
                    })
                    .collect::<Result<_, StoreError>>()?;
                Ok(CalendarData {
                    years: years.into_iter().map(|(year,)| year).collect(),
                    days,
                })
            }

            pub(crate) async fn upsert_day(
                pool: &Pool,
                day: &CalendarDay,
            ) -> Result<(), StoreError> {
                sqlx::query(
                    "INSERT INTO calendar_days (day, day_off, name_vi, name_en, confirmed) \
                     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (day) DO UPDATE SET \
                         day_off = excluded.day_off, name_vi = excluded.name_vi, \
                         name_en = excluded.name_en, confirmed = excluded.confirmed",
                )
                .bind(day.date.iso())
                .bind(day.day_off)
                .bind(&day.name_vi)
                .bind(&day.name_en)
                .bind(day.confirmed)
                .execute(pool)
                .await
                .map_err(store_error)?;
                Ok(())
            }

            pub(crate) async fn delete_day(pool: &Pool, date: Date) -> Result<bool, StoreError> {
                let deleted = sqlx::query("DELETE FROM calendar_days WHERE day = $1")
                    .bind(date.iso())
                    .execute(pool)
                    .await
                    .map_err(store_error)?;
                Ok(deleted.rows_affected() > 0)
            }

            /// Takes (or renews) the lease `name` for `holder` until
            /// `until`, unless another holder's lease runs past `now`.
            pub(crate) async fn take_lease(
                pool: &Pool,
                name: &str,
                holder: &str,
                now: i64,
                until: i64,
            ) -> Result<bool, StoreError> {
                use crate::storage::sharing::time_of;
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
                .bind(time_of(until)?)
                .bind(time_of(now)?)
                .fetch_all(pool)
                .await
                .map_err(store_error)?;
                Ok(!taken.is_empty())
            }

            pub(crate) async fn insert_year(pool: &Pool, year: i32) -> Result<(), StoreError> {
                sqlx::query(
                    "INSERT INTO calendar_years (year) VALUES ($1) ON CONFLICT (year) DO NOTHING",
                )
                .bind(year)
                .execute(pool)
                .await
                .map_err(store_error)?;
                Ok(())
            }
        }
    };
}

calendar_store!(sqlite_calendar, sqlx::Sqlite);
calendar_store!(pg_calendar, sqlx::Postgres);
