//! Requests to the DPO: filing, following, withdrawing (citizens), the
//! queue and the steps on a request (DPOs of the request's province), and
//! in-app notifications. A citizen only ever reaches their own requests, a
//! DPO only their provinces'; any other reference reads as not found.
//! Each server function checks who asks and calls the use case in
//! `server::requests`; filing and messages carry files, so they are
//! multipart posts to plain handlers (`server::http::requests`) that call
//! the same use cases.

use leptos::prelude::*;

use crate::{
    domain::requests::{Notification, RequestRecord},
    error::AppError,
};

pub use crate::domain::requests::{
    Colleague, FilingForm, FormDraft, Handler, QUEUE_COUNT_LIMIT, QUEUE_PAGE, QueuePage,
    RequestView,
};

/// The filing page: choices, and what was typed before a refusal.
#[server(prefix = "/fn", endpoint = "find_filing_form", input = leptos::server_fn::codec::GetUrl)]
pub async fn find_filing_form() -> Result<FilingForm, AppError> {
    use crate::{
        domain::{Action, AssuranceLevel, requests::RequestKind, sharing::Named},
        server,
    };
    let me = server::require(&Action::FileRequest("access".into()))?;
    let store = server::use_store()?;
    let policy = server::level2_policy();
    let mut agencies: Vec<Named> = store
        .list_holdings(&me.pseudonym)
        .await?
        .into_iter()
        .map(|holding| holding.agency)
        .collect();
    agencies.sort_by(|a, b| a.code.cmp(&b.code));
    agencies.dedup_by(|a, b| a.code == b.code);
    Ok(FilingForm {
        agencies,
        provinces: store.list_provinces().await?,
        level2: me.viewer.level.satisfies(AssuranceLevel::Level2),
        level2_kinds: RequestKind::ALL
            .iter()
            .copied()
            .filter(|kind| policy.requires_level2(&Action::FileRequest(kind.code().into())))
            .collect(),
        draft: server::current_draft("/requests/new"),
    })
}

/// The signed-in person's requests, newest first.
#[server(prefix = "/fn", endpoint = "list_my_requests", input = leptos::server_fn::codec::GetUrl)]
pub async fn list_my_requests() -> Result<Vec<RequestRecord>, AppError> {
    use crate::{domain::Action, server};
    let me = server::require(&Action::FileRequest("access".into()))?;
    Ok(server::use_store()?
        .list_own_requests(&me.pseudonym)
        .await?)
}

/// One of the signed-in person's own requests.
#[server(prefix = "/fn", endpoint = "find_my_request", input = leptos::server_fn::codec::GetUrl)]
pub async fn find_my_request(reference: String) -> Result<RequestView, AppError> {
    use crate::{domain::Action, server};
    let me = server::require(&Action::FileRequest("access".into()))?;
    request_page(me, reference, server::requests::Side::Requester).await
}

/// Today on the server's clock.
#[cfg(feature = "ssr")]
fn today() -> crate::domain::deadlines::Date {
    crate::domain::deadlines::Date::of_unix(crate::server::now())
}

/// A DPO (of any province), or refused.
#[cfg(feature = "ssr")]
fn require_dpo() -> Result<crate::server::Principal, AppError> {
    use crate::{
        domain::{Action, Role},
        server,
    };
    let me = server::require(&Action::ViewOwnAccount)?;
    // Any of their provinces: the request's own is checked when it is read.
    let province = me
        .viewer
        .grants
        .iter()
        .find(|grant| grant.role == Role::Dpo)
        .and_then(|grant| grant.province_code.clone())
        .ok_or_else(|| server::with_status(AppError::Forbidden))?;
    server::require(&Action::WorkQueue {
        province_code: province,
    })
}

/// A request of one of the DPO's provinces.
#[server(prefix = "/fn", endpoint = "find_queue_request", input = leptos::server_fn::codec::GetUrl)]
pub async fn find_queue_request(reference: String) -> Result<RequestView, AppError> {
    let me = require_dpo()?;
    request_page(me, reference, crate::server::requests::Side::Dpo).await
}

/// A request's page as `me` reaches it from `side`, with the draft a
/// refused form on that page left.
#[cfg(feature = "ssr")]
async fn request_page(
    me: crate::server::Principal,
    reference: String,
    side: crate::server::requests::Side,
) -> Result<RequestView, AppError> {
    use crate::server::{self, requests};
    let store = server::use_store()?;
    let as_dpo = side == requests::Side::Dpo;
    let page = if as_dpo { "/dpo/requests" } else { "/requests" };
    let draft = server::current_draft(&format!("{page}/{}", reference.trim()));
    server::answer(
        async {
            let file = requests::reach(&*store, &me, &reference, side).await?;
            requests::view(&*store, &me, file, as_dpo, server::now(), draft).await
        }
        .await,
    )
}

/// The requester withdraws their request (until it is decided).
#[server(prefix = "/fn", endpoint = "withdraw_request")]
pub async fn withdraw_request(reference: String, version: i64) -> Result<(), AppError> {
    use crate::{
        domain::{Action, requests::StepForm},
        server::{self, requests},
    };
    let result = async {
        let me = server::require(&Action::FileRequest("access".into()))?;
        let store = server::use_store()?;
        let file = requests::reach(&*store, &me, &reference, requests::Side::Requester).await?;
        let form = StepForm::withdraw();
        requests::step(&*store, &me, file, version, form, server::now()).await?;
        leptos_axum::redirect(&format!("/requests/{reference}"));
        Ok(())
    }
    .await;
    server::form_result(result)
}

/// A DPO's step on a request of their province: `step` is one of
/// `assign`, `acknowledge`, `request-information`, `extend`, `decide`,
/// `close`, `transfer`; the other fields are what that step needs.
#[allow(clippy::too_many_arguments)]
#[server(prefix = "/fn", endpoint = "take_request_step")]
pub async fn take_request_step(
    reference: String,
    version: i64,
    step: String,
    #[server(default)] text: String,
    #[server(default)] days: String,
    #[server(default)] decision: String,
    #[server(default)] reason: String,
    #[server(default)] province: String,
    #[server(default)] assignee: String,
    #[server(default)] complex: String,
) -> Result<(), AppError> {
    use crate::{
        domain::requests::StepForm,
        server::{self, requests},
    };
    let result = async {
        let me = require_dpo()?;
        let store = server::use_store()?;
        let file = requests::reach(&*store, &me, &reference, requests::Side::Dpo).await?;
        let form = StepForm {
            step,
            text,
            days,
            decision,
            reason,
            province,
            assignee,
            complex,
        };
        let after = requests::step(&*store, &me, file, version, form, server::now()).await?;
        // After a transfer the request may have left the DPO's provinces.
        if me.viewer.is_dpo_of(&after.handler) {
            leptos_axum::redirect(&format!("/dpo/requests/{reference}"));
        } else {
            leptos_axum::redirect("/dpo/requests?transferred=1");
        }
        Ok(())
    }
    .await;
    server::form_result(result)
}

/// One page of the DPO's queue.
#[allow(clippy::too_many_arguments)]
#[server(prefix = "/fn", endpoint = "find_queue", input = leptos::server_fn::codec::GetUrl)]
pub async fn find_queue(
    #[server(default)] status: String,
    #[server(default)] kind: String,
    #[server(default)] agency: String,
    #[server(default)] overdue: String,
    #[server(default)] due_within: String,
    #[server(default)] dir: String,
    #[server(default)] after: String,
    #[server(default)] reference: String,
) -> Result<QueuePage, AppError> {
    use crate::{
        domain::requests::{QueueCursor, QueueFilter},
        server::{self, requests},
    };
    let me = require_dpo()?;
    let store = server::use_store()?;
    let query = requests::QueueQuery {
        filter: QueueFilter::parse(
            &status,
            &kind,
            &agency,
            !overdue.is_empty(),
            &due_within,
            &dir,
        ),
        after: QueueCursor::decode(&after),
        reference,
    };
    server::answer(requests::queue_page(&*store, &me, &query, today()).await)
}

/// The public figures per province and kind of request: received, decided,
/// median days to a decision, share decided on time. Public: no sign-in
/// (the numbers name nobody).
#[server(prefix = "/fn", endpoint = "list_request_figures", input = leptos::server_fn::codec::GetUrl)]
pub async fn list_request_figures() -> Result<Vec<crate::domain::requests::Figures>, AppError> {
    let store = crate::server::use_store()?;
    let handled = store.list_handled().await?;
    Ok(crate::domain::requests::figures(&handled))
}

/// Confirms an address given on a request, from the token its
/// confirmation mail carried; then mail held for it is sent. Public: the
/// token is the proof. Back to the confirmation page, saying how it went.
#[server(prefix = "/fn", endpoint = "confirm_email")]
pub async fn confirm_email(token: String) -> Result<(), AppError> {
    use crate::server;
    let store = server::use_store()?;
    let confirmed =
        server::addresses::confirm_address(&*store, token.trim(), server::now()).await?;
    leptos_axum::redirect(if confirmed {
        "/email/confirm?done=1"
    } else {
        "/email/confirm?failed=1"
    });
    Ok(())
}

/// The signed-in person's notifications (their own, and their provinces'
/// as a DPO), newest first.
#[server(prefix = "/fn", endpoint = "list_notifications", input = leptos::server_fn::codec::GetUrl)]
pub async fn list_notifications() -> Result<Vec<Notification>, AppError> {
    use crate::{domain::Action, server};
    let me = server::require(&Action::ViewOwnAccount)?;
    Ok(server::use_store()?
        .list_notifications(&server::requests::recipients(&me), 100)
        .await?)
}

/// Marks the signed-in person's notifications read.
#[server(prefix = "/fn", endpoint = "mark_notifications_read")]
pub async fn mark_notifications_read() -> Result<(), AppError> {
    use crate::{domain::Action, server};
    let result = async {
        let me = server::require(&Action::ViewOwnAccount)?;
        server::use_store()?
            .mark_notifications_read(&server::requests::recipients(&me), server::now())
            .await?;
        leptos_axum::redirect("/notifications");
        Ok(())
    }
    .await;
    server::form_result(result)
}
