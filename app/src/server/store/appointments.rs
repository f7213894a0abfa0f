//! Appointments: staff roles with the name and written decision behind
//! them, and the audit trail of every change an administrator makes.

use async_trait::async_trait;

use super::StoreError;
use crate::domain::{
    OfficerDetails,
    agencies::{NewAgency, NewSystem, RegisteredAgency},
    appointments::{AdminChange, Appointment, NewAppointment},
};

/// Who made a change: an administrator (pseudonym and name), or the
/// command line (None).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub pseudonym: String,
    pub name: String,
}

/// Why, by whom and when something an administrator keeps changes, for
/// the change log: every such write puts its line there in the same
/// transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChangeNote<'a> {
    pub reason: &'a str,
    /// None: the command line.
    pub actor: Option<&'a Actor>,
    pub now: i64,
}

impl<'a> ChangeNote<'a> {
    /// A change an administrator makes in the console, now.
    pub fn console(reason: &'a str, actor: &'a Actor) -> ChangeNote<'a> {
        ChangeNote {
            reason,
            actor: Some(actor),
            now: crate::server::now(),
        }
    }
}

/// What became of an appointment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Appointed {
    /// A new grant, with its id.
    New(i64),
    /// The person held this role already; nothing changed.
    AlreadyHeld(i64),
}

/// Appointments and the administration audit trail.
#[async_trait]
pub trait AppointmentStore: Send + Sync {
    /// Every role held, with names where known, by role then province then
    /// name.
    async fn list_appointments(&self) -> Result<Vec<Appointment>, StoreError>;

    /// Grants `appointment`'s role to `pseudonym` and records the change,
    /// in one transaction. `actor` None is the command line. `NotFound`
    /// when the province does not exist.
    async fn appoint(
        &self,
        pseudonym: &str,
        appointment: &NewAppointment,
        actor: Option<&Actor>,
        now: i64,
    ) -> Result<Appointed, StoreError>;

    /// Withdraws the grant `id` and records the change with `reason`, in
    /// one transaction; returns what was withdrawn. `NotFound` when no such
    /// grant is held. With `keep_last_administrator` the last
    /// administrator's grant is refused (`Conflict` on
    /// `last-administrator`), checked inside the transaction.
    async fn revoke_appointment(
        &self,
        id: i64,
        reason: &str,
        actor: Option<&Actor>,
        keep_last_administrator: bool,
        now: i64,
    ) -> Result<Appointment, StoreError>;

    /// Publishes `details` as the officer of `province_code` (`VN`: the
    /// national unit, whose Vietnamese name becomes the name given) and
    /// records the change with `reason`, in one transaction. `NotFound`
    /// for a province that does not exist.
    async fn update_officer(
        &self,
        province_code: &str,
        details: &OfficerDetails,
        reason: &str,
        actor: Option<&Actor>,
        now: i64,
    ) -> Result<(), StoreError>;

    /// Every agency with its systems, by code.
    async fn list_registered_agencies(&self) -> Result<Vec<RegisteredAgency>, StoreError>;

    /// Adds an agency to the registry and records it, in one transaction.
    /// `Conflict` when its code is taken.
    async fn add_agency(
        &self,
        agency: &NewAgency,
        reason: &str,
        actor: Option<&Actor>,
        now: i64,
    ) -> Result<(), StoreError>;

    /// Adds a system to an agency and records it, in one transaction.
    /// `NotFound` for an unknown agency, `Conflict` for a taken code.
    async fn add_system(
        &self,
        system: &NewSystem,
        reason: &str,
        actor: Option<&Actor>,
        now: i64,
    ) -> Result<(), StoreError>;

    /// The newest `limit` audited changes, newest first.
    async fn list_admin_changes(&self, limit: u32) -> Result<Vec<AdminChange>, StoreError>;
}
