//! Pieces shared by several pages.

pub mod account;
pub mod character_count;
pub mod data_table;
pub mod error_message;
pub mod fields;
pub mod language_switcher;
pub mod layout;
pub mod loaded;

pub use account::{
    AccountArea, CsrfField, DevSignInBanner, SessionView, provide_session_view, use_session_view,
};
pub use character_count::{FreeText, IslandScripts};
pub use data_table::DataTable;
pub use error_message::ErrorMessage;
pub use fields::{
    code_and_names, described_by, field_message, inline_error, reason_field, reason_field_as,
    text_field,
};
pub use language_switcher::LanguageSwitcher;
pub use layout::{PhaseBanner, SiteFooter, SiteHeader, SkipLink};
pub use loaded::Loaded;
