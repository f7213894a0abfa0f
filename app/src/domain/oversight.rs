//! What a DPO oversees beyond requests (see also
//! [`super::consent::FlaggedEvent`]).

use serde::{Deserialize, Serialize};

use super::sharing::Named;

/// A sharing whose disclosure to the person is deferred, as the DPO of the
/// providing agency's province (or the national unit) sees it: what, and
/// when the person will see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeferredEvent {
    pub seq: i64,
    pub event_id: String,
    pub occurred_at: i64,
    pub provider: Named,
    pub recipient: Named,
    pub legal_basis: Named,
    pub visible_from: i64,
}
