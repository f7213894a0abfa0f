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
