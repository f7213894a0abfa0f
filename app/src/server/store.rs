//! The storage interface. It speaks domain types only; the SQLite and
//! PostgreSQL implementations live in the `server` crate's `storage` module,
//! the only place in the project that contains SQL. One trait per area, in
//! the file of that area's name; [`Store`] is all of them together.

mod account;
mod appointments;
mod calendar;
mod catalogue;
mod chain;
mod consent;
mod credentials;
mod directory;
mod jobs;
mod mail;
mod metrics;
mod oversight;
mod requests;
mod sharing;

pub use account::AccountStore;
pub use appointments::{Actor, Appointed, AppointmentStore, ChangeNote};
pub use calendar::CalendarStore;
pub use catalogue::CatalogueStore;
pub use chain::{ChainStore, Checkpoint, CheckpointKey, KeyStanding};
pub use consent::{
    ConsentCommand, ConsentStore, ConsentWriteError, NewRepresentation, Represented,
};
pub use credentials::{
    AgencyCredential, CredentialStore, CredentialSummary, NewCredential, Revocation, Rotation,
};
pub use directory::{
    DemoAgency, DemoData, DemoGrant, DemoSystem, DirectoryStore, LocatedAgency, Standing,
};
pub use jobs::JobStore;
pub use mail::{AddressState, Delivery, Mail, MailStore, OutboxMail};
pub use metrics::{Gauges, LeaseHolder, MetricsStore, OpenRequests};
pub use oversight::OversightStore;
pub use requests::{
    AttachmentFile, DueReminder, NewAttachment, NewRequest, Notice, RequestFile, RequestStore,
    StepCommand, StepEvent, StepWriteError,
};
pub use sharing::{AppendError, AppendOutcome, NewSharingEvent, SharingStore};

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

/// Persistent storage for the application: every area's store at once.
/// Through `dyn Store` every area's methods are callable as they are.
pub trait Store:
    DirectoryStore
    + AccountStore
    + AppointmentStore
    + SharingStore
    + ChainStore
    + ConsentStore
    + CredentialStore
    + CalendarStore
    + CatalogueStore
    + JobStore
    + RequestStore
    + MailStore
    + MetricsStore
    + OversightStore
    + Send
    + Sync
    + 'static
{
}

impl<T> Store for T where
    T: DirectoryStore
        + AccountStore
        + AppointmentStore
        + SharingStore
        + ChainStore
        + ConsentStore
        + CredentialStore
        + CalendarStore
        + CatalogueStore
        + JobStore
        + RequestStore
        + MailStore
        + MetricsStore
        + OversightStore
        + Send
        + Sync
        + 'static
{
}
