//! Leases that let exactly one server instance run a background job.

use async_trait::async_trait;

use super::StoreError;

/// Job leases.
#[async_trait]
pub trait JobStore: Send + Sync {
    /// Takes or renews the lease of job `name` for `holder` for
    /// `seconds` from `now`; false while another holder's lease runs.
    async fn take_lease(
        &self,
        name: &str,
        holder: &str,
        now: i64,
        seconds: i64,
    ) -> Result<bool, StoreError>;
}
