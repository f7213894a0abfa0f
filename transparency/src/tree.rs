//! The tree: RFC 6962/9162 Merkle hashing (leaf `SHA-256(0x00 ‖ data)`,
//! node `SHA-256(0x01 ‖ left ‖ right)`), inclusion proofs of a leaf and
//! consistency proofs between any two sizes, over hashes stored the way
//! C2SP tiles store them (`tlog_tiles`' index of every complete subtree).
//!
//! Checking a proof never panics on what a stranger sends: bad lengths,
//! sizes and indexes are refusals.

use tlog_tiles::{Hash, HashReader};

/// Why a proof was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    #[error("the proof does not lead to the root")]
    Mismatch,
    #[error("sizes or index out of order (index {index}, sizes {old} and {new})")]
    OutOfRange { index: u64, old: u64, new: u64 },
    #[error("a stored hash is missing")]
    Missing,
}

fn refused(_: tlog_tiles::Error) -> ProofError {
    ProofError::Mismatch
}

/// The hash of a leaf with these bytes.
pub fn leaf_hash(data: &[u8]) -> Hash {
    tlog_tiles::record_hash(data)
}

/// The root of a tree of `size` leaves, from stored hashes.
pub fn root<R: HashReader>(size: u64, hashes: &R) -> Result<Hash, ProofError> {
    tlog_tiles::tree_hash(size, hashes).map_err(|_| ProofError::Missing)
}

/// The proof that leaf `index` is in the tree of `size` leaves.
pub fn inclusion_proof<R: HashReader>(
    size: u64,
    index: u64,
    hashes: &R,
) -> Result<Vec<Hash>, ProofError> {
    if index >= size {
        return Err(ProofError::OutOfRange {
            index,
            old: size,
            new: size,
        });
    }
    tlog_tiles::prove_record(size, index, hashes).map_err(|_| ProofError::Missing)
}

/// Checks that leaf `index`, whose hash is `leaf`, is in the tree of
/// `size` leaves with root `root`.
pub fn verify_inclusion(
    proof: &[Hash],
    size: u64,
    root: Hash,
    index: u64,
    leaf: Hash,
) -> Result<(), ProofError> {
    if index >= size || proof.len() > 64 {
        return Err(ProofError::OutOfRange {
            index,
            old: size,
            new: size,
        });
    }
    tlog_tiles::check_record(&proof.to_vec(), size, root, index, leaf).map_err(refused)
}

/// The proof that the tree of `old` leaves is a prefix of the tree of
/// `new` leaves (empty when `old` is 0 or equals `new`).
pub fn consistency_proof<R: HashReader>(
    old: u64,
    new: u64,
    hashes: &R,
) -> Result<Vec<Hash>, ProofError> {
    if old > new {
        return Err(ProofError::OutOfRange { index: 0, old, new });
    }
    if old == 0 || old == new {
        return Ok(Vec::new());
    }
    tlog_tiles::prove_tree(new, old, hashes).map_err(|_| ProofError::Missing)
}

/// Checks that the tree of `old` leaves with root `old_root` is a prefix
/// of the tree of `new` leaves with root `new_root`.
pub fn verify_consistency(
    proof: &[Hash],
    old: u64,
    old_root: Hash,
    new: u64,
    new_root: Hash,
) -> Result<(), ProofError> {
    if old > new || proof.len() > 64 {
        return Err(ProofError::OutOfRange { index: 0, old, new });
    }
    if old == 0 {
        // Every tree extends the empty one; nothing to prove.
        return if proof.is_empty() {
            Ok(())
        } else {
            Err(ProofError::Mismatch)
        };
    }
    if old == new {
        return if proof.is_empty() && old_root == new_root {
            Ok(())
        } else {
            Err(ProofError::Mismatch)
        };
    }
    tlog_tiles::check_tree(&proof.to_vec(), new, new_root, old, old_root).map_err(refused)
}

/// A tree held in memory: every stored hash in `tlog_tiles`' order. For
/// tests, the offline verifier's checks and a monitor's mirror.
#[derive(Clone, Debug, Default)]
pub struct MemoryTree {
    stored: Vec<Hash>,
    size: u64,
}

impl MemoryTree {
    pub fn new() -> MemoryTree {
        MemoryTree::default()
    }

    /// Appends a leaf with these bytes; returns its index.
    pub fn append(&mut self, data: &[u8]) -> u64 {
        let index = self.size;
        let new = tlog_tiles::stored_hashes(index, data, self)
            .expect("every hash a new leaf needs is already stored");
        self.stored.extend(new);
        self.size += 1;
        index
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    /// The root of the tree's first `size` leaves.
    pub fn root_at(&self, size: u64) -> Result<Hash, ProofError> {
        root(size, self)
    }
}

impl HashReader for MemoryTree {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, tlog_tiles::Error> {
        indexes
            .iter()
            .map(|&i| {
                usize::try_from(i)
                    .ok()
                    .and_then(|i| self.stored.get(i).copied())
                    .ok_or(tlog_tiles::Error::IndexesNotInTree)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// RFC 6962's test leaves (as in the Certificate Transparency
    /// reference implementation's tests).
    const LEAVES: [&str; 8] = [
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    ];

    fn hash(hex: &str) -> Hash {
        let bytes: Vec<u8> = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect();
        Hash(bytes.try_into().unwrap())
    }

    fn hex(hash: &Hash) -> String {
        hash.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    fn vector_tree() -> MemoryTree {
        let mut tree = MemoryTree::new();
        for leaf in LEAVES {
            let bytes: Vec<u8> = (0..leaf.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&leaf[i..i + 2], 16).unwrap())
                .collect();
            tree.append(&bytes);
        }
        tree
    }

    #[test]
    fn roots_match_the_known_vectors() {
        let tree = vector_tree();
        let roots = [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
        ];
        for (size, want) in roots.iter().enumerate() {
            assert_eq!(hex(&tree.root_at(size as u64 + 1).unwrap()), *want);
        }
        assert_eq!(
            hex(&tree.root_at(0).unwrap()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "the empty tree is SHA-256 of nothing"
        );
    }

    #[test]
    fn proofs_match_the_known_vectors() {
        let tree = vector_tree();
        let prefixes = |proof: Vec<Hash>| -> Vec<String> {
            proof.iter().map(|h| hex(h)[..16].to_owned()).collect()
        };
        for (size, index, want) in [
            (
                8,
                0,
                vec!["96a296d224f285c6", "5f083f0a1a33ca07", "6b47aaf29ee3c2af"],
            ),
            (
                8,
                5,
                vec!["bc1a0643b12e4d2d", "ca854ea128ed050b", "d37ee418976dd957"],
            ),
            (3, 2, vec!["fac54203e7cc696c"]),
            (
                5,
                1,
                vec!["6e340b9cffb37a98", "5f083f0a1a33ca07", "bc1a0643b12e4d2d"],
            ),
        ] {
            let proof = inclusion_proof(size, index, &tree).unwrap();
            assert_eq!(prefixes(proof), want, "leaf {index} of {size}");
        }
        for (old, new, want) in [
            (
                1,
                8,
                vec!["96a296d224f285c6", "5f083f0a1a33ca07", "6b47aaf29ee3c2af"],
            ),
            (
                6,
                8,
                vec!["0ebc5d3437fbe2db", "ca854ea128ed050b", "d37ee418976dd957"],
            ),
            (2, 5, vec!["5f083f0a1a33ca07", "bc1a0643b12e4d2d"]),
            (1, 1, vec![]),
        ] {
            let proof = consistency_proof(old, new, &tree).unwrap();
            assert_eq!(prefixes(proof), want, "{old} to {new}");
        }
        assert_eq!(
            hash("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"),
            tree.root_at(8).unwrap()
        );
    }

    fn tree_of(size: u64) -> MemoryTree {
        let mut tree = MemoryTree::new();
        for i in 0..size {
            tree.append(&i.to_be_bytes());
        }
        tree
    }

    #[test]
    fn every_leaf_of_every_small_tree_proves_and_no_other_leaf_does() {
        let tree = tree_of(70);
        for size in 1..=70 {
            let root = tree.root_at(size).unwrap();
            for index in 0..size {
                let proof = inclusion_proof(size, index, &tree).unwrap();
                let leaf = leaf_hash(&index.to_be_bytes());
                assert_eq!(verify_inclusion(&proof, size, root, index, leaf), Ok(()));
                let other = leaf_hash(&(index + 1).to_be_bytes());
                assert!(verify_inclusion(&proof, size, root, index, other).is_err());
                if size > 1 {
                    let elsewhere = (index + 1) % size;
                    assert!(verify_inclusion(&proof, size, root, elsewhere, leaf).is_err());
                }
            }
        }
    }

    #[test]
    fn edges_are_refused_without_panicking() {
        let tree = tree_of(4);
        let root = tree.root_at(4).unwrap();
        assert!(inclusion_proof(4, 4, &tree).is_err());
        assert!(verify_inclusion(&[], 4, root, 9, leaf_hash(b"x")).is_err());
        assert!(verify_inclusion(&[root; 65], 4, root, 0, leaf_hash(b"x")).is_err());
        assert!(consistency_proof(5, 4, &tree).is_err());
        assert_eq!(verify_consistency(&[], 0, root, 4, root), Ok(()));
        assert!(verify_consistency(&[root], 0, root, 4, root).is_err());
        assert_eq!(verify_consistency(&[], 4, root, 4, root), Ok(()));
        let other = tree.root_at(3).unwrap();
        assert!(
            verify_consistency(&[], 4, root, 4, other).is_err(),
            "same size, other root"
        );
        assert!(verify_consistency(&[], 5, root, 4, root).is_err(), "shrunk");
        assert!(root_missing_is_refused());
    }

    fn root_missing_is_refused() -> bool {
        tree_of(3).root_at(9).is_err()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn any_two_sizes_are_consistent(new in 1u64..300, old_frac in 0.0f64..=1.0) {
            let old = ((new as f64) * old_frac) as u64;
            let tree = tree_of(new);
            let proof = consistency_proof(old, new, &tree).unwrap();
            let old_root = tree.root_at(old).unwrap();
            let new_root = tree.root_at(new).unwrap();
            prop_assert_eq!(verify_consistency(&proof, old, old_root, new, new_root), Ok(()));
            prop_assert!(proof.len() <= 2 * 64);
        }

        #[test]
        fn a_rewritten_leaf_breaks_consistency(new in 2u64..200, old_frac in 0.01f64..1.0, at_frac in 0.0f64..1.0) {
            let old = (((new as f64) * old_frac) as u64).clamp(1, new - 1);
            let at = ((old as f64) * at_frac) as u64;
            let honest = tree_of(new);
            let mut forked = MemoryTree::new();
            for i in 0..new {
                let data = if i == at { u64::MAX.to_be_bytes() } else { i.to_be_bytes() };
                forked.append(&data);
            }
            // The forked log proves consistency from its own old root, but
            // not from the one the honest log published.
            let proof = consistency_proof(old, new, &forked).unwrap();
            let published = honest.root_at(old).unwrap();
            prop_assert!(verify_consistency(&proof, old, published, new, forked.root_at(new).unwrap()).is_err());
        }

        #[test]
        fn garbage_proofs_are_refused(size in 1u64..1000, index in 0u64..1000, len in 0usize..70, seed in any::<u8>()) {
            let proof: Vec<Hash> = (0..len).map(|i| Hash([seed.wrapping_add(i as u8); 32])).collect();
            let root = Hash([seed; 32]);
            prop_assert!(verify_inclusion(&proof, size, root, index, Hash([1; 32])).is_err());
            prop_assert!(verify_consistency(&proof, index.min(size), root, size, Hash([2; 32])).is_err() || proof.is_empty());
        }
    }
}
