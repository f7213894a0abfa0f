//! The command line: serve (the default), or run one maintenance command.
//! Configuration always comes from the environment (see the README); the
//! command line only says what to do.

use clap::{CommandFactory as _, Parser, Subcommand};

use crate::fixtures::{scale::ScaleSpec, scale_requests::RequestSpec};

/// The citizen privacy dashboard.
#[derive(Debug, Parser)]
#[command(
    name = "server",
    version,
    about = "The citizen privacy dashboard: serves it, or runs a maintenance command.",
    long_about = "The citizen privacy dashboard: serves it (the default), or runs a \
                  maintenance command. Settings come from the environment and a .env \
                  file: see the README."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// What the binary was asked to do.
#[derive(Debug, PartialEq, Eq, Subcommand)]
pub enum Command {
    /// Serve the dashboard until SIGTERM or Ctrl-C (the default).
    Serve,
    /// Run as a witness for other logs (C2SP tlog-witness) until SIGTERM:
    /// cosign each checkpoint consistent with the last one cosigned for
    /// its log, never one that is not. Needs no database.
    Witness(crate::witness::WitnessArgs),
    /// Check a deployment's log once (from a timer): mirror its checkpoint
    /// and tiles, and say whether it shrank, forked, lacks cosignatures or
    /// serves tiles that do not add up. Needs no database.
    Monitor(crate::monitor::MonitorArgs),
    #[command(flatten)]
    Maintenance(Maintenance),
}

/// A command that runs once against the configured database and ends.
#[derive(Debug, PartialEq, Eq, Subcommand)]
pub enum Maintenance {
    /// Recompute the sharing log's hash chain and check every signed
    /// checkpoint.
    VerifyLog,
    /// Issue a new API token for an agency; the token is printed once (on
    /// standard output), its id and expiry on standard error.
    IssueAgencyToken {
        /// The agency's code in the registry (for example BCA).
        agency_code: String,
        /// Days until the token expires.
        #[arg(long, default_value_t = crate::http::agency_api::TOKEN_DAYS,
              value_parser = |text: &str| whole_number_in(text, 1, crate::http::agency_api::TOKEN_DAYS_MAX))]
        days: u64,
        /// Why, for the change log.
        #[arg(long, default_value = "Issued from the server's command line")]
        reason: String,
    },
    /// Replace an agency's token with a new one, printed once (on standard
    /// output); the old one keeps working for the grace period, so the
    /// agency can switch without a gap.
    RotateAgencyToken {
        /// The old token's id, as `list-agency-tokens` shows it (or the
        /// whole token).
        token: String,
        /// Days the old token still works.
        #[arg(long, default_value_t = crate::http::agency_api::ROTATION_GRACE_DAYS,
              value_parser = |text: &str| whole_number_in(text, 0, crate::http::agency_api::ROTATION_GRACE_DAYS_MAX))]
        grace_days: u64,
        /// Days until the new token expires.
        #[arg(long, default_value_t = crate::http::agency_api::TOKEN_DAYS,
              value_parser = |text: &str| whole_number_in(text, 1, crate::http::agency_api::TOKEN_DAYS_MAX))]
        days: u64,
        /// Why, for the change log.
        #[arg(long, default_value = "Rotated from the server's command line")]
        reason: String,
    },
    /// Revoke an agency's token at once, by its id (or the whole token).
    RevokeAgencyToken {
        /// The token's id, as `issue-agency-token` and `list-agency-tokens`
        /// show it.
        token: String,
        /// Why, for the change log.
        #[arg(long, default_value = "Revoked from the server's command line")]
        reason: String,
    },
    /// List agency tokens (never their secrets): id, agency, issued,
    /// expires, last used, revoked.
    ListAgencyTokens {
        /// Only this agency's tokens.
        agency_code: Option<String>,
    },
    /// Apply the database migrations this version needs, then stop (run it
    /// on upgrade, before the new version starts).
    Migrate,
    /// Check the configuration, the database and the site files without
    /// starting; says what would stop the server.
    CheckConfig,
    /// Write an online, consistent copy of the SQLite database to PATH
    /// while the service runs (for PostgreSQL, use pg_dump: see the README).
    Backup {
        /// Where the copy goes; must not exist yet.
        path: String,
    },
    /// Appoint a person to a staff role: the first administrator, or
    /// recovery when the last one is gone. Recorded in the change log as
    /// made from the command line.
    GrantRole(GrantRole),
    /// Revoke a role by its id (as list-roles shows it), with the reason.
    /// Unlike the console, this may revoke the last administrator.
    RevokeRole {
        /// The appointment's id.
        #[arg(value_parser = |text: &str| whole_number(text))]
        id: u64,
        /// Why, for the change log.
        #[arg(long)]
        reason: String,
    },
    /// List who holds which role: id, role, province, name, number
    /// (masked), since.
    ListRoles,
    /// Make a new checkpoint signing key, write its seed to a new file, and
    /// make it the log's current key; the old key is retired and kept, so
    /// everything it signed still verifies. Then point
    /// CHECKPOINT_SIGNING_KEY_FILE at the file on every instance and
    /// restart them.
    RotateCheckpointKey {
        /// Where the new key's seed (base64) goes; must not exist yet. It
        /// is made readable by its owner only.
        #[arg(long)]
        write_key: String,
    },
    /// Generate scale data: people with holdings and sharing histories.
    Generate(ScaleSpec),
    /// Generate a province's request queue at scale.
    GenerateRequests(RequestSpec),
}

/// `grant-role`'s flags.
#[derive(Debug, PartialEq, Eq, clap::Args)]
pub struct GrantRole {
    /// The person's 12-digit personal identification number (it becomes
    /// the pseudonym at once and is kept only masked).
    #[arg(long)]
    pub personal_id: String,
    /// dpo, national-unit, administrator or auditor.
    #[arg(long)]
    pub role: String,
    /// The province's code, for a DPO (HN, HCM, …).
    #[arg(long, default_value = "")]
    pub province: String,
    /// The person's full name, as on their identity card.
    #[arg(long)]
    pub name: String,
    /// The number of the written decision, if there is one.
    #[arg(long, default_value = "")]
    pub decision: String,
    /// The decision's date, YYYY-MM-DD.
    #[arg(long, default_value = "")]
    pub decision_date: String,
    /// Why, for the change log.
    #[arg(long, default_value = "Granted from the server's command line")]
    pub reason: String,
}

impl Cli {
    /// What the arguments (without the program's name) ask for. `Err` holds
    /// what to print and whether it is help (success) rather than a mistake.
    pub fn command_from(args: &[String]) -> Result<Command, (String, bool)> {
        let all = std::iter::once("server".to_owned()).chain(args.iter().cloned());
        match Cli::try_parse_from(all) {
            Ok(cli) => Ok(cli.command.unwrap_or(Command::Serve)),
            Err(error) if error.use_stderr() => Err((usage_error(&error, args), false)),
            Err(help) => Err((help.render().to_string(), true)),
        }
    }
}

/// A mistake on the command line, in words: a bad value as "generate:
/// --people needs a whole number", anything else after the usage.
fn usage_error(error: &clap::Error, args: &[String]) -> String {
    use clap::error::{ContextKind, ErrorKind};
    let usage = |rendered: clap::builder::StyledStr| {
        let rendered = rendered.to_string();
        rendered
            .trim()
            .trim_start_matches("Usage:")
            .trim()
            .to_owned()
    };
    let mut command = Cli::command();
    let usage = match args
        .first()
        .and_then(|name| command.find_subcommand_mut(name))
    {
        // A subcommand's usage names only itself.
        Some(subcommand) => format!("server {}", usage(subcommand.render_usage())),
        None => usage(Cli::command().render_usage()),
    };
    if error.kind() == ErrorKind::ValueValidation
        && let (Some(arg), Some(reason), Some(name)) = (
            error.get(ContextKind::InvalidArg),
            std::error::Error::source(error),
            args.first(),
        )
    {
        let arg = arg.to_string();
        let flag = arg.split(' ').next().unwrap_or_default();
        return format!("{name}: {flag} {reason}\n\nusage: {usage}");
    }
    let rendered = error.render().to_string();
    let what: Vec<&str> = rendered
        .trim()
        .split("\n\n")
        .filter(|paragraph| !paragraph.starts_with("Usage:"))
        .collect();
    format!("usage: {usage}\n\n{}", what.join("\n\n"))
}

/// Parses the flags of one subcommand on their own.
pub fn parse_flags<T: clap::Args>(args: &[String]) -> Result<T, String> {
    let command = T::augment_args(clap::Command::new("flags").no_binary_name(true));
    let matches = command
        .try_get_matches_from(args)
        .map_err(|error| error.to_string())?;
    T::from_arg_matches(&matches).map_err(|error| error.to_string())
}

/// A whole number, with `_` allowed between digits (`1_000_000`).
pub fn whole_number(text: &str) -> Result<u64, String> {
    text.replace('_', "")
        .parse::<u64>()
        .map_err(|_| "needs a whole number".to_owned())
}

/// A whole number from `low` to `high`.
pub fn whole_number_in(text: &str, low: u64, high: u64) -> Result<u64, String> {
    let number = whole_number(text)?;
    if (low..=high).contains(&number) {
        Ok(number)
    } else {
        Err(format!("must be between {low} and {high}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn no_arguments_serve_and_each_command_reads_its_own() {
        assert_eq!(Cli::command_from(&[]), Ok(Command::Serve));
        assert_eq!(Cli::command_from(&args("serve")), Ok(Command::Serve));
        assert_eq!(
            Cli::command_from(&args("verify-log")),
            Ok(Command::Maintenance(Maintenance::VerifyLog))
        );
        assert_eq!(
            Cli::command_from(&args("issue-agency-token BCA")),
            Ok(Command::Maintenance(Maintenance::IssueAgencyToken {
                agency_code: "BCA".into(),
                days: 365,
                reason: "Issued from the server's command line".into(),
            }))
        );
        assert_eq!(
            Cli::command_from(&args("issue-agency-token BCA --days 30 --reason New")),
            Ok(Command::Maintenance(Maintenance::IssueAgencyToken {
                agency_code: "BCA".into(),
                days: 30,
                reason: "New".into(),
            }))
        );
        assert!(Cli::command_from(&args("issue-agency-token BCA --days 731")).is_err());
        assert_eq!(
            Cli::command_from(&args("list-agency-tokens")),
            Ok(Command::Maintenance(Maintenance::ListAgencyTokens {
                agency_code: None
            }))
        );
        assert_eq!(
            Cli::command_from(&args("backup /var/backups/x.db")),
            Ok(Command::Maintenance(Maintenance::Backup {
                path: "/var/backups/x.db".into()
            }))
        );
        let Ok(Command::Maintenance(Maintenance::GrantRole(grant))) = Cli::command_from(&args(
            "grant-role --personal-id 001234567890 --role administrator --name Hà",
        )) else {
            panic!("grant-role was not read");
        };
        assert_eq!(
            (
                grant.personal_id.as_str(),
                grant.role.as_str(),
                grant.province.as_str()
            ),
            ("001234567890", "administrator", "")
        );
        assert!(Cli::command_from(&args("grant-role --role administrator")).is_err());
        let Ok(Command::Maintenance(Maintenance::Generate(spec))) =
            Cli::command_from(&args("generate --people 2_000 --events 10"))
        else {
            panic!("generate was not read");
        };
        assert_eq!((spec.people, spec.events, spec.seed), (2_000, 10, 1));
    }

    #[test]
    fn mistakes_show_the_usage_and_help_is_not_a_mistake() {
        let (text, help) = Cli::command_from(&args("frobnicate")).unwrap_err();
        assert!(!help);
        assert!(text.starts_with("usage: server"), "{text}");
        assert!(text.contains("frobnicate"), "{text}");
        let (text, help) = Cli::command_from(&args("issue-agency-token")).unwrap_err();
        assert!(!help);
        assert!(text.contains("<AGENCY_CODE>"), "{text}");
        let (text, _) = Cli::command_from(&args("generate --people ten")).unwrap_err();
        assert!(
            text.starts_with("generate: --people needs a whole number"),
            "{text}"
        );
        let (text, _) = Cli::command_from(&args("generate --people 10 --batch 0")).unwrap_err();
        assert!(
            text.starts_with("generate: --batch must be between 1 and 50000"),
            "{text}"
        );
        let (text, help) = Cli::command_from(&args("generate --help")).unwrap_err();
        assert!(help);
        assert!(text.contains("--people"), "{text}");
    }

    #[test]
    fn numbers_take_underscores_and_ranges() {
        assert_eq!(whole_number("1_000_000"), Ok(1_000_000));
        assert!(whole_number("ten").is_err());
        assert!(whole_number("-1").is_err());
        assert_eq!(whole_number_in("5", 1, 5), Ok(5));
        assert!(whole_number_in("0", 1, 5).is_err());
        assert!(whole_number_in("6", 1, 5).is_err());
    }
}
