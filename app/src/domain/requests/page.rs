//! What a request's pages show: the request with its history and who
//! answers it, a page of the queue, and what a refused form left behind.

use serde::{Deserialize, Serialize};

use super::{AttachmentMeta, RequestEvent, RequestKind, RequestRecord};
use crate::domain::{DataProtectionOfficer, Province, sharing::Named};

/// What a refused multipart form left behind: the values typed and what
/// was wrong, shown once on the form's page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormDraft {
    /// The page the form is on.
    pub path: String,
    pub fields: Vec<(String, String)>,
    pub field: String,
    pub message_id: String,
}

impl FormDraft {
    /// The value typed into `name`, or "".
    pub fn get(&self, name: &str) -> String {
        self.fields
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
            .unwrap_or_default()
    }
}

/// The filing page's choices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilingForm {
    /// Agencies that hold the person's data (the likely ones).
    pub agencies: Vec<Named>,
    pub provinces: Vec<Province>,
    /// Whether the person signed in at level 2 (correction and deletion
    /// need it).
    pub level2: bool,
    /// Kinds that need level 2.
    pub level2_kinds: Vec<RequestKind>,
    /// Filled in again after a refusal.
    pub draft: Option<FormDraft>,
}

/// Who answers a request: the named DPO of its province or the national
/// unit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Handler {
    pub officer: DataProtectionOfficer,
    pub national: bool,
}

/// A colleague a DPO may assign a request to: a name and an opaque token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Colleague {
    pub token: String,
    pub name: String,
    pub me: bool,
}

/// A request as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestView {
    pub record: RequestRecord,
    /// Newest first.
    pub events: Vec<RequestEvent>,
    pub attachments: Vec<AttachmentMeta>,
    pub handler: Handler,
    /// Working days left to each deadline (negative: overdue), when the
    /// calendar covers it.
    pub acknowledge_left: Option<i64>,
    pub decide_left: Option<i64>,
    pub chain_intact: bool,
    /// DPO view only.
    pub colleagues: Vec<Colleague>,
    pub provinces: Vec<Province>,
    pub draft: Option<FormDraft>,
    /// Who from the DPO office looked at it, newest first.
    pub viewings: Vec<super::Viewing>,
    /// How each deadline was computed; None for a request filed before the
    /// decree's table, or when the calendar does not cover it.
    pub explained: Option<super::ExplainedDeadlines>,
    /// Mail about it that the receiving server refused for good (to the
    /// requester's address only, on the requester's page).
    pub undelivered: Vec<UndeliveredMail>,
}

/// A mail the receiving server refused for good, as a request's page
/// shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UndeliveredMail {
    pub to: String,
    pub refused_at: i64,
    /// The server's answer, shortened.
    pub error: String,
}

/// One page of the queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuePage {
    pub rows: Vec<RequestRecord>,
    /// How many the filter matches, counted up to [`QUEUE_COUNT_LIMIT`].
    pub total: u64,
    /// Set when there are more than that: "25 of more than 1,000".
    pub more_than: Option<u64>,
    /// Cursor of the next page.
    pub next: Option<String>,
    pub today: String,
    /// Agencies named in the filter's choice list.
    pub agencies: Vec<Named>,
}

/// How many rows a queue page holds.
pub const QUEUE_PAGE: u32 = 25;

/// The queue's count stops here: beyond it the page says "more than".
pub const QUEUE_COUNT_LIMIT: u64 = 1_000;
