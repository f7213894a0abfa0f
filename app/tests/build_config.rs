//! The bundle name lives in three places that must agree: the
//! cargo-leptos metadata, the `.cargo/config.toml` environment and
//! `app::OUTPUT_NAME` (used for the stylesheet and error pages).

use std::{fs, path::Path};

fn quoted_value_after(text: &str, prefix: &str) -> Option<String> {
    text.lines()
        .map(str::trim)
        .find_map(|line| line.strip_prefix(prefix))
        .map(|rest| {
            rest.trim()
                .trim_start_matches('=')
                .trim()
                .trim_matches('"')
                .to_owned()
        })
}

#[test]
fn bundle_name_agrees_everywhere() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let manifest = fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let metadata = &manifest[manifest
        .find("[[workspace.metadata.leptos]]")
        .expect("cargo-leptos metadata")..];
    assert_eq!(
        quoted_value_after(metadata, "name ").as_deref(),
        Some(app::OUTPUT_NAME)
    );
    let config = fs::read_to_string(root.join(".cargo/config.toml")).unwrap();
    assert_eq!(
        quoted_value_after(&config, "LEPTOS_OUTPUT_NAME").as_deref(),
        Some(app::OUTPUT_NAME)
    );
    assert_eq!(option_env!("LEPTOS_OUTPUT_NAME"), Some(app::OUTPUT_NAME));
}
