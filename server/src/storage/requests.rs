//! Requests to DPOs: filing, steps with optimistic concurrency and a hash
//! chain per request, the queue (filters, keyset pages), attachments,
//! notifications, the mail outbox and deadline reminders. Written once and
//! instantiated per engine like the other storage modules.

use app::{
    domain::{
        Lang,
        deadlines::Date,
        requests::{
            Decision, EventActor, EventContent, EventDetail, EventKind, Handled, RequestEvent,
            RequestKind, RequestRecord, RequestStatus,
        },
        sharing::Named,
    },
    server::StoreError,
};

/// Columns of a request as [`record_of`] reads them (`r` requests, `a`
/// agencies).
pub(crate) const COLUMNS: &str = "r.id, r.reference, r.requester, r.requester_name, r.kind, \
     a.code AS agency_code, a.name_vi AS agency_vi, a.name_en AS agency_en, r.handler, \
     r.about_reference, r.description, r.contact_email, r.lang, r.status, r.decision, \
     r.received_on, r.acknowledge_by, r.decide_by, r.first_decide_by, r.extension_reason, \
     r.decided_on, r.assignee, r.assignee_name, r.submitted_at, r.updated_at, r.version";

pub(crate) const FROM: &str = "FROM requests r LEFT JOIN agencies a ON a.id = r.agency_id";

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Unavailable(format!("stored {what} not understood: {value}").into())
}

/// The raw text columns of a request, turned into the domain record.
pub(crate) struct RawRequest {
    pub id: i64,
    pub reference: String,
    pub requester: String,
    pub requester_name: String,
    pub kind: String,
    pub agency: Option<(String, String, String)>,
    pub handler: String,
    pub about_reference: Option<String>,
    pub description: String,
    pub contact_email: Option<String>,
    pub lang: String,
    pub status: String,
    pub decision: Option<String>,
    pub received_on: String,
    pub acknowledge_by: String,
    pub decide_by: String,
    pub first_decide_by: Option<String>,
    pub extension_reason: Option<String>,
    pub decided_on: Option<String>,
    pub assignee: Option<String>,
    pub assignee_name: Option<String>,
    pub submitted_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

impl RawRequest {
    pub(crate) fn record(self) -> Result<RequestRecord, StoreError> {
        Ok(RequestRecord {
            id: self.id,
            kind: RequestKind::from_code(&self.kind).ok_or_else(|| corrupt("kind", &self.kind))?,
            status: RequestStatus::from_code(&self.status)
                .ok_or_else(|| corrupt("status", &self.status))?,
            decision: match self.decision {
                Some(code) => {
                    Some(Decision::from_code(&code).ok_or_else(|| corrupt("decision", &code))?)
                }
                None => None,
            },
            lang: Lang::parse(&self.lang).ok_or_else(|| corrupt("lang", &self.lang))?,
            agency: self.agency.map(|(code, name_vi, name_en)| Named {
                code,
                name_vi,
                name_en,
            }),
            reference: self.reference,
            requester: self.requester,
            requester_name: self.requester_name,
            handler: self.handler,
            about_reference: self.about_reference,
            description: self.description,
            contact_email: self.contact_email,
            received_on: self.received_on,
            acknowledge_by: self.acknowledge_by,
            decide_by: self.decide_by,
            first_decide_by: self.first_decide_by,
            extension_reason: self.extension_reason,
            decided_on: self.decided_on,
            assignee: self.assignee,
            assignee_name: self.assignee_name,
            submitted_at: self.submitted_at,
            updated_at: self.updated_at,
            version: self.version,
        })
    }
}

/// An event's stored columns, back into the sealed event.
#[allow(clippy::too_many_arguments)]
pub(crate) fn event_of(
    reference: &str,
    seq: i64,
    at: i64,
    actor_role: &str,
    actor: Option<String>,
    actor_name: String,
    kind: &str,
    detail: &str,
    body: String,
    content_hash: String,
    chain_hash: String,
) -> Result<RequestEvent, StoreError> {
    Ok(RequestEvent {
        content: EventContent {
            reference: reference.to_owned(),
            seq,
            at,
            actor_role: EventActor::from_code(actor_role)
                .ok_or_else(|| corrupt("actor role", actor_role))?,
            actor,
            actor_name,
            kind: EventKind::from_code(kind).ok_or_else(|| corrupt("event kind", kind))?,
            detail: serde_json::from_str::<EventDetail>(detail)
                .map_err(|_| corrupt("event detail", detail))?,
            body,
        },
        content_hash,
        chain_hash,
    })
}

/// Days from receipt to decision and whether it came in time.
pub(crate) fn handled(
    handler: String,
    kind: &str,
    received_on: &str,
    decided_on: Option<&str>,
    decide_by: &str,
) -> Option<Handled> {
    let kind = RequestKind::from_code(kind)?;
    let received = Date::parse(received_on)?;
    let decided = decided_on.and_then(Date::parse);
    Some(Handled {
        province: handler,
        kind,
        days_to_decision: decided.map(|d| (d.days() - received.days()).max(0) as u32),
        on_time: decided.map(|d| Some(d) <= Date::parse(decide_by)),
    })
}

/// The last day of a "due within N days" filter.
pub(crate) fn horizon(today: &str, days: u32) -> String {
    Date::parse(today)
        .map(|d| d.add_days(i64::from(days)).iso())
        .unwrap_or_else(|| today.to_owned())
}

macro_rules! request_store {
    ($module:ident, $db:ty) => {
        pub(crate) mod $module {
            use app::{
                domain::{
                    DataProtectionOfficer, Province, ProvinceKind,
                    requests::{
                        AttachmentMeta, EventContent, Notification, QueueCursor, QueueFilter,
                        RequestEvent, RequestRecord, RequestStatus, reference,
                    },
                    sharing::{GENESIS, Named},
                },
                server::{
                    AttachmentFile, DueReminder, Mail, NewAttachment, NewRequest, Notice,
                    OutboxMail, RequestFile, RequestStore, StepCommand, StepEvent,
                    StepWriteError, StoreError,
                },
            };
            use async_trait::async_trait;
            use sqlx::{QueryBuilder, Row as _};
            use time::OffsetDateTime;

            use super::{COLUMNS, FROM, RawRequest, event_of, handled, horizon};
            use crate::storage::{sharing::time_of, store_error};

            type Db = $db;
            type Pool = sqlx::Pool<Db>;
            type Row = <Db as sqlx::Database>::Row;
            type Tx<'a> = sqlx::Transaction<'a, Db>;

            /// Requests on one pool.
            #[derive(Clone, Debug)]
            pub(crate) struct Requests(pub(crate) Pool);

            fn unix(at: OffsetDateTime) -> i64 {
                at.unix_timestamp()
            }

            fn raw(row: &Row) -> Result<RawRequest, sqlx::Error> {
                let agency_code: Option<String> = row.try_get("agency_code")?;
                Ok(RawRequest {
                    id: row.try_get("id")?,
                    reference: row.try_get("reference")?,
                    requester: row.try_get("requester")?,
                    requester_name: row.try_get("requester_name")?,
                    kind: row.try_get("kind")?,
                    agency: match agency_code {
                        Some(code) => {
                            Some((code, row.try_get("agency_vi")?, row.try_get("agency_en")?))
                        }
                        None => None,
                    },
                    handler: row.try_get("handler")?,
                    about_reference: row.try_get("about_reference")?,
                    description: row.try_get("description")?,
                    contact_email: row.try_get("contact_email")?,
                    lang: row.try_get("lang")?,
                    status: row.try_get("status")?,
                    decision: row.try_get("decision")?,
                    received_on: row.try_get("received_on")?,
                    acknowledge_by: row.try_get("acknowledge_by")?,
                    decide_by: row.try_get("decide_by")?,
                    first_decide_by: row.try_get("first_decide_by")?,
                    extension_reason: row.try_get("extension_reason")?,
                    decided_on: row.try_get("decided_on")?,
                    assignee: row.try_get("assignee")?,
                    assignee_name: row.try_get("assignee_name")?,
                    submitted_at: unix(row.try_get("submitted_at")?),
                    updated_at: unix(row.try_get("updated_at")?),
                    version: row.try_get("version")?,
                })
            }

            fn records(rows: Vec<Row>) -> Result<Vec<RequestRecord>, StoreError> {
                rows.iter()
                    .map(|row| raw(row).map_err(store_error)?.record())
                    .collect()
            }

            async fn insert_event(
                tx: &mut Tx<'_>,
                request_id: i64,
                event: &RequestEvent,
            ) -> Result<(), StoreError> {
                let c = &event.content;
                let detail = serde_json::to_string(&c.detail)
                    .map_err(|e| StoreError::Unavailable(e.into()))?;
                sqlx::query(
                    "INSERT INTO request_events (request_id, seq, at, actor_role, actor, \
                         actor_name, step, detail, body, content_hash, chain_hash) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                )
                .bind(request_id)
                .bind(c.seq)
                .bind(time_of(c.at)?)
                .bind(c.actor_role.code())
                .bind(c.actor.as_deref())
                .bind(&c.actor_name)
                .bind(c.kind.code())
                .bind(detail)
                .bind(&c.body)
                .bind(&event.content_hash)
                .bind(&event.chain_hash)
                .execute(&mut **tx)
                .await
                .map_err(store_error)?;
                Ok(())
            }

            /// Stores the files and returns their new ids.
            async fn insert_attachments(
                tx: &mut Tx<'_>,
                request_id: i64,
                event_seq: i64,
                files: &[NewAttachment],
            ) -> Result<Vec<String>, StoreError> {
                use sha2::Digest as _;
                let mut ids = Vec::with_capacity(files.len());
                for file in files {
                    let id = uuid::Uuid::now_v7().to_string();
                    let digest = app::domain::sharing::hex(&sha2::Sha256::digest(&file.bytes));
                    sqlx::query(
                        "INSERT INTO request_attachments (id, request_id, event_seq, file_name, \
                             media_type, size_bytes, sha256, content) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    )
                    .bind(&id)
                    .bind(request_id)
                    .bind(event_seq)
                    .bind(&file.file_name)
                    .bind(&file.media_type)
                    .bind(file.bytes.len() as i64)
                    .bind(digest)
                    .bind(&file.bytes)
                    .execute(&mut **tx)
                    .await
                    .map_err(store_error)?;
                    ids.push(id);
                }
                Ok(ids)
            }

            async fn insert_notices(
                tx: &mut Tx<'_>,
                reference: &str,
                notices: &[Notice],
                mails: &[Mail],
                now: i64,
            ) -> Result<(), StoreError> {
                for notice in notices {
                    sqlx::query(
                        "INSERT INTO notifications (recipient, reference, message_id, created_at) \
                         VALUES ($1, $2, $3, $4)",
                    )
                    .bind(&notice.recipient)
                    .bind(reference)
                    .bind(&notice.message_id)
                    .bind(time_of(now)?)
                    .execute(&mut **tx)
                    .await
                    .map_err(store_error)?;
                }
                for mail in mails {
                    sqlx::query(
                        "INSERT INTO email_outbox (to_address, lang, template, reference, \
                             created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $5)",
                    )
                    .bind(&mail.to)
                    .bind(mail.lang.code())
                    .bind(&mail.template)
                    .bind(reference)
                    .bind(time_of(now)?)
                    .execute(&mut **tx)
                    .await
                    .map_err(store_error)?;
                }
                Ok(())
            }

            fn content(
                reference: &str,
                seq: i64,
                event: &StepEvent,
                attachments: Vec<String>,
                now: i64,
            ) -> EventContent {
                let mut detail = event.detail.clone();
                detail.attachments.extend(attachments);
                EventContent {
                    reference: reference.to_owned(),
                    seq,
                    at: now,
                    actor_role: event.actor_role,
                    actor: event.actor.clone(),
                    actor_name: event.actor_name.clone(),
                    kind: event.kind,
                    detail,
                    body: event.body.clone(),
                }
            }

            async fn find_record(
                pool: &Pool,
                id: i64,
            ) -> Result<RequestRecord, StoreError> {
                let row = sqlx::query(&format!("SELECT {COLUMNS} {FROM} WHERE r.id = $1"))
                    .bind(id)
                    .fetch_one(pool)
                    .await
                    .map_err(store_error)?;
                raw(&row).map_err(store_error)?.record()
            }

            /// Adds `(v1, v2, …)` binding each value.
            fn push_list(query: &mut QueryBuilder<'_, Db>, values: &[String]) {
                query.push("(");
                let mut list = query.separated(", ");
                for value in values {
                    list.push_bind(value.clone());
                }
                list.push_unseparated(")");
            }

            /// Adds the queue's conditions to `query`.
            fn queue_where(
                query: &mut QueryBuilder<'_, Db>,
                handlers: &[String],
                filter: &QueueFilter,
                today: &str,
            ) {
                query.push(" WHERE r.handler IN ");
                push_list(query, handlers);
                if let Some(status) = filter.status {
                    query.push(" AND r.status = ").push_bind(status.code());
                }
                if let Some(kind) = filter.kind {
                    query.push(" AND r.kind = ").push_bind(kind.code());
                }
                if let Some(agency) = &filter.agency {
                    // By id, so a count needs no join.
                    query
                        .push(" AND r.agency_id = (SELECT id FROM agencies WHERE code = ")
                        .push_bind(agency.clone())
                        .push(")");
                }
                let open = " AND r.status IN ('submitted', 'acknowledged', 'information-requested')";
                if filter.overdue {
                    query.push(open).push(" AND r.decide_by < ").push_bind(today.to_owned());
                }
                if let Some(days) = filter.due_within {
                    query
                        .push(open)
                        .push(" AND r.decide_by >= ")
                        .push_bind(today.to_owned())
                        .push(" AND r.decide_by <= ")
                        .push_bind(horizon(today, days));
                }
            }

            #[async_trait]
            impl RequestStore for Requests {
                async fn file_request(
                    &self,
                    request: &NewRequest,
                    event: &StepEvent,
                ) -> Result<RequestRecord, StoreError> {
                    let year = app::domain::deadlines::Date::parse(&request.received_on)
                        .map(|d| d.year)
                        .ok_or_else(|| {
                            StoreError::Unavailable("received_on is not a date".into())
                        })?;
                    let mut tx = self.0.begin().await.map_err(store_error)?;
                    let serial: i64 = sqlx::query_scalar(
                        "INSERT INTO request_counters (year, last_serial) VALUES ($1, 1) \
                         ON CONFLICT (year) DO UPDATE \
                             SET last_serial = request_counters.last_serial + 1 \
                         RETURNING last_serial",
                    )
                    .bind(year)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(store_error)?;
                    let reference = reference(year, serial as u64);
                    let agency_id: Option<i64> = match &request.agency_code {
                        Some(code) => Some(
                            sqlx::query_scalar::<_, i64>(
                                "SELECT CAST(id AS BIGINT) FROM agencies WHERE code = $1",
                            )
                            .bind(code)
                            .fetch_optional(&mut *tx)
                            .await
                            .map_err(store_error)?
                            .ok_or(StoreError::NotFound)?,
                        ),
                        None => None,
                    };
                    let now = time_of(request.now)?;
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO requests (reference, requester, requester_name, kind, \
                             agency_id, handler, about_reference, description, contact_email, \
                             lang, status, received_on, acknowledge_by, decide_by, \
                             submitted_at, updated_at, version, event_count, chain_hash) \
                         VALUES ($1, $2, $3, $4, CAST($5 AS INTEGER), $6, $7, $8, $9, $10, \
                             'submitted', $11, $12, $13, $14, $14, 1, 0, $15) RETURNING id",
                    )
                    .bind(&reference)
                    .bind(&request.requester)
                    .bind(&request.requester_name)
                    .bind(request.kind.code())
                    .bind(agency_id)
                    .bind(&request.handler)
                    .bind(request.about_reference.as_deref())
                    .bind(&request.description)
                    .bind(request.contact_email.as_deref())
                    .bind(request.lang.code())
                    .bind(&request.received_on)
                    .bind(&request.acknowledge_by)
                    .bind(&request.decide_by)
                    .bind(now)
                    .bind(GENESIS)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(store_error)?;
                    let ids = insert_attachments(&mut tx, id, 1, &request.attachments).await?;
                    let sealed =
                        RequestEvent::seal(content(&reference, 1, event, ids, request.now), GENESIS);
                    insert_event(&mut tx, id, &sealed).await?;
                    sqlx::query(
                        "UPDATE requests SET event_count = 1, chain_hash = $1 WHERE id = $2",
                    )
                    .bind(&sealed.chain_hash)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
                    insert_notices(&mut tx, &reference, &request.notices, &request.mails, request.now)
                        .await?;
                    tx.commit().await.map_err(store_error)?;
                    find_record(&self.0, id).await
                }

                async fn list_own_requests(
                    &self,
                    requester: &str,
                ) -> Result<Vec<RequestRecord>, StoreError> {
                    let rows = sqlx::query(&format!(
                        "SELECT {COLUMNS} {FROM} WHERE r.requester = $1 ORDER BY r.id DESC"
                    ))
                    .bind(requester)
                    .fetch_all(&self.0)
                    .await
                    .map_err(store_error)?;
                    records(rows)
                }

                async fn find_request(
                    &self,
                    reference: &str,
                ) -> Result<Option<RequestFile>, StoreError> {
                    let Some(row) =
                        sqlx::query(&format!("SELECT {COLUMNS} {FROM} WHERE r.reference = $1"))
                            .bind(reference)
                            .fetch_optional(&self.0)
                            .await
                            .map_err(store_error)?
                    else {
                        return Ok(None);
                    };
                    let record = raw(&row).map_err(store_error)?.record()?;
                    let rows = sqlx::query(
                        "SELECT seq, at, actor_role, actor, actor_name, step, detail, body, \
                             content_hash, chain_hash \
                         FROM request_events WHERE request_id = $1 ORDER BY seq",
                    )
                    .bind(record.id)
                    .fetch_all(&self.0)
                    .await
                    .map_err(store_error)?;
                    let events = rows
                        .iter()
                        .map(|row| {
                            let get = || -> Result<_, sqlx::Error> {
                                Ok((
                                    row.try_get::<i64, _>("seq")?,
                                    unix(row.try_get("at")?),
                                    row.try_get::<String, _>("actor_role")?,
                                    row.try_get::<Option<String>, _>("actor")?,
                                    row.try_get::<String, _>("actor_name")?,
                                    row.try_get::<String, _>("step")?,
                                    row.try_get::<String, _>("detail")?,
                                    row.try_get::<String, _>("body")?,
                                    row.try_get::<String, _>("content_hash")?,
                                    row.try_get::<String, _>("chain_hash")?,
                                ))
                            };
                            let (seq, at, role, actor, name, step, detail, body, content, chain) =
                                get().map_err(store_error)?;
                            event_of(
                                &record.reference,
                                seq,
                                at,
                                &role,
                                actor,
                                name,
                                &step,
                                &detail,
                                body,
                                content,
                                chain,
                            )
                        })
                        .collect::<Result<Vec<_>, _>>()?;
                    let attachments: Vec<(String, i64, String, String, i64)> = sqlx::query_as(
                        "SELECT id, event_seq, file_name, media_type, size_bytes \
                         FROM request_attachments WHERE request_id = $1 ORDER BY event_seq, id",
                    )
                    .bind(record.id)
                    .fetch_all(&self.0)
                    .await
                    .map_err(store_error)?;
                    Ok(Some(RequestFile {
                        record,
                        events,
                        attachments: attachments
                            .into_iter()
                            .map(|(id, event_seq, file_name, media_type, size_bytes)| {
                                AttachmentMeta {
                                    id,
                                    event_seq,
                                    file_name,
                                    media_type,
                                    size_bytes,
                                }
                            })
                            .collect(),
                    }))
                }

                async fn record_step(
                    &self,
                    command: &StepCommand,
                ) -> Result<RequestRecord, StepWriteError> {
                    let mut tx = self.0.begin().await.map_err(store_error)?;
                    // The version check takes the request's write lock first
                    // (the row on PostgreSQL, the database on SQLite): a
                    // second writer waits here, then finds the version moved.
                    let claimed = sqlx::query(
                        "UPDATE requests SET version = version + 1 \
                         WHERE id = $1 AND version = $2",
                    )
                    .bind(command.request_id)
                    .bind(command.expected_version)
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
                    if claimed.rows_affected() == 0 {
                        tx.rollback().await.map_err(store_error)?;
                        return Err(StepWriteError::Conflict);
                    }
                    let (reference, count, previous): (String, i64, String) = sqlx::query_as(
                        "SELECT reference, event_count, chain_hash FROM requests WHERE id = $1",
                    )
                    .bind(command.request_id)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(store_error)?;
                    let seq = count + 1;
                    let ids =
                        insert_attachments(&mut tx, command.request_id, seq, &command.attachments)
                            .await?;
                    let sealed = RequestEvent::seal(
                        content(&reference, seq, &command.event, ids, command.now),
                        &previous,
                    );
                    insert_event(&mut tx, command.request_id, &sealed).await?;
                    let after = &command.after;
                    sqlx::query(
                        "UPDATE requests SET status = $1, handler = $2, decision = $3, \
                             decide_by = $4, first_decide_by = $5, extension_reason = $6, \
                             decided_on = $7, assignee = $8, assignee_name = $9, \
                             updated_at = $10, event_count = $11, chain_hash = $12 \
                         WHERE id = $13",
                    )
                    .bind(after.status.code())
                    .bind(&after.handler)
                    .bind(after.decision.map(|d| d.code()))
                    .bind(&after.decide_by)
                    .bind(after.first_decide_by.as_deref())
                    .bind(after.extension_reason.as_deref())
                    .bind(after.decided_on.as_deref())
                    .bind(after.assignee.as_deref())
                    .bind(after.assignee_name.as_deref())
                    .bind(time_of(command.now)?)
                    .bind(seq)
                    .bind(&sealed.chain_hash)
                    .bind(command.request_id)
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
                    insert_notices(&mut tx, &reference, &command.notices, &command.mails, command.now)
                        .await?;
                    tx.commit().await.map_err(store_error)?;
                    Ok(find_record(&self.0, command.request_id).await?)
                }

                async fn find_attachment(
                    &self,
                    id: &str,
                ) -> Result<Option<AttachmentFile>, StoreError> {
                    let row: Option<(String, String, String, i64, String, String, i64, Vec<u8>)> =
                        sqlx::query_as(
                            "SELECT r.requester, r.handler, f.id, f.event_seq, f.file_name, \
                                 f.media_type, f.size_bytes, f.content \
                             FROM request_attachments f JOIN requests r ON r.id = f.request_id \
                             WHERE f.id = $1",
                        )
                        .bind(id)
                        .fetch_optional(&self.0)
                        .await
                        .map_err(store_error)?;
                    Ok(row.map(
                        |(requester, handler, id, event_seq, file_name, media_type, size_bytes, bytes)| {
                            AttachmentFile {
                                requester,
                                handler,
                                meta: AttachmentMeta {
                                    id,
                                    event_seq,
                                    file_name,
                                    media_type,
                                    size_bytes,
                                },
                                bytes,
                            }
                        },
                    ))
                }

                async fn list_queue(
                    &self,
                    handlers: &[String],
                    filter: &QueueFilter,
                    today: &str,
                    after: Option<&QueueCursor>,
                    limit: u32,
                ) -> Result<Vec<RequestRecord>, StoreError> {
                    if handlers.is_empty() {
                        return Ok(Vec::new());
                    }
                    let mut query = QueryBuilder::<Db>::new(format!("SELECT {COLUMNS} {FROM}"));
                    queue_where(&mut query, handlers, filter, today);
                    let (compare, order) = if filter.descending {
                        ("<", "DESC")
                    } else {
                        (">", "ASC")
                    };
                    if let Some(cursor) = after {
                        query
                            .push(format!(" AND (r.decide_by, r.id) {compare} ("))
                            .push_bind(cursor.decide_by.clone())
                            .push(", ")
                            .push_bind(cursor.id)
                            .push(")");
                    }
                    query
                        .push(format!(" ORDER BY r.decide_by {order}, r.id {order} LIMIT "))
                        .push_bind(i64::from(limit));
                    let rows = query.build().fetch_all(&self.0).await.map_err(store_error)?;
                    records(rows)
                }

                async fn count_queue(
                    &self,
                    handlers: &[String],
                    filter: &QueueFilter,
                    today: &str,
                    at_most: u64,
                ) -> Result<u64, StoreError> {
                    if handlers.is_empty() {
                        return Ok(0);
                    }
                    // Counting stops at `at_most`: the cost of a page does
                    // not grow with the queue.
                    let mut query =
                        QueryBuilder::<Db>::new("SELECT COUNT(*) FROM (SELECT 1 FROM requests r");
                    queue_where(&mut query, handlers, filter, today);
                    query
                        .push(" LIMIT ")
                        .push_bind(i64::try_from(at_most).unwrap_or(i64::MAX))
                        .push(") AS counted");
                    let count: i64 = query
                        .build_query_scalar()
                        .fetch_one(&self.0)
                        .await
                        .map_err(store_error)?;
                    Ok(count as u64)
                }

                async fn list_colleagues(
                    &self,
                    handler: &str,
                ) -> Result<Vec<(String, String)>, StoreError> {
                    sqlx::query_as(
                        "SELECT s.pseudonym, s.full_name FROM staff_profiles s \
                         WHERE s.pseudonym IN ( \
                             SELECT g.pseudonym FROM role_grants g \
                             JOIN provinces p ON p.id = g.province_id \
                             WHERE g.role = 'dpo' AND p.code = $1 \
                             UNION SELECT n.pseudonym FROM national_unit_staff n WHERE $1 = 'VN') \
                         ORDER BY s.full_name",
                    )
                    .bind(handler)
                    .fetch_all(&self.0)
                    .await
                    .map_err(store_error)
                }

                async fn upsert_staff_profile(
                    &self,
                    pseudonym: &str,
                    full_name: &str,
                    now: i64,
                ) -> Result<(), StoreError> {
                    sqlx::query(
                        "INSERT INTO staff_profiles (pseudonym, full_name, updated_at) \
                         VALUES ($1, $2, $3) ON CONFLICT (pseudonym) DO UPDATE \
                         SET full_name = excluded.full_name, updated_at = excluded.updated_at",
                    )
                    .bind(pseudonym)
                    .bind(full_name)
                    .bind(time_of(now)?)
                    .execute(&self.0)
                    .await
                    .map_err(store_error)?;
                    Ok(())
                }

                async fn find_national_unit(&self) -> Result<DataProtectionOfficer, StoreError> {
                    let (name_vi, name_en, title_vi, title_en, email, phone): (
                        String,
                        String,
                        String,
                        String,
                        String,
                        String,
                    ) = sqlx::query_as(
                        "SELECT name_vi, name_en, title_vi, title_en, email, phone \
                         FROM national_unit WHERE id = 1",
                    )
                    .fetch_one(&self.0)
                    .await
                    .map_err(store_error)?;
                    Ok(DataProtectionOfficer {
                        province: Province {
                            code: app::domain::requests::NATIONAL_UNIT.to_owned(),
                            name_vi: name_vi.clone(),
                            name_en,
                            kind: ProvinceKind::City,
                        },
                        full_name: name_vi,
                        title_vi,
                        title_en,
                        email,
                        phone,
                    })
                }

                async fn find_agency_place(
                    &self,
                    code: &str,
                ) -> Result<Option<(Named, Option<String>)>, StoreError> {
                    let row: Option<(String, String, String, Option<String>)> = sqlx::query_as(
                        "SELECT a.code, a.name_vi, a.name_en, p.code FROM agencies a \
                         LEFT JOIN provinces p ON p.id = a.province_id WHERE a.code = $1",
                    )
                    .bind(code)
                    .fetch_optional(&self.0)
                    .await
                    .map_err(store_error)?;
                    Ok(row.map(|(code, name_vi, name_en, province)| {
                        (
                            Named {
                                code,
                                name_vi,
                                name_en,
                            },
                            province,
                        )
                    }))
                }

                async fn list_agencies_in(
                    &self,
                    provinces: &[String],
                ) -> Result<Vec<Named>, StoreError> {
                    if provinces.is_empty() {
                        return Ok(Vec::new());
                    }
                    let mut query = QueryBuilder::<Db>::new(
                        "SELECT a.code, a.name_vi, a.name_en FROM agencies a \
                         JOIN provinces p ON p.id = a.province_id WHERE p.code IN ",
                    );
                    push_list(&mut query, provinces);
                    query.push(" ORDER BY a.code");
                    let rows: Vec<(String, String, String)> = query
                        .build_query_as()
                        .fetch_all(&self.0)
                        .await
                        .map_err(store_error)?;
                    Ok(rows
                        .into_iter()
                        .map(|(code, name_vi, name_en)| Named {
                            code,
                            name_vi,
                            name_en,
                        })
                        .collect())
                }

                async fn list_notifications(
                    &self,
                    recipients: &[String],
                    limit: u32,
                ) -> Result<Vec<Notification>, StoreError> {
                    if recipients.is_empty() {
                        return Ok(Vec::new());
                    }
                    let mut query = QueryBuilder::<Db>::new(
                        "SELECT id, reference, message_id, created_at, read_at, recipient \
                         FROM notifications WHERE recipient IN ",
                    );
                    push_list(&mut query, recipients);
                    query.push(" ORDER BY id DESC LIMIT ");
                    query.push_bind(i64::from(limit));
                    #[allow(clippy::type_complexity)]
                    let rows: Vec<(
                        i64,
                        String,
                        String,
                        OffsetDateTime,
                        Option<OffsetDateTime>,
                        String,
                    )> =
                        query
                            .build_query_as()
                            .fetch_all(&self.0)
                            .await
                            .map_err(store_error)?;
                    Ok(rows
                        .into_iter()
                        .map(|(id, reference, message_id, created_at, read_at, recipient)| {
                            Notification {
                                id,
                                reference,
                                message_id,
                                created_at: unix(created_at),
                                read: read_at.is_some(),
                                team: recipient.starts_with("dpo:"),
                            }
                        })
                        .collect())
                }

                async fn mark_notifications_read(
                    &self,
                    recipients: &[String],
                    now: i64,
                ) -> Result<u64, StoreError> {
                    if recipients.is_empty() {
                        return Ok(0);
                    }
                    let mut query = QueryBuilder::<Db>::new("UPDATE notifications SET read_at = ");
                    query.push_bind(time_of(now)?);
                    query.push(" WHERE read_at IS NULL AND recipient IN ");
                    push_list(&mut query, recipients);
                    let done = query.build().execute(&self.0).await.map_err(store_error)?;
                    Ok(done.rows_affected())
                }

                async fn claim_mail(
                    &self,
                    now: i64,
                    lease: i64,
                    limit: u32,
                ) -> Result<Vec<OutboxMail>, StoreError> {
                    // The outer `next_attempt_at` check stops a second
                    // sender that waited on the same rows from taking them.
                    let rows: Vec<(i64, String, String, String, String, i64)> = sqlx::query_as(
                        "UPDATE email_outbox SET next_attempt_at = $1, attempts = attempts + 1 \
                         WHERE sent_at IS NULL AND next_attempt_at <= $2 AND id IN ( \
                             SELECT id FROM email_outbox \
                             WHERE sent_at IS NULL AND next_attempt_at <= $2 \
                             ORDER BY id LIMIT $3) \
                         RETURNING id, to_address, lang, template, reference, attempts",
                    )
                    .bind(time_of(now + lease)?)
                    .bind(time_of(now)?)
                    .bind(i64::from(limit))
                    .fetch_all(&self.0)
                    .await
                    .map_err(store_error)?;
                    let mut mails: Vec<OutboxMail> = rows
                        .into_iter()
                        .map(|(id, to, lang, template, reference, attempts)| OutboxMail {
                            id,
                            to,
                            lang: app::domain::Lang::parse(&lang).unwrap_or_default(),
                            template,
                            reference,
                            attempts,
                        })
                        .collect();
                    mails.sort_by_key(|m| m.id);
                    Ok(mails)
                }

                async fn finish_mail(
                    &self,
                    id: i64,
                    outcome: Result<(), String>,
                    now: i64,
                    retry_at: i64,
                ) -> Result<(), StoreError> {
                    let query = match &outcome {
                        Ok(()) => sqlx::query(
                            "UPDATE email_outbox SET sent_at = $1, last_error = NULL WHERE id = $2",
                        )
                        .bind(time_of(now)?)
                        .bind(id),
                        Err(error) => sqlx::query(
                            "UPDATE email_outbox SET next_attempt_at = $1, last_error = $2 \
                             WHERE id = $3",
                        )
                        .bind(time_of(retry_at)?)
                        .bind(error.chars().take(500).collect::<String>())
                        .bind(id),
                    };
                    query.execute(&self.0).await.map_err(store_error)?;
                    Ok(())
                }

                async fn list_due_reminders(
                    &self,
                    horizon: &str,
                    limit: u32,
                ) -> Result<Vec<DueReminder>, StoreError> {
                    let rows: Vec<(i64, String, String, String, String)> = sqlx::query_as(
                        "SELECT r.id, r.reference, r.handler, 'acknowledge', r.acknowledge_by \
                         FROM requests r WHERE r.status = 'submitted' AND r.acknowledge_by <= $1 \
                         AND NOT EXISTS (SELECT 1 FROM deadline_reminders d \
                             WHERE d.request_id = r.id AND d.deadline = 'acknowledge' \
                             AND d.due_on = r.acknowledge_by) \
                         UNION ALL \
                         SELECT r.id, r.reference, r.handler, 'decide', r.decide_by \
                         FROM requests r WHERE r.status IN \
                             ('submitted', 'acknowledged', 'information-requested') \
                         AND r.decide_by <= $1 \
                         AND NOT EXISTS (SELECT 1 FROM deadline_reminders d \
                             WHERE d.request_id = r.id AND d.deadline = 'decide' \
                             AND d.due_on = r.decide_by) \
                         LIMIT $2",
                    )
                    .bind(horizon)
                    .bind(i64::from(limit))
                    .fetch_all(&self.0)
                    .await
                    .map_err(store_error)?;
                    Ok(rows
                        .into_iter()
                        .map(|(request_id, reference, handler, deadline, due_on)| DueReminder {
                            request_id,
                            reference,
                            handler,
                            deadline,
                            due_on,
                        })
                        .collect())
                }

                async fn record_reminder(
                    &self,
                    reminder: &DueReminder,
                    notices: &[Notice],
                    mails: &[Mail],
                    now: i64,
                ) -> Result<bool, StoreError> {
                    let mut tx = self.0.begin().await.map_err(store_error)?;
                    let inserted = sqlx::query(
                        "INSERT INTO deadline_reminders (request_id, deadline, due_on) \
                         VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                    )
                    .bind(reminder.request_id)
                    .bind(&reminder.deadline)
                    .bind(&reminder.due_on)
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
                    if inserted.rows_affected() == 0 {
                        tx.rollback().await.map_err(store_error)?;
                        return Ok(false);
                    }
                    insert_notices(&mut tx, &reminder.reference, notices, mails, now).await?;
                    tx.commit().await.map_err(store_error)?;
                    Ok(true)
                }

                async fn list_handled(
                    &self,
                ) -> Result<Vec<app::domain::requests::Handled>, StoreError> {
                    let rows: Vec<(String, String, String, Option<String>, String, String)> =
                        sqlx::query_as(
                            "SELECT handler, kind, received_on, decided_on, decide_by, status \
                             FROM requests",
                        )
                        .fetch_all(&self.0)
                        .await
                        .map_err(store_error)?;
                    Ok(rows
                        .into_iter()
                        .filter_map(|(handler, kind, received, decided, due, status)| {
                            let decided = decided
                                .filter(|_| status != RequestStatus::Withdrawn.code());
                            handled(handler, &kind, &received, decided.as_deref(), &due)
                        })
                        .collect())
                }
            }
        }
    };
}

request_store!(sqlite_requests, sqlx::Sqlite);
request_store!(pg_requests, sqlx::Postgres);
