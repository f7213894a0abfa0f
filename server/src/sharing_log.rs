//! The tamper-evident sharing log around the store: checkpoints signed with
//! Ed25519, and the verifier that recomputes the whole chain (the `server
//! verify-log` command).

use app::{
    domain::sharing::{ChainBreak, GENESIS, verify_links},
    server::{Checkpoint, CheckpointKey, KeyStanding, Store, StoreError},
};
use base64::{Engine as _, engine::general_purpose::STANDARD};
use ed25519_dalek::{Signature, Signer as _, SigningKey, Verifier as _, VerifyingKey};

/// What a checkpoint signature covers.
pub fn checkpoint_message(seq: i64, chain_hash: &str, signed_at: i64) -> String {
    format!("cpd-checkpoint-v1|{seq}|{chain_hash}|{signed_at}")
}

/// The name the checkpoint keys' ids are computed under.
pub const KEY_NAME: &str = "citizen-privacy-checkpoint";

/// A key's id: the first four bytes of SHA-256 over the name, a line feed,
/// the Ed25519 algorithm byte (0x01) and the public key, in hex (the key
/// hash of C2SP signed notes).
pub fn key_id_of(key: &VerifyingKey) -> String {
    use sha2::{Digest as _, Sha256};
    let mut hash = Sha256::new();
    hash.update(KEY_NAME.as_bytes());
    hash.update(b"\n\x01");
    hash.update(key.to_bytes());
    hash.finalize()[..4]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The keys checkpoints are checked with, by id; a checkpoint without an
/// id is the first key's.
#[derive(Clone, Debug, Default)]
pub struct KeyRing {
    keys: Vec<(String, VerifyingKey)>,
}

impl KeyRing {
    /// From the registered keys (oldest first); keys that do not decode are
    /// left out, so what they signed fails to verify.
    pub fn new(keys: &[CheckpointKey]) -> KeyRing {
        KeyRing {
            keys: keys
                .iter()
                .filter_map(|k| Some((k.key_id.clone(), decode_public_key(&k.public_key)?)))
                .collect(),
        }
    }

    /// One key alone (a log signed by one key throughout).
    pub fn single(key: VerifyingKey) -> KeyRing {
        KeyRing {
            keys: vec![(key_id_of(&key), key)],
        }
    }

    /// The key with this id (None: the first key).
    pub fn get(&self, key_id: Option<&str>) -> Option<&VerifyingKey> {
        match key_id {
            None => self.keys.first().map(|(_, key)| key),
            Some(id) => self
                .keys
                .iter()
                .find(|(known, _)| known == id)
                .map(|(_, key)| key),
        }
    }

    /// Whether the key named by `checkpoint` signed it.
    pub fn signed(&self, checkpoint: &Checkpoint) -> bool {
        self.get(checkpoint.key_id.as_deref())
            .is_some_and(|key| checkpoint_is_signed(key, checkpoint))
    }
}

fn decode_public_key(text: &str) -> Option<VerifyingKey> {
    let bytes: [u8; 32] = STANDARD.decode(text).ok()?.try_into().ok()?;
    VerifyingKey::from_bytes(&bytes).ok()
}

/// Why the configured checkpoint key cannot sign.
#[derive(Debug, thiserror::Error)]
pub enum SignerError {
    #[error("CHECKPOINT_SIGNING_KEY must be 32 bytes")]
    Length,
    #[error(
        "CHECKPOINT_SIGNING_KEY (key {0}) is not one of this log's keys: configure the current \
         key, or register a new one with `server rotate-checkpoint-key`"
    )]
    Unknown(String),
    #[error("cannot read the checkpoint keys: {0}")]
    Store(#[from] StoreError),
}

/// The configured signer, checked against the log's keys: the first start
/// registers it; a key the log does not know is refused; a retired one
/// signs (an instance not yet restarted after a rotation) with a warning.
pub async fn open_signer(store: &dyn Store, seed: &[u8]) -> Result<CheckpointSigner, SignerError> {
    let signer = CheckpointSigner::from_seed(seed).ok_or(SignerError::Length)?;
    let now = app::server::now();
    match store
        .ensure_checkpoint_key(signer.key_id(), &signer.public_key(), now)
        .await?
    {
        KeyStanding::Current => {}
        KeyStanding::Retired(at) => tracing::warn!(
            key_id = signer.key_id(),
            retired_at = at,
            "the checkpoint key was retired by a rotation: configure the new one and restart"
        ),
        KeyStanding::Unknown => return Err(SignerError::Unknown(signer.key_id().to_owned())),
    }
    Ok(signer)
}

/// Signs checkpoints with the configured key.
#[derive(Clone)]
pub struct CheckpointSigner {
    key: SigningKey,
    key_id: String,
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
        let key = SigningKey::from_bytes(&seed);
        Some(CheckpointSigner {
            key_id: key_id_of(&key.verifying_key()),
            key,
        })
    }

    /// The id every checkpoint it signs carries.
    pub fn key_id(&self) -> &str {
        &self.key_id
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
            key_id: Some(self.key_id.clone()),
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
pub async fn verify_log(store: &dyn Store, keys: &KeyRing) -> Result<Verified, VerifyError> {
    verify_log_reporting(store, keys, &mut |_| {}).await
}

/// [`verify_log`], telling `report` how many events are checked after each
/// page (for a long log's progress).
pub async fn verify_log_reporting(
    store: &dyn Store,
    keys: &KeyRing,
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
                if !keys.signed(checkpoint) {
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
    /// The signing key's id (see the proof's `keys`).
    pub key_id: Option<String>,
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
                key_id: c.key_id.clone(),
            }),
        });
    }
    Ok(proofs)
}

/// Checks a proof with nothing but the public key: recomputes the event's
/// content hash and link, follows the later content hashes to the
/// checkpoint, and checks the checkpoint's signature.
pub fn verify_proof(proof: &InclusionProof, keys: &KeyRing) -> bool {
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
                && keys.signed(&Checkpoint {
                    seq: c.seq,
                    chain_hash: c.hash.clone(),
                    signed_at: c.signed_at,
                    signature: c.signature.clone(),
                    key_id: c.key_id.clone(),
                })
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
