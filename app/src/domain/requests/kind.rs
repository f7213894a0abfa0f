//! What a request is: its kind, status and decision, the reference people
//! quote, and the record the pages and the queue show.

use serde::{Deserialize, Serialize};

use super::workflow::{RequestState, is_open};

/// What the person asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RequestKind {
    Access,
    Correction,
    Deletion,
    Restriction,
    Objection,
    /// About how the person's data, or an earlier request, was handled.
    Complaint,
}

coded!(RequestKind {
    Access("access") => "request-kind-access";
    Correction("correction") => "request-kind-correction";
    Deletion("deletion") => "request-kind-deletion";
    Restriction("restriction") => "request-kind-restriction";
    Objection("objection") => "request-kind-objection";
    Complaint("complaint") => "request-kind-complaint";
});

/// Where a request stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RequestStatus {
    Submitted,
    Acknowledged,
    /// The DPO asked the person for information; the clock still runs.
    InformationRequested,
    Decided,
    Closed,
    Withdrawn,
}

coded!(RequestStatus {
    Submitted("submitted") => "request-status-submitted";
    Acknowledged("acknowledged") => "request-status-acknowledged";
    InformationRequested("information-requested") => "request-status-information-requested";
    Decided("decided") => "request-status-decided";
    Closed("closed") => "request-status-closed";
    Withdrawn("withdrawn") => "request-status-withdrawn";
});

/// The DPO's decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Decision {
    Granted,
    PartlyGranted,
    Refused,
}

coded!(Decision {
    Granted("granted") => "request-decision-granted";
    PartlyGranted("partly-granted") => "request-decision-partly-granted";
    Refused("refused") => "request-decision-refused";
});

/// The reference people quote: `YC-2026-000123`.
pub fn reference(year: i32, serial: u64) -> String {
    format!("YC-{year:04}-{serial:06}")
}

/// Reads a reference back (year, serial); None for anything else.
pub fn parse_reference(text: &str) -> Option<(i32, u64)> {
    let rest = text.trim().strip_prefix("YC-")?;
    let (year, serial) = rest.split_once('-')?;
    if year.len() != 4 || serial.len() < 6 || !serial.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((year.parse().ok()?, serial.parse().ok()?))
}

/// The handler code of the national unit that answers for central agencies.
pub const NATIONAL_UNIT: &str = "VN";

/// A request as stored: what the pages and the queue show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestRecord {
    pub id: i64,
    pub reference: String,
    /// Pseudonym of the requester. Never sent to the browser.
    #[serde(skip)]
    pub requester: String,
    pub requester_name: String,
    pub kind: RequestKind,
    /// The agency concerned: code and names; None for "I don't know".
    pub agency: Option<crate::domain::sharing::Named>,
    /// Province code, or [`NATIONAL_UNIT`].
    pub handler: String,
    pub about_reference: Option<String>,
    pub description: String,
    pub contact_email: Option<String>,
    pub lang: crate::domain::Lang,
    pub status: RequestStatus,
    pub decision: Option<Decision>,
    /// ISO dates.
    pub received_on: String,
    pub acknowledge_by: String,
    pub decide_by: String,
    pub first_decide_by: Option<String>,
    pub extension_reason: Option<String>,
    /// The one extension, in days (complex requests).
    pub extension_days: Option<u32>,
    /// A processor or a third party must act: the longer period applies.
    pub third_party: bool,
    /// When a complaint was accepted (ISO date).
    pub accepted_on: Option<String>,
    /// Filed before the decree's table: its deadlines stay as they were
    /// given, and calendar changes do not move them.
    pub legacy_deadlines: bool,
    pub decided_on: Option<String>,
    #[serde(skip)]
    pub assignee: Option<String>,
    pub assignee_name: Option<String>,
    pub submitted_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

impl RequestRecord {
    /// The state the step rules need.
    pub fn state(&self) -> RequestState {
        RequestState {
            kind: self.kind,
            status: self.status,
            extended: self.first_decide_by.is_some(),
            third_party: self.third_party,
            province: self.handler.clone(),
        }
    }

    /// What this request's deadlines are computed from; None for a
    /// request filed before the decree's table (its dates stay as given).
    pub fn deadline_facts(&self) -> Option<crate::domain::deadlines::DeadlineFacts> {
        use crate::domain::datetime::Date;
        if self.legacy_deadlines {
            return None;
        }
        Some(crate::domain::deadlines::DeadlineFacts {
            kind: self.kind,
            received: Date::parse(&self.received_on)?,
            accepted: match &self.accepted_on {
                Some(date) => Some(Date::parse(date)?),
                None => None,
            },
            third_party: self.third_party,
            extension_days: self.extension_days,
        })
    }

    /// Open and past its decision deadline on `today` (ISO date).
    pub fn overdue_on(&self, today: &str) -> bool {
        is_open(self.status) && self.decide_by.as_str() < today
    }
}

/// An attachment's description (its bytes are fetched on their own).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentMeta {
    pub id: String,
    /// The event it came with.
    pub event_seq: i64,
    pub file_name: String,
    pub media_type: String,
    pub size_bytes: i64,
    /// When its content was deleted at the end of its retention (the
    /// request closed long enough ago); the name and size stay.
    pub purged_at: Option<i64>,
}

/// An in-app notification.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub id: i64,
    pub reference: String,
    /// Fluent key of the sentence.
    pub message_id: String,
    pub created_at: i64,
    pub read: bool,
    /// To a province's DPOs (the queue's page), not to a person.
    pub team: bool,
}

/// Which deadline of a request a reminder is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReminderDeadline {
    Acknowledge,
    Decide,
}

impl ReminderDeadline {
    pub fn code(self) -> &'static str {
        match self {
            ReminderDeadline::Acknowledge => "acknowledge",
            ReminderDeadline::Decide => "decide",
        }
    }

    pub fn from_code(code: &str) -> Option<ReminderDeadline> {
        match code {
            "acknowledge" => Some(ReminderDeadline::Acknowledge),
            "decide" => Some(ReminderDeadline::Decide),
            _ => None,
        }
    }
}
