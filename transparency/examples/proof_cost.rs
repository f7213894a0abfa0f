//! What a person's proof costs in hashing alone, whatever the storage: a
//! log of N leaves (default 10,000,000) held in memory, a person with 1,600
//! entries spread through it; time to make their 1,600 inclusion proofs,
//! and to check them with a bundle's verifier.
//!
//! `cargo run --release -p transparency --example proof_cost [LEAVES [ENTRIES]]`

use std::time::Instant;

use transparency::tree::{MemoryTree, inclusion_proof, leaf_hash, verify_inclusion};

fn main() {
    let mut args = std::env::args().skip(1);
    let leaves: u64 = args
        .next()
        .map_or(10_000_000, |a| a.parse().expect("LEAVES"));
    let entries: u64 = args.next().map_or(1_600, |a| a.parse().expect("ENTRIES"));
    let started = Instant::now();
    let mut tree = MemoryTree::new();
    for i in 0..leaves {
        tree.append(&i.to_be_bytes());
    }
    let built = started.elapsed();
    let root = tree.root_at(leaves).unwrap();
    let step = leaves / entries;
    let mine: Vec<u64> = (0..entries).map(|k| k * step + step / 2).collect();

    let started = Instant::now();
    let proofs: Vec<_> = mine
        .iter()
        .map(|&i| inclusion_proof(leaves, i, &tree).unwrap())
        .collect();
    let proving = started.elapsed();
    let hashes: usize = proofs.iter().map(Vec::len).sum();

    let started = Instant::now();
    for (&i, proof) in mine.iter().zip(&proofs) {
        verify_inclusion(proof, leaves, root, i, leaf_hash(&i.to_be_bytes())).unwrap();
    }
    let checking = started.elapsed();
    println!(
        "log of {leaves} leaves built in {:.1} s; {entries} proofs ({hashes} hashes, {:.1} a proof) \
         made in {:.1} ms, checked in {:.1} ms",
        built.as_secs_f64(),
        hashes as f64 / entries as f64,
        proving.as_secs_f64() * 1e3,
        checking.as_secs_f64() * 1e3,
    );
}
