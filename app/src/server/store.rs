//! The storage interface. It speaks domain types only; the SQLite and
//! PostgreSQL implementations live in the `server` crate's `storage` module,
//! the only place in the project that contains SQL.

use async_trait::async_trait;

pub use crate::api::consent::FlaggedEvent;
use crate::domain::{
    AccountEvent, DataProtectionOfficer, Lang, Province, RoleGrant,
    consent::{
        ActorRole, ConsentAction, ConsentChange, ConsentError, ConsentMethod, ConsentRecord,
        ConsentStatus, Purpose, Representation, RepresentedKind,
    },
    sharing::{
        Holding, HoldingRecord, RegistryCodes, SharingDetails, SharingEventView, SharingFilter,
        StoredLink, TimelineChoices, TimelinePlace,
    },
};

/// A sharing event to append to the log: whose data (pseudonym) and what.
#[derive(Clone, Debug)]
pub struct NewSharingEvent {
    pub pseudonym: String,
    pub details: SharingDetails,
}

/// What an append did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppendOutcome {
    pub accepted: usize,
    /// Events already in the log with the same content (a retried batch).
    pub duplicates: usize,
    /// The chain's last place and hash after the append.
    pub head_seq: i64,
    pub head_hash: String,
}

/// Why an append wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum AppendError {
    /// These items reuse an event id of the agency for different content.
    #[error("event ids reused for different content at {0:?}")]
    EventIdReused(Vec<usize>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A consent change to record for a person.
#[derive(Clone, Debug)]
pub struct ConsentCommand {
    /// Pseudonym of the person the data is about.
    pub subject: String,
    pub purpose: String,
    pub action: ConsentAction,
    pub actor_role: ActorRole,
    /// Pseudonym of whoever acted (the subject or their representative).
    pub actor: Option<String>,
    pub method: ConsentMethod,
    pub child_agreed: Option<bool>,
    /// The language the notice was shown in.
    pub notice_lang: Lang,
    pub receipt_id: String,
    pub now: i64,
}

/// Why a consent change wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ConsentWriteError {
    #[error(transparent)]
    Refused(#[from] ConsentError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A signed checkpoint of the chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkpoint {
    pub seq: i64,
    pub chain_hash: String,
    pub signed_at: i64,
    /// Ed25519 signature, base64.
    pub signature: String,
}

/// What can go wrong in storage, independent of the database engine.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("record not found")]
    NotFound,
    #[error("conflict on {constraint}")]
    Conflict { constraint: String },
    #[error("storage unavailable: {0}")]
    Unavailable(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// The data loaded on the first start of a demo installation.
#[derive(Clone, Debug, Default)]
pub struct DemoData {
    /// One officer per province, matched by `province.code`.
    pub officers: Vec<DataProtectionOfficer>,
    /// Directory entries of the demo staff, by pseudonym.
    pub role_grants: Vec<(String, RoleGrant)>,
    /// Provincial agencies and their systems.
    pub agencies: Vec<DemoAgency>,
}

/// An agency of the demo data, with its systems.
#[derive(Clone, Debug)]
pub struct DemoAgency {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    /// One of the `agencies.kind` values.
    pub kind: String,
    pub province_code: Option<String>,
    /// Code, Vietnamese name, English name.
    pub systems: Vec<(String, String, String)>,
}

/// Persistent storage for the application.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Checks that the database answers.
    async fn ping(&self) -> Result<(), StoreError>;

    /// The provincial-level units in official order.
    async fn list_provinces(&self) -> Result<Vec<Province>, StoreError>;

    /// The named data-protection officer of every province that has one, in
    /// the provinces' official order.
    async fn list_data_protection_officers(&self)
    -> Result<Vec<DataProtectionOfficer>, StoreError>;

    /// Loads demo data in one transaction unless demo data was loaded
    /// before. Returns whether it loaded anything. Safe to call from several
    /// server instances at once: exactly one of them loads.
    async fn load_demo_data(&self, demo: &DemoData) -> Result<bool, StoreError>;

    /// The directory's role grants for a pseudonym (none for most citizens).
    async fn list_role_grants(&self, pseudonym: &str) -> Result<Vec<RoleGrant>, StoreError>;

    /// Adds a role to the directory; granting a role held already is a no-op.
    async fn insert_role_grant(&self, pseudonym: &str, grant: &RoleGrant)
    -> Result<(), StoreError>;

    /// Records a sign-in, sign-out or failed sign-in. `pseudonym` is None for
    /// a failure before the person was known.
    async fn insert_account_event(
        &self,
        pseudonym: Option<&str>,
        event: &AccountEvent,
    ) -> Result<(), StoreError>;

    /// A person's own account events, newest first.
    async fn list_account_events(
        &self,
        pseudonym: &str,
        limit: u32,
    ) -> Result<Vec<AccountEvent>, StoreError>;

    /// Deletes account events that happened before `before` (Unix time):
    /// the retention limit. Returns how many went.
    async fn delete_account_events_before(&self, before: i64) -> Result<u64, StoreError>;

    /// The most recent failed sign-ins of anybody, newest first, for
    /// security monitoring.
    async fn list_failed_sign_ins(&self, limit: u32) -> Result<Vec<AccountEvent>, StoreError>;

    /// Every code the registry knows, for checking agency reports.
    async fn load_registry_codes(&self) -> Result<RegistryCodes, StoreError>;

    /// Drops any copy of the registry kept in memory: the next read sees
    /// entries added since (by another instance, say).
    fn forget_registry(&self) {}

    /// The agency (code) and token hash of an unrevoked credential.
    async fn find_agency_credential(
        &self,
        token_id: &str,
    ) -> Result<Option<(String, String)>, StoreError>;

    /// Stores a new credential (its hash only) for an agency.
    async fn insert_agency_credential(
        &self,
        agency_code: &str,
        token_id: &str,
        token_hash: &str,
    ) -> Result<(), StoreError>;

    /// Appends events to the hash-chained log in one transaction: all of
    /// them, or (on any error) none. Events already there with the same
    /// content are counted as duplicates and not written again.
    async fn append_sharing_events(
        &self,
        events: &[NewSharingEvent],
    ) -> Result<AppendOutcome, AppendError>;

    /// Links of the chain with `seq > after`, in order, at most `limit`.
    async fn list_chain_links(&self, after: i64, limit: u32)
    -> Result<Vec<StoredLink>, StoreError>;

    /// Records a signed checkpoint.
    async fn insert_checkpoint(&self, checkpoint: &Checkpoint) -> Result<(), StoreError>;

    /// Every checkpoint, oldest first.
    async fn list_checkpoints(&self) -> Result<Vec<Checkpoint>, StoreError>;

    /// A person's visible sharing events (deferred ones only from their
    /// `visible_from`), newest first, at `place` in the timeline.
    async fn list_sharing_events(
        &self,
        pseudonym: &str,
        filter: &SharingFilter,
        place: TimelinePlace,
        limit: u32,
        now: i64,
    ) -> Result<Vec<SharingEventView>, StoreError>;

    /// How many of a person's visible sharing events happened at or after
    /// `since`.
    async fn count_sharing_events_since(
        &self,
        pseudonym: &str,
        since: i64,
        now: i64,
    ) -> Result<u64, StoreError>;

    /// The choices of a person's timeline filters.
    async fn timeline_choices(
        &self,
        pseudonym: &str,
        now: i64,
    ) -> Result<TimelineChoices, StoreError>;

    /// One of a person's visible sharing events; None for anyone else's.
    async fn find_sharing_event(
        &self,
        pseudonym: &str,
        seq: i64,
        now: i64,
    ) -> Result<Option<SharingEventView>, StoreError>;

    /// Who holds a person's data.
    async fn list_holdings(&self, pseudonym: &str) -> Result<Vec<Holding>, StoreError>;

    /// Records holdings (all or none).
    async fn upsert_holdings(&self, holdings: &[HoldingRecord]) -> Result<(), StoreError>;

    /// The purposes catalogue: consent-based and other purposes alike.
    async fn list_purposes(&self) -> Result<Vec<Purpose>, StoreError>;

    /// Changes a purpose's notice and validity (administrators); a changed
    /// notice gets the next version. Returns the version now in force.
    async fn update_purpose_notice(
        &self,
        purpose: &str,
        notice: &crate::domain::consent::PurposeNotice,
    ) -> Result<i32, StoreError>;

    /// A person's current consents (effective state at `now`).
    async fn list_consent_statuses(
        &self,
        pseudonym: &str,
        now: i64,
    ) -> Result<Vec<ConsentStatus>, StoreError>;

    /// Records a grant or withdrawal in one transaction, after the rules
    /// allow it against the person's current state. Consent writers are
    /// serialised, so changes at once end in one order, each recorded.
    async fn record_consent(
        &self,
        command: &ConsentCommand,
    ) -> Result<ConsentRecord, ConsentWriteError>;

    /// A person's consent records, oldest first (their whole chain).
    async fn list_consent_records(&self, pseudonym: &str)
    -> Result<Vec<ConsentRecord>, StoreError>;

    /// Records the expiry of active consents whose validity ended before
    /// `now`, at most `limit`; returns how many. Safe on several instances.
    async fn expire_consents(&self, now: i64, limit: u32) -> Result<usize, StoreError>;

    /// Changes after `after` in the service-wide feed for these purposes,
    /// oldest first.
    async fn list_consent_changes(
        &self,
        purposes: &[String],
        after: i64,
        limit: u32,
    ) -> Result<Vec<ConsentChange>, StoreError>;

    /// The people a representative may act for (links not ended).
    async fn list_representations(
        &self,
        representative: &str,
    ) -> Result<Vec<Representation>, StoreError>;

    /// The pseudonym of the person behind one of a representative's links;
    /// None when the link is not theirs.
    async fn find_represented(
        &self,
        representative: &str,
        id: i64,
    ) -> Result<Option<(String, Representation)>, StoreError>;

    /// Links a representative to a person (from civil-status records).
    async fn insert_representation(
        &self,
        representative: &str,
        subject: &str,
        name: &str,
        birth_date: &str,
        kind: RepresentedKind,
        now: i64,
    ) -> Result<i64, StoreError>;

    /// Sharing events flagged for consent, of agencies in these provinces,
    /// newest first.
    async fn list_flagged_events(
        &self,
        provinces: &[String],
        limit: u32,
    ) -> Result<Vec<FlaggedEvent>, StoreError>;

    /// The working-day calendar: covered years and their exceptional days.
    async fn load_calendar(&self) -> Result<crate::domain::deadlines::CalendarData, StoreError>;

    /// Adds or replaces one exceptional day (administrators).
    async fn upsert_calendar_day(
        &self,
        day: &crate::domain::deadlines::CalendarDay,
    ) -> Result<(), StoreError>;

    /// Removes one exceptional day; whether there was one.
    async fn delete_calendar_day(
        &self,
        date: crate::domain::deadlines::Date,
    ) -> Result<bool, StoreError>;

    /// Declares a year's days complete: deadlines may run into it.
    async fn insert_calendar_year(&self, year: i32) -> Result<(), StoreError>;

    /// Takes or renews the lease of job `name` for `holder` for
    /// `seconds` from `now`; false while another holder's lease runs.
    async fn take_lease(
        &self,
        name: &str,
        holder: &str,
        now: i64,
        seconds: i64,
    ) -> Result<bool, StoreError>;

    /// Requests to DPOs, their queue, notifications and the mail outbox.
    fn requests(&self) -> &dyn RequestStore;
}

/// A file to store with a request or a message.
#[derive(Clone, Debug)]
pub struct NewAttachment {
    pub file_name: String,
    pub media_type: String,
    pub bytes: Vec<u8>,
}

/// An in-app notification to write with a change: to a pseudonym, or to a
/// province's DPOs (`dpo:HN`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub recipient: String,
    pub message_id: String,
}

/// A mail to queue with a change (sent later by the outbox worker).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mail {
    pub to: String,
    pub lang: crate::domain::Lang,
    /// The template (`mail-…` keys).
    pub template: String,
}

/// Who takes a step and what it says.
#[derive(Clone, Debug)]
pub struct StepEvent {
    pub actor_role: crate::domain::requests::EventActor,
    pub actor: Option<String>,
    pub actor_name: String,
    pub kind: crate::domain::requests::EventKind,
    pub detail: crate::domain::requests::EventDetail,
    pub body: String,
}

/// A new request.
#[derive(Clone, Debug)]
pub struct NewRequest {
    pub requester: String,
    pub requester_name: String,
    pub kind: crate::domain::requests::RequestKind,
    pub agency_code: Option<String>,
    pub handler: String,
    pub about_reference: Option<String>,
    pub description: String,
    pub contact_email: Option<String>,
    pub lang: crate::domain::Lang,
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
    pub after: crate::domain::requests::RequestRecord,
    pub event: StepEvent,
    pub attachments: Vec<NewAttachment>,
    pub notices: Vec<Notice>,
    pub mails: Vec<Mail>,
    pub now: i64,
}

/// A request with its timeline and attachments.
#[derive(Clone, Debug)]
pub struct RequestFile {
    pub record: crate::domain::requests::RequestRecord,
    /// Oldest first.
    pub events: Vec<crate::domain::requests::RequestEvent>,
    pub attachments: Vec<crate::domain::requests::AttachmentMeta>,
}

/// An attachment's bytes with what access checks need.
#[derive(Clone, Debug)]
pub struct AttachmentFile {
    pub requester: String,
    pub handler: String,
    pub meta: crate::domain::requests::AttachmentMeta,
    pub bytes: Vec<u8>,
}

/// A queued mail, claimed for sending.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxMail {
    pub id: i64,
    pub to: String,
    pub lang: crate::domain::Lang,
    pub template: String,
    pub reference: String,
    pub attempts: i64,
}

/// A deadline coming up on an open request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueReminder {
    pub request_id: i64,
    pub reference: String,
    pub handler: String,
    /// `acknowledge` or `decide`.
    pub deadline: String,
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
    ) -> Result<crate::domain::requests::RequestRecord, StoreError>;

    /// A requester's own requests, newest first.
    async fn list_own_requests(
        &self,
        requester: &str,
    ) -> Result<Vec<crate::domain::requests::RequestRecord>, StoreError>;

    /// One request by reference, whoever's (callers check access).
    async fn find_request(&self, reference: &str) -> Result<Option<RequestFile>, StoreError>;

    /// Takes a step in one transaction, if nobody changed the request since
    /// `expected_version`.
    async fn record_step(
        &self,
        command: &StepCommand,
    ) -> Result<crate::domain::requests::RequestRecord, StepWriteError>;

    /// One attachment with its request's requester and handler.
    async fn find_attachment(&self, id: &str) -> Result<Option<AttachmentFile>, StoreError>;

    /// The queue of these handlers, by deadline (then id), after `after`.
    async fn list_queue(
        &self,
        handlers: &[String],
        filter: &crate::domain::requests::QueueFilter,
        today: &str,
        after: Option<&crate::domain::requests::QueueCursor>,
        limit: u32,
    ) -> Result<Vec<crate::domain::requests::RequestRecord>, StoreError>;

    /// How many requests the queue holds under `filter`, counting up to
    /// `at_most` (so a page's cost does not grow with the queue).
    async fn count_queue(
        &self,
        handlers: &[String],
        filter: &crate::domain::requests::QueueFilter,
        today: &str,
        at_most: u64,
    ) -> Result<u64, StoreError>;

    /// Staff with a DPO role for `handler`: pseudonym and name.
    async fn list_colleagues(&self, handler: &str) -> Result<Vec<(String, String)>, StoreError>;

    /// Keeps a staff member's name from their sign-in.
    async fn upsert_staff_profile(
        &self,
        pseudonym: &str,
        full_name: &str,
        now: i64,
    ) -> Result<(), StoreError>;

    /// The national unit's contact.
    async fn find_national_unit(&self) -> Result<crate::domain::DataProtectionOfficer, StoreError>;

    /// An agency's code, names and province (None: central).
    async fn find_agency_place(
        &self,
        code: &str,
    ) -> Result<Option<(crate::domain::sharing::Named, Option<String>)>, StoreError>;

    /// The agencies of these provinces, by code.
    async fn list_agencies_in(
        &self,
        provinces: &[String],
    ) -> Result<Vec<crate::domain::sharing::Named>, StoreError>;

    /// Notifications to any of `recipients`, newest first.
    async fn list_notifications(
        &self,
        recipients: &[String],
        limit: u32,
    ) -> Result<Vec<crate::domain::requests::Notification>, StoreError>;

    /// Marks every notification to `recipients` read.
    async fn mark_notifications_read(
        &self,
        recipients: &[String],
        now: i64,
    ) -> Result<u64, StoreError>;

    /// Claims up to `limit` mails due at `now`: each is pushed to
    /// `now + lease` so another sender does not take it meanwhile.
    async fn claim_mail(
        &self,
        now: i64,
        lease: i64,
        limit: u32,
    ) -> Result<Vec<OutboxMail>, StoreError>;

    /// Records a sent mail, or a failure to retry at `retry_at`.
    async fn finish_mail(
        &self,
        id: i64,
        outcome: Result<(), String>,
        now: i64,
        retry_at: i64,
    ) -> Result<(), StoreError>;

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

    /// What the public figures need of every request.
    async fn list_handled(&self) -> Result<Vec<crate::domain::requests::Handled>, StoreError>;
}
