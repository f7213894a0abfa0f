//! The rule a witness applies before it cosigns (C2SP `tlog-witness`,
//! `add-checkpoint`): the log's own signature, then consistency with the
//! last checkpoint it cosigned for that log. A log that rewrote its history
//! (even signed again with its own key), or shows a second tree of the
//! same size to someone else, is refused; so is one that went backwards.
//!
//! Storing the new state and checking the old one must happen at once (the
//! caller holds a lock or a transaction), or two requests can roll the
//! witness back.

use base64::{Engine as _, engine::general_purpose::STANDARD};
use tlog_tiles::Hash;

use crate::{note, tree};

/// What a witness keeps for one log: the last checkpoint it cosigned.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cosigned {
    pub size: u64,
    pub root: Hash,
}

/// Why a witness refuses a checkpoint, with the HTTP status the protocol
/// gives each.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("malformed request")]
    Malformed,
    #[error("unknown log")]
    UnknownLog,
    #[error("not signed by the log's key")]
    NotSignedByLog,
    #[error("the old size is larger than the checkpoint")]
    OldSizeTooLarge,
    #[error("the last cosigned checkpoint has size {latest}")]
    Conflict { latest: u64 },
    #[error("the consistency proof does not verify")]
    Inconsistent,
}

impl Refusal {
    pub fn status(&self) -> u16 {
        match self {
            Refusal::Malformed | Refusal::OldSizeTooLarge => 400,
            Refusal::NotSignedByLog => 403,
            Refusal::UnknownLog => 404,
            Refusal::Conflict { .. } => 409,
            Refusal::Inconsistent => 422,
        }
    }
}

/// An `add-checkpoint` request: the size the log believes the witness
/// last cosigned, a consistency proof from it, and the checkpoint note.
#[derive(Clone, Debug, PartialEq)]
pub struct AddCheckpoint {
    pub old_size: u64,
    pub proof: Vec<Hash>,
    pub note: Vec<u8>,
}

/// Most consistency proof lines a request may carry.
const MAX_PROOF_LINES: usize = 63;

impl AddCheckpoint {
    /// The request body: `old N`, one base64 hash a line, a blank line,
    /// the checkpoint note.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut body = format!("old {}\n", self.old_size);
        for hash in &self.proof {
            body.push_str(&STANDARD.encode(hash.0));
            body.push('\n');
        }
        body.push('\n');
        let mut body = body.into_bytes();
        body.extend_from_slice(&self.note);
        body
    }

    pub fn from_bytes(body: &[u8]) -> Result<AddCheckpoint, Refusal> {
        let split = body
            .windows(2)
            .position(|w| w == b"\n\n")
            .ok_or(Refusal::Malformed)?;
        let head = std::str::from_utf8(&body[..split]).map_err(|_| Refusal::Malformed)?;
        let mut lines = head.split('\n');
        let old = lines
            .next()
            .and_then(|l| l.strip_prefix("old "))
            .ok_or(Refusal::Malformed)?;
        if old.is_empty() || (old.len() > 1 && old.starts_with('0')) {
            return Err(Refusal::Malformed);
        }
        let old_size = old.parse::<u64>().map_err(|_| Refusal::Malformed)?;
        let proof = lines
            .map(|line| {
                let bytes = STANDARD.decode(line).map_err(|_| Refusal::Malformed)?;
                Ok(Hash(bytes.try_into().map_err(|_| Refusal::Malformed)?))
            })
            .collect::<Result<Vec<Hash>, Refusal>>()?;
        if proof.len() > MAX_PROOF_LINES {
            return Err(Refusal::Malformed);
        }
        Ok(AddCheckpoint {
            old_size,
            proof,
            note: body[split + 2..].to_vec(),
        })
    }
}

/// The origin a checkpoint note names (to find the log's key).
pub fn origin_of(note: &[u8]) -> Result<String, Refusal> {
    let (text, _, _) = note::checkpoint_text(note).map_err(|_| Refusal::Malformed)?;
    let text = std::str::from_utf8(&text).map_err(|_| Refusal::Malformed)?;
    Ok(text.split('\n').next().unwrap_or_default().to_owned())
}

/// Decides a request for the log whose verifier key is `log_key`, given
/// what the witness last cosigned for it (None: never). On success the
/// caller stores the returned state and then cosigns the checkpoint.
pub fn check(
    request: &AddCheckpoint,
    log_key: &str,
    last: Option<Cosigned>,
) -> Result<Cosigned, Refusal> {
    let accepted = match note::accept_checkpoint(&request.note, log_key, &[], 0) {
        Ok(accepted) => accepted,
        Err(note::NoteError::Malformed) => return Err(Refusal::Malformed),
        Err(_) => return Err(Refusal::NotSignedByLog),
    };
    if request.old_size > accepted.size {
        return Err(Refusal::OldSizeTooLarge);
    }
    let latest = last.map_or(0, |l| l.size);
    if request.old_size != latest {
        return Err(Refusal::Conflict { latest });
    }
    let new = Cosigned {
        size: accepted.size,
        root: accepted.root,
    };
    match last {
        None => {
            if request.proof.is_empty() {
                Ok(new)
            } else {
                Err(Refusal::Inconsistent)
            }
        }
        // The same size with another root: a second view of the log.
        Some(last) if last.size == new.size => {
            if last.root == new.root {
                Ok(new)
            } else {
                Err(Refusal::Conflict { latest })
            }
        }
        Some(last) => {
            tree::verify_consistency(&request.proof, last.size, last.root, new.size, new.root)
                .map_err(|_| Refusal::Inconsistent)?;
            Ok(new)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{note::LogSigner, tree::MemoryTree};

    const ORIGIN: &str = "privacy.hue.gov.vn/log";

    fn log_key() -> (LogSigner, String) {
        let signer = LogSigner::from_seed(ORIGIN, &[7; 32]).unwrap();
        let key = signer.verifier_key();
        (signer, key)
    }

    fn tree(leaves: &[&[u8]]) -> MemoryTree {
        let mut tree = MemoryTree::new();
        for leaf in leaves {
            tree.append(leaf);
        }
        tree
    }

    fn request(tree: &MemoryTree, old: u64, signer: &LogSigner) -> AddCheckpoint {
        AddCheckpoint {
            old_size: old,
            proof: tree::consistency_proof(old, tree.size(), tree).unwrap(),
            note: signer
                .sign(tree.size(), tree.root_at(tree.size()).unwrap())
                .unwrap(),
        }
    }

    #[test]
    fn the_body_round_trips_in_the_protocol_format() {
        let (signer, _) = log_key();
        let t = tree(&[b"a", b"b", b"c"]);
        let r = request(&t, 1, &signer);
        let body = r.to_bytes();
        let text = String::from_utf8(body.clone()).unwrap();
        assert!(text.starts_with("old 1\n") && text.contains("\n\nprivacy.hue.gov.vn/log\n3\n"));
        assert_eq!(AddCheckpoint::from_bytes(&body).as_ref(), Ok(&r));
        for bad in [
            "old 01\n\nx",
            "new 1\n\nx",
            "old 1\nnot-base64!\n\nx",
            "old 1",
        ] {
            assert_eq!(
                AddCheckpoint::from_bytes(bad.as_bytes()),
                Err(Refusal::Malformed),
                "{bad}"
            );
        }
        assert_eq!(origin_of(&r.note).unwrap(), ORIGIN);
    }

    #[test]
    fn a_growing_log_is_cosigned_and_each_kind_of_cheating_is_refused() {
        let (signer, key) = log_key();
        let first = tree(&[b"a", b"b", b"c"]);
        let state = check(&request(&first, 0, &signer), &key, None).unwrap();
        assert_eq!(state.size, 3);

        // Growth with a proof from what the witness holds: cosigned.
        let grown = tree(&[b"a", b"b", b"c", b"d", b"e"]);
        let state = check(&request(&grown, 3, &signer), &key, Some(state)).unwrap();
        assert_eq!(state.size, 5);

        // The same checkpoint again: fine (idempotent).
        assert_eq!(
            check(&request(&grown, 5, &signer), &key, Some(state)),
            Ok(state)
        );

        // A deleted tail with the head reset: the log's old size is not the
        // witness's, and the witness says which one it has.
        let shrunk = tree(&[b"a", b"b", b"c", b"d"]);
        assert_eq!(
            check(&request(&shrunk, 4, &signer), &key, Some(state)),
            Err(Refusal::Conflict { latest: 5 })
        );
        let claims_more = AddCheckpoint {
            old_size: 5,
            proof: Vec::new(),
            ..request(&shrunk, 4, &signer)
        };
        assert_eq!(
            check(&claims_more, &key, Some(state)),
            Err(Refusal::OldSizeTooLarge)
        );

        // A rewritten history, signed again with the log's own key.
        let rewritten = tree(&[b"a", b"X", b"c", b"d", b"e", b"f"]);
        assert_eq!(
            check(&request(&rewritten, 5, &signer), &key, Some(state)),
            Err(Refusal::Inconsistent)
        );

        // A second tree of the same size, shown to someone else.
        let split = tree(&[b"a", b"b", b"c", b"d", b"Y"]);
        assert_eq!(
            check(&request(&split, 5, &signer), &key, Some(state)),
            Err(Refusal::Conflict { latest: 5 })
        );

        // Not the log's key.
        let stranger = LogSigner::from_seed(ORIGIN, &[8; 32]).unwrap();
        let more = tree(&[b"a", b"b", b"c", b"d", b"e", b"f"]);
        assert_eq!(
            check(&request(&more, 5, &stranger), &key, Some(state)),
            Err(Refusal::NotSignedByLog)
        );
        assert_eq!(Refusal::Inconsistent.status(), 422);
        assert_eq!(Refusal::Conflict { latest: 1 }.status(), 409);
    }
}
