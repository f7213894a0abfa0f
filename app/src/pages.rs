//! One module per route.

pub mod accessibility;
pub mod home;
pub mod not_found;
pub mod officers;
pub mod privacy;
pub mod prose;

pub use accessibility::AccessibilityPage;
pub use home::HomePage;
pub use not_found::NotFoundPage;
pub use officers::OfficersPage;
pub use privacy::PrivacyPage;
