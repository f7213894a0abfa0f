//! Requests to DPOs: filing, steps with optimistic concurrency and a hash
//! chain per request, the queue (filters, keyset pages), attachments,
//! notifications and deadline reminders. A change writes its notices and
//! mails (to the outbox) in its own transaction.

mod rows;
mod writes;

macro_rules! request_store {
    // `$days`: the engine's whole days from `received_on` to `decided_on`
    // (ISO dates as text).
    ($db:ty, days = $days:literal) => {
        const _: () = {
            use app::{
                domain::{
                    requests::{
                        Addressee, AttachmentMeta, EventContent, FilingUsage, Notification,
                        QueueCursor, QueueFilter, RequestEvent, RequestRecord, StaffMember,
                        ViewAction, Viewing, reference,
                    },
                    sharing::GENESIS,
                },
                server::{
                    AttachmentFile, DueReminder, Mail, NewAttachment, NewRequest, Notice,
                    RequestFile, RequestStore, StepCommand, StepEvent, StepWriteError, StoreError,
                },
            };
            use async_trait::async_trait;
            use sqlx::QueryBuilder;

            use self::rows::{
                AttachmentFileRow, AttachmentRow, COLUMNS, ChainHeadRow, EVENT_COLUMNS, EventRow,
                FROM, HandledRow, NotificationRow, ReminderRow, RequestRow, ViewingRow, horizon,
            };
            use crate::storage::{SqlStore, convert_all, push_list, store_error, time_of};

            type Db = $db;
            type Tx<'a> = sqlx::Transaction<'a, Db>;

            self::writes::request_writes!();

            #[async_trait]
            impl RequestStore for SqlStore<Db> {
                async fn file_request(
                    &self,
                    request: &NewRequest,
                    event: &StepEvent,
                ) -> Result<RequestRecord, StoreError> {
                    let year = app::domain::deadlines::Date::parse(&request.received_on)
                        .map(|d| d.year())
                        .ok_or_else(|| {
                            StoreError::Unavailable("received_on is not a date".into())
                        })?;
                    let mut tx = self.pool.begin().await.map_err(store_error)?;
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
                             submitted_at, updated_at, version, event_count, chain_hash, \
                             legacy_deadlines) \
                         VALUES ($1, $2, $3, $4, CAST($5 AS INTEGER), $6, $7, $8, $9, $10, \
                             'submitted', $11, $12, $13, $14, $14, 1, 0, $15, $16) RETURNING id",
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
                    .bind(false)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(store_error)?;
                    let ids = insert_attachments(&mut tx, id, 1, &request.attachments).await?;
                    let sealed = RequestEvent::seal(
                        content(&reference, 1, event, ids, request.now),
                        GENESIS,
                    );
                    insert_event(&mut tx, id, &sealed).await?;
                    sqlx::query(
                        "UPDATE requests SET event_count = 1, chain_hash = $1 WHERE id = $2",
                    )
                    .bind(&sealed.chain_hash)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
                    insert_notices(
                        &mut tx,
                        &reference,
                        &request.notices,
                        &request.mails,
                        request.now,
                    )
                    .await?;
                    tx.commit().await.map_err(store_error)?;
                    self.find_request_record(id).await
                }

                async fn list_own_requests(
                    &self,
                    requester: &str,
                ) -> Result<Vec<RequestRecord>, StoreError> {
                    let rows: Vec<RequestRow> = sqlx::query_as(&format!(
                        "SELECT {COLUMNS} {FROM} WHERE r.requester = $1 ORDER BY r.id DESC"
                    ))
                    .bind(requester)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(store_error)?;
                    convert_all(rows)
                }

                async fn find_request(
                    &self,
                    reference: &str,
                ) -> Result<Option<RequestFile>, StoreError> {
                    let row: Option<RequestRow> =
                        sqlx::query_as(&format!("SELECT {COLUMNS} {FROM} WHERE r.reference = $1"))
                            .bind(reference)
                            .fetch_optional(&self.pool)
                            .await
                            .map_err(store_error)?;
                    let Some(row) = row else {
                        return Ok(None);
                    };
                    let record = RequestRecord::try_from(row)?;
                    let events: Vec<EventRow> = sqlx::query_as(&format!(
                        "SELECT {EVENT_COLUMNS} FROM request_events WHERE request_id = $1 \
                         ORDER BY seq"
                    ))
                    .bind(record.id)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(store_error)?;
                    let events = events
                        .into_iter()
                        .map(|event| event.into_event(&record.reference))
                        .collect::<Result<Vec<_>, _>>()?;
                    let attachments: Vec<AttachmentRow> = sqlx::query_as(
                        "SELECT id, event_seq, file_name, media_type, size_bytes, purged_at \
                         FROM request_attachments WHERE request_id = $1 ORDER BY event_seq, id",
                    )
                    .bind(record.id)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(store_error)?;
                    Ok(Some(RequestFile {
                        record,
                        events,
                        attachments: attachments.into_iter().map(AttachmentMeta::from).collect(),
                    }))
                }

                async fn record_step(
                    &self,
                    command: &StepCommand,
                ) -> Result<RequestRecord, StepWriteError> {
                    let mut tx = self.pool.begin().await.map_err(store_error)?;
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
                    let head: ChainHeadRow = sqlx::query_as(
                        "SELECT reference, event_count, chain_hash FROM requests WHERE id = $1",
                    )
                    .bind(command.request_id)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(store_error)?;
                    let (reference, previous) = (head.reference, head.chain_hash);
                    let seq = head.event_count + 1;
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
                             acknowledge_by = $17, legacy_deadlines = $18, \
                             decide_by = $4, first_decide_by = $5, extension_reason = $6, \
                             decided_on = $7, assignee = $8, assignee_name = $9, \
                             updated_at = $10, event_count = $11, chain_hash = $12, \
                             extension_days = $14, third_party = $15, accepted_on = $16 \
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
                    .bind(
                        after
                            .extension_days
                            .and_then(|days| i32::try_from(days).ok()),
                    )
                    .bind(after.third_party)
                    .bind(after.accepted_on.as_deref())
                    .bind(&after.acknowledge_by)
                    .bind(after.legacy_deadlines)
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
                    insert_notices(
                        &mut tx,
                        &reference,
                        &command.notices,
                        &command.mails,
                        command.now,
                    )
                    .await?;
                    tx.commit().await.map_err(store_error)?;
                    Ok(self.find_request_record(command.request_id).await?)
                }

                async fn find_attachment(
                    &self,
                    id: &str,
                ) -> Result<Option<AttachmentFile>, StoreError> {
                    let row: Option<AttachmentFileRow> = sqlx::query_as(
                        "SELECT r.id AS request_id, r.requester, r.handler, f.id, f.event_seq, \
                             f.file_name, \
                             f.media_type, f.size_bytes, f.purged_at, f.content \
                         FROM request_attachments f JOIN requests r ON r.id = f.request_id \
                         WHERE f.id = $1",
                    )
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(store_error)?;
                    Ok(row.map(AttachmentFile::from))
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
                        .push(format!(
                            " ORDER BY r.decide_by {order}, r.id {order} LIMIT "
                        ))
                        .push_bind(i64::from(limit));
                    let rows: Vec<RequestRow> = query
                        .build_query_as()
                        .fetch_all(&self.pool)
                        .await
                        .map_err(store_error)?;
                    convert_all(rows)
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
                        .fetch_one(&self.pool)
                        .await
                        .map_err(store_error)?;
                    Ok(count as u64)
                }

                async fn list_notifications(
                    &self,
                    recipients: &[Addressee],
                    limit: u32,
                ) -> Result<Vec<Notification>, StoreError> {
                    if recipients.is_empty() {
                        return Ok(Vec::new());
                    }
                    let mut query = QueryBuilder::<Db>::new(
                        "SELECT id, reference, message_id, created_at, read_at, recipient \
                         FROM notifications WHERE recipient IN ",
                    );
                    push_list(&mut query, &keys(recipients));
                    query.push(" ORDER BY id DESC LIMIT ");
                    query.push_bind(i64::from(limit));
                    let rows: Vec<NotificationRow> = query
                        .build_query_as()
                        .fetch_all(&self.pool)
                        .await
                        .map_err(store_error)?;
                    Ok(rows.into_iter().map(Notification::from).collect())
                }

                async fn mark_notifications_read(
                    &self,
                    recipients: &[Addressee],
                    now: i64,
                ) -> Result<u64, StoreError> {
                    if recipients.is_empty() {
                        return Ok(0);
                    }
                    let mut query = QueryBuilder::<Db>::new("UPDATE notifications SET read_at = ");
                    query.push_bind(time_of(now)?);
                    query.push(" WHERE read_at IS NULL AND recipient IN ");
                    push_list(&mut query, &keys(recipients));
                    let done = query
                        .build()
                        .execute(&self.pool)
                        .await
                        .map_err(store_error)?;
                    Ok(done.rows_affected())
                }

                async fn list_due_reminders(
                    &self,
                    horizon: &str,
                    limit: u32,
                ) -> Result<Vec<DueReminder>, StoreError> {
                    let rows: Vec<ReminderRow> = sqlx::query_as(
                        "SELECT r.id AS request_id, r.reference, r.handler, 'acknowledge' AS deadline, \
                             r.acknowledge_by AS due_on \
                         FROM requests r WHERE r.status = 'submitted' AND r.acknowledge_by <= $1 \
                         AND NOT EXISTS (SELECT 1 FROM deadline_reminders d \
                             WHERE d.request_id = r.id AND d.deadline = 'acknowledge' \
                             AND d.due_on = r.acknowledge_by) \
                         UNION ALL \
                         SELECT r.id AS request_id, r.reference, r.handler, 'decide' AS deadline, \
                             r.decide_by AS due_on \
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
                    .fetch_all(&self.pool)
                    .await
                    .map_err(store_error)?;
                    convert_all(rows)
                }

                async fn record_reminder(
                    &self,
                    reminder: &DueReminder,
                    notices: &[Notice],
                    mails: &[Mail],
                    now: i64,
                ) -> Result<bool, StoreError> {
                    let mut tx = self.pool.begin().await.map_err(store_error)?;
                    let inserted = sqlx::query(
                        "INSERT INTO deadline_reminders (request_id, deadline, due_on) \
                         VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                    )
                    .bind(reminder.request_id)
                    .bind(reminder.deadline.code())
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
                    if let Some(kept) = self.figures.fresh() {
                        return Ok(kept.as_ref().clone());
                    }
                    // Counted in the database: one row per province, kind
                    // and days to decision, however many requests there are.
                    let rows: Vec<HandledRow> = sqlx::query_as(concat!(
                        "SELECT handler, kind, days, on_time, COUNT(*) AS count FROM ( \
                             SELECT handler, kind, \
                                 CASE WHEN decided AND decided_on IS NOT NULL THEN ",
                        $days,
                        " END AS days, \
                                 CASE WHEN decided AND decided_on IS NOT NULL \
                                     THEN CAST(CASE WHEN decided_on <= decide_by THEN 1 ELSE 0 END AS BIGINT) \
                                 END AS on_time \
                             FROM (SELECT r.*, status <> 'withdrawn' AS decided FROM requests r) d \
                         ) t GROUP BY handler, kind, days, on_time"
                    ))
                    .fetch_all(&self.pool)
                    .await
                    .map_err(store_error)?;
                    let handled: Vec<_> = rows.into_iter().filter_map(HandledRow::handled).collect();
                    Ok(self.figures.keep(handled).as_ref().clone())
                }

                async fn purge_closed_request_files(
                    &self,
                    closed_before: i64,
                    now: i64,
                ) -> Result<u64, StoreError> {
                    let done = sqlx::query(
                        "UPDATE request_attachments SET content = $1, purged_at = $2 \
                         WHERE purged_at IS NULL AND request_id IN ( \
                             SELECT id FROM requests \
                             WHERE status IN ('closed', 'withdrawn') AND updated_at < $3)",
                    )
                    .bind(Vec::<u8>::new())
                    .bind(time_of(now)?)
                    .bind(time_of(closed_before)?)
                    .execute(&self.pool)
                    .await
                    .map_err(store_error)?;
                    Ok(done.rows_affected())
                }

                async fn record_viewings(
                    &self,
                    request_ids: &[i64],
                    viewer: &StaffMember,
                    action: ViewAction,
                    now: i64,
                ) -> Result<(), StoreError> {
                    if request_ids.is_empty() {
                        return Ok(());
                    }
                    let day = app::domain::deadlines::Date::of_unix(now).iso();
                    let at = time_of(now)?;
                    let mut tx = self.pool.begin().await.map_err(store_error)?;
                    // A page of the CSV at a time: well under the engines'
                    // limits on bound values.
                    for ids in request_ids.chunks(500) {
                        let mut query = QueryBuilder::<Db>::new(
                            "INSERT INTO request_views \
                             (request_id, viewer, viewer_name, action, day, at) ",
                        );
                        query.push_values(ids, |mut row, id| {
                            row.push_bind(*id)
                                .push_bind(viewer.pseudonym.clone())
                                .push_bind(viewer.full_name.clone())
                                .push_bind(action.code())
                                .push_bind(day.clone())
                                .push_bind(at);
                        });
                        query.push(" ON CONFLICT DO NOTHING");
                        query.build().execute(&mut *tx).await.map_err(store_error)?;
                    }
                    tx.commit().await.map_err(store_error)
                }

                async fn filing_usage(
                    &self,
                    requester: &str,
                    since: i64,
                ) -> Result<FilingUsage, StoreError> {
                    let filed_today: i64 = sqlx::query_scalar(
                        "SELECT COUNT(*) FROM requests WHERE requester = $1 AND submitted_at >= $2",
                    )
                    .bind(requester)
                    .bind(time_of(since)?)
                    .fetch_one(&self.pool)
                    .await
                    .map_err(store_error)?;
                    let stored_bytes: i64 = sqlx::query_scalar(
                        "SELECT CAST(COALESCE(SUM(f.size_bytes), 0) AS BIGINT) \
                         FROM request_attachments f JOIN requests r ON r.id = f.request_id \
                         WHERE r.requester = $1 AND f.purged_at IS NULL",
                    )
                    .bind(requester)
                    .fetch_one(&self.pool)
                    .await
                    .map_err(store_error)?;
                    Ok(FilingUsage {
                        filed_today: u64::try_from(filed_today).unwrap_or_default(),
                        stored_bytes: u64::try_from(stored_bytes).unwrap_or_default(),
                    })
                }

                async fn list_viewings(&self, request_id: i64) -> Result<Vec<Viewing>, StoreError> {
                    let rows: Vec<ViewingRow> = sqlx::query_as(
                        "SELECT viewer_name, action, at FROM request_views \
                         WHERE request_id = $1 ORDER BY at DESC, action LIMIT 200",
                    )
                    .bind(request_id)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(store_error)?;
                    convert_all(rows)
                }

                async fn list_spanning(
                    &self,
                    day: &str,
                    limit: u32,
                ) -> Result<Vec<RequestRecord>, StoreError> {
                    let rows: Vec<RequestRow> = sqlx::query_as(&format!(
                        "SELECT {COLUMNS} {FROM} WHERE r.status IN \
                             ('submitted', 'acknowledged', 'information-requested') \
                         AND r.legacy_deadlines = $3 AND r.received_on < $1 \
                         AND r.decide_by >= $1 ORDER BY r.id LIMIT $2"
                    ))
                    .bind(day)
                    .bind(i64::from(limit))
                    .bind(false)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(store_error)?;
                    convert_all(rows)
                }
            }
        };
    };
}

request_store!(
    sqlx::Sqlite,
    days = "CAST(julianday(decided_on) - julianday(received_on) AS BIGINT)"
);
request_store!(
    sqlx::Postgres,
    days = "CAST(CAST(decided_on AS date) - CAST(received_on AS date) AS BIGINT)"
);
