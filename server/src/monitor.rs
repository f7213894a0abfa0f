//! `server monitor URL`: anyone's check of a deployment's log, run from a
//! timer. It mirrors the log's checkpoint and tiles (C2SP paths under
//! URL) into a state directory, and each time checks the new checkpoint
//! (the log's signature, enough cosignatures from the witnesses it trusts),
//! that the log neither shrank nor forked since it last looked, and that
//! the tiles add up to the checkpoint. A problem is named on standard error
//! with a non-zero exit, and the state is left as it was.

use std::{
    collections::HashMap,
    path::{Path, PathBuf},
};

use futures::{StreamExt as _, TryStreamExt as _};
use transparency::{
    monitor::{Seen, accept, observe, tiles_to_fetch},
    note::{CosignatureVerifier, checkpoint_text},
    tiles::Mirror,
};

/// How the monitor was asked to run.
#[derive(Debug, PartialEq, Eq, clap::Args)]
pub struct MonitorArgs {
    /// Where the log's files are: URL/checkpoint and URL/tile/….
    pub url: String,
    /// The log's checkpoint verifier key, as the province publishes it.
    #[arg(long)]
    pub log_key: String,
    /// A witness's verifier key; repeat for each witness trusted.
    #[arg(long = "witness")]
    pub witnesses: Vec<String>,
    /// How many of those witnesses must have cosigned.
    #[arg(long, default_value_t = 1)]
    pub quorum: usize,
    /// Where the mirror and the last checkpoint seen are kept.
    #[arg(long)]
    pub state: PathBuf,
}

/// Most a checkpoint may be, and a tile (256 hashes).
const MAX_CHECKPOINT: usize = 64 * 1024;
const MAX_TILE: usize = 256 * 32;
/// Tiles fetched at once.
const PARALLEL_FETCHES: usize = 8;

/// Every tile file under `dir`, by its path relative to the state folder.
fn read_mirror(state: &Path) -> Result<Mirror, String> {
    let mut mirror = Mirror::new();
    let mut pending = vec![state.join("tile")];
    while let Some(dir) = pending.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => continue,
            Err(error) => return Err(format!("cannot read {}: {error}", dir.display())),
        };
        for entry in entries {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let relative = path
                .strip_prefix(state)
                .map_err(|e| e.to_string())?
                .to_string_lossy()
                .into_owned();
            let data = std::fs::read(&path).map_err(|e| format!("{relative}: {e}"))?;
            mirror
                .hold(&relative, data)
                .map_err(|e| format!("the mirror's {relative}: {e}"))?;
        }
    }
    Ok(mirror)
}

/// Writes `data` to `path` durably enough for a mirror (a temporary file,
/// renamed).
fn write_file(path: &Path, data: &[u8]) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    let temporary = path.with_extension("partial");
    std::fs::write(&temporary, data)
        .and_then(|()| std::fs::rename(&temporary, path))
        .map_err(|e| format!("{}: {e}", path.display()))
}

async fn fetch(client: &reqwest::Client, url: &str, limit: usize) -> Result<Vec<u8>, String> {
    let response = client
        .get(url)
        .send()
        .await
        .map_err(|e| format!("cannot fetch {url}: {e}"))?;
    if !response.status().is_success() {
        return Err(format!("cannot fetch {url}: {}", response.status()));
    }
    let body = response
        .bytes()
        .await
        .map_err(|e| format!("cannot fetch {url}: {e}"))?;
    if body.len() > limit {
        return Err(format!("{url} is larger than {limit} bytes"));
    }
    Ok(body.to_vec())
}

/// Looks at the log once. Ok: a line saying what was checked; Err: the
/// problem.
pub async fn run(args: &MonitorArgs) -> Result<String, String> {
    let witnesses = args
        .witnesses
        .iter()
        .map(|key| CosignatureVerifier::new(key).map_err(|e| format!("witness key {key:?}: {e}")))
        .collect::<Result<Vec<_>, _>>()?;
    std::fs::create_dir_all(&args.state).map_err(|e| format!("{}: {e}", args.state.display()))?;
    let seen_file = args.state.join("checkpoint");
    let seen = match std::fs::read(&seen_file) {
        Ok(note) => {
            let (_, size, root) =
                checkpoint_text(&note).map_err(|e| format!("{}: {e}", seen_file.display()))?;
            Some(Seen { size, root })
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(error) => return Err(format!("{}: {error}", seen_file.display())),
    };
    let mut mirror = read_mirror(&args.state)?;

    let base = args.url.trim_end_matches('/');
    let client = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .map_err(|e| e.to_string())?;
    let note = fetch(&client, &format!("{base}/checkpoint"), MAX_CHECKPOINT).await?;
    // Only a checkpoint the log signed and the witnesses cosigned says how
    // many tiles to ask for.
    let accepted = accept(&note, &args.log_key, &witnesses, args.quorum)
        .map_err(|problem| format!("PROBLEM: {problem}"))?;
    let size = accepted.size;
    let held = seen.map_or(0, |s| s.size.min(size));
    let paths = tiles_to_fetch(held, size);
    let fetched: HashMap<String, Vec<u8>> = futures::stream::iter(paths)
        .map(|path| {
            let client = client.clone();
            let url = format!("{base}/{path}");
            async move {
                fetch(&client, &url, MAX_TILE)
                    .await
                    .map(|data| (path, data))
            }
        })
        .buffer_unordered(PARALLEL_FETCHES)
        .try_collect()
        .await?;
    let accepted = observe(seen, &mut mirror, accepted, |path| {
        fetched.get(path).cloned()
    })
    .map_err(|problem| format!("PROBLEM: {problem}"))?;
    for (path, data) in &fetched {
        write_file(&args.state.join(path), data)?;
    }
    write_file(&seen_file, &note)?;
    Ok(format!(
        "ok: {} entries (was {}), {} new tiles checked, cosigned by {}",
        accepted.size,
        seen.map_or(0, |s| s.size),
        fetched.len(),
        if accepted.cosigned_by.is_empty() {
            "no witness".to_owned()
        } else {
            accepted.cosigned_by.join(", ")
        }
    ))
}
