//! Every message key exists in both languages, and every key the code uses
//! exists. Keys built at run time (such as `message_id()` results) are
//! checked by unit tests next to the code that builds them.

use std::{
    collections::BTreeSet,
    fs,
    path::{Path, PathBuf},
};

use regex::Regex;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn files_with_extension(dir: &Path, extension: &str, found: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_with_extension(&path, extension, found);
        } else if path.extension().is_some_and(|e| e == extension) {
            found.push(path);
        }
    }
}

fn message_ids(lang: &str) -> BTreeSet<String> {
    let mut files = Vec::new();
    files_with_extension(&workspace().join("locales").join(lang), "ftl", &mut files);
    assert!(!files.is_empty(), "no .ftl files for {lang}");
    let id = Regex::new(r"(?m)^([A-Za-z][A-Za-z0-9_-]*)\s*=").unwrap();
    let mut ids = BTreeSet::new();
    for file in files {
        let text = fs::read_to_string(&file).unwrap();
        for capture in id.captures_iter(&text) {
            assert!(
                ids.insert(capture[1].to_owned()),
                "{} is defined twice in {lang}",
                &capture[1]
            );
        }
    }
    ids
}

#[test]
fn both_languages_have_exactly_the_same_keys() {
    let vi = message_ids("vi");
    let en = message_ids("en");
    let only_vi: Vec<_> = vi.difference(&en).collect();
    let only_en: Vec<_> = en.difference(&vi).collect();
    assert!(only_vi.is_empty(), "keys only in vi: {only_vi:?}");
    assert!(only_en.is_empty(), "keys only in en: {only_en:?}");
}

#[test]
fn every_key_used_in_the_code_exists() {
    let defined = message_ids("vi");
    let mut sources = Vec::new();
    for crate_dir in ["app/src", "server/src"] {
        files_with_extension(&workspace().join(crate_dir), "rs", &mut sources);
    }
    // Calls that take a literal key, optionally after a first argument such
    // as the language: t("k"), t_with("k", …), title("k"), key("k"),
    // translate(lang, "k"), translate_with(lang, "k", …), has_message(lang, "k").
    let call = Regex::new(
        r#"\b(?:t|t_with|title|key|translate|translate_with|has_message)\(\s*(?:[A-Za-z_][A-Za-z0-9_:.]*\s*,\s*)?"([^"]*)""#,
    )
    .unwrap();
    // Arms of message_id() methods: `=> "error-forbidden",`. Only inside
    // those methods: other matches map to codes that are not message keys.
    let arm = Regex::new(r#"=>\s*"([a-z][a-z0-9]*(?:-[a-z0-9]+)+)""#).unwrap();
    let message_id_fn = Regex::new(r"(?s)fn message_id\(.*?\n    \}\n").unwrap();
    let mut used = 0;
    let mut missing = Vec::new();
    for file in &sources {
        let text = fs::read_to_string(file).unwrap();
        // Unit tests deliberately look up keys that do not exist.
        let text = text.split("#[cfg(test)]").next().unwrap_or_default();
        let arms = message_id_fn
            .find_iter(text)
            .flat_map(|body| arm.captures_iter(body.as_str()));
        for capture in call.captures_iter(text).chain(arms) {
            used += 1;
            if !defined.contains(&capture[1]) {
                missing.push(format!("{}: {}", file.display(), &capture[1]));
            }
        }
    }
    assert!(
        used > 50,
        "the key scan found only {used} uses: is the pattern still right?"
    );
    assert!(
        missing.is_empty(),
        "keys used in code but in no locale: {missing:#?}"
    );
}

#[test]
fn the_scan_would_catch_a_misspelt_key() {
    let call = Regex::new(
        r#"\b(?:t|t_with|title|key|translate|translate_with|has_message)\(\s*(?:[A-Za-z_][A-Za-z0-9_:.]*\s*,\s*)?"([^"]*)""#,
    )
    .unwrap();
    let sample = "i18n.t(\"home-titel\"); translate(lang, \"x-y\"); i18n.t_with(\n    \"a-b\",";
    let keys: Vec<_> = call
        .captures_iter(sample)
        .map(|c| c[1].to_owned())
        .collect();
    assert_eq!(keys, ["home-titel", "x-y", "a-b"]);
    assert!(!message_ids("vi").contains("home-titel"));
}
