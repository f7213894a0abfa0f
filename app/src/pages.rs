//! One module per route.

pub mod accessibility;
pub mod account;
pub mod account_activity;
pub mod admin;
pub mod agencies;
pub mod appointments;
pub mod catalogue;
pub mod consent;
pub mod deferred;
pub mod home;
pub mod my_data;
pub mod not_found;
pub mod officers;
pub mod privacy;
pub mod prose;
pub mod requests;
pub mod rules;
pub mod sign_in_pages;

pub use accessibility::AccessibilityPage;
pub use account::AccountPage;
pub use account_activity::AccountActivityPage;
pub use admin::{AdminCalendarPage, AdminPurposePage, AdminPurposesPage};
pub use agencies::{AdminAgenciesPage, AdminAgencyPage, AdminAgencyTokenPage, AdminNewAgencyPage};
pub use appointments::{
    AdminAppointPage, AdminChangesPage, AdminOfficerPage, AdminOfficersPage, AdminPeoplePage,
    AdminRevokePage,
};
pub use catalogue::{AdminCategoriesPage, AdminNewPurposePage};
pub use consent::{
    ConsentDecisionPage, ConsentFlagsPage, ConsentHistoryPage, ConsentPage, ConsentReceiptPage,
};
pub use deferred::DeferredEventsPage;
pub use home::HomePage;
pub use my_data::{DataOverviewPage, HoldingsPage, SharingEventPage, SharingLogPage};
pub use not_found::NotFoundPage;
pub use officers::OfficersPage;
pub use privacy::PrivacyPage;
pub use requests::{
    ConfirmEmailPage, MyRequestsPage, NewRequestPage, NotificationsPage, QueuePage,
    QueueRequestPage, RequestStatusPage,
};
pub use rules::RulesPage;
pub use sign_in_pages::{Level2RequiredPage, SignInFailedPage, SignedOutPage};
