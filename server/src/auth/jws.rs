//! Signing JSON Web Tokens with EdDSA (Ed25519, RFC 8037), for the
//! development identity provider (and for tests that play a misbehaving
//! provider). Checking tokens is not done here: the OpenID Connect client
//! uses the `openidconnect` crate for that. Ed25519 rather than RSA: the
//! `rsa` crate's private-key operations carry an unfixed timing advisory
//! (RUSTSEC-2023-0071), and a key is 32 random bytes, made at once.

use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use ed25519_dalek::Signer as _;
use serde_json::{Value, json};

/// The JOSE name of the signature algorithm.
pub const ALGORITHM: &str = "EdDSA";

/// An Ed25519 key that signs tokens, with the key id published in the JWKS.
#[derive(Clone)]
pub struct SigningKey {
    kid: String,
    key: ed25519_dalek::SigningKey,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SigningKey({})", self.kid)
    }
}

impl SigningKey {
    /// A fresh key with a random key id (from the operating system's
    /// generator, through `rand`'s thread generator).
    pub fn generate() -> SigningKey {
        SigningKey {
            kid: URL_SAFE_NO_PAD.encode(rand::random::<[u8; 9]>()),
            key: ed25519_dalek::SigningKey::from_bytes(&rand::random::<[u8; 32]>()),
        }
    }

    /// The same key under another key id (tests use this to present a
    /// signature by an unknown key).
    pub fn with_kid(&self, kid: &str) -> SigningKey {
        SigningKey {
            kid: kid.to_owned(),
            ..self.clone()
        }
    }

    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// A compact JWS of `claims` with the usual header (EdDSA, JWT, kid).
    pub fn sign(&self, claims: &Value) -> String {
        self.sign_with_header(
            &json!({ "alg": ALGORITHM, "typ": "JWT", "kid": self.kid }),
            claims,
        )
    }

    /// A compact JWS with any header: the signature is always Ed25519 over
    /// the encoded header and claims.
    pub fn sign_with_header(&self, header: &Value, claims: &Value) -> String {
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let signature = self.key.sign(signing_input.as_bytes()).to_bytes();
        format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(signature))
    }

    /// The public half as a JSON Web Key (an octet key pair, RFC 8037).
    pub fn public_jwk(&self) -> Value {
        json!({
            "kty": "OKP",
            "crv": "Ed25519",
            "use": "sig",
            "alg": ALGORITHM,
            "kid": self.kid,
            "x": URL_SAFE_NO_PAD.encode(self.public_bytes()),
        })
    }

    /// The public key's bytes (tests forge HMAC "signatures" keyed with
    /// them: the algorithm-confusion attack).
    pub fn public_bytes(&self) -> [u8; 32] {
        self.key.verifying_key().to_bytes()
    }
}

/// Base64url without padding, as JOSE uses it.
pub fn b64(bytes: impl AsRef<[u8]>) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The claims of a compact JWS, without checking anything. Only for a token
/// whose signature and claims were verified already.
pub fn unverified_claims(token: &str) -> Option<serde_json::Map<String, Value>> {
    let payload = token.split('.').nth(1)?;
    let bytes = URL_SAFE_NO_PAD.decode(payload).ok()?;
    serde_json::from_slice(&bytes).ok()
}

#[cfg(test)]
mod tests {
    use ed25519_dalek::Verifier as _;

    use super::*;

    #[test]
    fn signature_verifies_with_the_published_key_and_claims_read_back() {
        let key = SigningKey::generate();
        let token = key.sign(&json!({ "sub": "x", "n": 1 }));
        let parts: Vec<&str> = token.split('.').collect();
        assert_eq!(parts.len(), 3);
        let signature = ed25519_dalek::Signature::from_slice(
            URL_SAFE_NO_PAD.decode(parts[2]).unwrap().as_slice(),
        )
        .unwrap();
        let jwk = key.public_jwk();
        let x: [u8; 32] = URL_SAFE_NO_PAD
            .decode(jwk["x"].as_str().unwrap())
            .unwrap()
            .try_into()
            .unwrap();
        let verifier = ed25519_dalek::VerifyingKey::from_bytes(&x).unwrap();
        let input = format!("{}.{}", parts[0], parts[1]);
        assert!(verifier.verify(input.as_bytes(), &signature).is_ok());
        assert!(verifier.verify(b"tampered", &signature).is_err());
        assert_eq!(unverified_claims(&token).unwrap()["sub"], "x");
        assert_eq!(jwk["kid"], key.kid());
        assert_eq!(jwk["crv"], "Ed25519");
        assert_ne!(SigningKey::generate().public_bytes(), key.public_bytes());
    }
}
