//! HTTP tests against the real application on port 0 with a fresh SQLite
//! database. One test binary, one module per area.

mod agency_api;
mod appointments;
mod auth;
mod calendar;
mod catalogue;
mod clocks;
mod consent;
mod faults;
mod helpers;
mod logs;
mod my_data;
mod operations;
mod pages;
mod provider;
mod requests;
mod security;

use auth as auth_helpers;
