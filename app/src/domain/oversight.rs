//! What a DPO oversees beyond requests (see also
//! [`super::consent::FlaggedEvent`]): deferred disclosures and late reports.

use serde::{Deserialize, Serialize};

use super::sharing::Named;

/// A sharing whose disclosure to the person is deferred, as the DPO of the
/// providing agency's province (or the national unit) sees it: what, and
/// when the person will see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeferredEvent {
    pub seq: i64,
    pub event_id: String,
    pub occurred_at: i64,
    pub provider: Named,
    pub recipient: Named,
    pub legal_basis: Named,
    pub visible_from: i64,
}

/// When a report counts as late: received more than `after_days` after
/// the event it reports (`LATE_REPORT_DAYS`; 30 by default: agencies report
/// as they share, and a month covers batch schedules and outages). The
/// person then sees both times and how late it came.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LateReports {
    pub after_days: u64,
}

impl Default for LateReports {
    fn default() -> LateReports {
        LateReports { after_days: 30 }
    }
}

impl LateReports {
    /// Whole days between an event and its report, when the report came
    /// late.
    pub fn days_late(&self, occurred_at: i64, received_at: i64) -> Option<i64> {
        let delay = received_at - occurred_at;
        (delay > self.after_days as i64 * 86_400).then_some(delay / 86_400)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_is_late_past_the_configured_days() {
        let late = LateReports { after_days: 30 };
        assert_eq!(late.days_late(0, 30 * 86_400), None, "on the day: in time");
        assert_eq!(late.days_late(0, 30 * 86_400 + 1), Some(30));
        assert_eq!(
            LateReports { after_days: 7 }.days_late(0, 8 * 86_400),
            Some(8)
        );
    }
}
