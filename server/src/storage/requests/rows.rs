//! The rows of the requests area as stored, and their domain types.

use app::domain::requests::Addressee;
use app::{
    domain::{
        Lang,
        deadlines::Date,
        requests::{
            AttachmentMeta, Decision, EventActor, EventContent, EventDetail, EventKind, Handled,
            Notification, ReminderDeadline, RequestEvent, RequestKind, RequestRecord,
            RequestStatus, ViewAction, Viewing,
        },
        sharing::Named,
    },
    server::{AttachmentFile, DueReminder, StoreError},
};
use time::OffsetDateTime;

use crate::storage::corrupt;

/// Columns of a request as [`RequestRow`] reads them (`r` requests, `a`
/// agencies).
pub(super) const COLUMNS: &str = "r.id, r.reference, r.requester, r.requester_name, r.kind, \
     a.code AS agency_code, a.name_vi AS agency_vi, a.name_en AS agency_en, r.handler, \
     r.about_reference, r.description, r.contact_email, r.lang, r.status, r.decision, \
     r.received_on, r.acknowledge_by, r.decide_by, r.first_decide_by, r.extension_reason, \
     r.decided_on, r.assignee, r.assignee_name, r.submitted_at, r.updated_at, r.version, \
     r.extension_days, r.third_party, r.accepted_on, r.legacy_deadlines";

pub(super) const FROM: &str = "FROM requests r LEFT JOIN agencies a ON a.id = r.agency_id";

fn not_understood(what: &str, value: &str) -> StoreError {
    corrupt(format!("stored {what} not understood: {value}"))
}

#[derive(sqlx::FromRow)]
pub(super) struct RequestRow {
    id: i64,
    reference: String,
    requester: String,
    requester_name: String,
    kind: String,
    agency_code: Option<String>,
    agency_vi: Option<String>,
    agency_en: Option<String>,
    handler: String,
    about_reference: Option<String>,
    description: String,
    contact_email: Option<String>,
    lang: String,
    status: String,
    decision: Option<String>,
    received_on: String,
    acknowledge_by: String,
    decide_by: String,
    first_decide_by: Option<String>,
    extension_reason: Option<String>,
    decided_on: Option<String>,
    assignee: Option<String>,
    assignee_name: Option<String>,
    submitted_at: OffsetDateTime,
    updated_at: OffsetDateTime,
    version: i64,
    extension_days: Option<i32>,
    third_party: bool,
    accepted_on: Option<String>,
    legacy_deadlines: bool,
}

impl TryFrom<RequestRow> for RequestRecord {
    type Error = StoreError;

    fn try_from(row: RequestRow) -> Result<Self, StoreError> {
        Ok(RequestRecord {
            id: row.id,
            kind: RequestKind::from_code(&row.kind)
                .ok_or_else(|| not_understood("kind", &row.kind))?,
            status: RequestStatus::from_code(&row.status)
                .ok_or_else(|| not_understood("status", &row.status))?,
            decision: match row.decision {
                Some(code) => Some(
                    Decision::from_code(&code).ok_or_else(|| not_understood("decision", &code))?,
                ),
                None => None,
            },
            lang: Lang::parse(&row.lang).ok_or_else(|| not_understood("lang", &row.lang))?,
            agency: row.agency_code.map(|code| Named {
                code,
                name_vi: row.agency_vi.unwrap_or_default(),
                name_en: row.agency_en.unwrap_or_default(),
            }),
            reference: row.reference,
            requester: row.requester,
            requester_name: row.requester_name,
            handler: row.handler,
            about_reference: row.about_reference,
            description: row.description,
            contact_email: row.contact_email,
            received_on: row.received_on,
            acknowledge_by: row.acknowledge_by,
            decide_by: row.decide_by,
            first_decide_by: row.first_decide_by,
            extension_reason: row.extension_reason,
            decided_on: row.decided_on,
            assignee: row.assignee,
            assignee_name: row.assignee_name,
            submitted_at: row.submitted_at.unix_timestamp(),
            updated_at: row.updated_at.unix_timestamp(),
            version: row.version,
            extension_days: match row.extension_days {
                Some(days) => Some(
                    u32::try_from(days)
                        .map_err(|_| not_understood("extension", &days.to_string()))?,
                ),
                None => None,
            },
            third_party: row.third_party,
            accepted_on: row.accepted_on,
            legacy_deadlines: row.legacy_deadlines,
        })
    }
}

/// Where a request's chain of events stands.
#[derive(sqlx::FromRow)]
pub(super) struct ChainHeadRow {
    pub(super) reference: String,
    pub(super) event_count: i64,
    pub(super) chain_hash: String,
}

pub(super) const EVENT_COLUMNS: &str = "seq, at, actor_role, actor, actor_name, step, detail, \
     body, content_hash, chain_hash";

/// An event's stored columns; the reference comes from its request.
#[derive(sqlx::FromRow)]
pub(super) struct EventRow {
    seq: i64,
    at: OffsetDateTime,
    actor_role: String,
    actor: Option<String>,
    actor_name: String,
    step: String,
    detail: String,
    body: String,
    content_hash: String,
    chain_hash: String,
}

impl EventRow {
    /// Back into the sealed event of request `reference`.
    pub(super) fn into_event(self, reference: &str) -> Result<RequestEvent, StoreError> {
        Ok(RequestEvent {
            content: EventContent {
                reference: reference.to_owned(),
                seq: self.seq,
                at: self.at.unix_timestamp(),
                actor_role: EventActor::from_code(&self.actor_role)
                    .ok_or_else(|| not_understood("actor role", &self.actor_role))?,
                actor: self.actor,
                actor_name: self.actor_name,
                kind: EventKind::from_code(&self.step)
                    .ok_or_else(|| not_understood("event kind", &self.step))?,
                detail: serde_json::from_str::<EventDetail>(&self.detail)
                    .map_err(|_| not_understood("event detail", &self.detail))?,
                body: self.body,
            },
            content_hash: self.content_hash,
            chain_hash: self.chain_hash,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct AttachmentRow {
    id: String,
    event_seq: i64,
    file_name: String,
    media_type: String,
    size_bytes: i64,
    purged_at: Option<OffsetDateTime>,
}

impl From<AttachmentRow> for AttachmentMeta {
    fn from(row: AttachmentRow) -> AttachmentMeta {
        AttachmentMeta {
            id: row.id,
            event_seq: row.event_seq,
            file_name: row.file_name,
            media_type: row.media_type,
            size_bytes: row.size_bytes,
            purged_at: row.purged_at.map(OffsetDateTime::unix_timestamp),
        }
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct AttachmentFileRow {
    request_id: i64,
    requester: String,
    handler: String,
    #[sqlx(flatten)]
    meta: AttachmentRow,
    content: Vec<u8>,
}

impl From<AttachmentFileRow> for AttachmentFile {
    fn from(row: AttachmentFileRow) -> AttachmentFile {
        AttachmentFile {
            request_id: row.request_id,
            requester: row.requester,
            handler: row.handler,
            meta: row.meta.into(),
            bytes: row.content,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct NotificationRow {
    id: i64,
    reference: String,
    message_id: String,
    created_at: OffsetDateTime,
    read_at: Option<OffsetDateTime>,
    recipient: String,
}

impl From<NotificationRow> for Notification {
    fn from(row: NotificationRow) -> Notification {
        Notification {
            id: row.id,
            reference: row.reference,
            message_id: row.message_id,
            created_at: row.created_at.unix_timestamp(),
            read: row.read_at.is_some(),
            team: Addressee::is_team_key(&row.recipient),
        }
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct ReminderRow {
    request_id: i64,
    reference: String,
    handler: String,
    deadline: String,
    due_on: String,
}

impl TryFrom<ReminderRow> for DueReminder {
    type Error = StoreError;

    fn try_from(row: ReminderRow) -> Result<Self, StoreError> {
        Ok(DueReminder {
            deadline: ReminderDeadline::from_code(&row.deadline)
                .ok_or_else(|| not_understood("deadline", &row.deadline))?,
            request_id: row.request_id,
            reference: row.reference,
            handler: row.handler,
            due_on: row.due_on,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct HandledRow {
    handler: String,
    kind: String,
    days: Option<i64>,
    on_time: Option<i64>,
    count: i64,
}

impl HandledRow {
    /// None for a row the domain does not understand.
    pub(super) fn handled(self) -> Option<Handled> {
        Some(Handled {
            province: self.handler,
            kind: RequestKind::from_code(&self.kind)?,
            days_to_decision: self.days.map(|d| d.clamp(0, i64::from(u32::MAX)) as u32),
            on_time: self.on_time.map(|t| t == 1),
            count: u32::try_from(self.count).ok()?,
        })
    }
}

/// The last day of a "due within N days" filter.
pub(super) fn horizon(today: &str, days: u32) -> String {
    Date::parse(today)
        .map(|d| d.add_days(i64::from(days)).iso())
        .unwrap_or_else(|| today.to_owned())
}

#[derive(sqlx::FromRow)]
pub(super) struct ViewingRow {
    viewer_name: String,
    action: String,
    at: OffsetDateTime,
}

impl TryFrom<ViewingRow> for Viewing {
    type Error = StoreError;

    fn try_from(row: ViewingRow) -> Result<Viewing, StoreError> {
        Ok(Viewing {
            action: ViewAction::from_code(&row.action)
                .ok_or_else(|| not_understood("view action", &row.action))?,
            viewer_name: row.viewer_name,
            at: row.at.unix_timestamp(),
        })
    }
}
