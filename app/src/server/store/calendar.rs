//! The working-day calendar: covered years and their exceptional days.

use async_trait::async_trait;

use super::{ChangeNote, StoreError};
use crate::domain::deadlines::{CalendarData, CalendarDay, Date};

/// The holiday calendar, kept by administrators.
#[async_trait]
pub trait CalendarStore: Send + Sync {
    /// The working-day calendar: covered years and their exceptional days.
    async fn load_calendar(&self) -> Result<CalendarData, StoreError>;

    /// Adds or replaces one exceptional day (administrators). Each write
    /// here puts its line in the change log in the same transaction.
    async fn upsert_calendar_day(
        &self,
        day: &CalendarDay,
        note: ChangeNote<'_>,
    ) -> Result<(), StoreError>;

    /// Removes one exceptional day; whether there was one.
    async fn delete_calendar_day(
        &self,
        date: Date,
        note: ChangeNote<'_>,
    ) -> Result<bool, StoreError>;

    /// Declares a year's days complete: deadlines may run into it.
    async fn insert_calendar_year(&self, year: i32, note: ChangeNote<'_>)
    -> Result<(), StoreError>;
}
