//! Requests to a province's DPO (Law 91/2025/QH15, Art. 4 rights): their
//! kinds, the states a request goes through, which step may follow which
//! (and who may take it), and the reference people quote. Pure rules: the
//! workflow's pages and storage apply them.

use serde::{Deserialize, Serialize};

/// What the person asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RequestKind {
    Access,
    Correction,
    Deletion,
    Restriction,
    Objection,
    /// About how the person's data, or an earlier request, was handled.
    Complaint,
}

coded!(RequestKind {
    Access("access") => "request-kind-access";
    Correction("correction") => "request-kind-correction";
    Deletion("deletion") => "request-kind-deletion";
    Restriction("restriction") => "request-kind-restriction";
    Objection("objection") => "request-kind-objection";
    Complaint("complaint") => "request-kind-complaint";
});

/// Where a request stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RequestStatus {
    Submitted,
    Acknowledged,
    /// The DPO asked the person for information; the clock still runs.
    InformationRequested,
    Decided,
    Closed,
    Withdrawn,
}

coded!(RequestStatus {
    Submitted("submitted") => "request-status-submitted";
    Acknowledged("acknowledged") => "request-status-acknowledged";
    InformationRequested("information-requested") => "request-status-information-requested";
    Decided("decided") => "request-status-decided";
    Closed("closed") => "request-status-closed";
    Withdrawn("withdrawn") => "request-status-withdrawn";
});

/// The DPO's decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Decision {
    Granted,
    PartlyGranted,
    Refused,
}

coded!(Decision {
    Granted("granted") => "request-decision-granted";
    PartlyGranted("partly-granted") => "request-decision-partly-granted";
    Refused("refused") => "request-decision-refused";
});

/// A step on a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    /// DPO: received, and what happens next.
    Acknowledge,
    /// DPO: ask the person for information.
    RequestInformation,
    /// Person: answer the DPO.
    Answer,
    /// DPO: one extension, with a reason.
    Extend { days: u32 },
    /// DPO: the decision, with a reason.
    Decide(Decision),
    /// DPO: nothing more to do.
    Close,
    /// Person: no longer wanted.
    Withdraw,
    /// DPO: another province is responsible.
    Transfer { to_province: String },
}

/// Who takes a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Actor {
    Requester,
    Dpo,
}

/// A request's state, as far as the rules need it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestState {
    pub status: RequestStatus,
    pub extended: bool,
    pub province: String,
}

/// Why a step was refused. Nothing changes when one is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum StepError {
    #[error("the request is finished")]
    Finished,
    #[error("this step does not follow the request's status")]
    OutOfOrder,
    #[error("only the DPO takes this step")]
    DpoOnly,
    #[error("only the person who filed the request takes this step")]
    RequesterOnly,
    #[error("the deadline was extended once already")]
    AlreadyExtended,
    #[error("an extension is 1 to 15 days")]
    ExtensionTooLong,
    #[error("the request is in that province already")]
    SameProvince,
}

impl StepError {
    pub fn message_id(self) -> &'static str {
        match self {
            StepError::Finished => "request-error-finished",
            StepError::OutOfOrder => "request-error-out-of-order",
            StepError::DpoOnly => "request-error-dpo-only",
            StepError::RequesterOnly => "request-error-requester-only",
            StepError::AlreadyExtended => "deadline-error-extended",
            StepError::ExtensionTooLong => "deadline-error-extension-length",
            StepError::SameProvince => "request-error-same-province",
        }
    }
}

/// The state after `step` by `actor`, or why it may not be taken.
pub fn apply(state: &RequestState, step: &Step, actor: Actor) -> Result<RequestState, StepError> {
    use RequestStatus::*;
    if matches!(state.status, Closed | Withdrawn) {
        return Err(StepError::Finished);
    }
    let by_requester = matches!(step, Step::Answer | Step::Withdraw);
    match (by_requester, actor) {
        (true, Actor::Dpo) => return Err(StepError::RequesterOnly),
        (false, Actor::Requester) => return Err(StepError::DpoOnly),
        _ => {}
    }
    let open = matches!(state.status, Acknowledged | InformationRequested);
    let mut next = state.clone();
    match step {
        Step::Acknowledge if state.status == Submitted => next.status = Acknowledged,
        Step::RequestInformation if state.status == Acknowledged => {
            next.status = InformationRequested;
        }
        Step::Answer if state.status == InformationRequested => next.status = Acknowledged,
        Step::Extend { .. } if state.extended => return Err(StepError::AlreadyExtended),
        Step::Extend { days } if open => {
            if *days == 0 || *days > super::deadlines::MAX_EXTENSION_DAYS {
                return Err(StepError::ExtensionTooLong);
            }
            next.extended = true;
        }
        Step::Decide(_) if open => next.status = Decided,
        Step::Close if state.status == Decided => next.status = Closed,
        Step::Withdraw if state.status != Decided => next.status = Withdrawn,
        Step::Transfer { to_province } if matches!(state.status, Submitted | Acknowledged) => {
            if *to_province == state.province {
                return Err(StepError::SameProvince);
            }
            next.province.clone_from(to_province);
        }
        _ => return Err(StepError::OutOfOrder),
    }
    Ok(next)
}

/// Who handles a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Route {
    /// The named DPO of this province.
    Province(String),
    /// The national unit configured for central agencies.
    National,
}

/// The agency a request is about, as routing needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgencyPlace {
    pub code: String,
    /// None: a central agency (ministry, national body).
    pub province: Option<String>,
}

/// Where a request goes: the agency's province when it has one (the
/// province the person chose does not override it); a central agency's
/// requests go to the national unit; "I don't know the agency" goes to the
/// province the person chose, whose DPO triages it.
pub fn route(agency: Option<&AgencyPlace>, chosen_province: Option<&str>) -> Option<Route> {
    match agency {
        Some(AgencyPlace {
            province: Some(province),
            ..
        }) => Some(Route::Province(province.clone())),
        Some(AgencyPlace { province: None, .. }) => Some(Route::National),
        None => chosen_province
            .filter(|code| !code.trim().is_empty())
            .map(|code| Route::Province(code.trim().to_owned())),
    }
}

/// The reference people quote: `YC-2026-000123`.
pub fn reference(year: i32, serial: u64) -> String {
    format!("YC-{year:04}-{serial:06}")
}

/// Reads a reference back (year, serial); None for anything else.
pub fn parse_reference(text: &str) -> Option<(i32, u64)> {
    let rest = text.trim().strip_prefix("YC-")?;
    let (year, serial) = rest.split_once('-')?;
    if year.len() != 4 || serial.len() < 6 || !serial.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((year.parse().ok()?, serial.parse().ok()?))
}

/// What the public figures need of one request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Handled {
    pub province: String,
    pub kind: RequestKind,
    /// Days from receipt to decision; None while undecided (or withdrawn).
    pub days_to_decision: Option<u32>,
    /// Whether the decision came by the (possibly extended) deadline.
    pub on_time: Option<bool>,
}

/// One line of the public page: a province and kind of request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    pub province: String,
    pub kind: RequestKind,
    pub received: u32,
    pub decided: u32,
    /// Median days to decision over the decided ones.
    pub median_days: Option<f64>,
    /// Share of the decided ones decided on time, 0 to 1.
    pub on_time_share: Option<f64>,
}

/// The public figures per province and kind, in province then kind order.
pub fn figures(requests: &[Handled]) -> Vec<Figures> {
    let mut groups: std::collections::BTreeMap<(String, usize), Vec<&Handled>> =
        std::collections::BTreeMap::new();
    for request in requests {
        let kind_order = RequestKind::ALL
            .iter()
            .position(|k| *k == request.kind)
            .unwrap_or(0);
        groups
            .entry((request.province.clone(), kind_order))
            .or_default()
            .push(request);
    }
    groups
        .into_values()
        .map(|group| {
            let mut days: Vec<u32> = group.iter().filter_map(|r| r.days_to_decision).collect();
            days.sort_unstable();
            let median_days = match days.len() {
                0 => None,
                n if n % 2 == 1 => Some(f64::from(days[n / 2])),
                n => Some((f64::from(days[n / 2 - 1]) + f64::from(days[n / 2])) / 2.0),
            };
            let judged: Vec<bool> = group.iter().filter_map(|r| r.on_time).collect();
            let on_time_share = (!judged.is_empty())
                .then(|| judged.iter().filter(|t| **t).count() as f64 / judged.len() as f64);
            Figures {
                province: group[0].province.clone(),
                kind: group[0].kind,
                received: group.len() as u32,
                decided: days.len() as u32,
                median_days,
                on_time_share,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(status: RequestStatus) -> RequestState {
        RequestState {
            status,
            extended: false,
            province: "HN".into(),
        }
    }

    #[test]
    fn a_request_is_acknowledged_asked_answered_decided_and_closed() {
        let mut state = at(RequestStatus::Submitted);
        for (step, actor, expected) in [
            (Step::Acknowledge, Actor::Dpo, RequestStatus::Acknowledged),
            (
                Step::RequestInformation,
                Actor::Dpo,
                RequestStatus::InformationRequested,
            ),
            (Step::Answer, Actor::Requester, RequestStatus::Acknowledged),
            (
                Step::Extend { days: 15 },
                Actor::Dpo,
                RequestStatus::Acknowledged,
            ),
            (
                Step::Decide(Decision::PartlyGranted),
                Actor::Dpo,
                RequestStatus::Decided,
            ),
            (Step::Close, Actor::Dpo, RequestStatus::Closed),
        ] {
            state = apply(&state, &step, actor).unwrap();
            assert_eq!(state.status, expected, "{step:?}");
        }
        assert!(state.extended);
    }

    #[test]
    fn invalid_steps_are_refused_with_a_reason() {
        let withdrawn = at(RequestStatus::Withdrawn);
        assert_eq!(
            apply(&withdrawn, &Step::Decide(Decision::Granted), Actor::Dpo),
            Err(StepError::Finished),
            "deciding a withdrawn request"
        );
        let mut extended = at(RequestStatus::Acknowledged);
        extended.extended = true;
        assert_eq!(
            apply(&extended, &Step::Extend { days: 3 }, Actor::Dpo),
            Err(StepError::AlreadyExtended),
            "extending twice"
        );
        let open = at(RequestStatus::Acknowledged);
        assert_eq!(
            apply(&open, &Step::Extend { days: 16 }, Actor::Dpo),
            Err(StepError::ExtensionTooLong)
        );
        assert_eq!(
            apply(
                &at(RequestStatus::Submitted),
                &Step::Decide(Decision::Refused),
                Actor::Dpo
            ),
            Err(StepError::OutOfOrder),
            "acknowledge first"
        );
        assert_eq!(
            apply(&open, &Step::Withdraw, Actor::Dpo),
            Err(StepError::RequesterOnly)
        );
        assert_eq!(
            apply(&open, &Step::Acknowledge, Actor::Requester),
            Err(StepError::DpoOnly)
        );
        assert_eq!(
            apply(
                &at(RequestStatus::Decided),
                &Step::Withdraw,
                Actor::Requester
            ),
            Err(StepError::OutOfOrder),
            "a decided request is complained about, not withdrawn"
        );
        assert_eq!(
            apply(
                &open,
                &Step::Transfer {
                    to_province: "HN".into()
                },
                Actor::Dpo
            ),
            Err(StepError::SameProvince)
        );
    }

    #[test]
    fn a_transfer_moves_the_request_and_keeps_its_status() {
        let moved = apply(
            &at(RequestStatus::Submitted),
            &Step::Transfer {
                to_province: "HUE".into(),
            },
            Actor::Dpo,
        )
        .unwrap();
        assert_eq!(moved.province, "HUE");
        assert_eq!(moved.status, RequestStatus::Submitted);
        assert_eq!(
            apply(
                &at(RequestStatus::Decided),
                &Step::Transfer {
                    to_province: "HUE".into()
                },
                Actor::Dpo
            ),
            Err(StepError::OutOfOrder)
        );
    }

    #[test]
    fn the_requester_withdraws_until_the_decision() {
        for status in [
            RequestStatus::Submitted,
            RequestStatus::Acknowledged,
            RequestStatus::InformationRequested,
        ] {
            let next = apply(&at(status), &Step::Withdraw, Actor::Requester).unwrap();
            assert_eq!(next.status, RequestStatus::Withdrawn);
        }
    }

    #[test]
    fn requests_go_to_the_agencys_province_the_national_unit_or_the_chosen_province() {
        let provincial = AgencyPlace {
            code: "HN-SYT".into(),
            province: Some("HN".into()),
        };
        let central = AgencyPlace {
            code: "BYT".into(),
            province: None,
        };
        assert_eq!(
            route(Some(&provincial), Some("HUE")),
            Some(Route::Province("HN".into())),
            "the agency decides, not the choice"
        );
        assert_eq!(route(Some(&central), Some("HUE")), Some(Route::National));
        assert_eq!(
            route(None, Some("HUE")),
            Some(Route::Province("HUE".into()))
        );
        assert_eq!(route(None, Some("  ")), None, "someone must triage it");
        assert_eq!(route(None, None), None);
    }

    #[test]
    fn public_figures_count_medians_and_timeliness_per_province_and_kind() {
        let handled = |province: &str, kind, days: Option<u32>, on_time: Option<bool>| Handled {
            province: province.into(),
            kind,
            days_to_decision: days,
            on_time,
        };
        let all = [
            handled("HN", RequestKind::Correction, Some(4), Some(true)),
            handled("HN", RequestKind::Correction, Some(10), Some(true)),
            handled("HN", RequestKind::Correction, Some(30), Some(false)),
            handled("HN", RequestKind::Correction, None, None),
            handled("HN", RequestKind::Access, Some(3), Some(true)),
            handled("HN", RequestKind::Access, Some(6), Some(true)),
            handled("HUE", RequestKind::Access, None, None),
        ];
        let lines = figures(&all);
        assert_eq!(lines.len(), 3);
        let access = &lines[0];
        assert_eq!(
            (access.province.as_str(), access.kind),
            ("HN", RequestKind::Access)
        );
        assert_eq!(
            access.median_days,
            Some(4.5),
            "even count: the mean of the middle two"
        );
        assert_eq!(access.on_time_share, Some(1.0));
        let correction = &lines[1];
        assert_eq!((correction.received, correction.decided), (4, 3));
        assert_eq!(correction.median_days, Some(10.0));
        assert!((correction.on_time_share.unwrap() - 2.0 / 3.0).abs() < 1e-9);
        let hue = &lines[2];
        assert_eq!((hue.received, hue.decided), (1, 0));
        assert_eq!((hue.median_days, hue.on_time_share), (None, None));
        assert!(figures(&[]).is_empty());
    }

    #[test]
    fn references_read_back() {
        assert_eq!(reference(2026, 123), "YC-2026-000123");
        assert_eq!(parse_reference(" YC-2026-000123 "), Some((2026, 123)));
        assert_eq!(parse_reference("YC-2026-1234567"), Some((2026, 1_234_567)));
        for bad in [
            "YC-26-000123",
            "XX-2026-000123",
            "YC-2026-12",
            "YC-2026-00012a",
            "",
        ] {
            assert_eq!(parse_reference(bad), None, "{bad}");
        }
        for kind in RequestKind::ALL {
            assert_eq!(RequestKind::from_code(kind.code()), Some(*kind));
        }
    }
}
