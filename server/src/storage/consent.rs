//! The purposes catalogue, consent records (chained by hash per person,
//! numbered service-wide for the agencies' change feed), legal
//! representatives and the consent flags on sharing events. As in
//! `sharing.rs`, the SQL is written once and instantiated per engine.

mod rows;

pub(crate) use rows::flag_of;

macro_rules! consent_store {
    ($db:ty) => {
        const _: () = {
            use app::{
                domain::consent::{
                    ActorRole, ConsentAction, ConsentChange, ConsentError, ConsentRecord,
                    ConsentRecordContent, ConsentState, ConsentStatus, Purpose,
                    Representation, add_months, effective_state, transition,
                },
                domain::sharing::GENESIS,
                server::{
                    ConsentCommand, ConsentStore, ConsentWriteError, NewRepresentation,
                    Represented, StoreError,
                },
            };
            use async_trait::async_trait;
            use time::OffsetDateTime;

            use self::rows::{
                PURPOSES_SQL, PurposeRow, RECORDS_SQL, REPRESENTATIONS_SQL, RecordRow,
                RepresentationRow, codes, corrupt,
            };
            use crate::storage::{SqlStore, convert_all, store_error, time_of};

            /// The catalogue entry a record snapshots.
            #[derive(sqlx::FromRow)]
            struct Catalogue {
                id: i32,
                controller: Option<String>,
                categories: String,
                legal_basis: Option<String>,
                validity_months: Option<i32>,
                rests_on_consent: bool,
                notice_version: i32,
                description_vi: String,
                description_en: String,
            }

            #[async_trait]
            impl ConsentStore for SqlStore<$db> {
                async fn list_purposes(&self) -> Result<Vec<Purpose>, StoreError> {
                    let rows: Vec<PurposeRow> = sqlx::query_as(PURPOSES_SQL)
                        .fetch_all(&self.pool)
                        .await
                        .map_err(store_error)?;
                    let mut registry = self.fresh_registry().await?;
                    if !rows
                        .iter()
                        .all(|row| registry.purposes.name(row.id).is_some())
                    {
                        self.registry.forget();
                        registry = self.fresh_registry().await?;
                    }
                    rows.into_iter()
                        .map(|row| row.into_purpose(&registry))
                        .collect()
                }

                async fn update_purpose_notice(
                    &self,
                    purpose: &str,
                    notice: &app::domain::consent::PurposeNotice,
                    reason: &str,
                    actor: Option<&app::server::Actor>,
                    now: i64,
                ) -> Result<i32, StoreError> {
                    let mut tx = self.pool.begin().await.map_err(store_error)?;
                    // fetch_all: a RETURNING statement run to its end (see
                    // calendar.rs, take_lease).
                    let version: Vec<(i32,)> = sqlx::query_as(
                        "UPDATE purposes SET notice_version = notice_version + CASE \
                             WHEN description_vi <> $1 OR description_en <> $2 THEN 1 ELSE 0 END, \
                             description_vi = $1, description_en = $2, validity_months = $3 \
                         WHERE code = $4 RETURNING notice_version",
                    )
                    .bind(&notice.description_vi)
                    .bind(&notice.description_en)
                    .bind(notice.validity_months)
                    .bind(purpose)
                    .fetch_all(&mut *tx)
                    .await
                    .map_err(store_error)?;
                    let version = version.first().map(|(v,)| *v).ok_or(StoreError::NotFound)?;
                    let line = crate::storage::appointments::AuditLine {
                        subject: Some(purpose),
                        ..crate::storage::appointments::AuditLine::new(
                            app::domain::appointments::ChangeKind::NoticeChanged,
                            reason,
                        )
                    };
                    Self::record_change(&mut tx, now, actor, &line).await?;
                    tx.commit().await.map_err(store_error)?;
                    Ok(version)
                }

                async fn list_consent_statuses(
                    &self,
                    pseudonym: &str,
                    now: i64,
                ) -> Result<Vec<ConsentStatus>, StoreError> {
                    let rows: Vec<(
                        String,
                        String,
                        Option<OffsetDateTime>,
                        String,
                        OffsetDateTime,
                    )> = sqlx::query_as(
                        "SELECT p.code, s.state, s.valid_until, s.receipt_id, s.updated_at \
                             FROM consent_states s JOIN purposes p ON p.id = s.purpose_id \
                             WHERE s.pseudonym = $1 ORDER BY p.id",
                    )
                    .bind(pseudonym)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(store_error)?;
                    rows.into_iter()
                        .map(|(purpose, state, valid_until, receipt_id, updated_at)| {
                            let state =
                                ConsentState::from_code(&state).ok_or_else(|| corrupt("state"))?;
                            let valid_until = valid_until.map(OffsetDateTime::unix_timestamp);
                            Ok(ConsentStatus {
                                purpose,
                                state: effective_state(state, valid_until, now),
                                valid_until,
                                receipt_id,
                                updated_at: updated_at.unix_timestamp(),
                            })
                        })
                        .collect()
                }

                async fn record_consent(
                    &self,
                    command: &ConsentCommand,
                ) -> Result<ConsentRecord, ConsentWriteError> {
                    let purpose: Option<Catalogue> = sqlx::query_as(
                        "SELECT p.id, a.code AS controller, p.categories, lb.code AS legal_basis, \
                             p.validity_months, p.rests_on_consent, p.notice_version, \
                             p.description_vi, p.description_en \
                         FROM purposes p LEFT JOIN agencies a ON a.id = p.controller_agency_id \
                         LEFT JOIN legal_bases lb ON lb.id = p.legal_basis_id WHERE p.code = $1",
                    )
                    .bind(&command.purpose)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(store_error)?;
                    let purpose = purpose.ok_or(ConsentError::UnknownPurpose)?;
                    let (true, Some(controller), Some(legal_basis)) = (
                        purpose.rests_on_consent,
                        purpose.controller.clone(),
                        purpose.legal_basis.clone(),
                    ) else {
                        return Err(ConsentError::NotConsentBased.into());
                    };

                    let mut tx = self.pool.begin().await.map_err(store_error)?;
                    // Taking the head serialises consent writers on both
                    // engines; feed_seq then follows commit order.
                    let (feed_seq,): (i64,) = sqlx::query_as(
                        "UPDATE consent_head SET next_feed_seq = next_feed_seq + 1 WHERE id = 1 \
                         RETURNING next_feed_seq - 1",
                    )
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(store_error)?;
                    let current: Option<(String, Option<OffsetDateTime>)> = sqlx::query_as(
                        "SELECT state, valid_until FROM consent_states \
                         WHERE pseudonym = $1 AND purpose_id = $2",
                    )
                    .bind(&command.subject)
                    .bind(purpose.id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(store_error)?;
                    let stored = match &current {
                        None => None,
                        Some((state, until)) => Some((
                            ConsentState::from_code(state).ok_or_else(|| corrupt("state"))?,
                            until.map(OffsetDateTime::unix_timestamp),
                        )),
                    };
                    let current_until = stored.and_then(|(_, until)| until);
                    // Dropping the transaction rolls it back: nothing written.
                    let state = transition(stored, command.action, command.now)?;

                    let last: Option<(i64, String)> = sqlx::query_as(
                        "SELECT subject_seq, chain_hash FROM consent_records \
                         WHERE pseudonym = $1 ORDER BY subject_seq DESC LIMIT 1",
                    )
                    .bind(&command.subject)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(store_error)?;
                    let (last_seq, previous) = last.unwrap_or((0, GENESIS.to_owned()));

                    let (notice_version, notice_lang, notice_text) = match command.action {
                        // An expiry repeats the notice the consent was given on.
                        ConsentAction::Expire => sqlx::query_as(
                            "SELECT notice_version, notice_lang, notice_text FROM consent_records \
                             WHERE pseudonym = $1 AND purpose_id = $2 \
                             ORDER BY subject_seq DESC LIMIT 1",
                        )
                        .bind(&command.subject)
                        .bind(purpose.id)
                        .fetch_one(&mut *tx)
                        .await
                        .map_err(store_error)?,
                        _ => (
                            purpose.notice_version,
                            command.notice_lang.code().to_owned(),
                            match command.notice_lang {
                                app::domain::Lang::Vi => purpose.description_vi.clone(),
                                app::domain::Lang::En => purpose.description_en.clone(),
                            },
                        ),
                    };
                    let valid_until = match command.action {
                        ConsentAction::Grant => purpose
                            .validity_months
                            .map(|months| add_months(command.now, months)),
                        ConsentAction::Withdraw => None,
                        ConsentAction::Expire => current_until,
                    };
                    let record = ConsentRecord::seal(
                        ConsentRecordContent {
                            subject_seq: last_seq + 1,
                            receipt_id: command.receipt_id.clone(),
                            subject: command.subject.clone(),
                            controller,
                            purpose: command.purpose.clone(),
                            categories: codes(&purpose.categories)?,
                            legal_basis,
                            action: command.action,
                            state,
                            valid_until,
                            actor_role: command.actor_role,
                            actor: command.actor.clone(),
                            method: command.method,
                            child_agreed: command.child_agreed,
                            notice_version,
                            notice_lang,
                            notice_text,
                            recorded_at: command.now,
                        },
                        &previous,
                    );
                    let c = &record.content;
                    let recorded_at = time_of(c.recorded_at)?;
                    let valid_until = c.valid_until.map(time_of).transpose()?;
                    sqlx::query(
                        "INSERT INTO consent_records (feed_seq, receipt_id, pseudonym, subject_seq, \
                             purpose_id, controller, categories, legal_basis, action, state, \
                             valid_until, actor_role, actor_pseudonym, method, child_agreed, \
                             notice_version, notice_lang, notice_text, recorded_at, content_hash, \
                             chain_hash) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, \
                             $16, $17, $18, $19, $20, $21)",
                    )
                    .bind(feed_seq)
                    .bind(&c.receipt_id)
                    .bind(&c.subject)
                    .bind(c.subject_seq)
                    .bind(purpose.id)
                    .bind(&c.controller)
                    .bind(&purpose.categories)
                    .bind(&c.legal_basis)
                    .bind(c.action.code())
                    .bind(c.state.code())
                    .bind(valid_until)
                    .bind(c.actor_role.code())
                    .bind(c.actor.as_deref())
                    .bind(c.method.code())
                    .bind(c.child_agreed)
                    .bind(c.notice_version)
                    .bind(&c.notice_lang)
                    .bind(&c.notice_text)
                    .bind(recorded_at)
                    .bind(&record.content_hash)
                    .bind(&record.chain_hash)
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
                    sqlx::query(
                        "INSERT INTO consent_states (pseudonym, purpose_id, state, valid_until, \
                             receipt_id, updated_at) VALUES ($1, $2, $3, $4, $5, $6) \
                         ON CONFLICT (pseudonym, purpose_id) DO UPDATE SET state = excluded.state, \
                             valid_until = excluded.valid_until, receipt_id = excluded.receipt_id, \
                             updated_at = excluded.updated_at",
                    )
                    .bind(&c.subject)
                    .bind(purpose.id)
                    .bind(c.state.code())
                    .bind(valid_until)
                    .bind(&c.receipt_id)
                    .bind(recorded_at)
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
                    tx.commit().await.map_err(store_error)?;
                    Ok(record)
                }

                async fn list_consent_records(
                    &self,
                    pseudonym: &str,
                ) -> Result<Vec<ConsentRecord>, StoreError> {
                    let sql =
                        format!("{RECORDS_SQL} WHERE r.pseudonym = $1 ORDER BY r.subject_seq");
                    let rows: Vec<RecordRow> = sqlx::query_as(&sql)
                        .bind(pseudonym)
                        .fetch_all(&self.pool)
                        .await
                        .map_err(store_error)?;
                    convert_all(rows)
                }

                async fn expire_consents(&self, now: i64, limit: u32) -> Result<usize, StoreError> {
                    let due: Vec<(String, String)> = sqlx::query_as(
                        "SELECT s.pseudonym, p.code FROM consent_states s \
                         JOIN purposes p ON p.id = s.purpose_id \
                         WHERE s.state = 'active' AND s.valid_until <= $1 \
                         ORDER BY s.valid_until LIMIT $2",
                    )
                    .bind(time_of(now)?)
                    .bind(i64::from(limit))
                    .fetch_all(&self.pool)
                    .await
                    .map_err(store_error)?;
                    let mut expired = 0;
                    for (subject, purpose) in due {
                        let command = ConsentCommand {
                            subject,
                            purpose,
                            action: ConsentAction::Expire,
                            actor_role: ActorRole::System,
                            actor: None,
                            method: app::domain::consent::ConsentMethod::AutomaticExpiry,
                            child_agreed: None,
                            notice_lang: app::domain::Lang::Vi,
                            receipt_id: uuid::Uuid::now_v7().to_string(),
                            now,
                        };
                        match self.record_consent(&command).await {
                            Ok(_) => expired += 1,
                            // Another instance recorded it first.
                            Err(ConsentWriteError::Refused(_)) => {}
                            Err(ConsentWriteError::Store(error)) => return Err(error),
                        }
                    }
                    Ok(expired)
                }

                async fn list_consent_changes(
                    &self,
                    purposes: &[String],
                    after: i64,
                    limit: u32,
                ) -> Result<Vec<ConsentChange>, StoreError> {
                    if purposes.is_empty() {
                        return Ok(Vec::new());
                    }
                    let mut query = sqlx::QueryBuilder::<$db>::new(
                        "SELECT r.feed_seq, r.pseudonym, p.code, r.state, r.valid_until, \
                             r.receipt_id, r.recorded_at \
                         FROM consent_records r JOIN purposes p ON p.id = r.purpose_id \
                         WHERE r.feed_seq > ",
                    );
                    query.push_bind(after).push(" AND p.code IN (");
                    let mut list = query.separated(", ");
                    for code in purposes {
                        list.push_bind(code.as_str());
                    }
                    list.push_unseparated(") ORDER BY r.feed_seq LIMIT ");
                    query.push_bind(i64::from(limit));
                    let rows: Vec<(
                        i64,
                        String,
                        String,
                        String,
                        Option<OffsetDateTime>,
                        String,
                        OffsetDateTime,
                    )> = query
                        .build_query_as()
                        .fetch_all(&self.pool)
                        .await
                        .map_err(store_error)?;
                    rows.into_iter()
                        .map(
                            |(feed_seq, subject, purpose, state, valid_until, receipt_id, at)| {
                                Ok(ConsentChange {
                                    feed_seq,
                                    subject,
                                    purpose,
                                    state: ConsentState::from_code(&state)
                                        .ok_or_else(|| corrupt("state"))?,
                                    valid_until: valid_until.map(OffsetDateTime::unix_timestamp),
                                    receipt_id,
                                    recorded_at: at.unix_timestamp(),
                                })
                            },
                        )
                        .collect()
                }

                async fn list_representations(
                    &self,
                    representative: &str,
                ) -> Result<Vec<Representation>, StoreError> {
                    let sql = format!("{REPRESENTATIONS_SQL} ORDER BY id");
                    let rows: Vec<RepresentationRow> = sqlx::query_as(&sql)
                        .bind(representative)
                        .fetch_all(&self.pool)
                        .await
                        .map_err(store_error)?;
                    rows.into_iter()
                        .map(|row| Ok(row.into_represented()?.link))
                        .collect()
                }

                async fn find_represented(
                    &self,
                    representative: &str,
                    id: i64,
                ) -> Result<Option<Represented>, StoreError> {
                    let sql = format!("{REPRESENTATIONS_SQL} AND id = $2");
                    let row: Option<RepresentationRow> = sqlx::query_as(&sql)
                        .bind(representative)
                        .bind(id)
                        .fetch_optional(&self.pool)
                        .await
                        .map_err(store_error)?;
                    row.map(RepresentationRow::into_represented).transpose()
                }

                async fn insert_representation(
                    &self,
                    link: &NewRepresentation,
                ) -> Result<i64, StoreError> {
                    let ids: Vec<i64> = sqlx::query_scalar(
                        "INSERT INTO representations (representative_pseudonym, \
                             subject_pseudonym, subject_name, subject_birth_date, kind, \
                             created_at) \
                         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                    )
                    .bind(&link.representative)
                    .bind(&link.subject)
                    .bind(&link.name)
                    .bind(&link.birth_date)
                    .bind(link.kind.code())
                    .bind(time_of(link.now)?)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(store_error)?;
                    ids.first().copied().ok_or(StoreError::NotFound)
                }
            }
        };
    };
}

consent_store!(sqlx::Sqlite);
consent_store!(sqlx::Postgres);
