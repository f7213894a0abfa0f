//! Server-only pieces shared by server functions: the storage interface and
//! what each request carries in context. Compiled only with the `ssr` feature.

pub mod addresses;
pub mod context;
pub mod requests;
pub mod store;

pub use context::{
    AuthSettings, CspNonce, Principal, answer, current_draft, current_principal, form_result,
    internal_error, level2_policy, now, permit, require, use_store, with_status,
};
pub use store::*;
