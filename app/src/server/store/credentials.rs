//! Agency credentials: the bearer tokens agencies report with. Only a keyed
//! hash of each token's secret is kept; each token has an expiry, can be
//! revoked, and records when it was last used.

use async_trait::async_trait;

use super::{ChangeNote, StoreError};

/// A new credential to store: its id, the hash of its secret, and when it
/// stops working.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewCredential {
    pub token_id: String,
    pub token_hash: String,
    pub expires_at: i64,
}

/// A credential that may be used now (unrevoked, unexpired): whose it is
/// and the hash to check the presented secret against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgencyCredential {
    pub agency_code: String,
    pub token_hash: String,
    /// When it was last used (to the minute), so a caller writes the use
    /// only when that is stale.
    pub last_used_at: Option<i64>,
}

/// A credential as the operator sees it (never its hash).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CredentialSummary {
    pub token_id: String,
    pub agency_code: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

/// What became of a rotation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rotation {
    /// The new token is stored; the old one works until `old_until`.
    Rotated { agency_code: String, old_until: i64 },
    /// No usable (unrevoked, unexpired) token has that id.
    Unknown,
}

/// What became of a revocation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Revocation {
    Revoked,
    AlreadyRevoked,
    Unknown,
}

/// Agency credentials.
#[async_trait]
pub trait CredentialStore: Send + Sync {
    /// The credential with this token id, if it is neither revoked nor
    /// expired at `now`.
    async fn find_agency_credential(
        &self,
        token_id: &str,
        now: i64,
    ) -> Result<Option<AgencyCredential>, StoreError>;

    /// Stores a new credential (its hash only) for an agency, usable until
    /// its expiry. `NotFound` when no agency has the code.
    async fn insert_agency_credential(
        &self,
        agency_code: &str,
        new: &NewCredential,
        change: ChangeNote<'_>,
    ) -> Result<(), StoreError>;

    /// Records that the credential was used at `now`. Writes at most once
    /// per `resolution` seconds per credential, so a busy agency does not
    /// turn every read into a write.
    async fn record_credential_use(
        &self,
        token_id: &str,
        now: i64,
        resolution: i64,
    ) -> Result<(), StoreError>;

    /// Replaces the usable credential `old_id` with a new one for the same
    /// agency, in one transaction: the new one (its hash only) is usable
    /// until its expiry, the old one until `old_until` at the latest (the
    /// grace period in which both work, so the agency can switch without a
    /// gap).
    async fn rotate_agency_credential(
        &self,
        old_id: &str,
        new: &NewCredential,
        old_until: i64,
        change: ChangeNote<'_>,
    ) -> Result<Rotation, StoreError>;

    /// Revokes a credential from `change.now` on.
    async fn revoke_agency_credential(
        &self,
        token_id: &str,
        change: ChangeNote<'_>,
    ) -> Result<Revocation, StoreError>;

    /// Every credential, or one agency's, newest first.
    async fn list_agency_credentials(
        &self,
        agency_code: Option<&str>,
    ) -> Result<Vec<CredentialSummary>, StoreError>;
}
