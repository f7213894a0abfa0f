//! HTTP pieces outside the Leptos app: middleware (security headers,
//! language, error pages) and plain handlers (health, language switch).

pub mod agency_api;
pub mod assets;
pub mod client;
pub mod compression;
pub mod consent_api;
pub mod error_page;
pub mod export;
pub mod health;
pub mod language;
pub mod requests;
pub mod routes;
pub mod security;
