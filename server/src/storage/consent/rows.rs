//! The rows of the consent area as stored, and their domain types.

use app::{
    domain::{
        consent::{
            ActorRole, ConsentAction, ConsentFlag, ConsentMethod, ConsentRecord,
            ConsentRecordContent, ConsentState, Purpose, Representation, RepresentedKind,
        },
        sharing::Named,
    },
    server::{Represented, StoreError},
};
use time::OffsetDateTime;

pub(super) fn corrupt(what: &str) -> StoreError {
    StoreError::Unavailable(format!("a consent row has a bad {what}").into())
}

pub(super) fn codes(json: &str) -> Result<Vec<String>, StoreError> {
    serde_json::from_str(json).map_err(|_| corrupt("code list"))
}

/// A catalogue row; names come from the registry.
#[derive(sqlx::FromRow)]
pub(crate) struct PurposeRow {
    pub(super) id: i32,
    controller_agency_id: Option<i32>,
    processors: String,
    categories: String,
    description_vi: String,
    description_en: String,
    legal_basis_id: Option<i32>,
    validity_months: Option<i32>,
    rests_on_consent: bool,
    notice_version: i32,
}

pub(crate) const PURPOSES_SQL: &str = "SELECT id, controller_agency_id, processors, categories, \
     description_vi, description_en, legal_basis_id, validity_months, rests_on_consent, \
     notice_version FROM purposes ORDER BY id";

impl PurposeRow {
    pub(crate) fn into_purpose(
        self,
        registry: &crate::storage::sharing::Registry,
    ) -> Result<Purpose, StoreError> {
        let agency = |id: i32| registry.agencies.name(id).cloned();
        let by_code = |code: &str| {
            registry
                .agencies
                .ids()
                .get(code)
                .and_then(|id| i32::try_from(*id).ok())
                .and_then(agency)
        };
        let categories =
            crate::storage::sharing::categories_named(&self.categories, registry.category_names())
                .ok_or_else(|| corrupt("category list"))?;
        Ok(Purpose {
            purpose: registry
                .purposes
                .name(self.id)
                .cloned()
                .ok_or_else(|| corrupt("purpose"))?,
            controller: self.controller_agency_id.and_then(agency),
            processors: codes(&self.processors)?
                .iter()
                .filter_map(|code| by_code(code))
                .collect(),
            categories,
            description_vi: self.description_vi,
            description_en: self.description_en,
            legal_basis: self
                .legal_basis_id
                .and_then(|id| registry.legal_bases.name(id).cloned())
                .unwrap_or_else(|| Named {
                    code: String::new(),
                    name_vi: String::new(),
                    name_en: String::new(),
                }),
            validity_months: self.validity_months,
            rests_on_consent: self.rests_on_consent,
            notice_version: self.notice_version,
        })
    }
}

/// A consent record as stored.
#[derive(sqlx::FromRow)]
pub(crate) struct RecordRow {
    subject_seq: i64,
    receipt_id: String,
    pseudonym: String,
    controller: String,
    purpose: String,
    categories: String,
    legal_basis: String,
    action: String,
    state: String,
    valid_until: Option<OffsetDateTime>,
    actor_role: String,
    actor_pseudonym: Option<String>,
    method: String,
    child_agreed: Option<bool>,
    notice_version: i32,
    notice_lang: String,
    notice_text: String,
    recorded_at: OffsetDateTime,
    content_hash: String,
    chain_hash: String,
}

pub(crate) const RECORDS_SQL: &str = "SELECT r.subject_seq, r.receipt_id, r.pseudonym, \
     r.controller, p.code AS purpose, r.categories, r.legal_basis, r.action, r.state, \
     r.valid_until, r.actor_role, r.actor_pseudonym, r.method, r.child_agreed, r.notice_version, \
     r.notice_lang, r.notice_text, r.recorded_at, r.content_hash, r.chain_hash \
     FROM consent_records r JOIN purposes p ON p.id = r.purpose_id";

impl TryFrom<RecordRow> for ConsentRecord {
    type Error = StoreError;

    fn try_from(row: RecordRow) -> Result<Self, StoreError> {
        Ok(ConsentRecord {
            content: ConsentRecordContent {
                subject_seq: row.subject_seq,
                receipt_id: row.receipt_id,
                subject: row.pseudonym,
                controller: row.controller,
                purpose: row.purpose,
                categories: codes(&row.categories)?,
                legal_basis: row.legal_basis,
                action: ConsentAction::from_code(&row.action).ok_or_else(|| corrupt("action"))?,
                state: ConsentState::from_code(&row.state).ok_or_else(|| corrupt("state"))?,
                valid_until: row.valid_until.map(OffsetDateTime::unix_timestamp),
                actor_role: ActorRole::from_code(&row.actor_role)
                    .ok_or_else(|| corrupt("actor role"))?,
                actor: row.actor_pseudonym,
                method: ConsentMethod::from_code(&row.method).ok_or_else(|| corrupt("method"))?,
                child_agreed: row.child_agreed,
                notice_version: row.notice_version,
                notice_lang: row.notice_lang,
                notice_text: row.notice_text,
                recorded_at: row.recorded_at.unix_timestamp(),
            },
            content_hash: row.content_hash,
            chain_hash: row.chain_hash,
        })
    }
}

/// A representation link as stored.
#[derive(sqlx::FromRow)]
pub(crate) struct RepresentationRow {
    id: i64,
    subject_pseudonym: String,
    subject_name: String,
    subject_birth_date: String,
    kind: String,
}

pub(crate) const REPRESENTATIONS_SQL: &str = "SELECT id, subject_pseudonym, subject_name, \
     subject_birth_date, kind FROM representations \
     WHERE representative_pseudonym = $1 AND ended_at IS NULL";

impl RepresentationRow {
    pub(super) fn into_represented(self) -> Result<Represented, StoreError> {
        Ok(Represented {
            subject: self.subject_pseudonym,
            link: Representation {
                id: self.id,
                name: self.subject_name,
                birth_date: self.subject_birth_date,
                kind: RepresentedKind::from_code(&self.kind).ok_or_else(|| corrupt("kind"))?,
            },
        })
    }
}

/// The flag of data provided at `occurred_at`, from the person's last
/// consent record for the purpose at that time.
pub(crate) fn flag_of(
    last: Option<(String, Option<OffsetDateTime>)>,
    occurred_at: i64,
) -> Option<ConsentFlag> {
    let last = last.and_then(|(state, until)| {
        ConsentState::from_code(&state)
            .map(|state| (state, until.map(OffsetDateTime::unix_timestamp)))
    });
    app::domain::consent::flag_at(last, occurred_at)
}
