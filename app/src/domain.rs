//! Plain types and rules of the product. Nothing here knows about HTTP, SQL,
//! Leptos or logging, so the same code runs on the server and in the browser.

pub mod access;
pub mod account;
pub mod consent;
pub mod datetime;
pub mod identity;
pub mod language;
pub mod province;
pub mod sharing;

pub use access::{Action, Decision, Level2Policy, Role, RoleGrant, Viewer, decide};
pub use account::{AccountEvent, AccountEventKind, SignInFailure};
pub use identity::{AssuranceLevel, PersonalId, PersonalIdError};
pub use language::Lang;
pub use province::{DataProtectionOfficer, Province, ProvinceKind};
