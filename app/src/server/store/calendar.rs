//! The working-day calendar: covered years and their exceptional days.

use async_trait::async_trait;

use super::StoreError;
use crate::domain::deadlines::{CalendarData, CalendarDay, Date};

/// The holiday calendar, kept by administrators.
#[async_trait]
pub trait CalendarStore: Send + Sync {
    /// The working-day calendar: covered years and their exceptional days.
    async fn load_calendar(&self) -> Result<CalendarData, StoreError>;

    /// Adds or replaces one exceptional day (administrators).
    async fn upsert_calendar_day(&self, day: &CalendarDay) -> Result<(), StoreError>;

    /// Removes one exceptional day; whether there was one.
    async fn delete_calendar_day(&self, date: Date) -> Result<bool, StoreError>;

    /// Declares a year's days complete: deadlines may run into it.
    async fn insert_calendar_year(&self, year: i32) -> Result<(), StoreError>;
}
