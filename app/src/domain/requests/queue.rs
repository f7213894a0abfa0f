//! How a DPO's queue is narrowed, ordered and paged.

use serde::{Deserialize, Serialize};

use super::kind::{RequestKind, RequestStatus};

/// How the queue is narrowed (all optional) and ordered.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueFilter {
    pub status: Option<RequestStatus>,
    pub kind: Option<RequestKind>,
    pub agency: Option<String>,
    /// Open requests past their decision deadline.
    pub overdue: bool,
    /// Open requests due within this many days from today.
    pub due_within: Option<u32>,
    /// Latest deadlines first instead of soonest.
    pub descending: bool,
}

impl QueueFilter {
    /// Reads the queue page's query values; anything unknown is ignored.
    pub fn parse(
        status: &str,
        kind: &str,
        agency: &str,
        overdue: bool,
        due_within: &str,
        dir: &str,
    ) -> QueueFilter {
        QueueFilter {
            status: RequestStatus::from_code(status),
            kind: RequestKind::from_code(kind),
            agency: Some(agency.trim())
                .filter(|a| !a.is_empty() && a.len() <= 64)
                .map(str::to_owned),
            overdue,
            due_within: due_within.trim().parse().ok().filter(|n| *n <= 366),
            descending: dir == "desc",
        }
    }
}

/// A place in the queue: after (or before, descending) this deadline and id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueCursor {
    pub decide_by: String,
    pub id: i64,
}

impl QueueCursor {
    pub fn encode(&self) -> String {
        format!("{}.{}", self.decide_by, self.id)
    }

    pub fn decode(text: &str) -> Option<QueueCursor> {
        let (date, id) = text.split_once('.')?;
        let date = crate::domain::deadlines::Date::parse(date)?;
        Some(QueueCursor {
            decide_by: date.iso(),
            id: id.parse().ok()?,
        })
    }
}
