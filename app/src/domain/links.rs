//! Building links: values percent-encoded for a query string, through the
//! `percent-encoding` crate (already in the tree through `url`), with one
//! set of characters left as they are for the whole service.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Left as they are in a query value: RFC 3986's unreserved characters.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A way back (`next=`) also keeps its slashes, so it stays readable.
const PATH_VALUE: &AsciiSet = &QUERY_VALUE.remove(b'/');

/// A value for a query string: everything but unreserved characters is
/// percent-encoded (UTF-8), so `&`, `=`, `?`, `#` and spaces cannot break
/// the link.
pub fn query_value(value: &str) -> String {
    utf8_percent_encode(value, QUERY_VALUE).to_string()
}

/// A path with its own query (a way back) as one query value: like
/// [`query_value`], but `/` stays.
pub fn path_value(value: &str) -> String {
    utf8_percent_encode(value, PATH_VALUE).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_and_non_ascii_characters_are_encoded() {
        assert_eq!(query_value("a b&c=d/é~-._"), "a%20b%26c%3Dd%2F%C3%A9~-._");
        assert_eq!(
            path_value("/officers?page=2&q=Hà Nội"),
            "/officers%3Fpage%3D2%26q%3DH%C3%A0%20N%E1%BB%99i"
        );
        assert_eq!(query_value(""), "");
    }
}
