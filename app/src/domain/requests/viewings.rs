//! Who from the DPO office looked at a request: opened its page,
//! downloaded one of its files, exported it in a CSV. The requester sees
//! it on their request's page, and the audit trail keeps it.

use serde::{Deserialize, Serialize};

/// What a member of staff did with a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ViewAction {
    Opened,
    Downloaded,
    Exported,
}

coded!(ViewAction {
    Opened("opened") => "request-viewed-opened";
    Downloaded("downloaded") => "request-viewed-downloaded";
    Exported("exported") => "request-viewed-exported";
});

/// One look at a request, as recorded (at most once a day for each person
/// and action).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewing {
    pub viewer_name: String,
    pub action: ViewAction,
    /// Unix seconds of the first such look that day.
    pub at: i64,
}
