//! Requests to the DPO. Citizens: their list, the filing form, and each
//! request's status page (deadlines, named DPO, timeline, messages,
//! withdraw, complain). DPOs: the queue (filters, search, deadline order,
//! pages, CSV) and the request page with every step. Forms carrying files
//! post to plain multipart handlers; the other steps are `ActionForm`s.
//! Everything works without JavaScript.

mod clocks;
mod confirm_email;
mod list;
mod new;
mod notifications;
mod queue;
mod queue_request;
mod shared;
mod status;

pub use confirm_email::ConfirmEmailPage;
pub use list::MyRequestsPage;
pub use new::NewRequestPage;
pub use notifications::NotificationsPage;
pub use queue::QueuePage;
pub use queue_request::QueueRequestPage;
pub use status::RequestStatusPage;
