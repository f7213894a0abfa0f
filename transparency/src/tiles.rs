//! The tree as C2SP `tlog-tiles`: immutable files of up to 256 hashes
//! (`tile/<L>/<N>[.p/<W>]`, N in three-digit path parts), so the log can be
//! read, mirrored and checked like a directory of static files. Full tiles
//! never change; a partial tile is replaced by a wider one as the tree
//! grows, and the wider one must begin with the narrower one's hashes.
//!
//! A mirror (a monitor's copy) checks what it is given against the
//! checkpoint it was given, and against what it held before.

use std::collections::BTreeMap;

use tlog_tiles::{Hash, HashReader, Tile};

use crate::tree::{self, ProofError};

/// Tile height: 2⁸ = 256 hashes a tile (C2SP).
pub const HEIGHT: u8 = 8;

/// A tile's place in the tiling: level and number.
pub type TileKey = (u8, u64);

/// The C2SP path of a tile (`tile/0/x001/234.p/17`).
pub fn tile_path(tile: &Tile) -> String {
    // tlog_tiles writes Go's sumdb paths, which also name the height
    // (`tile/8/0/…`); C2SP fixes the height and leaves it out.
    let path = tile.path();
    let prefix = format!("tile/{HEIGHT}/");
    match path.strip_prefix(&prefix) {
        Some(rest) => format!("tile/{rest}"),
        None => path,
    }
}

/// The tiles to publish when the tree grows from `old` to `new` leaves,
/// each with its path and contents, read from stored hashes.
pub fn new_tiles<R: HashReader>(
    old: u64,
    new: u64,
    hashes: &R,
) -> Result<Vec<(Tile, String, Vec<u8>)>, ProofError> {
    Tile::new_tiles(HEIGHT, old, new)
        .into_iter()
        .map(|tile| {
            let data = tile.read_data(hashes).map_err(|_| ProofError::Missing)?;
            Ok((tile, tile_path(&tile), data))
        })
        .collect()
}

/// What a mirror refuses.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MirrorProblem {
    #[error("tile {path} is missing or the wrong size")]
    BadTile { path: String },
    #[error("tile {path} no longer begins with the hashes it had: the history was rewritten")]
    Rewritten { path: String },
    #[error("the tiles do not add up to the checkpoint's root")]
    RootMismatch,
}

/// A copy of a log's tiles, each at the widest seen.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mirror {
    tiles: BTreeMap<TileKey, Vec<u8>>,
}

impl Mirror {
    pub fn new() -> Mirror {
        Mirror::default()
    }

    /// Holds a tile read back from a copy (by its C2SP path), without
    /// checks: a mirror's own files, which `advance` checked when they came.
    pub fn hold(&mut self, path: &str, data: Vec<u8>) -> Result<(), MirrorProblem> {
        let bad = || MirrorProblem::BadTile {
            path: path.to_owned(),
        };
        let rest = path.strip_prefix("tile/").ok_or_else(bad)?;
        let tile = Tile::from_path(&format!("tile/{HEIGHT}/{rest}")).map_err(|_| bad())?;
        if tile.is_data() || data.len() != tile.width() as usize * 32 {
            return Err(bad());
        }
        let key = (tile.level(), tile.level_index());
        // The widest copy of a tile is the one to keep.
        if self
            .tiles
            .get(&key)
            .is_none_or(|held| held.len() < data.len())
        {
            self.tiles.insert(key, data);
        }
        Ok(())
    }

    /// Every tile held, with its path.
    pub fn tiles(&self) -> impl Iterator<Item = (String, &[u8])> {
        self.tiles.iter().map(|(&(level, n), data)| {
            let width = (data.len() / 32) as u32;
            (
                tile_path(&Tile::new(HEIGHT, level, n, width, false)),
                data.as_slice(),
            )
        })
    }

    /// Takes in the tiles a tree of `size` leaves adds to one of `held`
    /// leaves (`fetch` gives a tile's contents by path), checks each
    /// against what was held, and checks that the whole adds up to `root`.
    /// Nothing is kept unless everything checks out.
    pub fn advance(
        &mut self,
        held: u64,
        size: u64,
        root: Hash,
        mut fetch: impl FnMut(&str) -> Option<Vec<u8>>,
    ) -> Result<(), MirrorProblem> {
        let mut next = self.clone();
        for tile in Tile::new_tiles(HEIGHT, held, size) {
            let path = tile_path(&tile);
            let data = fetch(&path)
                .filter(|d| d.len() == tile.width() as usize * 32)
                .ok_or_else(|| MirrorProblem::BadTile { path: path.clone() })?;
            let key = (tile.level(), tile.level_index());
            if let Some(before) = next.tiles.get(&key)
                && !data.starts_with(before)
            {
                return Err(MirrorProblem::Rewritten { path });
            }
            next.tiles.insert(key, data);
        }
        if tree::root(size, &next).map_err(|_| MirrorProblem::RootMismatch)? != root {
            return Err(MirrorProblem::RootMismatch);
        }
        *self = next;
        Ok(())
    }
}

impl HashReader for Mirror {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, tlog_tiles::Error> {
        indexes
            .iter()
            .map(|&index| {
                let tile = Tile::from_index(HEIGHT, index);
                let data = self
                    .tiles
                    .get(&(tile.level(), tile.level_index()))
                    .ok_or(tlog_tiles::Error::IndexesNotInTree)?;
                let held = Tile::new(
                    HEIGHT,
                    tile.level(),
                    tile.level_index(),
                    (data.len() / 32) as u32,
                    false,
                );
                held.hash_at_index(data, index)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::MemoryTree;

    fn tree(size: u64, fork_at: Option<u64>) -> MemoryTree {
        let mut tree = MemoryTree::new();
        for i in 0..size {
            let data = if Some(i) == fork_at { u64::MAX } else { i };
            tree.append(&data.to_be_bytes());
        }
        tree
    }

    fn published(tree: &MemoryTree, old: u64) -> BTreeMap<String, Vec<u8>> {
        new_tiles(old, tree.size(), tree)
            .unwrap()
            .into_iter()
            .map(|(_, path, data)| (path, data))
            .collect()
    }

    #[test]
    fn paths_are_c2sp_ones() {
        assert_eq!(
            tile_path(&Tile::new(HEIGHT, 0, 1_234_067, 256, false)),
            "tile/0/x001/x234/067"
        );
        assert_eq!(
            tile_path(&Tile::new(HEIGHT, 1, 5, 17, false)),
            "tile/1/005.p/17"
        );
        let mut mirror = Mirror::new();
        assert!(mirror.hold("tile/1/005.p/17", vec![0; 17 * 32]).is_ok());
        assert!(
            mirror.hold("tile/1/005.p/17", vec![0; 16 * 32]).is_err(),
            "wrong size"
        );
        assert!(mirror.hold("tiles/1/005", vec![0; 256 * 32]).is_err());
        assert_eq!(mirror.tiles().count(), 1);
    }

    #[test]
    fn a_mirror_follows_a_growing_log_across_tile_edges() {
        let mut mirror = Mirror::new();
        let mut held = 0;
        for size in [1u64, 255, 256, 257, 600, 65_536, 65_537, 70_000] {
            let log = tree(size, None);
            let tiles = published(&log, held);
            mirror
                .advance(held, size, log.root_at(size).unwrap(), |p| {
                    tiles.get(p).cloned()
                })
                .unwrap_or_else(|e| panic!("{held} to {size}: {e}"));
            held = size;
        }
        // What it holds proves any leaf of the latest tree.
        let log = tree(70_000, None);
        let proof = crate::tree::inclusion_proof(70_000, 65_536, &mirror).unwrap();
        crate::tree::verify_inclusion(
            &proof,
            70_000,
            log.root_at(70_000).unwrap(),
            65_536,
            crate::tree::leaf_hash(&65_536u64.to_be_bytes()),
        )
        .unwrap();
        assert!(mirror.tiles().any(|(path, _)| path == "tile/1/001.p/17"));
    }

    #[test]
    fn a_rewrite_a_bad_tile_and_a_wrong_root_are_caught() {
        let mut mirror = Mirror::new();
        let honest = tree(300, None);
        let tiles = published(&honest, 0);
        mirror
            .advance(0, 300, honest.root_at(300).unwrap(), |p| {
                tiles.get(p).cloned()
            })
            .unwrap();
        let before = mirror.clone();

        // Leaf 290 rewritten, and the log grown to 400 with tiles to match.
        let forked = tree(400, Some(290));
        let tiles = published(&forked, 300);
        assert_eq!(
            mirror.advance(300, 400, forked.root_at(400).unwrap(), |p| tiles
                .get(p)
                .cloned()),
            Err(MirrorProblem::Rewritten {
                path: "tile/0/001.p/144".into()
            })
        );
        assert_eq!(mirror, before, "nothing kept");

        let grown = tree(400, None);
        let mut tiles = published(&grown, 300);
        assert_eq!(
            mirror.advance(300, 400, forked.root_at(400).unwrap(), |p| tiles
                .get(p)
                .cloned()),
            Err(MirrorProblem::RootMismatch),
            "honest tiles, another checkpoint"
        );
        tiles.get_mut("tile/0/001.p/144").unwrap()[40] ^= 1;
        assert!(matches!(
            mirror.advance(300, 400, grown.root_at(400).unwrap(), |p| tiles
                .get(p)
                .cloned()),
            Err(MirrorProblem::Rewritten { .. } | MirrorProblem::RootMismatch)
        ));
        tiles.remove("tile/0/001.p/144");
        assert_eq!(
            mirror.advance(300, 400, grown.root_at(400).unwrap(), |p| tiles
                .get(p)
                .cloned()),
            Err(MirrorProblem::BadTile {
                path: "tile/0/001.p/144".into()
            })
        );
        let tiles = published(&grown, 300);
        assert_eq!(
            mirror.advance(300, 400, grown.root_at(400).unwrap(), |p| tiles
                .get(p)
                .cloned()),
            Ok(())
        );
    }
}
