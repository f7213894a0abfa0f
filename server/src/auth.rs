//! Signing in and knowing who is asking. So far: the keyed pseudonym that
//! stands in for a citizen's personal identification number everywhere.

pub mod pseudonym;

pub use pseudonym::{Pseudonym, PseudonymKeyError, Pseudonymizer};
