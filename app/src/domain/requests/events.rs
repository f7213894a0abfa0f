//! A request's timeline and audit trail: each event sealed by hash and
//! chained to the one before it.

use serde::{Deserialize, Serialize};

use super::kind::Decision;

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
    /// A complaint accepted: its decision clock starts.
    Accepted,
    /// A complaint not accepted, with the reason.
    NotAccepted,
    /// A processor or a third party must act: the longer period.
    ThirdParty,
    /// A calendar change moved the deadlines.
    DeadlinesMoved,
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
    Accepted("accepted") => "request-event-accepted";
    NotAccepted("not-accepted") => "request-event-not-accepted";
    ThirdParty("third-party") => "request-event-third-party";
    DeadlinesMoved("deadlines-moved") => "request-event-deadlines-moved";
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
        crate::domain::sharing::hex(&hasher.finalize())
    }
}

impl RequestEvent {
    /// Seals `content` after the link `previous`.
    pub fn seal(content: EventContent, previous: &str) -> RequestEvent {
        let content_hash = content.content_hash();
        RequestEvent {
            chain_hash: crate::domain::sharing::chain_hash(previous, &content_hash),
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
    let mut previous = crate::domain::sharing::GENESIS.to_owned();
    for (at, event) in events.into_iter().enumerate() {
        let seq = at as i64 + 1;
        if event.content.seq != seq
            || event.content.content_hash() != event.content_hash
            || crate::domain::sharing::chain_hash(&previous, &event.content_hash)
                != event.chain_hash
        {
            return Err(ChainBreak(seq));
        }
        previous.clone_from(&event.chain_hash);
    }
    Ok(())
}
