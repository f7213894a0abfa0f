//! The working-day calendar: days off and weekend days worked, per year.

#[derive(sqlx::FromRow)]
struct DayRow {
    day: String,
    day_off: bool,
    name_vi: String,
    name_en: String,
    confirmed: bool,
}

impl TryFrom<DayRow> for app::domain::deadlines::CalendarDay {
    type Error = app::server::StoreError;

    fn try_from(row: DayRow) -> Result<Self, Self::Error> {
        Ok(app::domain::deadlines::CalendarDay {
            date: app::domain::deadlines::Date::parse(&row.day)
                .ok_or_else(|| super::corrupt(format!("bad calendar day {}", row.day)))?,
            day_off: row.day_off,
            name_vi: row.name_vi,
            name_en: row.name_en,
            confirmed: row.confirmed,
        })
    }
}

macro_rules! calendar_store {
    ($db:ty) => {
        const _: () = {
            use app::{
                domain::deadlines::{CalendarData, CalendarDay, Date},
                server::{CalendarStore, StoreError},
            };
            use async_trait::async_trait;

            use self::DayRow;
            use crate::storage::{SqlStore, convert_all, store_error};

            #[async_trait]
            impl CalendarStore for SqlStore<$db> {
                async fn load_calendar(&self) -> Result<CalendarData, StoreError> {
                    let years: Vec<i32> =
                        sqlx::query_scalar("SELECT year FROM calendar_years ORDER BY year")
                            .fetch_all(&self.pool)
                            .await
                            .map_err(store_error)?;
                    let rows: Vec<DayRow> = sqlx::query_as(
                        "SELECT day, day_off, name_vi, name_en, confirmed FROM calendar_days \
                         ORDER BY day",
                    )
                    .fetch_all(&self.pool)
                    .await
                    .map_err(store_error)?;
                    Ok(CalendarData {
                        years,
                        days: convert_all(rows)?,
                    })
                }

                async fn upsert_calendar_day(&self, day: &CalendarDay) -> Result<(), StoreError> {
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
                    .execute(&self.pool)
                    .await
                    .map_err(store_error)?;
                    Ok(())
                }

                async fn delete_calendar_day(&self, date: Date) -> Result<bool, StoreError> {
                    let deleted = sqlx::query("DELETE FROM calendar_days WHERE day = $1")
                        .bind(date.iso())
                        .execute(&self.pool)
                        .await
                        .map_err(store_error)?;
                    Ok(deleted.rows_affected() > 0)
                }

                async fn insert_calendar_year(&self, year: i32) -> Result<(), StoreError> {
                    sqlx::query(
                        "INSERT INTO calendar_years (year) VALUES ($1) ON CONFLICT (year) DO NOTHING",
                    )
                    .bind(year)
                    .execute(&self.pool)
                    .await
                    .map_err(store_error)?;
                    Ok(())
                }
            }
        };
    };
}

calendar_store!(sqlx::Sqlite);
calendar_store!(sqlx::Postgres);
