//! Consent: the purposes catalogue, each person's chain of consent records,
//! the service-wide feed, legal representatives and flagged sharing events.

use async_trait::async_trait;

use super::StoreError;
use crate::domain::{
    Lang,
    consent::{
        ActorRole, ConsentAction, ConsentChange, ConsentError, ConsentMethod, ConsentRecord,
        ConsentStatus, Purpose, PurposeNotice, Representation, RepresentedKind,
    },
};

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

/// A link from a representative to a person (from civil-status records).
#[derive(Clone, Debug)]
pub struct NewRepresentation {
    pub representative: String,
    pub subject: String,
    pub name: String,
    /// ISO date.
    pub birth_date: String,
    pub kind: RepresentedKind,
    pub now: i64,
}

/// The person behind one of a representative's links.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Represented {
    /// Pseudonym of the person acted for.
    pub subject: String,
    pub link: Representation,
}

/// Purposes, consent records and representatives.
#[async_trait]
pub trait ConsentStore: Send + Sync {
    /// The purposes catalogue: consent-based and other purposes alike.
    async fn list_purposes(&self) -> Result<Vec<Purpose>, StoreError>;

    /// Changes a purpose's notice and validity (administrators); a changed
    /// notice gets the next version. Returns the version now in force. The
    /// change log gets its line in the same transaction.
    async fn update_purpose_notice(
        &self,
        purpose: &str,
        notice: &PurposeNotice,
        reason: &str,
        actor: Option<&super::Actor>,
        now: i64,
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

    /// The person behind one of a representative's links; None when the
    /// link is not theirs.
    async fn find_represented(
        &self,
        representative: &str,
        id: i64,
    ) -> Result<Option<Represented>, StoreError>;

    /// Links a representative to a person; returns the link's id.
    async fn insert_representation(&self, link: &NewRepresentation) -> Result<i64, StoreError>;
}
