//! The sharing log's chain as stored: its links and signed checkpoints,
//! read for verification and for proofs. (Appending is the sharing area's:
//! it writes events and links in one transaction.)

use async_trait::async_trait;

use super::StoreError;
use crate::domain::sharing::StoredLink;

/// A signed checkpoint of the chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkpoint {
    pub seq: i64,
    pub chain_hash: String,
    pub signed_at: i64,
    /// Ed25519 signature, base64.
    pub signature: String,
    /// The id of the key that signed it; None before keys had ids (the
    /// first key's).
    pub key_id: Option<String>,
}

/// A key that signs (or signed) checkpoints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckpointKey {
    pub key_id: String,
    /// base64 of the Ed25519 public key.
    pub public_key: String,
    pub active_from: i64,
    /// When the next key replaced it; None for the current key.
    pub retired_at: Option<i64>,
}

/// Where the configured signing key stands among the registered keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyStanding {
    /// It is the current key (registered now if it is the very first).
    Current,
    /// A rotation retired it at this time: a newer key should sign.
    Retired(i64),
    /// Other keys are registered and this one is not.
    Unknown,
}

/// The chain's links and checkpoints.
#[async_trait]
pub trait ChainStore: Send + Sync {
    /// Links of the chain with `seq > after`, in order, at most `limit`.
    async fn list_chain_links(&self, after: i64, limit: u32)
    -> Result<Vec<StoredLink>, StoreError>;

    /// Records a signed checkpoint.
    async fn insert_checkpoint(&self, checkpoint: &Checkpoint) -> Result<(), StoreError>;

    /// Every key, oldest first.
    async fn list_checkpoint_keys(&self) -> Result<Vec<CheckpointKey>, StoreError>;

    /// Where `key` stands; with no key registered yet it becomes the first
    /// (active from `now`) and the checkpoints signed before key ids are
    /// given its id, in one transaction.
    async fn ensure_checkpoint_key(
        &self,
        key_id: &str,
        public_key: &str,
        now: i64,
    ) -> Result<KeyStanding, StoreError>;

    /// Registers a new current key and retires the one before at `now`, in
    /// one transaction. `Conflict` when the key is registered already.
    async fn rotate_checkpoint_key(
        &self,
        key_id: &str,
        public_key: &str,
        now: i64,
    ) -> Result<(), StoreError>;

    /// Every checkpoint, oldest first.
    async fn list_checkpoints(&self) -> Result<Vec<Checkpoint>, StoreError>;

    /// For each of `seqs`, the first checkpoint at or after it (none for an
    /// event not yet checkpointed), oldest first, without repeats. A query
    /// per 500 places, whatever the size of the log.
    async fn find_next_checkpoints(&self, seqs: &[i64]) -> Result<Vec<Checkpoint>, StoreError>;

    /// The links in each of `spans` (first and last place, inclusive), in
    /// order, without repeats. A query per 200 spans.
    async fn list_chain_spans(&self, spans: &[(i64, i64)]) -> Result<Vec<StoredLink>, StoreError>;
}
