//! The registry of agencies, systems, categories, purposes and legal bases,
//! read from the database and kept for a while, and the per-person list of
//! agencies for the timeline's filter.

use std::collections::HashMap;

use app::{domain::sharing::Named, server::StoreError};

use super::rows::named;

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

    pub(super) fn has(&self, id: i32) -> bool {
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
    pub(super) categories: HashMap<String, Named>,
    category_order: Vec<String>,
    pub(crate) purposes: Table,
    /// Purposes that rest on consent: data provided under them is checked
    /// against the person's consent.
    consent_purposes: std::collections::HashSet<i32>,
    pub(crate) legal_bases: Table,
    /// Legal bases under which disclosure to the person may be deferred.
    deferral_bases: std::collections::HashSet<i32>,
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
            deferral_bases: self
                .legal_bases
                .ids
                .iter()
                .filter(|(_, id)| {
                    i32::try_from(**id).is_ok_and(|id| self.deferral_bases.contains(&id))
                })
                .map(|(code, _)| code.clone())
                .collect(),
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
    deferral_bases: Vec<(i32,)>,
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
        deferral_bases: deferral_bases.into_iter().map(|(id,)| id).collect(),
    }
}

/// Code → id of one registry table.
pub(crate) type Ids = HashMap<String, i64>;

pub(crate) fn id_of(ids: &Ids, code: &str) -> Result<i64, StoreError> {
    ids.get(code).copied().ok_or_else(|| StoreError::Conflict {
        constraint: format!("unknown code {code}"),
    })
}
