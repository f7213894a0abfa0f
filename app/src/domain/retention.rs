//! How long the service itself keeps what it keeps: configuration, stated
//! in the privacy notice from the same values the deletion job uses, so
//! the notice cannot say one thing while the service does another.

use serde::{Deserialize, Serialize};

/// The retention periods in force.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Retention {
    /// A session ends after this long without activity (and drafts of
    /// refused forms, kept in it, go with it).
    pub session_idle_minutes: u64,
    /// A session ends this long after sign-in at most.
    pub session_absolute_hours: u64,
    /// Sign-ins, sign-outs and failed sign-ins.
    pub account_event_days: u64,
    /// Sent or refused mail in the outbox.
    pub mail_days: u64,
    /// Files of closed or withdrawn requests, from the closing.
    pub closed_request_file_days: u64,
}

impl Default for Retention {
    fn default() -> Retention {
        Retention {
            session_idle_minutes: 15,
            session_absolute_hours: 12,
            account_event_days: 365,
            mail_days: 30,
            closed_request_file_days: 365,
        }
    }
}

impl Retention {
    /// The figures as arguments of the privacy notice's text.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        vec![
            ("idle", self.session_idle_minutes.to_string()),
            ("absolute", self.session_absolute_hours.to_string()),
            ("account_days", self.account_event_days.to_string()),
            ("mail_days", self.mail_days.to_string()),
            ("file_days", self.closed_request_file_days.to_string()),
        ]
    }

    /// Account events that happened before this are due for deletion.
    pub fn account_events_cutoff(&self, now: i64) -> i64 {
        now - self.account_event_days as i64 * 86_400
    }

    /// Files of requests closed before this are due for deletion.
    pub fn closed_request_files_cutoff(&self, now: i64) -> i64 {
        now - self.closed_request_file_days as i64 * 86_400
    }

    /// Mail sent or refused before this is due for deletion.
    pub fn mail_cutoff(&self, now: i64) -> i64 {
        now - self.mail_days as i64 * 86_400
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cutoffs_are_the_configured_days_back() {
        let retention = Retention {
            account_event_days: 10,
            mail_days: 2,
            ..Retention::default()
        };
        assert_eq!(
            retention.account_events_cutoff(1_000_000),
            1_000_000 - 864_000
        );
        assert_eq!(retention.mail_cutoff(1_000_000), 1_000_000 - 172_800);
        let args = retention.args();
        assert!(args.contains(&("mail_days", "2".to_owned())));
        assert!(args.contains(&("idle", "15".to_owned())));
    }
}
