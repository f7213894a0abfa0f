//! What server functions and the page shell find in context for a request.

use std::sync::Arc;

use leptos::prelude::*;

use super::{Store, StoreError};
use crate::error::AppError;

/// The Content-Security-Policy nonce the request middleware chose for this
/// response; the shell hands it to Leptos so its inline scripts carry it.
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

/// The store, provided by the server for every page render and server function.
pub fn use_store() -> Result<Arc<dyn Store>, AppError> {
    use_context::<Arc<dyn Store>>().ok_or_else(|| internal_error("store missing from context"))
}

/// Logs an internal failure once, with a short reference, and returns the
/// error the person sees: the translated message and that reference only.
pub fn internal_error(cause: impl std::fmt::Display) -> AppError {
    let reference = uuid::Uuid::now_v7().simple().to_string()[20..].to_owned();
    tracing::error!(%reference, %cause, "internal error");
    AppError::Internal { reference }
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict { .. } => AppError::Conflict,
            StoreError::Unavailable(cause) => {
                tracing::warn!(%cause, "storage unavailable");
                AppError::Unavailable
            }
        }
    }
}
