//! What a DPO oversees beyond requests: sharings flagged for consent, and
//! sharings whose disclosure is deferred. Both list what agencies of the
//! DPO's provinces reported (`VN`, the national unit: central agencies).

use async_trait::async_trait;

use super::StoreError;
use crate::domain::{consent::FlaggedEvent, oversight::DeferredEvent};

/// The DPO's oversight lists.
#[async_trait]
pub trait OversightStore: Send + Sync {
    /// Sharing events flagged for consent, newest first.
    async fn list_flagged_events(
        &self,
        provinces: &[String],
        limit: u32,
    ) -> Result<Vec<FlaggedEvent>, StoreError>;

    /// Sharings still hidden from their person at `now`, soonest release
    /// first.
    async fn list_deferred_events(
        &self,
        provinces: &[String],
        now: i64,
        limit: u32,
    ) -> Result<Vec<DeferredEvent>, StoreError>;
}
