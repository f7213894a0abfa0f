//! What a monitor checks each time it looks at a log: the checkpoint is
//! signed by the log and cosigned by enough witnesses it trusts, the log
//! did not shrink or fork since it last looked, and the tiles it mirrors
//! add up to the checkpoint. Anyone can run one; it needs only the log's
//! published files and the keys.

use tlog_tiles::Hash;

use crate::{
    note::{self, Accepted, CosignatureVerifier, NoteError},
    tiles::{HEIGHT, Mirror, MirrorProblem, tile_path},
};

/// What the monitor last accepted.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Seen {
    pub size: u64,
    pub root: Hash,
}

/// A problem a monitor reports (and exits non-zero for).
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum Problem {
    #[error("the checkpoint: {0}")]
    Checkpoint(NoteError),
    #[error("the log shrank: {seen} entries seen before, now {now}")]
    Shrunk { seen: u64, now: u64 },
    #[error("fork: {0}")]
    Forked(String),
    #[error("bad tiles: {0}")]
    BadTiles(MirrorProblem),
}

/// The paths of the tiles a log of `size` leaves adds to one of `held`.
pub fn tiles_to_fetch(held: u64, size: u64) -> Vec<String> {
    tlog_tiles::Tile::new_tiles(HEIGHT, held, size)
        .iter()
        .map(tile_path)
        .collect()
}

/// The log's current checkpoint `note`, if it carries the log's signature
/// and `quorum` cosignatures of `witnesses`: the first check, before any
/// tile is asked for.
pub fn accept(
    note: &[u8],
    log_key: &str,
    witnesses: &[CosignatureVerifier],
    quorum: usize,
) -> Result<Accepted, Problem> {
    note::accept_checkpoint(note, log_key, witnesses, quorum).map_err(Problem::Checkpoint)
}

/// Looks at a log once: `accepted` is its current checkpoint (see
/// [`accept`]), `fetch` gives the tiles it names (see [`tiles_to_fetch`]). On success the mirror
/// holds the new tiles and the returned checkpoint is the new `seen`.
pub fn observe(
    seen: Option<Seen>,
    mirror: &mut Mirror,
    accepted: Accepted,
    fetch: impl FnMut(&str) -> Option<Vec<u8>>,
) -> Result<Accepted, Problem> {
    let held = match seen {
        Some(seen) if accepted.size < seen.size => {
            return Err(Problem::Shrunk {
                seen: seen.size,
                now: accepted.size,
            });
        }
        Some(seen) if accepted.size == seen.size && accepted.root != seen.root => {
            return Err(Problem::Forked(format!(
                "two different trees of {} entries",
                seen.size
            )));
        }
        Some(seen) => seen.size,
        None => 0,
    };
    mirror
        .advance(held, accepted.size, accepted.root, fetch)
        .map_err(|problem| match problem {
            MirrorProblem::Rewritten { .. } => Problem::Forked(problem.to_string()),
            // The tiles held (which added up to the root seen before) and
            // the new ones do not add up to this root.
            MirrorProblem::RootMismatch if held > 0 => Problem::Forked(format!(
                "the checkpoint does not extend the tree of {held} entries seen before \
                 (or its new tiles are wrong)"
            )),
            other => Problem::BadTiles(other),
        })?;
    Ok(accepted)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::{
        note::{Cosigner, LogSigner, checkpoint_text},
        tiles::new_tiles,
        tree::MemoryTree,
    };

    struct Log {
        signer: LogSigner,
        witness: Cosigner,
    }

    impl Log {
        fn new() -> Log {
            Log {
                signer: LogSigner::from_seed("privacy.test/log", &[1; 32]).unwrap(),
                witness: Cosigner::from_seed("witness.test/w1", &[2; 32]).unwrap(),
            }
        }

        fn keys(&self) -> (String, Vec<CosignatureVerifier>) {
            (
                self.signer.verifier_key(),
                vec![CosignatureVerifier::new(&self.witness.verifier_key()).unwrap()],
            )
        }

        /// The checkpoint (cosigned when `witnessed`) and every tile of `tree`.
        fn publish(
            &self,
            tree: &MemoryTree,
            witnessed: bool,
        ) -> (Vec<u8>, BTreeMap<String, Vec<u8>>) {
            let mut note = self
                .signer
                .sign(tree.size(), tree.root_at(tree.size()).unwrap())
                .unwrap();
            if witnessed {
                let (text, _, _) = checkpoint_text(&note).unwrap();
                note.extend_from_slice(
                    self.witness
                        .cosign(&text, 1_790_000_000)
                        .unwrap()
                        .as_bytes(),
                );
            }
            let tiles = new_tiles(0, tree.size(), tree)
                .unwrap()
                .into_iter()
                .map(|(_, path, data)| (path, data))
                .collect();
            (note, tiles)
        }
    }

    fn tree(leaves: &[u64]) -> MemoryTree {
        let mut tree = MemoryTree::new();
        for leaf in leaves {
            tree.append(&leaf.to_be_bytes());
        }
        tree
    }

    fn look(
        log: &Log,
        seen: Option<Seen>,
        mirror: &mut Mirror,
        published: &(Vec<u8>, BTreeMap<String, Vec<u8>>),
    ) -> Result<Seen, Problem> {
        let (key, witnesses) = log.keys();
        let accepted = accept(&published.0, &key, &witnesses, 1)?;
        observe(seen, mirror, accepted, |p| published.1.get(p).cloned()).map(|a| Seen {
            size: a.size,
            root: a.root,
        })
    }

    #[test]
    fn each_problem_is_named() {
        let log = Log::new();
        let mut mirror = Mirror::new();
        let first: Vec<u64> = (0..300).collect();
        let seen = look(&log, None, &mut mirror, &log.publish(&tree(&first), true)).unwrap();
        assert_eq!(seen.size, 300);

        let shrunk: Vec<u64> = (0..200).collect();
        assert_eq!(
            look(
                &log,
                Some(seen),
                &mut mirror,
                &log.publish(&tree(&shrunk), true)
            ),
            Err(Problem::Shrunk {
                seen: 300,
                now: 200
            })
        );

        let mut rewritten: Vec<u64> = (0..400).collect();
        rewritten[10] = 9_999;
        assert!(matches!(
            look(
                &log,
                Some(seen),
                &mut mirror,
                &log.publish(&tree(&rewritten), true)
            ),
            Err(Problem::Forked(_))
        ));

        let mut split = first.clone();
        split[299] = 7_777;
        assert!(matches!(
            look(
                &log,
                Some(seen),
                &mut mirror,
                &log.publish(&tree(&split), true)
            ),
            Err(Problem::Forked(_))
        ));

        let grown: Vec<u64> = (0..400).collect();
        assert!(matches!(
            look(
                &log,
                Some(seen),
                &mut mirror,
                &log.publish(&tree(&grown), false)
            ),
            Err(Problem::Checkpoint(NoteError::TooFewCosignatures { .. }))
        ));

        // A tile the monitor fetches, altered (full tiles it holds already
        // are immutable and not fetched again).
        let mut bad = log.publish(&tree(&grown), true);
        bad.1.get_mut("tile/0/001.p/144").unwrap()[32 * 100] ^= 1;
        assert!(matches!(
            look(&log, Some(seen), &mut mirror, &bad),
            Err(Problem::Forked(_) | Problem::BadTiles(_))
        ));

        let seen = look(
            &log,
            Some(seen),
            &mut mirror,
            &log.publish(&tree(&grown), true),
        )
        .unwrap();
        assert_eq!(seen.size, 400);
        assert_eq!(tiles_to_fetch(300, 400), ["tile/0/001.p/144"]);
    }
}
