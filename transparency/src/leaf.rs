//! What a leaf of the log is: a commitment, never personal data. The
//! public tiles show only how many entries there are and when they came;
//! the person's own proof bundle carries what opens their leaves (salt,
//! pseudonym, content), and erasing that (Law 91/2025/QH15, Art. 14)
//! leaves the tree intact.
//!
//! Each entry commits to the same person's previous entry's index and to
//! their running count, so their newest entry vouches for their whole
//! history: an entry withheld from them breaks the link for anyone who
//! checks.

use sha2::{Digest, Sha256};

/// The kind of record a leaf stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LeafKind {
    SharingEvent,
    ConsentRecord,
    RequestEvent,
}

impl LeafKind {
    fn byte(self) -> u8 {
        match self {
            LeafKind::SharingEvent => 1,
            LeafKind::ConsentRecord => 2,
            LeafKind::RequestEvent => 3,
        }
    }
}

/// Bytes of a per-entry salt: enough that nobody can guess an entry's
/// content from its commitment, however few the possible contents.
pub const SALT_BYTES: usize = 32;

/// One entry of a person's history, as its leaf commits to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry<'a> {
    pub kind: LeafKind,
    pub salt: &'a [u8; SALT_BYTES],
    pub pseudonym: &'a str,
    /// The log index of the same person's previous entry; None for their
    /// first.
    pub previous: Option<u64>,
    /// How many entries the person has, this one included (1 for the
    /// first).
    pub count: u64,
    /// The entry's canonical content (JSON text), as its kind defines it.
    pub content: &'a str,
}

impl Entry<'_> {
    /// The leaf's bytes: SHA-256 over a domain label and every field,
    /// each of variable length prefixed with its length, so no two
    /// different entries encode alike.
    pub fn commitment(&self) -> [u8; 32] {
        let mut hash = Sha256::new();
        hash.update(b"cpd-leaf-v1\n");
        hash.update([self.kind.byte()]);
        hash.update(self.salt);
        hash.update((self.pseudonym.len() as u64).to_be_bytes());
        hash.update(self.pseudonym.as_bytes());
        match self.previous {
            None => hash.update([0]),
            Some(index) => {
                hash.update([1]);
                hash.update(index.to_be_bytes());
            }
        }
        hash.update(self.count.to_be_bytes());
        hash.update((self.content.len() as u64).to_be_bytes());
        hash.update(self.content.as_bytes());
        hash.finalize().into()
    }
}

/// Where one of a person's entries sits, as their bundle opens it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Link {
    pub index: u64,
    pub previous: Option<u64>,
    pub count: u64,
}

/// What a person's history lacks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HistoryGap {
    #[error("the first entry (at {index}) names an earlier one")]
    NotFirst { index: u64 },
    #[error("the entry at {index} follows {previous}, which was not shown")]
    Withheld { index: u64, previous: u64 },
    #[error("the entry at {index} counts {count}, not {expected}")]
    Miscounted {
        index: u64,
        count: u64,
        expected: u64,
    },
}

/// Checks that `links` (in log order) are the person's whole history up
/// to the last of them: each names the one before and counts one more.
pub fn check_history(links: &[Link]) -> Result<(), HistoryGap> {
    let mut before: Option<&Link> = None;
    for link in links {
        match (before, link.previous) {
            (None, Some(_)) => return Err(HistoryGap::NotFirst { index: link.index }),
            (Some(prior), previous) if previous != Some(prior.index) => {
                return Err(HistoryGap::Withheld {
                    index: link.index,
                    previous: previous.unwrap_or(prior.index),
                });
            }
            _ => {}
        }
        let expected = before.map_or(1, |prior| prior.count + 1);
        if link.count != expected {
            return Err(HistoryGap::Miscounted {
                index: link.index,
                count: link.count,
                expected,
            });
        }
        before = Some(link);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(salt: &[u8; 32]) -> Entry<'_> {
        Entry {
            kind: LeafKind::SharingEvent,
            salt,
            pseudonym: "p1",
            previous: Some(7),
            count: 3,
            content: "event",
        }
    }

    #[test]
    fn every_field_changes_the_commitment() {
        let salt = [1; 32];
        let base = entry(&salt).commitment();
        let other_salt = [2; 32];
        let changed = [
            entry(&other_salt),
            Entry {
                kind: LeafKind::ConsentRecord,
                ..entry(&salt)
            },
            Entry {
                pseudonym: "p2",
                ..entry(&salt)
            },
            Entry {
                previous: None,
                ..entry(&salt)
            },
            Entry {
                previous: Some(8),
                ..entry(&salt)
            },
            Entry {
                count: 4,
                ..entry(&salt)
            },
            Entry {
                content: "events",
                ..entry(&salt)
            },
        ];
        for (n, other) in changed.iter().enumerate() {
            assert_ne!(other.commitment(), base, "change {n}");
        }
        assert_eq!(entry(&salt).commitment(), base, "and it is deterministic");
        // Field boundaries cannot be moved: "p1" + "event" is not "p" + "1event".
        let moved = Entry {
            pseudonym: "p",
            content: "1event",
            ..entry(&salt)
        };
        assert_ne!(moved.commitment(), base);
    }

    fn link(index: u64, previous: Option<u64>, count: u64) -> Link {
        Link {
            index,
            previous,
            count,
        }
    }

    #[test]
    fn a_withheld_entry_shows_in_the_next_one() {
        let whole = [link(2, None, 1), link(9, Some(2), 2), link(40, Some(9), 3)];
        assert_eq!(check_history(&whole), Ok(()));
        assert_eq!(check_history(&[]), Ok(()));
        let without_middle = [whole[0], whole[2]];
        assert_eq!(
            check_history(&without_middle),
            Err(HistoryGap::Withheld {
                index: 40,
                previous: 9
            })
        );
        let without_first = [whole[1], whole[2]];
        assert_eq!(
            check_history(&without_first),
            Err(HistoryGap::NotFirst { index: 9 })
        );
        let miscounted = [whole[0], link(9, Some(2), 5)];
        assert!(matches!(
            check_history(&miscounted),
            Err(HistoryGap::Miscounted { expected: 2, .. })
        ));
    }
}
