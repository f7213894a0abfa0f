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
