//! Retention settings: how long account events and mail are kept. The
//! session figures come from the session settings; all of them are stated
//! in the privacy notice.

use app::domain::retention::Retention;

use super::{ConfigError, SessionSettings, parse_number};

/// `ACCOUNT_EVENT_RETENTION_DAYS` (30 to 3650, default 365),
/// `MAIL_RETENTION_DAYS` (1 to 365, default 30) and
/// `CLOSED_REQUEST_FILE_RETENTION_DAYS` (30 to 3650, default 365).
pub(super) fn parse_retention(
    var: impl Fn(&str) -> Option<String> + Copy,
    session: &SessionSettings,
) -> Result<Retention, ConfigError> {
    let defaults = Retention::default();
    Ok(Retention {
        session_idle_minutes: session.idle_timeout.as_secs().div_ceil(60),
        session_absolute_hours: session.absolute_timeout.as_secs().div_ceil(3600),
        account_event_days: parse_number(
            "ACCOUNT_EVENT_RETENTION_DAYS",
            var,
            defaults.account_event_days,
            30,
            3650,
        )?,
        mail_days: parse_number("MAIL_RETENTION_DAYS", var, defaults.mail_days, 1, 365)?,
        closed_request_file_days: parse_number(
            "CLOSED_REQUEST_FILE_RETENTION_DAYS",
            var,
            defaults.closed_request_file_days,
            30,
            3650,
        )?,
    })
}
