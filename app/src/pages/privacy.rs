//! The privacy notice: what this service itself does with personal data.

use leptos::prelude::*;

use super::prose::{ProsePage, Section};
use crate::i18n::key;

const SECTIONS: &[Section] = &[
    Section {
        id: None,
        heading: key("privacy-controller-heading"),
        paragraphs: &[key("privacy-controller-body")],
    },
    Section {
        id: None,
        heading: key("privacy-data-heading"),
        paragraphs: &[
            key("privacy-data-identity"),
            key("privacy-data-records"),
            key("privacy-data-technical"),
        ],
    },
    Section {
        id: None,
        heading: key("privacy-basis-heading"),
        paragraphs: &[key("privacy-basis-body")],
    },
    Section {
        id: None,
        heading: key("privacy-retention-heading"),
        paragraphs: &[key("privacy-retention-body")],
    },
    Section {
        id: None,
        heading: key("privacy-sharing-heading"),
        paragraphs: &[key("privacy-sharing-body")],
    },
    Section {
        id: Some("cookies"),
        heading: key("privacy-cookies-heading"),
        paragraphs: &[
            key("privacy-cookies-body"),
            key("privacy-cookies-lang"),
            key("privacy-cookies-session"),
        ],
    },
    Section {
        id: None,
        heading: key("privacy-rights-heading"),
        paragraphs: &[key("privacy-rights-body"), key("privacy-rights-contact")],
    },
];

/// `/privacy`: the service's privacy notice, including cookies. The
/// retention figures are the configured ones.
#[component]
pub fn PrivacyPage() -> impl IntoView {
    let retention = Resource::new(|| (), |_| crate::api::find_retention());
    let show = |retention: crate::domain::retention::Retention| {
        view! {
            <ProsePage
                title=key("privacy-title")
                lead=key("privacy-lead")
                sections=SECTIONS
                args=retention.args()
            />
        }
    };
    view! { <crate::components::Loaded resource=retention content=show /> }
}
