//! A request's clocks: how each of its deadlines was computed (the rule,
//! its citation, the day counting started, the days skipped, any
//! extension), and where its deadlines fall after the holiday calendar
//! changes.

use serde::{Deserialize, Serialize};

use super::kind::{RequestRecord, RequestStatus};
use crate::domain::deadlines::{Calendar, Clock, Explanation, Period, explain};

/// Each deadline of a request with how it was computed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExplainedDeadlines {
    pub acknowledge: Explanation,
    /// The decision deadline before any extension.
    pub decide: Explanation,
    /// The longer period applies (a processor or a third party must act).
    pub third_party: bool,
    /// The decision clock starts on acceptance (complaints)…
    pub from_acceptance: bool,
    /// …and the complaint was accepted (otherwise the date is the latest
    /// it can be).
    pub accepted: bool,
    /// The one extension, counted from the first decision deadline.
    pub extension: Option<Explanation>,
}

/// How `record`'s deadlines were computed under `calendar`; None for a
/// request filed before the decree's table, or a calendar that does not
/// cover its dates.
pub fn explain_deadlines(
    record: &RequestRecord,
    calendar: &Calendar,
) -> Option<ExplainedDeadlines> {
    let facts = record.deadline_facts()?;
    let rule = facts.rule();
    let acknowledge = explain(facts.received, rule.acknowledge, calendar).ok()?;
    let start = facts.clock_start(acknowledge.end);
    let decide = explain(start, facts.decide_period(), calendar).ok()?;
    let extension = match facts.extension_days {
        Some(days) => {
            let period = Period {
                amount: days,
                ..rule.extension
            };
            Some(explain(decide.end, period, calendar).ok()?)
        }
        None => None,
    };
    Some(ExplainedDeadlines {
        acknowledge,
        decide,
        third_party: facts.third_party,
        from_acceptance: rule.clock == Clock::Acceptance,
        accepted: facts.accepted.is_some(),
        extension,
    })
}

/// Where a request's deadlines move when the calendar becomes `calendar`:
/// the new acknowledgement and decision dates when either differs from
/// what is stored. Only open requests under the decree's table move, and
/// only the deadlines still running (an acknowledged request's
/// acknowledgement date is history).
pub fn moved_deadlines(record: &RequestRecord, calendar: &Calendar) -> Option<(String, String)> {
    if !super::is_open(record.status) {
        return None;
    }
    let facts = record.deadline_facts()?;
    let due = facts.deadlines(calendar).ok()?;
    let acknowledge_by = if record.status == RequestStatus::Submitted {
        due.acknowledge_by.iso()
    } else {
        record.acknowledge_by.clone()
    };
    let decide_by = due.decide_by.iso();
    (acknowledge_by != record.acknowledge_by || decide_by != record.decide_by)
        .then_some((acknowledge_by, decide_by))
}
