//! The signed-in person's own data: who holds it and who shared it. Every
//! function reads only the caller's own records (by their pseudonym from
//! the session): no argument can name another person.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::{
    domain::sharing::{
        Holding, Named, SharingEventView, SharingFilter, TimelineChoices, TimelineEntry,
    },
    error::AppError,
};

/// Events on one page of the timeline.
pub const PAGE_SIZE: u32 = 20;

/// One page of the timeline, and the cursors of its neighbours.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelinePage {
    pub events: Vec<TimelineEntry>,
    /// Cursor of the next older page (`cursor=`); None at the oldest.
    pub older: Option<String>,
    /// Cursor of the next newer page (`newer=`); None at the newest.
    pub newer: Option<String>,
    /// What the filters offer.
    pub choices: TimelineChoices,
}

/// The overview's figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataOverview {
    /// Agencies holding the person's data, by name.
    pub agencies: Vec<Named>,
    pub holdings: usize,
    /// Sharing events in the last 30 days.
    pub recent_events: u64,
    pub latest: Option<TimelineEntry>,
}

/// Holdings of the signed-in person.
#[server(prefix = "/fn", endpoint = "list_holdings", input = leptos::server_fn::codec::GetUrl)]
pub async fn list_holdings() -> Result<Vec<Holding>, AppError> {
    use crate::{domain::Action, server};
    let me = server::require(&Action::ViewOwnData)?;
    Ok(server::use_store()?.list_holdings(&me.pseudonym).await?)
}

/// A page of the signed-in person's sharing log, newest first.
#[server(prefix = "/fn", endpoint = "list_sharing_events", input = leptos::server_fn::codec::GetUrl)]
pub async fn list_sharing_events(
    #[server(default)] filter: SharingFilter,
    #[server(default)] cursor: Option<String>,
    #[server(default)] newer: Option<String>,
) -> Result<TimelinePage, AppError> {
    use crate::{
        domain::{
            Action,
            sharing::{TimelineCursor, TimelinePlace},
        },
        server,
    };
    let me = server::require(&Action::ViewOwnData)?;
    let store = server::use_store()?;
    // A cursor that is not one starts at the newest event.
    let place = match (
        newer.as_deref().and_then(TimelineCursor::decode),
        cursor.as_deref().and_then(TimelineCursor::decode),
    ) {
        (Some(after), _) => TimelinePlace::After(after),
        (None, Some(before)) => TimelinePlace::Before(before),
        (None, None) => TimelinePlace::Newest,
    };
    let mut events = store
        .list_timeline(
            &me.pseudonym,
            &filter,
            place,
            PAGE_SIZE + 1,
            crate::server::now(),
        )
        .await?;
    let more = events.len() > PAGE_SIZE as usize;
    if more {
        match place {
            // Read newest first: the extra one is the oldest.
            TimelinePlace::Newest | TimelinePlace::Before(_) => {
                events.truncate(PAGE_SIZE as usize);
            }
            // Read oldest first and turned round: the extra one is the newest.
            TimelinePlace::After(_) => {
                events.remove(0);
            }
        }
    }
    let cursor_of = |e: &TimelineEntry| {
        TimelineCursor {
            occurred_at: e.occurred_at,
            seq: e.seq,
        }
        .encode()
    };
    let (has_older, has_newer) = match place {
        TimelinePlace::Newest => (more, false),
        TimelinePlace::Before(_) => (more, true),
        TimelinePlace::After(_) => (true, more),
    };
    Ok(TimelinePage {
        choices: store
            .timeline_choices(&me.pseudonym, crate::server::now())
            .await?,
        older: events.last().filter(|_| has_older).map(cursor_of),
        newer: events.first().filter(|_| has_newer).map(cursor_of),
        events,
    })
}

/// One event of the signed-in person's log; not found for anyone else's.
#[server(prefix = "/fn", endpoint = "find_sharing_event", input = leptos::server_fn::codec::GetUrl)]
pub async fn find_sharing_event(seq: i64) -> Result<SharingEventView, AppError> {
    use crate::{domain::Action, server};
    let me = server::require(&Action::ViewOwnData)?;
    let mut event = server::use_store()?
        .find_sharing_event(&me.pseudonym, seq, crate::server::now())
        .await?
        .ok_or_else(|| server::with_status(AppError::NotFound))?;
    let late = use_context::<crate::domain::oversight::LateReports>().unwrap_or_default();
    event.late_by_days = late.days_late(event.occurred_at, event.received_at);
    Ok(event)
}

/// The overview of the signed-in person's data.
#[server(prefix = "/fn", endpoint = "find_data_overview", input = leptos::server_fn::codec::GetUrl)]
pub async fn find_data_overview() -> Result<DataOverview, AppError> {
    use crate::{
        domain::{Action, sharing::TimelinePlace},
        server,
    };
    let me = server::require(&Action::ViewOwnData)?;
    let store = server::use_store()?;
    let holdings = store.list_holdings(&me.pseudonym).await?;
    let mut agencies: Vec<Named> = Vec::new();
    for holding in &holdings {
        if !agencies.iter().any(|a| a.code == holding.agency.code) {
            agencies.push(holding.agency.clone());
        }
    }
    let recent_events = store
        .count_sharing_events_since(
            &me.pseudonym,
            crate::server::now() - 30 * 86_400,
            crate::server::now(),
        )
        .await?;
    let latest = store
        .list_timeline(
            &me.pseudonym,
            &SharingFilter::default(),
            TimelinePlace::Newest,
            1,
            crate::server::now(),
        )
        .await?
        .into_iter()
        .next();
    Ok(DataOverview {
        agencies,
        holdings: holdings.len(),
        recent_events,
        latest,
    })
}

/// Sharings still hidden from their people (deferred disclosure) by
/// agencies the signed-in DPO oversees, soonest release first, with the
/// legal basis and the date each person will see it. DPOs only.
#[server(prefix = "/fn", endpoint = "list_deferred_events", input = leptos::server_fn::codec::GetUrl)]
pub async fn list_deferred_events() -> Result<Vec<crate::domain::oversight::DeferredEvent>, AppError>
{
    use crate::server;
    let provinces = server::requests::overseen_provinces()?;
    Ok(server::use_store()?
        .list_deferred_events(
            &provinces,
            server::now(),
            crate::api::consent::FLAG_LIST_LIMIT,
        )
        .await?)
}
