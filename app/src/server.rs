//! Server-only pieces shared by server functions: the storage interface and
//! what each request carries in context. Compiled only with the `ssr` feature.

pub mod addresses;
pub mod agency_tokens;
pub mod context;
pub mod requests;
pub mod store;

pub use context::{
    AuthSettings, CspNonce, Principal, Pseudonyms, answer, current_draft, current_principal,
    form_result, internal_error, invalid, level2_policy, now, permit, pseudonym_of, require,
    use_store, with_status,
};
pub use store::*;
