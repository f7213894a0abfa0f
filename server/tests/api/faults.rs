//! Faults: the server binary is killed (SIGKILL) while clients write as
//! fast as they can, then started again on the same database. Everything
//! acknowledged is there exactly once, nothing unacknowledged is half
//! written, and the log verifies. On SQLite and on PostgreSQL. Each test
//! prints its figures (`cargo test … faults -- --nocapture`).

use std::{
    collections::HashMap,
    process::{Child, Command, Stdio},
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use serde_json::json;

use crate::{
    auth_helpers::sign_in_as,
    helpers::{Browser, browser_client, csrf_token, fresh_postgres_database, location},
};

/// The server binary on a database, on a port of its own.
struct Server {
    process: Child,
    origin: String,
    vars: Vec<(String, String)>,
    _dir: Arc<tempfile::TempDir>,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn command(vars: &[(String, String)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_server"));
    command
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .envs(vars.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

impl Server {
    /// Starts the server on `database_url` and waits until it is ready.
    async fn start(database_url: &str, dir: Arc<tempfile::TempDir>) -> Server {
        let port = free_port();
        let vars: Vec<(String, String)> = [
            ("DATABASE_URL", database_url.to_owned()),
            ("LISTEN_ADDR", format!("127.0.0.1:{port}")),
            ("SITE_ROOT", dir.path().display().to_string()),
            ("RUST_LOG", "warn".into()),
            ("AGENCY_RATE_BURST", "1000000".into()),
            ("SIGN_IN_RATE_BURST", "100000".into()),
            ("REQUESTS_PER_PERSON_PER_DAY", "10000".into()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        let process = command(&vars).spawn().unwrap();
        let server = Server {
            process,
            origin: format!("http://127.0.0.1:{port}"),
            vars,
            _dir: dir,
        };
        server.ready().await;
        server
    }

    /// Waits (up to 60 s) for `/readyz` to answer 200; returns how long.
    async fn ready(&self) -> Duration {
        let started = Instant::now();
        let client = reqwest::Client::new();
        while started.elapsed() < Duration::from_secs(60) {
            if let Ok(answer) = client.get(format!("{}/readyz", self.origin)).send().await
                && answer.status() == 200
            {
                return started.elapsed();
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the server at {} did not become ready", self.origin);
    }

    /// SIGKILL: no shutdown, no flush, no goodbye.
    fn kill(&mut self) {
        self.process.kill().unwrap();
        self.process.wait().unwrap();
    }

    /// Starts the same server again on the same database and port; returns
    /// it and how long it took to be ready.
    async fn restart(mut self) -> (Server, Duration) {
        let started = Instant::now();
        self.process = command(&self.vars).spawn().unwrap();
        self.ready().await;
        (self, started.elapsed())
    }

    /// Runs a maintenance command on the same database; its standard output.
    fn run(&self, args: &[&str]) -> String {
        let output = command(&self.vars)
            .args(args)
            .stdout(Stdio::piped())
            .output()
            .unwrap();
        assert!(output.status.success(), "{args:?}: {output:?}");
        String::from_utf8(output.stdout).unwrap()
    }

    fn browser(&self) -> Browser {
        Browser {
            client: browser_client(),
            origin: self.origin.clone(),
        }
    }

    async fn store(&self) -> Arc<dyn app::server::Store> {
        let vars: HashMap<String, String> = self.vars.iter().cloned().collect();
        let settings = server::Settings::from_source(|name| vars.get(name).cloned()).unwrap();
        server::storage::connect(&settings).await.unwrap().store
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// Each engine's database for a fault test: a SQLite file, and a fresh
/// PostgreSQL database when the suite has one.
async fn databases() -> Vec<(&'static str, String, Arc<tempfile::TempDir>)> {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let mut all = vec![(
        "SQLite",
        format!("sqlite://{}/faults.db", dir.path().display()),
        dir.clone(),
    )];
    if let Some(url) = fresh_postgres_database().await {
        all.push(("PostgreSQL", url, dir));
    }
    all
}

/// Runs `write` (which returns whether its write was acknowledged) over and
/// over from several clients until the server dies, killing it once
/// `enough` writes have been acknowledged. Returns what was acknowledged and
/// what was attempted but not acknowledged, by write number.
async fn write_until_killed<F, Fut>(
    server: &mut Server,
    clients: usize,
    enough: usize,
    write: F,
) -> (Vec<usize>, Vec<usize>)
where
    F: Fn(usize, usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let unacknowledged = Arc::new(Mutex::new(Vec::new()));
    let write = Arc::new(write);
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut tasks = Vec::new();
    for client in 0..clients {
        let (acknowledged, unacknowledged, write, stop) = (
            acknowledged.clone(),
            unacknowledged.clone(),
            write.clone(),
            stop.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut n = client;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                if write(client, n).await {
                    acknowledged.lock().unwrap().push(n);
                } else {
                    unacknowledged.lock().unwrap().push(n);
                }
                n += clients;
            }
        }));
    }
    let started = Instant::now();
    while acknowledged.lock().unwrap().len() < enough {
        assert!(started.elapsed() < Duration::from_secs(60), "too slow");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // Mid-stream: writes are in flight on every client.
    server.kill();
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    for task in tasks {
        task.await.unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    let unacknowledged = unacknowledged.lock().unwrap().clone();
    (acknowledged, unacknowledged)
}

/// How many times each event id is in the log.
async fn events_by_id(store: &dyn app::server::Store) -> HashMap<String, usize> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for link in store.list_chain_links(0, 1_000_000).await.unwrap() {
        *seen.entry(link.content.event_id).or_default() += 1;
    }
    seen
}

const PERSON: &str = "001990012345";
const BATCH: usize = 50;

fn batch(n: usize) -> serde_json::Value {
    let events: Vec<_> = (0..BATCH)
        .map(|i| {
            json!({
                "event_id": format!("BCA-F-{n}-{i}"),
                "occurred_at": "2026-11-20T09:00:00+07:00",
                "personal_id": PERSON,
                "provider_system": "BCA-NPD",
                "recipient_agency": "BHXH",
                "categories": ["full-name"],
                "purpose": "health-insurance",
                "legal_basis": "health-insurance-law",
                "method": "online-connection",
                "mode": "default",
                "outcome": "provided",
            })
        })
        .collect();
    json!({ "events": events })
}

#[tokio::test]
async fn sharing_events_acknowledged_before_a_sigkill_are_all_there_once() {
    for (engine, url, dir) in databases().await {
        let mut server = Server::start(&url, dir).await;
        let token = server.run(&["issue-agency-token", "BCA"]).trim().to_owned();
        let (origin, client) = (server.origin.clone(), reqwest::Client::new());
        let (acknowledged, unacknowledged) = write_until_killed(&mut server, 4, 40, move |_, n| {
            let request = client
                .post(format!("{origin}/api/v1/sharing-events"))
                .bearer_auth(&token)
                .json(&batch(n))
                .send();
            async move { matches!(request.await, Ok(answer) if answer.status() == 200) }
        })
        .await;
        let (server, recovery) = server.restart().await;
        let seen = events_by_id(&*server.store().await).await;
        let duplicates = seen.values().filter(|count| **count > 1).count();
        let ours = seen.keys().filter(|id| id.starts_with("BCA-F-")).count();
        assert_eq!(duplicates, 0);
        let found = |n: usize| {
            (0..BATCH)
                .filter(|i| seen.contains_key(&format!("BCA-F-{n}-{i}")))
                .count()
        };
        for &n in &acknowledged {
            assert_eq!(found(n), BATCH, "acknowledged batch {n} is whole");
        }
        let mut landed_unacknowledged = 0;
        for &n in &unacknowledged {
            let found = found(n);
            assert!(
                found == 0 || found == BATCH,
                "batch {n} half-written: {found}"
            );
            landed_unacknowledged += usize::from(found == BATCH);
        }
        let verified = server.run(&["verify-log"]);
        assert!(verified.starts_with("ok: "), "{verified}");
        eprintln!(
            "faults: SIGKILL under ingest on {engine}: {} batches of {BATCH} acknowledged \
             ({} events), {ours} of our events found after restart, {duplicates} duplicates, \
             0 half-written batches ({} unacknowledged, {landed_unacknowledged} of them whole), \
             ready again in {:.2} s",
            acknowledged.len(),
            acknowledged.len() * BATCH,
            unacknowledged.len(),
            recovery.as_secs_f64()
        );
    }
}

#[tokio::test]
async fn requests_and_consents_acknowledged_before_a_sigkill_are_all_there_once() {
    for (engine, url, dir) in databases().await {
        let mut server = Server::start(&url, dir).await;
        let citizen = server.browser();
        sign_in_as(&citizen, "/auth/sign-in?next=/requests/new", "citizen").await;
        let csrf = csrf_token(&citizen.get("/account").await.text().await.unwrap());
        let citizen = Arc::new(citizen);
        let mai = crate::requests::pseudonym_of_mai();
        let store = server.store().await;
        let before = store.list_own_requests(&mai).await.unwrap().len();
        let consents_before = store.list_consent_records(&mai).await.unwrap().len();
        drop(store);

        // Filings (multipart, files and mail written with each) from three
        // clients and consent changes from a fourth, all on one session.
        let page = "/consent/purposes/health-research";
        let filer = citizen.clone();
        let (acknowledged, unacknowledged) =
            write_until_killed(&mut server, 4, 30, move |client, n| {
                let citizen = filer.clone();
                let csrf = csrf.clone();
                async move {
                    if client == 3 {
                        let action = if (n / 4) % 2 == 0 {
                            "/fn/grant_consent"
                        } else {
                            "/fn/withdraw_consent"
                        };
                        let form = [
                            ("csrf_token", csrf.as_str()),
                            ("purpose", "health-research"),
                        ];
                        let answer = citizen
                            .client
                            .post(format!("{}{action}", citizen.origin))
                            .header("origin", &citizen.origin)
                            .header("sec-fetch-site", "same-origin")
                            .header("accept", "text/html")
                            .header("referer", format!("{}{page}", citizen.origin))
                            .form(&form)
                            .send()
                            .await;
                        return matches!(answer, Ok(a) if location(&a).starts_with("/consent/receipts/"));
                    }
                    let form = crate::requests::filing(
                        "access",
                        "HN-UBND",
                        &format!("Yêu cầu số {n} trong lúc máy chủ bị tắt đột ngột."),
                        Vec::new(),
                    );
                    let answer = citizen
                        .client
                        .post(format!("{}/requests/file", citizen.origin))
                        .header("origin", &citizen.origin)
                        .header("sec-fetch-site", "same-origin")
                        .header("accept", "text/html")
                        .multipart(form)
                        .send()
                        .await;
                    matches!(answer, Ok(a) if location(&a).ends_with("?filed=1"))
                }
            })
            .await;
        let (server, recovery) = server.restart().await;
        let store = server.store().await;
        let is_consent = |n: &usize| n % 4 == 3;
        let filed_ok = acknowledged.iter().filter(|n| !is_consent(n)).count();
        let filed_maybe = unacknowledged.iter().filter(|n| !is_consent(n)).count();
        let mine = store
            .list_own_requests(&crate::requests::pseudonym_of_mai())
            .await
            .unwrap();
        let ours: Vec<_> = mine
            .iter()
            .filter(|r| r.description.starts_with("Yêu cầu số"))
            .collect();
        let filed = ours.len();
        assert_eq!(mine.len() - before, filed, "nothing else was filed");
        assert!(
            filed >= filed_ok && filed <= filed_ok + filed_maybe,
            "{filed} filed, {filed_ok} acknowledged, {filed_maybe} in doubt"
        );
        // Each filed request is whole: its record, its first event, its
        // chain; and no description appears twice.
        let mut descriptions = std::collections::BTreeSet::new();
        for record in ours {
            let file = store
                .find_request(&record.reference)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(file.events.len(), 1, "{}", record.reference);
            assert!(app::domain::requests::verify_events(&file.events).is_ok());
            assert!(
                descriptions.insert(file.record.description.clone()),
                "twice"
            );
        }
        let consent_ok = acknowledged.iter().filter(|n| is_consent(n)).count();
        let consent_maybe = unacknowledged.iter().filter(|n| is_consent(n)).count();
        let history = store
            .list_consent_records(&crate::requests::pseudonym_of_mai())
            .await
            .unwrap();
        let changes = history.len() - consents_before;
        assert!(
            changes >= consent_ok && changes <= consent_ok + consent_maybe,
            "{changes} consent records, {consent_ok} acknowledged, {consent_maybe} in doubt"
        );
        assert!(app::domain::consent::verify_consent_chain(&history).is_ok());
        eprintln!(
            "faults: SIGKILL under filings and consents on {engine}: {filed_ok} filings and \
             {consent_ok} consent changes acknowledged, {filed} requests and {changes} consent \
             records found after restart ({filed_maybe} and {consent_maybe} in flight), \
             0 duplicates, 0 half-written, ready again in {:.2} s",
            recovery.as_secs_f64()
        );
    }
}

#[tokio::test]
async fn mail_queued_while_smtp_is_down_arrives_once_when_it_is_back() {
    use crate::requests::SmtpSink;
    let port = free_port();
    let app = crate::helpers::spawn_app_with(&[
        ("SMTP_URL", &format!("smtp://127.0.0.1:{port}")),
        ("MAIL_POLL_SECONDS", "1"),
        ("MAIL_RETRY_SECONDS", "1"),
    ])
    .await;
    let citizen = app.browser();
    sign_in_as(&citizen, "/auth/sign-in?next=/requests/new", "citizen").await;
    let filings = 5;
    let mut references = Vec::new();
    for n in 0..filings {
        let form = crate::requests::filing(
            "access",
            "HN-UBND",
            &format!("Yêu cầu số {n} khi máy chủ thư ngừng hoạt động."),
            Vec::new(),
        );
        let filed = crate::requests::post_multipart(&citizen, "/requests/file", form).await;
        let reference = location(&filed)
            .trim_start_matches("/requests/")
            .trim_end_matches("?filed=1")
            .to_owned();
        references.push(reference);
    }
    // Down for a while: every mail is tried and fails, more than once.
    let store = app.store().await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let down_for = Instant::now();
    let smtp = SmtpSink::start_on(port);
    // Each filing's mail to the office, and one confirmation for the address.
    let office = store
        .list_data_protection_officers()
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.province.code == "HN")
        .unwrap()
        .email;
    for reference in &references {
        smtp.wait_for(&office, reference, 1).await;
    }
    smtp.wait_for("mai@example.vn", &references[0], 1).await;
    let recovered = down_for.elapsed();
    // A few more polls: nothing arrives twice.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let mails = smtp.mails();
    let mut counts: HashMap<(String, String), usize> = HashMap::new();
    for mail in &mails {
        *counts
            .entry((
                mail["to"][0].as_str().unwrap().to_owned(),
                mail["subject"].as_str().unwrap().to_owned(),
            ))
            .or_default() += 1;
    }
    assert!(counts.values().all(|n| *n == 1), "{counts:#?}");
    let to_office = mails
        .iter()
        .filter(|m| m["to"][0] == office.as_str())
        .count();
    let to_mai = mails
        .iter()
        .filter(|m| m["to"][0] == "mai@example.vn")
        .count();
    assert!(to_office >= filings, "{to_office}");
    assert_eq!(to_mai, 1, "the confirmation only: the rest waits for it");
    // Nothing is left to send but what waits for the confirmation.
    let left = store
        .claim_mail(app::server::now() + 10 * 3_600, 120, 100)
        .await
        .unwrap();
    assert!(left.iter().all(|m| m.to == "mai@example.vn"), "{left:?}");
    assert_eq!(left.len(), 0, "held mail is not even claimable: {left:?}");
    eprintln!(
        "faults: SMTP down for 3 s then up: {filings} filings, {} mails queued meanwhile \
         delivered ({to_office} to the office, {to_mai} confirmation), 0 duplicates, \
         all in {:.1} s of its return",
        mails.len(),
        recovered.as_secs_f64()
    );
}

/// A PostgreSQL cluster of the test's own, to stop and start at will.
struct Cluster {
    bin: std::path::PathBuf,
    dir: tempfile::TempDir,
    port: u16,
}

impl Cluster {
    /// None where PostgreSQL is not installed (a failure under CI).
    fn start() -> Option<Cluster> {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .ok()?
            .filter_map(|entry| entry.ok().map(|e| e.path().join("bin")))
            .filter(|bin| bin.join("pg_ctl").exists())
            .max();
        let Some(bin) = bin else {
            assert!(
                std::env::var_os("CI").is_none(),
                "PostgreSQL must be installed in CI"
            );
            eprintln!("PostgreSQL is not installed: skipping");
            return None;
        };
        let dir = tempfile::tempdir().unwrap();
        let cluster = Cluster {
            bin,
            dir,
            port: free_port(),
        };
        if Cluster::as_root() {
            let status = Command::new("chown")
                .args(["postgres:", &cluster.dir.path().display().to_string()])
                .status()
                .unwrap();
            assert!(status.success());
        }
        let data = cluster.data();
        cluster.pg(&[
            "initdb",
            "-D",
            &data,
            "-U",
            "postgres",
            "-A",
            "trust",
            "--no-sync",
        ]);
        cluster.up();
        Some(cluster)
    }

    fn as_root() -> bool {
        Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|out| out.stdout.starts_with(b"0\n"))
    }

    fn data(&self) -> String {
        self.dir.path().join("data").display().to_string()
    }

    /// Runs a PostgreSQL program (as `postgres` when we are root: the
    /// server refuses to run as root).
    fn pg(&self, args: &[&str]) {
        let program = self.bin.join(args[0]).display().to_string();
        let mut command = if Cluster::as_root() {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--", &program]);
            command
        } else {
            Command::new(&program)
        };
        let output = command.args(&args[1..]).output().unwrap();
        assert!(output.status.success(), "{args:?}: {output:?}");
    }

    fn up(&self) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.port,
            self.dir.path().display()
        );
        let log = self.dir.path().join("server.log").display().to_string();
        self.pg(&[
            "pg_ctl",
            "-D",
            &self.data(),
            "-l",
            &log,
            "-w",
            "-o",
            &options,
            "start",
        ]);
    }

    fn down(&self) {
        self.pg(&["pg_ctl", "-D", &self.data(), "-m", "fast", "-w", "stop"]);
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.data();
        let program = self.bin.join("pg_ctl").display().to_string();
        let mut command = if Cluster::as_root() {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--", &program]);
            command
        } else {
            Command::new(&program)
        };
        let _ = command
            .args(["-D", &data, "-m", "immediate", "stop"])
            .output();
    }
}

#[tokio::test]
async fn a_postgresql_restart_is_survived_without_a_500_or_a_half_write() {
    let Some(cluster) = Cluster::start() else {
        return;
    };
    let app = crate::helpers::spawn_app_with(&[
        ("DATABASE_URL", &cluster.url()),
        ("AGENCY_RATE_BURST", "1000000"),
        ("MAX_BODY_BYTES", "1000000"),
    ])
    .await;
    let token = crate::helpers::agency_token(&app, "BCA").await;
    let client = reqwest::Client::new();
    let (origin, load) = (app.address.clone(), client.clone());
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let outcomes = Arc::new(Mutex::new(Vec::<(usize, u16)>::new()));
    let writer = {
        let (stop, outcomes) = (stop.clone(), outcomes.clone());
        tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                let answer = load
                    .post(format!("{origin}/api/v1/sharing-events"))
                    .bearer_auth(&token)
                    .json(&batch(n))
                    .send()
                    .await;
                let status = answer.map_or(0, |a| a.status().as_u16());
                outcomes.lock().unwrap().push((n, status));
                n += 1;
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        })
    };
    tokio::time::sleep(Duration::from_millis(500)).await;
    cluster.down();
    // While it is down: not ready, and pages say "try again" in words.
    let mut not_ready = false;
    for _ in 0..100 {
        if app.get("/readyz").await.status() == 503 {
            not_ready = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(not_ready, "/readyz turns 503 while the database is down");
    let page = app.get("/officers").await;
    let status = page.status().as_u16();
    let html = page.text().await.unwrap();
    // Rendered whole before it is sent, so its status says it too.
    assert_eq!(status, 503, "{html}");
    let function = app.get("/fn/list_data_protection_officers").await;
    assert_eq!(function.status(), 503);
    let unavailable = app::i18n::translate(app::domain::Lang::Vi, "error-unavailable");
    assert!(html.contains(&unavailable), "{html}");
    assert!(
        !html.to_lowercase().contains("sqlx") && !html.contains("connection"),
        "{html}"
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    cluster.up();
    let back = Instant::now();
    while app.get("/readyz").await.status() != 200 {
        assert!(
            back.elapsed() < Duration::from_secs(60),
            "never ready again"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let recovered = back.elapsed();
    tokio::time::sleep(Duration::from_millis(500)).await;
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    writer.await.unwrap();

    let outcomes = outcomes.lock().unwrap().clone();
    let statuses: std::collections::BTreeSet<u16> = outcomes.iter().map(|(_, s)| *s).collect();
    assert!(
        statuses.iter().all(|s| [200, 503].contains(s)),
        "only success or 'try again': {statuses:?}"
    );
    let seen = events_by_id(&*app.store().await).await;
    assert!(seen.values().all(|n| *n == 1), "no event twice");
    let found = |n: usize| {
        (0..BATCH)
            .filter(|i| seen.contains_key(&format!("BCA-F-{n}-{i}")))
            .count()
    };
    let mut acknowledged = 0;
    let mut refused = 0;
    for (n, status) in &outcomes {
        match status {
            200 => {
                acknowledged += 1;
                assert_eq!(found(*n), BATCH, "acknowledged batch {n} is whole");
            }
            _ => {
                refused += 1;
                assert!(
                    found(*n) == 0 || found(*n) == BATCH,
                    "batch {n} half-written"
                );
            }
        }
    }
    assert!(acknowledged > 0 && refused > 0, "{acknowledged} {refused}");
    eprintln!(
        "faults: PostgreSQL restart under load: {acknowledged} batches acknowledged, \
         {refused} answered 503 while it was down, 0 half-written, 0 duplicates, \
         /readyz 200 again {:.2} s after it came back",
        recovered.as_secs_f64()
    );
}

/// A small tmpfs to fill up, unmounted when dropped. None where the
/// machine cannot mount one (not root, or in a container that forbids it).
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount(megabytes: u32) -> Option<SmallDisk> {
        let dir = tempfile::tempdir().unwrap();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={megabytes}m")])
            .args(["tmpfs", &dir.path().display().to_string()])
            .stderr(Stdio::piped())
            .output();
        match mounted {
            Ok(output) if output.status.success() => Some(SmallDisk { dir }),
            Ok(output) => {
                eprintln!(
                    "faults: cannot mount a small disk here ({}): the disk-full test is skipped",
                    String::from_utf8_lossy(&output.stderr).trim()
                );
                None
            }
            Err(error) => {
                eprintln!("faults: no mount command ({error}): the disk-full test is skipped");
                None
            }
        }
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount")
            .arg(self.dir.path())
            .stderr(Stdio::null())
            .status();
    }
}

#[tokio::test]
async fn a_full_disk_refuses_writes_in_words_and_loses_nothing_acknowledged() {
    let Some(disk) = SmallDisk::mount(16) else {
        return;
    };
    let url = format!("sqlite://{}/full.db", disk.dir.path().display());
    let app = crate::helpers::spawn_app_with(&[
        ("DATABASE_URL", &url),
        ("DEMO_DATA", "false"),
        ("AGENCY_RATE_BURST", "1000000"),
        ("MAX_BODY_BYTES", "1000000"),
    ])
    .await;
    let token = crate::helpers::agency_token(&app, "BCA").await;
    let citizen = app.browser();
    sign_in_as(&citizen, "/auth/sign-in?next=/consent", "citizen").await;
    let page = "/consent/purposes/health-research";
    let csrf = csrf_token(&citizen.get(page).await.text().await.unwrap());
    // Most of the disk taken by something else, to be freed later.
    let filler = disk.dir.path().join("filler");
    let free = fs_free_bytes(disk.dir.path());
    std::fs::write(
        &filler,
        vec![0u8; (free.saturating_sub(2 * 1024 * 1024)) as usize],
    )
    .unwrap();
    let client = reqwest::Client::new();
    let post = |n: usize| {
        client
            .post(app.url("/api/v1/sharing-events"))
            .bearer_auth(&token)
            .json(&batch(n))
            .send()
    };
    let mut acknowledged = Vec::new();
    let mut refusal = None;
    for n in 0..10_000 {
        let answer = post(n).await.unwrap();
        if answer.status() == 200 {
            acknowledged.push(n);
        } else {
            refusal = Some((n, answer.status().as_u16(), answer.text().await.unwrap()));
            break;
        }
    }
    let (refused, status, body) = refusal.expect("the disk fills up");
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("unavailable"), "{body}");
    assert!(
        !body.to_lowercase().contains("sqlite") && !body.contains("disk"),
        "{body}"
    );
    // A person's form comes back with the translated message, not a trace.
    let grant = citizen
        .submit(
            page,
            "/fn/grant_consent",
            &[("csrf_token", &csrf), ("purpose", "health-research")],
        )
        .await;
    assert_eq!(grant.status(), 303);
    let back = location(&grant);
    assert!(back.contains(page) && back.contains("__err="), "{back}");
    let shown = citizen.get(&back).await.text().await.unwrap();
    let unavailable = app::i18n::translate(app::domain::Lang::Vi, "error-unavailable");
    assert!(shown.contains(&unavailable), "{shown}");
    let mai = crate::requests::pseudonym_of_mai();
    let consents = app.store().await.list_consent_records(&mai).await.unwrap();
    assert!(consents.is_empty(), "the refused grant left nothing");
    // Space again: writing works, and everything acknowledged is there once.
    std::fs::remove_file(&filler).unwrap();
    let again = post(refused).await.unwrap();
    assert_eq!(again.status(), 200, "writes work again");
    acknowledged.push(refused);
    let seen = events_by_id(&*app.store().await).await;
    assert!(seen.values().all(|n| *n == 1), "no event twice");
    for n in &acknowledged {
        for i in 0..BATCH {
            assert!(seen.contains_key(&format!("BCA-F-{n}-{i}")), "{n}-{i}");
        }
    }
    assert_eq!(
        seen.len(),
        acknowledged.len() * BATCH,
        "nothing half-written"
    );
    let key = server::sharing_log::CheckpointSigner::from_seed(
        server::Settings::from_source(|_| None)
            .unwrap()
            .checkpoint_key
            .expose(),
    )
    .unwrap()
    .verifying_key();
    let key = server::sharing_log::KeyRing::single(key);
    let verified = server::sharing_log::verify_log(&*app.store().await, &key).await;
    assert!(verified.is_ok(), "{verified:?}");
    eprintln!(
        "faults: SQLite on a full disk: {} batches acknowledged before it filled, the next \
         refused with 503 \"unavailable\", {} events found after space returned (all \
         acknowledged, 0 duplicates, 0 half-written), the log verifies",
        acknowledged.len() - 1,
        seen.len()
    );
}

/// Free bytes on the file system holding `path` (from `df`).
fn fs_free_bytes(path: &std::path::Path) -> u64 {
    let output = Command::new("df")
        .args(["--output=avail", "-B1"])
        .arg(path)
        .output()
        .unwrap();
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .nth(1)
        .and_then(|line| line.trim().parse().ok())
        .unwrap()
}
