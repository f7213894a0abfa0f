//! The law's clocks, one row per kind of request, as data with their
//! citations (`../shared/domain.md`, "Deadlines"). Decree 356/2025/ND-CP
//! Art. 5: acknowledgement within 2 working days; carrying out within 15
//! days (restriction, objection; withdrawing consent needs no request
//! here, it takes effect at once), 10 (access,
//! correction, a copy) or 20 (deletion), longer when a processor or a
//! third party must act (20, 15, 30), and one extension for a complex
//! request of at most 15, 10 or 20 days. Complaints follow the Law on
//! Complaints 2011: accept or refuse within 10 days (Art. 27), decide within
//! 30 days of acceptance, 45 for a complex case (Art. 28).
//!
//! Every figure here was checked against secondary texts that cite the
//! clauses, not against the gazette: each carries `checked: false`, and
//! the public rules page says so. A figure is changed here, in one row.

use serde::{Deserialize, Serialize};

use super::{Calendar, Date, DeadlineError};
use crate::domain::{Lang, requests::RequestKind};

/// How a period is counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unit {
    WorkingDays,
    /// Calendar days; a period ending on a day off ends on the next working
    /// day (Civil Code 2015, Art. 148(5)).
    Days,
}

impl Unit {
    pub fn message_id(self) -> &'static str {
        match self {
            Unit::WorkingDays => "rule-unit-working-days",
            Unit::Days => "rule-unit-days",
        }
    }
}

/// Where a figure comes from, as each language cites it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Citation {
    pub vi: &'static str,
    pub en: &'static str,
}

impl Citation {
    pub fn text(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Vi => self.vi,
            Lang::En => self.en,
        }
    }
}

/// A period with its legal source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub amount: u32,
    pub unit: Unit,
    pub citation: Citation,
    /// Whether the figure was checked against the official text.
    pub checked: bool,
}

/// When the clock for the decision starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clock {
    /// On receipt by the organisation, not when an officer first looks.
    Receipt,
    /// On acceptance (complaints): until then the decision date shown is
    /// the latest it can be, counted from the last day to accept.
    Acceptance,
}

/// The clocks of one kind of request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RequestRule {
    pub kind: RequestKind,
    /// Acknowledgement, or for a complaint acceptance or refusal.
    pub acknowledge: Period,
    pub decide: Period,
    /// The longer period when a processor or a third party must act; none
    /// where the law has no such variant.
    pub decide_with_third_party: Option<Period>,
    /// The one extension of a complex request, at most this long.
    pub extension: Period,
    pub clock: Clock,
}

const fn decree(amount: u32, unit: Unit, vi: &'static str, en: &'static str) -> Period {
    Period {
        amount,
        unit,
        citation: Citation { vi, en },
        checked: false,
    }
}

const ACKNOWLEDGE_VI: &str = "Nghị định 356/2025/NĐ-CP, Điều 5";
const ACKNOWLEDGE_EN: &str = "Decree 356/2025/ND-CP, Art. 5";
const ART_5_2_VI: &str = "Nghị định 356/2025/NĐ-CP, Điều 5 khoản 2";
const ART_5_2_EN: &str = "Decree 356/2025/ND-CP, Art. 5(2)";
const ART_5_3_VI: &str = "Nghị định 356/2025/NĐ-CP, Điều 5 khoản 3";
const ART_5_3_EN: &str = "Decree 356/2025/ND-CP, Art. 5(3)";
const ART_5_4_VI: &str = "Nghị định 356/2025/NĐ-CP, Điều 5 khoản 4";
const ART_5_4_EN: &str = "Decree 356/2025/ND-CP, Art. 5(4)";

/// A Decree 356 Art. 5 row: acknowledgement in 2 working days, then
/// `decide` days (`third_party` with a processor or a third party), one
/// extension of at most `extension` days.
const fn art_5(
    kind: RequestKind,
    (decide, third_party, extension): (u32, u32, u32),
    (vi, en): (&'static str, &'static str),
) -> RequestRule {
    RequestRule {
        kind,
        acknowledge: decree(2, Unit::WorkingDays, ACKNOWLEDGE_VI, ACKNOWLEDGE_EN),
        decide: decree(decide, Unit::Days, vi, en),
        decide_with_third_party: Some(decree(third_party, Unit::Days, vi, en)),
        extension: decree(extension, Unit::Days, vi, en),
        clock: Clock::Receipt,
    }
}

/// Every kind's rule.
pub const REQUEST_RULES: [RequestRule; 6] = [
    art_5(RequestKind::Access, (10, 15, 10), (ART_5_3_VI, ART_5_3_EN)),
    art_5(
        RequestKind::Correction,
        (10, 15, 10),
        (ART_5_3_VI, ART_5_3_EN),
    ),
    art_5(
        RequestKind::Deletion,
        (20, 30, 20),
        (ART_5_4_VI, ART_5_4_EN),
    ),
    art_5(
        RequestKind::Restriction,
        (15, 20, 15),
        (ART_5_2_VI, ART_5_2_EN),
    ),
    art_5(
        RequestKind::Objection,
        (15, 20, 15),
        (ART_5_2_VI, ART_5_2_EN),
    ),
    RequestRule {
        kind: RequestKind::Complaint,
        acknowledge: decree(
            10,
            Unit::Days,
            "Luật Khiếu nại 02/2011/QH13, Điều 27",
            "Law on Complaints 02/2011/QH13, Art. 27",
        ),
        decide: decree(
            30,
            Unit::Days,
            "Luật Khiếu nại 02/2011/QH13, Điều 28",
            "Law on Complaints 02/2011/QH13, Art. 28",
        ),
        decide_with_third_party: None,
        // A complex case: 45 days instead of 30.
        extension: decree(
            15,
            Unit::Days,
            "Luật Khiếu nại 02/2011/QH13, Điều 28",
            "Law on Complaints 02/2011/QH13, Art. 28",
        ),
        clock: Clock::Acceptance,
    },
];

/// The rule of a kind of request (every kind has one).
pub fn rule_for(kind: RequestKind) -> &'static RequestRule {
    REQUEST_RULES
        .iter()
        .find(|rule| rule.kind == kind)
        .unwrap_or(&REQUEST_RULES[0])
}

/// The last day of `period` counted from `start` (not itself counted).
pub fn due(start: Date, period: Period, calendar: &Calendar) -> Result<Date, DeadlineError> {
    end_of(start, period.amount, period.unit, calendar)
}

fn end_of(
    start: Date,
    amount: u32,
    unit: Unit,
    calendar: &Calendar,
) -> Result<Date, DeadlineError> {
    match unit {
        Unit::WorkingDays => calendar.working_days_after(start, amount),
        Unit::Days => calendar.on_or_after(start.add_days(i64::from(amount))),
    }
}

/// What a request's deadlines depend on: its rule and the officer's
/// choices the law hinges on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeadlineFacts {
    pub kind: RequestKind,
    pub received: Date,
    /// When a complaint was accepted.
    pub accepted: Option<Date>,
    /// A processor or a third party must act: the longer period.
    pub third_party: bool,
    /// The one extension (a complex request), in days.
    pub extension_days: Option<u32>,
}

/// A request's deadlines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deadlines {
    pub acknowledge_by: Date,
    /// Before any extension.
    pub first_decide_by: Date,
    pub decide_by: Date,
}

impl DeadlineFacts {
    pub fn new(kind: RequestKind, received: Date) -> DeadlineFacts {
        DeadlineFacts {
            kind,
            received,
            accepted: None,
            third_party: false,
            extension_days: None,
        }
    }

    pub fn rule(&self) -> &'static RequestRule {
        rule_for(self.kind)
    }

    /// The decision period that applies.
    pub fn decide_period(&self) -> Period {
        let rule = self.rule();
        match (self.third_party, rule.decide_with_third_party) {
            (true, Some(longer)) => longer,
            _ => rule.decide,
        }
    }

    /// The day the decision clock starts from.
    pub fn clock_start(&self, acknowledge_by: Date) -> Date {
        match self.rule().clock {
            Clock::Receipt => self.received,
            Clock::Acceptance => self.accepted.unwrap_or(acknowledge_by),
        }
    }

    /// The deadlines these facts give.
    pub fn deadlines(&self, calendar: &Calendar) -> Result<Deadlines, DeadlineError> {
        let rule = self.rule();
        let acknowledge_by = due(self.received, rule.acknowledge, calendar)?;
        let first = due(
            self.clock_start(acknowledge_by),
            self.decide_period(),
            calendar,
        )?;
        let decide_by = match self.extension_days {
            Some(days) => extend_by(first, days, rule, calendar)?,
            None => first,
        };
        Ok(Deadlines {
            acknowledge_by,
            first_decide_by: first,
            decide_by,
        })
    }
}

/// The deadline after the one extension of `days`: counted from the
/// current deadline, ending on a working day; at most the kind's cap.
pub fn extend_by(
    current: Date,
    days: u32,
    rule: &RequestRule,
    calendar: &Calendar,
) -> Result<Date, DeadlineError> {
    if days == 0 || days > rule.extension.amount {
        return Err(DeadlineError::ExtensionTooLong);
    }
    end_of(current, days, rule.extension.unit, calendar)
}

/// Why a day was skipped while counting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Skipped {
    Weekend,
    /// A named day off.
    DayOff {
        name_vi: String,
        name_en: String,
    },
}

/// How one deadline was computed, for the person reading it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    pub amount: u32,
    pub unit: Unit,
    pub citation_vi: String,
    pub citation_en: String,
    pub checked: bool,
    /// Counting starts the day after this one.
    pub start: Date,
    pub end: Date,
    /// Days not counted (working days) or the days the end moved past
    /// (calendar days ending on a day off).
    pub skipped: Vec<(Date, Skipped)>,
}

/// Explains `period` from `start` as `calendar` counts it.
pub fn explain(
    start: Date,
    period: Period,
    calendar: &Calendar,
) -> Result<Explanation, DeadlineError> {
    let end = due(start, period, calendar)?;
    let counted_to = match period.unit {
        Unit::WorkingDays => start,
        Unit::Days => start.add_days(i64::from(period.amount)),
    };
    let mut skipped = Vec::new();
    let mut date = start.add_days(1);
    while date < end {
        if !calendar.is_working_day(date)?
            && (period.unit == Unit::WorkingDays || date >= counted_to)
        {
            skipped.push((date, calendar.why_off(date)));
        }
        date = date.add_days(1);
    }
    Ok(Explanation {
        amount: period.amount,
        unit: period.unit,
        citation_vi: period.citation.vi.to_owned(),
        citation_en: period.citation.en.to_owned(),
        checked: period.checked,
        start,
        end,
        skipped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::deadlines::{SEED_DAYS, seed_calendar};

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn the_figures_are_the_decrees_and_the_complaints_laws() {
        // (kind, acknowledge, decide, with a processor or third party, cap)
        let expected = [
            (RequestKind::Access, 2, 10, Some(15), 10),
            (RequestKind::Correction, 2, 10, Some(15), 10),
            (RequestKind::Deletion, 2, 20, Some(30), 20),
            (RequestKind::Restriction, 2, 15, Some(20), 15),
            (RequestKind::Objection, 2, 15, Some(20), 15),
            (RequestKind::Complaint, 10, 30, None, 15),
        ];
        for (kind, acknowledge, decide, third, cap) in expected {
            let rule = rule_for(kind);
            assert_eq!(rule.kind, kind);
            assert_eq!(rule.acknowledge.amount, acknowledge, "{kind:?}");
            assert_eq!(rule.decide.amount, decide, "{kind:?}");
            assert_eq!(
                rule.decide_with_third_party.map(|p| p.amount),
                third,
                "{kind:?}"
            );
            assert_eq!(rule.extension.amount, cap, "{kind:?}");
            assert_eq!(
                rule.decide.unit,
                Unit::Days,
                "the decree's days are calendar days"
            );
            assert!(!rule.decide.checked, "not read against the gazette");
        }
        for &kind in RequestKind::ALL {
            let rule = rule_for(kind);
            let unit = rule.acknowledge.unit;
            assert_eq!(unit == Unit::WorkingDays, kind != RequestKind::Complaint);
            assert_eq!(
                rule.clock == Clock::Acceptance,
                kind == RequestKind::Complaint
            );
        }
    }

    /// Days off straight from the seed data, not through `Calendar`.
    fn off(date: Date) -> bool {
        date.is_weekend() || SEED_DAYS.iter().any(|s| s.day_off && s.date == date)
    }

    /// An independent count: `amount` days (or working days) after `start`,
    /// then forward to a working day; None past 2027 (no calendar).
    fn counted(start: Date, amount: u32, unit: Unit) -> Option<Date> {
        let mut date = start;
        let mut left = amount;
        while left > 0 {
            date = date.add_days(1);
            if unit == Unit::Days || !off(date) {
                left -= 1;
            }
        }
        while off(date) {
            date = date.add_days(1);
        }
        (date.year() <= 2027).then_some(date)
    }

    #[test]
    fn every_kind_received_on_every_day_of_2026_and_2027_matches_an_independent_count() {
        let calendar = seed_calendar();
        let mut date = d("2026-01-01");
        while date.year() <= 2027 {
            for &kind in RequestKind::ALL {
                for third_party in [false, true] {
                    let facts = DeadlineFacts {
                        third_party,
                        ..DeadlineFacts::new(kind, date)
                    };
                    let rule = rule_for(kind);
                    let period = facts.decide_period();
                    let acknowledge = counted(date, rule.acknowledge.amount, rule.acknowledge.unit);
                    let start = match rule.clock {
                        Clock::Receipt => Some(date),
                        Clock::Acceptance => acknowledge,
                    };
                    let decide = start.and_then(|s| counted(s, period.amount, period.unit));
                    match (facts.deadlines(&calendar), acknowledge, decide) {
                        (Ok(found), Some(a), Some(b)) => {
                            assert_eq!(found.acknowledge_by, a, "{kind:?} {date:?}");
                            assert_eq!(found.decide_by, b, "{kind:?} {date:?} {third_party}");
                            assert_eq!(found.first_decide_by, found.decide_by);
                        }
                        (Err(DeadlineError::YearNotCovered(2028)), _, None) => {}
                        (other, a, b) => panic!("{kind:?} {date:?}: {other:?} vs {a:?} {b:?}"),
                    }
                }
            }
            date = date.add_days(1);
        }
    }

    #[test]
    fn a_request_received_on_the_friday_before_the_hung_kings_day() {
        // Friday 24 April 2026: the weekend, Monday 27 April (the Hùng
        // Kings' day, moved from Sunday), 30 April, 1 May and the weekend
        // after are days off.
        let calendar = seed_calendar();
        let received = d("2026-04-24");
        // (kind, acknowledge, decide, decide with a processor)
        let expected = [
            (
                RequestKind::Access,
                "2026-04-29",
                "2026-05-04",
                "2026-05-11",
            ),
            (
                RequestKind::Correction,
                "2026-04-29",
                "2026-05-04",
                "2026-05-11",
            ),
            (
                RequestKind::Deletion,
                "2026-04-29",
                "2026-05-14",
                "2026-05-25",
            ),
            (
                RequestKind::Restriction,
                "2026-04-29",
                "2026-05-11",
                "2026-05-14",
            ),
            (
                RequestKind::Objection,
                "2026-04-29",
                "2026-05-11",
                "2026-05-14",
            ),
            // Accept by 4 May; decided 30 days after acceptance (3 June at
            // the latest); no longer period.
            (
                RequestKind::Complaint,
                "2026-05-04",
                "2026-06-03",
                "2026-06-03",
            ),
        ];
        for (kind, acknowledge, decide, longer) in expected {
            let plain = DeadlineFacts::new(kind, received)
                .deadlines(&calendar)
                .unwrap();
            let third = DeadlineFacts {
                third_party: true,
                ..DeadlineFacts::new(kind, received)
            }
            .deadlines(&calendar)
            .unwrap();
            assert_eq!(plain.acknowledge_by, d(acknowledge), "{kind:?}");
            assert_eq!(plain.decide_by, d(decide), "{kind:?}");
            assert_eq!(third.decide_by, d(longer), "{kind:?} with a processor");
        }
    }

    #[test]
    fn the_longer_period_is_never_shorter() {
        let calendar = seed_calendar();
        let mut date = d("2026-01-01");
        while date < d("2027-09-01") {
            for &kind in RequestKind::ALL {
                let plain = DeadlineFacts::new(kind, date).deadlines(&calendar).unwrap();
                let longer = DeadlineFacts {
                    third_party: true,
                    ..DeadlineFacts::new(kind, date)
                }
                .deadlines(&calendar)
                .unwrap();
                assert!(longer.decide_by >= plain.decide_by, "{kind:?} {date:?}");
            }
            date = date.add_days(1);
        }
    }

    #[test]
    fn a_complaints_decision_clock_starts_on_acceptance() {
        let calendar = seed_calendar();
        let received = d("2026-06-01");
        let waiting = DeadlineFacts::new(RequestKind::Complaint, received);
        let before = waiting.deadlines(&calendar).unwrap();
        // Accept or refuse by 11 June; until then the latest decision date
        // is 30 days after that.
        assert_eq!(before.acknowledge_by, d("2026-06-11"));
        assert_eq!(before.decide_by, d("2026-07-13"), "11 July is a Saturday");
        let accepted = DeadlineFacts {
            accepted: Some(d("2026-06-03")),
            ..waiting
        };
        assert_eq!(
            accepted.deadlines(&calendar).unwrap().decide_by,
            d("2026-07-03")
        );
        // A complex case: 45 days.
        let complex = DeadlineFacts {
            extension_days: Some(15),
            ..accepted
        };
        assert_eq!(
            complex.deadlines(&calendar).unwrap().decide_by,
            d("2026-07-20")
        );
        assert_eq!(
            DeadlineFacts {
                extension_days: Some(16),
                ..accepted
            }
            .deadlines(&calendar),
            Err(DeadlineError::ExtensionTooLong)
        );
    }

    #[test]
    fn the_explanation_names_the_rule_and_the_days_skipped() {
        let calendar = seed_calendar();
        // Friday 24 April 2026, before the Hùng Kings' day (Monday 27 April).
        let access = rule_for(RequestKind::Access);
        let ack = explain(d("2026-04-24"), access.acknowledge, &calendar).unwrap();
        assert_eq!(ack.end, d("2026-04-29"));
        let skipped: Vec<Date> = ack.skipped.iter().map(|(date, _)| *date).collect();
        assert_eq!(skipped, [d("2026-04-25"), d("2026-04-26"), d("2026-04-27")]);
        assert_eq!(ack.skipped[0].1, Skipped::Weekend);
        assert!(
            matches!(&ack.skipped[2].1, Skipped::DayOff { name_en, .. } if name_en.contains("Hùng"))
        );
        assert_eq!(ack.citation_en, "Decree 356/2025/ND-CP, Art. 5");
        // Ten calendar days end on 4 May: 30 April, 1 May and the weekend are
        // counted, and 4 May is a working day, so nothing moves the end.
        let decide = explain(d("2026-04-24"), access.decide, &calendar).unwrap();
        assert_eq!(decide.end, d("2026-05-04"));
        assert!(decide.skipped.is_empty());
    }
}
