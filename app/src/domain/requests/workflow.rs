//! Which step may follow which, and who may take it; where a request goes;
//! the reasons a decision may give.

use serde::{Deserialize, Serialize};

use super::kind::{Decision, RequestKind, RequestStatus};

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
    /// A processor or a third party must act: the longer period.
    ThirdParty,
    /// A complaint is accepted: its decision clock starts.
    Accept,
    /// A complaint is not accepted (with the reason): it ends there.
    NotAccept,
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
    pub kind: RequestKind,
    pub status: RequestStatus,
    pub extended: bool,
    pub third_party: bool,
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
    #[error("a complaint is accepted or not accepted, not acknowledged")]
    ComplaintNeedsAcceptance,
    #[error("only a complaint is accepted or not accepted")]
    NotAComplaint,
    #[error("this kind of request has no longer period")]
    NoLongerPeriod,
    #[error("the longer period applies already")]
    AlreadyLonger,
    #[error("an officer does not act on their own request or a relative's")]
    OwnCase,
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
            StepError::ComplaintNeedsAcceptance => "request-error-complaint-acceptance",
            StepError::NotAComplaint => "request-error-not-a-complaint",
            StepError::NoLongerPeriod => "request-error-no-longer-period",
            StepError::AlreadyLonger => "request-error-already-longer",
            StepError::OwnCase => "request-error-own-case",
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
    let complaint = state.kind == RequestKind::Complaint;
    let rule = crate::domain::deadlines::rule_for(state.kind);
    match step {
        Step::Acknowledge if complaint => return Err(StepError::ComplaintNeedsAcceptance),
        Step::Accept | Step::NotAccept if !complaint => return Err(StepError::NotAComplaint),
        Step::Acknowledge | Step::Accept if state.status == Submitted => next.status = Acknowledged,
        Step::NotAccept if state.status == Submitted => next.status = Decided,
        Step::ThirdParty if rule.decide_with_third_party.is_none() => {
            return Err(StepError::NoLongerPeriod);
        }
        Step::ThirdParty if state.third_party => return Err(StepError::AlreadyLonger),
        Step::ThirdParty if is_open(state.status) => next.third_party = true,
        Step::RequestInformation if state.status == Acknowledged => {
            next.status = InformationRequested;
        }
        Step::Answer if state.status == InformationRequested => next.status = Acknowledged,
        Step::Extend { .. } if state.extended => return Err(StepError::AlreadyExtended),
        Step::Extend { days } if open => {
            if *days == 0 || *days > rule.extension.amount {
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
