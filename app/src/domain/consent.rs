//! Consent (Law 91/2025/QH15, Art. 9; Decree 356/2025/ND-CP): the purposes
//! a citizen can consent to, the states a consent goes through, the rules
//! for acting for a child or an adult without capacity (Art. 24), and the
//! hash chain that makes each person's consent records tamper-evident.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{
    FieldError,
    datetime::Date,
    sharing::{GENESIS, Named, chain_hash, hex},
};

/// Where a consent stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ConsentState {
    Active,
    Withdrawn,
    Expired,
}

/// What a record did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ConsentAction {
    Grant,
    Withdraw,
    /// The validity period ran out (recorded by the service itself).
    Expire,
}

/// Who acted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ActorRole {
    /// The person the data is about.
    Subject,
    /// Their parent or guardian (Law 91/2025, Art. 24).
    Representative,
    /// The service (expiry).
    System,
}

coded!(ConsentState {
    Active("active") => "consent-state-active";
    Withdrawn("withdrawn") => "consent-state-withdrawn";
    Expired("expired") => "consent-state-expired";
});

coded!(ConsentAction {
    Grant("grant") => "consent-action-grant";
    Withdraw("withdraw") => "consent-action-withdraw";
    Expire("expire") => "consent-action-expire";
});

/// How the decision reached the service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ConsentMethod {
    /// The form on this service, after the notice was shown.
    WebForm,
    /// The service itself, when the validity ran out.
    AutomaticExpiry,
}

coded!(ConsentMethod {
    WebForm("web-form") => "consent-method-web-form";
    AutomaticExpiry("automatic-expiry") => "consent-method-automatic-expiry";
});

coded!(ActorRole {
    Subject("subject") => "consent-actor-subject";
    Representative("representative") => "consent-actor-representative";
    System("system") => "consent-actor-system";
});

/// Why a consent change was refused. Nothing is written when one is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ConsentError {
    #[error("no such purpose")]
    UnknownPurpose,
    #[error("the purpose rests on another legal basis")]
    NotConsentBased,
    #[error("consent is already active")]
    AlreadyActive,
    #[error("there is no active consent to withdraw")]
    NotActive,
    #[error("the consent is not due to expire")]
    NotDue,
    #[error("the child's own agreement is missing")]
    ChildAgreementMissing,
    #[error("not a legal representative of this person")]
    NotRepresentative,
}

impl ConsentError {
    /// Fluent key of the message people read.
    pub fn message_id(self) -> &'static str {
        match self {
            ConsentError::UnknownPurpose => "consent-error-unknown-purpose",
            ConsentError::NotConsentBased => "consent-error-not-consent-based",
            ConsentError::AlreadyActive => "consent-error-already-active",
            ConsentError::NotActive => "consent-error-not-active",
            ConsentError::NotDue => "consent-error-not-due",
            ConsentError::ChildAgreementMissing => "consent-error-child-agreement",
            ConsentError::NotRepresentative => "consent-error-not-representative",
        }
    }
}

/// The state people see: an active consent past its validity is expired
/// from that moment, even before the expiry record is written.
pub fn effective_state(state: ConsentState, valid_until: Option<i64>, now: i64) -> ConsentState {
    match (state, valid_until) {
        (ConsentState::Active, Some(until)) if until <= now => ConsentState::Expired,
        _ => state,
    }
}

/// The state after `action` at `now`, given the stored state and validity
/// (None: the person never decided). Refuses a repeated grant, a
/// withdrawal of nothing, and an expiry that is not due or was recorded
/// already.
pub fn transition(
    stored: Option<(ConsentState, Option<i64>)>,
    action: ConsentAction,
    now: i64,
) -> Result<ConsentState, ConsentError> {
    let effective = stored.map(|(state, until)| effective_state(state, until, now));
    let active = effective == Some(ConsentState::Active);
    match action {
        ConsentAction::Grant if active => Err(ConsentError::AlreadyActive),
        ConsentAction::Grant => Ok(ConsentState::Active),
        ConsentAction::Withdraw if active => Ok(ConsentState::Withdrawn),
        ConsentAction::Withdraw => Err(ConsentError::NotActive),
        // Only a stored-active consent whose validity has run out.
        ConsentAction::Expire
            if stored.map(|(state, _)| state) == Some(ConsentState::Active)
                && effective == Some(ConsentState::Expired) =>
        {
            Ok(ConsentState::Expired)
        }
        ConsentAction::Expire => Err(ConsentError::NotDue),
    }
}

/// The end of a validity period of `months` that starts at `from` (Unix
/// time), by the calendar in Viet Nam: 31 January plus one month is the
/// last day of February.
pub use super::datetime::add_months;

/// A purpose of the catalogue, as people read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Purpose {
    pub purpose: Named,
    /// The agency that decides on the processing (None: every agency that
    /// handles public services).
    pub controller: Option<Named>,
    /// Agencies that process the data on the controller's behalf.
    pub processors: Vec<Named>,
    pub categories: Vec<Named>,
    pub description_vi: String,
    pub description_en: String,
    pub legal_basis: Named,
    /// How long a consent lasts; None: until withdrawn.
    pub validity_months: Option<i32>,
    /// Whether processing depends on the person's consent. Purposes on
    /// another legal basis are listed read-only.
    pub rests_on_consent: bool,
    /// Bumped by administrators whenever the description changes.
    pub notice_version: i32,
}

impl Purpose {
    pub fn description(&self, lang: super::Lang) -> &str {
        match lang {
            super::Lang::Vi => &self.description_vi,
            super::Lang::En => &self.description_en,
        }
    }
}

/// Longest notice text, in characters.
pub const MAX_NOTICE: usize = 2_000;
/// Longest validity an administrator may set, in months.
pub const MAX_VALIDITY_MONTHS: i32 = 120;

/// An administrator's edit of a purpose's notice and validity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurposeNotice {
    pub description_vi: String,
    pub description_en: String,
    /// None: until withdrawn.
    pub validity_months: Option<i32>,
}

impl PurposeNotice {
    /// Checks an edit as typed: both texts present and not too long, the
    /// validity empty or a whole number of months from 1 to 120.
    pub fn parse(vi: &str, en: &str, validity: &str) -> Result<PurposeNotice, FieldError> {
        let text = |value: &str, field: &'static str| {
            let value = value.trim();
            if value.is_empty() {
                Err(FieldError {
                    field,
                    message_id: "admin-purpose-error-empty",
                })
            } else if value.chars().count() > MAX_NOTICE {
                Err(FieldError {
                    field,
                    message_id: "admin-purpose-error-long",
                })
            } else {
                Ok(value.to_owned())
            }
        };
        let description_vi = text(vi, "description_vi")?;
        let description_en = text(en, "description_en")?;
        let validity = validity.trim();
        let validity_months = if validity.is_empty() {
            None
        } else {
            match validity.parse::<i32>() {
                Ok(months) if (1..=MAX_VALIDITY_MONTHS).contains(&months) => Some(months),
                _ => {
                    return Err(FieldError {
                        field: "validity_months",
                        message_id: "admin-purpose-error-validity",
                    });
                }
            }
        };
        Ok(PurposeNotice {
            description_vi,
            description_en,
            validity_months,
        })
    }
}

/// A person's current consent for one purpose.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentStatus {
    pub purpose: String,
    /// Effective state (an overdue active consent reads as expired).
    pub state: ConsentState,
    pub valid_until: Option<i64>,
    /// The receipt of the record that set this state.
    pub receipt_id: String,
    pub updated_at: i64,
}

/// Everything a consent record commits to: codes and texts, never
/// database ids, so anyone holding the receipts can recompute the chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentRecordContent {
    /// Place in the person's own chain, from 1.
    pub subject_seq: i64,
    pub receipt_id: String,
    /// The person the data is about (pseudonym).
    pub subject: String,
    pub controller: String,
    pub purpose: String,
    pub categories: Vec<String>,
    pub legal_basis: String,
    pub action: ConsentAction,
    pub state: ConsentState,
    pub valid_until: Option<i64>,
    pub actor_role: ActorRole,
    /// Pseudonym of whoever acted; None for the service.
    pub actor: Option<String>,
    pub method: ConsentMethod,
    /// For a child aged 7 or over: the child's own agreement was given.
    pub child_agreed: Option<bool>,
    pub notice_version: i32,
    /// The notice text shown when the person decided, in their language.
    pub notice_lang: String,
    pub notice_text: String,
    pub recorded_at: i64,
}

impl ConsentRecordContent {
    /// SHA-256 over a length-prefixed encoding of every field, in order.
    pub fn content_hash(&self) -> String {
        let mut hasher = Sha256::new();
        hasher.update(b"cpd-consent-record-v1");
        let mut field = |bytes: &[u8]| {
            hasher.update((bytes.len() as u64).to_be_bytes());
            hasher.update(bytes);
        };
        let optional = |value: Option<String>| value.map(|v| format!("+{v}")).unwrap_or_default();
        field(self.subject_seq.to_string().as_bytes());
        field(self.receipt_id.as_bytes());
        field(self.subject.as_bytes());
        field(self.controller.as_bytes());
        field(self.purpose.as_bytes());
        field(self.categories.join(",").as_bytes());
        field(self.legal_basis.as_bytes());
        field(self.action.code().as_bytes());
        field(self.state.code().as_bytes());
        field(optional(self.valid_until.map(|v| v.to_string())).as_bytes());
        field(self.actor_role.code().as_bytes());
        field(optional(self.actor.clone()).as_bytes());
        field(self.method.code().as_bytes());
        field(optional(self.child_agreed.map(|v| v.to_string())).as_bytes());
        field(self.notice_version.to_string().as_bytes());
        field(self.notice_lang.as_bytes());
        field(self.notice_text.as_bytes());
        field(self.recorded_at.to_string().as_bytes());
        hex(&hasher.finalize())
    }
}

/// A stored consent record with its hashes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentRecord {
    pub content: ConsentRecordContent,
    pub content_hash: String,
    pub chain_hash: String,
}

impl ConsentRecord {
    /// Seals `content` onto a chain whose last hash is `previous`.
    pub fn seal(content: ConsentRecordContent, previous: &str) -> ConsentRecord {
        let content_hash = content.content_hash();
        let chain_hash = chain_hash(previous, &content_hash);
        ConsentRecord {
            content,
            content_hash,
            chain_hash,
        }
    }
}

/// Where a person's consent chain stops being what it claims.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConsentChainBreak {
    /// A record is missing or was inserted.
    Gap { subject_seq: i64 },
    /// A record's content does not give its content hash (edited).
    Content { subject_seq: i64 },
    /// A link does not follow from the one before.
    Link { subject_seq: i64 },
}

/// Checks one person's records, oldest first, from the first one.
pub fn verify_consent_chain<'a>(
    records: impl IntoIterator<Item = &'a ConsentRecord>,
) -> Result<(), ConsentChainBreak> {
    let mut previous = GENESIS.to_owned();
    for (at, record) in records.into_iter().enumerate() {
        let expected_seq = at as i64 + 1;
        let seq = record.content.subject_seq;
        if seq != expected_seq {
            return Err(ConsentChainBreak::Gap {
                subject_seq: expected_seq,
            });
        }
        if record.content.content_hash() != record.content_hash {
            return Err(ConsentChainBreak::Content { subject_seq: seq });
        }
        if chain_hash(&previous, &record.content_hash) != record.chain_hash {
            return Err(ConsentChainBreak::Link { subject_seq: seq });
        }
        previous.clone_from(&record.chain_hash);
    }
    Ok(())
}

/// Who a representative acts for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RepresentedKind {
    /// A child (under 16: Law on Children 2016, Art. 1).
    Child,
    /// An adult who has lost or has limited civil capacity, or has
    /// difficulty understanding or controlling their acts (by a court's
    /// decision).
    AdultWithoutCapacity,
}

coded!(RepresentedKind {
    Child("child") => "representation-kind-child";
    AdultWithoutCapacity("adult-without-capacity") => "representation-kind-adult";
});

/// The rules for acting for another person, as data with their sources.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RepresentationRules {
    /// A child of this age or over agrees too, besides the representative.
    pub child_agreement_from_age: u32,
    pub child_agreement_citation_vi: &'static str,
    pub child_agreement_citation_en: &'static str,
    /// A person is a child below this age.
    pub child_until_age: u32,
    pub child_until_citation: &'static str,
}

/// Law 91/2025/QH15, Art. 24(2): the legal representative exercises a
/// child's rights; processing that publishes or discloses the private life
/// or personal secrets of a child aged 7 or over needs the agreement of
/// both the child and the representative. This service asks for the
/// child's agreement for every consent-based purpose, the stricter reading
/// (as Decree 56/2017/ND-CP, Art. 33 did for children's information).
pub const REPRESENTATION_RULES: RepresentationRules = RepresentationRules {
    child_agreement_from_age: 7,
    child_agreement_citation_vi: "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15, Điều 24 khoản 2",
    child_agreement_citation_en: "Personal Data Protection Law No. 91/2025/QH15, Art. 24(2)",
    child_until_age: 16,
    child_until_citation: "Luật Trẻ em số 102/2016/QH13, Điều 1",
};

/// A person the signed-in person may act for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Representation {
    /// Opaque reference of the link (used in the "acting for" switch).
    pub id: i64,
    pub name: String,
    /// `YYYY-MM-DD`.
    pub birth_date: String,
    pub kind: RepresentedKind,
}

impl Representation {
    /// Age in whole years on the Viet Nam date of `now`.
    pub fn age(&self, now: i64) -> Option<u32> {
        age_on(&self.birth_date, now)
    }

    /// Whether the link still lets the representative act: a child's ends
    /// when the child is no longer a child.
    pub fn in_force(&self, now: i64) -> bool {
        match self.kind {
            RepresentedKind::AdultWithoutCapacity => true,
            RepresentedKind::Child => self
                .age(now)
                .is_some_and(|age| age < REPRESENTATION_RULES.child_until_age),
        }
    }

    /// Whether a grant for this person needs the child's own agreement.
    pub fn needs_child_agreement(&self, now: i64) -> bool {
        self.kind == RepresentedKind::Child
            && self
                .age(now)
                .is_some_and(|age| age >= REPRESENTATION_RULES.child_agreement_from_age)
    }
}

/// Whole years from a `YYYY-MM-DD` birth date to the Viet Nam date of `now`.
pub fn age_on(birth_date: &str, now: i64) -> Option<u32> {
    let born = Date::parse(birth_date)?;
    let today = Date::of_unix(now);
    let mut age = today.year() - born.year();
    if (today.month(), today.day()) < (born.month(), born.day()) {
        age -= 1;
    }
    u32::try_from(age).ok()
}

/// Why a sharing event is flagged: it was reported under a consent-based
/// purpose when the person's consent was not active.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ConsentFlag {
    /// The person had never consented.
    NoConsent,
    Withdrawn,
    Expired,
}

coded!(ConsentFlag {
    NoConsent("none") => "consent-flag-none";
    Withdrawn("withdrawn") => "consent-flag-withdrawn";
    Expired("expired") => "consent-flag-expired";
});

/// The flag for data provided at `at` under a consent-based purpose, given
/// the person's last consent record for it made at or before `at` (its
/// state and validity). None: the consent was active.
pub fn flag_at(last: Option<(ConsentState, Option<i64>)>, at: i64) -> Option<ConsentFlag> {
    match last.map(|(state, until)| effective_state(state, until, at)) {
        None => Some(ConsentFlag::NoConsent),
        Some(ConsentState::Active) => None,
        Some(ConsentState::Withdrawn) => Some(ConsentFlag::Withdrawn),
        Some(ConsentState::Expired) => Some(ConsentFlag::Expired),
    }
}

/// A flagged sharing event, as a DPO's list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlaggedEvent {
    pub seq: i64,
    pub occurred_at: i64,
    pub provider: crate::domain::sharing::Named,
    pub recipient: crate::domain::sharing::Named,
    pub purpose: crate::domain::sharing::Named,
    pub flag: ConsentFlag,
    pub event_id: String,
}

/// A consent change an agency pulls from the feed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentChange {
    /// Position in the service-wide feed: pull with `after` = the last one.
    pub feed_seq: i64,
    pub subject: String,
    pub purpose: String,
    pub state: ConsentState,
    pub valid_until: Option<i64>,
    pub receipt_id: String,
    pub recorded_at: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::datetime::parse_rfc3339;

    const T: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z

    fn content(seq: i64, action: ConsentAction, state: ConsentState) -> ConsentRecordContent {
        ConsentRecordContent {
            subject_seq: seq,
            receipt_id: format!("r{seq}"),
            subject: "p1".into(),
            controller: "BYT".into(),
            purpose: "health-record-sharing".into(),
            categories: vec!["health".into()],
            legal_basis: "pdp-law-consent".into(),
            action,
            state,
            valid_until: None,
            actor_role: ActorRole::Subject,
            actor: Some("p1".into()),
            method: ConsentMethod::WebForm,
            child_agreed: None,
            notice_version: 1,
            notice_lang: "vi".into(),
            notice_text: "Chia sẻ hồ sơ sức khỏe".into(),
            recorded_at: T + seq * 100,
        }
    }

    fn chain(contents: Vec<ConsentRecordContent>) -> Vec<ConsentRecord> {
        let mut previous = GENESIS.to_owned();
        contents
            .into_iter()
            .map(|c| {
                let record = ConsentRecord::seal(c, &previous);
                previous.clone_from(&record.chain_hash);
                record
            })
            .collect()
    }

    #[test]
    fn a_consent_is_granted_withdrawn_and_granted_again() {
        let granted = transition(None, ConsentAction::Grant, T).unwrap();
        assert_eq!(granted, ConsentState::Active);
        let withdrawn = transition(Some((granted, None)), ConsentAction::Withdraw, T).unwrap();
        assert_eq!(withdrawn, ConsentState::Withdrawn);
        assert_eq!(
            transition(Some((withdrawn, None)), ConsentAction::Grant, T),
            Ok(ConsentState::Active)
        );
        assert_eq!(
            transition(
                Some((ConsentState::Expired, Some(T - 1))),
                ConsentAction::Grant,
                T
            ),
            Ok(ConsentState::Active)
        );
        // An active consent past its validity may be granted anew.
        assert_eq!(
            transition(
                Some((ConsentState::Active, Some(T))),
                ConsentAction::Grant,
                T
            ),
            Ok(ConsentState::Active)
        );
    }

    #[test]
    fn repeated_and_empty_changes_are_refused() {
        let active = Some((ConsentState::Active, Some(T + 10)));
        assert_eq!(
            transition(active, ConsentAction::Grant, T),
            Err(ConsentError::AlreadyActive)
        );
        for stored in [
            None,
            Some((ConsentState::Withdrawn, None)),
            Some((ConsentState::Expired, Some(T - 1))),
            Some((ConsentState::Active, Some(T))),
        ] {
            assert_eq!(
                transition(stored, ConsentAction::Withdraw, T),
                Err(ConsentError::NotActive),
                "{stored:?}"
            );
        }
        assert_eq!(
            transition(active, ConsentAction::Expire, T),
            Err(ConsentError::NotDue)
        );
        assert_eq!(
            transition(None, ConsentAction::Expire, T),
            Err(ConsentError::NotDue)
        );
        // Recorded once: the second sweep finds nothing to do.
        assert_eq!(
            transition(active, ConsentAction::Expire, T + 10),
            Ok(ConsentState::Expired)
        );
        assert_eq!(
            transition(
                Some((ConsentState::Expired, Some(T + 10))),
                ConsentAction::Expire,
                T + 11
            ),
            Err(ConsentError::NotDue)
        );
    }

    #[test]
    fn an_active_consent_past_its_validity_reads_as_expired() {
        let until = Some(T + 10);
        assert_eq!(
            effective_state(ConsentState::Active, until, T),
            ConsentState::Active
        );
        assert_eq!(
            effective_state(ConsentState::Active, until, T + 10),
            ConsentState::Expired
        );
        assert_eq!(
            effective_state(ConsentState::Active, None, T + 1_000_000_000),
            ConsentState::Active
        );
        assert_eq!(
            effective_state(ConsentState::Withdrawn, until, T + 10),
            ConsentState::Withdrawn
        );
    }

    #[test]
    fn validity_follows_the_calendar_in_viet_nam() {
        let jan31 = parse_rfc3339("2026-01-31T10:00:00+07:00").unwrap();
        assert_eq!(
            add_months(jan31, 1),
            parse_rfc3339("2026-02-28T10:00:00+07:00").unwrap()
        );
        assert_eq!(
            add_months(jan31, 25),
            parse_rfc3339("2028-02-29T10:00:00+07:00").unwrap()
        );
        assert_eq!(
            add_months(jan31, 12),
            parse_rfc3339("2027-01-31T10:00:00+07:00").unwrap()
        );
        // 23:30 on 31 December in Viet Nam is still 2026 there.
        let late = parse_rfc3339("2026-12-31T23:30:00+07:00").unwrap();
        assert_eq!(
            add_months(late, 2),
            parse_rfc3339("2027-02-28T23:30:00+07:00").unwrap()
        );
    }

    #[test]
    fn the_chain_verifies_and_finds_an_edit_a_gap_and_a_relink() {
        let records = chain(vec![
            content(1, ConsentAction::Grant, ConsentState::Active),
            content(2, ConsentAction::Withdraw, ConsentState::Withdrawn),
            content(3, ConsentAction::Grant, ConsentState::Active),
        ]);
        assert_eq!(verify_consent_chain(&records), Ok(()));

        let mut edited = records.clone();
        edited[1].content.state = ConsentState::Active;
        assert_eq!(
            verify_consent_chain(&edited),
            Err(ConsentChainBreak::Content { subject_seq: 2 })
        );

        let gap = [records[0].clone(), records[2].clone()];
        assert_eq!(
            verify_consent_chain(&gap),
            Err(ConsentChainBreak::Gap { subject_seq: 2 })
        );

        // An edit that recomputes the content hash still breaks the link.
        let mut resealed = records.clone();
        resealed[1].content.action = ConsentAction::Grant;
        resealed[1].content_hash = resealed[1].content.content_hash();
        assert_eq!(
            verify_consent_chain(&resealed),
            Err(ConsentChainBreak::Link { subject_seq: 2 })
        );
    }

    #[test]
    fn every_field_is_in_the_content_hash() {
        let base = content(1, ConsentAction::Grant, ConsentState::Active);
        type Change = Box<dyn Fn(&mut ConsentRecordContent)>;
        let variants: Vec<Change> = vec![
            Box::new(|c| c.subject_seq = 2),
            Box::new(|c| c.receipt_id.push('x')),
            Box::new(|c| c.subject.push('x')),
            Box::new(|c| c.controller.push('x')),
            Box::new(|c| c.purpose.push('x')),
            Box::new(|c| c.categories.push("x".into())),
            Box::new(|c| c.legal_basis.push('x')),
            Box::new(|c| c.action = ConsentAction::Withdraw),
            Box::new(|c| c.state = ConsentState::Withdrawn),
            Box::new(|c| c.valid_until = Some(T)),
            Box::new(|c| c.actor_role = ActorRole::Representative),
            Box::new(|c| c.actor = None),
            Box::new(|c| c.method = ConsentMethod::AutomaticExpiry),
            Box::new(|c| c.child_agreed = Some(true)),
            Box::new(|c| c.notice_version = 2),
            Box::new(|c| c.notice_lang = "en".into()),
            Box::new(|c| c.notice_text.push('.')),
            Box::new(|c| c.recorded_at += 1),
        ];
        for (at, change) in variants.iter().enumerate() {
            let mut other = base.clone();
            change(&mut other);
            assert_ne!(other.content_hash(), base.content_hash(), "field {at}");
        }
    }

    #[test]
    fn notice_edits_are_checked_field_by_field() {
        let ok = PurposeNotice::parse(" Văn bản ", "Text", " 24 ").unwrap();
        assert_eq!(ok.description_vi, "Văn bản");
        assert_eq!(ok.validity_months, Some(24));
        assert_eq!(
            PurposeNotice::parse("a", "b", "").unwrap().validity_months,
            None
        );
        let field = |vi: &str, en: &str, validity: &str| {
            PurposeNotice::parse(vi, en, validity).unwrap_err().field
        };
        assert_eq!(field(" ", "b", ""), "description_vi");
        assert_eq!(field("a", "", ""), "description_en");
        assert_eq!(
            field(&"x".repeat(MAX_NOTICE + 1), "b", ""),
            "description_vi"
        );
        for bad in ["0", "121", "-3", "2.5", "twelve"] {
            assert_eq!(field("a", "b", bad), "validity_months", "{bad}");
        }
        assert!(PurposeNotice::parse(&"ễ".repeat(MAX_NOTICE), "b", "120").is_ok());
    }

    #[test]
    fn data_provided_without_active_consent_is_flagged() {
        assert_eq!(flag_at(None, T), Some(ConsentFlag::NoConsent));
        assert_eq!(flag_at(Some((ConsentState::Active, None)), T), None);
        assert_eq!(
            flag_at(Some((ConsentState::Active, Some(T))), T),
            Some(ConsentFlag::Expired)
        );
        assert_eq!(
            flag_at(Some((ConsentState::Withdrawn, None)), T),
            Some(ConsentFlag::Withdrawn)
        );
        assert_eq!(
            flag_at(Some((ConsentState::Expired, Some(T - 5))), T),
            Some(ConsentFlag::Expired)
        );
    }

    #[test]
    fn ages_and_the_child_rules() {
        let now = parse_rfc3339("2026-11-30T09:00:00+07:00").unwrap();
        assert_eq!(age_on("2019-11-30", now), Some(7));
        assert_eq!(age_on("2019-12-01", now), Some(6));
        assert_eq!(age_on("2019-13-01", now), None);
        assert_eq!(age_on("yesterday", now), None);
        let child = |birth: &str| Representation {
            id: 1,
            name: "Trần Minh Khôi".into(),
            birth_date: birth.into(),
            kind: RepresentedKind::Child,
        };
        assert!(child("2019-11-30").needs_child_agreement(now));
        assert!(!child("2019-12-01").needs_child_agreement(now));
        assert!(child("2010-12-01").in_force(now), "15 years old");
        assert!(!child("2010-11-30").in_force(now), "16 today");
        let adult = Representation {
            kind: RepresentedKind::AdultWithoutCapacity,
            ..child("1950-01-01")
        };
        assert!(adult.in_force(now));
        assert!(!adult.needs_child_agreement(now));
    }
}
