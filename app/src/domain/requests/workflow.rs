//! Which step may follow which, and who may take it; where a request goes;
//! the reasons a decision may give.

use serde::{Deserialize, Serialize};

use super::kind::{Decision, RequestStatus};

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
            if *days == 0 || *days > crate::domain::deadlines::MAX_EXTENSION_DAYS {
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

/// Statuses where the DPO still owes something.
pub fn is_open(status: RequestStatus) -> bool {
    matches!(
        status,
        RequestStatus::Submitted
            | RequestStatus::Acknowledged
            | RequestStatus::InformationRequested
    )
}

/// Reasons a DPO picks from when deciding (translated: `request-reason-…`),
/// with the decisions each fits. Free text adds the particulars.
pub const DECISION_REASONS: [(&str, &[Decision]); 7] = [
    ("done-as-asked", &[Decision::Granted]),
    (
        "part-exempt-by-law",
        &[Decision::PartlyGranted, Decision::Refused],
    ),
    ("part-not-held", &[Decision::PartlyGranted]),
    ("not-held", &[Decision::Refused]),
    (
        "legal-obligation",
        &[Decision::PartlyGranted, Decision::Refused],
    ),
    ("identity-not-confirmed", &[Decision::Refused]),
    (
        "other-rights",
        &[Decision::PartlyGranted, Decision::Refused],
    ),
];

/// Whether `reason` is a template that fits `decision`.
pub fn reason_fits(reason: &str, decision: Decision) -> bool {
    DECISION_REASONS
        .iter()
        .any(|(code, fits)| *code == reason && fits.contains(&decision))
}
