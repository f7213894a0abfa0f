//! What the metrics endpoint reads from the database at each scrape.

use async_trait::async_trait;

use super::StoreError;

/// The service's figures at one moment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Gauges {
    /// Mail neither sent nor refused for good.
    pub outbox_depth: i64,
    /// When the oldest of it was queued (Unix seconds).
    pub outbox_oldest_at: Option<i64>,
    /// Open requests near or past their deadline, by handler.
    pub open_requests: Vec<OpenRequests>,
    /// Unexpired job leases.
    pub leases: Vec<LeaseHolder>,
}

/// One handler's open requests by deadline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenRequests {
    /// A province code, or `VN` for the national unit.
    pub handler: String,
    /// Due within the given number of days (not yet overdue).
    pub near: i64,
    /// Overdue.
    pub past: i64,
}

/// Who holds a job's lease.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeaseHolder {
    pub job: String,
    pub holder: String,
}

/// The figures behind `/metrics`.
#[async_trait]
pub trait MetricsStore: Send + Sync {
    /// Reads every figure at `now`; "near" is due within `near_days`. A few
    /// grouped counts, bounded by the number of handlers and jobs.
    async fn read_gauges(&self, now: i64, near_days: i64) -> Result<Gauges, StoreError>;
}
