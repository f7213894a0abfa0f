//! The one error type server functions return, and how it reaches people:
//! a translated message (and, for internal failures, a short reference that
//! support can find in the logs), never the underlying cause.

use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

/// Errors a server function can return to the page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("invalid input in {field}: {message_id}")]
    Invalid { field: String, message_id: String },
    #[error("not signed in")]
    Unauthenticated,
    #[error("forbidden")]
    Forbidden,
    #[error("assurance level 2 required")]
    LevelTooLow,
    #[error("not found")]
    NotFound,
    #[error("conflict")]
    Conflict,
    #[error("service unavailable")]
    Unavailable,
    #[error("internal error, reference {reference}")]
    Internal { reference: String },
}

impl AppError {
    /// Fluent key of the message shown for this error.
    pub fn message_id(&self) -> &str {
        match self {
            AppError::Invalid { message_id, .. } => message_id,
            AppError::Unauthenticated => "error-unauthenticated",
            AppError::Forbidden => "error-forbidden",
            AppError::LevelTooLow => "error-level2-required",
            AppError::NotFound => "error-not-found",
            AppError::Conflict => "error-conflict",
            AppError::Unavailable => "error-unavailable",
            AppError::Internal { .. } => "error-internal",
        }
    }

    /// The HTTP status this error is answered with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Invalid { .. } => 422,
            AppError::Unauthenticated => 401,
            AppError::Forbidden | AppError::LevelTooLow => 403,
            AppError::NotFound => 404,
            AppError::Conflict => 409,
            AppError::Unavailable => 503,
            AppError::Internal { .. } => 500,
        }
    }

    /// The support reference, for internal failures.
    pub fn reference(&self) -> Option<&str> {
        match self {
            AppError::Internal { reference } => Some(reference),
            _ => None,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // The request never reached our code or its answer was garbled:
            // to the citizen that is the service being unavailable.
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => AppError::Unavailable,
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::Deserialization(_) => AppError::Invalid {
                field: String::new(),
                message_id: "error-invalid-request".into(),
            },
            _ => AppError::Internal {
                reference: String::new(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_has_a_translated_message_in_both_languages() {
        use crate::{domain::Lang, i18n::has_message};
        let all = [
            AppError::Invalid {
                field: "x".into(),
                message_id: "error-invalid-request".into(),
            },
            AppError::Unauthenticated,
            AppError::Forbidden,
            AppError::LevelTooLow,
            AppError::NotFound,
            AppError::Conflict,
            AppError::Unavailable,
            AppError::Internal {
                reference: "abc".into(),
            },
        ];
        for error in all {
            for lang in Lang::ALL {
                assert!(
                    has_message(lang, error.message_id()),
                    "{error:?} in {lang:?}"
                );
            }
        }
    }

    #[test]
    fn transport_failures_read_as_unavailable_not_internal() {
        let error = AppError::from_server_fn_error(ServerFnErrorErr::Request("down".into()));
        assert_eq!(error, AppError::Unavailable);
        assert_eq!(error.status(), 503);
    }
}
