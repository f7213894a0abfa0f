//! The tamper-evident sharing log around the store: checkpoints signed with
//! Ed25519, and the verifier that recomputes the whole chain (the `server
//! verify-log` command).

use app::{
    domain::sharing::{ChainBreak, GENESIS, verify_links},
    server::{Checkpoint, Store, StoreError},
};
use base64::{Engine as _, engine::general_purpose::STANDARD};
use ed25519_dalek::{Signature, Signer as _, SigningKey, Verifier as _, VerifyingKey};

/// What a checkpoint signature covers.
pub fn checkpoint_message(seq: i64, chain_hash: &str, signed_at: i64) -> String {
    format!("cpd-checkpoint-v1|{seq}|{chain_hash}|{signed_at}")
}

/// Signs checkpoints with the configured key.
#[derive(Clone)]
pub struct CheckpointSigner {
    key: SigningKey,
}

impl std::fmt::Debug for CheckpointSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CheckpointSigner({})", self.public_key())
    }
}

impl CheckpointSigner {
    /// From a 32-byte seed; None for any other length.
    pub fn from_seed(seed: &[u8]) -> Option<CheckpointSigner> {
        let seed: [u8; 32] = seed.try_into().ok()?;
        Some(CheckpointSigner {
            key: SigningKey::from_bytes(&seed),
        })
    }

    pub fn sign(&self, seq: i64, chain_hash: &str, signed_at: i64) -> Checkpoint {
        let signature = self
            .key
            .sign(checkpoint_message(seq, chain_hash, signed_at).as_bytes());
        Checkpoint {
            seq,
            chain_hash: chain_hash.to_owned(),
            signed_at,
            signature: STANDARD.encode(signature.to_bytes()),
        }
    }

    /// The public key, base64: anyone can check checkpoints with it.
    pub fn public_key(&self) -> String {
        STANDARD.encode(self.key.verifying_key().to_bytes())
    }

    pub fn verifying_key(&self) -> VerifyingKey {
        self.key.verifying_key()
    }
}

/// Whether `checkpoint` was signed by `key`.
pub fn checkpoint_is_signed(key: &VerifyingKey, checkpoint: &Checkpoint) -> bool {
    let Ok(bytes) = STANDARD.decode(&checkpoint.signature) else {
        return false;
    };
    let Ok(signature) = Signature::from_slice(&bytes) else {
        return false;
    };
    key.verify(
        checkpoint_message(checkpoint.seq, &checkpoint.chain_hash, checkpoint.signed_at).as_bytes(),
        &signature,
    )
    .is_ok()
}

/// The result of checking the whole log.
#[derive(Debug, PartialEq, Eq)]
pub struct Verified {
    pub events: i64,
    pub head: String,
    pub checkpoints: usize,
}

/// Why the log failed verification.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("the chain breaks: {0:?}")]
    Broken(ChainBreak),
    #[error("checkpoint at {seq} does not match the chain")]
    CheckpointMismatch { seq: i64 },
    #[error("checkpoint at {seq} has a bad signature")]
    CheckpointSignature { seq: i64 },
    #[error("checkpoint at {seq} is beyond the end of the chain")]
    CheckpointBeyondEnd { seq: i64 },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Recomputes every link in order and checks every checkpoint against the
/// chain and the key. Reads in pages, so it runs on any size of log.
pub async fn verify_log(store: &dyn Store, key: &VerifyingKey) -> Result<Verified, VerifyError> {
    verify_log_reporting(store, key, &mut |_| {}).await
}

/// [`verify_log`], telling `report` how many events are checked after each
/// page (for a long log's progress).
pub async fn verify_log_reporting(
    store: &dyn Store,
    key: &VerifyingKey,
    report: &mut (dyn FnMut(i64) + Send),
) -> Result<Verified, VerifyError> {
    const PAGE: u32 = 5_000;
    let checkpoints = store.list_checkpoints().await?;
    let mut pending = checkpoints.iter().peekable();
    let mut last_seq = 0;
    let mut head = GENESIS.to_owned();
    loop {
        let links = store.list_chain_links(last_seq, PAGE).await?;
        if links.is_empty() {
            break;
        }
        // Verify link by link so that checkpoints in the middle of a page
        // are compared with the hash at exactly their place.
        for link in &links {
            let (seq, hash) = verify_links(&head, last_seq + 1, std::iter::once(link))
                .map_err(VerifyError::Broken)?;
            last_seq = seq;
            head = hash;
            while let Some(checkpoint) = pending.next_if(|c| c.seq <= last_seq) {
                if checkpoint.seq == last_seq && checkpoint.chain_hash != head {
                    return Err(VerifyError::CheckpointMismatch {
                        seq: checkpoint.seq,
                    });
                }
                if !checkpoint_is_signed(key, checkpoint) {
                    return Err(VerifyError::CheckpointSignature {
                        seq: checkpoint.seq,
                    });
                }
            }
        }
        report(last_seq);
    }
    if let Some(checkpoint) = pending.next() {
        return Err(VerifyError::CheckpointBeyondEnd {
            seq: checkpoint.seq,
        });
    }
    Ok(Verified {
        events: last_seq,
        head,
        checkpoints: checkpoints.len(),
    })
}

/// The proof that one event is in the log: its content, the link before
/// it, the content hashes of the events after it up to the next signed
/// checkpoint (hashes only: nobody else's data), and that checkpoint.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct InclusionProof {
    pub content: app::domain::sharing::ChainedContent,
    pub previous: String,
    pub link: String,
    pub following: Vec<String>,
    pub checkpoint: Option<ProofCheckpoint>,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ProofCheckpoint {
    pub seq: i64,
    pub hash: String,
    pub signed_at: i64,
    pub signature: String,
}

/// Builds the inclusion proof of each event `seq` in `seqs` (the caller
/// makes sure they are the person's own). Two reads whatever the size of
/// the log (one per 500 events and per 200 spans): the checkpoint after
/// each event, then every span from the link before it to that checkpoint.
pub async fn inclusion_proofs(
    store: &dyn Store,
    seqs: &[i64],
) -> Result<Vec<InclusionProof>, StoreError> {
    let checkpoints = store.find_next_checkpoints(seqs).await?;
    let next = |seq: i64| {
        let at = checkpoints.partition_point(|c| c.seq < seq);
        checkpoints.get(at)
    };
    let mut spans: Vec<(i64, i64)> = seqs
        .iter()
        .map(|&seq| (seq - 1, next(seq).map_or(seq, |c| c.seq)))
        .collect();
    spans.sort_unstable();
    let mut merged: Vec<(i64, i64)> = Vec::with_capacity(spans.len());
    for (first, last) in spans {
        match merged.last_mut() {
            Some(open) if first <= open.1 + 1 => open.1 = open.1.max(last),
            _ => merged.push((first, last)),
        }
    }
    let links: std::collections::BTreeMap<i64, app::domain::sharing::StoredLink> = store
        .list_chain_spans(&merged)
        .await?
        .into_iter()
        .map(|link| (link.content.seq, link))
        .collect();
    let mut proofs = Vec::with_capacity(seqs.len());
    for &seq in seqs {
        let Some(own) = links.get(&seq) else {
            continue;
        };
        let checkpoint = next(seq);
        let until = checkpoint.map_or(seq, |c| c.seq);
        proofs.push(InclusionProof {
            previous: links
                .get(&(seq - 1))
                .map_or_else(|| GENESIS.to_owned(), |l| l.chain_hash.clone()),
            link: own.chain_hash.clone(),
            content: own.content.clone(),
            // Empty for an event not yet checkpointed (`until == seq`).
            following: links
                .range(seq + 1..(until + 1).max(seq + 1))
                .map(|(_, l)| l.content_hash.clone())
                .collect(),
            checkpoint: checkpoint.map(|c| ProofCheckpoint {
                seq: c.seq,
                hash: c.chain_hash.clone(),
                signed_at: c.signed_at,
                signature: c.signature.clone(),
            }),
        });
    }
    Ok(proofs)
}

/// Checks a proof with nothing but the public key: recomputes the event's
/// content hash and link, follows the later content hashes to the
/// checkpoint, and checks the checkpoint's signature.
pub fn verify_proof(proof: &InclusionProof, key: &VerifyingKey) -> bool {
    use app::domain::sharing::chain_hash;
    let content_hash = proof.content.content_hash();
    let mut link = chain_hash(&proof.previous, &content_hash);
    if link != proof.link {
        return false;
    }
    for following in &proof.following {
        link = chain_hash(&link, following);
    }
    match &proof.checkpoint {
        None => false,
        Some(c) => {
            c.seq == proof.content.seq + proof.following.len() as i64
                && c.hash == link
                && checkpoint_is_signed(
                    key,
                    &Checkpoint {
                        seq: c.seq,
                        chain_hash: c.hash.clone(),
                        signed_at: c.signed_at,
                        signature: c.signature.clone(),
                    },
                )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checkpoints_verify_only_with_the_right_key_and_content() {
        let signer = CheckpointSigner::from_seed(&[3u8; 32]).unwrap();
        let checkpoint = signer.sign(7, "abc", 1_790_000_000);
        assert!(checkpoint_is_signed(&signer.verifying_key(), &checkpoint));
        let other = CheckpointSigner::from_seed(&[4u8; 32]).unwrap();
        assert!(!checkpoint_is_signed(&other.verifying_key(), &checkpoint));
        let moved = Checkpoint {
            seq: 8,
            ..checkpoint.clone()
        };
        assert!(!checkpoint_is_signed(&signer.verifying_key(), &moved));
        assert!(CheckpointSigner::from_seed(&[0u8; 31]).is_none());
    }
}
