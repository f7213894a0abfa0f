//! The signed-in person in the page frame: the header's account area
//! (sign in with VNeID, or the name and sign-out), the development sign-in
//! banner, and the anti-forgery field every form carries.

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use serde::{Deserialize, Serialize};

use crate::{domain::Viewer, i18n::use_i18n};

/// Who is signed in, and whether the development identity provider is on.
/// Computed on the server and handed to the browser with the page, so
/// hydration shows exactly what the server rendered.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionView {
    pub viewer: Option<Viewer>,
    pub dev_sign_in: bool,
}

impl SessionView {
    /// The server's view of the current request.
    #[cfg(feature = "ssr")]
    fn of_request() -> SessionView {
        SessionView {
            viewer: crate::server::current_principal().map(|p| p.viewer),
            dev_sign_in: use_context::<crate::server::AuthSettings>()
                .is_some_and(|settings| settings.dev_sign_in),
        }
    }
}

/// Makes the [`SessionView`] available to every component of the page.
pub fn provide_session_view() {
    let view = leptos::server::SharedValue::new(|| {
        #[cfg(feature = "ssr")]
        {
            SessionView::of_request()
        }
        #[cfg(not(feature = "ssr"))]
        {
            SessionView::default()
        }
    })
    .into_inner();
    provide_context(view);
}

pub fn use_session_view() -> SessionView {
    use_context::<SessionView>().unwrap_or_default()
}

/// The way to sign in and come back to `here` (the start page leads on to
/// the person's data).
pub fn sign_in_href(here: &str) -> String {
    let next = if here == "/" { "/data" } else { here };
    format!(
        "/auth/sign-in?next={}",
        crate::domain::links::path_value(next)
    )
}

/// Header: "Sign in with VNeID", or the person's name and "Sign out".
#[component]
pub fn AccountArea() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session_view();
    match session.viewer {
        Some(viewer) => view! {
            <div class="account-area">
                <a href="/data" class="account-name">
                    {i18n.t("nav-my-data")}
                </a>
                <a href="/consent" class="account-name">
                    {i18n.t("nav-consent")}
                </a>
                <a href="/account" class="account-name">
                    <span class="visually-hidden">{i18n.t("account-signed-in-as")} " "</span>
                    {viewer.name}
                </a>
                <form method="post" action="/auth/sign-out" class="inline-form">
                    <input type="hidden" name="csrf_token" value=masked(&viewer.csrf_token) />
                    <button type="submit" class="link-button">
                        {i18n.t("nav-sign-out")}
                    </button>
                </form>
            </div>
        }
        .into_any(),
        None => {
            let location = use_location();
            let href = move || {
                let search = location.search.get();
                let here = if search.is_empty() {
                    location.pathname.get()
                } else {
                    format!("{}?{}", location.pathname.get(), search)
                };
                sign_in_href(&here)
            };
            view! {
                <a href=href rel="external" class="sign-in-link">
                    {i18n.t("nav-sign-in")}
                </a>
            }
            .into_any()
        }
    }
}

/// Says, on every page, that anyone can sign in as anyone.
#[component]
pub fn DevSignInBanner() -> impl IntoView {
    let i18n = use_i18n();
    use_session_view().dev_sign_in.then(|| {
        view! {
            <p class="dev-banner">
                <strong>{i18n.t("dev-banner-tag")}</strong>
                " "
                {i18n.t("dev-banner-text")}
            </p>
        }
    })
}

/// The hidden anti-forgery field for a form.
#[component]
pub fn CsrfField() -> impl IntoView {
    let token = use_session_view()
        .viewer
        .map(|viewer| masked(&viewer.csrf_token))
        .unwrap_or_default();
    view! { <input type="hidden" name="csrf_token" value=token /> }
}

/// The session's token masked with a fresh pad: different bytes in every
/// form of every response (see `domain::forgery`). Forms render on the
/// server only; the browser side never has the token.
fn masked(token: &str) -> String {
    #[cfg(feature = "ssr")]
    {
        let pad: Vec<u8> = (0..token.len()).map(|_| rand::random::<u8>()).collect();
        crate::domain::forgery::mask_token(token, &pad)
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = token;
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_links_come_back_to_the_page() {
        assert_eq!(sign_in_href("/"), "/auth/sign-in?next=/data");
        assert_eq!(
            sign_in_href("/account/activity?a=1&b=2"),
            "/auth/sign-in?next=/account/activity%3Fa%3D1%26b%3D2"
        );
    }
}
