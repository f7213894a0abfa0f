//! The working-day calendar behind request deadlines: administrators add,
//! change and remove days off and weekend days worked, and declare a year
//! complete. Administrators only.

use leptos::prelude::*;

use crate::{domain::deadlines::CalendarData, error::AppError};

/// The calendar (all years).
#[server(prefix = "/fn", endpoint = "load_calendar", input = leptos::server_fn::codec::GetUrl)]
pub async fn load_calendar() -> Result<CalendarData, AppError> {
    use crate::{domain::Action, server};
    server::require(&Action::Administer)?;
    Ok(server::use_store()?.load_calendar().await?)
}

#[cfg(feature = "ssr")]
use crate::server::invalid;

/// Adds or replaces a day (`kind`: `off` for a weekday off, `work` for a
/// weekend day worked), then shows its year.
#[server(prefix = "/fn", endpoint = "save_calendar_day")]
pub async fn save_calendar_day(
    date: String,
    kind: String,
    name_vi: String,
    name_en: String,
    #[server(default)] confirmed: Option<String>,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use crate::{
        domain::{Action, appointments::parse_reason, deadlines::CalendarDay},
        server,
    };
    let result = async {
        let principal = server::require(&Action::Administer)?;
        let day = CalendarDay::parse(&date, &kind, &name_vi, &name_en, confirmed.is_some())
            .map_err(invalid)?;
        let reason = parse_reason(&reason).map_err(invalid)?;
        let store = server::use_store()?;
        let actor = principal.actor();
        store
            .upsert_calendar_day(&day, crate::server::ChangeNote::console(&reason, &actor))
            .await?;
        let names = format!("{} / {}", day.name_vi, day.name_en);
        server::requests::move_deadlines(&*store, day.date, &names, server::now()).await?;
        leptos_axum::redirect(&format!("/admin/calendar?year={}&saved=1", day.date.year()));
        Ok(())
    }
    .await;
    server::form_result(result)
}

/// Removes a day, then shows its year.
#[server(prefix = "/fn", endpoint = "remove_calendar_day")]
pub async fn remove_calendar_day(
    #[server(default)] date: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use crate::{
        domain::{Action, FieldError, appointments::parse_reason, deadlines::Date},
        server,
    };
    let result = async {
        let principal = server::require(&Action::Administer)?;
        let date = Date::parse(&date).ok_or(FieldError {
            field: "remove_date",
            message_id: "calendar-error-date",
        });
        let date = date.map_err(invalid)?;
        let reason = parse_reason(&reason).map_err(invalid)?;
        let store = server::use_store()?;
        let actor = principal.actor();
        if !store
            .delete_calendar_day(date, crate::server::ChangeNote::console(&reason, &actor))
            .await?
        {
            return Err(server::with_status(AppError::NotFound));
        }
        server::requests::move_deadlines(&*store, date, "", server::now()).await?;
        leptos_axum::redirect(&format!("/admin/calendar?year={}&saved=1", date.year()));
        Ok(())
    }
    .await;
    server::form_result(result)
}

/// Declares a year's days complete, so deadlines may run into it.
#[server(prefix = "/fn", endpoint = "add_calendar_year")]
pub async fn add_calendar_year(
    #[server(default)] year: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use crate::{
        domain::{Action, FieldError, appointments::parse_reason},
        server,
    };
    let result = async {
        let principal = server::require(&Action::Administer)?;
        let year = year
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|y| (2000..=2100).contains(y))
            .ok_or(FieldError {
                field: "year",
                message_id: "calendar-error-year",
            })
            .map_err(invalid)?;
        let reason = parse_reason(&reason).map_err(invalid)?;
        let actor = principal.actor();
        server::use_store()?
            .insert_calendar_year(year, crate::server::ChangeNote::console(&reason, &actor))
            .await?;
        leptos_axum::redirect(&format!("/admin/calendar?year={year}&saved=1"));
        Ok(())
    }
    .await;
    server::form_result(result)
}
