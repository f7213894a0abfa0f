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
}
