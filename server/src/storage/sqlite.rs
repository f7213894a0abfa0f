//! The embedded SQLite store: WAL journal, foreign keys on, a busy timeout,
//! and `synchronous` from configuration (FULL by default).

use std::{str::FromStr, time::Duration};

use app::{
    domain::consent::{
        ConsentChange, ConsentRecord, ConsentStatus, Purpose, Representation, RepresentedKind,
    },
    domain::sharing::{
        Holding, HoldingRecord, RegistryCodes, SharingEventView, SharingFilter, StoredLink,
        TimelineChoices, TimelinePlace,
    },
    domain::{AccountEvent, AccountEventKind, DataProtectionOfficer, Province, RoleGrant},
    server::{
        AppendError, AppendOutcome, Checkpoint, ConsentCommand, ConsentWriteError, DemoData,
        FlaggedEvent, NewSharingEvent, Store, StoreError,
    },
};
use async_trait::async_trait;
use sqlx::{
    SqlitePool,
    migrate::Migrator,
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
};

use super::{CONNECT_TIMEOUT, ConnectError, connect_reason, rows, store_error};
use crate::config;

static MIGRATOR: Migrator = sqlx::migrate!("../migrations/sqlite");

/// How long a writer waits for another writer's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Storage on a SQLite file.
#[derive(Clone, Debug)]
pub struct SqliteStore {
    pool: SqlitePool,
    requests: super::requests::sqlite_requests::Requests,
    /// The registry as last read (reference data; see `REGISTRY_TTL`).
    registry: std::sync::Arc<super::sharing::RegistryCache>,
    /// Agencies in each person's log, for the timeline's filter.
    agency_lists: std::sync::Arc<super::sharing::AgencyListCache>,
}

impl SqliteStore {
    /// Opens (creating if needed) the database file and applies migrations.
    pub async fn connect(
        url: &str,
        synchronous: config::SqliteSynchronous,
        max_connections: u32,
    ) -> Result<SqliteStore, ConnectError> {
        let fail = |reason: String| ConnectError::Connect {
            url: url.to_owned(),
            reason,
        };
        let options = SqliteConnectOptions::from_str(url)
            .map_err(|error| fail(connect_reason(&error)))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT)
            // Reads through a memory map (no system call per page) and an
            // 8 MiB page cache per connection: at 10 million events the
            // person index no longer fits the 2 MiB default.
            .pragma("mmap_size", "1073741824")
            .pragma("cache_size", "-8192")
            .synchronous(match synchronous {
                config::SqliteSynchronous::Full => SqliteSynchronous::Full,
                config::SqliteSynchronous::Normal => SqliteSynchronous::Normal,
            });
        if let Some(folder) = options.get_filename().parent()
            && !folder.as_os_str().is_empty()
        {
            std::fs::create_dir_all(folder)
                .map_err(|error| fail(format!("cannot create {}: {error}", folder.display())))?;
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(CONNECT_TIMEOUT)
            .connect_with(options)
            .await
            .map_err(|error| fail(connect_reason(&error)))?;
        MIGRATOR
            .run(&pool)
            .await
            .map_err(|error| ConnectError::Migrate {
                url: url.to_owned(),
                reason: error.to_string(),
            })?;
        Ok(SqliteStore {
            requests: super::requests::sqlite_requests::Requests(pool.clone()),
            pool,
            registry: Default::default(),
            agency_lists: Default::default(),
        })
    }

    /// The session store on the same database.
    pub fn session_store(&self) -> super::DbSessionStore {
        super::DbSessionStore::sqlite(self.pool.clone())
    }
}

#[async_trait]
impl Store for SqliteStore {
    async fn ping(&self) -> Result<(), StoreError> {
        rows::ping(&self.pool).await
    }

    async fn list_provinces(&self) -> Result<Vec<Province>, StoreError> {
        rows::list_provinces(&self.pool).await
    }

    async fn list_data_protection_officers(
        &self,
    ) -> Result<Vec<DataProtectionOfficer>, StoreError> {
        rows::list_data_protection_officers(&self.pool).await
    }

    async fn load_demo_data(&self, demo: &DemoData) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await.map_err(store_error)?;
        // The marker goes in first: it takes the write lock, and a second
        // instance starting at the same moment fails on its key and loads nothing.
        let marked = sqlx::query(
            "INSERT INTO app_meta (key, value) VALUES ('demo_data_loaded_at', ?) \
             ON CONFLICT (key) DO NOTHING",
        )
        .bind(now_text())
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        if marked.rows_affected() == 0 {
            return Ok(false);
        }
        for officer in &demo.officers {
            let inserted = sqlx::query(
                "INSERT INTO data_protection_officers \
                     (province_id, full_name, title_vi, title_en, email, phone, created_at) \
                 SELECT id, ?, ?, ?, ?, ?, ? FROM provinces WHERE code = ?",
            )
            .bind(&officer.full_name)
            .bind(&officer.title_vi)
            .bind(&officer.title_en)
            .bind(&officer.email)
            .bind(&officer.phone)
            .bind(now_text())
            .bind(&officer.province.code)
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
            if inserted.rows_affected() != 1 {
                return Err(StoreError::NotFound);
            }
        }
        for agency in &demo.agencies {
            rows::insert_demo_agency(&mut tx, agency).await?;
        }
        for (pseudonym, grant) in &demo.role_grants {
            rows::insert_role_grant(&mut tx, pseudonym, grant).await?;
        }
        tx.commit().await.map_err(store_error)?;
        // New agencies and systems: read the registry again.
        self.registry.forget();
        Ok(true)
    }

    async fn list_role_grants(&self, pseudonym: &str) -> Result<Vec<RoleGrant>, StoreError> {
        rows::list_role_grants(&self.pool, pseudonym).await
    }

    async fn insert_role_grant(
        &self,
        pseudonym: &str,
        grant: &RoleGrant,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(store_error)?;
        rows::insert_role_grant(&mut tx, pseudonym, grant).await?;
        tx.commit().await.map_err(store_error)
    }

    async fn insert_account_event(
        &self,
        pseudonym: Option<&str>,
        event: &AccountEvent,
    ) -> Result<(), StoreError> {
        rows::insert_account_event(&self.pool, pseudonym, event).await
    }

    async fn list_account_events(
        &self,
        pseudonym: &str,
        limit: u32,
    ) -> Result<Vec<AccountEvent>, StoreError> {
        rows::list_account_events(&self.pool, rows::EventFilter::Pseudonym(pseudonym), limit).await
    }

    async fn delete_account_events_before(&self, before: i64) -> Result<u64, StoreError> {
        rows::delete_account_events_before(&self.pool, before).await
    }

    async fn list_failed_sign_ins(&self, limit: u32) -> Result<Vec<AccountEvent>, StoreError> {
        let failed = rows::EventFilter::Kind(AccountEventKind::SignInFailed);
        rows::list_account_events(&self.pool, failed, limit).await
    }

    async fn load_registry_codes(&self) -> Result<RegistryCodes, StoreError> {
        super::sharing::sqlite_log::load_registry_codes(&self.pool, &self.registry).await
    }

    fn forget_registry(&self) {
        self.registry.forget();
    }

    async fn find_agency_credential(
        &self,
        token_id: &str,
    ) -> Result<Option<(String, String)>, StoreError> {
        super::sharing::sqlite_log::find_agency_credential(&self.pool, token_id).await
    }

    async fn insert_agency_credential(
        &self,
        agency_code: &str,
        token_id: &str,
        token_hash: &str,
    ) -> Result<(), StoreError> {
        super::sharing::sqlite_log::insert_agency_credential(
            &self.pool,
            agency_code,
            token_id,
            token_hash,
        )
        .await
    }

    async fn append_sharing_events(
        &self,
        events: &[NewSharingEvent],
    ) -> Result<AppendOutcome, AppendError> {
        let outcome =
            super::sharing::sqlite_log::append(&self.pool, &self.registry, events).await?;
        self.agency_lists
            .forget(events.iter().map(|event| event.pseudonym.as_str()));
        Ok(outcome)
    }

    async fn list_chain_links(
        &self,
        after: i64,
        limit: u32,
    ) -> Result<Vec<StoredLink>, StoreError> {
        super::sharing::sqlite_log::list_links(&self.pool, after, limit).await
    }

    async fn insert_checkpoint(&self, checkpoint: &Checkpoint) -> Result<(), StoreError> {
        super::sharing::sqlite_log::insert_checkpoint(&self.pool, checkpoint).await
    }

    async fn list_checkpoints(&self) -> Result<Vec<Checkpoint>, StoreError> {
        super::sharing::sqlite_log::list_checkpoints(&self.pool).await
    }

    async fn list_sharing_events(
        &self,
        pseudonym: &str,
        filter: &SharingFilter,
        place: TimelinePlace,
        limit: u32,
        now: i64,
    ) -> Result<Vec<SharingEventView>, StoreError> {
        super::sharing::sqlite_log::list_events(
            &self.pool,
            &self.registry,
            pseudonym,
            filter,
            place,
            limit,
            now,
        )
        .await
    }

    async fn count_sharing_events_since(
        &self,
        pseudonym: &str,
        since: i64,
        now: i64,
    ) -> Result<u64, StoreError> {
        super::sharing::sqlite_log::count_events_since(&self.pool, pseudonym, since, now).await
    }

    async fn timeline_choices(
        &self,
        pseudonym: &str,
        now: i64,
    ) -> Result<TimelineChoices, StoreError> {
        super::sharing::sqlite_log::timeline_choices(
            &self.pool,
            &self.registry,
            &self.agency_lists,
            pseudonym,
            now,
        )
        .await
    }

    async fn find_sharing_event(
        &self,
        pseudonym: &str,
        seq: i64,
        now: i64,
    ) -> Result<Option<SharingEventView>, StoreError> {
        super::sharing::sqlite_log::find_event(&self.pool, &self.registry, pseudonym, seq, now)
            .await
    }

    async fn list_holdings(&self, pseudonym: &str) -> Result<Vec<Holding>, StoreError> {
        super::sharing::sqlite_log::list_holdings(&self.pool, &self.registry, pseudonym).await
    }

    async fn upsert_holdings(&self, holdings: &[HoldingRecord]) -> Result<(), StoreError> {
        super::sharing::sqlite_log::upsert_holdings(&self.pool, &self.registry, holdings).await
    }

    async fn load_calendar(&self) -> Result<app::domain::deadlines::CalendarData, StoreError> {
        super::calendar::sqlite_calendar::load(&self.pool).await
    }

    async fn upsert_calendar_day(
        &self,
        day: &app::domain::deadlines::CalendarDay,
    ) -> Result<(), StoreError> {
        super::calendar::sqlite_calendar::upsert_day(&self.pool, day).await
    }

    async fn delete_calendar_day(
        &self,
        date: app::domain::deadlines::Date,
    ) -> Result<bool, StoreError> {
        super::calendar::sqlite_calendar::delete_day(&self.pool, date).await
    }

    async fn take_lease(
        &self,
        name: &str,
        holder: &str,
        now: i64,
        seconds: i64,
    ) -> Result<bool, StoreError> {
        super::calendar::sqlite_calendar::take_lease(&self.pool, name, holder, now, now + seconds)
            .await
    }

    fn requests(&self) -> &dyn app::server::RequestStore {
        &self.requests
    }

    async fn insert_calendar_year(&self, year: i32) -> Result<(), StoreError> {
        super::calendar::sqlite_calendar::insert_year(&self.pool, year).await
    }

    async fn list_purposes(&self) -> Result<Vec<Purpose>, StoreError> {
        super::consent::sqlite_log::list_purposes(&self.pool, &self.registry).await
    }

    async fn update_purpose_notice(
        &self,
        purpose: &str,
        notice: &app::domain::consent::PurposeNotice,
    ) -> Result<i32, StoreError> {
        super::consent::sqlite_log::update_notice(&self.pool, purpose, notice).await
    }

    async fn list_consent_statuses(
        &self,
        pseudonym: &str,
        now: i64,
    ) -> Result<Vec<ConsentStatus>, StoreError> {
        super::consent::sqlite_log::list_statuses(&self.pool, pseudonym, now).await
    }

    async fn record_consent(
        &self,
        command: &ConsentCommand,
    ) -> Result<ConsentRecord, ConsentWriteError> {
        super::consent::sqlite_log::record(&self.pool, command).await
    }

    async fn list_consent_records(
        &self,
        pseudonym: &str,
    ) -> Result<Vec<ConsentRecord>, StoreError> {
        super::consent::sqlite_log::list_records(&self.pool, pseudonym).await
    }

    async fn expire_consents(&self, now: i64, limit: u32) -> Result<usize, StoreError> {
        super::consent::sqlite_log::expire(&self.pool, now, limit).await
    }

    async fn list_consent_changes(
        &self,
        purposes: &[String],
        after: i64,
        limit: u32,
    ) -> Result<Vec<ConsentChange>, StoreError> {
        super::consent::sqlite_log::list_changes(&self.pool, purposes, after, limit).await
    }

    async fn list_representations(
        &self,
        representative: &str,
    ) -> Result<Vec<Representation>, StoreError> {
        let pairs =
            super::consent::sqlite_log::list_representations(&self.pool, representative).await?;
        Ok(pairs.into_iter().map(|(_, link)| link).collect())
    }

    async fn find_represented(
        &self,
        representative: &str,
        id: i64,
    ) -> Result<Option<(String, Representation)>, StoreError> {
        super::consent::sqlite_log::find_represented(&self.pool, representative, id).await
    }

    async fn insert_representation(
        &self,
        representative: &str,
        subject: &str,
        name: &str,
        birth_date: &str,
        kind: RepresentedKind,
        now: i64,
    ) -> Result<i64, StoreError> {
        super::consent::sqlite_log::insert_representation(
            &self.pool,
            representative,
            subject,
            name,
            birth_date,
            kind,
            now,
        )
        .await
    }

    async fn list_flagged_events(
        &self,
        provinces: &[String],
        limit: u32,
    ) -> Result<Vec<FlaggedEvent>, StoreError> {
        super::consent::sqlite_log::list_flagged(&self.pool, &self.registry, provinces, limit).await
    }
}

/// SQLite keeps times as RFC 3339 text in UTC, always written from Rust.
fn now_text() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
