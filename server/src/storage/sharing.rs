//! The sharing log: the registry, the hash-chained sharing events and
//! their checkpoints, and holdings. The SQL is written once and
//! instantiated per engine.

mod registry;
mod rows;

pub(crate) use registry::{AgencyListCache, REGISTRY_TTL, Registry, Table};
use registry::{id_of, registry_from_rows};
pub(crate) use rows::{CheckpointRow, LINKS_SELECT, LINKS_SQL, LinkRow, categories_named};
use rows::{EVENT_VIEW_SQL, EventRow, HOLDINGS_SQL, HoldingRow, TimelineRead, TimelineRow};

macro_rules! sharing_store {
    ($db:ty) => {
        const _: () = {
            use std::collections::HashMap;

            use app::{
                domain::sharing::{RegistryCodes, chain_hash},
                server::{AppendError, AppendOutcome, NewSharingEvent, SharingStore, StoreError},
            };
            use async_trait::async_trait;
            use sqlx::Row as _;

            use self::{EventRow, Registry, TimelineRead, TimelineRow, id_of, registry_from_rows};
            use crate::storage::{SqlStore, store_error, time_of};

            /// One event ready to insert, codes resolved to ids.
            struct Row<'a> {
                seq: i64,
                provider: i64,
                event: &'a NewSharingEvent,
                occurred_at: time::OffsetDateTime,
                received_at: time::OffsetDateTime,
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

            impl SqlStore<$db> {
                /// The registry, from the cache while it is fresh.
                pub(crate) async fn fresh_registry(
                    &self,
                ) -> Result<std::sync::Arc<Registry>, StoreError> {
                    if let Some(registry) = self.registry.fresh() {
                        return Ok(registry);
                    }
                    let mut conn = self.pool.acquire().await.map_err(store_error)?;
                    macro_rules! rows {
                        ($sql:expr) => {
                            sqlx::query_as($sql)
                                .fetch_all(&mut *conn)
                                .await
                                .map_err(store_error)?
                        };
                    }
                    let registry = registry_from_rows(
                        rows!("SELECT id, code, name_vi, name_en FROM agencies"),
                        rows!(
                            "SELECT s.id, s.code, s.name_vi, s.name_en, a.code \
                             FROM systems s JOIN agencies a ON a.id = s.agency_id"
                        ),
                        rows!("SELECT id, code, name_vi, name_en FROM data_categories ORDER BY id"),
                        rows!("SELECT id, code, name_vi, name_en FROM purposes"),
                        rows!("SELECT id FROM purposes WHERE rests_on_consent"),
                        rows!("SELECT id, code, citation_vi, citation_en FROM legal_bases"),
                        rows!("SELECT id FROM legal_bases WHERE allows_deferral"),
                    );
                    Ok(self.registry.keep(registry))
                }

                /// The registry again if `rows` name an entry the cached copy
                /// lacks (added by another instance since it was read).
                pub(crate) async fn registry_naming(
                    &self,
                    named: impl Fn(&Registry) -> bool,
                ) -> Result<std::sync::Arc<Registry>, StoreError> {
                    let registry = self.fresh_registry().await?;
                    if named(&registry) {
                        return Ok(registry);
                    }
                    self.registry.forget();
                    self.fresh_registry().await
                }

                /// One of the timeline's reads (`R`) at `place` in the
                /// person's timeline, newest first and named; none when a
                /// filter names a code the registry does not know.
                pub(crate) async fn timeline_lines<R>(
                    &self,
                    pseudonym: &str,
                    filter: &app::domain::sharing::SharingFilter,
                    place: app::domain::sharing::TimelinePlace,
                    limit: u32,
                    now: i64,
                ) -> Result<Vec<R::Line>, StoreError>
                where
                    R: TimelineRead
                        + for<'r> sqlx::FromRow<'r, <$db as sqlx::Database>::Row>
                        + Send
                        + Unpin,
                {
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
                    let known = self.fresh_registry().await?;
                    let id = |table: &Table, code: &Option<String>| match code {
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
                        R::SELECT
                    );
                    let mut rows: Vec<R> = sqlx::query_as(&sql)
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
                        .fetch_all(&self.pool)
                        .await
                        .map_err(store_error)?;
                    if matches!(place, TimelinePlace::After(_)) {
                        rows.reverse();
                    }
                    let registry = self
                        .registry_naming(|r| rows.iter().all(|row| row.named_by(r)))
                        .await?;
                    rows.into_iter().map(|row| row.into_line(&registry)).collect()
                }

                /// Agencies on either side of the person's visible events,
                /// read from the person's (covering) index.
                pub(crate) async fn agency_ids(
                    &self,
                    pseudonym: &str,
                    now: i64,
                ) -> Result<Vec<i32>, StoreError> {
                    let ids: Vec<(i32,)> = sqlx::query_as(
                        "SELECT provider_agency_id FROM sharing_events \
                         WHERE pseudonym = $1 AND (visible_from IS NULL OR visible_from <= $2) \
                         UNION \
                         SELECT recipient_agency_id FROM sharing_events \
                         WHERE pseudonym = $1 AND (visible_from IS NULL OR visible_from <= $2)",
                    )
                    .bind(pseudonym)
                    .bind(time_of(now)?)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(store_error)?;
                    Ok(ids.into_iter().map(|(id,)| id).collect())
                }
            }

            #[async_trait]
            impl SharingStore for SqlStore<$db> {
                fn forget_registry(&self) {
                    self.registry.forget();
                }

                async fn load_registry_codes(&self) -> Result<RegistryCodes, StoreError> {
                    Ok(self.fresh_registry().await?.codes())
                }

                async fn append_sharing_events(
                    &self,
                    events: &[NewSharingEvent],
                ) -> Result<AppendOutcome, AppendError> {
                    // Read before the chain is locked; the reports were checked
                    // against the same copy.
                    let registry = self.fresh_registry().await?;
                    let mut tx = self.pool.begin().await.map_err(store_error)?;
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
                        by_provider
                            .entry(provider)
                            .or_default()
                            .push(&event.details.event_id);
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
                            received_at: time_of(event.received_at)?,
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
                        // Judged at the later of the event's time and its
                        // receipt: back-dating an event to before a
                        // withdrawal does not avoid the flag.
                        let judged_at =
                            time_of(row.event.details.occurred_at.max(row.event.received_at))?;
                        let last: Option<(String, Option<time::OffsetDateTime>)> = sqlx::query_as(
                            "SELECT state, valid_until FROM consent_records \
                             WHERE pseudonym = $1 AND purpose_id = $2 AND recorded_at <= $3 \
                             ORDER BY subject_seq DESC LIMIT 1",
                        )
                        .bind(row.event.pseudonym.as_str())
                        .bind(row.purpose)
                        .bind(judged_at)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(store_error)?;
                        row.consent_flag =
                            crate::storage::consent::flag_of(last, judged_at.unix_timestamp())
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
                                    .push_bind(row.received_at)
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
                    // The timeline filter's agencies of these people changed.
                    self.agency_lists
                        .forget(events.iter().map(|event| event.pseudonym.as_str()));
                    Ok(AppendOutcome {
                        accepted: events.len() - duplicates,
                        duplicates,
                        head_seq: next_seq - 1,
                        head_hash: last_hash,
                    })
                }

                async fn list_sharing_events(
                    &self,
                    pseudonym: &str,
                    filter: &app::domain::sharing::SharingFilter,
                    place: app::domain::sharing::TimelinePlace,
                    limit: u32,
                    now: i64,
                ) -> Result<Vec<app::domain::sharing::SharingEventView>, StoreError> {
                    self.timeline_lines::<EventRow>(pseudonym, filter, place, limit, now)
                        .await
                }

                async fn list_timeline(
                    &self,
                    pseudonym: &str,
                    filter: &app::domain::sharing::SharingFilter,
                    place: app::domain::sharing::TimelinePlace,
                    limit: u32,
                    now: i64,
                ) -> Result<Vec<app::domain::sharing::TimelineEntry>, StoreError> {
                    self.timeline_lines::<TimelineRow>(pseudonym, filter, place, limit, now)
                        .await
                }

                async fn count_sharing_events_since(
                    &self,
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
                    .fetch_one(&self.pool)
                    .await
                    .map_err(store_error)?;
                    Ok(u64::try_from(count).unwrap_or_default())
                }

                async fn timeline_choices(
                    &self,
                    pseudonym: &str,
                    now: i64,
                ) -> Result<app::domain::sharing::TimelineChoices, StoreError> {
                    let ids = match self.agency_lists.get(pseudonym) {
                        Some(ids) => ids,
                        None => {
                            let ids = self.agency_ids(pseudonym, now).await?;
                            self.agency_lists.keep(pseudonym, ids.clone());
                            ids
                        }
                    };
                    let mut registry = self.fresh_registry().await?;
                    if !ids.iter().all(|id| registry.agencies.name(*id).is_some()) {
                        self.registry.forget();
                        registry = self.fresh_registry().await?;
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

                async fn find_sharing_event(
                    &self,
                    pseudonym: &str,
                    seq: i64,
                    now: i64,
                ) -> Result<Option<app::domain::sharing::SharingEventView>, StoreError> {
                    let sql = format!("{} AND e.seq = $3", EVENT_VIEW_SQL);
                    let row: Option<EventRow> = sqlx::query_as(&sql)
                        .bind(pseudonym)
                        .bind(time_of(now)?)
                        .bind(seq)
                        .fetch_optional(&self.pool)
                        .await
                        .map_err(store_error)?;
                    match row {
                        None => Ok(None),
                        Some(row) => {
                            let registry = self.registry_naming(|r| row.named_by(r)).await?;
                            row.into_line(&registry).map(Some)
                        }
                    }
                }

                async fn list_holdings(
                    &self,
                    pseudonym: &str,
                ) -> Result<Vec<app::domain::sharing::Holding>, StoreError> {
                    let rows: Vec<HoldingRow> = sqlx::query_as(HOLDINGS_SQL)
                        .bind(pseudonym)
                        .fetch_all(&self.pool)
                        .await
                        .map_err(store_error)?;
                    let registry = self.fresh_registry().await?;
                    rows.into_iter()
                        .map(|row| row.into_holding(registry.category_names()))
                        .collect()
                }

                /// Records holdings in one transaction, replacing the one of the
                /// same person, system and purpose.
                async fn upsert_holdings(
                    &self,
                    holdings: &[app::domain::sharing::HoldingRecord],
                ) -> Result<(), StoreError> {
                    let registry = self.fresh_registry().await?;
                    let (systems, purposes, legal_bases) = (
                        registry.systems.ids(),
                        registry.purposes.ids(),
                        registry.legal_bases.ids(),
                    );
                    let mut tx = self.pool.begin().await.map_err(store_error)?;
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
                        insert
                            .build()
                            .execute(&mut *tx)
                            .await
                            .map_err(store_error)?;
                    }
                    tx.commit().await.map_err(store_error)
                }
            }
        };
    };
}

sharing_store!(sqlx::Sqlite);
sharing_store!(sqlx::Postgres);
