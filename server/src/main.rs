//! Starts the citizen privacy dashboard. Configuration comes from the
//! environment (see the README); a problem stops it with one line on stderr.

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    match server::run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}
