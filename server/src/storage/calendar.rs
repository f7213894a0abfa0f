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
                domain::{
                    appointments::ChangeKind,
                    deadlines::{CalendarData, CalendarDay, Date},
                },
                server::{CalendarStore, ChangeNote, StoreError},
            };
            use async_trait::async_trait;

            use self::DayRow;
            use crate::storage::{SqlStore, appointments::AuditLine, convert_all, store_error};

            type Tx<'a> = sqlx::Transaction<'a, $db>;

            /// The change log's line for a calendar change.
            async fn log(
                tx: &mut Tx<'_>,
                kind: ChangeKind,
                subject: &str,
                name: Option<&str>,
                note: ChangeNote<'_>,
            ) -> Result<(), StoreError> {
                let line = AuditLine {
                    subject: Some(subject),
                    person_name: name,
                    ..AuditLine::new(kind, note.reason)
                };
                SqlStore::<$db>::record_change(tx, note.now, note.actor, &line).await
            }

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

                async fn upsert_calendar_day(
                    &self,
                    day: &CalendarDay,
                    note: ChangeNote<'_>,
                ) -> Result<(), StoreError> {
                    let mut tx = self.pool.begin().await.map_err(store_error)?;
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
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
                    let subject = day.date.iso();
                    log(&mut tx, ChangeKind::CalendarDaySaved, &subject, Some(&day.name_vi), note)
                        .await?;
                    tx.commit().await.map_err(store_error)
                }

                async fn delete_calendar_day(
                    &self,
                    date: Date,
                    note: ChangeNote<'_>,
                ) -> Result<bool, StoreError> {
                    let mut tx = self.pool.begin().await.map_err(store_error)?;
                    let deleted: Option<(String,)> = sqlx::query_as(
                        "DELETE FROM calendar_days WHERE day = $1 RETURNING name_vi",
                    )
                    .bind(date.iso())
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(store_error)?;
                    let Some((name,)) = deleted else {
                        return Ok(false);
                    };
                    let subject = date.iso();
                    log(&mut tx, ChangeKind::CalendarDayRemoved, &subject, Some(&name), note).await?;
                    tx.commit().await.map_err(store_error)?;
                    Ok(true)
                }

                async fn insert_calendar_year(
                    &self,
                    year: i32,
                    note: ChangeNote<'_>,
                ) -> Result<(), StoreError> {
                    let mut tx = self.pool.begin().await.map_err(store_error)?;
                    let added = sqlx::query(
                        "INSERT INTO calendar_years (year) VALUES ($1) ON CONFLICT (year) DO NOTHING",
                    )
                    .bind(year)
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
                    // Declaring a covered year again changes nothing.
                    if added.rows_affected() > 0 {
                        log(&mut tx, ChangeKind::CalendarYearAdded, &year.to_string(), None, note)
                            .await?;
                    }
                    tx.commit().await.map_err(store_error)
                }
            }
        };
    };
}

calendar_store!(sqlx::Sqlite);
calendar_store!(sqlx::Postgres);
