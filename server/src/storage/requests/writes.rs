//! The writes every request change shares (events, files, notices and
//! mails in the change's transaction) and the queue's filter, written once
//! and expanded inside each engine's `RequestStore` (see `requests.rs`):
//! they use that block's `Db`, `Tx` and imports.

macro_rules! request_writes {
    () => {
        /// The keys notifications are filed under.
        fn keys(recipients: &[Addressee]) -> Vec<String> {
            recipients.iter().map(Addressee::key).collect()
        }

        async fn insert_event(
            tx: &mut Tx<'_>,
            request_id: i64,
            event: &RequestEvent,
        ) -> Result<(), StoreError> {
            let c = &event.content;
            let detail =
                serde_json::to_string(&c.detail).map_err(|e| StoreError::Unavailable(e.into()))?;
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
                .bind(notice.recipient.key())
                .bind(reference)
                .bind(&notice.message_id)
                .bind(time_of(now)?)
                .execute(&mut **tx)
                .await
                .map_err(store_error)?;
            }
            for mail in mails {
                // A requester's address: its row, and whether this mail
                // waits for it to be confirmed.
                let held = match &mail.owner {
                    None => None,
                    Some(owner) => {
                        let (id, confirmed): (i64, Option<time::OffsetDateTime>) =
                            sqlx::query_as(
                                "INSERT INTO email_addresses (owner, address, created_at, \
                                     token_hash, token_issued_at) VALUES ($1, $2, $3, $4, $5) \
                                 ON CONFLICT (owner, address) DO UPDATE SET \
                                     token_hash = COALESCE(excluded.token_hash, email_addresses.token_hash), \
                                     token_issued_at = COALESCE(excluded.token_issued_at, \
                                         email_addresses.token_issued_at) \
                                 RETURNING id, confirmed_at",
                            )
                            .bind(owner)
                            .bind(&mail.to)
                            .bind(time_of(now)?)
                            .bind(mail.confirm_hash.as_deref())
                            .bind(mail.confirm_hash.as_ref().map(|_| time_of(now)).transpose()?)
                            .fetch_one(&mut **tx)
                            .await
                            .map_err(store_error)?;
                        (confirmed.is_none() && mail.confirm_token.is_none()).then_some(id)
                    }
                };
                sqlx::query(
                    "INSERT INTO email_outbox (to_address, lang, template, reference, \
                         created_at, next_attempt_at, address_id, token) \
                     VALUES ($1, $2, $3, $4, $5, $5, $6, $7)",
                )
                .bind(&mail.to)
                .bind(mail.lang.code())
                .bind(&mail.template)
                .bind(reference)
                .bind(time_of(now)?)
                .bind(held)
                .bind(mail.confirm_token.as_deref())
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

        impl SqlStore<Db> {
            async fn find_request_record(&self, id: i64) -> Result<RequestRecord, StoreError> {
                let row: RequestRow =
                    sqlx::query_as(&format!("SELECT {COLUMNS} {FROM} WHERE r.id = $1"))
                        .bind(id)
                        .fetch_one(&self.pool)
                        .await
                        .map_err(store_error)?;
                row.try_into()
            }
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
                query
                    .push(open)
                    .push(" AND r.decide_by < ")
                    .push_bind(today.to_owned());
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
    };
}

pub(super) use request_writes;
