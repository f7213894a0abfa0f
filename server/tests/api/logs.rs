//! Everything the application logs during the tests, kept in memory so a
//! test can check that no personal identification number ever reaches a
//! log line.

use std::{
    io::Write,
    sync::{Mutex, OnceLock},
};

static LOGS: OnceLock<Mutex<Vec<u8>>> = OnceLock::new();

struct Sink;

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Some(logs) = LOGS.get()
            && let Ok(mut logs) = logs.lock()
        {
            logs.extend_from_slice(buf);
        }
        if let Ok(path) = std::env::var("API_TEST_LOG_FILE")
            && let Ok(mut file) = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
        {
            let _ = file.write_all(buf);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Installs the capturing subscriber (once per test binary), at debug level
/// for our crates.
pub fn capture() {
    LOGS.get_or_init(|| {
        let _ = tracing_subscriber::fmt()
            .with_env_filter("server=debug,app=debug,tower_http=debug,info")
            .with_thread_names(true)
            .with_writer(|| Sink)
            .with_ansi(false)
            .try_init();
        Mutex::new(Vec::new())
    });
}

/// Everything logged so far, by every test in this binary.
pub fn all() -> String {
    LOGS.get()
        .and_then(|logs| {
            logs.lock()
                .ok()
                .map(|l| String::from_utf8_lossy(&l).into_owned())
        })
        .unwrap_or_default()
}
