//! The server binary's start-up failures: one clear line on stderr and a
//! non-zero exit, never a panic trace; and a clean exit on SIGTERM.

use std::{
    io::{BufRead, BufReader},
    process::{Command, Stdio},
    time::{Duration, Instant},
};

fn server(vars: &[(&str, &str)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_server"));
    command
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("RUST_LOG", "info")
        .stdin(Stdio::null());
    for (name, value) in vars {
        command.env(name, value);
    }
    command
}

/// Runs the server expecting it to stop by itself; returns stderr.
fn fails_with(vars: &[(&str, &str)]) -> String {
    let output = server(vars).output().unwrap();
    assert!(!output.status.success(), "should have failed: {vars:?}");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

#[test]
fn a_malformed_database_url_names_the_variable() {
    let stderr = fails_with(&[("DATABASE_URL", "mysql://root@localhost/x")]);
    assert!(
        stderr.starts_with("configuration error: DATABASE_URL:"),
        "{stderr}"
    );
}

#[test]
fn an_unreachable_database_is_one_line_without_the_password() {
    let started = Instant::now();
    // Port 1 on loopback: nothing listens there, the connection is refused.
    let stderr = fails_with(&[("DATABASE_URL", "postgres://app:hunter2@127.0.0.1:1/dash")]);
    assert!(
        stderr.starts_with("database error: cannot open the database"),
        "{stderr}"
    );
    assert!(stderr.contains("127.0.0.1:1/dash"), "{stderr}");
    assert!(!stderr.contains("hunter2"), "{stderr}");
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[test]
fn a_port_in_use_is_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = taken.local_addr().unwrap().to_string();
    let database = format!("sqlite://{}/x.db", dir.path().display());
    let stderr = fails_with(&[("LISTEN_ADDR", &address), ("DATABASE_URL", &database)]);
    assert!(
        stderr.starts_with(&format!("cannot listen on {address}")),
        "{stderr}"
    );
}

#[test]
fn sigterm_stops_the_server_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}/x.db", dir.path().display());
    let mut child = server(&[
        ("LISTEN_ADDR", "127.0.0.1:0"),
        ("DATABASE_URL", &database),
        ("LOG_FORMAT", "json"),
    ])
    .stdout(Stdio::piped())
    .stderr(Stdio::null())
    .spawn()
    .unwrap();
    // Wait for the JSON "listening" line, which also proves JSON logs work.
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let mut address = None;
    for line in stdout.lines() {
        let line = line.unwrap();
        let event: serde_json::Value = serde_json::from_str(&line).expect("JSON log line");
        if event["message"] == "listening" {
            address = event["address"].as_str().map(str::to_owned);
            break;
        }
    }
    let address = address.expect("the server logs its address");
    let health = std::net::TcpStream::connect(&address);
    assert!(health.is_ok(), "listening on {address}");
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = child.wait().unwrap();
    assert!(exit.success(), "{exit:?}");
}

#[test]
fn maintenance_commands_issue_tokens_and_verify_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/cli.db", dir.path().display());
    let vars = [("DATABASE_URL", url.as_str())];

    let issued = server(&vars)
        .args(["issue-agency-token", "BCA"])
        .output()
        .unwrap();
    assert!(issued.status.success(), "{issued:?}");
    let token = String::from_utf8(issued.stdout).unwrap();
    assert!(token.trim().starts_with("cpd_"), "{token}");
    let id = server::http::agency_api::token_id(&token).to_owned();
    let told = String::from_utf8_lossy(&issued.stderr);
    assert!(
        told.contains(&format!("token {id} for BCA, expires ")),
        "{told}"
    );

    let listed = server(&vars)
        .args(["list-agency-tokens", "BCA"])
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&listed.stdout);
    let row = listed
        .lines()
        .find(|line| line.starts_with(&id))
        .expect("listed");
    assert!(row.ends_with("\t-\t-"), "never used, not revoked: {row}");
    assert!(!listed.contains(token.trim()), "the secret is never shown");

    let revoked = server(&vars)
        .args(["revoke-agency-token", token.trim()])
        .output()
        .unwrap();
    assert!(revoked.status.success(), "{revoked:?}");
    assert_eq!(
        String::from_utf8_lossy(&revoked.stdout).trim(),
        format!("revoked token {id}")
    );
    let listed = server(&vars).arg("list-agency-tokens").output().unwrap();
    let listed = String::from_utf8_lossy(&listed.stdout);
    let row = listed.lines().find(|line| line.starts_with(&id)).unwrap();
    assert!(!row.ends_with("\t-"), "the revocation time is shown: {row}");
    let unknown = server(&vars)
        .args(["revoke-agency-token", "nope"])
        .output()
        .unwrap();
    assert!(!unknown.status.success());

    let unknown = server(&vars)
        .args(["issue-agency-token", "NOPE"])
        .output()
        .unwrap();
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no agency"));

    let verified = server(&vars).arg("verify-log").output().unwrap();
    assert!(verified.status.success(), "{verified:?}");
    assert!(String::from_utf8_lossy(&verified.stdout).starts_with("ok: 0 events"));

    let wrong = server(&vars).arg("frobnicate").output().unwrap();
    assert!(!wrong.status.success());
    assert!(String::from_utf8_lossy(&wrong.stderr).starts_with("usage:"));
}

#[test]
fn generated_scale_data_is_chained_deterministic_and_appended_once() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/scale.db", dir.path().display());
    let vars = [("DATABASE_URL", url.as_str())];
    let generate = || {
        let output = server(&vars)
            .args([
                "generate", "--people", "300", "--events", "3_000", "--seed", "5",
            ])
            .args(["--batch", "700"])
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stdout).unwrap()
    };
    let first = generate();
    assert!(
        first.starts_with("ok: 300 people,")
            && first.contains(" 3000 events appended, 0 already there"),
        "{first}"
    );
    // The busiest person's line names a valid number and more events than
    // the mean of ten.
    let busiest = first.lines().find(|l| l.starts_with("busiest: ")).unwrap();
    let number = busiest.split_whitespace().nth(1).unwrap();
    assert!(app::domain::PersonalId::parse(number).is_ok(), "{busiest}");
    let events: u32 = busiest
        .rsplit('(')
        .next()
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(events > 10, "{busiest}");

    let second = generate();
    assert!(
        second.contains(" 0 events appended, 3000 already there"),
        "{second}"
    );

    let verified = server(&vars).arg("verify-log").output().unwrap();
    assert!(verified.status.success(), "{verified:?}");
    assert!(String::from_utf8_lossy(&verified.stdout).starts_with("ok: "));

    let bad = server(&vars)
        .args(["generate", "--people", "many"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(
        String::from_utf8_lossy(&bad.stderr).starts_with("generate: --people needs a whole number")
    );
}

/// Runs a maintenance command; returns whether it succeeded, its stdout
/// and its stderr.
fn run(vars: &[(&str, &str)], args: &[&str]) -> (bool, String, String) {
    let output = server(vars).args(args).output().unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn the_first_administrator_is_appointed_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/roles.db", dir.path().display());
    let vars = [("DATABASE_URL", url.as_str()), ("DEMO_DATA", "false")];
    let grant = |id: &str, role: &str| {
        run(
            &vars,
            &[
                "grant-role",
                "--personal-id",
                id,
                "--role",
                role,
                "--name",
                "Hoàng Thu Hà",
                "--decision",
                "01/QĐ-UBND",
            ],
        )
    };
    let (ok, _, stderr) = grant("0012345", "administrator");
    assert!(!ok);
    assert!(stderr.starts_with("--personal-id: "), "{stderr}");
    let (ok, _, stderr) = grant("001234567890", "king");
    assert!(!ok);
    assert!(stderr.starts_with("--role: "), "{stderr}");
    let (ok, stdout, _) = grant("001234567890", "administrator");
    assert!(ok);
    assert!(
        stdout.starts_with("ok: Hoàng Thu Hà (••••••••7890) is now administrator"),
        "{stdout}"
    );
    let (ok, stdout, _) = grant("001234567890", "administrator");
    assert!(ok && stdout.starts_with("ok: already held"), "{stdout}");
    let (_, listed, _) = run(&vars, &["list-roles"]);
    let row = listed
        .lines()
        .find(|line| line.contains("administrator"))
        .expect("listed");
    assert!(row.contains("Hoàng Thu Hà\t••••••••7890"), "{row}");
    assert!(
        !listed.contains("001234567890"),
        "the number is never shown"
    );
    let id = row.split('\t').next().unwrap();
    // The command line may revoke the last administrator (recovery is a
    // new grant-role), and says so in the change log.
    let (ok, stdout, _) = run(&vars, &["revoke-role", id, "--reason", "left the service"]);
    assert!(ok, "{stdout}");
    assert!(stdout.starts_with("ok: revoked administrator"), "{stdout}");
    let (ok, _, stderr) = run(&vars, &["revoke-role", id, "--reason", "again"]);
    assert!(!ok);
    assert!(stderr.contains("no appointment"), "{stderr}");
}

#[test]
fn migrate_and_check_config_say_what_a_start_would_do() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/ops.db", dir.path().display());
    let site = dir.path().join("site");
    let site_root = site.display().to_string();
    let vars = [
        ("DATABASE_URL", url.as_str()),
        ("SITE_ROOT", site_root.as_str()),
        ("MIGRATE_AT_START", "off"),
    ];
    // No site yet, and a database not created: not ready.
    // A failed check prints its lines on stderr.
    let (ok, _, stdout) = run(&vars, &["check-config"]);
    assert!(!ok, "{stdout}");
    assert!(stdout.contains("does not exist yet"), "{stdout}");
    assert!(stdout.contains("site: "), "{stdout}");
    assert!(
        !dir.path().join("ops.db").exists(),
        "checking writes nothing"
    );

    let (ok, stdout, _) = run(&vars, &["migrate"]);
    assert!(ok, "{stdout}");
    let applied: usize = stdout
        .trim()
        .strip_prefix("ok: ")
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{stdout}"));
    let migrations =
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../migrations/sqlite"))
            .unwrap()
            .count();
    assert_eq!(applied, migrations);
    let (ok, stdout, _) = run(&vars, &["migrate"]);
    assert!(
        ok && stdout.starts_with("ok: 0 migration(s) applied"),
        "{stdout}"
    );

    std::fs::create_dir_all(site.join("pkg")).unwrap();
    std::fs::write(
        site.join("pkg").join(format!("{}.css", app::OUTPUT_NAME)),
        "",
    )
    .unwrap();
    let (ok, stdout, _) = run(&vars, &["check-config"]);
    assert!(ok, "{stdout}");
    assert!(stdout.contains("schema up to date"), "{stdout}");
    assert!(
        stdout.trim_end().ends_with("ok: the server would start"),
        "{stdout}"
    );

    // A database behind this version does not start when told not to
    // migrate.
    let fresh = format!("sqlite://{}/fresh.db", dir.path().display());
    let _ = run(&[("DATABASE_URL", fresh.as_str())], &["list-roles"]);
    let behind = fresh.clone();
    let forgotten = forget_newest_migration(&dir.path().join("fresh.db"));
    assert!(forgotten, "one migration forgotten");
    let stderr = fails_with(&[
        ("DATABASE_URL", behind.as_str()),
        ("MIGRATE_AT_START", "off"),
        ("LISTEN_ADDR", "127.0.0.1:0"),
    ]);
    assert!(
        stderr.contains("behind this version by 1 migration"),
        "{stderr}"
    );
}

/// Forgets the newest applied migration of a SQLite file, as a database
/// left by the previous version would look (through the server's own
/// driver, no extra crate).
fn forget_newest_migration(path: &std::path::Path) -> bool {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        use sqlx::Connection as _;
        let mut connection =
            sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
                .await
                .unwrap();
        let done = sqlx::query(
            "DELETE FROM _sqlx_migrations WHERE version = \
             (SELECT MAX(version) FROM _sqlx_migrations)",
        )
        .execute(&mut connection)
        .await
        .unwrap();
        done.rows_affected() == 1
    })
}

#[test]
fn a_backup_taken_under_write_load_restores_and_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/live.db", dir.path().display());
    let vars = [("DATABASE_URL", url.as_str())];
    let (ok, _, _) = run(&vars, &["migrate"]);
    assert!(ok);
    // A writer appends to the sharing log, batch after batch, while
    // backups are taken.
    let mut writer = server(&vars)
        .args([
            "generate", "--people", "2000", "--events", "400_000", "--batch", "500",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut during_writes = Vec::new();
    for n in 0..40 {
        std::thread::sleep(Duration::from_millis(150));
        let path = dir.path().join(format!("copy-{n}.db"));
        let (ok, stdout, stderr) = run(&vars, &["backup", &path.display().to_string()]);
        let still_writing = writer.try_wait().unwrap().is_none();
        if !ok {
            // Before the first batch there is nothing to copy yet.
            assert!(stderr.contains("backup failed"), "{stderr}");
            continue;
        }
        assert!(stdout.starts_with("ok: "), "{stdout}");
        if still_writing {
            during_writes.push(path);
        }
        if during_writes.len() >= 3 {
            break;
        }
    }
    let _ = writer.kill();
    let _ = writer.wait();
    assert!(!during_writes.is_empty(), "no backup overlapped the writes");
    // Restoring is putting the copy in place of the database.
    for copy in &during_writes {
        let restored = format!("sqlite://{}", copy.display());
        let (ok, stdout, stderr) = run(&[("DATABASE_URL", restored.as_str())], &["verify-log"]);
        assert!(ok, "{stdout} {stderr}");
        assert!(stdout.starts_with("ok: "), "{stdout}");
    }
    // A copy never overwrites a file, and PostgreSQL points to its tools.
    let (ok, _, stderr) = run(&vars, &["backup", &during_writes[0].display().to_string()]);
    assert!(!ok && stderr.contains("exists already"), "{stderr}");
    let (ok, _, stderr) = run(
        &[("DATABASE_URL", "postgres://app@127.0.0.1:1/dash")],
        &["backup", "/tmp/never"],
    );
    assert!(!ok && stderr.contains("pg_dump"), "{stderr}");
}

#[test]
fn a_rotated_token_names_its_successor_and_is_rotated_once() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/rotate.db", dir.path().display());
    let vars = [("DATABASE_URL", url.as_str())];
    let (ok, old, _) = run(&vars, &["issue-agency-token", "BCA"]);
    assert!(ok);
    let (ok, new, told) = run(
        &vars,
        &["rotate-agency-token", old.trim(), "--grace-days", "3"],
    );
    assert!(ok, "{told}");
    assert!(new.trim().starts_with("cpd_") && new.trim() != old.trim());
    let old_id = server::http::agency_api::token_id(old.trim());
    assert!(
        told.contains(&format!("the old token {old_id} works until ")),
        "{told}"
    );
    let (ok, _, told) = run(&vars, &["rotate-agency-token", old_id]);
    assert!(!ok && told.contains("rotated already"), "{told}");
    let (_, listed, _) = run(&vars, &["list-agency-tokens", "BCA"]);
    assert_eq!(
        listed.lines().count(),
        3,
        "a header and both tokens: {listed}"
    );
}

#[test]
fn a_rotated_checkpoint_key_is_written_for_its_owner_only_and_the_log_still_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/keys.db", dir.path().display());
    let vars = [("DATABASE_URL", url.as_str())];
    // A first start (here, a maintenance command that signs) registers the
    // configured key.
    let (ok, _, _) = run(&vars, &["generate", "--people", "20", "--events", "100"]);
    assert!(ok);
    let key_file = dir.path().join("checkpoint-key.new");
    let key_path = key_file.display().to_string();
    let (ok, stdout, stderr) = run(&vars, &["rotate-checkpoint-key", "--write-key", &key_path]);
    assert!(ok, "{stderr}");
    assert!(
        stdout.contains("is current from") && stdout.contains("retired: "),
        "{stdout}"
    );
    use std::os::unix::fs::PermissionsExt as _;
    let mode = std::fs::metadata(&key_file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    // The new key signs from now on; what the old one signed verifies.
    let new_vars = [
        ("DATABASE_URL", url.as_str()),
        ("CHECKPOINT_SIGNING_KEY_FILE", key_path.as_str()),
    ];
    let (ok, stdout, _) = run(
        &new_vars,
        &[
            "generate", "--people", "20", "--events", "200", "--seed", "2",
        ],
    );
    assert!(ok, "{stdout}");
    let (ok, stdout, stderr) = run(&vars, &["verify-log"]);
    assert!(ok, "{stderr}");
    assert!(stdout.starts_with("ok: "), "{stdout}");
    // A key file is never overwritten.
    let (ok, _, stderr) = run(&vars, &["rotate-checkpoint-key", "--write-key", &key_path]);
    assert!(!ok && stderr.contains("cannot write"), "{stderr}");
}

/// A witness process on `port` with its key and state in `dir`,
/// witnessing the log whose verifier key is `log_key`.
fn witness(dir: &std::path::Path, port: u16, log_key: &str) -> std::process::Child {
    server(&[])
        .args(["witness", "--name", "witness.test/w1", "--key"])
        .arg(dir.join("witness.key"))
        .arg("--state")
        .arg(dir.join("state"))
        .args(["--log", log_key, "--listen", &format!("127.0.0.1:{port}")])
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// A port nothing listens on now.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The witness's verifier key, once it answers at `url`.
async fn witness_key(client: &reqwest::Client, url: &str) -> String {
    for _ in 0..100 {
        if let Ok(response) = client.get(format!("{url}/public-key")).send().await {
            return response.text().await.unwrap().trim().to_owned();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the witness never answered");
}

#[test]
fn a_witness_cosigns_growth_refuses_each_rewrite_and_remembers_across_a_crash() {
    use transparency::{
        note::{CosignatureVerifier, LogSigner, accept_checkpoint},
        tree::{MemoryTree, consistency_proof},
        witness::AddCheckpoint,
    };
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let log = LogSigner::from_seed("privacy.test/log", &[5; 32]).unwrap();
    let log_key = log.verifier_key();
    let tree = |leaves: &[&str]| {
        let mut tree = MemoryTree::new();
        for leaf in leaves {
            tree.append(leaf.as_bytes());
        }
        tree
    };
    let request = |tree: &MemoryTree, old: u64, by: &LogSigner| AddCheckpoint {
        old_size: old,
        proof: consistency_proof(old, tree.size(), tree).unwrap_or_default(),
        note: by
            .sign(tree.size(), tree.root_at(tree.size()).unwrap())
            .unwrap(),
    };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let client = reqwest::Client::new();
    let base = format!("http://127.0.0.1:{port}");
    let submit = |request: AddCheckpoint| {
        let (client, base) = (client.clone(), base.clone());
        runtime.block_on(async move {
            let response = client
                .post(format!("{base}/add-checkpoint"))
                .body(request.to_bytes())
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            let kind = response
                .headers()
                .get("content-type")
                .map(|v| v.to_str().unwrap().to_owned())
                .unwrap_or_default();
            (status, kind, response.text().await.unwrap(), request.note)
        })
    };
    let public_key = || runtime.block_on(witness_key(&client, &base));

    let mut process = witness(dir.path(), port, &log_key);
    let key = public_key();
    let pinned = [CosignatureVerifier::new(&key).unwrap()];
    let cosigned = |(status, _, line, note): (u16, String, String, Vec<u8>)| {
        assert_eq!(status, 200, "{line}");
        let mut note = note;
        note.extend_from_slice(line.as_bytes());
        accept_checkpoint(&note, &log_key, &pinned, 1).unwrap()
    };
    let honest = ["a", "b", "c", "d", "e", "f", "g", "h"];
    let first = cosigned(submit(request(&tree(&honest[..3]), 0, &log)));
    assert_eq!(first.size, 3);
    assert_eq!(first.cosigned_by, ["witness.test/w1"]);
    let grown = cosigned(submit(request(&tree(&honest[..6]), 3, &log)));
    assert_eq!(grown.size, 6);

    // A crash in the middle of the run: the witness comes back with the
    // same key and what it last cosigned.
    process.kill().unwrap();
    process.wait().unwrap();
    let mut process = witness(dir.path(), port, &log_key);
    assert_eq!(public_key(), key, "the same key after a restart");

    // The tail deleted and the head reset: the witness holds 6.
    let (status, kind, body, _) = submit(request(&tree(&honest[..4]), 4, &log));
    assert_eq!(
        (status, kind.as_str(), body.as_str()),
        (409, "text/x.tlog.size", "6\n")
    );
    // History rewritten and signed again with the log's own key.
    let rewritten = tree(&["a", "X", "c", "d", "e", "f", "g"]);
    let mut forged = request(&rewritten, 6, &log);
    forged.proof = consistency_proof(6, 7, &rewritten).unwrap();
    assert_eq!(submit(forged).0, 422);
    // A second tree of the same size, for someone else.
    assert_eq!(
        submit(request(&tree(&["a", "b", "c", "d", "e", "Y"]), 6, &log)).0,
        409
    );
    // A checkpoint not signed by the log's key, and a log it does not witness.
    let stranger = LogSigner::from_seed("privacy.test/log", &[6; 32]).unwrap();
    assert_eq!(submit(request(&tree(&honest), 6, &stranger)).0, 403);
    let other_log = LogSigner::from_seed("other.test/log", &[5; 32]).unwrap();
    assert_eq!(submit(request(&tree(&honest), 0, &other_log)).0, 404);
    assert_eq!(
        submit(AddCheckpoint {
            old_size: 0,
            proof: vec![],
            note: b"junk".to_vec()
        })
        .0,
        400
    );

    // The honest log goes on being cosigned.
    assert_eq!(cosigned(submit(request(&tree(&honest), 6, &log))).size, 8);

    // One witness per state directory.
    let second = server(&[])
        .args(["witness", "--name", "witness.test/w1", "--key"])
        .arg(dir.path().join("witness.key"))
        .arg("--state")
        .arg(dir.path().join("state"))
        .args(["--log", &log_key, "--listen", "127.0.0.1:0"])
        .output()
        .unwrap();
    assert!(!second.status.success());
    let said = String::from_utf8(second.stderr).unwrap();
    assert!(said.contains("another witness is using it"), "{said}");
    process.kill().unwrap();
    process.wait().unwrap();
}

/// A log's public files (checkpoint and every tile) for a tree of `leaves`,
/// written under `dir`; cosigned by `witness` when given.
fn publish_log(
    dir: &std::path::Path,
    log: &transparency::note::LogSigner,
    witness: Option<&transparency::note::Cosigner>,
    leaves: &[u64],
) {
    use transparency::{note::checkpoint_text, tiles::new_tiles, tree::MemoryTree};
    let mut tree = MemoryTree::new();
    for leaf in leaves {
        tree.append(&leaf.to_be_bytes());
    }
    let size = tree.size();
    let mut note = log.sign(size, tree.root_at(size).unwrap()).unwrap();
    if let Some(witness) = witness {
        let (text, _, _) = checkpoint_text(&note).unwrap();
        note.extend_from_slice(witness.cosign(&text, 1_790_000_000).unwrap().as_bytes());
    }
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("checkpoint"), note).unwrap();
    for (_, path, data) in new_tiles(0, size, &tree).unwrap() {
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, data).unwrap();
    }
}

#[test]
fn a_monitor_follows_a_log_and_names_a_shrink_a_fork_and_missing_cosignatures() {
    use transparency::note::{Cosigner, LogSigner};
    let dir = tempfile::tempdir().unwrap();
    let www = dir.path().join("www");
    let published = www.join("log");
    std::fs::create_dir_all(&published).unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let port = listener.local_addr().unwrap().port();
    let files =
        axum::Router::new().nest_service("/log", tower_http::services::ServeDir::new(&published));
    runtime.spawn(async move { axum::serve(listener, files).await });

    let log = LogSigner::from_seed("privacy.test/log", &[5; 32]).unwrap();
    let witness = Cosigner::from_seed("witness.test/w1", &[6; 32]).unwrap();
    let (log_key, witness_key) = (log.verifier_key(), witness.verifier_key());
    let state = dir.path().join("state");
    let look = || {
        let output = server(&[])
            .args([
                "monitor",
                &format!("http://127.0.0.1:{port}/log"),
                "--log-key",
                &log_key,
            ])
            .args(["--witness", &witness_key, "--state"])
            .arg(&state)
            .output()
            .unwrap();
        (
            output.status.success(),
            String::from_utf8(output.stdout).unwrap(),
            String::from_utf8(output.stderr).unwrap(),
        )
    };
    let honest: Vec<u64> = (0..500).collect();

    publish_log(&published, &log, Some(&witness), &honest[..300]);
    let (ok, said, err) = look();
    assert!(ok, "{err}");
    assert!(
        said.starts_with("ok: 300 entries (was 0), 3 new tiles"),
        "{said}"
    );
    assert!(
        state.join("tile/0/000").exists(),
        "the mirror is a copy of the files"
    );

    publish_log(&published, &log, Some(&witness), &honest[..400]);
    let (ok, said, _) = look();
    assert!(
        ok && said.starts_with("ok: 400 entries (was 300), 1 new tiles"),
        "{said}"
    );

    publish_log(&published, &log, Some(&witness), &honest[..200]);
    let (ok, _, err) = look();
    assert!(!ok);
    assert!(
        err.contains("PROBLEM: the log shrank: 400 entries seen before, now 200"),
        "{err}"
    );

    let mut rewritten = honest.clone();
    rewritten[10] = 99_999;
    publish_log(&published, &log, Some(&witness), &rewritten);
    let (ok, _, err) = look();
    assert!(!ok && err.contains("PROBLEM: fork"), "{err}");

    publish_log(&published, &log, None, &honest);
    let (ok, _, err) = look();
    assert!(!ok && err.contains("0 of the 1 cosignatures"), "{err}");

    // None of that moved what the monitor holds: the honest log goes on.
    publish_log(&published, &log, Some(&witness), &honest);
    let (ok, said, err) = look();
    assert!(ok, "{err}");
    assert!(said.starts_with("ok: 500 entries (was 400)"), "{said}");
}

#[test]
fn the_log_asks_a_witness_and_follows_the_size_it_holds() {
    use server::witness::{Answer, Peer, ask_witness};
    use transparency::{
        note::{CosignatureVerifier, Cosigner, LogSigner, accept_checkpoint},
        tree::{MemoryTree, consistency_proof},
    };
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let log = LogSigner::from_seed("privacy.test/log", &[5; 32]).unwrap();
    let log_key = log.verifier_key();
    let mut process = witness(dir.path(), port, &log_key);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let client = reqwest::Client::new();
    let url = format!("http://127.0.0.1:{port}");
    let key = runtime.block_on(witness_key(&client, &url));
    let peer = Peer::parse(&format!("{url} {key}")).unwrap();
    let mut tree = MemoryTree::new();
    let mut ask = |leaves: u64, old: u64, peer: &Peer| {
        while tree.size() < leaves {
            let n = tree.size();
            tree.append(&n.to_be_bytes());
        }
        let note = log.sign(leaves, tree.root_at(leaves).unwrap()).unwrap();
        let tree = &tree;
        let prove = move |from: u64| consistency_proof(from, leaves, tree).ok();
        let answer = runtime.block_on(ask_witness(&client, peer, &log_key, &note, old, &prove));
        (note, answer)
    };

    let (note, answer) = ask(5, 0, &peer);
    let Answer::Cosigned(line) = answer else {
        panic!("{answer:?}")
    };
    let mut cosigned = note.clone();
    cosigned.extend_from_slice(line.as_bytes());
    let pinned = [CosignatureVerifier::new(&key).unwrap()];
    assert_eq!(
        accept_checkpoint(&cosigned, &log_key, &pinned, 1)
            .unwrap()
            .size,
        5
    );

    // The log lost track of what the witness holds: the witness says 5,
    // and the log proves consistency from there.
    let (_, answer) = ask(9, 0, &peer);
    assert!(matches!(answer, Answer::Cosigned(_)), "{answer:?}");

    // An answer that is not the pinned witness's cosignature does not count.
    let impostor = Cosigner::from_seed("witness.test/w1", &[42; 32]).unwrap();
    let wrong = Peer::parse(&format!("{url} {}", impostor.verifier_key())).unwrap();
    let (_, answer) = ask(10, 9, &wrong);
    assert_eq!(
        answer,
        Answer::Refused("its answer holds no valid cosignature".into())
    );

    process.kill().unwrap();
    process.wait().unwrap();
    let (_, answer) = ask(11, 10, &peer);
    assert!(
        matches!(&answer, Answer::Refused(why) if why.starts_with("unreachable")),
        "{answer:?}"
    );
    assert!(Peer::parse("no-key-here").is_err());
    assert!(Peer::parse(&format!("ftp://x {key}")).is_err());
    assert!(
        Peer::parse(&format!("{url} {log_key}")).is_err(),
        "a log key is not a witness key"
    );
}
