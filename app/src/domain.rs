//! Plain types and rules of the product. Nothing here knows about HTTP, SQL,
//! Leptos or logging, so the same code runs on the server and in the browser.

pub mod identity;
pub mod language;
pub mod province;

pub use identity::{AssuranceLevel, PersonalId, PersonalIdError};
pub use language::Lang;
pub use province::{DataProtectionOfficer, Province, ProvinceKind};
