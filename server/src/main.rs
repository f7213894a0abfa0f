//! Starts the citizen privacy dashboard, or runs one of its maintenance
//! commands. Configuration comes from the environment (see the README); a
//! problem stops it with one line on stderr.

use std::process::ExitCode;

use server::{Cli, Command};

// glibc's allocator spent a fifth of a busy server's time in malloc, free
// and its arena locks (perf, signed-in pages under load); mimalloc keeps
// per-thread heaps.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match Cli::command_from(&args) {
        Err((help, true)) => {
            print!("{help}");
            Ok(())
        }
        Err((usage, false)) => Err(usage),
        Ok(Command::Serve) => server::run().await.map_err(|error| error.to_string()),
        Ok(Command::Witness(args)) => server::witness::serve(args)
            .await
            .map_err(|error| error.to_string()),
        Ok(Command::Monitor(args)) => server::monitor::run(&args).await.map(|line| {
            println!("{line}");
        }),
        Ok(Command::Maintenance(command)) => match server::run_command(command).await {
            Ok((line, true)) => {
                println!("{line}");
                Ok(())
            }
            Ok((line, false)) => Err(line),
            Err(error) => Err(error.to_string()),
        },
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(line) => {
            eprintln!("{line}");
            ExitCode::FAILURE
        }
    }
}
