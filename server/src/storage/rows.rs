//! Row shapes and queries shared by both engines (SQL that reads the same on
//! SQLite and PostgreSQL), and their conversion to domain types.

use app::{
    domain::{
        AccountEvent, AccountEventKind, DataProtectionOfficer, Province, ProvinceKind, Role,
        RoleGrant,
    },
    server::StoreError,
};
use time::OffsetDateTime;

#[derive(sqlx::FromRow)]
pub(crate) struct ProvinceRow {
    code: String,
    name_vi: String,
    name_en: String,
    kind: String,
}

impl TryFrom<ProvinceRow> for Province {
    type Error = StoreError;

    fn try_from(row: ProvinceRow) -> Result<Self, StoreError> {
        let kind = ProvinceKind::parse(&row.kind)
            .ok_or_else(|| corrupt(format!("province {} has kind {:?}", row.code, row.kind)))?;
        Ok(Province {
            code: row.code,
            name_vi: row.name_vi,
            name_en: row.name_en,
            kind,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct OfficerRow {
    #[sqlx(flatten)]
    province: ProvinceRow,
    full_name: String,
    title_vi: String,
    title_en: String,
    email: String,
    phone: String,
}

impl TryFrom<OfficerRow> for DataProtectionOfficer {
    type Error = StoreError;

    fn try_from(row: OfficerRow) -> Result<Self, StoreError> {
        Ok(DataProtectionOfficer {
            province: row.province.try_into()?,
            full_name: row.full_name,
            title_vi: row.title_vi,
            title_en: row.title_en,
            email: row.email,
            phone: row.phone,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct RoleGrantRow {
    role: String,
    province_code: Option<String>,
}

impl TryFrom<RoleGrantRow> for RoleGrant {
    type Error = StoreError;

    fn try_from(row: RoleGrantRow) -> Result<Self, StoreError> {
        let role = Role::from_code(&row.role)
            .ok_or_else(|| corrupt(format!("role grant has role {:?}", row.role)))?;
        Ok(RoleGrant {
            role,
            province_code: row.province_code,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct AccountEventRow {
    kind: String,
    reason: Option<String>,
    occurred_at: OffsetDateTime,
    client_hash: Option<String>,
    user_agent: Option<String>,
}

impl TryFrom<AccountEventRow> for AccountEvent {
    type Error = StoreError;

    fn try_from(row: AccountEventRow) -> Result<Self, StoreError> {
        let kind = AccountEventKind::from_code(&row.kind)
            .ok_or_else(|| corrupt(format!("account event has kind {:?}", row.kind)))?;
        Ok(AccountEvent {
            kind,
            occurred_at: row.occurred_at.unix_timestamp(),
            reason: row.reason,
            user_agent: row.user_agent,
            client_hash: row.client_hash,
        })
    }
}

/// The time of an account event, for binding.
pub(crate) fn event_time(event: &AccountEvent) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(event.occurred_at)
        .unwrap_or_else(|_| OffsetDateTime::now_utc())
}

/// A stored value the domain refuses: a bug or a manual edit, never input.
fn corrupt(what: String) -> StoreError {
    StoreError::Unavailable(what.into())
}

/// Converts every row, stopping at the first that does not fit the domain.
pub(crate) fn convert_all<R, T>(rows: Vec<R>) -> Result<Vec<T>, StoreError>
where
    T: TryFrom<R, Error = StoreError>,
{
    rows.into_iter().map(T::try_from).collect()
}

/// Runs a query without parameters that reads the same on both engines.
async fn fetch_all_as<'e, DB, E, R>(executor: E, sql: &'static str) -> Result<Vec<R>, StoreError>
where
    DB: sqlx::Database,
    E: sqlx::Executor<'e, Database = DB>,
    R: for<'r> sqlx::FromRow<'r, DB::Row> + Send + Unpin,
    for<'q> DB::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
{
    sqlx::query_as::<DB, R>(sql)
        .fetch_all(executor)
        .await
        .map_err(super::store_error)
}

/// Checks that the database answers.
pub(crate) async fn ping<'e, DB, E>(executor: E) -> Result<(), StoreError>
where
    DB: sqlx::Database,
    E: sqlx::Executor<'e, Database = DB>,
    for<'q> DB::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
{
    sqlx::query::<DB>("SELECT 1")
        .execute(executor)
        .await
        .map_err(super::store_error)?;
    Ok(())
}

/// The provinces in listing order.
pub(crate) async fn list_provinces<'e, DB, E>(executor: E) -> Result<Vec<Province>, StoreError>
where
    DB: sqlx::Database,
    E: sqlx::Executor<'e, Database = DB>,
    ProvinceRow: for<'r> sqlx::FromRow<'r, DB::Row>,
    for<'q> DB::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
{
    let rows: Vec<ProvinceRow> = fetch_all_as(
        executor,
        "SELECT code, name_vi, name_en, kind FROM provinces ORDER BY position",
    )
    .await?;
    convert_all(rows)
}

/// Every province's officer, in the provinces' listing order.
pub(crate) async fn list_data_protection_officers<'e, DB, E>(
    executor: E,
) -> Result<Vec<DataProtectionOfficer>, StoreError>
where
    DB: sqlx::Database,
    E: sqlx::Executor<'e, Database = DB>,
    OfficerRow: for<'r> sqlx::FromRow<'r, DB::Row>,
    for<'q> DB::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
{
    let rows: Vec<OfficerRow> = fetch_all_as(
        executor,
        "SELECT p.code, p.name_vi, p.name_en, p.kind, \
                o.full_name, o.title_vi, o.title_en, o.email, o.phone \
         FROM data_protection_officers o JOIN provinces p ON p.id = o.province_id \
         ORDER BY p.position",
    )
    .await?;
    convert_all(rows)
}

/// The role grants of a pseudonym, in a stable order.
pub(crate) async fn list_role_grants<'e, DB, E>(
    executor: E,
    pseudonym: &str,
) -> Result<Vec<RoleGrant>, StoreError>
where
    DB: sqlx::Database,
    E: sqlx::Executor<'e, Database = DB>,
    RoleGrantRow: for<'r> sqlx::FromRow<'r, DB::Row>,
    for<'q> DB::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'q> &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    let rows: Vec<RoleGrantRow> = sqlx::query_as::<DB, RoleGrantRow>(
        "SELECT g.role, p.code AS province_code, p.position \
         FROM role_grants g LEFT JOIN provinces p ON p.id = g.province_id \
         WHERE g.pseudonym = $1 \
         UNION ALL SELECT 'dpo', 'VN', 0 FROM national_unit_staff WHERE pseudonym = $1 \
         ORDER BY 1, 3",
    )
    .bind(pseudonym)
    .fetch_all(executor)
    .await
    .map_err(super::store_error)?;
    convert_all(rows)
}

/// Records one account event.
pub(crate) async fn insert_account_event<'e, DB, E>(
    executor: E,
    pseudonym: Option<&str>,
    event: &AccountEvent,
) -> Result<(), StoreError>
where
    DB: sqlx::Database,
    E: sqlx::Executor<'e, Database = DB>,
    for<'q> DB::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'q> &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> Option<&'q str>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    OffsetDateTime: for<'q> sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    sqlx::query::<DB>(
        "INSERT INTO account_events \
             (pseudonym, kind, reason, occurred_at, client_hash, user_agent) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(pseudonym)
    .bind(event.kind.code())
    .bind(event.reason.as_deref())
    .bind(event_time(event))
    .bind(event.client_hash.as_deref())
    .bind(event.user_agent.as_deref())
    .execute(executor)
    .await
    .map_err(super::store_error)?;
    Ok(())
}

/// Account events matching `column = value`, newest first.
pub(crate) async fn list_account_events<'e, DB, E>(
    executor: E,
    by: EventFilter<'_>,
    limit: u32,
) -> Result<Vec<AccountEvent>, StoreError>
where
    DB: sqlx::Database,
    E: sqlx::Executor<'e, Database = DB>,
    AccountEventRow: for<'r> sqlx::FromRow<'r, DB::Row>,
    for<'q> DB::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'q> &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    i64: for<'q> sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    let (sql, value) = match by {
        EventFilter::Pseudonym(pseudonym) => (
            "SELECT kind, reason, occurred_at, client_hash, user_agent FROM account_events \
             WHERE pseudonym = $1 ORDER BY occurred_at DESC, id DESC LIMIT $2",
            pseudonym,
        ),
        EventFilter::Kind(kind) => (
            "SELECT kind, reason, occurred_at, client_hash, user_agent FROM account_events \
             WHERE kind = $1 ORDER BY occurred_at DESC, id DESC LIMIT $2",
            kind.code(),
        ),
    };
    let rows: Vec<AccountEventRow> = sqlx::query_as::<DB, AccountEventRow>(sql)
        .bind(value)
        .bind(i64::from(limit))
        .fetch_all(executor)
        .await
        .map_err(super::store_error)?;
    convert_all(rows)
}

/// Which account events to list.
#[derive(Clone, Copy, Debug)]
pub(crate) enum EventFilter<'a> {
    Pseudonym(&'a str),
    Kind(AccountEventKind),
}

/// Deletes account events older than `before` (Unix time).
pub(crate) async fn delete_account_events_before<'e, DB, E>(
    executor: E,
    before: i64,
) -> Result<u64, StoreError>
where
    DB: sqlx::Database,
    E: sqlx::Executor<'e, Database = DB>,
    for<'q> DB::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    OffsetDateTime: for<'q> sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    DB::QueryResult: RowsAffected,
{
    let cutoff = OffsetDateTime::from_unix_timestamp(before)
        .map_err(|error| StoreError::Unavailable(error.into()))?;
    let done = sqlx::query::<DB>("DELETE FROM account_events WHERE occurred_at < $1")
        .bind(cutoff)
        .execute(executor)
        .await
        .map_err(super::store_error)?;
    Ok(done.rows())
}

/// How many rows a statement changed, on either engine.
pub(crate) trait RowsAffected {
    fn rows(&self) -> u64;
}

impl RowsAffected for sqlx::sqlite::SqliteQueryResult {
    fn rows(&self) -> u64 {
        self.rows_affected()
    }
}

impl RowsAffected for sqlx::postgres::PgQueryResult {
    fn rows(&self) -> u64 {
        self.rows_affected()
    }
}

/// Adds a role grant inside a transaction; a grant held already is kept.
/// A DPO grant for a province that does not exist fails on a constraint.
pub(crate) async fn insert_role_grant<DB>(
    tx: &mut sqlx::Transaction<'_, DB>,
    pseudonym: &str,
    grant: &RoleGrant,
) -> Result<(), StoreError>
where
    DB: sqlx::Database,
    for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'q> &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> Option<&'q str>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    OffsetDateTime: for<'q> sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    sqlx::query::<DB>(
        "INSERT INTO role_grants (pseudonym, role, province_id, granted_at) \
         VALUES ($1, $2, (SELECT id FROM provinces WHERE code = $3), $4) \
         ON CONFLICT DO NOTHING",
    )
    .bind(pseudonym)
    .bind(grant.role.code())
    .bind(grant.province_code.as_deref())
    .bind(OffsetDateTime::now_utc())
    .execute(&mut **tx)
    .await
    .map_err(super::store_error)?;
    Ok(())
}

/// Adds a demo agency and its systems inside the demo transaction.
pub(crate) async fn insert_demo_agency<DB>(
    tx: &mut sqlx::Transaction<'_, DB>,
    agency: &app::server::DemoAgency,
) -> Result<(), StoreError>
where
    DB: sqlx::Database,
    for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'q> &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> Option<&'q str>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    sqlx::query::<DB>(
        "INSERT INTO agencies (code, name_vi, name_en, kind, province_id) \
         VALUES ($1, $2, $3, $4, (SELECT id FROM provinces WHERE code = $5))",
    )
    .bind(agency.code.as_str())
    .bind(agency.name_vi.as_str())
    .bind(agency.name_en.as_str())
    .bind(agency.kind.as_str())
    .bind(agency.province_code.as_deref())
    .execute(&mut **tx)
    .await
    .map_err(super::store_error)?;
    for (code, name_vi, name_en) in &agency.systems {
        sqlx::query::<DB>(
            "INSERT INTO systems (agency_id, code, name_vi, name_en) \
             VALUES ((SELECT id FROM agencies WHERE code = $1), $2, $3, $4)",
        )
        .bind(agency.code.as_str())
        .bind(code.as_str())
        .bind(name_vi.as_str())
        .bind(name_en.as_str())
        .execute(&mut **tx)
        .await
        .map_err(super::store_error)?;
    }
    Ok(())
}
