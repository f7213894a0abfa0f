//! The catalogue in the console: data categories and purposes, added with
//! a reason and a line in the change log.

use async_trait::async_trait;

use super::{Actor, StoreError};
use crate::domain::catalogue::{Catalogue, NewCategory, NewPurpose};

/// The catalogue's storage.
#[async_trait]
pub trait CatalogueStore: Send + Sync {
    /// The agencies, categories, legal bases and purposes, read afresh.
    async fn load_catalogue(&self) -> Result<Catalogue, StoreError>;

    /// Adds a data category. `Conflict` when its code is taken.
    async fn add_category(
        &self,
        new: &NewCategory,
        reason: &str,
        actor: Option<&Actor>,
        now: i64,
    ) -> Result<(), StoreError>;

    /// Adds a purpose. `Conflict` when its code is taken; `NotFound` when
    /// an agency, category or legal basis it names is gone.
    async fn add_purpose(
        &self,
        new: &NewPurpose,
        reason: &str,
        actor: Option<&Actor>,
        now: i64,
    ) -> Result<(), StoreError>;
}
