//! The storage interface. It speaks domain types only; the SQLite and
//! PostgreSQL implementations live in the `server` crate's `storage` module,
//! the only place in the project that contains SQL.

use async_trait::async_trait;

use crate::domain::{AccountEvent, DataProtectionOfficer, Province, RoleGrant};

/// What can go wrong in storage, independent of the database engine.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("record not found")]
    NotFound,
    #[error("conflict on {constraint}")]
    Conflict { constraint: String },
    #[error("storage unavailable: {0}")]
    Unavailable(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// The data loaded on the first start of a demo installation.
#[derive(Clone, Debug, Default)]
pub struct DemoData {
    /// One officer per province, matched by `province.code`.
    pub officers: Vec<DataProtectionOfficer>,
    /// Directory entries of the demo staff, by pseudonym.
    pub role_grants: Vec<(String, RoleGrant)>,
}

/// Persistent storage for the application.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Checks that the database answers.
    async fn ping(&self) -> Result<(), StoreError>;

    /// The provincial-level units in official order.
    async fn list_provinces(&self) -> Result<Vec<Province>, StoreError>;

    /// The named data-protection officer of every province that has one, in
    /// the provinces' official order.
    async fn list_data_protection_officers(&self)
    -> Result<Vec<DataProtectionOfficer>, StoreError>;

    /// Loads demo data in one transaction unless demo data was loaded
    /// before. Returns whether it loaded anything. Safe to call from several
    /// server instances at once: exactly one of them loads.
    async fn load_demo_data(&self, demo: &DemoData) -> Result<bool, StoreError>;

    /// The directory's role grants for a pseudonym (none for most citizens).
    async fn list_role_grants(&self, pseudonym: &str) -> Result<Vec<RoleGrant>, StoreError>;

    /// Adds a role to the directory; granting a role held already is a no-op.
    async fn insert_role_grant(&self, pseudonym: &str, grant: &RoleGrant)
    -> Result<(), StoreError>;

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

    /// The most recent failed sign-ins of anybody, newest first, for
    /// security monitoring.
    async fn list_failed_sign_ins(&self, limit: u32) -> Result<Vec<AccountEvent>, StoreError>;
}
