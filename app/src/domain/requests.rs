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

/// The handler code of the national unit that answers for central agencies.
pub const NATIONAL_UNIT: &str = "VN";

/// What happened on a request: one line of its timeline and audit trail.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EventKind {
    Submitted,
    Assigned,
    Acknowledged,
    InformationRequested,
    /// A message from either side (an answer when information was asked).
    Message,
    Extended,
    Decided,
    Closed,
    Withdrawn,
    Transferred,
}

coded!(EventKind {
    Submitted("submitted") => "request-event-submitted";
    Assigned("assigned") => "request-event-assigned";
    Acknowledged("acknowledged") => "request-event-acknowledged";
    InformationRequested("information-requested") => "request-event-information-requested";
    Message("message") => "request-event-message";
    Extended("extended") => "request-event-extended";
    Decided("decided") => "request-event-decided";
    Closed("closed") => "request-event-closed";
    Withdrawn("withdrawn") => "request-event-withdrawn";
    Transferred("transferred") => "request-event-transferred";
});

/// Who acted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EventActor {
    Requester,
    Dpo,
    System,
}

coded!(EventActor {
    Requester("requester") => "request-actor-requester";
    Dpo("dpo") => "request-actor-dpo";
    System("system") => "request-actor-system";
});

/// Which deadline of a request a reminder is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReminderDeadline {
    Acknowledge,
    Decide,
}

impl ReminderDeadline {
    pub fn code(self) -> &'static str {
        match self {
            ReminderDeadline::Acknowledge => "acknowledge",
            ReminderDeadline::Decide => "decide",
        }
    }

    pub fn from_code(code: &str) -> Option<ReminderDeadline> {
        match code {
            "acknowledge" => Some(ReminderDeadline::Acknowledge),
            "decide" => Some(ReminderDeadline::Decide),
            _ => None,
        }
    }
}

/// What a step carries beyond its kind.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventDetail {
    pub decision: Option<Decision>,
    /// A reason template (`DECISION_REASONS`, `EXTENSION_REASONS`).
    pub reason: Option<String>,
    pub days: Option<u32>,
    /// Deadline before and after an extension (ISO dates).
    pub from_date: Option<String>,
    pub to_date: Option<String>,
    /// Handler before and after a transfer.
    pub from_handler: Option<String>,
    pub to_handler: Option<String>,
    pub assignee_name: Option<String>,
    /// Attachment ids (UUID) added with the step.
    pub attachments: Vec<String>,
}

/// The recorded content of one event, sealed by hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventContent {
    pub reference: String,
    pub seq: i64,
    pub at: i64,
    pub actor_role: EventActor,
    /// Pseudonym of whoever acted (none for the system). Never sent to
    /// the browser.
    #[serde(skip)]
    pub actor: Option<String>,
    pub actor_name: String,
    pub kind: EventKind,
    pub detail: EventDetail,
    /// Free text: the message, the reason in the DPO's words.
    pub body: String,
}

/// An event as stored: content and its place in the request's chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestEvent {
    pub content: EventContent,
    pub content_hash: String,
    pub chain_hash: String,
}

impl EventContent {
    /// SHA-256 over a length-prefixed encoding of every field, in order.
    pub fn content_hash(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut hasher = Sha256::new();
        hasher.update(b"cpd-request-event-v1");
        let mut field = |text: &str| {
            hasher.update((text.len() as u64).to_be_bytes());
            hasher.update(text.as_bytes());
        };
        let optional =
            |value: &Option<String>| value.as_ref().map(|v| format!("+{v}")).unwrap_or_default();
        let d = &self.detail;
        for text in [
            self.reference.clone(),
            self.seq.to_string(),
            self.at.to_string(),
            self.actor_role.code().to_owned(),
            optional(&self.actor),
            self.actor_name.clone(),
            self.kind.code().to_owned(),
            optional(&d.decision.map(|x| x.code().to_owned())),
            optional(&d.reason),
            optional(&d.days.map(|x| x.to_string())),
            optional(&d.from_date),
            optional(&d.to_date),
            optional(&d.from_handler),
            optional(&d.to_handler),
            optional(&d.assignee_name),
            d.attachments.join(","),
            self.body.clone(),
        ] {
            field(&text);
        }
        super::sharing::hex(&hasher.finalize())
    }
}

impl RequestEvent {
    /// Seals `content` after the link `previous`.
    pub fn seal(content: EventContent, previous: &str) -> RequestEvent {
        let content_hash = content.content_hash();
        RequestEvent {
            chain_hash: super::sharing::chain_hash(previous, &content_hash),
            content_hash,
            content,
        }
    }
}

/// Where a request's audit chain breaks: the first event (seq) that does
/// not follow from the one before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChainBreak(pub i64);

/// Checks a request's events, oldest first: numbered 1, 2, … with no gap,
/// each content matching its hash and each link following the previous.
pub fn verify_events<'a>(
    events: impl IntoIterator<Item = &'a RequestEvent>,
) -> Result<(), ChainBreak> {
    let mut previous = super::sharing::GENESIS.to_owned();
    for (at, event) in events.into_iter().enumerate() {
        let seq = at as i64 + 1;
        if event.content.seq != seq
            || event.content.content_hash() != event.content_hash
            || super::sharing::chain_hash(&previous, &event.content_hash) != event.chain_hash
        {
            return Err(ChainBreak(seq));
        }
        previous.clone_from(&event.chain_hash);
    }
    Ok(())
}

/// A request as stored: what the pages and the queue show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestRecord {
    pub id: i64,
    pub reference: String,
    /// Pseudonym of the requester. Never sent to the browser.
    #[serde(skip)]
    pub requester: String,
    pub requester_name: String,
    pub kind: RequestKind,
    /// The agency concerned: code and names; None for "I don't know".
    pub agency: Option<super::sharing::Named>,
    /// Province code, or [`NATIONAL_UNIT`].
    pub handler: String,
    pub about_reference: Option<String>,
    pub description: String,
    pub contact_email: Option<String>,
    pub lang: super::Lang,
    pub status: RequestStatus,
    pub decision: Option<Decision>,
    /// ISO dates.
    pub received_on: String,
    pub acknowledge_by: String,
    pub decide_by: String,
    pub first_decide_by: Option<String>,
    pub extension_reason: Option<String>,
    pub decided_on: Option<String>,
    #[serde(skip)]
    pub assignee: Option<String>,
    pub assignee_name: Option<String>,
    pub submitted_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

impl RequestRecord {
    /// The state the step rules need.
    pub fn state(&self) -> RequestState {
        RequestState {
            status: self.status,
            extended: self.first_decide_by.is_some(),
            province: self.handler.clone(),
        }
    }

    /// Open and past its decision deadline on `today` (ISO date).
    pub fn overdue_on(&self, today: &str) -> bool {
        is_open(self.status) && self.decide_by.as_str() < today
    }
}

/// An attachment's description (its bytes are fetched on their own).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentMeta {
    pub id: String,
    /// The event it came with.
    pub event_seq: i64,
    pub file_name: String,
    pub media_type: String,
    pub size_bytes: i64,
}

/// An in-app notification.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub id: i64,
    pub reference: String,
    /// Fluent key of the sentence.
    pub message_id: String,
    pub created_at: i64,
    pub read: bool,
    /// To a province's DPOs (the queue's page), not to a person.
    pub team: bool,
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

/// Longest free text of a request, a message or a reason, in characters.
pub const MAX_TEXT: usize = 5_000;

/// The description or message text, trimmed; empty or too long is refused.
pub fn check_text(text: &str, field: &'static str) -> Result<String, super::FieldError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(super::FieldError {
            field,
            message_id: "request-error-text-missing",
        });
    }
    if text.chars().count() > MAX_TEXT {
        return Err(super::FieldError {
            field,
            message_id: "request-error-text-too-long",
        });
    }
    Ok(text.to_owned())
}

/// An e-mail address for updates: empty is none; otherwise one `@` with
/// text either side, a dot in the domain, no spaces, at most 254 bytes.
pub fn check_email(text: &str) -> Result<Option<String>, super::FieldError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let valid = text.len() <= 254
        && !text.chars().any(|c| c.is_whitespace() || c.is_control())
        && match text.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            }
            None => false,
        };
    if valid {
        Ok(Some(text.to_owned()))
    } else {
        Err(super::FieldError {
            field: "email",
            message_id: "request-error-email",
        })
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

/// How the queue is narrowed (all optional) and ordered.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueFilter {
    pub status: Option<RequestStatus>,
    pub kind: Option<RequestKind>,
    pub agency: Option<String>,
    /// Open requests past their decision deadline.
    pub overdue: bool,
    /// Open requests due within this many days from today.
    pub due_within: Option<u32>,
    /// Latest deadlines first instead of soonest.
    pub descending: bool,
}

impl QueueFilter {
    /// Reads the queue page's query values; anything unknown is ignored.
    pub fn parse(
        status: &str,
        kind: &str,
        agency: &str,
        overdue: bool,
        due_within: &str,
        dir: &str,
    ) -> QueueFilter {
        QueueFilter {
            status: RequestStatus::from_code(status),
            kind: RequestKind::from_code(kind),
            agency: Some(agency.trim())
                .filter(|a| !a.is_empty() && a.len() <= 64)
                .map(str::to_owned),
            overdue,
            due_within: due_within.trim().parse().ok().filter(|n| *n <= 366),
            descending: dir == "desc",
        }
    }
}

/// A place in the queue: after (or before, descending) this deadline and id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueCursor {
    pub decide_by: String,
    pub id: i64,
}

impl QueueCursor {
    pub fn encode(&self) -> String {
        format!("{}.{}", self.decide_by, self.id)
    }

    pub fn decode(text: &str) -> Option<QueueCursor> {
        let (date, id) = text.split_once('.')?;
        let date = super::deadlines::Date::parse(date)?;
        Some(QueueCursor {
            decide_by: date.iso(),
            id: id.parse().ok()?,
        })
    }
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

    fn content(seq: i64, kind: EventKind) -> EventContent {
        EventContent {
            reference: "YC-2026-000001".into(),
            seq,
            at: 1_790_000_000 + seq,
            actor_role: EventActor::Dpo,
            actor: Some("p-1".into()),
            actor_name: "Phạm Minh Đức".into(),
            kind,
            detail: EventDetail::default(),
            body: String::new(),
        }
    }

    fn sealed(contents: Vec<EventContent>) -> Vec<RequestEvent> {
        let mut previous = crate::domain::sharing::GENESIS.to_owned();
        contents
            .into_iter()
            .map(|c| {
                let event = RequestEvent::seal(c, &previous);
                previous.clone_from(&event.chain_hash);
                event
            })
            .collect()
    }

    #[test]
    fn the_audit_chain_finds_an_edit_a_gap_and_a_relinked_event() {
        let events = sealed(vec![
            content(1, EventKind::Submitted),
            content(2, EventKind::Acknowledged),
            content(3, EventKind::Decided),
        ]);
        assert_eq!(verify_events(&events), Ok(()));
        let mut edited = events.clone();
        edited[1].content.detail.reason = Some("not-held".into());
        assert_eq!(verify_events(&edited), Err(ChainBreak(2)));
        let gap = vec![events[0].clone(), events[2].clone()];
        assert_eq!(verify_events(&gap), Err(ChainBreak(2)));
        // An event resealed on its own keeps a valid content hash but no
        // longer follows from the one before.
        let mut relinked = events.clone();
        relinked[1].content.body = "changed".into();
        relinked[1] = RequestEvent::seal(relinked[1].content.clone(), "ff");
        assert_eq!(verify_events(&relinked), Err(ChainBreak(2)));
        // Every field counts.
        let base = content(1, EventKind::Message);
        let mut variants = vec![base.clone()];
        let mut v = base.clone();
        v.actor = None;
        variants.push(v);
        let mut v = base.clone();
        v.detail.attachments = vec!["a".into()];
        variants.push(v);
        let mut v = base.clone();
        v.detail.days = Some(3);
        variants.push(v);
        let mut v = base.clone();
        v.actor_role = EventActor::Requester;
        variants.push(v);
        let hashes: std::collections::HashSet<_> =
            variants.iter().map(EventContent::content_hash).collect();
        assert_eq!(hashes.len(), variants.len());
    }

    #[test]
    fn reasons_fit_their_decisions() {
        assert!(reason_fits("done-as-asked", Decision::Granted));
        assert!(!reason_fits("done-as-asked", Decision::Refused));
        assert!(reason_fits("not-held", Decision::Refused));
        assert!(!reason_fits("made-up", Decision::Refused));
        for decision in Decision::ALL {
            assert!(
                DECISION_REASONS
                    .iter()
                    .any(|(_, fits)| fits.contains(decision)),
                "{decision:?} has a reason"
            );
        }
    }

    #[test]
    fn text_and_email_are_checked() {
        assert_eq!(
            check_text("  xin chào ", "description").unwrap(),
            "xin chào"
        );
        assert_eq!(
            check_text("   ", "description").unwrap_err().message_id,
            "request-error-text-missing"
        );
        assert_eq!(
            check_text(&"ă".repeat(MAX_TEXT + 1), "description")
                .unwrap_err()
                .message_id,
            "request-error-text-too-long"
        );
        assert!(check_text(&"ă".repeat(MAX_TEXT), "description").is_ok());
        assert_eq!(check_email(" ").unwrap(), None);
        assert_eq!(
            check_email(" mai@example.vn ").unwrap().as_deref(),
            Some("mai@example.vn")
        );
        for bad in [
            "mai",
            "mai@",
            "@x.vn",
            "mai@vn",
            "m ai@x.vn",
            "a@b@c.vn",
            "a@.vn",
        ] {
            assert!(check_email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn queue_filters_and_cursors_read_back() {
        let filter = QueueFilter::parse("submitted", "correction", " HN-SYT ", true, "5", "desc");
        assert_eq!(filter.status, Some(RequestStatus::Submitted));
        assert_eq!(filter.kind, Some(RequestKind::Correction));
        assert_eq!(filter.agency.as_deref(), Some("HN-SYT"));
        assert_eq!(filter.due_within, Some(5));
        assert!(filter.descending && filter.overdue);
        let loose = QueueFilter::parse("nonsense", "", "", false, "-1", "");
        assert_eq!(loose, QueueFilter::default());
        let cursor = QueueCursor {
            decide_by: "2026-12-21".into(),
            id: 42,
        };
        assert_eq!(QueueCursor::decode(&cursor.encode()), Some(cursor));
        assert_eq!(QueueCursor::decode("2026-13-01.4"), None);
        assert_eq!(QueueCursor::decode("2026-12-01.x"), None);
    }
}
