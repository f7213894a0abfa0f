//! Error pages produced outside the Leptos app: a panic anywhere in a
//! request, or a body over the size limit. Both are translated, name a
//! reference for support, and never show internals.

use std::panic::AssertUnwindSafe;

use app::{domain::Lang, i18n::translate};
use axum::{
    extract::Request,
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::{Html, IntoResponse, Response},
};
use futures::FutureExt as _;

use super::language;

/// Middleware: negotiate the language, and turn a panic or a 413 from
/// anything inside into a translated page.
pub async fn translated_errors(mut request: Request, next: Next) -> Response {
    let lang = language::attach(&mut request);
    // Machines get JSON, not pages.
    let api = request.uri().path().starts_with("/api/v1/");
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    match AssertUnwindSafe(next.run(request)).catch_unwind().await {
        Ok(response) if response.status() == StatusCode::PAYLOAD_TOO_LARGE && api => (
            StatusCode::PAYLOAD_TOO_LARGE,
            axum::Json(serde_json::json!({ "error": "too-large" })),
        )
            .into_response(),
        Ok(response) if response.status() == StatusCode::PAYLOAD_TOO_LARGE => error_response(
            lang,
            StatusCode::PAYLOAD_TOO_LARGE,
            "error-too-large-title",
            "error-too-large-body",
            None,
        ),
        Ok(response) if response.status() == StatusCode::REQUEST_TIMEOUT && !api => error_response(
            lang,
            StatusCode::REQUEST_TIMEOUT,
            "error-timeout-title",
            "error-timeout-body",
            None,
        ),
        Ok(response) if response.status() == StatusCode::TOO_MANY_REQUESTS && !api => {
            let mut page = error_response(
                lang,
                StatusCode::TOO_MANY_REQUESTS,
                "error-rate-limited-title",
                "sign-in-failed-rate-limited",
                None,
            );
            if let Some(retry) = response.headers().get(header::RETRY_AFTER) {
                page.headers_mut()
                    .insert(header::RETRY_AFTER, retry.clone());
            }
            page
        }
        Ok(response) => response,
        Err(_) => {
            // The panic message was already printed by the panic hook with
            // the request's span; here we only answer the person.
            tracing::error!(request_id = %request_id, "request panicked");
            error_response(
                lang,
                StatusCode::INTERNAL_SERVER_ERROR,
                "error-page-title",
                "error-page-body",
                Some(&request_id),
            )
        }
    }
}

/// How a plain handler answers with an [`AppError`]: its status, its
/// translated message and, for an internal failure, the reference that was
/// logged with the cause (by `internal_error`).
pub fn error_page(lang: Lang, error: &app::error::AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let title = "error-summary-title";
    error_response(lang, status, title, error.message_id(), error.reference())
}

/// A small self-contained page in the visitor's language.
pub fn error_response(
    lang: Lang,
    status: StatusCode,
    title_key: &str,
    body_key: &str,
    reference: Option<&str>,
) -> Response {
    let page = error_page_html(lang, title_key, body_key, reference);
    let mut response = (status, Html(page)).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn error_page_html(lang: Lang, title_key: &str, body_key: &str, reference: Option<&str>) -> String {
    let t = |key: &str| escape(&translate(lang, key));
    let reference = reference
        .filter(|r| !r.is_empty())
        .map(|r| {
            format!(
                "<p>{}</p>",
                escape(&app::i18n::translate_with(
                    lang,
                    "error-reference",
                    &[("reference", r.to_owned())]
                ))
            )
        })
        .unwrap_or_default();
    format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><link rel=\"stylesheet\" href=\"/pkg/{css}.css\"></head>\
         <body><main id=\"main\" class=\"width-container\"><h1>{title}</h1><p>{body}</p>{reference}\
         <p><a href=\"/\">{home}</a></p></main></body></html>",
        lang = lang.code(),
        title = t(title_key),
        body = t(body_key),
        home = t("error-page-home-link"),
        css = app::OUTPUT_NAME,
    )
}

pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_is_translated_and_the_reference_escaped() {
        let en = error_page_html(Lang::En, "error-page-title", "error-page-body", Some("<b>"));
        assert!(en.starts_with("<!DOCTYPE html><html lang=\"en\">"));
        assert!(en.contains(&escape(&translate(Lang::En, "error-page-title"))));
        assert!(en.contains("&lt;b&gt;"));
        assert!(!en.contains("<b>"));
        let vi = error_page_html(Lang::Vi, "error-page-title", "error-page-body", None);
        assert!(vi.contains(&escape(&translate(Lang::Vi, "error-page-title"))));
        assert!(!vi.contains("error-reference"));
    }

    #[test]
    fn markup_in_text_is_escaped() {
        assert_eq!(
            escape("<a href=\"x\">&"),
            "&lt;a href=&quot;x&quot;&gt;&amp;"
        );
    }
}
