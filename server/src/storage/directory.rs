//! The directory: provinces and their officers, the national unit, staff
//! roles and names, agencies, and the demo data that seeds them.

use app::{
    domain::{
        DataProtectionOfficer, Province, ProvinceKind, Role, RoleGrant,
        requests::{NATIONAL_UNIT, StaffMember},
        sharing::Named,
    },
    server::StoreError,
};

use super::corrupt;

#[derive(sqlx::FromRow)]
struct ProvinceRow {
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
struct OfficerRow {
    #[sqlx(flatten)]
    province: ProvinceRow,
    full_name: String,
    title_vi: String,
    title_en: String,
    email: String,
    phone: String,
    address: String,
    hours_vi: String,
    hours_en: String,
    updated_at: Option<time::OffsetDateTime>,
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
            address: row.address,
            hours_vi: row.hours_vi,
            hours_en: row.hours_en,
            updated_at: row.updated_at.map(time::OffsetDateTime::unix_timestamp),
        })
    }
}

#[derive(sqlx::FromRow)]
struct RoleGrantRow {
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

/// A row of [`find_standing`]'s read: a grant, or (role `""`) the session
/// generation in `position`.
#[derive(sqlx::FromRow)]
struct StandingRow {
    role: String,
    province_code: Option<String>,
    position: Option<i64>,
}

/// The grants and the generation out of one read's rows.
fn standing_from_rows(rows: Vec<StandingRow>) -> Result<app::server::Standing, StoreError> {
    let mut standing = app::server::Standing::default();
    for row in rows {
        if row.role.is_empty() {
            standing.generation = row.position.unwrap_or(0);
        } else {
            standing.grants.push(RoleGrant::try_from(RoleGrantRow {
                role: row.role,
                province_code: row.province_code,
            })?);
        }
    }
    Ok(standing)
}

#[derive(sqlx::FromRow)]
struct ColleagueRow {
    pseudonym: String,
    full_name: String,
}

impl From<ColleagueRow> for StaffMember {
    fn from(row: ColleagueRow) -> StaffMember {
        StaffMember {
            pseudonym: row.pseudonym,
            full_name: row.full_name,
        }
    }
}

#[derive(sqlx::FromRow)]
struct NationalUnitRow {
    name_vi: String,
    name_en: String,
    title_vi: String,
    title_en: String,
    email: String,
    phone: String,
    address: String,
    hours_vi: String,
    hours_en: String,
    updated_at: Option<time::OffsetDateTime>,
}

impl From<NationalUnitRow> for DataProtectionOfficer {
    /// The national unit reads as the officer of the pseudo-province `VN`.
    fn from(row: NationalUnitRow) -> DataProtectionOfficer {
        DataProtectionOfficer {
            province: Province {
                code: NATIONAL_UNIT.to_owned(),
                name_vi: row.name_vi.clone(),
                name_en: row.name_en,
                kind: ProvinceKind::City,
            },
            full_name: row.name_vi,
            title_vi: row.title_vi,
            title_en: row.title_en,
            email: row.email,
            phone: row.phone,
            address: row.address,
            hours_vi: row.hours_vi,
            hours_en: row.hours_en,
            updated_at: row.updated_at.map(time::OffsetDateTime::unix_timestamp),
        }
    }
}

#[derive(sqlx::FromRow)]
struct NamedRow {
    code: String,
    name_vi: String,
    name_en: String,
}

impl From<NamedRow> for Named {
    fn from(row: NamedRow) -> Named {
        Named {
            code: row.code,
            name_vi: row.name_vi,
            name_en: row.name_en,
        }
    }
}

#[derive(sqlx::FromRow)]
struct LocatedAgencyRow {
    #[sqlx(flatten)]
    agency: NamedRow,
    province_code: Option<String>,
}

/// How the directory table keeps a grant: its role code and province. The
/// national unit's staff (DPOs of the pseudo-province `VN`) are role
/// `national-unit` with no province.
pub(crate) fn stored_role(grant: &RoleGrant) -> (&'static str, Option<&str>) {
    match grant.province_code.as_deref() {
        Some(NATIONAL_UNIT) if grant.role == Role::Dpo => ("national-unit", None),
        province => (grant.role.code(), province),
    }
}

/// SQLite keeps times as RFC 3339 text in UTC, always written from Rust;
/// `app_meta` is text on both engines.
fn now_text() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

macro_rules! directory_store {
    ($db:ty) => {
        const _: () = {
            use app::{
                domain::{
                    DataProtectionOfficer, Province, RoleGrant, requests::StaffMember, sharing::Named,
                },
                server::{
                    DemoAgency, DemoData, DirectoryStore, LocatedAgency, StoreError,
                },
            };
            use async_trait::async_trait;
            use time::OffsetDateTime;

            use self::{
                ColleagueRow, LocatedAgencyRow, NamedRow, NationalUnitRow, OfficerRow, ProvinceRow,
                StandingRow, now_text, standing_from_rows, stored_role,
            };
            use crate::storage::{SqlStore, convert_all, push_list, store_error, time_of};

            type Tx<'a> = sqlx::Transaction<'a, $db>;

            /// Adds a role grant; a grant held already is kept. A DPO grant
            /// for a province that does not exist fails on a constraint.
            async fn insert_role_grant(
                tx: &mut Tx<'_>,
                pseudonym: &str,
                grant: &RoleGrant,
            ) -> Result<(), StoreError> {
                let (role, province) = stored_role(grant);
                sqlx::query(
                    "INSERT INTO role_grants (pseudonym, role, province_id, granted_at) \
                     VALUES ($1, $2, (SELECT id FROM provinces WHERE code = $3), $4) \
                     ON CONFLICT DO NOTHING",
                )
                .bind(pseudonym)
                .bind(role)
                .bind(province)
                .bind(OffsetDateTime::now_utc())
                .execute(&mut **tx)
                .await
                .map_err(store_error)?;
                Ok(())
            }

            /// Adds a demo agency and its systems.
            async fn insert_demo_agency(
                tx: &mut Tx<'_>,
                agency: &DemoAgency,
            ) -> Result<(), StoreError> {
                sqlx::query(
                    "INSERT INTO agencies (code, name_vi, name_en, kind, province_id) \
                     VALUES ($1, $2, $3, $4, (SELECT id FROM provinces WHERE code = $5))",
                )
                .bind(&agency.code)
                .bind(&agency.name_vi)
                .bind(&agency.name_en)
                .bind(&agency.kind)
                .bind(agency.province_code.as_deref())
                .execute(&mut **tx)
                .await
                .map_err(store_error)?;
                for system in &agency.systems {
                    sqlx::query(
                        "INSERT INTO systems (agency_id, code, name_vi, name_en) \
                         VALUES ((SELECT id FROM agencies WHERE code = $1), $2, $3, $4)",
                    )
                    .bind(&agency.code)
                    .bind(&system.code)
                    .bind(&system.name_vi)
                    .bind(&system.name_en)
                    .execute(&mut **tx)
                    .await
                    .map_err(store_error)?;
                }
                Ok(())
            }

            #[async_trait]
            impl DirectoryStore for SqlStore<$db> {
                async fn ping(&self) -> Result<(), StoreError> {
                    sqlx::query("SELECT 1")
                        .execute(&self.pool)
                        .await
                        .map_err(store_error)?;
                    Ok(())
                }

                async fn list_provinces(&self) -> Result<Vec<Province>, StoreError> {
                    let rows: Vec<ProvinceRow> = sqlx::query_as(
                        "SELECT code, name_vi, name_en, kind FROM provinces ORDER BY position",
                    )
                    .fetch_all(&self.pool)
                    .await
                    .map_err(store_error)?;
                    convert_all(rows)
                }

                async fn list_data_protection_officers(
                    &self,
                ) -> Result<Vec<DataProtectionOfficer>, StoreError> {
                    let rows: Vec<OfficerRow> = sqlx::query_as(
                        "SELECT p.code, p.name_vi, p.name_en, p.kind, \
                                o.full_name, o.title_vi, o.title_en, o.email, o.phone, \
                                o.address, o.hours_vi, o.hours_en, o.updated_at \
                         FROM data_protection_officers o \
                         JOIN provinces p ON p.id = o.province_id ORDER BY p.position",
                    )
                    .fetch_all(&self.pool)
                    .await
                    .map_err(store_error)?;
                    convert_all(rows)
                }

                async fn load_demo_data(&self, demo: &DemoData) -> Result<bool, StoreError> {
                    let mut tx = self.pool.begin().await.map_err(store_error)?;
                    // The marker goes in first: it takes the write lock (a
                    // row lock on PostgreSQL), so a second instance starting
                    // at the same moment waits, fails on its key and loads
                    // nothing.
                    let marked = sqlx::query(
                        "INSERT INTO app_meta (key, value) VALUES ('demo_data_loaded_at', $1) \
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
                            "INSERT INTO data_protection_officers (province_id, full_name, \
                                 title_vi, title_en, email, phone, created_at, address, \
                                 hours_vi, hours_en) \
                             SELECT id, $1, $2, $3, $4, $5, $6, $8, $9, $10 \
                             FROM provinces WHERE code = $7",
                        )
                        .bind(&officer.full_name)
                        .bind(&officer.title_vi)
                        .bind(&officer.title_en)
                        .bind(&officer.email)
                        .bind(&officer.phone)
                        .bind(OffsetDateTime::now_utc())
                        .bind(&officer.province.code)
                        .bind(&officer.address)
                        .bind(&officer.hours_vi)
                        .bind(&officer.hours_en)
                        .execute(&mut *tx)
                        .await
                        .map_err(store_error)?;
                        if inserted.rows_affected() != 1 {
                            return Err(StoreError::NotFound);
                        }
                    }
                    for agency in &demo.agencies {
                        insert_demo_agency(&mut tx, agency).await?;
                    }
                    for demo_grant in &demo.role_grants {
                        insert_role_grant(&mut tx, &demo_grant.pseudonym, &demo_grant.grant)
                            .await?;
                    }
                    tx.commit().await.map_err(store_error)?;
                    // New agencies and systems: read the registry again.
                    self.registry.forget();
                    Ok(true)
                }

                async fn list_role_grants(
                    &self,
                    pseudonym: &str,
                ) -> Result<Vec<RoleGrant>, StoreError> {
                    Ok(self.find_standing(pseudonym).await?.grants)
                }

                async fn find_standing(
                    &self,
                    pseudonym: &str,
                ) -> Result<app::server::Standing, StoreError> {
                    // The grants as `list_role_grants` reads them, and the
                    // generation as a row of its own (role ""): one round
                    // trip for what every signed-in request checks.
                    let rows: Vec<StandingRow> = sqlx::query_as(
                        "SELECT CASE g.role WHEN 'national-unit' THEN 'dpo' ELSE g.role END AS role, \
                             CASE g.role WHEN 'national-unit' THEN 'VN' ELSE p.code END \
                                 AS province_code, \
                             CAST(COALESCE(p.position, 0) AS BIGINT) AS position \
                         FROM role_grants g LEFT JOIN provinces p ON p.id = g.province_id \
                         WHERE g.pseudonym = $1 \
                         UNION ALL SELECT '', NULL, generation FROM session_generations \
                             WHERE pseudonym = $1 \
                         ORDER BY 1, 3",
                    )
                    .bind(pseudonym)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(store_error)?;
                    standing_from_rows(rows)
                }

                async fn insert_role_grant(
                    &self,
                    pseudonym: &str,
                    grant: &RoleGrant,
                ) -> Result<(), StoreError> {
                    let mut tx = self.pool.begin().await.map_err(store_error)?;
                    insert_role_grant(&mut tx, pseudonym, grant).await?;
                    tx.commit().await.map_err(store_error)
                }

                async fn list_colleagues(
                    &self,
                    handler: &str,
                ) -> Result<Vec<StaffMember>, StoreError> {
                    let rows: Vec<ColleagueRow> = sqlx::query_as(
                        "SELECT s.pseudonym, s.full_name FROM staff_profiles s \
                         WHERE s.pseudonym IN ( \
                             SELECT g.pseudonym FROM role_grants g \
                             JOIN provinces p ON p.id = g.province_id \
                             WHERE g.role = 'dpo' AND p.code = $1 \
                             UNION SELECT n.pseudonym FROM role_grants n \
                                 WHERE n.role = 'national-unit' AND $1 = 'VN') \
                         ORDER BY s.full_name",
                    )
                    .bind(handler)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(store_error)?;
                    Ok(rows.into_iter().map(StaffMember::from).collect())
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
                    .execute(&self.pool)
                    .await
                    .map_err(store_error)?;
                    Ok(())
                }

                async fn find_national_unit(&self) -> Result<DataProtectionOfficer, StoreError> {
                    let row: NationalUnitRow = sqlx::query_as(
                        "SELECT name_vi, name_en, title_vi, title_en, email, phone, address, \
                             hours_vi, hours_en, updated_at \
                         FROM national_unit WHERE id = 1",
                    )
                    .fetch_one(&self.pool)
                    .await
                    .map_err(store_error)?;
                    Ok(row.into())
                }

                async fn find_agency_place(
                    &self,
                    code: &str,
                ) -> Result<Option<LocatedAgency>, StoreError> {
                    let row: Option<LocatedAgencyRow> = sqlx::query_as(
                        "SELECT a.code, a.name_vi, a.name_en, p.code AS province_code \
                         FROM agencies a LEFT JOIN provinces p ON p.id = a.province_id \
                         WHERE a.code = $1",
                    )
                    .bind(code)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(store_error)?;
                    Ok(row.map(|row| LocatedAgency {
                        agency: row.agency.into(),
                        province_code: row.province_code,
                    }))
                }

                async fn list_agencies_in(
                    &self,
                    provinces: &[String],
                ) -> Result<Vec<Named>, StoreError> {
                    if provinces.is_empty() {
                        return Ok(Vec::new());
                    }
                    let mut query = sqlx::QueryBuilder::<$db>::new(
                        "SELECT a.code, a.name_vi, a.name_en FROM agencies a \
                         JOIN provinces p ON p.id = a.province_id WHERE p.code IN ",
                    );
                    push_list(&mut query, provinces);
                    query.push(" ORDER BY a.code");
                    let rows: Vec<NamedRow> = query
                        .build_query_as()
                        .fetch_all(&self.pool)
                        .await
                        .map_err(store_error)?;
                    Ok(rows.into_iter().map(Named::from).collect())
                }
            }
        };
    };
}

directory_store!(sqlx::Sqlite);
directory_store!(sqlx::Postgres);
