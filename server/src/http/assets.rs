//! The site's compiled files under `/pkg/` (the style sheet, the islands'
//! JavaScript and WASM), read once at start-up and served from memory.
//!
//! Each file is served under two names. Its fingerprinted name
//! (`citizen-privacy.<hash>.css`, the hash of its content) is what the pages
//! link to, with `Cache-Control: public, max-age=31536000, immutable`: a new
//! build has new names, so a browser never has to ask again. Its plain name
//! (`citizen-privacy.css`, for the few pages written outside the app, such as
//! the error page) is `no-cache`: the browser asks each time and gets `304`
//! while it is unchanged. Both answer conditional requests (`ETag`).
//!
//! Compression: brotli, else gzip, else none, by the client's
//! `Accept-Encoding`, each made once (at the strongest setting) the first
//! time a client asks, then kept. Pages and JSON answers are compressed as
//! they go, and only for our own pages' requests (see `compression`).

use std::{
    collections::HashMap,
    io::Write as _,
    path::Path,
    sync::{Arc, OnceLock},
};

use axum::{
    body::{Body, Bytes},
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use sha2::{Digest, Sha256};

use app::assets::AssetUrls;

/// Where the files are served from.
const PREFIX: &str = "/pkg/";

/// A year: the longest `max-age` caches are asked to honour.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// One file's content and its compressed copies, made on first use.
#[derive(Debug)]
struct Asset {
    identity: Bytes,
    content_type: &'static str,
    hash: String,
    brotli: OnceLock<Bytes>,
    gzip: OnceLock<Bytes>,
}

/// How an answer's body is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

impl Encoding {
    fn token(self) -> Option<&'static str> {
        match self {
            Encoding::Brotli => Some("br"),
            Encoding::Gzip => Some("gzip"),
            Encoding::Identity => None,
        }
    }
}

/// The site's files by the path they are served at.
#[derive(Debug, Default)]
pub struct SiteAssets {
    /// Path → the file, and whether the path is the fingerprinted one.
    files: HashMap<String, (Arc<Asset>, bool)>,
    urls: AssetUrls,
}

impl SiteAssets {
    /// Reads `<site_root>/pkg`. A missing folder is an empty site (the
    /// server still runs: pages render without style or islands).
    pub fn load(site_root: &Path) -> std::io::Result<SiteAssets> {
        let folder = site_root.join("pkg");
        let mut assets = SiteAssets::default();
        let entries = match std::fs::read_dir(&folder) {
            Ok(entries) => entries,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                tracing::warn!(folder = %folder.display(), "no compiled site: pages will have no style sheet");
                return Ok(assets);
            }
            Err(error) => return Err(error),
        };
        let mut names = Vec::new();
        for entry in entries {
            let entry = entry?;
            if entry.file_type()?.is_file() {
                names.push(entry.file_name().to_string_lossy().into_owned());
            }
        }
        names.sort();
        for name in names {
            let Some((stem, extension)) = name.split_once('.') else {
                continue;
            };
            let Some(content_type) = content_type(extension) else {
                continue;
            };
            let identity = Bytes::from(std::fs::read(folder.join(&name))?);
            let hash = fingerprint(&identity);
            let hashed = format!("{PREFIX}{stem}.{hash}.{extension}");
            let asset = Arc::new(Asset {
                identity,
                content_type,
                hash,
                brotli: OnceLock::new(),
                gzip: OnceLock::new(),
            });
            assets.note_url(stem, extension, &hashed);
            assets.files.insert(hashed, (asset.clone(), true));
            assets
                .files
                .insert(format!("{PREFIX}{name}"), (asset, false));
        }
        Ok(assets)
    }

    /// Remembers the fingerprinted addresses of the app's own bundle.
    fn note_url(&mut self, stem: &str, extension: &str, hashed: &str) {
        let bundle = app::OUTPUT_NAME;
        match extension {
            "css" if stem == bundle => self.urls.css = hashed.to_owned(),
            "js" if stem == bundle => self.urls.js = hashed.to_owned(),
            // wasm-bindgen names it `<name>_bg.wasm` unless told otherwise.
            "wasm" if stem == bundle || stem == format!("{bundle}_bg") => {
                self.urls.wasm = hashed.to_owned();
            }
            _ => {}
        }
    }

    /// The addresses pages link to.
    pub fn urls(&self) -> AssetUrls {
        self.urls.clone()
    }

    /// The answer for `path`, or `None` when it is not one of ours.
    async fn answer(&self, path: &str, headers: &HeaderMap) -> Option<Response> {
        let (asset, immutable) = self.files.get(path)?;
        let encoding = preferred_encoding(
            headers
                .get(header::ACCEPT_ENCODING)
                .and_then(|value| value.to_str().ok())
                .unwrap_or_default(),
        );
        let (hash, content_type) = (asset.hash.clone(), asset.content_type);
        let etag = match encoding.token() {
            Some(token) => format!("\"{hash}-{token}\""),
            None => format!("\"{hash}\""),
        };
        let asset = asset.clone();
        // Compressing is CPU work (once per file and encoding): off the
        // threads that serve requests.
        let body = tokio::task::spawn_blocking(move || asset.body(encoding))
            .await
            .ok()?;
        let cache = if *immutable { IMMUTABLE } else { "no-cache" };
        let mut response = if matches(headers, &etag) {
            StatusCode::NOT_MODIFIED.into_response()
        } else {
            let mut response = Body::from(body).into_response();
            response
                .headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
            if let Some(token) = encoding.token() {
                response
                    .headers_mut()
                    .insert(header::CONTENT_ENCODING, HeaderValue::from_static(token));
            }
            response
        };
        let h = response.headers_mut();
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        if let Ok(value) = HeaderValue::from_str(&etag) {
            h.insert(header::ETAG, value);
        }
        Some(response)
    }
}

impl Asset {
    /// The body in `encoding`, compressing it the first time.
    fn body(&self, encoding: Encoding) -> Bytes {
        match encoding {
            Encoding::Identity => self.identity.clone(),
            Encoding::Brotli => self
                .brotli
                .get_or_init(|| compress_brotli(&self.identity))
                .clone(),
            Encoding::Gzip => self
                .gzip
                .get_or_init(|| compress_gzip(&self.identity))
                .clone(),
        }
    }
}

/// The first 16 hexadecimal digits of the content's SHA-256: enough that
/// two builds never share a name.
fn fingerprint(content: &[u8]) -> String {
    let digest = Sha256::digest(content);
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

fn content_type(extension: &str) -> Option<&'static str> {
    Some(match extension {
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "woff2" => "font/woff2",
        // Type declarations and anything else wasm-bindgen leaves are not
        // for browsers.
        _ => return None,
    })
}

/// Brotli at its strongest setting for what a release build sends (made
/// once, so the time is spent once); a debug build's much larger WASM gets
/// a quicker setting.
fn compress_brotli(input: &[u8]) -> Bytes {
    let quality = if input.len() <= 1 << 20 { 11 } else { 6 };
    let mut output = Vec::with_capacity(input.len() / 3);
    {
        let mut writer = brotli::CompressorWriter::new(&mut output, 64 * 1024, quality, 22);
        // Writing to a Vec cannot fail.
        let _ = writer.write_all(input);
    }
    Bytes::from(output)
}

fn compress_gzip(input: &[u8]) -> Bytes {
    let mut writer = flate2::write::GzEncoder::new(
        Vec::with_capacity(input.len() / 3),
        flate2::Compression::best(),
    );
    let _ = writer.write_all(input);
    Bytes::from(writer.finish().unwrap_or_default())
}

/// The encoding to send for an `Accept-Encoding` header: brotli if the
/// client takes it, else gzip, else none. `q=0` refuses one; `*` stands for
/// any not named.
pub fn preferred_encoding(accept: &str) -> Encoding {
    let mut brotli = None;
    let mut gzip = None;
    let mut any = None;
    for entry in accept.split(',') {
        let mut parts = entry.split(';');
        let name = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        let accepted = parts
            .filter_map(|param| param.trim().strip_prefix("q="))
            .all(|q| q.trim().parse::<f32>().is_ok_and(|q| q > 0.0));
        match name.as_str() {
            "br" => brotli = Some(accepted),
            "gzip" | "x-gzip" => gzip = Some(accepted),
            "*" => any = Some(accepted),
            _ => {}
        }
    }
    if brotli.or(any) == Some(true) {
        Encoding::Brotli
    } else if gzip.or(any) == Some(true) {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

/// Whether `If-None-Match` names `etag` (or is `*`).
fn matches(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|tag| tag.trim().trim_start_matches("W/"))
        .any(|tag| tag == "*" || tag == etag)
}

/// Middleware: answers `GET` and `HEAD` of the site's files; everything
/// else (and an unknown `/pkg/` path, which gets the app's 404 page) goes
/// on to the router.
pub async fn serve(
    State(assets): State<Arc<SiteAssets>>,
    request: Request,
    next: Next,
) -> Response {
    let method = request.method();
    if (method == Method::GET || method == Method::HEAD) && request.uri().path().starts_with(PREFIX)
    {
        let head = method == Method::HEAD;
        if let Some(mut response) = assets.answer(request.uri().path(), request.headers()).await {
            if head {
                *response.body_mut() = Body::empty();
            }
            return response;
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brotli_is_preferred_then_gzip_and_a_zero_weight_refuses() {
        assert_eq!(preferred_encoding("gzip, deflate, br"), Encoding::Brotli);
        assert_eq!(preferred_encoding("gzip"), Encoding::Gzip);
        assert_eq!(preferred_encoding("br;q=0, gzip;q=0.5"), Encoding::Gzip);
        assert_eq!(preferred_encoding("br;q=0, gzip;q=0"), Encoding::Identity);
        assert_eq!(preferred_encoding(""), Encoding::Identity);
        assert_eq!(preferred_encoding("identity"), Encoding::Identity);
        assert_eq!(preferred_encoding("*"), Encoding::Brotli);
        assert_eq!(preferred_encoding("*;q=0"), Encoding::Identity);
        assert_eq!(preferred_encoding("br;q=0, *"), Encoding::Gzip);
        assert_eq!(preferred_encoding("BR;q=1.0"), Encoding::Brotli);
        assert_eq!(preferred_encoding("br;q=nonsense"), Encoding::Identity);
    }

    #[test]
    fn compressed_copies_decompress_to_the_file() {
        let input = b"body { color: #0b0c0c; }\n".repeat(200);
        let brotli = compress_brotli(&input);
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut &brotli[..], &mut out).unwrap();
        assert_eq!(out, input);
        let gzip = compress_gzip(&input);
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gzip[..]), &mut out).unwrap();
        assert_eq!(out, input);
        assert!(brotli.len() < input.len() / 10 && gzip.len() < input.len() / 10);
    }

    #[test]
    fn files_get_fingerprinted_names_and_the_bundle_s_are_known() {
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir(site.path().join("pkg")).unwrap();
        let pkg = site.path().join("pkg");
        std::fs::write(pkg.join("citizen-privacy.css"), "a{}").unwrap();
        std::fs::write(pkg.join("citizen-privacy.js"), "export{}").unwrap();
        std::fs::write(pkg.join("citizen-privacy_bg.wasm"), b"\0asm").unwrap();
        std::fs::write(pkg.join("citizen-privacy.d.ts"), "declare").unwrap();
        let assets = SiteAssets::load(site.path()).unwrap();
        let urls = assets.urls();
        let css_hash = fingerprint(b"a{}");
        assert_eq!(urls.css, format!("/pkg/citizen-privacy.{css_hash}.css"));
        assert!(urls.js.starts_with("/pkg/citizen-privacy.") && urls.js.ends_with(".js"));
        assert!(urls.wasm.starts_with("/pkg/citizen-privacy_bg.") && urls.wasm.ends_with(".wasm"));
        assert!(assets.files.contains_key("/pkg/citizen-privacy.css"));
        assert!(
            !assets.files.keys().any(|path| path.contains(".d.")),
            "no type declarations"
        );
        assert_eq!(assets.files.len(), 6);
        // A different content is a different name.
        assert_ne!(fingerprint(b"a{}"), fingerprint(b"b{}"));
        assert_eq!(fingerprint(b"a{}").len(), 16);
    }

    #[test]
    fn a_site_without_files_is_empty_not_an_error() {
        let site = tempfile::tempdir().unwrap();
        let assets = SiteAssets::load(site.path()).unwrap();
        assert!(assets.files.is_empty());
        assert_eq!(assets.urls(), AssetUrls::default());
    }
}
