//! A person's proof bundle: their entries, opened (salt, pseudonym, place
//! in their history, content), each with its inclusion proof, and the
//! cosigned checkpoint they are proved against. Whoever holds it can check
//! it offline with the log's key and the witnesses' keys, got from
//! somewhere else than the bundle.

use base64::{Engine as _, engine::general_purpose::STANDARD};
use serde::{Deserialize, Serialize};
use tlog_tiles::Hash;

use crate::{
    leaf::{Entry, HistoryGap, LeafKind, Link, SALT_BYTES, check_history},
    note::{self, CosignatureVerifier, NoteError},
    tree,
};

/// The bundle's format name.
pub const FORMAT: &str = "cpd-proof-bundle-v1";

/// One of the person's entries, opened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleEntry {
    /// The leaf's index in the log.
    pub index: u64,
    pub kind: LeafKind,
    /// Base64 of the entry's salt.
    pub salt: String,
    pub pseudonym: String,
    pub previous: Option<u64>,
    pub count: u64,
    /// The entry's canonical content (JSON text), as hashed.
    pub content: String,
    /// Base64 hashes from the leaf up to the checkpoint's root.
    pub proof: Vec<String>,
}

impl BundleEntry {
    /// The entry at `index`, opened, with its inclusion proof.
    pub fn open(index: u64, entry: &Entry<'_>, proof: &[Hash]) -> BundleEntry {
        BundleEntry {
            index,
            kind: entry.kind,
            salt: STANDARD.encode(entry.salt),
            pseudonym: entry.pseudonym.to_owned(),
            previous: entry.previous,
            count: entry.count,
            content: entry.content.to_owned(),
            proof: proof.iter().map(|h| STANDARD.encode(h.0)).collect(),
        }
    }
}

/// What `/data/proof` gives the person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bundle {
    pub format: String,
    /// The checkpoint note, with the log's signature and the cosignatures.
    pub checkpoint: String,
    pub entries: Vec<BundleEntry>,
}

/// What a bundle showed.
#[derive(Clone, Debug, PartialEq)]
pub struct Checked {
    pub tree_size: u64,
    pub root: Hash,
    pub cosigned_by: Vec<String>,
    pub entries: usize,
}

/// Why a bundle was refused.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum BundleError {
    #[error("not a {FORMAT} bundle")]
    Format,
    #[error("the checkpoint: {0}")]
    Checkpoint(NoteError),
    #[error("entry {index} is malformed")]
    Malformed { index: u64 },
    #[error("entry {index} is not in the log the checkpoint covers")]
    NotIncluded { index: u64 },
    #[error("the history is incomplete: {0}")]
    History(HistoryGap),
    #[error("entries belong to more than one person")]
    MixedPeople,
}

fn hash_of(text: &str) -> Option<Hash> {
    let bytes = STANDARD.decode(text).ok()?;
    Some(Hash(bytes.try_into().ok()?))
}

/// The leaf hash of an opened entry (None: malformed salt).
pub fn entry_leaf(entry: &BundleEntry) -> Option<Hash> {
    let salt: [u8; SALT_BYTES] = STANDARD.decode(&entry.salt).ok()?.try_into().ok()?;
    let commitment = Entry {
        kind: entry.kind,
        salt: &salt,
        pseudonym: &entry.pseudonym,
        previous: entry.previous,
        count: entry.count,
        content: &entry.content,
    }
    .commitment();
    Some(tree::leaf_hash(&commitment))
}

/// Checks a bundle: the checkpoint carries the log's signature (`log_key`)
/// and `quorum` cosignatures of `witnesses`; every entry is in the tree
/// it covers; the entries are one person's whole history, in order, up
/// to the last of them.
pub fn verify_bundle(
    bundle: &Bundle,
    log_key: &str,
    witnesses: &[CosignatureVerifier],
    quorum: usize,
) -> Result<Checked, BundleError> {
    if bundle.format != FORMAT {
        return Err(BundleError::Format);
    }
    let accepted =
        note::accept_checkpoint(bundle.checkpoint.as_bytes(), log_key, witnesses, quorum)
            .map_err(BundleError::Checkpoint)?;
    let mut entries: Vec<&BundleEntry> = bundle.entries.iter().collect();
    entries.sort_by_key(|e| e.index);
    if entries
        .windows(2)
        .any(|pair| pair[0].pseudonym != pair[1].pseudonym)
    {
        return Err(BundleError::MixedPeople);
    }
    for entry in &entries {
        let index = entry.index;
        let leaf = entry_leaf(entry).ok_or(BundleError::Malformed { index })?;
        let proof = entry
            .proof
            .iter()
            .map(|h| hash_of(h))
            .collect::<Option<Vec<Hash>>>()
            .ok_or(BundleError::Malformed { index })?;
        tree::verify_inclusion(&proof, accepted.size, accepted.root, index, leaf)
            .map_err(|_| BundleError::NotIncluded { index })?;
    }
    let links: Vec<Link> = entries
        .iter()
        .map(|e| Link {
            index: e.index,
            previous: e.previous,
            count: e.count,
        })
        .collect();
    check_history(&links).map_err(BundleError::History)?;
    Ok(Checked {
        tree_size: accepted.size,
        root: accepted.root,
        cosigned_by: accepted.cosigned_by,
        entries: entries.len(),
    })
}

/// Why a newer checkpoint does not follow one seen before.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Rollback {
    #[error("the log is smaller than when last seen ({seen} entries, now {now})")]
    Shrunk { seen: u64, now: u64 },
    #[error("the log's history differs from what was seen before")]
    Forked,
}

/// Checks that the tree of `now` leaves with root `now_root` extends the
/// one seen before (`seen`), given a consistency proof between them.
pub fn check_growth(seen: (u64, Hash), now: (u64, Hash), proof: &[Hash]) -> Result<(), Rollback> {
    if now.0 < seen.0 {
        return Err(Rollback::Shrunk {
            seen: seen.0,
            now: now.0,
        });
    }
    tree::verify_consistency(proof, seen.0, seen.1, now.0, now.1).map_err(|_| Rollback::Forked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        note::{Cosigner, LogSigner},
        tree::{MemoryTree, consistency_proof, inclusion_proof},
    };

    const ORIGIN: &str = "privacy.hue.gov.vn/log";

    struct Fixture {
        bundle: Bundle,
        log_key: String,
        witnesses: Vec<CosignatureVerifier>,
        tree: MemoryTree,
    }

    /// A log of 20 entries; the person's are at 3, 8 and 15.
    fn fixture() -> Fixture {
        let mine = [3u64, 8, 15];
        let mut tree = MemoryTree::new();
        let mut entries = Vec::new();
        let salts: Vec<[u8; 32]> = (0..20u8).map(|i| [i; 32]).collect();
        let contents: Vec<String> = (0..20).map(|i| format!("{{\"n\":{i}}}")).collect();
        for index in 0..20u64 {
            let at = mine.iter().position(|&m| m == index);
            let (pseudonym, previous, count) = match at {
                Some(n) => ("me", n.checked_sub(1).map(|p| mine[p]), n as u64 + 1),
                None => ("someone-else", None, 1),
            };
            let entry = Entry {
                kind: LeafKind::SharingEvent,
                salt: &salts[index as usize],
                pseudonym,
                previous,
                count,
                content: &contents[index as usize],
            };
            tree.append(&entry.commitment());
            if at.is_some() {
                entries.push((index, entry));
            }
        }
        let opened: Vec<BundleEntry> = entries
            .iter()
            .map(|(index, entry)| {
                BundleEntry::open(*index, entry, &inclusion_proof(20, *index, &tree).unwrap())
            })
            .collect();
        let log = LogSigner::from_seed(ORIGIN, &[1; 32]).unwrap();
        let witness = Cosigner::from_seed("witness.example/w1", &[2; 32]).unwrap();
        let note = log.sign(20, tree.root_at(20).unwrap()).unwrap();
        let (text, _, _) = note::checkpoint_text(&note).unwrap();
        let mut checkpoint = String::from_utf8(note).unwrap();
        checkpoint.push_str(&witness.cosign(&text, 1_790_000_000).unwrap());
        Fixture {
            bundle: Bundle {
                format: FORMAT.into(),
                checkpoint,
                entries: opened,
            },
            log_key: log.verifier_key(),
            witnesses: vec![CosignatureVerifier::new(&witness.verifier_key()).unwrap()],
            tree,
        }
    }

    fn verify(f: &Fixture) -> Result<Checked, BundleError> {
        verify_bundle(&f.bundle, &f.log_key, &f.witnesses, 1)
    }

    #[test]
    fn a_whole_history_verifies_offline() {
        let f = fixture();
        let checked = verify(&f).unwrap();
        assert_eq!((checked.tree_size, checked.entries), (20, 3));
        assert_eq!(checked.cosigned_by, ["witness.example/w1"]);
        let json = serde_json::to_string(&f.bundle).unwrap();
        assert!(json.contains("\"kind\":\"sharing-event\""), "{json}");
    }

    #[test]
    fn each_tampering_is_named() {
        let f = fixture();
        let mut edited = fixture();
        edited.bundle.entries[1].content = "{\"n\":9}".into();
        assert_eq!(verify(&edited), Err(BundleError::NotIncluded { index: 8 }));

        let mut withheld = fixture();
        withheld.bundle.entries.remove(1);
        assert_eq!(
            verify(&withheld),
            Err(BundleError::History(HistoryGap::Withheld {
                index: 15,
                previous: 8
            }))
        );

        let mut unwitnessed = fixture();
        unwitnessed.bundle.checkpoint = unwitnessed
            .bundle
            .checkpoint
            .lines()
            // The text, the blank line, the log's signature: no cosignature.
            .take(5)
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(
            verify(&unwitnessed),
            Err(BundleError::Checkpoint(NoteError::TooFewCosignatures {
                have: 0,
                need: 1
            }))
        );

        // A key taken from the bundle's maker is not the province's.
        let resigned = LogSigner::from_seed(ORIGIN, &[9; 32]).unwrap();
        let mut forged = fixture();
        forged.bundle.checkpoint =
            String::from_utf8(resigned.sign(20, f.tree.root_at(20).unwrap()).unwrap()).unwrap();
        assert_eq!(
            verify(&forged),
            Err(BundleError::Checkpoint(NoteError::NotSignedByLog))
        );

        let mut mixed = fixture();
        mixed.bundle.entries[2].pseudonym = "someone-else".into();
        assert_eq!(verify(&mixed), Err(BundleError::MixedPeople));

        let mut wrong_format = fixture();
        wrong_format.bundle.format = "other".into();
        assert_eq!(verify(&wrong_format), Err(BundleError::Format));
    }

    #[test]
    fn a_browser_that_saw_a_checkpoint_catches_a_shrink_or_a_fork() {
        let f = fixture();
        let seen = (12, f.tree.root_at(12).unwrap());
        let now = (20, f.tree.root_at(20).unwrap());
        let proof = consistency_proof(12, 20, &f.tree).unwrap();
        assert_eq!(check_growth(seen, now, &proof), Ok(()));
        assert_eq!(
            check_growth(now, seen, &[]),
            Err(Rollback::Shrunk { seen: 20, now: 12 })
        );
        let mut other = MemoryTree::new();
        for i in 0..20u8 {
            other.append(&[i]);
        }
        let forked = (20, other.root_at(20).unwrap());
        let proof = consistency_proof(12, 20, &other).unwrap();
        assert_eq!(check_growth(seen, forked, &proof), Err(Rollback::Forked));
    }
}
