//! Appointments and the administration audit trail. Every change takes the
//! directory's lock first (a row of `app_meta`: the write lock on SQLite, a
//! row lock on PostgreSQL), so two administrators revoking each other at
//! once cannot both pass the last-administrator check.

use app::{
    domain::{
        Role, RoleGrant,
        appointments::{AdminChange, Appointment, ChangeKind, WrittenDecision},
        datetime::Date,
        requests::NATIONAL_UNIT,
    },
    server::StoreError,
};
use time::OffsetDateTime;

use super::corrupt;

/// A grant as the directory table keeps it, read back.
fn grant_of(role: &str, province_code: Option<String>) -> Result<RoleGrant, StoreError> {
    if role == "national-unit" {
        return Ok(RoleGrant {
            role: Role::Dpo,
            province_code: Some(NATIONAL_UNIT.to_owned()),
        });
    }
    let role = Role::from_code(role).ok_or_else(|| corrupt(format!("role {role:?}")))?;
    Ok(RoleGrant {
        role,
        province_code,
    })
}

fn decision_of(
    number: Option<String>,
    date: Option<String>,
) -> Result<Option<WrittenDecision>, StoreError> {
    let Some(number) = number else {
        return Ok(None);
    };
    let date = match date {
        Some(text) => {
            Some(Date::parse(&text).ok_or_else(|| corrupt(format!("decision date {text:?}")))?)
        }
        None => None,
    };
    Ok(Some(WrittenDecision { number, date }))
}

#[derive(sqlx::FromRow)]
struct AppointmentRow {
    id: i64,
    role: String,
    province_code: Option<String>,
    granted_at: OffsetDateTime,
    full_name: Option<String>,
    masked_id: Option<String>,
    decision_number: Option<String>,
    decision_date: Option<String>,
    appointed_by: Option<String>,
}

/// What every read of appointments selects, from `role_grants g`.
const APPOINTMENT_COLUMNS: &str = "SELECT g.id, g.role, p.code AS province_code, g.granted_at, \
         COALESCE(g.full_name, s.full_name) AS full_name, g.masked_id, g.decision_number, \
         g.decision_date, g.appointed_by \
     FROM role_grants g LEFT JOIN provinces p ON p.id = g.province_id \
     LEFT JOIN staff_profiles s ON s.pseudonym = g.pseudonym";

impl TryFrom<AppointmentRow> for Appointment {
    type Error = StoreError;

    fn try_from(row: AppointmentRow) -> Result<Appointment, StoreError> {
        Ok(Appointment {
            id: row.id,
            grant: grant_of(&row.role, row.province_code)?,
            full_name: row.full_name,
            masked_id: row.masked_id,
            decision: decision_of(row.decision_number, row.decision_date)?,
            since: row.granted_at.unix_timestamp(),
            appointed_by: row.appointed_by,
        })
    }
}

#[derive(sqlx::FromRow)]
struct ChangeRow {
    occurred_at: OffsetDateTime,
    actor_name: Option<String>,
    change: String,
    role: Option<String>,
    province_code: Option<String>,
    person_name: Option<String>,
    person_masked_id: Option<String>,
    decision_number: Option<String>,
    decision_date: Option<String>,
    subject: Option<String>,
    reason: String,
}

impl TryFrom<ChangeRow> for AdminChange {
    type Error = StoreError;

    fn try_from(row: ChangeRow) -> Result<AdminChange, StoreError> {
        Ok(AdminChange {
            at: row.occurred_at.unix_timestamp(),
            actor: row.actor_name,
            kind: ChangeKind::from_code(&row.change)
                .ok_or_else(|| corrupt(format!("change {:?}", row.change)))?,
            grant: match &row.role {
                Some(role) => Some(grant_of(role, row.province_code.clone())?),
                None => None,
            },
            province_code: row.role.is_none().then_some(row.province_code).flatten(),
            subject: row.subject,
            person_name: row.person_name,
            person_masked_id: row.person_masked_id,
            decision: decision_of(row.decision_number, row.decision_date)?,
            reason: row.reason,
        })
    }
}

/// One line of the audit trail, each kind of change filling its columns.
pub(crate) struct AuditLine<'a> {
    pub change: ChangeKind,
    pub role: Option<&'a str>,
    pub province: Option<&'a str>,
    pub person_name: Option<&'a str>,
    pub person_masked_id: Option<&'a str>,
    pub decision_number: Option<&'a str>,
    pub decision_date: Option<String>,
    pub subject: Option<&'a str>,
    pub reason: &'a str,
}

impl<'a> AuditLine<'a> {
    pub(crate) fn new(change: ChangeKind, reason: &'a str) -> AuditLine<'a> {
        AuditLine {
            change,
            role: None,
            province: None,
            person_name: None,
            person_masked_id: None,
            decision_number: None,
            decision_date: None,
            subject: None,
            reason,
        }
    }
}

macro_rules! appointment_store {
    ($db:ty) => {
        const _: () = {
            use app::{
                domain::{
                    OfficerDetails,
                    agencies::{AgencyKind, NewAgency, NewSystem, RegisteredAgency},
                    appointments::{AdminChange, Appointment, ChangeKind, NewAppointment},
                    requests::NATIONAL_UNIT,
                    sharing::Named,
                },
                server::{Actor, Appointed, AppointmentStore, StoreError},
            };
            use async_trait::async_trait;

            use self::{APPOINTMENT_COLUMNS, AppointmentRow, AuditLine, ChangeRow};
            use crate::storage::{
                SqlStore, convert_all, directory::stored_role, store_error, time_of,
            };

            type Tx<'a> = sqlx::Transaction<'a, $db>;

            /// Takes the directory's lock for the rest of the transaction.
            async fn lock_directory(tx: &mut Tx<'_>, now: i64) -> Result<(), StoreError> {
                sqlx::query(
                    "INSERT INTO app_meta (key, value) VALUES ('directory_changed_at', $1) \
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                )
                .bind(now.to_string())
                .execute(&mut **tx)
                .await
                .map_err(store_error)?;
                Ok(())
            }

            impl SqlStore<$db> {
            /// Adds one line to the audit trail, in the caller's
            /// transaction: every kind of change fills the columns it has.
            pub(crate) async fn record_change(
                tx: &mut Tx<'_>,
                now: i64,
                actor: Option<&Actor>,
                line: &AuditLine<'_>,
            ) -> Result<(), StoreError> {
                sqlx::query(
                    "INSERT INTO admin_changes (occurred_at, actor_pseudonym, actor_name, \
                         change, role, province_code, person_name, person_masked_id, \
                         decision_number, decision_date, subject, reason) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                )
                .bind(time_of(now)?)
                .bind(actor.map(|a| a.pseudonym.as_str()))
                .bind(actor.map(|a| a.name.as_str()))
                .bind(line.change.code())
                .bind(line.role)
                .bind(line.province)
                .bind(line.person_name)
                .bind(line.person_masked_id)
                .bind(line.decision_number)
                .bind(line.decision_date.as_deref())
                .bind(line.subject)
                .bind(line.reason)
                .execute(&mut **tx)
                .await
                .map_err(store_error)?;
                Ok(())
            }
            }

            /// The audit line of an appointment or revocation.
            fn appointment_line<'a>(
                change: ChangeKind,
                appointment: &'a Appointment,
                reason: &'a str,
            ) -> AuditLine<'a> {
                let (role, _) = stored_role(&appointment.grant);
                AuditLine {
                    role: Some(role),
                    province: if role == "dpo" {
                        appointment.grant.province_code.as_deref()
                    } else {
                        None
                    },
                    person_name: appointment.full_name.as_deref(),
                    person_masked_id: appointment.masked_id.as_deref(),
                    decision_number: appointment.decision.as_ref().map(|d| d.number.as_str()),
                    decision_date: appointment
                        .decision
                        .as_ref()
                        .and_then(|d| d.date)
                        .map(|d| d.iso()),
                    ..AuditLine::new(change, reason)
                }
            }

            /// The audit line of an agency or system joining the registry.
            fn registry_line<'a>(
                change: ChangeKind,
                entry: &'a Named,
                province: Option<&'a str>,
                reason: &'a str,
            ) -> AuditLine<'a> {
                AuditLine {
                    province,
                    person_name: Some(&entry.name_vi),
                    subject: Some(&entry.code),
                    ..AuditLine::new(change, reason)
                }
            }

            #[async_trait]
            impl AppointmentStore for SqlStore<$db> {
                async fn list_appointments(&self) -> Result<Vec<Appointment>, StoreError> {
                    let rows: Vec<AppointmentRow> = sqlx::query_as(&format!(
                        "{APPOINTMENT_COLUMNS} \
                         ORDER BY g.role, p.position, COALESCE(g.full_name, s.full_name), g.id"
                    ))
                    .fetch_all(&self.pool)
                    .await
                    .map_err(store_error)?;
                    convert_all(rows)
                }

                async fn appoint(
                    &self,
                    pseudonym: &str,
                    new: &NewAppointment,
                    actor: Option<&Actor>,
                    now: i64,
                ) -> Result<Appointed, StoreError> {
                    let (role, province) = stored_role(&new.grant);
                    let mut tx = self.pool.begin().await.map_err(store_error)?;
                    lock_directory(&mut tx, now).await?;
                    let province_id: Option<i64> = match province {
                        Some(code) => Some(
                            sqlx::query_scalar(
                                "SELECT CAST(id AS BIGINT) FROM provinces WHERE code = $1",
                            )
                            .bind(code)
                            .fetch_optional(&mut *tx)
                            .await
                            .map_err(store_error)?
                            .ok_or(StoreError::NotFound)?,
                        ),
                        None => None,
                    };
                    let held: Option<i64> = sqlx::query_scalar(
                        "SELECT CAST(id AS BIGINT) FROM role_grants \
                         WHERE pseudonym = $1 AND role = $2 \
                             AND COALESCE(province_id, 0) = COALESCE($3, 0)",
                    )
                    .bind(pseudonym)
                    .bind(role)
                    .bind(province_id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(store_error)?;
                    if let Some(id) = held {
                        return Ok(Appointed::AlreadyHeld(id));
                    }
                    let masked = new.personal_id.masked();
                    let decision = new.decision.as_ref();
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO role_grants (pseudonym, role, province_id, granted_at, \
                             full_name, masked_id, decision_number, decision_date, appointed_by) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                         RETURNING CAST(id AS BIGINT)",
                    )
                    .bind(pseudonym)
                    .bind(role)
                    .bind(province_id)
                    .bind(time_of(now)?)
                    .bind(&new.full_name)
                    .bind(&masked)
                    .bind(decision.map(|d| d.number.as_str()))
                    .bind(decision.and_then(|d| d.date).map(|d| d.iso()))
                    .bind(actor.map(|a| a.name.as_str()))
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(store_error)?;
                    let appointment = Appointment {
                        id,
                        grant: new.grant.clone(),
                        full_name: Some(new.full_name.clone()),
                        masked_id: Some(masked),
                        decision: new.decision.clone(),
                        since: now,
                        appointed_by: actor.map(|a| a.name.clone()),
                    };
                    Self::record_change(&mut tx, now, actor, &appointment_line(ChangeKind::Appointed, &appointment, &new.reason))
                    .await?;
                    tx.commit().await.map_err(store_error)?;
                    Ok(Appointed::New(id))
                }

                async fn revoke_appointment(
                    &self,
                    id: i64,
                    reason: &str,
                    actor: Option<&Actor>,
                    keep_last_administrator: bool,
                    now: i64,
                ) -> Result<Appointment, StoreError> {
                    let mut tx = self.pool.begin().await.map_err(store_error)?;
                    lock_directory(&mut tx, now).await?;
                    let row: AppointmentRow =
                        sqlx::query_as(&format!("{APPOINTMENT_COLUMNS} WHERE g.id = $1"))
                            .bind(id)
                            .fetch_optional(&mut *tx)
                            .await
                            .map_err(store_error)?
                            .ok_or(StoreError::NotFound)?;
                    let appointment = Appointment::try_from(row)?;
                    if keep_last_administrator
                        && appointment.grant.role == app::domain::Role::Administrator
                    {
                        let administrators: i64 = sqlx::query_scalar(
                            "SELECT CAST(COUNT(*) AS BIGINT) FROM role_grants \
                             WHERE role = 'administrator'",
                        )
                        .fetch_one(&mut *tx)
                        .await
                        .map_err(store_error)?;
                        if administrators <= 1 {
                            return Err(StoreError::Conflict {
                                constraint: "last-administrator".into(),
                            });
                        }
                    }
                    sqlx::query("DELETE FROM role_grants WHERE id = $1")
                        .bind(id)
                        .execute(&mut *tx)
                        .await
                        .map_err(store_error)?;
                    Self::record_change(&mut tx, now, actor, &appointment_line(ChangeKind::Revoked, &appointment, reason))
                    .await?;
                    tx.commit().await.map_err(store_error)?;
                    Ok(appointment)
                }

                async fn update_officer(
                    &self,
                    province_code: &str,
                    details: &OfficerDetails,
                    reason: &str,
                    actor: Option<&Actor>,
                    now: i64,
                ) -> Result<(), StoreError> {
                    let mut tx = self.pool.begin().await.map_err(store_error)?;
                    lock_directory(&mut tx, now).await?;
                    let changed = if province_code == NATIONAL_UNIT {
                        sqlx::query(
                            "UPDATE national_unit SET name_vi = $1, title_vi = $2, \
                                 title_en = $3, email = $4, phone = $5, address = $6, \
                                 hours_vi = $7, hours_en = $8, updated_at = $9 WHERE id = 1",
                        )
                        .bind(&details.full_name)
                        .bind(&details.title_vi)
                        .bind(&details.title_en)
                        .bind(&details.email)
                        .bind(&details.phone)
                        .bind(&details.address)
                        .bind(&details.hours_vi)
                        .bind(&details.hours_en)
                        .bind(time_of(now)?)
                        .execute(&mut *tx)
                        .await
                        .map_err(store_error)?
                    } else {
                        sqlx::query(
                            "INSERT INTO data_protection_officers (province_id, full_name, \
                                 title_vi, title_en, email, phone, address, hours_vi, hours_en, \
                                 created_at, updated_at) \
                             SELECT id, $1, $2, $3, $4, $5, $6, $7, $8, $9, $9 \
                             FROM provinces WHERE code = $10 \
                             ON CONFLICT (province_id) DO UPDATE SET \
                                 full_name = excluded.full_name, title_vi = excluded.title_vi, \
                                 title_en = excluded.title_en, email = excluded.email, \
                                 phone = excluded.phone, address = excluded.address, \
                                 hours_vi = excluded.hours_vi, hours_en = excluded.hours_en, \
                                 updated_at = excluded.updated_at",
                        )
                        .bind(&details.full_name)
                        .bind(&details.title_vi)
                        .bind(&details.title_en)
                        .bind(&details.email)
                        .bind(&details.phone)
                        .bind(&details.address)
                        .bind(&details.hours_vi)
                        .bind(&details.hours_en)
                        .bind(time_of(now)?)
                        .bind(province_code)
                        .execute(&mut *tx)
                        .await
                        .map_err(store_error)?
                    };
                    if changed.rows_affected() != 1 {
                        return Err(StoreError::NotFound);
                    }
                    let line = AuditLine {
                        province: Some(province_code),
                        person_name: Some(&details.full_name),
                        ..AuditLine::new(ChangeKind::OfficerUpdated, reason)
                    };
                    Self::record_change(&mut tx, now, actor, &line).await?;
                    tx.commit().await.map_err(store_error)
                }

                async fn list_registered_agencies(
                    &self,
                ) -> Result<Vec<RegisteredAgency>, StoreError> {
                    type AgencyRow = (
                        String,
                        String,
                        String,
                        String,
                        Option<String>,
                        Option<String>,
                        Option<String>,
                    );
                    let agencies: Vec<AgencyRow> = sqlx::query_as(
                        "SELECT a.code, a.name_vi, a.name_en, a.kind, p.code, a.contact_email, \
                             a.contact_phone \
                         FROM agencies a LEFT JOIN provinces p ON p.id = a.province_id \
                         ORDER BY a.code",
                    )
                    .fetch_all(&self.pool)
                    .await
                    .map_err(store_error)?;
                    let systems: Vec<(String, String, String, String)> = sqlx::query_as(
                        "SELECT a.code, s.code, s.name_vi, s.name_en FROM systems s \
                         JOIN agencies a ON a.id = s.agency_id ORDER BY a.code, s.code",
                    )
                    .fetch_all(&self.pool)
                    .await
                    .map_err(store_error)?;
                    agencies
                        .into_iter()
                        .map(|(code, name_vi, name_en, kind, province_code, email, phone)| {
                            let kind = AgencyKind::from_code(&kind).ok_or_else(|| {
                                crate::storage::corrupt(format!("agency {code} has kind {kind:?}"))
                            })?;
                            let systems = systems
                                .iter()
                                .filter(|(agency, ..)| *agency == code)
                                .map(|(_, code, name_vi, name_en)| Named {
                                    code: code.clone(),
                                    name_vi: name_vi.clone(),
                                    name_en: name_en.clone(),
                                })
                                .collect();
                            Ok(RegisteredAgency {
                                agency: Named {
                                    code,
                                    name_vi,
                                    name_en,
                                },
                                kind,
                                province_code,
                                contact_email: email,
                                contact_phone: phone,
                                systems,
                            })
                        })
                        .collect()
                }

                async fn add_agency(
                    &self,
                    new: &NewAgency,
                    reason: &str,
                    actor: Option<&Actor>,
                    now: i64,
                ) -> Result<(), StoreError> {
                    let mut tx = self.pool.begin().await.map_err(store_error)?;
                    lock_directory(&mut tx, now).await?;
                    sqlx::query(
                        "INSERT INTO agencies (code, name_vi, name_en, kind, province_id, \
                             contact_email, contact_phone) \
                         VALUES ($1, $2, $3, $4, (SELECT id FROM provinces WHERE code = $5), \
                             $6, $7)",
                    )
                    .bind(&new.agency.code)
                    .bind(&new.agency.name_vi)
                    .bind(&new.agency.name_en)
                    .bind(new.kind.code())
                    .bind(new.province_code.as_deref())
                    .bind(new.contact_email.as_deref())
                    .bind(new.contact_phone.as_deref())
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
                    Self::record_change(&mut tx, now, actor, &registry_line(ChangeKind::AgencyAdded, &new.agency, new.province_code.as_deref(), reason))
                    .await?;
                    tx.commit().await.map_err(store_error)?;
                    self.registry.forget();
                    Ok(())
                }

                async fn add_system(
                    &self,
                    new: &NewSystem,
                    reason: &str,
                    actor: Option<&Actor>,
                    now: i64,
                ) -> Result<(), StoreError> {
                    let mut tx = self.pool.begin().await.map_err(store_error)?;
                    lock_directory(&mut tx, now).await?;
                    let added = sqlx::query(
                        "INSERT INTO systems (agency_id, code, name_vi, name_en) \
                         SELECT id, $1, $2, $3 FROM agencies WHERE code = $4",
                    )
                    .bind(&new.system.code)
                    .bind(&new.system.name_vi)
                    .bind(&new.system.name_en)
                    .bind(&new.agency_code)
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
                    if added.rows_affected() != 1 {
                        return Err(StoreError::NotFound);
                    }
                    Self::record_change(&mut tx, now, actor, &registry_line(ChangeKind::SystemAdded, &new.system, None, reason))
                    .await?;
                    tx.commit().await.map_err(store_error)?;
                    self.registry.forget();
                    Ok(())
                }

                async fn list_admin_changes(
                    &self,
                    limit: u32,
                ) -> Result<Vec<AdminChange>, StoreError> {
                    let rows: Vec<ChangeRow> = sqlx::query_as(
                        "SELECT occurred_at, actor_name, change, role, province_code, \
                             person_name, person_masked_id, decision_number, decision_date, \
                             subject, reason \
                         FROM admin_changes ORDER BY occurred_at DESC, id DESC LIMIT $1",
                    )
                    .bind(i64::from(limit))
                    .fetch_all(&self.pool)
                    .await
                    .map_err(store_error)?;
                    convert_all(rows)
                }
            }
        };
    };
}

appointment_store!(sqlx::Sqlite);
appointment_store!(sqlx::Postgres);
