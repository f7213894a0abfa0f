//! Configuration from the environment, optionally backed by a file named in
//! `CONFIG_FILE` (lines of `NAME=value`; the environment wins). Every value
//! is checked here, at start, so a mistake stops the program with one line
//! naming the variable instead of failing later under load.

use std::{
    collections::HashMap, fmt, net::SocketAddr, path::PathBuf, str::FromStr, time::Duration,
};

mod identity;
mod retention;

use identity::parse_identity_provider;
pub use identity::{ClaimNames, IdentityProvider, OidcSettings, SUPPORTED_ALGORITHMS};

use sqlx::{postgres::PgConnectOptions, sqlite::SqliteConnectOptions};

/// A configuration problem: which variable, and what is wrong with it.
#[derive(Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub variable: &'static str,
    pub problem: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "configuration error: {}: {}",
            self.variable, self.problem
        )
    }
}

impl std::error::Error for ConfigError {}

/// Whether this is a developer's machine or a real deployment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Environment {
    Development,
    Production,
}

/// Log line format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// SQLite's `synchronous` setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SqliteSynchronous {
    /// Every commit reaches the disk before it is acknowledged, so a consent
    /// receipt or request reference shown to a citizen survives a power cut.
    Full,
    /// Commits survive a crash of the program but the last ones may be lost
    /// if the machine loses power; faster for bulk loading.
    Normal,
}

/// Which database to use. The URL may hold a password, so `Debug` hides it.
#[derive(Clone)]
pub enum DatabaseUrl {
    Sqlite(String),
    Postgres(String),
}

impl DatabaseUrl {
    /// The URL as configured.
    pub fn expose(&self) -> &str {
        match self {
            DatabaseUrl::Sqlite(url) | DatabaseUrl::Postgres(url) => url,
        }
    }

    /// A form safe to print: for PostgreSQL only host, port and database.
    pub fn redacted(&self) -> String {
        match self {
            DatabaseUrl::Sqlite(url) => url.clone(),
            DatabaseUrl::Postgres(url) => match PgConnectOptions::from_str(url) {
                Ok(options) => format!(
                    "postgres://{}:{}/{}",
                    options.get_host(),
                    options.get_port(),
                    options.get_database().unwrap_or("")
                ),
                Err(_) => "postgres://(unparseable)".to_owned(),
            },
        }
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

/// Everything the server needs to start.
#[derive(Clone, Debug)]
pub struct Settings {
    pub environment: Environment,
    pub listen_addr: SocketAddr,
    /// The address people use to reach the service; `https` turns on HSTS
    /// and `Secure` cookies.
    pub public_url: String,
    pub database_url: DatabaseUrl,
    pub database_max_connections: u32,
    pub sqlite_synchronous: SqliteSynchronous,
    /// Folder holding the compiled site (`pkg/` with WASM, JS and CSS).
    pub site_root: PathBuf,
    pub log_format: LogFormat,
    pub log_filter: String,
    pub max_body_bytes: usize,
    pub demo_data: bool,
    /// Whether start-up applies pending migrations (`MIGRATE_AT_START`);
    /// when off it refuses a schema that is behind, and the operator runs
    /// `server migrate` on upgrade.
    pub migrate_at_start: bool,
    pub shutdown_timeout: Duration,
    /// Between SIGTERM and the graceful stop, how long `/readyz` answers
    /// 503 while everything else is still served (`SHUTDOWN_DRAIN_SECONDS`).
    pub shutdown_drain: Duration,
    /// Where `/metrics` is served, on a listener of its own; None: nowhere.
    /// A loopback address only: the figures are for the operator.
    pub metrics_addr: Option<SocketAddr>,
    /// Secret key of the citizens' pseudonyms (see `auth::pseudonym`).
    pub pseudonym_key: SecretBytes,
    /// Whether `PUBLIC_URL` was given; if not, it follows the bound port.
    pub public_url_explicit: bool,
    /// Where citizens sign in.
    pub identity_provider: IdentityProvider,
    pub session: SessionSettings,
    /// Sign-in start and callback: requests per client address.
    pub sign_in_rate: RateLimit,
    /// Agency API requests per agency.
    pub agency_rate: RateLimit,
    /// The operator's own proxies: only from them does `X-Forwarded-For`
    /// say who the client is.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Actions that need an assurance level 2 session.
    pub level2_policy: app::domain::Level2Policy,
    /// Ed25519 seed signing the sharing log's checkpoints.
    pub checkpoint_key: SecretBytes,
    /// Where mail goes (`smtp://host:port`, `smtps://user:pass@host`,
    /// `smtp://host:587?tls=required`); None keeps mail in the outbox.
    pub smtp_url: Option<String>,
    /// The sender of the service's mail.
    pub mail_from: String,
    /// How often the outbox and the deadline reminders are looked at.
    pub mail_poll: Duration,
    /// The first wait before a failed mail is tried again (doubling up to
    /// an hour).
    pub mail_retry_seconds: i64,
    /// What one client may hold of the server's connections.
    pub connection_limits: crate::serve::ConnectionLimits,
    /// Longest a request may take, its body included.
    pub request_timeout: Duration,
    /// How much one person may file.
    pub filing_limits: app::domain::requests::FilingLimits,
    /// How long what the service keeps is kept (stated in the notice).
    pub retention: app::domain::retention::Retention,
    /// When an agency's report counts as late (`LATE_REPORT_DAYS`).
    pub late_reports: app::domain::oversight::LateReports,
}

/// Session limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionSettings {
    pub idle_timeout: Duration,
    pub absolute_timeout: Duration,
}

/// A token bucket: `burst` requests at once, refilled one per `period`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    pub burst: u32,
    pub period: Duration,
}

/// A secret string whose `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretString(String);

impl SecretString {
    pub fn new(value: String) -> SecretString {
        SecretString(value)
    }

    /// The secret itself, for the one place that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<secret>")
    }
}

/// Secret bytes whose `Debug` never shows them.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretBytes(Vec<u8>);

impl SecretBytes {
    /// The secret itself, for the one place that needs it.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for SecretBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<secret, {} bytes>", self.0.len())
    }
}

/// Development-only pseudonym key, public by being in this file: demo
/// pseudonyms need no protection. Production refuses to start without a key
/// of its own.
const DEVELOPMENT_PSEUDONYM_KEY: &[u8; 32] = b"development-only-pseudonym-key!!";

/// Development-only checkpoint seed, public for the same reason.
const DEVELOPMENT_CHECKPOINT_KEY: &[u8; 32] = b"development-only-checkpoint-key!";

impl Settings {
    /// The keys in use that are the development ones published in the
    /// source (never in production: it refuses them).
    pub fn development_keys(&self) -> Vec<&'static str> {
        let mut found = Vec::new();
        if self.pseudonym_key.expose() == DEVELOPMENT_PSEUDONYM_KEY {
            found.push("PSEUDONYM_KEY");
        }
        if self.checkpoint_key.expose() == DEVELOPMENT_CHECKPOINT_KEY {
            found.push("CHECKPOINT_SIGNING_KEY");
        }
        found
    }
}

/// Default database for the embedded set-up: a SQLite file under `data/`.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/citizen-privacy.db";

impl Settings {
    /// Reads the process environment (and `CONFIG_FILE`, when set).
    pub fn from_env() -> Result<Settings, ConfigError> {
        let file = match std::env::var("CONFIG_FILE") {
            Ok(path) if !path.is_empty() => read_config_file(&path)?,
            _ => HashMap::new(),
        };
        let lookup = |name: &str| std::env::var(name).ok().or_else(|| file.get(name).cloned());
        let secrets = read_secret_files(&lookup, |path| std::fs::read_to_string(path))?;
        Settings::from_source(|name| secrets.get(name).cloned().or_else(|| lookup(name)))
    }

    /// Builds settings from any lookup of variable names, checking each value.
    pub fn from_source(get: impl Fn(&str) -> Option<String>) -> Result<Settings, ConfigError> {
        let var = |name: &str| get(name).filter(|value| !value.trim().is_empty());

        let environment = choice(
            &var,
            "APP_ENV",
            Environment::Development,
            &[
                (&["development"], Environment::Development),
                (&["production"], Environment::Production),
            ],
        )?;
        let production = environment == Environment::Production;

        let (listen_name, listen_value) = match var("LISTEN_ADDR") {
            Some(value) => ("LISTEN_ADDR", value),
            None => (
                "LEPTOS_SITE_ADDR",
                var("LEPTOS_SITE_ADDR").unwrap_or_else(|| "127.0.0.1:3000".into()),
            ),
        };
        let listen_addr = listen_value.trim().parse::<SocketAddr>().map_err(|_| {
            invalid(
                listen_name,
                format!("must be an address and port such as 127.0.0.1:3000, not {listen_value:?}"),
            )
        })?;
        // Development runs on published keys with demo staff and a sign-in
        // that lets anyone be anyone: it must never face a network.
        if !production && !listen_addr.ip().is_loopback() {
            return Err(invalid(
                listen_name,
                format!(
                    "is {listen_addr}, which is not a loopback address: without APP_ENV=production \
                     the service runs on development keys and sign-in, so it only listens on \
                     127.0.0.1 or [::1]"
                ),
            ));
        }

        let public_url = var("PUBLIC_URL")
            .map(|url| url.trim().trim_end_matches('/').to_owned())
            .unwrap_or_else(|| format!("http://{listen_addr}"));
        if !(public_url.starts_with("https://") || public_url.starts_with("http://"))
            || public_url.len() <= "https://".len()
        {
            return Err(invalid(
                "PUBLIC_URL",
                "must start with https:// (or http:// for local development)".into(),
            ));
        }
        if production && !public_url.starts_with("https://") {
            return Err(invalid(
                "PUBLIC_URL",
                "must use https:// when APP_ENV is production".into(),
            ));
        }

        let database_url = parse_database_url(
            &var("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.into()),
        )?;

        // Each SQLite connection is a thread of its own and SQLite takes one
        // writer at a time: past a few, more only add thread switches (the
        // sharing log at 10,000,000 events: 2,326 requests/s with 16, 2,603
        // with 4). PostgreSQL: 2,100 with 8 against 1,928 with 16 (server,
        // database and load on two cores; BENCHMARKS.md).
        let default_connections = match &database_url {
            DatabaseUrl::Sqlite(_) => 4,
            DatabaseUrl::Postgres(_) => 8,
        };
        let database_max_connections = parse_number(
            "DATABASE_MAX_CONNECTIONS",
            var,
            default_connections,
            1,
            1000,
        )?;
        let sqlite_synchronous = choice(
            &var,
            "SQLITE_SYNCHRONOUS",
            SqliteSynchronous::Full,
            &[
                (&["full"], SqliteSynchronous::Full),
                (&["normal"], SqliteSynchronous::Normal),
            ],
        )?;

        let site_root = PathBuf::from(
            var("SITE_ROOT")
                .or_else(|| var("LEPTOS_SITE_ROOT"))
                .unwrap_or_else(|| "target/site".into()),
        );

        let log_format = choice(
            &var,
            "LOG_FORMAT",
            LogFormat::Text,
            &[(&["text"], LogFormat::Text), (&["json"], LogFormat::Json)],
        )?;
        let log_filter = var("RUST_LOG").unwrap_or_else(|| "info".into());
        if let Err(error) = tracing_subscriber::EnvFilter::try_new(&log_filter) {
            return Err(invalid(
                "RUST_LOG",
                format!("is not a valid filter: {error}"),
            ));
        }

        let max_body_bytes = parse_number("MAX_BODY_BYTES", var, 2 * 1024 * 1024, 1024, 1 << 30)?;
        let smtp_url = var("SMTP_URL").filter(|url| !url.trim().is_empty());
        if let Some(url) = &smtp_url
            && !(url.starts_with("smtp://") || url.starts_with("smtps://"))
        {
            return Err(invalid(
                "SMTP_URL",
                "must start with smtp:// or smtps://".into(),
            ));
        }
        let mail_from = var("MAIL_FROM")
            .unwrap_or_else(|| "Citizen privacy dashboard <no-reply@localhost>".into());
        if mail_from.parse::<lettre::message::Mailbox>().is_err() {
            return Err(invalid(
                "MAIL_FROM",
                "must be an address such as Name <no-reply@example.vn>".into(),
            ));
        }
        let mail_poll =
            Duration::from_secs(parse_number("MAIL_POLL_SECONDS", var, 5, 1, 3600)? as u64);
        let mail_retry_seconds = parse_number("MAIL_RETRY_SECONDS", var, 60, 1, 3600)?;
        let demo_data = choice(
            &var,
            "DEMO_DATA",
            !production,
            &[
                (&["true", "1", "yes"], true),
                (&["false", "0", "no"], false),
            ],
        )?;
        let metrics_addr = match var("METRICS_ADDR") {
            None => None,
            Some(text) => {
                let address: SocketAddr = text.trim().parse().map_err(|_| {
                    invalid(
                        "METRICS_ADDR",
                        format!("must be an address and port such as 127.0.0.1:9464, not {text:?}"),
                    )
                })?;
                if !address.ip().is_loopback() {
                    return Err(invalid(
                        "METRICS_ADDR",
                        format!(
                            "must be a loopback address (127.0.0.1 or ::1), not {}: the \
                             metrics are never public; scrape them through the host",
                            address.ip()
                        ),
                    ));
                }
                Some(address)
            }
        };
        let migrate_at_start = choice(
            &var,
            "MIGRATE_AT_START",
            true,
            &[
                (&["on", "true", "1", "yes"], true),
                (&["off", "false", "0", "no"], false),
            ],
        )?;
        let shutdown_timeout =
            Duration::from_secs(parse_number("SHUTDOWN_TIMEOUT_SECONDS", var, 30, 0, 3600)?);
        // Behind a load balancer the instance must fail its health check
        // before it stops taking connections; a laptop stops at once.
        let shutdown_drain = Duration::from_secs(parse_number(
            "SHUTDOWN_DRAIN_SECONDS",
            var,
            if production { 10 } else { 0 },
            0,
            300,
        )?);
        let connection_limits = crate::serve::ConnectionLimits {
            header_read_timeout: Duration::from_secs(parse_number(
                "HEADER_READ_TIMEOUT_SECONDS",
                var,
                10,
                1,
                300,
            )?),
            max_connections: parse_number("MAX_CONNECTIONS", var, 1024, 1, 1_000_000)?,
        };
        // A 24 MB upload at 2 Mbit/s takes about 100 seconds.
        let request_timeout =
            Duration::from_secs(parse_number("REQUEST_TIMEOUT_SECONDS", var, 120, 1, 3600)?);
        let defaults = app::domain::requests::FilingLimits::default();
        let filing_limits = app::domain::requests::FilingLimits {
            requests_per_day: parse_number(
                "REQUESTS_PER_PERSON_PER_DAY",
                var,
                defaults.requests_per_day,
                1,
                10_000,
            )?,
            stored_bytes: parse_number(
                "STORED_BYTES_PER_PERSON",
                var,
                defaults.stored_bytes,
                1024,
                1 << 40,
            )?,
        };

        let pseudonym_key = base64_key(
            &var,
            "PSEUDONYM_KEY",
            production,
            DEVELOPMENT_PSEUDONYM_KEY,
            |key| {
                let key = key.ok_or("must be base64")?;
                let least = crate::auth::pseudonym::MIN_KEY_BYTES;
                if key.len() < least {
                    return Err(format!(
                        "must decode to at least {least} bytes (for example: openssl rand \
                         -base64 32), not {}",
                        key.len()
                    ));
                }
                Ok(key)
            },
        )?;

        let identity_provider = parse_identity_provider(&var, production)?;
        let session = SessionSettings {
            idle_timeout: Duration::from_secs(parse_number(
                "SESSION_IDLE_TIMEOUT_SECONDS",
                var,
                15 * 60,
                1,
                24 * 3600,
            )?),
            absolute_timeout: Duration::from_secs(parse_number(
                "SESSION_ABSOLUTE_TIMEOUT_SECONDS",
                var,
                12 * 3600,
                1,
                7 * 24 * 3600,
            )?),
        };
        // A burst of requests at once, then one per period.
        let rate =
            |(burst_name, burst), (period_name, period_ms)| -> Result<RateLimit, ConfigError> {
                Ok(RateLimit {
                    burst: parse_number(burst_name, var, burst, 1, 1_000_000)?,
                    period: Duration::from_millis(parse_number(
                        period_name,
                        var,
                        period_ms,
                        1,
                        3_600_000,
                    )?),
                })
            };
        // Generous: many people share one address behind carrier NAT or an
        // office network.
        let sign_in_rate = rate(("SIGN_IN_RATE_BURST", 60), ("SIGN_IN_RATE_PERIOD_MS", 1000))?;
        // 20 batches of up to 1,000 events a second per agency.
        let agency_rate = rate(("AGENCY_RATE_BURST", 40), ("AGENCY_RATE_PERIOD_MS", 50))?;
        let trusted_proxies = var("TRUSTED_PROXIES")
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(|entry| {
                entry.parse::<std::net::IpAddr>().map_err(|_| {
                    invalid(
                        "TRUSTED_PROXIES",
                        format!("must list IP addresses, such as 10.0.0.2,10.0.0.3; not {entry:?}"),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let level2_policy = match var("LEVEL2_ACTIONS") {
            None => app::domain::Level2Policy::standard(),
            Some(list) => app::domain::Level2Policy::from_names(
                list.split(',')
                    .map(str::trim)
                    .filter(|name| !name.is_empty() && *name != "none")
                    .map(str::to_owned),
            ),
        };

        let checkpoint_key = base64_key(
            &var,
            "CHECKPOINT_SIGNING_KEY",
            production,
            DEVELOPMENT_CHECKPOINT_KEY,
            |key| {
                key.filter(|key| key.len() == 32).ok_or_else(|| {
                    "must be base64 of exactly 32 bytes (for example: openssl rand -base64 32)"
                        .to_owned()
                })
            },
        )?;

        let retention = retention::parse_retention(var, &session)?;
        let late_reports = app::domain::oversight::LateReports {
            after_days: parse_number("LATE_REPORT_DAYS", var, 30, 1, 365)?,
        };
        Ok(Settings {
            retention,
            late_reports,
            filing_limits,
            trusted_proxies,
            connection_limits,
            request_timeout,
            checkpoint_key,
            public_url_explicit: var("PUBLIC_URL").is_some(),
            identity_provider,
            session,
            sign_in_rate,
            agency_rate,
            level2_policy,
            environment,
            listen_addr,
            public_url,
            database_url,
            database_max_connections,
            sqlite_synchronous,
            site_root,
            log_format,
            log_filter,
            max_body_bytes,
            demo_data,
            migrate_at_start,
            shutdown_drain,
            metrics_addr,
            shutdown_timeout,
            pseudonym_key,
            smtp_url,
            mail_from,
            mail_poll,
            mail_retry_seconds,
        })
    }

    /// Whether people reach the service over HTTPS.
    pub fn uses_https(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

fn invalid(variable: &'static str, problem: String) -> ConfigError {
    ConfigError { variable, problem }
}

/// One of a few words (each option with its synonyms); unset is `default`.
/// A problem names the first word of each option: "must be text or json".
fn choice<T: Copy>(
    var: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: T,
    options: &[(&[&str], T)],
) -> Result<T, ConfigError> {
    let Some(raw) = var(name) else {
        return Ok(default);
    };
    let given = raw.trim();
    if let Some((_, value)) = options.iter().find(|(words, _)| words.contains(&given)) {
        return Ok(*value);
    }
    let words: Vec<&str> = options
        .iter()
        .filter_map(|(words, _)| words.first().copied())
        .collect();
    Err(invalid(
        name,
        format!("must be {}, not {given:?}", words.join(" or ")),
    ))
}

/// A secret key given as base64: `check` turns the decoded bytes (None when
/// the text is not base64) into the key, or says what is wrong. Required in
/// production; development falls back to its fixed, published key.
fn base64_key(
    var: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    production: bool,
    development: &[u8],
    check: impl Fn(Option<Vec<u8>>) -> Result<Vec<u8>, String>,
) -> Result<SecretBytes, ConfigError> {
    use base64::Engine as _;
    match var(name) {
        Some(encoded) => {
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(encoded.trim())
                .ok();
            check(decoded)
                .map(SecretBytes)
                .map_err(|problem| invalid(name, problem))
        }
        None if production => Err(invalid(
            name,
            "is required when APP_ENV is production (for example: openssl rand -base64 32)".into(),
        )),
        None => Ok(SecretBytes(development.to_vec())),
    }
    .and_then(|key| {
        if production && key.expose() == development {
            Err(invalid(
                name,
                "is the development key published in the source; production needs its own \
                 (for example: openssl rand -base64 32)"
                    .into(),
            ))
        } else {
            Ok(key)
        }
    })
}

fn parse_database_url(url: &str) -> Result<DatabaseUrl, ConfigError> {
    let url = url.trim();
    let bad = |why: String| invalid("DATABASE_URL", why);
    if let Some(path) = url.strip_prefix("sqlite://") {
        // An in-memory database would be a different one per pooled connection.
        if path.split('?').next().unwrap_or_default().is_empty() || path.starts_with(":memory:") {
            return Err(bad(
                "needs a file path, for example sqlite://data/citizen-privacy.db".into(),
            ));
        }
        SqliteConnectOptions::from_str(url)
            .map_err(|error| bad(format!("is not a valid SQLite URL: {error}")))?;
        Ok(DatabaseUrl::Sqlite(url.to_owned()))
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        // The parser's message may quote the URL, password included: don't repeat it.
        PgConnectOptions::from_str(url).map_err(|_| bad("is not a valid PostgreSQL URL".into()))?;
        Ok(DatabaseUrl::Postgres(url.to_owned()))
    } else {
        Err(bad(
            "must start with sqlite:// (embedded) or postgres:// (production)".into(),
        ))
    }
}

fn parse_number<T>(
    name: &'static str,
    var: impl Fn(&str) -> Option<String>,
    default: T,
    min: T,
    max: T,
) -> Result<T, ConfigError>
where
    T: FromStr + PartialOrd + fmt::Display + Copy,
{
    let Some(raw) = var(name) else {
        return Ok(default);
    };
    match raw.trim().parse::<T>() {
        Ok(value) if value >= min && value <= max => Ok(value),
        _ => Err(invalid(
            name,
            format!("must be a whole number from {min} to {max}, not {raw:?}"),
        )),
    }
}

/// Reads `NAME=value` lines; blank lines and `#` comments are skipped and
/// values may be wrapped in single or double quotes.
/// The settings that may hold a secret. Each can instead be read from a
/// file named in `NAME_FILE` (as systemd's credentials, Docker and Vault
/// agents provide them), so the secret is in no environment or unit file.
pub const SECRET_VARIABLES: &[&str] = &[
    "PSEUDONYM_KEY",
    "CHECKPOINT_SIGNING_KEY",
    "OIDC_CLIENT_SECRET",
    "DATABASE_URL",
    "SMTP_URL",
];

/// The secrets given as `NAME_FILE`, read with `read`: the file's text
/// without its final line break. Giving both `NAME` and `NAME_FILE` is a
/// mistake, and so is a file that cannot be read.
fn read_secret_files(
    lookup: &impl Fn(&str) -> Option<String>,
    read: impl Fn(&str) -> std::io::Result<String>,
) -> Result<HashMap<String, String>, ConfigError> {
    let mut secrets = HashMap::new();
    for (name, file_name) in SECRET_VARIABLES
        .iter()
        .zip(SECRET_FILE_VARIABLES.iter().copied())
    {
        let Some(path) = lookup(file_name).filter(|path| !path.trim().is_empty()) else {
            continue;
        };
        if lookup(name).is_some_and(|value| !value.trim().is_empty()) {
            return Err(invalid(
                file_name,
                format!("set {name} or {file_name}, not both"),
            ));
        }
        let text = read(path.trim())
            .map_err(|error| invalid(file_name, format!("cannot read {path:?}: {error}")))?;
        let text = text
            .strip_suffix('\n')
            .map(|t| t.strip_suffix('\r').unwrap_or(t))
            .unwrap_or(&text);
        secrets.insert((*name).to_owned(), text.to_owned());
    }
    Ok(secrets)
}

/// `NAME_FILE` of each of [`SECRET_VARIABLES`], in the same order.
const SECRET_FILE_VARIABLES: &[&str] = &[
    "PSEUDONYM_KEY_FILE",
    "CHECKPOINT_SIGNING_KEY_FILE",
    "OIDC_CLIENT_SECRET_FILE",
    "DATABASE_URL_FILE",
    "SMTP_URL_FILE",
];

fn read_config_file(path: &str) -> Result<HashMap<String, String>, ConfigError> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| invalid("CONFIG_FILE", format!("cannot read {path:?}: {error}")))?;
    parse_config_text(&text).map_err(|line| {
        invalid(
            "CONFIG_FILE",
            format!("line {line} of {path:?} is not NAME=value"),
        )
    })
}

fn parse_config_text(text: &str) -> Result<HashMap<String, String>, usize> {
    let mut values = HashMap::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").unwrap_or(line);
        let (name, value) = line.split_once('=').ok_or(index + 1)?;
        let name = name.trim();
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err(index + 1);
        }
        let value = value.trim();
        let value = [('"', '"'), ('\'', '\'')]
            .iter()
            .find_map(|(open, close)| {
                value
                    .strip_prefix(*open)
                    .and_then(|rest| rest.strip_suffix(*close))
            })
            .unwrap_or(value);
        values.insert(name.to_owned(), value.to_owned());
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(pairs: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Settings::from_source(|name| map.get(name).cloned())
    }

    #[test]
    fn defaults_give_the_embedded_development_setup() {
        let s = settings(&[]).unwrap();
        assert_eq!(s.environment, Environment::Development);
        assert_eq!(s.listen_addr, "127.0.0.1:3000".parse().unwrap());
        assert!(matches!(s.database_url, DatabaseUrl::Sqlite(ref u) if u == DEFAULT_DATABASE_URL));
        assert_eq!(s.sqlite_synchronous, SqliteSynchronous::Full);
        assert!(s.demo_data);
        assert!(!s.uses_https());
        assert_eq!(s.database_max_connections, 4, "a few threads for SQLite");
        let pg = settings(&[("DATABASE_URL", "postgres://u@localhost/db")]).unwrap();
        assert_eq!(pg.database_max_connections, 8);
        let set = settings(&[("DATABASE_MAX_CONNECTIONS", "9")]).unwrap();
        assert_eq!(set.database_max_connections, 9);
    }

    #[test]
    fn malformed_database_urls_name_the_variable() {
        for url in [
            "mysql://x/y",
            "sqlite:",
            "sqlite://",
            "sqlite://:memory:",
            "postgres://:bad:port@/",
            "nonsense",
        ] {
            let error = settings(&[("DATABASE_URL", url)]).unwrap_err();
            assert_eq!(error.variable, "DATABASE_URL", "{url}");
        }
    }

    #[test]
    fn postgres_password_never_appears_in_errors_or_debug() {
        let error = settings(&[("DATABASE_URL", "postgres://u:s3cret@h:notaport/db")]).unwrap_err();
        assert!(!error.to_string().contains("s3cret"), "{error}");
        let s = settings(&[("DATABASE_URL", "postgres://u:s3cret@db.local:5433/dash")]).unwrap();
        let shown = format!("{s:?}");
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(shown.contains("db.local:5433/dash"), "{shown}");
    }

    const KEY: &str = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    #[test]
    fn production_needs_https_and_has_no_demo_data() {
        let error = settings(&[("APP_ENV", "production")]).unwrap_err();
        assert_eq!(error.variable, "PUBLIC_URL");
        let s = settings(&[
            ("APP_ENV", "production"),
            ("PUBLIC_URL", "https://dl.example.vn/"),
            ("PSEUDONYM_KEY", KEY),
            ("CHECKPOINT_SIGNING_KEY", KEY),
            ("OIDC_ISSUER", "https://sso.vneid.example/"),
            ("OIDC_CLIENT_ID", "dashboard"),
        ])
        .unwrap();
        assert!(s.uses_https());
        match &s.identity_provider {
            IdentityProvider::External(oidc) => {
                assert_eq!(oidc.issuer, "https://sso.vneid.example");
                assert_eq!(oidc.scopes, ["openid", "profile"]);
                assert_eq!(oidc.claims, ClaimNames::default());
            }
            other => panic!("{other:?}"),
        }
        assert!(!s.demo_data);
        assert_eq!(s.public_url, "https://dl.example.vn");
    }

    #[test]
    fn pseudonym_key_is_required_in_production_checked_and_hidden() {
        let production = [("APP_ENV", "production"), ("PUBLIC_URL", "https://x.vn")];
        let error = settings(&production).unwrap_err();
        assert_eq!(error.variable, "PSEUDONYM_KEY");
        for bad in ["not base64!", "c2hvcnQ="] {
            let error = settings(&[("PSEUDONYM_KEY", bad)]).unwrap_err();
            assert_eq!(error.variable, "PSEUDONYM_KEY", "{bad}");
        }
        let s = settings(&[("PSEUDONYM_KEY", KEY)]).unwrap();
        assert_eq!(
            s.pseudonym_key.expose(),
            b"0123456789abcdef0123456789abcdef"
        );
        assert!(!format!("{s:?}").contains("0123456789abcdef"));
        let dev = settings(&[]).unwrap();
        assert_eq!(dev.pseudonym_key.expose().len(), 32);
    }

    #[test]
    fn each_bad_value_names_its_variable() {
        let cases = [
            ("APP_ENV", "staging"),
            ("LISTEN_ADDR", "localhost"),
            ("PUBLIC_URL", "ftp://x"),
            ("DATABASE_MAX_CONNECTIONS", "0"),
            ("SQLITE_SYNCHRONOUS", "off"),
            ("LOG_FORMAT", "xml"),
            ("RUST_LOG", "info,[[["),
            ("MAX_BODY_BYTES", "-1"),
            ("DEMO_DATA", "maybe"),
            ("SHUTDOWN_TIMEOUT_SECONDS", "soon"),
        ];
        for (name, value) in cases {
            let error = settings(&[(name, value)]).unwrap_err();
            assert_eq!(error.variable, name, "{value}");
            assert!(!error.to_string().contains('\n'));
        }
    }

    #[test]
    fn the_development_provider_is_the_default_only_in_development() {
        let dev = settings(&[]).unwrap();
        assert!(matches!(
            dev.identity_provider,
            IdentityProvider::Development
        ));
        let real = settings(&[
            ("OIDC_ISSUER", "http://127.0.0.1:9000"),
            ("OIDC_CLIENT_ID", "c"),
            ("OIDC_CLAIM_PERSONAL_ID", "so_dinh_danh"),
            ("OIDC_ALGORITHMS", "RS256, ES256"),
        ])
        .unwrap();
        match real.identity_provider {
            IdentityProvider::External(oidc) => {
                assert_eq!(oidc.claims.personal_id, "so_dinh_danh");
                assert_eq!(oidc.algorithms, ["RS256", "ES256"]);
            }
            other => panic!("{other:?}"),
        }
        let both = settings(&[("DEV_IDP", "on"), ("OIDC_ISSUER", "https://x.vn")]).unwrap_err();
        assert_eq!(both.variable, "DEV_IDP");
        let production = [
            ("APP_ENV", "production"),
            ("PUBLIC_URL", "https://x.vn"),
            ("PSEUDONYM_KEY", KEY),
            ("CHECKPOINT_SIGNING_KEY", KEY),
        ];
        assert_eq!(settings(&production).unwrap_err().variable, "OIDC_ISSUER");
        let mut explicit = production.to_vec();
        explicit.push(("DEV_IDP", "on"));
        assert_eq!(
            settings(&explicit).unwrap_err().variable,
            "DEV_IDP",
            "never in production, even when asked"
        );
        let mut plain_http = production.to_vec();
        plain_http.extend([("OIDC_ISSUER", "http://x.vn"), ("OIDC_CLIENT_ID", "c")]);
        assert_eq!(settings(&plain_http).unwrap_err().variable, "OIDC_ISSUER");
    }

    #[test]
    fn unsafe_algorithms_and_scopes_without_openid_are_refused() {
        let base = [("OIDC_ISSUER", "https://x.vn"), ("OIDC_CLIENT_ID", "c")];
        for (name, value) in [
            ("OIDC_ALGORITHMS", "none"),
            ("OIDC_ALGORITHMS", "RS256,HS256"),
            ("OIDC_SCOPES", "profile email"),
            ("OIDC_CLIENT_ID", ""),
            ("SESSION_IDLE_TIMEOUT_SECONDS", "0"),
            ("SIGN_IN_RATE_BURST", "lots"),
            ("AGENCY_RATE_PERIOD_MS", "0"),
        ] {
            let mut pairs = base.to_vec();
            pairs.retain(|(n, _)| *n != name);
            pairs.push((name, value));
            let error = settings(&pairs).unwrap_err();
            assert_eq!(error.variable, name, "{value}");
        }
    }

    #[test]
    fn secrets_come_from_files_but_not_from_both_places() {
        let files: HashMap<&str, &str> = [
            ("/run/credentials/pseudonym", "c2VjcmV0\n"),
            ("/run/credentials/db", "postgres://u:p@db/x\r\n"),
        ]
        .into();
        let read = |path: &str| {
            files
                .get(path)
                .map(|text| text.to_string())
                .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound))
        };
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        let got = read_secret_files(
            &env(&[
                ("PSEUDONYM_KEY_FILE", "/run/credentials/pseudonym"),
                ("DATABASE_URL_FILE", "/run/credentials/db"),
            ]),
            read,
        )
        .unwrap();
        assert_eq!(got["PSEUDONYM_KEY"], "c2VjcmV0");
        assert_eq!(got["DATABASE_URL"], "postgres://u:p@db/x");
        assert_eq!(got.len(), 2);
        let both = read_secret_files(
            &env(&[
                ("PSEUDONYM_KEY", "x"),
                ("PSEUDONYM_KEY_FILE", "/run/credentials/pseudonym"),
            ]),
            read,
        )
        .unwrap_err();
        assert_eq!(both.variable, "PSEUDONYM_KEY_FILE");
        let missing = read_secret_files(&env(&[("SMTP_URL_FILE", "/nowhere")]), read).unwrap_err();
        assert_eq!(missing.variable, "SMTP_URL_FILE");
        assert!(missing.problem.contains("/nowhere"), "{}", missing.problem);
        assert_eq!(SECRET_VARIABLES.len(), SECRET_FILE_VARIABLES.len());
        for (name, file) in SECRET_VARIABLES.iter().zip(SECRET_FILE_VARIABLES) {
            assert_eq!(format!("{name}_FILE"), *file);
        }
    }

    #[test]
    fn metrics_are_off_by_default_and_only_on_loopback() {
        assert_eq!(settings(&[]).unwrap().metrics_addr, None);
        assert_eq!(
            settings(&[("METRICS_ADDR", "127.0.0.1:9464")])
                .unwrap()
                .metrics_addr,
            Some("127.0.0.1:9464".parse().unwrap())
        );
        for bad in ["0.0.0.0:9464", "192.168.1.5:9464", "9464"] {
            assert_eq!(
                settings(&[("METRICS_ADDR", bad)]).unwrap_err().variable,
                "METRICS_ADDR",
                "{bad}"
            );
        }
    }

    #[test]
    fn migrations_run_at_start_unless_turned_off() {
        assert!(settings(&[]).unwrap().migrate_at_start);
        assert!(
            !settings(&[("MIGRATE_AT_START", "off")])
                .unwrap()
                .migrate_at_start
        );
        assert_eq!(
            settings(&[("MIGRATE_AT_START", "later")])
                .unwrap_err()
                .variable,
            "MIGRATE_AT_START"
        );
    }

    #[test]
    fn secrets_stay_out_of_debug_output() {
        let s = settings(&[
            ("OIDC_ISSUER", "https://x.vn"),
            ("OIDC_CLIENT_ID", "c"),
            ("OIDC_CLIENT_SECRET", "very-secret-value"),
        ])
        .unwrap();
        assert!(!format!("{s:?}").contains("very-secret-value"));
    }

    #[test]
    fn listen_addr_falls_back_to_the_cargo_leptos_variable() {
        let s = settings(&[("LEPTOS_SITE_ADDR", "127.0.0.1:8080")]).unwrap();
        assert_eq!(s.listen_addr.port(), 8080);
        let s = settings(&[
            ("LEPTOS_SITE_ADDR", "0.0.0.0:8080"),
            ("LISTEN_ADDR", "127.0.0.1:0"),
        ])
        .unwrap();
        assert_eq!(s.listen_addr.port(), 0);
        // Development faces no network, whichever variable names the address.
        let open = settings(&[("LEPTOS_SITE_ADDR", "0.0.0.0:8080")]).unwrap_err();
        assert_eq!(open.variable, "LEPTOS_SITE_ADDR");
    }

    #[test]
    fn config_file_lines_parse_with_comments_quotes_and_export() {
        let values = parse_config_text(
            "# comment\n\nexport DATABASE_URL=\"sqlite://x.db\"\nLOG_FORMAT = 'json'\nA=b=c\n",
        )
        .unwrap();
        assert_eq!(values["DATABASE_URL"], "sqlite://x.db");
        assert_eq!(values["LOG_FORMAT"], "json");
        assert_eq!(values["A"], "b=c");
        assert_eq!(parse_config_text("OK=1\njust words\n"), Err(2));
        assert_eq!(parse_config_text("BAD NAME=1"), Err(1));
    }
}
