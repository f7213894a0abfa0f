//! The DPO's oversight lists: sharings flagged for consent and sharings
//! whose disclosure is deferred, of the agencies of the given provinces
//! (the national unit, `VN`, for central agencies, which have none).

use app::{domain::sharing::Named, server::StoreError};

/// Adds `AND COALESCE(province, 'VN') IN (…provinces)` for the providing
/// agency `a` joined to its province `pr`.
fn push_overseen<'a, DB>(query: &mut sqlx::QueryBuilder<'a, DB>, provinces: &'a [String])
where
    DB: sqlx::Database,
    &'a str: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    query.push(" AND COALESCE(pr.code, ");
    query.push_bind(app::domain::requests::NATIONAL_UNIT);
    query.push(") IN (");
    let mut list = query.separated(", ");
    for code in provinces {
        list.push_bind(code.as_str());
    }
    list.push_unseparated(")");
}

fn corrupt(what: &str) -> StoreError {
    crate::storage::corrupt(format!("oversight: {what}"))
}

/// The registry's name for an id an event refers to.
fn name(table: &crate::storage::sharing::Table, id: i32) -> Result<Named, StoreError> {
    table.name(id).cloned().ok_or_else(|| corrupt("event"))
}

macro_rules! oversight_store {
    ($db:ty) => {
        const _: () = {
            use app::{
                domain::{
                    consent::{ConsentFlag, FlaggedEvent},
                    oversight::DeferredEvent,
                },
                server::{OversightStore, StoreError},
            };
            use async_trait::async_trait;
            use time::OffsetDateTime;

            use self::{corrupt, name, push_overseen};
            use crate::storage::{SqlStore, store_error, time_of};

            const FROM: &str = "FROM sharing_events e JOIN agencies a ON a.id = e.provider_agency_id \
                 LEFT JOIN provinces pr ON pr.id = a.province_id WHERE ";

            #[async_trait]
            impl OversightStore for SqlStore<$db> {
                async fn list_flagged_events(
                    &self,
                    provinces: &[String],
                    limit: u32,
                ) -> Result<Vec<FlaggedEvent>, StoreError> {
                    if provinces.is_empty() {
                        return Ok(Vec::new());
                    }
                    let mut query = sqlx::QueryBuilder::<$db>::new(
                        "SELECT e.seq, e.occurred_at, e.provider_agency_id, e.recipient_agency_id, \
                             e.purpose_id, e.consent_flag, e.agency_event_id ",
                    );
                    query.push(FROM).push("e.consent_flag IS NOT NULL");
                    push_overseen(&mut query, provinces);
                    query.push(" ORDER BY e.occurred_at DESC, e.seq DESC LIMIT ");
                    query.push_bind(i64::from(limit));
                    let rows: Vec<(i64, OffsetDateTime, i32, i32, i32, String, String)> = query
                        .build_query_as()
                        .fetch_all(&self.pool)
                        .await
                        .map_err(store_error)?;
                    let registry = self.fresh_registry().await?;
                    rows.into_iter()
                        .map(|(seq, at, provider, recipient, purpose, flag, event_id)| {
                            Ok(FlaggedEvent {
                                seq,
                                occurred_at: at.unix_timestamp(),
                                provider: name(&registry.agencies, provider)?,
                                recipient: name(&registry.agencies, recipient)?,
                                purpose: name(&registry.purposes, purpose)?,
                                flag: ConsentFlag::from_code(&flag)
                                    .ok_or_else(|| corrupt("flag"))?,
                                event_id,
                            })
                        })
                        .collect()
                }

                async fn list_deferred_events(
                    &self,
                    provinces: &[String],
                    now: i64,
                    limit: u32,
                ) -> Result<Vec<DeferredEvent>, StoreError> {
                    if provinces.is_empty() {
                        return Ok(Vec::new());
                    }
                    let mut query = sqlx::QueryBuilder::<$db>::new(
                        "SELECT e.seq, e.agency_event_id, e.occurred_at, e.provider_agency_id, \
                             e.recipient_agency_id, e.legal_basis_id, e.visible_from ",
                    );
                    query.push(FROM).push("e.visible_from > ");
                    query.push_bind(time_of(now)?);
                    push_overseen(&mut query, provinces);
                    query.push(" ORDER BY e.visible_from, e.seq LIMIT ");
                    query.push_bind(i64::from(limit));
                    type Row = (i64, String, OffsetDateTime, i32, i32, i32, OffsetDateTime);
                    let rows: Vec<Row> = query
                        .build_query_as()
                        .fetch_all(&self.pool)
                        .await
                        .map_err(store_error)?;
                    let registry = self.fresh_registry().await?;
                    rows.into_iter()
                        .map(|(seq, event_id, at, provider, recipient, basis, until)| {
                            Ok(DeferredEvent {
                                seq,
                                event_id,
                                occurred_at: at.unix_timestamp(),
                                provider: name(&registry.agencies, provider)?,
                                recipient: name(&registry.agencies, recipient)?,
                                legal_basis: name(&registry.legal_bases, basis)?,
                                visible_from: until.unix_timestamp(),
                            })
                        })
                        .collect()
                }
            }
        };
    };
}

oversight_store!(sqlx::Sqlite);
oversight_store!(sqlx::Postgres);
