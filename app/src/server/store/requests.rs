//! Requests to DPOs: filing, steps, the queue, files, notifications,
//! deadline reminders and the public figures.

use async_trait::async_trait;

use super::{Mail, StoreError};
use crate::domain::{
    Lang,
    requests::{
        Addressee, AttachmentMeta, EventActor, EventDetail, EventKind, FilingUsage, Handled,
        Notification, QueueCursor, QueueFilter, ReminderDeadline, RequestEvent, RequestKind,
        RequestRecord, StaffMember, ViewAction, Viewing,
    },
};

/// A file to store with a request or a message.
#[derive(Clone, Debug)]
pub struct NewAttachment {
    pub file_name: String,
    pub media_type: String,
    pub bytes: Vec<u8>,
}

/// An in-app notification to write with a change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub recipient: Addressee,
    pub message_id: String,
}

/// Who takes a step and what it says.
#[derive(Clone, Debug)]
pub struct StepEvent {
    pub actor_role: EventActor,
    pub actor: Option<String>,
    pub actor_name: String,
    pub kind: EventKind,
    pub detail: EventDetail,
    pub body: String,
}

/// A new request.
#[derive(Clone, Debug)]
pub struct NewRequest {
    pub requester: String,
    pub requester_name: String,
    pub kind: RequestKind,
    pub agency_code: Option<String>,
    pub handler: String,
    pub about_reference: Option<String>,
    pub description: String,
    pub contact_email: Option<String>,
    pub lang: Lang,
    pub received_on: String,
    pub acknowledge_by: String,
    pub decide_by: String,
    pub attachments: Vec<NewAttachment>,
    pub notices: Vec<Notice>,
    pub mails: Vec<Mail>,
    pub now: i64,
}

/// A step on a request: its state after the step, written only if the
/// request is still at `expected_version`.
#[derive(Clone, Debug)]
pub struct StepCommand {
    pub request_id: i64,
    pub expected_version: i64,
    /// The request as it is to be after the step (status, handler,
    /// decision, deadlines, assignee).
    pub after: RequestRecord,
    pub event: StepEvent,
    pub attachments: Vec<NewAttachment>,
    pub notices: Vec<Notice>,
    pub mails: Vec<Mail>,
    pub now: i64,
}

/// A request with its timeline and attachments.
#[derive(Clone, Debug)]
pub struct RequestFile {
    pub record: RequestRecord,
    /// Oldest first.
    pub events: Vec<RequestEvent>,
    pub attachments: Vec<AttachmentMeta>,
}

/// An attachment's bytes with what access checks need.
#[derive(Clone, Debug)]
pub struct AttachmentFile {
    pub request_id: i64,
    pub requester: String,
    pub handler: String,
    pub meta: AttachmentMeta,
    pub bytes: Vec<u8>,
}

/// A deadline coming up on an open request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueReminder {
    pub request_id: i64,
    pub reference: String,
    pub handler: String,
    pub deadline: ReminderDeadline,
    pub due_on: String,
}

/// Why a step wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum StepWriteError {
    /// Somebody else changed the request since it was read.
    #[error("the request changed since it was read")]
    Conflict,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Requests to DPOs and everything around them.
#[async_trait]
pub trait RequestStore: Send + Sync {
    /// Files a request: gives it the year's next reference, records its
    /// first event, files, notices and mails, all in one transaction.
    async fn file_request(
        &self,
        request: &NewRequest,
        event: &StepEvent,
    ) -> Result<RequestRecord, StoreError>;

    /// A requester's own requests, newest first.
    async fn list_own_requests(&self, requester: &str) -> Result<Vec<RequestRecord>, StoreError>;

    /// One request by reference, whoever's (callers check access).
    async fn find_request(&self, reference: &str) -> Result<Option<RequestFile>, StoreError>;

    /// Takes a step in one transaction, if nobody changed the request since
    /// `expected_version`.
    async fn record_step(&self, command: &StepCommand) -> Result<RequestRecord, StepWriteError>;

    /// One attachment with its request's requester and handler.
    async fn find_attachment(&self, id: &str) -> Result<Option<AttachmentFile>, StoreError>;

    /// The queue of these handlers, by deadline (then id), after `after`.
    async fn list_queue(
        &self,
        handlers: &[String],
        filter: &QueueFilter,
        today: &str,
        after: Option<&QueueCursor>,
        limit: u32,
    ) -> Result<Vec<RequestRecord>, StoreError>;

    /// How many requests the queue holds under `filter`, counting up to
    /// `at_most` (so a page's cost does not grow with the queue).
    async fn count_queue(
        &self,
        handlers: &[String],
        filter: &QueueFilter,
        today: &str,
        at_most: u64,
    ) -> Result<u64, StoreError>;

    /// Notifications to any of `recipients`, newest first.
    async fn list_notifications(
        &self,
        recipients: &[Addressee],
        limit: u32,
    ) -> Result<Vec<Notification>, StoreError>;

    /// Marks every notification to `recipients` read.
    async fn mark_notifications_read(
        &self,
        recipients: &[Addressee],
        now: i64,
    ) -> Result<u64, StoreError>;

    /// Open requests with a deadline on or before `horizon` (ISO date) not
    /// reminded of yet.
    async fn list_due_reminders(
        &self,
        horizon: &str,
        limit: u32,
    ) -> Result<Vec<DueReminder>, StoreError>;

    /// Records a reminder with its notice and mail, once: false when it
    /// was recorded before (by another instance, say).
    async fn record_reminder(
        &self,
        reminder: &DueReminder,
        notices: &[Notice],
        mails: &[Mail],
        now: i64,
    ) -> Result<bool, StoreError>;

    /// Deletes the content of files of requests closed or withdrawn
    /// before `closed_before` (their retention); returns how many.
    async fn purge_closed_request_files(
        &self,
        closed_before: i64,
        now: i64,
    ) -> Result<u64, StoreError>;

    /// What the public figures need of every request.
    async fn list_handled(&self) -> Result<Vec<Handled>, StoreError>;

    /// Records that a member of staff did `action` with these requests:
    /// once a day for each person, request and action.
    async fn record_viewings(
        &self,
        request_ids: &[i64],
        viewer: &StaffMember,
        action: ViewAction,
        now: i64,
    ) -> Result<(), StoreError>;

    /// What `requester` has filed: requests since `since` (Unix seconds)
    /// and bytes of files kept on all their requests.
    async fn filing_usage(&self, requester: &str, since: i64) -> Result<FilingUsage, StoreError>;

    /// Who from the DPO office looked at a request, newest first.
    async fn list_viewings(&self, request_id: i64) -> Result<Vec<Viewing>, StoreError>;

    /// Open requests under the decree's table whose deadlines a calendar
    /// change on `day` can move (received before it, decision due on or
    /// after it), at most `limit`.
    async fn list_spanning(&self, day: &str, limit: u32) -> Result<Vec<RequestRecord>, StoreError>;
}
