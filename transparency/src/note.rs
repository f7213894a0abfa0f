//! Checkpoints as C2SP signed notes: the log signs each tree head with its
//! own Ed25519 key (`tlog-checkpoint`), witnesses add Ed25519
//! `cosignature/v1` lines (`tlog-cosignature`), and a reader accepts a
//! checkpoint only with the log's signature and enough cosignatures from
//! witnesses it knows, whose keys it got from somewhere else than the note.

use base64::{Engine as _, engine::general_purpose::STANDARD};
use ed25519_dalek::{Signer as _, SigningKey, Verifier as _, VerifyingKey};
use signed_note::{Note, Signer, StandardVerifier, Verifier, VerifierList, key_id};
use tlog_tiles::{Checkpoint, Hash};

/// The signature type of a log's own key (C2SP signed-note).
const ALG_ED25519: u8 = 0x01;
/// The signature type of an Ed25519 cosignature (C2SP tlog-cosignature).
const ALG_COSIGNATURE_V1: u8 = 0x04;

/// Why a key or a checkpoint was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    #[error("malformed key: {0}")]
    Key(&'static str),
    #[error("malformed checkpoint")]
    Malformed,
    #[error("the checkpoint is for {found}, not {expected}")]
    WrongOrigin { expected: String, found: String },
    #[error("the log's signature is missing or wrong")]
    NotSignedByLog,
    #[error("a signature from {0} does not verify")]
    BadSignature(String),
    #[error("{have} of the {need} cosignatures needed")]
    TooFewCosignatures { have: usize, need: usize },
}

/// A name as signed notes allow it: not empty, no spaces, no `+`.
fn valid_name(name: &str) -> Result<(), NoteError> {
    if signed_note::is_key_name_valid(name) {
        Ok(())
    } else {
        Err(NoteError::Key("the name is empty or has a space or a +"))
    }
}

/// A key encoded as a C2SP verifier key: `name+hex(key id)+base64(type ‖ key)`.
fn verifier_key(name: &str, alg: u8, key: &VerifyingKey) -> String {
    let typed = [&[alg][..], key.as_bytes()].concat();
    format!(
        "{name}+{:08x}+{}",
        key_id(name, &typed),
        STANDARD.encode(&typed)
    )
}

/// Reads a verifier key of type `alg`.
fn parse_verifier_key(vkey: &str, alg: u8) -> Result<(String, u32, VerifyingKey), NoteError> {
    let mut parts = vkey.trim().splitn(3, '+');
    let (Some(name), Some(id), Some(key)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(NoteError::Key("not name+id+key"));
    };
    valid_name(name)?;
    let typed = STANDARD
        .decode(key)
        .map_err(|_| NoteError::Key("the key is not base64"))?;
    if typed.first() != Some(&alg) {
        return Err(NoteError::Key("the key is of another type"));
    }
    let bytes: [u8; 32] = typed[1..]
        .try_into()
        .map_err(|_| NoteError::Key("the key is not 32 bytes"))?;
    let key = VerifyingKey::from_bytes(&bytes).map_err(|_| NoteError::Key("not a key"))?;
    let id = u32::from_str_radix(id, 16).map_err(|_| NoteError::Key("the id is not hex"))?;
    if id != key_id(name, &typed) {
        return Err(NoteError::Key("the id does not match the key"));
    }
    Ok((name.to_owned(), id, key))
}

/// The log's checkpoint key, named by the log's origin.
pub struct LogSigner {
    origin: String,
    id: u32,
    key: SigningKey,
}

impl LogSigner {
    pub fn from_seed(origin: &str, seed: &[u8; 32]) -> Result<LogSigner, NoteError> {
        valid_name(origin)?;
        let key = SigningKey::from_bytes(seed);
        let typed = [&[ALG_ED25519][..], key.verifying_key().as_bytes()].concat();
        Ok(LogSigner {
            origin: origin.to_owned(),
            id: key_id(origin, &typed),
            key,
        })
    }

    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The key as readers pin it.
    pub fn verifier_key(&self) -> String {
        verifier_key(&self.origin, ALG_ED25519, &self.key.verifying_key())
    }

    /// The signed checkpoint of a tree of `size` leaves with root `root`.
    pub fn sign(&self, size: u64, root: Hash) -> Result<Vec<u8>, NoteError> {
        let text = Checkpoint::new(&self.origin, size, root, "")
            .map_err(|_| NoteError::Malformed)?
            .to_bytes();
        let mut note = Note::new(&text, &[]).map_err(|_| NoteError::Malformed)?;
        note.add_sigs(&[self]).map_err(|_| NoteError::Malformed)?;
        Ok(note.to_bytes())
    }
}

impl Signer for LogSigner {
    fn name(&self) -> &str {
        &self.origin
    }

    fn key_id(&self) -> u32 {
        self.id
    }

    fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, ed25519_dalek::SignatureError> {
        Ok(self.key.sign(msg).to_bytes().to_vec())
    }
}

/// The message an Ed25519 cosignature signs: a header, the time and the
/// checkpoint's text.
fn cosigned_message(time: u64, text: &[u8]) -> Vec<u8> {
    let mut message = format!("cosignature/v1\ntime {time}\n").into_bytes();
    message.extend_from_slice(text);
    message
}

/// A witness's cosigning key.
pub struct Cosigner {
    name: String,
    id: u32,
    key: SigningKey,
}

impl Cosigner {
    pub fn from_seed(name: &str, seed: &[u8; 32]) -> Result<Cosigner, NoteError> {
        valid_name(name)?;
        let key = SigningKey::from_bytes(seed);
        let typed = [&[ALG_COSIGNATURE_V1][..], key.verifying_key().as_bytes()].concat();
        Ok(Cosigner {
            name: name.to_owned(),
            id: key_id(name, &typed),
            key,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The key as logs and readers pin it.
    pub fn verifier_key(&self) -> String {
        verifier_key(&self.name, ALG_COSIGNATURE_V1, &self.key.verifying_key())
    }

    /// The cosignature line (`— name base64(...)`, with its newline) of
    /// the checkpoint `text`, made at `time` (Unix seconds).
    pub fn cosign(&self, text: &[u8], time: u64) -> Result<String, NoteError> {
        let timed = TimedCosigner {
            cosigner: self,
            time,
        };
        let mut note = Note::new(text, &[]).map_err(|_| NoteError::Malformed)?;
        note.add_sigs(&[&timed]).map_err(|_| NoteError::Malformed)?;
        let bytes = note.to_bytes();
        // The note is the text, a blank line and the one signature line.
        let line = bytes.get(text.len() + 1..).ok_or(NoteError::Malformed)?;
        String::from_utf8(line.to_vec()).map_err(|_| NoteError::Malformed)
    }
}

struct TimedCosigner<'a> {
    cosigner: &'a Cosigner,
    time: u64,
}

impl Signer for TimedCosigner<'_> {
    fn name(&self) -> &str {
        &self.cosigner.name
    }

    fn key_id(&self) -> u32 {
        self.cosigner.id
    }

    fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, ed25519_dalek::SignatureError> {
        let signature = self.cosigner.key.sign(&cosigned_message(self.time, msg));
        let mut timed = self.time.to_be_bytes().to_vec();
        timed.extend_from_slice(&signature.to_bytes());
        Ok(timed)
    }
}

/// A witness's key as a reader pins it.
#[derive(Clone, Debug)]
pub struct CosignatureVerifier {
    name: String,
    id: u32,
    key: VerifyingKey,
}

impl CosignatureVerifier {
    /// From a verifier key of type 0x04.
    pub fn new(vkey: &str) -> Result<CosignatureVerifier, NoteError> {
        let (name, id, key) = parse_verifier_key(vkey, ALG_COSIGNATURE_V1)?;
        Ok(CosignatureVerifier { name, id, key })
    }
}

impl Verifier for CosignatureVerifier {
    fn name(&self) -> &str {
        &self.name
    }

    fn key_id(&self) -> u32 {
        self.id
    }

    fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
        let Ok(timed): Result<[u8; 72], _> = sig.try_into() else {
            return false;
        };
        let time = u64::from_be_bytes(timed[..8].try_into().unwrap_or_default());
        if time > i64::MAX as u64 {
            return false;
        }
        let signature =
            ed25519_dalek::Signature::from_bytes(&timed[8..].try_into().unwrap_or([0; 64]));
        self.key
            .verify(&cosigned_message(time, msg), &signature)
            .is_ok()
    }
}

/// The origin a log's verifier key names, once the key is known to be a
/// well-formed Ed25519 key whose id matches.
pub fn log_origin(vkey: &str) -> Result<String, NoteError> {
    let (name, _, _) = parse_verifier_key(vkey, ALG_ED25519)?;
    Ok(name)
}

/// A checkpoint a reader accepted.
#[derive(Debug, PartialEq)]
pub struct Accepted {
    pub size: u64,
    pub root: Hash,
    /// The witnesses whose cosignatures verified, by name.
    pub cosigned_by: Vec<String>,
}

/// Checks a checkpoint note: its text is a checkpoint of `origin`, the
/// log's key (`log_key`, a verifier key) signed it, and at least `quorum`
/// of `witnesses` cosigned it. Signatures from unknown keys are ignored;
/// a known key's signature that does not verify refuses the note.
pub fn accept_checkpoint(
    note: &[u8],
    log_key: &str,
    witnesses: &[CosignatureVerifier],
    quorum: usize,
) -> Result<Accepted, NoteError> {
    let log = StandardVerifier::new(log_key).map_err(|_| NoteError::Key("the log's key"))?;
    let log_name = log.name().to_owned();
    let log_id = log.key_id();
    let note = Note::from_bytes(note).map_err(|_| NoteError::Malformed)?;
    let checkpoint = Checkpoint::from_bytes(note.text()).map_err(|_| NoteError::Malformed)?;
    if checkpoint.origin() != log_name {
        return Err(NoteError::WrongOrigin {
            expected: log_name,
            found: checkpoint.origin().to_owned(),
        });
    }
    let mut known: Vec<Box<dyn Verifier>> = vec![Box::new(log)];
    known.extend(
        witnesses
            .iter()
            .map(|w| Box::new(w.clone()) as Box<dyn Verifier>),
    );
    let (verified, _unknown) = match note.verify(&VerifierList::new(known)) {
        Ok(found) => found,
        Err(signed_note::NoteError::InvalidSignature { name, .. }) => {
            return Err(NoteError::BadSignature(name));
        }
        Err(_) => return Err(NoteError::NotSignedByLog),
    };
    if !verified
        .iter()
        .any(|s| s.name() == log_name && s.id() == log_id)
    {
        return Err(NoteError::NotSignedByLog);
    }
    let mut cosigned_by: Vec<String> = verified
        .iter()
        .filter(|s| !(s.name() == log_name && s.id() == log_id))
        .map(|s| s.name().to_owned())
        .collect();
    cosigned_by.sort();
    cosigned_by.dedup();
    if cosigned_by.len() < quorum {
        return Err(NoteError::TooFewCosignatures {
            have: cosigned_by.len(),
            need: quorum,
        });
    }
    Ok(Accepted {
        size: checkpoint.size(),
        root: *checkpoint.hash(),
        cosigned_by,
    })
}

/// The text (first part) of a checkpoint note, and its tree size and root.
pub fn checkpoint_text(note: &[u8]) -> Result<(Vec<u8>, u64, Hash), NoteError> {
    let note = Note::from_bytes(note).map_err(|_| NoteError::Malformed)?;
    let checkpoint = Checkpoint::from_bytes(note.text()).map_err(|_| NoteError::Malformed)?;
    Ok((note.text().to_vec(), checkpoint.size(), *checkpoint.hash()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGIN: &str = "privacy.hue.gov.vn/log";

    fn log() -> LogSigner {
        LogSigner::from_seed(ORIGIN, &[7; 32]).unwrap()
    }

    fn witness(n: u8) -> Cosigner {
        Cosigner::from_seed(&format!("witness.example/w{n}"), &[n; 32]).unwrap()
    }

    fn cosigned(note: &[u8], by: &[&Cosigner], time: u64) -> Vec<u8> {
        let (text, _, _) = checkpoint_text(note).unwrap();
        let mut out = note.to_vec();
        for w in by {
            out.extend_from_slice(w.cosign(&text, time).unwrap().as_bytes());
        }
        out
    }

    fn pinned(ws: &[&Cosigner]) -> Vec<CosignatureVerifier> {
        ws.iter()
            .map(|w| CosignatureVerifier::new(&w.verifier_key()).unwrap())
            .collect()
    }

    #[test]
    fn a_checkpoint_is_the_c2sp_text_signed_by_the_log() {
        let root = Hash([9; 32]);
        let note = log().sign(42, root).unwrap();
        let text = String::from_utf8(note.clone()).unwrap();
        assert!(
            text.starts_with(&format!(
                "{ORIGIN}\n42\n{}\n\n\u{2014} {ORIGIN} ",
                STANDARD.encode([9; 32])
            )),
            "{text}"
        );
        let accepted = accept_checkpoint(&note, &log().verifier_key(), &[], 0).unwrap();
        assert_eq!((accepted.size, accepted.root), (42, root));
        let other = LogSigner::from_seed(ORIGIN, &[8; 32]).unwrap();
        assert_eq!(
            accept_checkpoint(&note, &other.verifier_key(), &[], 0),
            Err(NoteError::NotSignedByLog)
        );
    }

    #[test]
    fn a_quorum_of_known_witnesses_is_needed() {
        let (w1, w2, w3) = (witness(1), witness(2), witness(3));
        let note = log().sign(5, Hash([1; 32])).unwrap();
        let keys = pinned(&[&w1, &w2]);
        let both = cosigned(&note, &[&w1, &w2], 1_790_000_000);
        let accepted = accept_checkpoint(&both, &log().verifier_key(), &keys, 2).unwrap();
        assert_eq!(
            accepted.cosigned_by,
            ["witness.example/w1", "witness.example/w2"]
        );
        // An unknown witness does not count; the same one twice counts once.
        let padded = cosigned(&note, &[&w1, &w3, &w1], 1_790_000_000);
        assert_eq!(
            accept_checkpoint(&padded, &log().verifier_key(), &keys, 2),
            Err(NoteError::TooFewCosignatures { have: 1, need: 2 })
        );
        // A cosignature of another checkpoint, moved onto this one, is caught.
        let other = log().sign(6, Hash([1; 32])).unwrap();
        let stolen = cosigned(&other, &[&w2], 1_790_000_000);
        let (_, line) = std::str::from_utf8(&stolen)
            .unwrap()
            .rsplit_once('\u{2014}')
            .unwrap();
        let mut forged = both[..note.len()].to_vec();
        forged.extend_from_slice(format!("\u{2014}{line}").as_bytes());
        assert_eq!(
            accept_checkpoint(&forged, &log().verifier_key(), &keys, 1),
            Err(NoteError::BadSignature("witness.example/w2".into()))
        );
    }

    #[test]
    fn keys_round_trip_and_bad_ones_are_refused() {
        let w = witness(4);
        let vkey = w.verifier_key();
        assert!(vkey.starts_with("witness.example/w4+"));
        assert!(CosignatureVerifier::new(&vkey).is_ok());
        // A log key is not a cosignature key, and a changed id is caught.
        assert!(CosignatureVerifier::new(&log().verifier_key()).is_err());
        let (name, rest) = vkey.split_once('+').unwrap();
        let (_, key) = rest.split_once('+').unwrap();
        assert!(CosignatureVerifier::new(&format!("{name}+00000000+{key}")).is_err());
        assert!(CosignatureVerifier::new("nonsense").is_err());
        assert!(LogSigner::from_seed("has space", &[1; 32]).is_err());
    }

    #[test]
    fn the_cosignature_carries_its_time() {
        let w = witness(5);
        let note = log().sign(1, Hash([2; 32])).unwrap();
        let (text, _, _) = checkpoint_text(&note).unwrap();
        let line = w.cosign(&text, 1_790_000_123).unwrap();
        let encoded = line.trim_end().rsplit_once(' ').unwrap().1;
        let bytes = STANDARD.decode(encoded).unwrap();
        assert_eq!(bytes.len(), 4 + 8 + 64);
        assert_eq!(
            u64::from_be_bytes(bytes[4..12].try_into().unwrap()),
            1_790_000_123
        );
    }
}
