//! The browser entry point: hydrates the server-rendered HTML into the app.

use leptos::prelude::document;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    // Reached only when hydration finished without a panic (a mismatch
    // between server HTML and the app panics above). Tests wait for it.
    if let Some(html) = document().document_element() {
        let _ = html.set_attribute("data-hydrated", "true");
    }
}
