//! The registry codes, agency credentials and the hash-chained sharing log.
//! The SQL is the same on both engines (sqlx takes `$N` on SQLite too); the
//! macro below writes it once and instantiates it per engine, which keeps
//! the transaction code free of a page of trait bounds.

use std::collections::HashMap;

use app::{
    domain::sharing::{
        ChainedContent, Holding, Named, Outcome, SharingEventView, SharingMethod, SharingMode,
        StoredLink,
    },
    server::StoreError,
};
use time::OffsetDateTime;

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

pub(crate) const LINKS_SQL: &str = "SELECT e.seq, pa.code AS provider_agency, e.agency_event_id, \
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
     JOIN legal_bases lb ON lb.id = e.legal_basis_id \
     WHERE e.seq > $1 ORDER BY e.seq LIMIT $2";

fn named(code: String, name_vi: String, name_en: String) -> Named {
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
    chain_hash: String,
    consent_flag: Option<String>,
}

impl EventRow {
    /// Whether the registry names everything this row refers to.
    pub(crate) fn named_by(&self, registry: &Registry) -> bool {
        registry.agencies.has(self.provider_agency_id)
            && registry.agencies.has(self.recipient_agency_id)
            && registry.systems.has(self.provider_system_id)
            && self
                .recipient_system_id
                .is_none_or(|id| registry.systems.has(id))
            && registry.purposes.has(self.purpose_id)
            && registry.legal_bases.has(self.legal_basis_id)
    }

    pub(crate) fn into_view(self, registry: &Registry) -> Result<SharingEventView, StoreError> {
        let seq = self.seq;
        let name = |table: &Table, id: i32, what: &str| {
            table.name(id).cloned().ok_or_else(|| corrupt(what, seq))
        };
        Ok(SharingEventView {
            seq,
            event_id: self.agency_event_id,
            occurred_at: self.occurred_at.unix_timestamp(),
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
            consent_flag: match self.consent_flag {
                None => None,
                Some(code) => Some(
                    app::domain::consent::ConsentFlag::from_code(&code)
                        .ok_or_else(|| corrupt("consent flag", seq))?,
                ),
            },
        })
    }
}

/// The person's visible events. One table, read along the person's index:
/// names come from the cached registry, not from joins.
pub(crate) const EVENT_VIEW_SQL: &str = "SELECT seq, agency_event_id, occurred_at, \
     provider_agency_id, provider_system_id, recipient_agency_id, recipient_system_id, \
     categories, purpose_id, legal_basis_id, method, mode, request_reference, official_code, \
     outcome, visible_from, chain_hash, consent_flag \
     FROM sharing_events e \
     WHERE e.pseudonym = $1 AND (e.visible_from IS NULL OR e.visible_from <= $2)";

/// One registry table: names by id, ids by code.
#[derive(Debug, Default)]
pub(crate) struct Table {
    names: HashMap<i32, Named>,
    ids: Ids,
}

impl Table {
    fn from_rows(rows: Vec<(i32, String, String, String)>) -> Table {
        let mut table = Table::default();
        for (id, code, name_vi, name_en) in rows {
            table.ids.insert(code.clone(), i64::from(id));
            table.names.insert(id, named(code, name_vi, name_en));
        }
        table
    }

    fn has(&self, id: i32) -> bool {
        self.names.contains_key(&id)
    }

    pub(crate) fn name(&self, id: i32) -> Option<&Named> {
        self.names.get(&id)
    }

    pub(crate) fn ids(&self) -> &Ids {
        &self.ids
    }

    /// The entries, in id order (the registry's own order).
    pub(crate) fn list(&self) -> Vec<Named> {
        let mut ids: Vec<&i32> = self.names.keys().collect();
        ids.sort();
        ids.into_iter().map(|id| self.names[id].clone()).collect()
    }
}

/// The registry (reference data: agencies, systems, categories, purposes,
/// legal bases), read once and kept for [`REGISTRY_TTL`].
#[derive(Debug, Default)]
pub(crate) struct Registry {
    pub(crate) agencies: Table,
    pub(crate) systems: Table,
    /// System code → code of the agency that runs it.
    system_agency: HashMap<String, String>,
    /// Data categories by code.
    categories: HashMap<String, Named>,
    category_order: Vec<String>,
    pub(crate) purposes: Table,
    /// Purposes that rest on consent: data provided under them is checked
    /// against the person's consent.
    consent_purposes: std::collections::HashSet<i32>,
    pub(crate) legal_bases: Table,
}

impl Registry {
    pub(crate) fn rests_on_consent(&self, purpose: i64) -> bool {
        i32::try_from(purpose).is_ok_and(|id| self.consent_purposes.contains(&id))
    }

    pub(crate) fn codes(&self) -> app::domain::sharing::RegistryCodes {
        app::domain::sharing::RegistryCodes {
            agencies: self.agencies.ids.keys().cloned().collect(),
            systems: self.system_agency.clone(),
            categories: self.categories.keys().cloned().collect(),
            purposes: self.purposes.ids.keys().cloned().collect(),
            legal_bases: self.legal_bases.ids.keys().cloned().collect(),
        }
    }

    pub(crate) fn category_names(&self) -> &HashMap<String, Named> {
        &self.categories
    }

    pub(crate) fn category_list(&self) -> Vec<Named> {
        self.category_order
            .iter()
            .filter_map(|code| self.categories.get(code).cloned())
            .collect()
    }
}

/// How long a read of the registry is used. Registry rows are only ever
/// added (events and holdings refer to them); a row naming an id the cached
/// copy lacks makes the reader fetch it again at once.
pub(crate) const REGISTRY_TTL: std::time::Duration = std::time::Duration::from_secs(60);

/// The registry as last read by this process.
#[derive(Debug, Default)]
pub(crate) struct RegistryCache {
    current: std::sync::RwLock<Option<(std::time::Instant, std::sync::Arc<Registry>)>>,
}

impl RegistryCache {
    pub(crate) fn fresh(&self) -> Option<std::sync::Arc<Registry>> {
        let current = self.current.read().ok()?;
        current
            .as_ref()
            .filter(|(read_at, _)| read_at.elapsed() < REGISTRY_TTL)
            .map(|(_, registry)| registry.clone())
    }

    pub(crate) fn keep(&self, registry: Registry) -> std::sync::Arc<Registry> {
        let registry = std::sync::Arc::new(registry);
        if let Ok(mut current) = self.current.write() {
            *current = Some((std::time::Instant::now(), registry.clone()));
        }
        registry
    }

    pub(crate) fn forget(&self) {
        if let Ok(mut current) = self.current.write() {
            *current = None;
        }
    }
}

/// Agencies in each person's log, as last read by this process, for the
/// timeline's filter list: reading them walks the person's whole index
/// (about 0.4 ms for 500 events), and a person paging through their log
/// asks again on every page. Kept [`REGISTRY_TTL`]; an append through this
/// process drops the entries of the people it touched. Bounded: when full,
/// it starts again empty.
#[derive(Debug, Default)]
pub(crate) struct AgencyListCache {
    entries: std::sync::Mutex<HashMap<String, (std::time::Instant, Vec<i32>)>>,
}

const AGENCY_LIST_CACHE_SIZE: usize = 10_000;

impl AgencyListCache {
    pub(crate) fn get(&self, pseudonym: &str) -> Option<Vec<i32>> {
        let entries = self.entries.lock().ok()?;
        entries
            .get(pseudonym)
            .filter(|(read_at, _)| read_at.elapsed() < REGISTRY_TTL)
            .map(|(_, ids)| ids.clone())
    }

    pub(crate) fn keep(&self, pseudonym: &str, ids: Vec<i32>) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= AGENCY_LIST_CACHE_SIZE {
                entries.clear();
            }
            entries.insert(pseudonym.to_owned(), (std::time::Instant::now(), ids));
        }
    }

    pub(crate) fn forget<'a>(&self, pseudonyms: impl IntoIterator<Item = &'a str>) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.is_empty() {
                return;
            }
            for pseudonym in pseudonyms {
                entries.remove(pseudonym);
            }
        }
    }
}

pub(crate) fn registry_from_rows(
    agencies: Vec<(i32, String, String, String)>,
    systems: Vec<(i32, String, String, String, String)>,
    categories: Vec<(i32, String, String, String)>,
    purposes: Vec<(i32, String, String, String)>,
    consent_purposes: Vec<(i32,)>,
    legal_bases: Vec<(i32, String, String, String)>,
) -> Registry {
    let system_agency = systems
        .iter()
        .map(|(_, code, _, _, agency)| (code.clone(), agency.clone()))
        .collect();
    let category_order = categories
        .iter()
        .map(|(_, code, _, _)| code.clone())
        .collect();
    Registry {
        agencies: Table::from_rows(agencies),
        systems: Table::from_rows(
            systems
                .into_iter()
                .map(|(id, code, vi, en, _)| (id, code, vi, en))
                .collect(),
        ),
        system_agency,
        categories: categories
            .into_iter()
            .map(|(_, code, vi, en)| (code.clone(), named(code, vi, en)))
            .collect(),
        category_order,
        purposes: Table::from_rows(purposes),
        consent_purposes: consent_purposes.into_iter().map(|(id,)| id).collect(),
        legal_bases: Table::from_rows(legal_bases),
    }
}

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

pub(crate) fn time_of(unix: i64) -> Result<OffsetDateTime, StoreError> {
    OffsetDateTime::from_unix_timestamp(unix).map_err(|error| StoreError::Unavailable(error.into()))
}

/// Code → id of one registry table.
pub(crate) type Ids = HashMap<String, i64>;

pub(crate) fn id_of(ids: &Ids, code: &str) -> Result<i64, StoreError> {
    ids.get(code).copied().ok_or_else(|| StoreError::Conflict {
        constraint: format!("unknown code {code}"),
    })
}

/// Writes the functions for one engine into a module.
macro_rules! sharing_log {
    ($module:ident, $db:ty) => {
        pub(crate) mod $module {
            use std::collections::HashMap;

            use app::{
                domain::sharing::{RegistryCodes, StoredLink, chain_hash},
                server::{AppendError, AppendOutcome, Checkpoint, NewSharingEvent, StoreError},
            };
            use sqlx::Row as _;

            use super::{LINKS_SQL, LinkRow, Registry, RegistryCache, id_of, time_of};
            use crate::storage::{rows::convert_all, store_error};

            type Pool = sqlx::Pool<$db>;

            /// One event ready to insert, codes resolved to ids.
            struct Row<'a> {
                seq: i64,
                provider: i64,
                event: &'a NewSharingEvent,
                occurred_at: time::OffsetDateTime,
                provider_system: i64,
                recipient: i64,
                recipient_system: Option<i64>,
                categories: String,
                purpose: i64,
                legal_basis: i64,
                visible_from: Option<time::OffsetDateTime>,
                report_hash: String,
                content_hash: String,
                link: String,
                consent_flag: Option<&'static str>,
            }

            /// The registry, from the cache while it is fresh.
            pub(crate) async fn registry(
                pool: &Pool,
                cache: &RegistryCache,
            ) -> Result<std::sync::Arc<Registry>, StoreError> {
                if let Some(registry) = cache.fresh() {
                    return Ok(registry);
                }
                let mut conn = pool.acquire().await.map_err(store_error)?;
                macro_rules! rows {
                    ($sql:expr) => {
                        sqlx::query_as($sql)
                            .fetch_all(&mut *conn)
                            .await
                            .map_err(store_error)?
                    };
                }
                let registry = super::registry_from_rows(
                    rows!("SELECT id, code, name_vi, name_en FROM agencies"),
                    rows!(
                        "SELECT s.id, s.code, s.name_vi, s.name_en, a.code \
                         FROM systems s JOIN agencies a ON a.id = s.agency_id"
                    ),
                    rows!("SELECT id, code, name_vi, name_en FROM data_categories ORDER BY id"),
                    rows!("SELECT id, code, name_vi, name_en FROM purposes"),
                    rows!("SELECT id FROM purposes WHERE rests_on_consent"),
                    rows!("SELECT id, code, citation_vi, citation_en FROM legal_bases"),
                );
                Ok(cache.keep(registry))
            }

            /// The registry again if `rows` name an entry the cached copy
            /// lacks (added by another instance since it was read).
            async fn registry_naming(
                pool: &Pool,
                cache: &RegistryCache,
                rows: &[super::EventRow],
            ) -> Result<std::sync::Arc<Registry>, StoreError> {
                let registry = registry(pool, cache).await?;
                if rows.iter().all(|row| row.named_by(&registry)) {
                    return Ok(registry);
                }
                cache.forget();
                self::registry(pool, cache).await
            }

            pub(crate) async fn load_registry_codes(
                pool: &Pool,
                cache: &RegistryCache,
            ) -> Result<RegistryCodes, StoreError> {
                Ok(registry(pool, cache).await?.codes())
            }

            pub(crate) async fn find_agency_credential(
                pool: &Pool,
                token_id: &str,
            ) -> Result<Option<(String, String)>, StoreError> {
                sqlx::query_as(
                    "SELECT a.code, c.token_hash FROM agency_credentials c \
                     JOIN agencies a ON a.id = c.agency_id \
                     WHERE c.token_id = $1 AND c.revoked_at IS NULL",
                )
                .bind(token_id)
                .fetch_optional(pool)
                .await
                .map_err(store_error)
            }

            pub(crate) async fn insert_agency_credential(
                pool: &Pool,
                agency_code: &str,
                token_id: &str,
                token_hash: &str,
            ) -> Result<(), StoreError> {
                let inserted = sqlx::query(
                    "INSERT INTO agency_credentials (agency_id, token_id, token_hash, created_at) \
                     SELECT id, $1, $2, $3 FROM agencies WHERE code = $4",
                )
                .bind(token_id)
                .bind(token_hash)
                .bind(time::OffsetDateTime::now_utc())
                .bind(agency_code)
                .execute(pool)
                .await
                .map_err(store_error)?;
                if inserted.rows_affected() == 1 {
                    Ok(())
                } else {
                    Err(StoreError::NotFound)
                }
            }

            pub(crate) async fn append(
                pool: &Pool,
                cache: &RegistryCache,
                events: &[NewSharingEvent],
            ) -> Result<AppendOutcome, AppendError> {
                // Read before the chain is locked; the reports were checked
                // against the same copy.
                let registry = registry(pool, cache).await?;
                let mut tx = pool.begin().await.map_err(store_error)?;
                // Taking the chain head for update serialises writers on
                // both engines (a row lock; SQLite's write lock).
                let head = sqlx::query(
                    "UPDATE chain_head SET next_seq = next_seq WHERE id = 1 \
                     RETURNING next_seq, last_hash",
                )
                .fetch_one(&mut *tx)
                .await
                .map_err(store_error)?;
                let mut next_seq: i64 = head.try_get(0).map_err(store_error)?;
                let mut last_hash: String = head.try_get(1).map_err(store_error)?;

                let agencies = registry.agencies.ids();
                let systems = registry.systems.ids();
                let purposes = registry.purposes.ids();
                let legal_bases = registry.legal_bases.ids();

                // What is already in the log: one query per providing
                // agency in the batch (normally one), not one per event.
                let mut stored: HashMap<(i64, String), String> = HashMap::new();
                let mut by_provider: HashMap<i64, Vec<&str>> = HashMap::new();
                for event in events {
                    let provider = id_of(agencies, &event.details.provider_agency)?;
                    by_provider.entry(provider).or_default().push(&event.details.event_id);
                }
                for (provider, ids) in &by_provider {
                    for chunk in ids.chunks(500) {
                        let mut query = sqlx::QueryBuilder::<$db>::new(
                            "SELECT agency_event_id, report_hash FROM sharing_events \
                             WHERE provider_agency_id = ",
                        );
                        query.push_bind(*provider).push(" AND agency_event_id IN (");
                        let mut list = query.separated(", ");
                        for id in chunk {
                            list.push_bind(*id);
                        }
                        list.push_unseparated(")");
                        // Not a cached prepared statement: PostgreSQL's generic
                        // plan for 500 parameters scanned the whole table
                        // (1-2 s per batch at 70,000 rows); planned with the
                        // values it uses the unique index.
                        let rows: Vec<(String, String)> = query
                            .build_query_as()
                            .persistent(false)
                            .fetch_all(&mut *tx)
                            .await
                            .map_err(store_error)?;
                        for (id, hash) in rows {
                            stored.insert((*provider, id), hash);
                        }
                    }
                }

                let mut reused = Vec::new();
                let mut duplicates = 0;
                let mut in_batch: HashMap<(i64, String), String> = HashMap::new();
                let received_at = time::OffsetDateTime::now_utc();
                let mut rows = Vec::with_capacity(events.len());
                for (index, event) in events.iter().enumerate() {
                    let d = &event.details;
                    let report_hash = d.report_hash(&event.pseudonym);
                    let provider = id_of(agencies, &d.provider_agency)?;
                    let key = (provider, d.event_id.clone());
                    let earlier = in_batch.get(&key).or_else(|| stored.get(&key));
                    if let Some(earlier) = earlier {
                        if *earlier == report_hash {
                            duplicates += 1;
                        } else {
                            reused.push(index);
                        }
                        continue;
                    }
                    in_batch.insert(key, report_hash.clone());
                    if !reused.is_empty() {
                        // The batch is refused anyway: only collect.
                        continue;
                    }
                    let content = d.chained(next_seq, &event.pseudonym);
                    let content_hash = content.content_hash();
                    let link = chain_hash(&last_hash, &content_hash);
                    let recipient_system = match &d.recipient_system {
                        Some(code) => Some(id_of(systems, code)?),
                        None => None,
                    };
                    rows.push(Row {
                        seq: next_seq,
                        provider,
                        event,
                        occurred_at: time_of(d.occurred_at)?,
                        provider_system: id_of(systems, &d.provider_system)?,
                        recipient: id_of(agencies, &d.recipient_agency)?,
                        recipient_system,
                        categories: serde_json::to_string(&d.categories)
                            .map_err(|error| StoreError::Unavailable(error.into()))?,
                        purpose: id_of(purposes, &d.purpose)?,
                        legal_basis: id_of(legal_bases, &d.legal_basis)?,
                        visible_from: d.visible_from.map(time_of).transpose()?,
                        report_hash,
                        content_hash,
                        link: link.clone(),
                        consent_flag: None,
                    });
                    next_seq += 1;
                    last_hash = link;
                }
                // Data provided under a consent-based purpose is checked
                // against the person's consent at the time (normally few
                // events: one query each).
                for row in &mut rows {
                    if !registry.rests_on_consent(row.purpose)
                        || row.event.details.outcome != app::domain::sharing::Outcome::Provided
                    {
                        continue;
                    }
                    let last: Option<(String, Option<time::OffsetDateTime>)> = sqlx::query_as(
                        "SELECT state, valid_until FROM consent_records \
                         WHERE pseudonym = $1 AND purpose_id = $2 AND recorded_at <= $3 \
                         ORDER BY subject_seq DESC LIMIT 1",
                    )
                    .bind(row.event.pseudonym.as_str())
                    .bind(row.purpose)
                    .bind(row.occurred_at)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(store_error)?;
                    row.consent_flag = crate::storage::consent::flag_of(last, row.event.details.occurred_at)
                        .map(|flag| flag.code());
                }
                if reused.is_empty() {
                    // Multi-row inserts, 500 rows (11,000 values) at a time:
                    // under both engines' limits on bound values.
                    for chunk in rows.chunks(500) {
                        let mut insert = sqlx::QueryBuilder::<$db>::new(
                            "INSERT INTO sharing_events (seq, provider_agency_id, agency_event_id, \
                                 pseudonym, occurred_at, provider_system_id, recipient_agency_id, \
                                 recipient_system_id, categories, purpose_id, legal_basis_id, method, \
                                 mode, request_reference, official_code, outcome, visible_from, \
                                 received_at, report_hash, content_hash, chain_hash, consent_flag) ",
                        );
                        insert.push_values(chunk, |mut values, row| {
                            let d = &row.event.details;
                            values
                                .push_bind(row.seq)
                                .push_bind(row.provider)
                                .push_bind(d.event_id.as_str())
                                .push_bind(row.event.pseudonym.as_str())
                                .push_bind(row.occurred_at)
                                .push_bind(row.provider_system)
                                .push_bind(row.recipient)
                                .push_bind(row.recipient_system)
                                .push_bind(row.categories.as_str())
                                .push_bind(row.purpose)
                                .push_bind(row.legal_basis)
                                .push_bind(d.method.code())
                                .push_bind(d.mode.code())
                                .push_bind(d.request_reference.as_deref())
                                .push_bind(d.official_code.as_deref())
                                .push_bind(d.outcome.code())
                                .push_bind(row.visible_from)
                                .push_bind(received_at)
                                .push_bind(row.report_hash.as_str())
                                .push_bind(row.content_hash.as_str())
                                .push_bind(row.link.as_str())
                                .push_bind(row.consent_flag);
                        });
                        insert
                            .build()
                            .execute(&mut *tx)
                            .await
                            .map_err(store_error)?;
                    }
                }
                if !reused.is_empty() {
                    return Err(AppendError::EventIdReused(reused));
                }
                sqlx::query("UPDATE chain_head SET next_seq = $1, last_hash = $2 WHERE id = 1")
                    .bind(next_seq)
                    .bind(&last_hash)
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
                tx.commit().await.map_err(store_error)?;
                Ok(AppendOutcome {
                    accepted: events.len() - duplicates,
                    duplicates,
                    head_seq: next_seq - 1,
                    head_hash: last_hash,
                })
            }

            pub(crate) async fn list_events(
                pool: &Pool,
                cache: &RegistryCache,
                pseudonym: &str,
                filter: &app::domain::sharing::SharingFilter,
                place: app::domain::sharing::TimelinePlace,
                limit: u32,
                now: i64,
            ) -> Result<Vec<app::domain::sharing::SharingEventView>, StoreError> {
                use app::domain::sharing::TimelinePlace;
                // Newer pages are read oldest first from the cursor, then
                // turned round: every page comes back newest first.
                let (cursor, keyset, order) = match place {
                    TimelinePlace::Newest => (None, "<", "DESC"),
                    TimelinePlace::Before(c) => (Some(c), "<", "DESC"),
                    TimelinePlace::After(c) => (Some(c), ">", "ASC"),
                };
                // Codes become ids; a code the registry does not know
                // matches nothing.
                let known = registry(pool, cache).await?;
                let id = |table: &super::Table, code: &Option<String>| match code {
                    None => Ok(None),
                    Some(code) => table.ids().get(code).map(|id| Some(*id)).ok_or(()),
                };
                let (Ok(agency), Ok(purpose)) = (
                    id(&known.agencies, &filter.agency),
                    id(&known.purposes, &filter.purpose),
                ) else {
                    return Ok(Vec::new());
                };
                // A row-value comparison, so both engines start the index
                // walk at the cursor: a page 50 pages back costs what the
                // first does. (With `$8 IS NULL OR ...` they walked from
                // the newest event.)
                let place_sql = match cursor {
                    Some(_) => format!("(e.occurred_at, e.seq) {keyset} ($8, $9)"),
                    None => "$8 IS NULL AND $9 = 0".to_owned(),
                };
                let sql = format!(
                    "{} AND ($3 IS NULL OR e.provider_agency_id = $3 OR e.recipient_agency_id = $3) \
                     AND ($4 IS NULL OR e.categories LIKE $4) \
                     AND ($5 IS NULL OR e.purpose_id = $5) \
                     AND ($6 IS NULL OR e.occurred_at >= $6) \
                     AND ($7 IS NULL OR e.occurred_at <= $7) \
                     AND {place_sql} \
                     ORDER BY e.occurred_at {order}, e.seq {order} LIMIT $10",
                    super::EVENT_VIEW_SQL
                );
                let rows: Vec<super::EventRow> = sqlx::query_as(&sql)
                    .bind(pseudonym)
                    .bind(time_of(now)?)
                    .bind(agency)
                    .bind(filter.category.as_ref().map(|code| format!("%\"{code}\"%")))
                    .bind(purpose)
                    .bind(filter.from.map(time_of).transpose()?)
                    .bind(filter.until.map(time_of).transpose()?)
                    .bind(cursor.map(|c| time_of(c.occurred_at)).transpose()?)
                    .bind(cursor.map(|c| c.seq).unwrap_or(0))
                    .bind(i64::from(limit))
                    .fetch_all(pool)
                    .await
                    .map_err(store_error)?;
                let registry = registry_naming(pool, cache, &rows).await?;
                let mut events: Vec<_> = rows
                    .into_iter()
                    .map(|row| row.into_view(&registry))
                    .collect::<Result<_, _>>()?;
                if matches!(place, TimelinePlace::After(_)) {
                    events.reverse();
                }
                Ok(events)
            }

            pub(crate) async fn count_events_since(
                pool: &Pool,
                pseudonym: &str,
                since: i64,
                now: i64,
            ) -> Result<u64, StoreError> {
                let (count,): (i64,) = sqlx::query_as(
                    "SELECT COUNT(*) FROM sharing_events \
                     WHERE pseudonym = $1 AND occurred_at >= $2 \
                       AND (visible_from IS NULL OR visible_from <= $3)",
                )
                .bind(pseudonym)
                .bind(time_of(since)?)
                .bind(time_of(now)?)
                .fetch_one(pool)
                .await
                .map_err(store_error)?;
                Ok(u64::try_from(count).unwrap_or_default())
            }

            pub(crate) async fn timeline_choices(
                pool: &Pool,
                cache: &RegistryCache,
                lists: &super::AgencyListCache,
                pseudonym: &str,
                now: i64,
            ) -> Result<app::domain::sharing::TimelineChoices, StoreError> {
                let ids = match lists.get(pseudonym) {
                    Some(ids) => ids,
                    None => {
                        let ids = agency_ids(pool, pseudonym, now).await?;
                        lists.keep(pseudonym, ids.clone());
                        ids
                    }
                };
                let mut registry = registry(pool, cache).await?;
                if !ids.iter().all(|id| registry.agencies.name(*id).is_some()) {
                    cache.forget();
                    registry = self::registry(pool, cache).await?;
                }
                let mut agencies: Vec<app::domain::sharing::Named> = ids
                    .iter()
                    .filter_map(|id| registry.agencies.name(*id).cloned())
                    .collect();
                agencies.sort_by(|a, b| a.code.cmp(&b.code));
                Ok(app::domain::sharing::TimelineChoices {
                    agencies,
                    categories: registry.category_list(),
                    purposes: registry.purposes.list(),
                })
            }

            /// Agencies on either side of the person's visible events,
            /// read from the person's (covering) index.
            async fn agency_ids(pool: &Pool, pseudonym: &str, now: i64) -> Result<Vec<i32>, StoreError> {
                let ids: Vec<(i32,)> = sqlx::query_as(
                    "SELECT provider_agency_id FROM sharing_events \
                     WHERE pseudonym = $1 AND (visible_from IS NULL OR visible_from <= $2) \
                     UNION \
                     SELECT recipient_agency_id FROM sharing_events \
                     WHERE pseudonym = $1 AND (visible_from IS NULL OR visible_from <= $2)",
                )
                .bind(pseudonym)
                .bind(time_of(now)?)
                .fetch_all(pool)
                .await
                .map_err(store_error)?;
                Ok(ids.into_iter().map(|(id,)| id).collect())
            }

            pub(crate) async fn find_event(
                pool: &Pool,
                cache: &RegistryCache,
                pseudonym: &str,
                seq: i64,
                now: i64,
            ) -> Result<Option<app::domain::sharing::SharingEventView>, StoreError> {
                let sql = format!("{} AND e.seq = $3", super::EVENT_VIEW_SQL);
                let row: Option<super::EventRow> = sqlx::query_as(&sql)
                    .bind(pseudonym)
                    .bind(time_of(now)?)
                    .bind(seq)
                    .fetch_optional(pool)
                    .await
                    .map_err(store_error)?;
                match row {
                    None => Ok(None),
                    Some(row) => {
                        let rows = [row];
                        let registry = registry_naming(pool, cache, &rows).await?;
                        let [row] = rows;
                        row.into_view(&registry).map(Some)
                    }
                }
            }

            pub(crate) async fn list_holdings(
                pool: &Pool,
                cache: &RegistryCache,
                pseudonym: &str,
            ) -> Result<Vec<app::domain::sharing::Holding>, StoreError> {
                let rows: Vec<super::HoldingRow> = sqlx::query_as(super::HOLDINGS_SQL)
                    .bind(pseudonym)
                    .fetch_all(pool)
                    .await
                    .map_err(store_error)?;
                let registry = registry(pool, cache).await?;
                rows.into_iter()
                    .map(|row| row.into_holding(registry.category_names()))
                    .collect()
            }

            /// Records holdings in one transaction, replacing the one of the
            /// same person, system and purpose.
            pub(crate) async fn upsert_holdings(
                pool: &Pool,
                cache: &RegistryCache,
                holdings: &[app::domain::sharing::HoldingRecord],
            ) -> Result<(), StoreError> {
                let registry = registry(pool, cache).await?;
                let (systems, purposes, legal_bases) = (
                    registry.systems.ids(),
                    registry.purposes.ids(),
                    registry.legal_bases.ids(),
                );
                let mut tx = pool.begin().await.map_err(store_error)?;
                // One row per person, system and purpose: the last report of
                // a key in the batch wins (PostgreSQL refuses to update a row
                // twice in one statement).
                let mut rows = Vec::with_capacity(holdings.len());
                let mut place: HashMap<(&str, i64, i64), usize> = HashMap::new();
                for h in holdings {
                    let key = (
                        h.pseudonym.as_str(),
                        id_of(systems, &h.system)?,
                        id_of(purposes, &h.purpose)?,
                    );
                    let row = (
                        key,
                        id_of(legal_bases, &h.legal_basis)?,
                        serde_json::to_string(&h.categories)
                            .map_err(|error| StoreError::Unavailable(error.into()))?,
                        time_of(h.updated_at)?,
                        h,
                    );
                    match place.get(&key) {
                        Some(&at) => rows[at] = row,
                        None => {
                            place.insert(key, rows.len());
                            rows.push(row);
                        }
                    }
                }
                // 9 values a row, 1,000 rows a statement: under both
                // engines' limits on bound values.
                for chunk in rows.chunks(1000) {
                    let mut insert = sqlx::QueryBuilder::<$db>::new(
                        "INSERT INTO holdings (pseudonym, system_id, purpose_id, legal_basis_id, \
                             categories, retention_months, source_vi, source_en, updated_at) ",
                    );
                    insert.push_values(chunk, |mut values, (key, basis, categories, at, h)| {
                        values
                            .push_bind(key.0)
                            .push_bind(key.1)
                            .push_bind(key.2)
                            .push_bind(*basis)
                            .push_bind(categories.as_str())
                            .push_bind(h.retention_months)
                            .push_bind(h.source_vi.as_deref())
                            .push_bind(h.source_en.as_deref())
                            .push_bind(*at);
                    });
                    insert.push(
                        " ON CONFLICT (pseudonym, system_id, purpose_id) DO UPDATE SET \
                             legal_basis_id = excluded.legal_basis_id, \
                             categories = excluded.categories, \
                             retention_months = excluded.retention_months, \
                             source_vi = excluded.source_vi, source_en = excluded.source_en, \
                             updated_at = excluded.updated_at",
                    );
                    insert.build().execute(&mut *tx).await.map_err(store_error)?;
                }
                tx.commit().await.map_err(store_error)
            }

            pub(crate) async fn list_links(
                pool: &Pool,
                after: i64,
                limit: u32,
            ) -> Result<Vec<StoredLink>, StoreError> {
                let rows: Vec<LinkRow> = sqlx::query_as(LINKS_SQL)
                    .bind(after)
                    .bind(i64::from(limit))
                    .fetch_all(pool)
                    .await
                    .map_err(store_error)?;
                convert_all(rows)
            }

            pub(crate) async fn insert_checkpoint(
                pool: &Pool,
                checkpoint: &Checkpoint,
            ) -> Result<(), StoreError> {
                sqlx::query(
                    "INSERT INTO checkpoints (seq, chain_hash, signed_at, signature) \
                     VALUES ($1, $2, $3, $4) ON CONFLICT (seq) DO NOTHING",
                )
                .bind(checkpoint.seq)
                .bind(&checkpoint.chain_hash)
                .bind(time_of(checkpoint.signed_at)?)
                .bind(&checkpoint.signature)
                .execute(pool)
                .await
                .map_err(store_error)?;
                Ok(())
            }

            pub(crate) async fn list_checkpoints(pool: &Pool) -> Result<Vec<Checkpoint>, StoreError> {
                let rows: Vec<(i64, String, time::OffsetDateTime, String)> = sqlx::query_as(
                    "SELECT seq, chain_hash, signed_at, signature FROM checkpoints ORDER BY seq",
                )
                .fetch_all(pool)
                .await
                .map_err(store_error)?;
                Ok(rows
                    .into_iter()
                    .map(|(seq, chain_hash, signed_at, signature)| Checkpoint {
                        seq,
                        chain_hash,
                        signed_at: signed_at.unix_timestamp(),
                        signature,
                    })
                    .collect())
            }
        }
    };
}

sharing_log!(sqlite_log, sqlx::Sqlite);
sharing_log!(pg_log, sqlx::Postgres);
