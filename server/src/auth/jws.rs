//! Signing JSON Web Tokens with RS256, for the development identity
//! provider (and for tests that play a misbehaving provider). Checking
//! tokens is not done here: the OpenID Connect client uses the
//! `openidconnect` crate for that.

use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use rsa::{
    RsaPrivateKey, RsaPublicKey,
    pkcs1v15::SigningKey as Pkcs1v15SigningKey,
    signature::{SignatureEncoding as _, Signer as _},
    traits::PublicKeyParts as _,
};
use serde_json::{Value, json};
use sha2::Sha256;

/// Size of generated keys, in bits.
pub const KEY_BITS: usize = 2048;

/// An RSA key that signs tokens, with the key id published in the JWKS.
#[derive(Clone)]
pub struct SigningKey {
    kid: String,
    signer: Pkcs1v15SigningKey<Sha256>,
    public: RsaPublicKey,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SigningKey({})", self.kid)
    }
}

impl SigningKey {
    /// A fresh key with a random key id.
    pub fn generate() -> Result<SigningKey, rsa::Error> {
        let private = RsaPrivateKey::new(&mut rand_core_06::OsRng, KEY_BITS)?;
        let kid = URL_SAFE_NO_PAD.encode(rand::random::<[u8; 9]>());
        Ok(SigningKey::from_private(kid, private))
    }

    /// The same key under another key id (tests use this to present a
    /// signature by an unknown key).
    pub fn with_kid(&self, kid: &str) -> SigningKey {
        SigningKey {
            kid: kid.to_owned(),
            ..self.clone()
        }
    }

    fn from_private(kid: String, private: RsaPrivateKey) -> SigningKey {
        let public = private.to_public_key();
        SigningKey {
            kid,
            signer: Pkcs1v15SigningKey::<Sha256>::new(private),
            public,
        }
    }

    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// A compact JWS of `claims` with the usual header (RS256, JWT, kid).
    pub fn sign(&self, claims: &Value) -> String {
        self.sign_with_header(
            &json!({ "alg": "RS256", "typ": "JWT", "kid": self.kid }),
            claims,
        )
    }

    /// A compact JWS with any header: the signature is always RS256 over
    /// the encoded header and claims.
    pub fn sign_with_header(&self, header: &Value, claims: &Value) -> String {
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let signature = self.signer.sign(signing_input.as_bytes()).to_vec();
        format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(signature))
    }

    /// The public half as a JSON Web Key.
    pub fn public_jwk(&self) -> Value {
        json!({
            "kty": "RSA",
            "use": "sig",
            "alg": "RS256",
            "kid": self.kid,
            "n": URL_SAFE_NO_PAD.encode(self.public.n().to_bytes_be()),
            "e": URL_SAFE_NO_PAD.encode(self.public.e().to_bytes_be()),
        })
    }

    /// The modulus, big-endian (tests forge HMAC "signatures" keyed with it).
    pub fn public_modulus(&self) -> Vec<u8> {
        self.public.n().to_bytes_be()
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
    use rsa::{pkcs1v15::VerifyingKey, signature::Verifier as _};

    use super::*;

    #[test]
    fn signature_verifies_with_the_published_key_and_claims_read_back() {
        let key = SigningKey::generate().unwrap();
        let token = key.sign(&json!({ "sub": "x", "n": 1 }));
        let parts: Vec<&str> = token.split('.').collect();
        assert_eq!(parts.len(), 3);
        let signature = rsa::pkcs1v15::Signature::try_from(
            URL_SAFE_NO_PAD.decode(parts[2]).unwrap().as_slice(),
        )
        .unwrap();
        let verifier = VerifyingKey::<Sha256>::new(key.public.clone());
        let input = format!("{}.{}", parts[0], parts[1]);
        assert!(verifier.verify(input.as_bytes(), &signature).is_ok());
        assert!(verifier.verify(b"tampered", &signature).is_err());
        assert_eq!(unverified_claims(&token).unwrap()["sub"], "x");
        let jwk = key.public_jwk();
        assert_eq!(jwk["kid"], key.kid());
        assert_eq!(jwk["e"], "AQAB");
    }
}
