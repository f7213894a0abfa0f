//! Citizens are found by a keyed pseudonym of their personal identification
//! number, never by the number itself: HMAC-SHA256 under a secret key from
//! configuration. Without the key a stolen database cannot be joined back to
//! identification numbers, not even by trying all 10^12 of them.

use app::domain::PersonalId;
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// Domain separation: the same key may one day derive other pseudonyms.
const CONTEXT: &[u8] = b"citizen-privacy/personal-id/v1\0";

/// Shortest key accepted, in bytes (the HMAC-SHA256 block output size).
pub const MIN_KEY_BYTES: usize = 32;

/// A citizen's pseudonym: 64 lowercase hex characters.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Pseudonym(String);

impl Pseudonym {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Why a pseudonym key was refused.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum PseudonymKeyError {
    #[error("must be at least {MIN_KEY_BYTES} bytes, not {0}")]
    TooShort(usize),
}

/// Computes pseudonyms under one secret key.
#[derive(Clone)]
pub struct Pseudonymizer {
    key: Vec<u8>,
}

impl std::fmt::Debug for Pseudonymizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pseudonymizer(<secret key>)")
    }
}

impl Pseudonymizer {
    /// Accepts a key of at least [`MIN_KEY_BYTES`] bytes.
    pub fn new(key: &[u8]) -> Result<Pseudonymizer, PseudonymKeyError> {
        if key.len() < MIN_KEY_BYTES {
            return Err(PseudonymKeyError::TooShort(key.len()));
        }
        Ok(Pseudonymizer { key: key.to_vec() })
    }

    /// The pseudonym of one personal identification number.
    pub fn pseudonym(&self, id: &PersonalId) -> Pseudonym {
        Pseudonym(hex(&hmac_sha256(
            &self.key,
            &[CONTEXT, id.digits().as_bytes()],
        )))
    }
}

impl Pseudonymizer {
    /// A short keyed hash of a network address, for account activity:
    /// equal values show the same address without keeping the address.
    pub fn client_hash(&self, address: &str) -> String {
        hex(&hmac_sha256(&self.key, &[CLIENT_CONTEXT, address.as_bytes()])[..8])
    }
}

/// Domain separation of the references agencies see.
const SUBJECT_REF_CONTEXT: &[u8] = b"citizen-privacy/agency-subject-ref/v1\0";

impl Pseudonymizer {
    /// How one agency knows a person in the consent API: a keyed hash of
    /// the agency's code and the person's pseudonym. The agency learns it
    /// from a consent check (where it gives the personal identification
    /// number it already holds) and finds it again in the change feed;
    /// two agencies' references to one person cannot be matched.
    pub fn subject_ref(&self, agency: &str, pseudonym: &str) -> String {
        hex(&hmac_sha256(
            &self.key,
            &[
                SUBJECT_REF_CONTEXT,
                agency.as_bytes(),
                b"\0",
                pseudonym.as_bytes(),
            ],
        ))
    }
}

impl Pseudonymizer {
    /// The stored form of an agency's API token secret.
    pub fn token_hash(&self, secret: &str) -> String {
        hex(&hmac_sha256(&self.key, &[TOKEN_CONTEXT, secret.as_bytes()]))
    }
}

/// Domain separation for agency token hashes.
const TOKEN_CONTEXT: &[u8] = b"citizen-privacy/agency-token/v1\0";

/// Domain separation for client-address hashes.
const CLIENT_CONTEXT: &[u8] = b"citizen-privacy/client-address/v1\0";

fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    // new_from_slice accepts keys of any length for HMAC; it cannot fail here.
    let mut mac = match HmacSha256::new_from_slice(key) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC takes keys of any length"),
    };
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

use app::domain::sharing::hex;

#[cfg(test)]
mod tests {
    use super::*;

    fn id(digits: &str) -> PersonalId {
        PersonalId::parse(digits).unwrap()
    }

    #[test]
    fn subject_references_differ_per_agency_and_person() {
        let p = Pseudonymizer::new(&[7u8; 32]).unwrap();
        let a = p.subject_ref("BYT", "p1");
        assert_eq!(a, p.subject_ref("BYT", "p1"));
        assert_ne!(a, p.subject_ref("BHXH", "p1"));
        assert_ne!(a, p.subject_ref("BYT", "p2"));
        // The separator keeps ("AB", "C") and ("A", "BC") apart.
        assert_ne!(p.subject_ref("AB", "C"), p.subject_ref("A", "BC"));
        assert_eq!(a.len(), 64);
    }

    #[test]
    fn hmac_matches_the_rfc_4231_test_vector() {
        // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?".
        let mac = hmac_sha256(b"Jefe", &[b"what do ya ", b"want for nothing?"]);
        assert_eq!(
            hex(&mac),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn client_hashes_are_short_stable_and_unlike_pseudonyms() {
        let p = Pseudonymizer::new(&[1u8; 32]).unwrap();
        let a = p.client_hash("203.0.113.7");
        assert_eq!(a.len(), 16);
        assert_eq!(a, p.client_hash("203.0.113.7"));
        assert_ne!(a, p.client_hash("203.0.113.8"));
        assert!(!p.pseudonym(&id("203011370000")).as_str().starts_with(&a));
    }

    #[test]
    fn the_same_number_and_key_give_the_same_pseudonym() {
        let p = Pseudonymizer::new(&[7; 32]).unwrap();
        let a = p.pseudonym(&id("001803004567"));
        assert_eq!(a, p.pseudonym(&id("001803004567")));
        assert_eq!(a.as_str().len(), 64);
        assert!(!a.as_str().contains("001803004567"));
    }

    #[test]
    fn different_numbers_or_keys_give_different_pseudonyms() {
        let p = Pseudonymizer::new(&[7; 32]).unwrap();
        let q = Pseudonymizer::new(&[8; 32]).unwrap();
        let n = id("001803004567");
        assert_ne!(p.pseudonym(&n), p.pseudonym(&id("001803004568")));
        assert_ne!(p.pseudonym(&n), q.pseudonym(&n));
    }

    #[test]
    fn short_keys_are_refused_and_debug_hides_the_key() {
        assert_eq!(
            Pseudonymizer::new(&[1; 31]).unwrap_err(),
            PseudonymKeyError::TooShort(31)
        );
        let p = Pseudonymizer::new(&[42; 32]).unwrap();
        assert!(!format!("{p:?}").contains("42"));
    }
}
