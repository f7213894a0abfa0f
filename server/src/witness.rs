//! `server witness`: this binary as a witness for other logs (C2SP
//! `tlog-witness`), meant to be run by bodies that do not answer to the
//! log's operator (a People's Council, the Department of Justice, a
//! university, a newspaper). It cosigns a log's checkpoint only when it is
//! consistent with the last one it cosigned for that log, and keeps that
//! last checkpoint on disk so a restart forgets nothing.
//!
//! `POST /add-checkpoint` takes the protocol's body and answers with the
//! cosignature line (200) or the protocol's refusal (400, 403, 404, 409
//! with the size it holds, 422). `GET /public-key` gives its verifier key.

use std::{
    collections::HashMap,
    io::Write as _,
    path::{Path, PathBuf},
    sync::Arc,
};

use axum::{
    Router,
    body::Bytes,
    extract::{DefaultBodyLimit, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use base64::{Engine as _, engine::general_purpose::STANDARD};
use transparency::{
    Hash,
    note::{Cosigner, NoteError},
    witness::{AddCheckpoint, Cosigned, Refusal, check, origin_of},
};

/// How the witness was asked to run.
#[derive(Debug, PartialEq, Eq, clap::Args)]
pub struct WitnessArgs {
    /// The witness's name, as its cosignatures carry it (for example
    /// witness.hdnd.hue.gov.vn).
    #[arg(long)]
    pub name: String,
    /// A file with the witness's Ed25519 seed (base64). Made, readable by
    /// its owner only, when it does not exist yet.
    #[arg(long)]
    pub key: PathBuf,
    /// A directory for the last checkpoint cosigned for each log.
    #[arg(long)]
    pub state: PathBuf,
    /// A log to witness, by its checkpoint verifier key
    /// (origin+id+base64 key). Repeat for each log.
    #[arg(long = "log", required = true)]
    pub logs: Vec<String>,
    /// Where to listen.
    #[arg(long, default_value = "127.0.0.1:8090")]
    pub listen: String,
}

/// Why the witness could not start.
#[derive(Debug, thiserror::Error)]
pub enum WitnessError {
    #[error("witness key {path}: {problem}")]
    Key { path: String, problem: String },
    #[error("log key {key:?}: {problem}")]
    Log { key: String, problem: NoteError },
    #[error("witness state {path}: {problem}")]
    State { path: String, problem: String },
    #[error("cannot listen on {address}: {problem}")]
    Listen { address: String, problem: String },
}

/// Most a request body may be: a checkpoint with its signatures and a
/// proof of 63 hashes fit in a few kilobytes.
const MAX_BODY: usize = 64 * 1024;

struct Witness {
    cosigner: Cosigner,
    /// Each witnessed log's verifier key, by origin.
    logs: HashMap<String, String>,
    state: PathBuf,
    /// Checking a log's last checkpoint and storing the new one happen
    /// under this lock, so two requests cannot roll the witness back.
    turn: tokio::sync::Mutex<()>,
    /// Held for the process's life: one witness per state directory.
    _lock: std::fs::File,
}

/// The seed in `path`, or a new one written there.
fn load_or_make_key(path: &Path) -> Result<[u8; 32], WitnessError> {
    let failed = |problem: String| WitnessError::Key {
        path: path.display().to_string(),
        problem,
    };
    match std::fs::read_to_string(path) {
        Ok(text) => STANDARD
            .decode(text.trim())
            .ok()
            .and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())
            .ok_or_else(|| failed("not 32 bytes of base64".into())),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            let seed: [u8; 32] = rand::random();
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut file = options.open(path).map_err(|e| failed(e.to_string()))?;
            writeln!(file, "{}", STANDARD.encode(seed))
                .and_then(|()| file.sync_all())
                .map_err(|e| failed(e.to_string()))?;
            Ok(seed)
        }
        Err(error) => Err(failed(error.to_string())),
    }
}

/// The file that holds a log's last cosigned checkpoint (named by a hash
/// of its origin, which may hold any character).
fn state_file(dir: &Path, origin: &str) -> PathBuf {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(origin.as_bytes());
    let name: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    dir.join(format!("{name}.checkpoint"))
}

/// The last checkpoint cosigned for `origin`: its size and root.
fn read_state(dir: &Path, origin: &str) -> std::io::Result<Option<Cosigned>> {
    let text = match std::fs::read_to_string(state_file(dir, origin)) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(error),
    };
    let corrupt = || std::io::Error::new(std::io::ErrorKind::InvalidData, "corrupt state");
    let mut lines = text.lines();
    if lines.next() != Some(origin) {
        return Err(corrupt());
    }
    let size = lines
        .next()
        .and_then(|l| l.parse::<u64>().ok())
        .ok_or_else(corrupt)?;
    let root = lines
        .next()
        .and_then(|l| STANDARD.decode(l).ok())
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .ok_or_else(corrupt)?;
    Ok(Some(Cosigned {
        size,
        root: Hash(root),
    }))
}

/// Stores the new state durably: a temporary file, synced, renamed over
/// the old one, and the directory synced.
fn write_state(dir: &Path, origin: &str, state: Cosigned) -> std::io::Result<()> {
    let path = state_file(dir, origin);
    let temporary = path.with_extension("new");
    let mut file = std::fs::File::create(&temporary)?;
    write!(
        file,
        "{origin}\n{}\n{}\n",
        state.size,
        STANDARD.encode(state.root.0)
    )?;
    file.sync_all()?;
    std::fs::rename(&temporary, &path)?;
    std::fs::File::open(dir)?.sync_all()
}

fn text(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        body,
    )
        .into_response()
}

async fn add_checkpoint(State(witness): State<Arc<Witness>>, body: Bytes) -> Response {
    let refused = |refusal: Refusal| {
        let status = StatusCode::from_u16(refusal.status()).unwrap_or(StatusCode::BAD_REQUEST);
        match refusal {
            Refusal::Conflict { latest } => (
                status,
                [(header::CONTENT_TYPE, "text/x.tlog.size")],
                format!("{latest}\n"),
            )
                .into_response(),
            other => text(status, format!("{other}\n")),
        }
    };
    let request = match AddCheckpoint::from_bytes(&body) {
        Ok(request) => request,
        Err(refusal) => return refused(refusal),
    };
    let origin = match origin_of(&request.note) {
        Ok(origin) => origin,
        Err(refusal) => return refused(refusal),
    };
    let Some(log_key) = witness.logs.get(&origin) else {
        return refused(Refusal::UnknownLog);
    };
    let _turn = witness.turn.lock().await;
    let last = match read_state(&witness.state, &origin) {
        Ok(last) => last,
        Err(error) => {
            tracing::error!(%error, %origin, "cannot read the witness state");
            return text(
                StatusCode::INTERNAL_SERVER_ERROR,
                "state unreadable\n".into(),
            );
        }
    };
    let new = match check(&request, log_key, last) {
        Ok(new) => new,
        Err(refusal) => {
            // Possible evidence of a misbehaving log: keep a trace.
            tracing::warn!(%origin, %refusal, old = request.old_size, "checkpoint refused");
            return refused(refusal);
        }
    };
    if last != Some(new)
        && let Err(error) = write_state(&witness.state, &origin, new)
    {
        tracing::error!(%error, %origin, "cannot store the witness state");
        return text(
            StatusCode::INTERNAL_SERVER_ERROR,
            "state unwritable\n".into(),
        );
    }
    let Ok((checkpoint, _, _)) = transparency::note::checkpoint_text(&request.note) else {
        return refused(Refusal::Malformed);
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    match witness.cosigner.cosign(&checkpoint, now) {
        Ok(line) => {
            tracing::info!(%origin, size = new.size, "cosigned");
            text(StatusCode::OK, line)
        }
        Err(error) => {
            tracing::error!(%error, "cannot cosign");
            text(StatusCode::INTERNAL_SERVER_ERROR, "cannot cosign\n".into())
        }
    }
}

async fn public_key(State(witness): State<Arc<Witness>>) -> Response {
    text(
        StatusCode::OK,
        format!("{}\n", witness.cosigner.verifier_key()),
    )
}

fn prepare(args: &WitnessArgs) -> Result<Witness, WitnessError> {
    let seed = load_or_make_key(&args.key)?;
    let cosigner = Cosigner::from_seed(&args.name, &seed).map_err(|e| WitnessError::Key {
        path: args.key.display().to_string(),
        problem: e.to_string(),
    })?;
    let mut logs = HashMap::new();
    for key in &args.logs {
        // A valid log key verifies a checkpoint; its name is the origin.
        let origin = transparency::note::log_origin(key).map_err(|problem| WitnessError::Log {
            key: key.clone(),
            problem,
        })?;
        logs.insert(origin, key.trim().to_owned());
    }
    let state_failed = |problem: String| WitnessError::State {
        path: args.state.display().to_string(),
        problem,
    };
    std::fs::create_dir_all(&args.state).map_err(|e| state_failed(e.to_string()))?;
    let lock = std::fs::File::create(args.state.join("witness.lock"))
        .map_err(|e| state_failed(e.to_string()))?;
    lock.try_lock()
        .map_err(|_| state_failed("another witness is using it".into()))?;
    Ok(Witness {
        cosigner,
        logs,
        state: args.state.clone(),
        turn: tokio::sync::Mutex::new(()),
        _lock: lock,
    })
}

/// Runs the witness until SIGTERM or Ctrl-C.
pub async fn serve(args: WitnessArgs) -> Result<(), WitnessError> {
    let filter = std::env::var("RUST_LOG").unwrap_or_else(|_| "info".to_owned());
    let format = match std::env::var("LOG_FORMAT").as_deref() {
        Ok("json") => crate::config::LogFormat::Json,
        _ => crate::config::LogFormat::Text,
    };
    crate::telemetry::init_with(&filter, format);
    let witness = Arc::new(prepare(&args)?);
    eprintln!(
        "witness {} for {} log(s); its key: {}",
        args.name,
        witness.logs.len(),
        witness.cosigner.verifier_key()
    );
    let router = Router::new()
        .route("/add-checkpoint", post(add_checkpoint))
        .route("/public-key", get(public_key))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(witness);
    let listener = tokio::net::TcpListener::bind(&args.listen)
        .await
        .map_err(|e| WitnessError::Listen {
            address: args.listen.clone(),
            problem: e.to_string(),
        })?;
    axum::serve(listener, router)
        .with_graceful_shutdown(crate::startup::shutdown_signal())
        .await
        .map_err(|e| WitnessError::Listen {
            address: args.listen.clone(),
            problem: e.to_string(),
        })
}

/// A witness the log asks for cosignatures: where it takes submissions,
/// and its key as the log (and its readers) pin it.
#[derive(Clone, Debug)]
pub struct Peer {
    pub url: String,
    pub name: String,
    key: transparency::note::CosignatureVerifier,
}

impl Peer {
    /// `URL KEY`: the witness's submission prefix and its verifier key.
    pub fn parse(line: &str) -> Result<Peer, String> {
        let (url, key) = line
            .trim()
            .split_once(char::is_whitespace)
            .ok_or_else(|| format!("{line:?}: expected the witness's URL and its key"))?;
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            return Err(format!("{url:?}: not an http(s) URL"));
        }
        let key = key.trim();
        let verifier = transparency::note::CosignatureVerifier::new(key)
            .map_err(|e| format!("{key:?}: {e}"))?;
        Ok(Peer {
            url: url.trim_end_matches('/').to_owned(),
            name: key.split('+').next().unwrap_or_default().to_owned(),
            key: verifier,
        })
    }
}

/// What one witness said.
#[derive(Debug, PartialEq, Eq)]
pub enum Answer {
    /// Its cosignature line, checked against its key.
    Cosigned(String),
    Refused(String),
}

/// Asks `peer` to cosign `note` (the log's checkpoint of `size` leaves,
/// signed with the key `log_key`). `old` is the size the log believes the
/// witness last cosigned (0 when it does not know); a witness that holds
/// another size says so (409), and the request is made once more from that
/// size. `prove` gives the consistency proof from a size to `size` (None
/// when it cannot).
pub async fn ask_witness(
    client: &reqwest::Client,
    peer: &Peer,
    log_key: &str,
    note: &[u8],
    old: u64,
    prove: &(dyn Fn(u64) -> Option<Vec<Hash>> + Sync),
) -> Answer {
    let mut old = old;
    for _ in 0..2 {
        let Some(proof) = prove(old) else {
            return Answer::Refused(format!("cannot prove consistency from {old}"));
        };
        let body = AddCheckpoint {
            old_size: old,
            proof,
            note: note.to_vec(),
        }
        .to_bytes();
        let response = match client
            .post(format!("{}/add-checkpoint", peer.url))
            .body(body)
            .send()
            .await
        {
            Ok(response) => response,
            Err(error) => return Answer::Refused(format!("unreachable: {error}")),
        };
        let status = response.status().as_u16();
        let text = response.text().await.unwrap_or_default();
        match status {
            // Only a line that verifies with this witness's key counts.
            200 => {
                let witness = std::slice::from_ref(&peer.key);
                return text
                    .lines()
                    .map(|line| format!("{line}\n"))
                    .find(|line| {
                        let mut single = note.to_vec();
                        single.extend_from_slice(line.as_bytes());
                        transparency::note::accept_checkpoint(&single, log_key, witness, 1).is_ok()
                    })
                    .map_or_else(
                        || Answer::Refused("its answer holds no valid cosignature".into()),
                        Answer::Cosigned,
                    );
            }
            409 => match text.trim().parse::<u64>() {
                Ok(held) if held != old => old = held,
                _ => return Answer::Refused(format!("conflict: {}", text.trim())),
            },
            other => return Answer::Refused(format!("{other}: {}", text.trim())),
        }
    }
    Answer::Refused("the size it holds keeps changing".into())
}
