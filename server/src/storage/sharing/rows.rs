//! The sharing area's rows as stored, and the domain types they become.

use std::collections::HashMap;

use app::{
    domain::sharing::{
        ChainedContent, Holding, Named, Outcome, SharingEventView, SharingMethod, SharingMode,
        StoredLink, TimelineEntry,
    },
    server::{Checkpoint, StoreError},
};
use time::OffsetDateTime;

use super::registry::{Registry, Table};

/// A row of the chain as stored (codes resolved by joins).
#[derive(sqlx::FromRow)]
pub(crate) struct LinkRow {
    seq: i64,
    provider_agency: String,
    agency_event_id: String,
    pseudonym: String,
    occurred_at: OffsetDateTime,
    provider_system: String,
    recipient_agency: String,
    recipient_system: Option<String>,
    categories: String,
    purpose: String,
    legal_basis: String,
    method: String,
    mode: String,
    request_reference: Option<String>,
    official_code: Option<String>,
    outcome: String,
    visible_from: Option<OffsetDateTime>,
    content_hash: String,
    chain_hash: String,
}

impl TryFrom<LinkRow> for StoredLink {
    type Error = StoreError;

    fn try_from(row: LinkRow) -> Result<Self, StoreError> {
        let categories: Vec<String> = serde_json::from_str(&row.categories).map_err(|_| {
            StoreError::Unavailable(format!("event {} has bad categories", row.seq).into())
        })?;
        Ok(StoredLink {
            content: ChainedContent {
                seq: row.seq,
                provider_agency: row.provider_agency,
                event_id: row.agency_event_id,
                pseudonym: row.pseudonym,
                occurred_at: row.occurred_at.unix_timestamp(),
                provider_system: row.provider_system,
                recipient_agency: row.recipient_agency,
                recipient_system: row.recipient_system,
                categories,
                purpose: row.purpose,
                legal_basis: row.legal_basis,
                method: row.method,
                mode: row.mode,
                request_reference: row.request_reference,
                official_code: row.official_code,
                outcome: row.outcome,
                visible_from: row.visible_from.map(OffsetDateTime::unix_timestamp),
            },
            content_hash: row.content_hash,
            chain_hash: row.chain_hash,
        })
    }
}

/// The chain's links with codes resolved; a `WHERE` follows.
macro_rules! links_select {
    () => {
        "SELECT e.seq, pa.code AS provider_agency, e.agency_event_id, \
             e.pseudonym, e.occurred_at, ps.code AS provider_system, ra.code AS recipient_agency, \
             rs.code AS recipient_system, e.categories, pu.code AS purpose, lb.code AS legal_basis, \
             e.method, e.mode, e.request_reference, e.official_code, e.outcome, e.visible_from, \
             e.content_hash, e.chain_hash \
             FROM sharing_events e \
             JOIN agencies pa ON pa.id = e.provider_agency_id \
             JOIN systems ps ON ps.id = e.provider_system_id \
             JOIN agencies ra ON ra.id = e.recipient_agency_id \
             LEFT JOIN systems rs ON rs.id = e.recipient_system_id \
             JOIN purposes pu ON pu.id = e.purpose_id \
             JOIN legal_bases lb ON lb.id = e.legal_basis_id"
    };
}

/// The links after a place, in order.
pub(crate) const LINKS_SQL: &str =
    concat!(links_select!(), " WHERE e.seq > $1 ORDER BY e.seq LIMIT $2");
/// The links, for a `WHERE` of one's own.
pub(crate) const LINKS_SELECT: &str = links_select!();

pub(super) fn named(code: String, name_vi: String, name_en: String) -> Named {
    Named {
        code,
        name_vi,
        name_en,
    }
}

fn corrupt(what: &str, seq: i64) -> StoreError {
    StoreError::Unavailable(format!("event {seq} has a bad {what}").into())
}

/// Names the category codes of a JSON array; unknown codes stay as codes.
pub(crate) fn categories_named(json: &str, names: &HashMap<String, Named>) -> Option<Vec<Named>> {
    let codes: Vec<String> = serde_json::from_str(json).ok()?;
    Some(
        codes
            .into_iter()
            .map(|code| {
                names.get(&code).cloned().unwrap_or(Named {
                    name_vi: code.clone(),
                    name_en: code.clone(),
                    code,
                })
            })
            .collect(),
    )
}

/// A sharing event row as stored; names come from the registry.
#[derive(sqlx::FromRow)]
pub(crate) struct EventRow {
    seq: i64,
    agency_event_id: String,
    occurred_at: OffsetDateTime,
    provider_agency_id: i32,
    provider_system_id: i32,
    recipient_agency_id: i32,
    recipient_system_id: Option<i32>,
    categories: String,
    purpose_id: i32,
    legal_basis_id: i32,
    method: String,
    mode: String,
    request_reference: Option<String>,
    official_code: Option<String>,
    outcome: String,
    visible_from: Option<OffsetDateTime>,
    received_at: OffsetDateTime,
    chain_hash: String,
    consent_flag: Option<String>,
}

/// One of the two reads of a person's timeline: the row as read, and what
/// it becomes once named from the registry.
pub(crate) trait TimelineRead: Sized {
    type Line;
    /// `SELECT … FROM sharing_events e WHERE <the person's visible events>`.
    const SELECT: &'static str;
    /// Whether the registry names everything this row refers to.
    fn named_by(&self, registry: &Registry) -> bool;
    fn into_line(self, registry: &Registry) -> Result<Self::Line, StoreError>;
}

/// The registry's name for `id`, or a corrupt-row error about `seq`.
fn name_in(table: &Table, id: i32, what: &str, seq: i64) -> Result<Named, StoreError> {
    table.name(id).cloned().ok_or_else(|| corrupt(what, seq))
}

/// A stored consent flag code, parsed.
fn consent_flag_of(
    code: Option<String>,
    seq: i64,
) -> Result<Option<app::domain::consent::ConsentFlag>, StoreError> {
    code.map(|code| {
        app::domain::consent::ConsentFlag::from_code(&code)
            .ok_or_else(|| corrupt("consent flag", seq))
    })
    .transpose()
}

impl TimelineRead for EventRow {
    type Line = SharingEventView;
    const SELECT: &'static str = EVENT_VIEW_SQL;

    /// Whether the registry names everything this row refers to.
    fn named_by(&self, registry: &Registry) -> bool {
        registry.agencies.has(self.provider_agency_id)
            && registry.agencies.has(self.recipient_agency_id)
            && registry.systems.has(self.provider_system_id)
            && self
                .recipient_system_id
                .is_none_or(|id| registry.systems.has(id))
            && registry.purposes.has(self.purpose_id)
            && registry.legal_bases.has(self.legal_basis_id)
    }

    fn into_line(self, registry: &Registry) -> Result<SharingEventView, StoreError> {
        let seq = self.seq;
        let name = |table: &Table, id: i32, what: &str| name_in(table, id, what, seq);
        Ok(SharingEventView {
            seq,
            event_id: self.agency_event_id,
            occurred_at: self.occurred_at.unix_timestamp(),
            received_at: self.received_at.unix_timestamp(),
            late_by_days: None,
            provider: name(&registry.agencies, self.provider_agency_id, "provider")?,
            provider_system: name(&registry.systems, self.provider_system_id, "system")?,
            recipient: name(&registry.agencies, self.recipient_agency_id, "recipient")?,
            recipient_system: self
                .recipient_system_id
                .map(|id| name(&registry.systems, id, "system"))
                .transpose()?,
            categories: categories_named(&self.categories, &registry.categories)
                .ok_or_else(|| corrupt("category list", seq))?,
            purpose: name(&registry.purposes, self.purpose_id, "purpose")?,
            legal_basis: name(&registry.legal_bases, self.legal_basis_id, "legal basis")?,
            method: SharingMethod::from_code(&self.method).ok_or_else(|| corrupt("method", seq))?,
            mode: SharingMode::from_code(&self.mode).ok_or_else(|| corrupt("mode", seq))?,
            request_reference: self.request_reference,
            official_code: self.official_code,
            outcome: Outcome::from_code(&self.outcome).ok_or_else(|| corrupt("outcome", seq))?,
            visible_from: self.visible_from.map(OffsetDateTime::unix_timestamp),
            chain_hash: self.chain_hash,
            consent_flag: consent_flag_of(self.consent_flag, seq)?,
        })
    }
}

/// A line of the person's timeline: the 8 columns the timeline shows of an
/// event's 19 (no chain hash, systems, legal basis or references).
#[derive(sqlx::FromRow)]
pub(crate) struct TimelineRow {
    seq: i64,
    occurred_at: OffsetDateTime,
    provider_agency_id: i32,
    recipient_agency_id: i32,
    categories: String,
    purpose_id: i32,
    outcome: String,
    consent_flag: Option<String>,
}

impl TimelineRead for TimelineRow {
    type Line = TimelineEntry;
    const SELECT: &'static str = TIMELINE_SQL;

    fn named_by(&self, registry: &Registry) -> bool {
        registry.agencies.has(self.provider_agency_id)
            && registry.agencies.has(self.recipient_agency_id)
            && registry.purposes.has(self.purpose_id)
    }

    fn into_line(self, registry: &Registry) -> Result<TimelineEntry, StoreError> {
        let seq = self.seq;
        let name = |table: &Table, id: i32, what: &str| name_in(table, id, what, seq);
        Ok(TimelineEntry {
            seq,
            occurred_at: self.occurred_at.unix_timestamp(),
            provider: name(&registry.agencies, self.provider_agency_id, "provider")?,
            recipient: name(&registry.agencies, self.recipient_agency_id, "recipient")?,
            categories: categories_named(&self.categories, &registry.categories)
                .ok_or_else(|| corrupt("category list", seq))?,
            purpose: name(&registry.purposes, self.purpose_id, "purpose")?,
            outcome: Outcome::from_code(&self.outcome).ok_or_else(|| corrupt("outcome", seq))?,
            consent_flag: consent_flag_of(self.consent_flag, seq)?,
        })
    }
}

/// The timeline's lines, read like [`EVENT_VIEW_SQL`].
pub(crate) const TIMELINE_SQL: &str = "SELECT seq, occurred_at, provider_agency_id, \
     recipient_agency_id, categories, purpose_id, outcome, consent_flag \
     FROM sharing_events e \
     WHERE e.pseudonym = $1 AND (e.visible_from IS NULL OR e.visible_from <= $2)";

/// The person's visible events. One table, read along the person's index:
/// names come from the cached registry, not from joins.
pub(crate) const EVENT_VIEW_SQL: &str = "SELECT seq, agency_event_id, occurred_at, \
     provider_agency_id, provider_system_id, recipient_agency_id, recipient_system_id, \
     categories, purpose_id, legal_basis_id, method, mode, request_reference, official_code, \
     outcome, visible_from, received_at, chain_hash, consent_flag \
     FROM sharing_events e \
     WHERE e.pseudonym = $1 AND (e.visible_from IS NULL OR e.visible_from <= $2)";

/// A holding row with names joined in.
#[derive(sqlx::FromRow)]
pub(crate) struct HoldingRow {
    a_code: String,
    a_vi: String,
    a_en: String,
    s_code: String,
    s_vi: String,
    s_en: String,
    categories: String,
    pu_code: String,
    pu_vi: String,
    pu_en: String,
    lb_code: String,
    lb_vi: String,
    lb_en: String,
    retention_months: Option<i32>,
    source_vi: Option<String>,
    source_en: Option<String>,
    updated_at: OffsetDateTime,
}

impl HoldingRow {
    pub(crate) fn into_holding(
        self,
        categories: &HashMap<String, Named>,
    ) -> Result<Holding, StoreError> {
        Ok(Holding {
            agency: named(self.a_code, self.a_vi, self.a_en),
            system: named(self.s_code, self.s_vi, self.s_en),
            categories: categories_named(&self.categories, categories)
                .ok_or_else(|| StoreError::Unavailable("a holding has bad categories".into()))?,
            purpose: named(self.pu_code, self.pu_vi, self.pu_en),
            legal_basis: named(self.lb_code, self.lb_vi, self.lb_en),
            retention_months: self.retention_months,
            source: match (self.source_vi, self.source_en) {
                (Some(vi), Some(en)) => Some(named(String::new(), vi, en)),
                _ => None,
            },
            updated_at: self.updated_at.unix_timestamp(),
        })
    }
}

pub(crate) const HOLDINGS_SQL: &str = "SELECT a.code AS a_code, a.name_vi AS a_vi, a.name_en AS a_en, \
     s.code AS s_code, s.name_vi AS s_vi, s.name_en AS s_en, h.categories, \
     pu.code AS pu_code, pu.name_vi AS pu_vi, pu.name_en AS pu_en, \
     lb.code AS lb_code, lb.citation_vi AS lb_vi, lb.citation_en AS lb_en, \
     h.retention_months, h.source_vi, h.source_en, h.updated_at \
     FROM holdings h JOIN systems s ON s.id = h.system_id JOIN agencies a ON a.id = s.agency_id \
     JOIN purposes pu ON pu.id = h.purpose_id JOIN legal_bases lb ON lb.id = h.legal_basis_id \
     WHERE h.pseudonym = $1 ORDER BY a.name_vi, s.name_vi, pu.code";

#[derive(sqlx::FromRow)]
pub(crate) struct CheckpointRow {
    seq: i64,
    chain_hash: String,
    signed_at: OffsetDateTime,
    signature: String,
    key_id: Option<String>,
}

impl From<CheckpointRow> for Checkpoint {
    fn from(row: CheckpointRow) -> Checkpoint {
        Checkpoint {
            seq: row.seq,
            chain_hash: row.chain_hash,
            signed_at: row.signed_at.unix_timestamp(),
            signature: row.signature,
            key_id: row.key_id,
        }
    }
}
