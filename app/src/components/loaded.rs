//! A resource's content once it has loaded: "Loading…" while it loads (a
//! server-rendered page streams the content in its place), the translated
//! error if loading failed. The same shell for every page.

use leptos::prelude::*;
use serde::{Serialize, de::DeserializeOwned};

use crate::{components::ErrorMessage, error::AppError, i18n::use_i18n};

/// Shows `content` of `resource`'s value inside one `<Suspense>`, or the
/// error in words.
#[component]
pub fn Loaded<T, V, F>(resource: Resource<Result<T, AppError>>, content: F) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let i18n = use_i18n();
    view! {
        <Suspense fallback=move || {
            view! { <p>{i18n.t("loading")}</p> }
        }>
            {move || {
                let content = content.clone();
                Suspend::new(async move {
                    match resource.await {
                        Ok(value) => content(value).into_any(),
                        Err(error) => view! { <ErrorMessage error /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
