//! Account activity (sign-ins, sign-outs and failures, kept for a while)
//! and each person's session generation.

use async_trait::async_trait;

use super::StoreError;
use crate::domain::AccountEvent;

/// Account events.
#[async_trait]
pub trait AccountStore: Send + Sync {
    /// Records a sign-in, sign-out or failed sign-in. `pseudonym` is None for
    /// a failure before the person was known.
    async fn insert_account_event(
        &self,
        pseudonym: Option<&str>,
        event: &AccountEvent,
    ) -> Result<(), StoreError>;

    /// A person's own account events, newest first.
    async fn list_account_events(
        &self,
        pseudonym: &str,
        limit: u32,
    ) -> Result<Vec<AccountEvent>, StoreError>;

    /// Deletes account events that happened before `before` (Unix time):
    /// the retention limit. Returns how many went.
    async fn delete_account_events_before(&self, before: i64) -> Result<u64, StoreError>;

    /// The person's session generation: 0 until they first sign out
    /// everywhere. A session begun in an older generation is over.
    async fn session_generation(&self, pseudonym: &str) -> Result<i64, StoreError>;

    /// Ends every session of the person (raises the generation) and records
    /// `event`, in one transaction. Returns the new generation.
    async fn sign_out_everywhere(
        &self,
        pseudonym: &str,
        event: &AccountEvent,
    ) -> Result<i64, StoreError>;

    /// The most recent failed sign-ins of anybody, newest first, for
    /// security monitoring.
    async fn list_failed_sign_ins(&self, limit: u32) -> Result<Vec<AccountEvent>, StoreError>;
}
