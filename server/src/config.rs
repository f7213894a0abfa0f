//! Configuration from the environment, optionally backed by a file named in
//! `CONFIG_FILE` (lines of `NAME=value`; the environment wins). Every value
//! is checked here, at start, so a mistake stops the program with one line
//! naming the variable instead of failing later under load.

use std::{
    collections::HashMap, fmt, net::SocketAddr, path::PathBuf, str::FromStr, time::Duration,
};

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
    pub shutdown_timeout: Duration,
    /// Secret key of the citizens' pseudonyms (see `auth::pseudonym`).
    pub pseudonym_key: SecretBytes,
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

/// Default database for the embedded set-up: a SQLite file under `data/`.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/citizen-privacy.db";

impl Settings {
    /// Reads the process environment (and `CONFIG_FILE`, when set).
    pub fn from_env() -> Result<Settings, ConfigError> {
        let file = match std::env::var("CONFIG_FILE") {
            Ok(path) if !path.is_empty() => read_config_file(&path)?,
            _ => HashMap::new(),
        };
        Settings::from_source(|name| std::env::var(name).ok().or_else(|| file.get(name).cloned()))
    }

    /// Builds settings from any lookup of variable names, checking each value.
    pub fn from_source(get: impl Fn(&str) -> Option<String>) -> Result<Settings, ConfigError> {
        let var = |name: &str| get(name).filter(|value| !value.trim().is_empty());

        let environment = match var("APP_ENV").as_deref().map(str::trim) {
            None | Some("development") => Environment::Development,
            Some("production") => Environment::Production,
            Some(other) => {
                return Err(invalid(
                    "APP_ENV",
                    format!("must be development or production, not {other:?}"),
                ));
            }
        };
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

        let database_max_connections = parse_number("DATABASE_MAX_CONNECTIONS", var, 16, 1, 1000)?;
        let sqlite_synchronous = match var("SQLITE_SYNCHRONOUS").as_deref().map(str::trim) {
            None | Some("full") => SqliteSynchronous::Full,
            Some("normal") => SqliteSynchronous::Normal,
            Some(other) => {
                return Err(invalid(
                    "SQLITE_SYNCHRONOUS",
                    format!("must be full or normal, not {other:?}"),
                ));
            }
        };

        let site_root = PathBuf::from(
            var("SITE_ROOT")
                .or_else(|| var("LEPTOS_SITE_ROOT"))
                .unwrap_or_else(|| "target/site".into()),
        );

        let log_format = match var("LOG_FORMAT").as_deref().map(str::trim) {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(other) => {
                return Err(invalid(
                    "LOG_FORMAT",
                    format!("must be text or json, not {other:?}"),
                ));
            }
        };
        let log_filter = var("RUST_LOG").unwrap_or_else(|| "info".into());
        if let Err(error) = tracing_subscriber::EnvFilter::try_new(&log_filter) {
            return Err(invalid(
                "RUST_LOG",
                format!("is not a valid filter: {error}"),
            ));
        }

        let max_body_bytes = parse_number("MAX_BODY_BYTES", var, 2 * 1024 * 1024, 1024, 1 << 30)?;
        let demo_data = match var("DEMO_DATA").as_deref().map(str::trim) {
            None => !production,
            Some("true" | "1" | "yes") => true,
            Some("false" | "0" | "no") => false,
            Some(other) => {
                return Err(invalid(
                    "DEMO_DATA",
                    format!("must be true or false, not {other:?}"),
                ));
            }
        };
        let shutdown_timeout =
            Duration::from_secs(parse_number("SHUTDOWN_TIMEOUT_SECONDS", var, 30, 0, 3600)?);

        let pseudonym_key = match var("PSEUDONYM_KEY") {
            Some(encoded) => {
                use base64::Engine as _;
                let key = base64::engine::general_purpose::STANDARD
                    .decode(encoded.trim())
                    .map_err(|_| invalid("PSEUDONYM_KEY", "must be base64".into()))?;
                if key.len() < crate::auth::pseudonym::MIN_KEY_BYTES {
                    return Err(invalid(
                        "PSEUDONYM_KEY",
                        format!(
                            "must decode to at least {} bytes (for example: openssl rand -base64 32), not {}",
                            crate::auth::pseudonym::MIN_KEY_BYTES,
                            key.len()
                        ),
                    ));
                }
                SecretBytes(key)
            }
            None if production => {
                return Err(invalid(
                    "PSEUDONYM_KEY",
                    "is required when APP_ENV is production (for example: openssl rand -base64 32)"
                        .into(),
                ));
            }
            None => SecretBytes(DEVELOPMENT_PSEUDONYM_KEY.to_vec()),
        };

        Ok(Settings {
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
            shutdown_timeout,
            pseudonym_key,
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
        ])
        .unwrap();
        assert!(s.uses_https());
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
    fn listen_addr_falls_back_to_the_cargo_leptos_variable() {
        let s = settings(&[("LEPTOS_SITE_ADDR", "0.0.0.0:8080")]).unwrap();
        assert_eq!(s.listen_addr.port(), 8080);
        let s = settings(&[
            ("LEPTOS_SITE_ADDR", "0.0.0.0:8080"),
            ("LISTEN_ADDR", "127.0.0.1:0"),
        ])
        .unwrap();
        assert_eq!(s.listen_addr.port(), 0);
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
