//! Server functions: public HTTP endpoints under `/api/`. Each one finds
//! out who is asking, parses input into domain types, calls the store and
//! maps errors to [`crate::error::AppError`].

pub mod account;
pub mod directory;
pub mod sharing;

pub use account::{find_account_summary, list_account_activity};
pub use directory::list_data_protection_officers;
pub use sharing::{find_data_overview, find_sharing_event, list_holdings, list_sharing_events};
