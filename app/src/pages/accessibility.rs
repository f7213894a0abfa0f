//! The accessibility statement.

use leptos::prelude::*;

use super::prose::{ProsePage, Section};
use crate::i18n::key;

const SECTIONS: &[Section] = &[
    Section {
        id: None,
        heading: key("accessibility-standard-heading"),
        paragraphs: &[key("accessibility-standard-body")],
    },
    Section {
        id: None,
        heading: key("accessibility-works-heading"),
        paragraphs: &[key("accessibility-works-body")],
    },
    Section {
        id: None,
        heading: key("accessibility-testing-heading"),
        paragraphs: &[key("accessibility-testing-body")],
    },
    Section {
        id: None,
        heading: key("accessibility-limits-heading"),
        paragraphs: &[key("accessibility-limits-body")],
    },
    Section {
        id: None,
        heading: key("accessibility-report-heading"),
        paragraphs: &[key("accessibility-report-body")],
    },
];

/// `/accessibility`: how accessible the service is and how to report problems.
#[component]
pub fn AccessibilityPage() -> impl IntoView {
    view! {
        <ProsePage
            title=key("accessibility-title")
            lead=key("accessibility-lead")
            sections=SECTIONS
        />
    }
}
