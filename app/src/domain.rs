//! Plain types and rules of the product. Nothing here knows about HTTP, SQL,
//! Leptos or logging, so the same code runs on the server and in the browser.

/// Gives a fieldless enum its stable code (storage, APIs), the parse back
/// from it, and the Fluent key of its name: `Variant("code") => "key";`.
/// (The locale check reads the message keys after `=>`.)
macro_rules! coded {
    ($ty:ident { $($variant:ident($code:literal) => $message:literal;)* }) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$($ty::$variant),*];

            pub fn code(self) -> &'static str {
                match self { $($ty::$variant => $code),* }
            }

            pub fn from_code(code: &str) -> Option<$ty> {
                match code { $($code => Some($ty::$variant),)* _ => None }
            }

            /// Fluent key of the name people read.
            pub fn message_id(self) -> &'static str {
                match self { $($ty::$variant => $message),* }
            }
        }
    };
}

/// Which field of a form is wrong, and the Fluent key of the message that
/// says how to put it right.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message_id: &'static str,
}

pub mod access;
pub mod account;
pub mod agencies;
pub mod appointments;
pub mod attachments;
pub mod catalogue;
pub mod consent;
pub mod datetime;
pub mod deadlines;
pub mod forgery;
pub mod identity;
pub mod language;
pub mod links;
pub mod oversight;
pub mod province;
pub mod requests;
pub mod retention;
pub mod sharing;

pub use access::{Action, Decision, Level2Policy, Role, RoleGrant, Viewer, decide};
pub use account::{AccountEvent, AccountEventKind, SignInFailure};
pub use identity::{AssuranceLevel, PersonalId, PersonalIdError};
pub use language::Lang;
pub use province::{DataProtectionOfficer, OfficerDetails, OfficerForm, Province, ProvinceKind};
