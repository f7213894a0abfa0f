//! Compression of the site's static files (WASM, JavaScript, CSS, SVG) by
//! content negotiation: brotli, else gzip, else none. Pages and JSON
//! answers are not compressed here: a page carries the session's
//! anti-forgery token beside text a visitor can make it reflect (a search
//! box, a query), which is what BREACH needs to read the token through
//! compressed sizes; compressing them waits for a per-response masked
//! token (issue 17).

use axum::http::{Extensions, HeaderMap, StatusCode, Version, header};
use tower_http::compression::{
    CompressionLayer,
    predicate::{And, Predicate as _, SizeAbove},
};

/// Whether an answer is one of the site's static files (by its type).
type StaticOnly = fn(StatusCode, Version, &HeaderMap, &Extensions) -> bool;

fn is_static_file(_: StatusCode, _: Version, headers: &HeaderMap, _: &Extensions) -> bool {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    [
        "application/wasm",
        "text/javascript",
        "application/javascript",
        "text/css",
        "image/svg+xml",
    ]
    .iter()
    .any(|kind| content_type.starts_with(kind))
}

/// The layer: static files over 1 KiB, compressed when the client asks.
pub fn static_files() -> CompressionLayer<And<StaticOnly, SizeAbove>> {
    let only: StaticOnly = is_static_file;
    CompressionLayer::new()
        .br(true)
        .gzip(true)
        .compress_when(only.and(SizeAbove::new(1024)))
}
