//! The sharing log and holdings: what an agency reports, the checks a
//! report must pass, and the hash chain that makes the log tamper-evident.
//! (Decree 47/2020/ND-CP: methods in Art. 23, the provider's log in Art. 45.)

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{PersonalId, datetime::parse_rfc3339};

/// How the data travelled (Decree 47/2020, Art. 23).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SharingMethod {
    OnlineConnection,
    DatabaseSynchronisation,
    StorageMedia,
}

/// Under which arrangement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SharingMode {
    /// Standard services open to the recipient.
    Default,
    /// By agreement for this case.
    CaseByCase,
}

/// Whether the data was provided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Outcome {
    Provided,
    Refused,
}

coded!(SharingMethod {
    OnlineConnection("online-connection") => "sharing-method-online-connection";
    DatabaseSynchronisation("database-synchronisation") => "sharing-method-database-synchronisation";
    StorageMedia("storage-media") => "sharing-method-storage-media";
});

coded!(SharingMode {
    Default("default") => "sharing-mode-default";
    CaseByCase("case-by-case") => "sharing-mode-case-by-case";
});

coded!(Outcome {
    Provided("provided") => "sharing-outcome-provided";
    Refused("refused") => "sharing-outcome-refused";
});

/// The codes the registry knows, for checking reports. Systems map to the
/// code of the agency that runs them.
#[derive(Clone, Debug, Default)]
pub struct RegistryCodes {
    pub agencies: BTreeSet<String>,
    pub systems: HashMap<String, String>,
    pub categories: BTreeSet<String>,
    pub purposes: BTreeSet<String>,
    pub legal_bases: BTreeSet<String>,
    /// Legal bases that allow deferring disclosure (`visible_from`).
    pub deferral_bases: BTreeSet<String>,
}

/// One sharing event as an agency reports it (API input).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharingEventReport {
    /// The providing agency's own id of this event (idempotency key).
    pub event_id: String,
    /// RFC 3339 time, with offset.
    pub occurred_at: String,
    /// The person's 12-digit personal identification number.
    pub personal_id: String,
    /// If given, must be the reporting agency's own code.
    pub provider_agency: Option<String>,
    pub provider_system: String,
    pub recipient_agency: String,
    pub recipient_system: Option<String>,
    pub categories: Vec<String>,
    pub purpose: String,
    pub legal_basis: String,
    pub method: String,
    pub mode: String,
    pub request_reference: Option<String>,
    pub official_code: Option<String>,
    pub outcome: String,
    /// RFC 3339: hidden from the person before this time (deferred disclosure).
    pub visible_from: Option<String>,
}

/// A report that passed every check: whose data, and the rest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedSharingEvent {
    pub personal_id: PersonalId,
    pub details: SharingDetails,
}

/// Everything about a sharing event but whose data it was; times in Unix
/// seconds. The store receives this with the person's pseudonym.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SharingDetails {
    pub event_id: String,
    pub occurred_at: i64,
    pub provider_agency: String,
    pub provider_system: String,
    pub recipient_agency: String,
    pub recipient_system: Option<String>,
    /// Sorted, without duplicates.
    pub categories: Vec<String>,
    pub purpose: String,
    pub legal_basis: String,
    pub method: SharingMethod,
    pub mode: SharingMode,
    pub request_reference: Option<String>,
    pub official_code: Option<String>,
    pub outcome: Outcome,
    pub visible_from: Option<i64>,
}

/// What is wrong with one field of one item of a batch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemError {
    pub index: usize,
    pub field: String,
    /// `required`, `too-long`, `malformed`, `unknown`, `not-yours`, …
    pub problem: String,
}

/// How long disclosure to the person may be deferred after the event: two
/// years. Our bound, not the law's (which names no figure): long enough for
/// an investigation's secrecy, short enough that deferral cannot become
/// concealment. A case that needs longer must be reported again.
pub const MAX_DEFERRAL_SECONDS: i64 = 730 * 86_400;

/// Longest free-text field accepted.
pub const MAX_TEXT: usize = 200;
/// Most items in one batch.
pub const MAX_BATCH: usize = 1000;

/// The checks sharing events and holdings share: which data (known
/// categories, 1 to 50), for which purpose, on which legal basis.
fn check_what_and_why(
    categories: &[String],
    purpose: &str,
    legal_basis: &str,
    registry: &RegistryCodes,
    fail: &mut impl FnMut(&str, &str),
) {
    if categories.is_empty() {
        fail("categories", "required");
    } else if categories.len() > 50 {
        fail("categories", "too-many");
    } else if categories
        .iter()
        .any(|code| !registry.categories.contains(code))
    {
        fail("categories", "unknown");
    }
    if !registry.purposes.contains(purpose) {
        fail("purpose", "unknown");
    }
    if !registry.legal_bases.contains(legal_basis) {
        fail("legal_basis", "unknown");
    }
}

/// Checks one report from `agency` against the registry. `now` bounds how
/// far in the future an event may be dated (clock skew: 5 minutes).
pub fn check_sharing_event(
    index: usize,
    report: &SharingEventReport,
    agency: &str,
    registry: &RegistryCodes,
    now: i64,
    errors: &mut Vec<ItemError>,
) -> Option<CheckedSharingEvent> {
    let before = errors.len();
    let mut fail = |field: &str, problem: &str| {
        errors.push(ItemError {
            index,
            field: field.to_owned(),
            problem: problem.to_owned(),
        })
    };
    let text = |value: &str, field: &str, fail: &mut dyn FnMut(&str, &str)| {
        if value.trim().is_empty() {
            fail(field, "required");
        } else if value.chars().count() > MAX_TEXT || value.chars().any(char::is_control) {
            fail(field, "malformed");
        }
    };
    text(&report.event_id, "event_id", &mut fail);
    let occurred_at = parse_rfc3339(&report.occurred_at);
    match occurred_at {
        None => fail("occurred_at", "malformed"),
        Some(at) if at > now + 300 => fail("occurred_at", "in-the-future"),
        Some(_) => {}
    }
    let personal_id = PersonalId::parse(&report.personal_id)
        .map_err(|_| fail("personal_id", "malformed"))
        .ok();
    if let Some(provider) = &report.provider_agency
        && provider != agency
    {
        fail("provider_agency", "not-yours");
    }
    match registry.systems.get(&report.provider_system) {
        None => fail("provider_system", "unknown"),
        Some(owner) if owner != agency => fail("provider_system", "not-yours"),
        Some(_) => {}
    }
    if !registry.agencies.contains(&report.recipient_agency) {
        fail("recipient_agency", "unknown");
    }
    if let Some(system) = &report.recipient_system {
        match registry.systems.get(system) {
            None => fail("recipient_system", "unknown"),
            Some(owner) if *owner != report.recipient_agency => {
                fail("recipient_system", "not-the-recipients")
            }
            Some(_) => {}
        }
    }
    check_what_and_why(
        &report.categories,
        &report.purpose,
        &report.legal_basis,
        registry,
        &mut fail,
    );
    let method = SharingMethod::from_code(&report.method);
    if method.is_none() {
        fail("method", "unknown");
    }
    let mode = SharingMode::from_code(&report.mode);
    if mode.is_none() {
        fail("mode", "unknown");
    }
    let outcome = Outcome::from_code(&report.outcome);
    if outcome.is_none() {
        fail("outcome", "unknown");
    }
    for (value, field) in [
        (&report.request_reference, "request_reference"),
        (&report.official_code, "official_code"),
    ] {
        if let Some(value) = value {
            text(value, field, &mut fail);
        }
    }
    let visible_from = match &report.visible_from {
        None => None,
        Some(text) => {
            let parsed = parse_rfc3339(text);
            match (parsed, occurred_at) {
                (None, _) => fail("visible_from", "malformed"),
                _ if !registry.deferral_bases.contains(&report.legal_basis) => {
                    fail("visible_from", "not-deferrable")
                }
                (Some(until), Some(at)) if until > at + MAX_DEFERRAL_SECONDS => {
                    fail("visible_from", "too-far")
                }
                _ => {}
            }
            parsed
        }
    };
    if errors.len() > before {
        return None;
    }
    let categories: BTreeSet<String> = report.categories.iter().cloned().collect();
    let personal_id = personal_id?;
    Some(CheckedSharingEvent {
        personal_id,
        details: SharingDetails {
            event_id: report.event_id.trim().to_owned(),
            occurred_at: occurred_at?,
            provider_agency: agency.to_owned(),
            provider_system: report.provider_system.clone(),
            recipient_agency: report.recipient_agency.clone(),
            recipient_system: report.recipient_system.clone(),
            categories: categories.into_iter().collect(),
            purpose: report.purpose.clone(),
            legal_basis: report.legal_basis.clone(),
            method: method?,
            mode: mode?,
            request_reference: report.request_reference.clone(),
            official_code: report.official_code.clone(),
            outcome: outcome?,
            visible_from,
        },
    })
}

impl SharingDetails {
    /// What the chain commits to, once the event has its place `seq`.
    pub fn chained(&self, seq: i64, pseudonym: &str) -> ChainedContent {
        ChainedContent {
            seq,
            provider_agency: self.provider_agency.clone(),
            event_id: self.event_id.clone(),
            pseudonym: pseudonym.to_owned(),
            occurred_at: self.occurred_at,
            provider_system: self.provider_system.clone(),
            recipient_agency: self.recipient_agency.clone(),
            recipient_system: self.recipient_system.clone(),
            categories: self.categories.clone(),
            purpose: self.purpose.clone(),
            legal_basis: self.legal_basis.clone(),
            method: self.method.code().to_owned(),
            mode: self.mode.code().to_owned(),
            request_reference: self.request_reference.clone(),
            official_code: self.official_code.clone(),
            outcome: self.outcome.code().to_owned(),
            visible_from: self.visible_from,
        }
    }

    /// A hash of the report itself (its place in the chain left out): a
    /// retried report has the same, a different report under a reused
    /// event id does not.
    pub fn report_hash(&self, pseudonym: &str) -> String {
        self.chained(0, pseudonym).content_hash()
    }
}

/// Everything the chain commits to about one event: codes, never database
/// ids, so anyone holding an export can recompute the hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainedContent {
    pub seq: i64,
    pub provider_agency: String,
    pub event_id: String,
    pub pseudonym: String,
    pub occurred_at: i64,
    pub provider_system: String,
    pub recipient_agency: String,
    pub recipient_system: Option<String>,
    pub categories: Vec<String>,
    pub purpose: String,
    pub legal_basis: String,
    pub method: String,
    pub mode: String,
    pub request_reference: Option<String>,
    pub official_code: Option<String>,
    pub outcome: String,
    pub visible_from: Option<i64>,
}

/// The hash a chain starts from.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

impl ChainedContent {
    /// SHA-256 over a length-prefixed encoding of every field, in order.
    pub fn content_hash(&self) -> String {
        let mut hasher = Sha256::new();
        hasher.update(b"cpd-sharing-event-v1");
        let mut field = |bytes: &[u8]| {
            hasher.update((bytes.len() as u64).to_be_bytes());
            hasher.update(bytes);
        };
        let optional =
            |value: &Option<String>| value.clone().map(|v| format!("+{v}")).unwrap_or_default();
        field(self.seq.to_string().as_bytes());
        field(self.provider_agency.as_bytes());
        field(self.event_id.as_bytes());
        field(self.pseudonym.as_bytes());
        field(self.occurred_at.to_string().as_bytes());
        field(self.provider_system.as_bytes());
        field(self.recipient_agency.as_bytes());
        field(optional(&self.recipient_system).as_bytes());
        field(self.categories.join(",").as_bytes());
        field(self.purpose.as_bytes());
        field(self.legal_basis.as_bytes());
        field(self.method.as_bytes());
        field(self.mode.as_bytes());
        field(optional(&self.request_reference).as_bytes());
        field(optional(&self.official_code).as_bytes());
        field(self.outcome.as_bytes());
        field(
            self.visible_from
                .map(|v| format!("+{v}"))
                .unwrap_or_default()
                .as_bytes(),
        );
        hex(&hasher.finalize())
    }
}

/// The next link: SHA-256 of the previous link and this event's content hash.
pub fn chain_hash(previous: &str, content_hash: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"cpd-chain-v1");
    hasher.update(previous.as_bytes());
    hasher.update(content_hash.as_bytes());
    hex(&hasher.finalize())
}

/// Lower-case hexadecimal. (A `format!` per byte was 8 % of the time of
/// an ingest under perf: three hashes and a pseudonym per event.)
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    text
}

/// A stored link of the chain, as the verifier reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredLink {
    pub content: ChainedContent,
    pub content_hash: String,
    pub chain_hash: String,
}

/// Where a chain stops being what it claims.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChainBreak {
    /// The sequence skips or repeats (a row was deleted or inserted).
    Gap { expected_seq: i64, found_seq: i64 },
    /// The row's content does not give its stored content hash (edited).
    Content { seq: i64 },
    /// The stored link does not follow from the previous one.
    Link { seq: i64 },
}

/// Walks links in order from `previous` (the hash before the first one) and
/// returns the last hash, or the first break.
pub fn verify_links<'a>(
    previous: &str,
    first_seq: i64,
    links: impl IntoIterator<Item = &'a StoredLink>,
) -> Result<(i64, String), ChainBreak> {
    let mut expected_seq = first_seq;
    let mut previous = previous.to_owned();
    for link in links {
        if link.content.seq != expected_seq {
            return Err(ChainBreak::Gap {
                expected_seq,
                found_seq: link.content.seq,
            });
        }
        if link.content.content_hash() != link.content_hash {
            return Err(ChainBreak::Content { seq: expected_seq });
        }
        let expected = chain_hash(&previous, &link.content_hash);
        if expected != link.chain_hash {
            return Err(ChainBreak::Link { seq: expected_seq });
        }
        previous = expected;
        expected_seq += 1;
    }
    Ok((expected_seq - 1, previous))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registry() -> RegistryCodes {
        RegistryCodes {
            agencies: ["BCA", "BHXH", "HN-UBND"].map(String::from).into(),
            systems: [("BCA-NPD", "BCA"), ("BHXH-INSURANCE", "BHXH")]
                .map(|(s, a)| (s.to_owned(), a.to_owned()))
                .into(),
            categories: ["full-name", "residence", "health"]
                .map(String::from)
                .into(),
            purposes: ["health-insurance"].map(String::from).into(),
            legal_bases: ["health-insurance-law", "criminal-procedure-code-2015"]
                .map(String::from)
                .into(),
            deferral_bases: ["criminal-procedure-code-2015"].map(String::from).into(),
        }
    }

    fn report() -> SharingEventReport {
        SharingEventReport {
            event_id: "BCA-2026-000001".into(),
            occurred_at: "2026-03-05T14:30:00+07:00".into(),
            personal_id: "001990012345".into(),
            provider_agency: None,
            provider_system: "BCA-NPD".into(),
            recipient_agency: "BHXH".into(),
            recipient_system: Some("BHXH-INSURANCE".into()),
            categories: vec!["residence".into(), "full-name".into(), "residence".into()],
            purpose: "health-insurance".into(),
            legal_basis: "health-insurance-law".into(),
            method: "online-connection".into(),
            mode: "default".into(),
            request_reference: Some("YC-1".into()),
            official_code: None,
            outcome: "provided".into(),
            visible_from: None,
        }
    }

    const NOW: i64 = 1_790_000_000;

    #[test]
    fn a_good_report_is_accepted_with_sorted_categories() {
        let mut errors = Vec::new();
        let checked = check_sharing_event(0, &report(), "BCA", &registry(), NOW, &mut errors)
            .expect("accepted");
        assert!(errors.is_empty());
        let details = &checked.details;
        assert_eq!(details.categories, ["full-name", "residence"]);
        assert_eq!(details.occurred_at, 1_772_695_800);
        assert_eq!(details.method, SharingMethod::OnlineConnection);
        assert_eq!(details.report_hash("p"), details.clone().report_hash("p"));
        assert_ne!(details.report_hash("p"), details.report_hash("q"));
    }

    #[test]
    fn every_bad_field_is_named() {
        let bad = SharingEventReport {
            event_id: " ".into(),
            occurred_at: "yesterday".into(),
            personal_id: "12".into(),
            provider_agency: Some("BHXH".into()),
            provider_system: "BHXH-INSURANCE".into(),
            recipient_agency: "NOPE".into(),
            recipient_system: Some("BCA-NPD".into()),
            categories: vec!["dna".into()],
            purpose: "x".into(),
            legal_basis: "y".into(),
            method: "pigeon".into(),
            mode: "sometimes".into(),
            request_reference: Some("a\u{0}b".into()),
            official_code: None,
            outcome: "maybe".into(),
            visible_from: Some("soon".into()),
        };
        let mut errors = Vec::new();
        assert!(check_sharing_event(3, &bad, "BCA", &registry(), NOW, &mut errors).is_none());
        let fields: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.problem.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("event_id", "required"),
                ("occurred_at", "malformed"),
                ("personal_id", "malformed"),
                ("provider_agency", "not-yours"),
                ("provider_system", "not-yours"),
                ("recipient_agency", "unknown"),
                ("recipient_system", "not-the-recipients"),
                ("categories", "unknown"),
                ("purpose", "unknown"),
                ("legal_basis", "unknown"),
                ("method", "unknown"),
                ("mode", "unknown"),
                ("outcome", "unknown"),
                ("request_reference", "malformed"),
                ("visible_from", "malformed"),
            ]
        );
        assert!(errors.iter().all(|e| e.index == 3));
    }

    #[test]
    fn rfc3339_times_parse_with_offsets_and_reject_nonsense() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_rfc3339("1970-01-01T07:00:00+07:00"), Some(0));
        assert_eq!(
            parse_rfc3339("2024-02-29T00:00:00.123Z"),
            Some(1_709_164_800)
        );
        for bad in [
            "2023-02-29T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-01-01T24:00:00Z",
            "2026-01-01T00:00:00",
            "2026-01-01T00:00:00+7",
            "2026-01-01",
            "２０２６-01-01T00:00:00Z",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn events_dated_in_the_future_are_refused() {
        let mut future = report();
        future.occurred_at = "2099-01-01T00:00:00Z".into();
        let mut errors = Vec::new();
        assert!(check_sharing_event(0, &future, "BCA", &registry(), NOW, &mut errors).is_none());
        assert_eq!(errors[0].problem, "in-the-future");
    }

    #[test]
    fn disclosure_is_deferred_only_on_a_basis_that_allows_it_and_not_for_ever() {
        let problem = |legal_basis: &str, visible_from: &str| {
            let mut deferred = report();
            deferred.legal_basis = legal_basis.into();
            deferred.visible_from = Some(visible_from.into());
            let mut errors = Vec::new();
            check_sharing_event(0, &deferred, "BCA", &registry(), NOW, &mut errors);
            errors.first().map(|e| (e.field.clone(), e.problem.clone()))
        };
        // The event is of 2026-03-05.
        assert_eq!(
            problem("criminal-procedure-code-2015", "2027-03-01T00:00:00Z"),
            None
        );
        assert_eq!(
            problem("health-insurance-law", "2027-03-01T00:00:00Z"),
            Some(("visible_from".into(), "not-deferrable".into()))
        );
        assert_eq!(
            problem("criminal-procedure-code-2015", "2028-03-10T00:00:00Z"),
            Some(("visible_from".into(), "too-far".into())),
            "more than two years after the event"
        );
    }

    fn content(seq: i64) -> ChainedContent {
        ChainedContent {
            seq,
            provider_agency: "BCA".into(),
            event_id: format!("e{seq}"),
            pseudonym: "p".into(),
            occurred_at: 1_772_695_800,
            provider_system: "BCA-NPD".into(),
            recipient_agency: "BHXH".into(),
            recipient_system: None,
            categories: vec!["full-name".into()],
            purpose: "health-insurance".into(),
            legal_basis: "health-insurance-law".into(),
            method: "online-connection".into(),
            mode: "default".into(),
            request_reference: None,
            official_code: None,
            outcome: "provided".into(),
            visible_from: None,
        }
    }

    fn chain(n: i64) -> Vec<StoredLink> {
        let mut previous = GENESIS.to_owned();
        (1..=n)
            .map(|seq| {
                let content = content(seq);
                let content_hash = content.content_hash();
                let chain_hash = chain_hash(&previous, &content_hash);
                previous = chain_hash.clone();
                StoredLink {
                    content,
                    content_hash,
                    chain_hash,
                }
            })
            .collect()
    }

    #[test]
    fn an_intact_chain_verifies_and_every_kind_of_tampering_is_named() {
        let links = chain(5);
        let (last, head) = verify_links(GENESIS, 1, &links).unwrap();
        assert_eq!(last, 5);
        assert_eq!(head, links[4].chain_hash);

        let mut edited = links.clone();
        edited[2].content.recipient_agency = "HN-UBND".into();
        assert_eq!(
            verify_links(GENESIS, 1, &edited),
            Err(ChainBreak::Content { seq: 3 })
        );

        let mut rehashed = links.clone();
        rehashed[2].content.recipient_agency = "HN-UBND".into();
        rehashed[2].content_hash = rehashed[2].content.content_hash();
        assert_eq!(
            verify_links(GENESIS, 1, &rehashed),
            Err(ChainBreak::Link { seq: 3 })
        );

        let mut deleted = links.clone();
        deleted.remove(1);
        assert_eq!(
            verify_links(GENESIS, 1, &deleted),
            Err(ChainBreak::Gap {
                expected_seq: 2,
                found_seq: 3
            })
        );
    }

    #[test]
    fn hex_is_lower_case_two_digits_a_byte() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa0, 0xab, 0xff]), "000fa0abff");
        assert_eq!(hex(&[]), "");
    }

    #[test]
    fn absent_and_empty_optional_fields_hash_differently() {
        let mut a = content(1);
        let mut b = content(1);
        a.official_code = None;
        b.official_code = Some(String::new());
        assert_ne!(a.content_hash(), b.content_hash());
    }
}

/// A registry entry as people read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
}

impl Named {
    pub fn name(&self, lang: super::Lang) -> &str {
        match lang {
            super::Lang::Vi => &self.name_vi,
            super::Lang::En => &self.name_en,
        }
    }
}

/// One holding: which system of which agency keeps which of a person's
/// data, why, on what legal basis and for how long.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holding {
    pub agency: Named,
    pub system: Named,
    pub categories: Vec<Named>,
    pub purpose: Named,
    pub legal_basis: Named,
    /// None: as long as the law requires.
    pub retention_months: Option<i32>,
    /// Where the agency got the data.
    pub source: Option<Named>,
    /// Unix time of the agency's last update.
    pub updated_at: i64,
}

/// A holding to record for a person (pseudonym known to the caller).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HoldingRecord {
    pub pseudonym: String,
    pub system: String,
    pub categories: Vec<String>,
    pub purpose: String,
    pub legal_basis: String,
    pub retention_months: Option<i32>,
    pub source_vi: Option<String>,
    pub source_en: Option<String>,
    pub updated_at: i64,
}

/// One sharing event as the person sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharingEventView {
    pub seq: i64,
    pub event_id: String,
    pub occurred_at: i64,
    /// When the service received the agency's report of it.
    pub received_at: i64,
    /// Days between the event and its report when it came late (see
    /// [`super::oversight::LateReports`]); set by the server as it answers.
    #[serde(default)]
    pub late_by_days: Option<i64>,
    pub provider: Named,
    pub provider_system: Named,
    pub recipient: Named,
    pub recipient_system: Option<Named>,
    pub categories: Vec<Named>,
    pub purpose: Named,
    pub legal_basis: Named,
    pub method: SharingMethod,
    pub mode: SharingMode,
    pub request_reference: Option<String>,
    pub official_code: Option<String>,
    pub outcome: Outcome,
    /// Set when disclosure was lawfully deferred until this time.
    pub visible_from: Option<i64>,
    pub chain_hash: String,
    /// Set when data was provided under a consent-based purpose while the
    /// person's consent was not active.
    pub consent_flag: Option<super::consent::ConsentFlag>,
}

/// An event as a line of the timeline: who gave what to whom, and why.
/// The rest (systems, legal basis, references, hash) is on the event's own
/// page; leaving it out keeps the page, and the data the browser needs to
/// take it over, small.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub seq: i64,
    pub occurred_at: i64,
    pub provider: Named,
    pub recipient: Named,
    pub categories: Vec<Named>,
    pub purpose: Named,
    pub outcome: Outcome,
    pub consent_flag: Option<super::consent::ConsentFlag>,
}

/// Filters of the sharing timeline (all optional).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharingFilter {
    /// Provider or recipient agency code.
    pub agency: Option<String>,
    pub category: Option<String>,
    pub purpose: Option<String>,
    /// Unix time bounds, inclusive.
    pub from: Option<i64>,
    pub until: Option<i64>,
}

/// What the timeline's filters offer a person: the agencies in their own
/// log, and the registry's data categories and purposes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineChoices {
    pub agencies: Vec<Named>,
    pub categories: Vec<Named>,
    pub purposes: Vec<Named>,
}

/// Which page of the newest-first timeline to read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimelinePlace {
    /// The newest events.
    Newest,
    /// The events just older than this one.
    Before(TimelineCursor),
    /// The events just newer than this one.
    After(TimelineCursor),
}

/// A place in the newest-first timeline: the last event of a page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineCursor {
    pub occurred_at: i64,
    pub seq: i64,
}

impl TimelineCursor {
    /// The opaque form used in links.
    pub fn encode(self) -> String {
        format!("{}.{}", self.occurred_at, self.seq)
    }

    /// None for anything that is not a cursor (the page then starts at the
    /// newest event).
    pub fn decode(text: &str) -> Option<TimelineCursor> {
        let (at, seq) = text.split_once('.')?;
        Some(TimelineCursor {
            occurred_at: at.parse().ok()?,
            seq: seq.parse().ok().filter(|seq: &i64| *seq > 0)?,
        })
    }
}

/// One holding as an agency reports it (API input).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HoldingReport {
    pub personal_id: String,
    /// One of the reporting agency's own systems.
    pub system: String,
    pub categories: Vec<String>,
    pub purpose: String,
    pub legal_basis: String,
    /// Months kept; absent: as long as the law requires.
    pub retention_months: Option<i32>,
    pub source_vi: Option<String>,
    pub source_en: Option<String>,
    /// RFC 3339 time of the agency's last update.
    pub updated_at: String,
}

/// Checks one holding report from `agency`; returns the number and the
/// record without its pseudonym (the caller computes that).
pub fn check_holding(
    index: usize,
    report: &HoldingReport,
    agency: &str,
    registry: &RegistryCodes,
    now: i64,
    errors: &mut Vec<ItemError>,
) -> Option<(PersonalId, HoldingRecord)> {
    let before = errors.len();
    let mut fail = |field: &str, problem: &str| {
        errors.push(ItemError {
            index,
            field: field.to_owned(),
            problem: problem.to_owned(),
        })
    };
    let personal_id = PersonalId::parse(&report.personal_id)
        .map_err(|_| fail("personal_id", "malformed"))
        .ok();
    match registry.systems.get(&report.system) {
        None => fail("system", "unknown"),
        Some(owner) if owner != agency => fail("system", "not-yours"),
        Some(_) => {}
    }
    check_what_and_why(
        &report.categories,
        &report.purpose,
        &report.legal_basis,
        registry,
        &mut fail,
    );
    if report
        .retention_months
        .is_some_and(|months| !(1..=1200).contains(&months))
    {
        fail("retention_months", "out-of-range");
    }
    for (value, field) in [
        (&report.source_vi, "source_vi"),
        (&report.source_en, "source_en"),
    ] {
        if value
            .as_ref()
            .is_some_and(|v| v.chars().count() > MAX_TEXT || v.chars().any(char::is_control))
        {
            fail(field, "malformed");
        }
    }
    let updated_at = parse_rfc3339(&report.updated_at);
    match updated_at {
        None => fail("updated_at", "malformed"),
        Some(at) if at > now + 300 => fail("updated_at", "in-the-future"),
        Some(_) => {}
    }
    if errors.len() > before {
        return None;
    }
    let categories: BTreeSet<String> = report.categories.iter().cloned().collect();
    Some((
        personal_id?,
        HoldingRecord {
            pseudonym: String::new(),
            system: report.system.clone(),
            categories: categories.into_iter().collect(),
            purpose: report.purpose.clone(),
            legal_basis: report.legal_basis.clone(),
            retention_months: report.retention_months,
            source_vi: report.source_vi.clone(),
            source_en: report.source_en.clone(),
            updated_at: updated_at?,
        },
    ))
}
