//! The stand-alone verifier as a person runs it: a bundle and the keys
//! they pinned; verified, refused with the reason, or a usage mistake.

use std::process::Command;

use transparency::{
    bundle::{Bundle, BundleEntry, FORMAT},
    leaf::{Entry, LeafKind},
    note::{Cosigner, LogSigner, checkpoint_text},
    tree::{MemoryTree, inclusion_proof},
};

struct Made {
    bundle: Bundle,
    log_key: String,
    witness_key: String,
}

/// A log of 5 entries, two of them the person's, cosigned by one witness.
fn made() -> Made {
    let salt = [7u8; 32];
    let entry = |previous: Option<u64>, count: u64, content: &'static str| Entry {
        kind: LeafKind::ConsentRecord,
        salt: &salt,
        pseudonym: "me",
        previous,
        count,
        content,
    };
    let first = entry(None, 1, "{\"grant\":\"tax\"}");
    let second = entry(Some(1), 2, "{\"withdraw\":\"tax\"}");
    let mut tree = MemoryTree::new();
    tree.append(b"other-0");
    tree.append(&first.commitment());
    tree.append(b"other-2");
    tree.append(&second.commitment());
    tree.append(b"other-4");
    let log = LogSigner::from_seed("privacy.test/log", &[1; 32]).unwrap();
    let witness = Cosigner::from_seed("witness.test/w1", &[2; 32]).unwrap();
    let note = log.sign(5, tree.root_at(5).unwrap()).unwrap();
    let (text, _, _) = checkpoint_text(&note).unwrap();
    let mut checkpoint = String::from_utf8(note).unwrap();
    checkpoint.push_str(&witness.cosign(&text, 1_790_000_000).unwrap());
    Made {
        bundle: Bundle {
            format: FORMAT.into(),
            checkpoint,
            entries: vec![
                BundleEntry::open(1, &first, &inclusion_proof(5, 1, &tree).unwrap()),
                BundleEntry::open(3, &second, &inclusion_proof(5, 3, &tree).unwrap()),
            ],
        },
        log_key: log.verifier_key(),
        witness_key: witness.verifier_key(),
    }
}

fn verify(bundle: &Bundle, keys: &[&str]) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bundle.json");
    std::fs::write(&path, serde_json::to_string(bundle).unwrap()).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_verify-bundle"))
        .arg(&path)
        .args(keys)
        .output()
        .unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn a_bundle_verifies_with_pinned_keys_and_tampering_is_refused() {
    let m = made();
    let keys = ["--log-key", &m.log_key, "--witness", &m.witness_key];
    let (code, out, err) = verify(&m.bundle, &keys);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("verified: 2 entries") && out.contains("witness.test/w1"),
        "{out}"
    );

    let mut edited = made().bundle;
    edited.entries[0].content = "{\"grant\":\"health\"}".into();
    let (code, _, err) = verify(&edited, &keys);
    assert_eq!(code, 1);
    assert!(err.contains("REFUSED: entry 1 is not in the log"), "{err}");

    let mut withheld = made().bundle;
    withheld.entries.remove(0);
    let (code, _, err) = verify(&withheld, &keys);
    assert_eq!(code, 1);
    assert!(err.contains("history is incomplete"), "{err}");

    // Without the witness's key, the default quorum of one is not met.
    let (code, _, err) = verify(&m.bundle, &["--log-key", &m.log_key]);
    assert_eq!(code, 1);
    assert!(err.contains("0 of the 1 cosignatures"), "{err}");

    let (code, _, _) = verify(&m.bundle, &[]);
    assert_eq!(code, 2, "the log key is required");
}
