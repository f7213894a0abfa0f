//! The catalogue in the console: categories and purposes are added (never
//! changed in place: events, holdings and receipts refer to them), each
//! with its line in the change log in the same transaction.

macro_rules! catalogue_store {
    ($db:ty) => {
        const _: () = {
            use app::{
                domain::{
                    appointments::ChangeKind,
                    catalogue::{Catalogue, Category, NewCategory, NewPurpose},
                    sharing::Named,
                },
                server::{Actor, CatalogueStore, ConsentStore, StoreError},
            };
            use async_trait::async_trait;

            use crate::storage::{SqlStore, appointments::AuditLine, store_error};

            #[async_trait]
            impl CatalogueStore for SqlStore<$db> {
                async fn load_catalogue(&self) -> Result<Catalogue, StoreError> {
                    let named = |rows: Vec<(String, String, String)>| {
                        rows.into_iter()
                            .map(|(code, name_vi, name_en)| Named {
                                code,
                                name_vi,
                                name_en,
                            })
                            .collect::<Vec<_>>()
                    };
                    let agencies: Vec<(String, String, String)> =
                        sqlx::query_as("SELECT code, name_vi, name_en FROM agencies ORDER BY code")
                            .fetch_all(&self.pool)
                            .await
                            .map_err(store_error)?;
                    let categories: Vec<(String, String, String, bool)> = sqlx::query_as(
                        "SELECT code, name_vi, name_en, sensitive FROM data_categories \
                         ORDER BY id",
                    )
                    .fetch_all(&self.pool)
                    .await
                    .map_err(store_error)?;
                    let legal_bases: Vec<(String, String, String)> = sqlx::query_as(
                        "SELECT code, citation_vi, citation_en FROM legal_bases ORDER BY id",
                    )
                    .fetch_all(&self.pool)
                    .await
                    .map_err(store_error)?;
                    Ok(Catalogue {
                        agencies: named(agencies),
                        categories: categories
                            .into_iter()
                            .map(|(code, name_vi, name_en, sensitive)| Category {
                                category: Named {
                                    code,
                                    name_vi,
                                    name_en,
                                },
                                sensitive,
                            })
                            .collect(),
                        legal_bases: named(legal_bases),
                        purposes: self.list_purposes().await?,
                    })
                }

                async fn add_category(
                    &self,
                    new: &NewCategory,
                    reason: &str,
                    actor: Option<&Actor>,
                    now: i64,
                ) -> Result<(), StoreError> {
                    let mut tx = self.pool.begin().await.map_err(store_error)?;
                    sqlx::query(
                        "INSERT INTO data_categories (code, name_vi, name_en, sensitive) \
                         VALUES ($1, $2, $3, $4)",
                    )
                    .bind(&new.category.code)
                    .bind(&new.category.name_vi)
                    .bind(&new.category.name_en)
                    .bind(new.sensitive)
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
                    let line = AuditLine {
                        person_name: Some(&new.category.name_vi),
                        subject: Some(&new.category.code),
                        ..AuditLine::new(ChangeKind::CategoryAdded, reason)
                    };
                    Self::record_change(&mut tx, now, actor, &line).await?;
                    tx.commit().await.map_err(store_error)?;
                    self.registry.forget();
                    Ok(())
                }

                async fn add_purpose(
                    &self,
                    new: &NewPurpose,
                    reason: &str,
                    actor: Option<&Actor>,
                    now: i64,
                ) -> Result<(), StoreError> {
                    let codes = |codes: &[String]| {
                        serde_json::to_string(codes)
                            .map_err(|error| StoreError::Unavailable(error.into()))
                    };
                    let mut tx = self.pool.begin().await.map_err(store_error)?;
                    // The legal basis (and the controller, when named) must
                    // still exist: the SELECT yields no row otherwise.
                    let added = sqlx::query(
                        "INSERT INTO purposes (code, name_vi, name_en, controller_agency_id, \
                             processors, categories, description_vi, description_en, \
                             legal_basis_id, validity_months, rests_on_consent) \
                         SELECT $1, $2, $3, a.id, $5, $6, $7, $8, b.id, $9, $10 \
                         FROM legal_bases b LEFT JOIN agencies a ON a.code = $4 \
                         WHERE b.code = $11 AND ($4 IS NULL OR a.id IS NOT NULL)",
                    )
                    .bind(&new.purpose.code)
                    .bind(&new.purpose.name_vi)
                    .bind(&new.purpose.name_en)
                    .bind(new.controller.as_deref())
                    .bind(codes(&new.processors)?)
                    .bind(codes(&new.categories)?)
                    .bind(&new.notice.description_vi)
                    .bind(&new.notice.description_en)
                    .bind(new.notice.validity_months)
                    .bind(new.rests_on_consent)
                    .bind(&new.legal_basis)
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
                    if added.rows_affected() != 1 {
                        return Err(StoreError::NotFound);
                    }
                    let line = AuditLine {
                        person_name: Some(&new.purpose.name_vi),
                        subject: Some(&new.purpose.code),
                        ..AuditLine::new(ChangeKind::PurposeAdded, reason)
                    };
                    Self::record_change(&mut tx, now, actor, &line).await?;
                    tx.commit().await.map_err(store_error)?;
                    self.registry.forget();
                    Ok(())
                }
            }
        };
    };
}

catalogue_store!(sqlx::Sqlite);
catalogue_store!(sqlx::Postgres);
