//! Row shapes shared by both engines, and their conversion to domain types.

use app::{
    domain::{DataProtectionOfficer, Province, ProvinceKind},
    server::StoreError,
};

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
