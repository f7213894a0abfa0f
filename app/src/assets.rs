//! Where the browser finds the site's compiled files: the style sheet and
//! the islands' JavaScript and WASM. The server names each file after a hash
//! of its content (so a browser may keep it for a year) and hands the names
//! to the pages as context; without that context (a test rendering a page
//! on its own) the plain names are used.

use leptos::prelude::*;

use crate::OUTPUT_NAME;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssetUrls {
    pub css: String,
    pub js: String,
    pub wasm: String,
}

impl Default for AssetUrls {
    fn default() -> Self {
        AssetUrls {
            css: format!("/pkg/{OUTPUT_NAME}.css"),
            js: format!("/pkg/{OUTPUT_NAME}.js"),
            wasm: format!("/pkg/{OUTPUT_NAME}.wasm"),
        }
    }
}

/// The page's asset addresses.
pub fn use_asset_urls() -> AssetUrls {
    use_context::<AssetUrls>().unwrap_or_default()
}
