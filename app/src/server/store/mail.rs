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

    /// Deletes mails sent or refused before `before` (the retention limit);
    /// returns how many went. Mail still to be tried stays.
    async fn delete_mail_before(&self, before: i64) -> Result<u64, StoreError>;
}
