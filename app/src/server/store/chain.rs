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
}

/// The chain's links and checkpoints.
#[async_trait]
pub trait ChainStore: Send + Sync {
    /// Links of the chain with `seq > after`, in order, at most `limit`.
    async fn list_chain_links(&self, after: i64, limit: u32)
    -> Result<Vec<StoredLink>, StoreError>;

    /// Records a signed checkpoint.
    async fn insert_checkpoint(&self, checkpoint: &Checkpoint) -> Result<(), StoreError>;

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
