//! Confirming an address a requester gave: a link with a random token is
//! mailed first, and nothing else goes to the address until it is opened.

use sha2::{Digest, Sha256};

/// How long a confirmation link works.
pub const CONFIRMATION_DAYS: i64 = 7;

/// What the store keeps of a token: its SHA-256, hex. A leaked database
/// does not give working links.
pub fn confirmation_hash(token: &str) -> String {
    crate::domain::sharing::hex(&Sha256::digest(token.as_bytes()))
}

/// Whether `token` has the shape of one we issue (64 hex digits), so that
/// nothing else reaches the store.
pub fn is_confirmation_token(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_checked_for_shape_and_kept_only_as_hashes() {
        let token = "ab".repeat(32);
        assert!(is_confirmation_token(&token));
        assert!(!is_confirmation_token("abc"));
        assert!(!is_confirmation_token(&"zz".repeat(32)));
        let hash = confirmation_hash(&token);
        assert_eq!(hash.len(), 64);
        assert_ne!(hash, token);
        assert_eq!(hash, confirmation_hash(&token), "stable");
    }
}
