//! What the privacy notice states from configuration.

use leptos::prelude::*;

use crate::{domain::retention::Retention, error::AppError};

/// The retention periods in force, as the deletion job applies them.
/// Public: the privacy notice states them to everyone.
#[server(prefix = "/fn", endpoint = "find_retention", input = leptos::server_fn::codec::GetUrl)]
pub async fn find_retention() -> Result<Retention, AppError> {
    use_context::<Retention>().ok_or_else(|| crate::server::internal_error("no retention settings"))
}
