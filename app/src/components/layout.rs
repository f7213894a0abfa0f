//! The frame around every page: skip link, header, phase banner, footer.

use leptos::prelude::*;
use leptos_router::components::A;

use super::{AccountArea, DevSignInBanner, LanguageSwitcher};
use crate::i18n::use_i18n;

/// Lets keyboard users jump past the header.
#[component]
pub fn SkipLink() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a href="#main" class="skip-link" rel="external">
            {i18n.t("nav-skip-to-content")}
        </a>
    }
}

/// Service name (linking home), the language switcher, the account area and
/// the phase banner (inside the header, so every piece of the page sits in a
/// landmark).
#[component]
pub fn SiteHeader() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="site-header">
            <div class="site-header-bar">
                <div class="width-container site-header-row">
                    <A href="/" attr:class="service-name">
                        {i18n.t("service-name")}
                    </A>
                    <div class="header-tools">
                        <LanguageSwitcher />
                        <AccountArea />
                    </div>
                </div>
            </div>
            <div class="width-container">
                <DevSignInBanner />
                <PhaseBanner />
            </div>
        </header>
    }
}

/// Tells visitors the service is new and still improving.
#[component]
pub fn PhaseBanner() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="phase-banner">
            <strong class="tag">{i18n.t("phase-tag")}</strong>
            " "
            <span>{i18n.t("phase-text")}</span>
        </div>
    }
}

/// Links that sit in the same place on every page.
#[component]
pub fn SiteFooter() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <footer class="site-footer">
            <div class="width-container">
                <nav aria-label=i18n.t("footer-nav-label")>
                    <ul class="footer-links">
                        <li>
                            <A href="/privacy">{i18n.t("footer-privacy")}</A>
                        </li>
                        <li>
                            <A href="/privacy#cookies">{i18n.t("footer-cookies")}</A>
                        </li>
                        <li>
                            <A href="/accessibility">{i18n.t("footer-accessibility")}</A>
                        </li>
                        <li>
                            <A href="/officers">{i18n.t("footer-officers")}</A>
                        </li>
                        <li>
                            <A href="/rules">{i18n.t("footer-rules")}</A>
                        </li>
                    </ul>
                </nav>
                <p class="footer-meta">{i18n.t("footer-licence")}</p>
            </div>
        </footer>
    }
}
