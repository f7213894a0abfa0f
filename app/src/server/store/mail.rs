//! The mail outbox: mail written with the change that causes it, sent later
//! by whichever instance claims it.

use async_trait::async_trait;

use super::StoreError;
use crate::domain::{Lang, requests::UndeliveredMail};

/// A mail to queue with a change (sent later by the outbox worker).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mail {
    pub to: String,
    pub lang: Lang,
    /// The template (`mail-…` keys).
    pub template: String,
    /// For mail to an address a requester gave: whose it is (pseudonym).
    /// Such mail waits until they confirm the address. None for an
    /// office's published address.
    pub owner: Option<String>,
    /// The confirmation mail's token, which its link carries; the store
    /// keeps only `confirm_hash` for the address. This mail does not wait.
    pub confirm_token: Option<String>,
    pub confirm_hash: Option<String>,
}

impl Mail {
    /// Mail to an office's published address.
    pub fn to_office(to: &str, template: &str) -> Mail {
        Mail {
            to: to.to_owned(),
            lang: Lang::Vi,
            template: template.to_owned(),
            owner: None,
            confirm_token: None,
            confirm_hash: None,
        }
    }
}

/// A queued mail, claimed for sending.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxMail {
    pub id: i64,
    pub to: String,
    pub lang: Lang,
    pub template: String,
    pub reference: String,
    pub attempts: i64,
    /// The confirmation link's token, for a confirmation mail.
    pub token: Option<String>,
}

/// What became of one try to send a mail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Delivery {
    Sent,
    /// A failure that may pass (the server is down, a 4xx answer): try
    /// again at `at`.
    Retry {
        at: i64,
        error: String,
    },
    /// The receiving server refused it for good (a 5xx answer, a malformed
    /// address): no more tries; the officer and the requester are shown it.
    Refused {
        error: String,
    },
}

/// Where an address a requester gave stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddressState {
    Confirmed,
    /// A confirmation link went out at this time (Unix seconds).
    Pending {
        issued_at: i64,
    },
    /// Never given, or its link is spent without confirming.
    Unknown,
}

/// The outbox.
#[async_trait]
pub trait MailStore: Send + Sync {
    /// Claims up to `limit` mails due at `now`: each is pushed to
    /// `now + lease` so another sender does not take it meanwhile.
    async fn claim_mail(
        &self,
        now: i64,
        lease: i64,
        limit: u32,
    ) -> Result<Vec<OutboxMail>, StoreError>;

    /// Records what became of a claimed mail.
    async fn finish_mail(&self, id: i64, delivery: &Delivery, now: i64) -> Result<(), StoreError>;

    /// The mails about request `reference` that were refused for good,
    /// newest first.
    async fn list_undelivered_mail(
        &self,
        reference: &str,
    ) -> Result<Vec<UndeliveredMail>, StoreError>;

    /// Whether `owner` has confirmed `address`, or when its latest
    /// confirmation link was sent.
    async fn address_state(&self, owner: &str, address: &str) -> Result<AddressState, StoreError>;

    /// Confirms the address whose latest confirmation token hashes to
    /// `token_hash`, if it was issued at or after `issued_after`; held mail
    /// to it is then sent. False for an unknown or stale token.
    async fn confirm_address(
        &self,
        token_hash: &str,
        now: i64,
        issued_after: i64,
    ) -> Result<bool, StoreError>;

    /// Deletes mails sent or refused before `before` (the retention limit);
    /// returns how many went, with mail held for an address that was never
    /// confirmed and queued before `before`. Mail still to be tried stays.
    async fn delete_mail_before(&self, before: i64) -> Result<u64, StoreError>;
}
