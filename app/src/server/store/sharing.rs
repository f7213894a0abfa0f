//! The sharing log: the registry of agencies, systems and codes, the
//! hash-chained events and their checkpoints, holdings.

use async_trait::async_trait;

use super::StoreError;
use crate::domain::sharing::{
    Holding, HoldingRecord, RegistryCodes, SharingDetails, SharingEventView, SharingFilter,
    TimelineChoices, TimelineEntry, TimelinePlace,
};

/// A sharing event to append to the log: whose data (pseudonym) and what.
#[derive(Clone, Debug)]
pub struct NewSharingEvent {
    pub pseudonym: String,
    pub details: SharingDetails,
    /// When the service received the report (Unix seconds): the API's
    /// clock, never the agency's word. Consent is judged at the later of
    /// this and the event's own time.
    pub received_at: i64,
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

/// The registry, the log and holdings.
#[async_trait]
pub trait SharingStore: Send + Sync {
    /// Every code the registry knows, for checking agency reports.
    async fn load_registry_codes(&self) -> Result<RegistryCodes, StoreError>;

    /// Drops any copy of the registry kept in memory: the next read sees
    /// entries added since (by another instance, say).
    fn forget_registry(&self) {}

    /// Appends events to the hash-chained log in one transaction: all of
    /// them, or (on any error) none. Events already there with the same
    /// content are counted as duplicates and not written again.
    async fn append_sharing_events(
        &self,
        events: &[NewSharingEvent],
    ) -> Result<AppendOutcome, AppendError>;

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

    /// The same events as [`SharingStore::list_sharing_events`], as the
    /// timeline shows them: without what only an event's own page shows
    /// (the read is 8 columns of an event's 19).
    async fn list_timeline(
        &self,
        pseudonym: &str,
        filter: &SharingFilter,
        place: TimelinePlace,
        limit: u32,
        now: i64,
    ) -> Result<Vec<TimelineEntry>, StoreError>;

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
}
