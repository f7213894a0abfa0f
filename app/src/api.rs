//! Server functions: public HTTP endpoints under `/fn/` ([`PREFIX`]), apart
//! from the agencies' API under `/api/v1/`, which has rules of its own (a
//! bearer token, no forgery check, cacheable public key). Each one finds
//! out who is asking, parses input into domain types, calls the store and
//! maps errors to [`crate::error::AppError`].

/// Where every server function lives (each one's `#[server(prefix)]` must
/// say the same: a test checks it).
pub const PREFIX: &str = "/fn/";

pub mod account;
pub mod agencies;
pub mod appointments;
pub mod calendar;
pub mod catalogue;
pub mod consent;
pub mod directory;
pub mod privacy;
pub mod requests;
pub mod sharing;

pub use account::{find_account_summary, list_account_activity};
pub use consent::{
    find_consent_overview, find_consent_purpose, find_consent_receipt, grant_consent,
    list_consent_flags, list_consent_history, list_purposes_for_admin, update_purpose_notice,
    withdraw_consent,
};
pub use directory::list_data_protection_officers;
pub use privacy::find_retention;
pub use sharing::{
    find_data_overview, find_sharing_event, list_deferred_events, list_holdings,
    list_sharing_events,
};
