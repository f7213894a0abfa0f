//! The browser entry point. Islands mode (#17): the page is server-rendered
//! HTML and only its islands (`#[island]` components in `app`) come to life;
//! the island script calls each island's exported function after `hydrate`.
//! Only pages with an island load this bundle at all.

use leptos::prelude::document;
// Links the app crate in: its islands are exported from there, and nothing
// here names them.
use app as _;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // Tests wait for this: the bundle loaded under the page's CSP and ran.
    if let Some(html) = document().document_element() {
        let _ = html.set_attribute("data-hydrated", "true");
    }
}
