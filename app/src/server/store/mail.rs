//! The mail outbox: mail written with the change that causes it, sent later
//! by whichever instance claims it.

use async_trait::async_trait;

use super::StoreError;
use crate::domain::Lang;

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

    /// Records a sent mail, or a failure to retry at `retry_at`.
    async fn finish_mail(
        &self,
        id: i64,
        outcome: Result<(), String>,
        now: i64,
        retry_at: i64,
    ) -> Result<(), StoreError>;
}
