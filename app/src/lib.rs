//! The citizen privacy dashboard's pages, components, server functions and
//! domain rules, shared by the server (`ssr`) and the browser (`hydrate`).

pub mod api;
pub mod assets;
pub mod components;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

use crate::{
    components::{SiteFooter, SiteHeader, SkipLink, provide_session_view},
    i18n::{I18n, request_lang},
    pages::{
        AccessibilityPage, AccountActivityPage, AccountPage, AdminAgenciesPage, AdminAgencyPage,
        AdminAgencyTokenPage, AdminAppointPage, AdminCalendarPage, AdminCategoriesPage,
        AdminChangesPage, AdminNewAgencyPage, AdminNewPurposePage, AdminOfficerPage,
        AdminOfficersPage, AdminPeoplePage, AdminPurposePage, AdminPurposesPage, AdminRevokePage,
        ConfirmEmailPage, ConsentDecisionPage, ConsentFlagsPage, ConsentHistoryPage, ConsentPage,
        ConsentReceiptPage, DataOverviewPage, DeferredEventsPage, HoldingsPage, HomePage,
        Level2RequiredPage, MyRequestsPage, NewRequestPage, NotFoundPage, NotificationsPage,
        OfficersPage, PrivacyPage, QueuePage, QueueRequestPage, RequestStatusPage, RulesPage,
        SharingEventPage, SharingLogPage, SignInFailedPage, SignedOutPage,
    },
};

/// Name of the compiled bundle (`/pkg/<name>.js`, `.wasm`, `.css`); it must
/// match `name` in the workspace's `[[workspace.metadata.leptos]]`.
pub const OUTPUT_NAME: &str = "citizen-privacy";

/// The HTML document around the app. Rendered on the server only.
///
/// Islands mode: the page is plain HTML. Only a page with an island writes
/// the script that loads the WASM ([`components::IslandScripts`]), so most
/// pages load no WASM at all.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    provide_request_nonce();
    // No hydration markers outside islands (what `HydrationScripts` in the
    // head would otherwise switch off).
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    let lang = request_lang();
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <AutoReload options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Hands the middleware's CSP nonce to Leptos, so that every inline script
/// Leptos writes carries the nonce the response header allows.
#[cfg(feature = "ssr")]
fn provide_request_nonce() {
    let nonce = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<server::CspNonce>().cloned());
    if let Some(server::CspNonce(value)) = nonce {
        provide_context(leptos::nonce::Nonce::from_value(value));
    }
}

/// The application: header, main content by route, footer.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(I18n {
        lang: request_lang(),
    });
    provide_session_view();

    view! {
        <Stylesheet id="leptos" href=assets::use_asset_urls().css />
        <Router>
            <SkipLink />
            <SiteHeader />
            <div class="width-container">
                <main id="main" tabindex="-1">
                    <PageRoutes />
                </main>
            </div>
            <SiteFooter />
        </Router>
    }
}

/// Every page by its path. Pages with personal data wait for it before the
/// first byte (async mode): no JavaScript needed, and a refusal gets its
/// real status (401, 403, 404), not 200.
#[component]
fn PageRoutes() -> impl IntoView {
    view! {
        <Routes fallback=NotFoundPage>
            <Route path=path!("") view=HomePage />
            <Route path=path!("/privacy") view=PrivacyPage ssr=SsrMode::Async />
            <Route path=path!("/accessibility") view=AccessibilityPage />
            <Route path=path!("/rules") view=RulesPage />
            // In-order streaming: the data arrives in the HTML
            // itself, so the page works without JavaScript.
            <Route path=path!("/officers") view=OfficersPage ssr=SsrMode::Async />
            <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async />
            <Route path=path!("/account/activity") view=AccountActivityPage ssr=SsrMode::Async />
            <Route path=path!("/data") view=DataOverviewPage ssr=SsrMode::Async />
            <Route path=path!("/data/holdings") view=HoldingsPage ssr=SsrMode::Async />
            <Route path=path!("/data/sharing") view=SharingLogPage ssr=SsrMode::Async />
            <Route path=path!("/data/sharing/:seq") view=SharingEventPage ssr=SsrMode::Async />
            <Route path=path!("/consent") view=ConsentPage ssr=SsrMode::Async />
            <Route
                path=path!("/consent/purposes/:purpose")
                view=ConsentDecisionPage
                ssr=SsrMode::Async
            />
            <Route path=path!("/consent/history") view=ConsentHistoryPage ssr=SsrMode::Async />
            <Route path=path!("/consent/receipts/:id") view=ConsentReceiptPage ssr=SsrMode::Async />
            <Route path=path!("/dpo/consent-flags") view=ConsentFlagsPage ssr=SsrMode::Async />
            <Route path=path!("/dpo/deferred") view=DeferredEventsPage ssr=SsrMode::Async />
            <Route path=path!("/admin/calendar") view=AdminCalendarPage ssr=SsrMode::Async />
            <Route path=path!("/admin/people") view=AdminPeoplePage ssr=SsrMode::Async />
            <Route path=path!("/admin/people/new") view=AdminAppointPage ssr=SsrMode::Async />
            <Route path=path!("/admin/people/:id") view=AdminRevokePage ssr=SsrMode::Async />
            <Route path=path!("/admin/changes") view=AdminChangesPage ssr=SsrMode::Async />
            <Route path=path!("/admin/officers") view=AdminOfficersPage ssr=SsrMode::Async />
            <Route path=path!("/admin/agencies") view=AdminAgenciesPage ssr=SsrMode::Async />
            <Route path=path!("/admin/agencies/new") view=AdminNewAgencyPage ssr=SsrMode::Async />
            <Route path=path!("/admin/agencies/:code") view=AdminAgencyPage ssr=SsrMode::Async />
            <Route
                path=path!("/admin/agencies/:code/tokens/:id")
                view=AdminAgencyTokenPage
                ssr=SsrMode::Async
            />
            <Route
                path=path!("/admin/officers/:province")
                view=AdminOfficerPage
                ssr=SsrMode::Async
            />
            <Route path=path!("/admin/purposes") view=AdminPurposesPage ssr=SsrMode::Async />
            <Route path=path!("/admin/purposes/new") view=AdminNewPurposePage ssr=SsrMode::Async />
            <Route path=path!("/admin/categories") view=AdminCategoriesPage ssr=SsrMode::Async />
            <Route
                path=path!("/admin/purposes/:purpose")
                view=AdminPurposePage
                ssr=SsrMode::Async
            />
            <Route path=path!("/requests") view=MyRequestsPage ssr=SsrMode::Async />
            <Route path=path!("/requests/new") view=NewRequestPage ssr=SsrMode::Async />
            <Route path=path!("/requests/:reference") view=RequestStatusPage ssr=SsrMode::Async />
            <Route path=path!("/dpo/requests") view=QueuePage ssr=SsrMode::Async />
            <Route
                path=path!("/dpo/requests/:reference")
                view=QueueRequestPage
                ssr=SsrMode::Async
            />
            <Route path=path!("/notifications") view=NotificationsPage ssr=SsrMode::Async />
            <Route path=path!("/email/confirm") view=ConfirmEmailPage />
            <Route path=path!("/auth/failed") view=SignInFailedPage />
            <Route path=path!("/auth/signed-out") view=SignedOutPage />
            <Route path=path!("/auth/level-2") view=Level2RequiredPage />
        </Routes>
    }
}
