//! `verify-bundle`: checks a proof bundle downloaded from `/data/proof`
//! without the service that made it. The keys come from the command line
//! (as the province and the witnesses publish them), never from the
//! bundle, so a bundle cannot vouch for itself.
//!
//! Exit status: 0 verified, 1 refused (the reason on standard error),
//! 2 a usage mistake.

use std::process::ExitCode;

use clap::Parser;
use transparency::{
    bundle::{Bundle, verify_bundle},
    note::CosignatureVerifier,
};

/// Check a person's proof bundle offline.
#[derive(Debug, Parser)]
#[command(name = "verify-bundle", version)]
struct Args {
    /// The bundle file (JSON), as downloaded.
    bundle: std::path::PathBuf,
    /// The log's checkpoint verifier key, as the province publishes it.
    #[arg(long)]
    log_key: String,
    /// A witness's verifier key; repeat for each witness you trust.
    #[arg(long = "witness")]
    witnesses: Vec<String>,
    /// How many of those witnesses must have cosigned.
    #[arg(long, default_value_t = 1)]
    quorum: usize,
}

fn run(args: &Args) -> Result<String, String> {
    let text = std::fs::read_to_string(&args.bundle)
        .map_err(|e| format!("cannot read {}: {e}", args.bundle.display()))?;
    let bundle: Bundle =
        serde_json::from_str(&text).map_err(|e| format!("not a proof bundle: {e}"))?;
    let witnesses = args
        .witnesses
        .iter()
        .map(|key| CosignatureVerifier::new(key).map_err(|e| format!("witness key {key:?}: {e}")))
        .collect::<Result<Vec<_>, _>>()?;
    let checked = verify_bundle(&bundle, &args.log_key, &witnesses, args.quorum)
        .map_err(|e| format!("REFUSED: {e}"))?;
    let mut lines: Vec<String> = bundle
        .entries
        .iter()
        .map(|e| {
            format!(
                "ok  entry {} ({:?}, your entry number {})",
                e.index, e.kind, e.count
            )
        })
        .collect();
    lines.push(format!(
        "verified: {} entries, your whole history, are in the log of {} entries; signed by the \
         log's key and cosigned by {} ({} needed)",
        checked.entries,
        checked.tree_size,
        if checked.cosigned_by.is_empty() {
            "no witness".to_owned()
        } else {
            checked.cosigned_by.join(", ")
        },
        args.quorum
    ));
    Ok(lines.join("\n"))
}

fn main() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(args) => args,
        Err(error) => {
            let code = if error.use_stderr() { 2 } else { 0 };
            let _ = error.print();
            return ExitCode::from(code);
        }
    };
    match run(&args) {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(reason) => {
            eprintln!("{reason}");
            ExitCode::from(1)
        }
    }
}
