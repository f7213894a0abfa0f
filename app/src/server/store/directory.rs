//! The directory: provinces, their officers, the national unit, agencies,
//! the staff who hold roles and the demo data that seeds them.

use async_trait::async_trait;

use super::StoreError;
use crate::domain::{
    DataProtectionOfficer, Province, RoleGrant, requests::StaffMember, sharing::Named,
};

/// The data loaded on the first start of a demo installation.
#[derive(Clone, Debug, Default)]
pub struct DemoData {
    /// One officer per province, matched by `province.code`.
    pub officers: Vec<DataProtectionOfficer>,
    /// Directory entries of the demo staff.
    pub role_grants: Vec<DemoGrant>,
    /// Provincial agencies and their systems.
    pub agencies: Vec<DemoAgency>,
}

/// A role of a demo staff member, by pseudonym.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoGrant {
    pub pseudonym: String,
    pub grant: RoleGrant,
}

/// A signed-in person's standing: their roles now, and the session
/// generation a session must not be older than.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Standing {
    pub grants: Vec<RoleGrant>,
    pub generation: i64,
}

/// An agency of the demo data, with its systems.
#[derive(Clone, Debug)]
pub struct DemoAgency {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    /// One of the `agencies.kind` values.
    pub kind: String,
    pub province_code: Option<String>,
    pub systems: Vec<DemoSystem>,
}

/// A system of a demo agency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoSystem {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
}

/// An agency and the province it belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocatedAgency {
    pub agency: Named,
    /// None for a central agency.
    pub province_code: Option<String>,
}

/// Provinces, officers, agencies and roles.
#[async_trait]
pub trait DirectoryStore: Send + Sync {
    /// Checks that the database answers.
    async fn ping(&self) -> Result<(), StoreError>;

    /// The provincial-level units in official order.
    async fn list_provinces(&self) -> Result<Vec<Province>, StoreError>;

    /// The named data-protection officer of every province that has one, in
    /// the provinces' official order.
    async fn list_data_protection_officers(&self)
    -> Result<Vec<DataProtectionOfficer>, StoreError>;

    /// Loads demo data in one transaction unless demo data was loaded
    /// before. Returns whether it loaded anything. Safe to call from several
    /// server instances at once: exactly one of them loads.
    async fn load_demo_data(&self, demo: &DemoData) -> Result<bool, StoreError>;

    /// The directory's role grants for a pseudonym (none for most citizens).
    async fn list_role_grants(&self, pseudonym: &str) -> Result<Vec<RoleGrant>, StoreError>;

    /// What every signed-in request checks, in one read: the person's role
    /// grants and their session generation ("sign out everywhere"; 0 when
    /// never raised).
    async fn find_standing(&self, pseudonym: &str) -> Result<Standing, StoreError>;

    /// Adds a role to the directory; granting a role held already is a no-op.
    async fn insert_role_grant(&self, pseudonym: &str, grant: &RoleGrant)
    -> Result<(), StoreError>;

    /// Staff with a DPO role for `handler` (a province code or the national
    /// unit), by name.
    async fn list_colleagues(&self, handler: &str) -> Result<Vec<StaffMember>, StoreError>;

    /// Keeps a staff member's name from their sign-in.
    async fn upsert_staff_profile(
        &self,
        pseudonym: &str,
        full_name: &str,
        now: i64,
    ) -> Result<(), StoreError>;

    /// The national unit's contact.
    async fn find_national_unit(&self) -> Result<DataProtectionOfficer, StoreError>;

    /// An agency with its province.
    async fn find_agency_place(&self, code: &str) -> Result<Option<LocatedAgency>, StoreError>;

    /// The agencies of these provinces, by code.
    async fn list_agencies_in(&self, provinces: &[String]) -> Result<Vec<Named>, StoreError>;
}
