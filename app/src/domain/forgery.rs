//! The anti-forgery token as pages carry it. Each form gets the session's
//! token masked with a fresh random pad (the pad, then the token XOR the
//! pad, in URL-safe base64), so no two responses carry the same bytes: a
//! compressed page then gives BREACH no repeated secret to read through
//! its size. The server unmasks what comes back and compares it with the
//! session's token.

use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};

/// `token` masked with `pad` (as long as the token; shorter pads repeat).
pub fn mask_token(token: &str, pad: &[u8]) -> String {
    let token = token.as_bytes();
    let pad: Vec<u8> = (0..token.len())
        .map(|i| pad.get(i % pad.len().max(1)).copied().unwrap_or(0))
        .collect();
    let hidden = token.iter().zip(&pad).map(|(t, p)| t ^ p);
    let masked: Vec<u8> = pad.iter().copied().chain(hidden).collect();
    URL_SAFE_NO_PAD.encode(masked)
}

/// The token a masked value carries, or `None` when it is not one.
pub fn unmask_token(masked: &str) -> Option<Vec<u8>> {
    let bytes = URL_SAFE_NO_PAD.decode(masked.trim()).ok()?;
    if bytes.is_empty() || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let (pad, hidden) = bytes.split_at(bytes.len() / 2);
    Some(pad.iter().zip(hidden).map(|(p, h)| p ^ h).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "pQ3v7l0bVd3xw3m5eQyBX0v8FZ1ZsY3o6J9r2n1xQ8k";

    #[test]
    fn a_masked_token_unmasks_to_the_token_and_differs_by_pad() {
        let one = mask_token(TOKEN, &[7; 43]);
        let two = mask_token(TOKEN, &[201; 43]);
        assert_ne!(one, two, "a different pad is different bytes");
        assert!(!one.contains(TOKEN) && !two.contains(TOKEN));
        assert_eq!(unmask_token(&one).unwrap(), TOKEN.as_bytes());
        assert_eq!(unmask_token(&two).unwrap(), TOKEN.as_bytes());
    }

    #[test]
    fn anything_else_unmasks_to_nothing_or_to_something_else() {
        assert_eq!(unmask_token(""), None);
        assert_eq!(unmask_token("not base64!"), None);
        // An odd number of bytes is not pad and token.
        assert_eq!(unmask_token(&URL_SAFE_NO_PAD.encode([1, 2, 3])), None);
        // The bare token is not a masked one.
        assert_ne!(unmask_token(TOKEN).as_deref(), Some(TOKEN.as_bytes()));
    }
}
