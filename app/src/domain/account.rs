//! Account activity (sign-in, sign-out, failed sign-in) and the reasons a
//! sign-in can fail. Reason codes go to the log and the activity record; the
//! person sees the translated explanation.

use serde::{Deserialize, Serialize};

/// What happened to an account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountEventKind {
    SignIn,
    SignOut,
    /// Every session of the person ended at once, from the account page.
    SignOutEverywhere,
    SignInFailed,
}

impl AccountEventKind {
    pub fn code(self) -> &'static str {
        match self {
            AccountEventKind::SignIn => "sign-in",
            AccountEventKind::SignOut => "sign-out",
            AccountEventKind::SignOutEverywhere => "sign-out-everywhere",
            AccountEventKind::SignInFailed => "sign-in-failed",
        }
    }

    pub fn from_code(code: &str) -> Option<AccountEventKind> {
        match code {
            "sign-in" => Some(AccountEventKind::SignIn),
            "sign-out" => Some(AccountEventKind::SignOut),
            "sign-out-everywhere" => Some(AccountEventKind::SignOutEverywhere),
            "sign-in-failed" => Some(AccountEventKind::SignInFailed),
            _ => None,
        }
    }

    /// Fluent key of the event's name.
    pub fn message_id(self) -> &'static str {
        match self {
            AccountEventKind::SignIn => "activity-sign-in",
            AccountEventKind::SignOut => "activity-sign-out",
            AccountEventKind::SignOutEverywhere => "activity-sign-out-everywhere",
            AccountEventKind::SignInFailed => "activity-sign-in-failed",
        }
    }
}

/// One recorded event, as the citizen sees it on the account activity page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountEvent {
    pub kind: AccountEventKind,
    /// Unix time, seconds.
    pub occurred_at: i64,
    /// Why a sign-in failed (a [`SignInFailure`] code).
    pub reason: Option<String>,
    /// The browser's own description of itself, shortened.
    pub user_agent: Option<String>,
    /// A short keyed hash of the network address: equal values mean the
    /// same address, without storing the address.
    pub client_hash: Option<String>,
}

/// Why a sign-in did not complete.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignInFailure {
    /// The person cancelled or refused at the identity provider.
    Cancelled,
    /// The provider reported another error.
    ProviderError,
    /// The callback's `state` matches no sign-in begun in this browser
    /// (tampered, or already used).
    StateMismatch,
    /// The sign-in was begun too long ago.
    Expired,
    /// The ID token failed a check (signature, issuer, audience, time, nonce).
    InvalidToken,
    /// The token lacks a claim we need, or a claim has a bad value.
    MissingClaims,
    /// The provider could not be reached or answered too slowly.
    ProviderUnavailable,
    /// Too many attempts from this network address.
    RateLimited,
}

impl SignInFailure {
    pub const ALL: [SignInFailure; 8] = [
        SignInFailure::Cancelled,
        SignInFailure::ProviderError,
        SignInFailure::StateMismatch,
        SignInFailure::Expired,
        SignInFailure::InvalidToken,
        SignInFailure::MissingClaims,
        SignInFailure::ProviderUnavailable,
        SignInFailure::RateLimited,
    ];

    /// The reason code written to the log and the activity record.
    pub fn code(self) -> &'static str {
        match self {
            SignInFailure::Cancelled => "cancelled",
            SignInFailure::ProviderError => "provider-error",
            SignInFailure::StateMismatch => "state-mismatch",
            SignInFailure::Expired => "expired",
            SignInFailure::InvalidToken => "invalid-token",
            SignInFailure::MissingClaims => "missing-claims",
            SignInFailure::ProviderUnavailable => "provider-unavailable",
            SignInFailure::RateLimited => "rate-limited",
        }
    }

    pub fn from_code(code: &str) -> Option<SignInFailure> {
        SignInFailure::ALL
            .into_iter()
            .find(|reason| reason.code() == code)
    }

    /// Fluent key of the explanation shown to the person.
    pub fn message_id(self) -> &'static str {
        match self {
            SignInFailure::Cancelled => "sign-in-failed-cancelled",
            SignInFailure::ProviderError => "sign-in-failed-provider-error",
            SignInFailure::StateMismatch => "sign-in-failed-state-mismatch",
            SignInFailure::Expired => "sign-in-failed-expired",
            SignInFailure::InvalidToken => "sign-in-failed-invalid-token",
            SignInFailure::MissingClaims => "sign-in-failed-missing-claims",
            SignInFailure::ProviderUnavailable => "sign-in-failed-provider-unavailable",
            SignInFailure::RateLimited => "sign-in-failed-rate-limited",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back_and_are_distinct() {
        let mut seen = std::collections::HashSet::new();
        for reason in SignInFailure::ALL {
            assert_eq!(SignInFailure::from_code(reason.code()), Some(reason));
            assert!(seen.insert(reason.code()));
        }
        assert_eq!(SignInFailure::from_code("nope"), None);
        for kind in [
            AccountEventKind::SignIn,
            AccountEventKind::SignOut,
            AccountEventKind::SignInFailed,
        ] {
            assert_eq!(AccountEventKind::from_code(kind.code()), Some(kind));
        }
    }
}
