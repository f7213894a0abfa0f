//! The log that the operator cannot rewrite (issue 19): one append-only
//! Merkle tree (RFC 6962/9162 hashing) of typed leaves, each a commitment
//! that holds no personal data; checkpoints in the C2SP `tlog-checkpoint`
//! format, signed as C2SP signed notes; Ed25519 `cosignature/v1`
//! cosignatures from witnesses; and the rule a witness applies before it
//! cosigns (C2SP `tlog-witness`).
//!
//! Plain functions over bytes, with no I/O: the server, the witness, the
//! monitor, the citizen's browser (WASM) and the offline verifier share
//! them.

pub mod bundle;
pub mod leaf;
pub mod monitor;
pub mod note;
pub mod tiles;
pub mod tree;
pub mod witness;

pub use tlog_tiles::Hash;
