//! The development provider's own pages: the persona chooser and its
//! errors, plain HTML in the visitor's language.

use app::{
    domain::{Lang, PersonalId},
    i18n::{translate, translate_with},
};
use axum::{
    http::{StatusCode, header},
    response::{Html, IntoResponse, Response},
};

use super::Decision;
use crate::{fixtures::demo::PERSONAS, http::error_page::escape};

fn document(lang: Lang, title: &str, body: &str) -> String {
    let t = |key: &str| escape(&translate(lang, key));
    format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} – {provider}</title>\
         <link rel=\"stylesheet\" href=\"/pkg/{css}.css\"></head><body>\
         <a href=\"#main\" class=\"skip-link\">{skip}</a>\
         <header class=\"site-header\"><div class=\"site-header-bar\"><div class=\"width-container site-header-row\">\
         <span class=\"service-name\">{provider}</span></div></div>\
         <div class=\"width-container\"><p class=\"dev-banner\"><strong>{banner_tag}</strong> {banner}</p></div></header>\
         <div class=\"width-container\"><main id=\"main\" tabindex=\"-1\">{body}</main></div></body></html>",
        lang = lang.code(),
        title = escape(title),
        provider = t("dev-idp-name"),
        css = app::OUTPUT_NAME,
        skip = t("nav-skip-to-content"),
        banner_tag = t("dev-banner-tag"),
        banner = t("dev-banner-text"),
    )
}

pub(super) fn error_page(lang: Lang, message_id: &str) -> Response {
    let title = translate(lang, "dev-idp-error-title");
    let body = format!(
        "<h1>{}</h1><p>{}</p>",
        escape(&title),
        escape(&translate(lang, message_id))
    );
    (
        StatusCode::BAD_REQUEST,
        Html(document(
            lang,
            &format!("{} {title}", translate(lang, "error-title-prefix")),
            &body,
        )),
    )
        .into_response()
}

/// The sign-in page: choose a demo person or type an identity.
pub(super) fn page(
    lang: Lang,
    status: StatusCode,
    form: &Decision,
    errors: &[(&'static str, &'static str)],
) -> Response {
    let t = |key: &str| escape(&translate(lang, key));
    let error_for = |field: &str| {
        errors
            .iter()
            .find(|(name, _)| *name == field)
            .map(|(_, message)| *message)
    };
    let field_error = |field: &str| {
        error_for(field)
            .map(|message| {
                format!(
                    "<p class=\"error-message\" id=\"{field}-error\"><span class=\"visually-hidden\">{}</span> {}</p>",
                    t("error-prefix"),
                    t(message)
                )
            })
            .unwrap_or_default()
    };
    let described = |field: &str, hint: Option<&str>| {
        let mut ids: Vec<String> = hint.map(str::to_owned).into_iter().collect();
        if error_for(field).is_some() {
            ids.push(format!("{field}-error"));
        }
        if ids.is_empty() {
            String::new()
        } else {
            format!(" aria-describedby=\"{}\"", ids.join(" "))
        }
    };
    let summary = if errors.is_empty() {
        String::new()
    } else {
        let items: String = errors
            .iter()
            .map(|(field, message)| {
                let target = if *field == "persona" || *field == "level" {
                    format!("{field}-first")
                } else {
                    (*field).to_owned()
                };
                format!("<li><a href=\"#{target}\">{}</a></li>", t(message))
            })
            .collect();
        format!(
            "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\"><h2>{}</h2><ul>{items}</ul></div>",
            t("error-summary-title")
        )
    };
    let personas: String = PERSONAS
        .iter()
        .enumerate()
        .map(|(index, persona)| {
            let id = if index == 0 {
                "persona-first".to_owned()
            } else {
                format!("persona-{}", persona.key)
            };
            let checked = if form.persona == persona.key { " checked" } else { "" };
            format!(
                "<div class=\"radio\"><input type=\"radio\" name=\"persona\" id=\"{id}\" value=\"{key}\"{checked}>\
                 <label for=\"{id}\">{name} <span class=\"hint\">{description}</span></label></div>",
                key = persona.key,
                name = escape(persona.name),
                description = escape(&translate_with(
                    lang,
                    persona.description_id,
                    &[("number", PersonalId::parse(persona.personal_id).map(|id| id.masked()).unwrap_or_default())]
                )),
            )
        })
        .collect();
    let custom_checked = if form.persona == "custom" {
        " checked"
    } else {
        ""
    };
    let level_radio = |value: &str, id: &str, key: &str| {
        let checked = if form.level == value { " checked" } else { "" };
        format!(
            "<div class=\"radio\"><input type=\"radio\" name=\"level\" id=\"{id}\" value=\"{value}\"{checked}>\
             <label for=\"{id}\">{}</label></div>",
            t(key)
        )
    };
    let title = translate(lang, "dev-idp-title");
    let body = format!(
        "{summary}<h1>{h1}</h1><p>{intro}</p>\
         <form method=\"post\" action=\"/dev-idp/authorize\" novalidate>{hidden}\
         <fieldset class=\"fieldset\"{persona_described}><legend>{persona_legend}</legend>{persona_error}{personas}\
         <div class=\"radio\"><input type=\"radio\" name=\"persona\" id=\"persona-custom\" value=\"custom\"{custom_checked}>\
         <label for=\"persona-custom\">{custom}</label></div></fieldset>\
         <fieldset class=\"fieldset\"><legend>{custom_legend}</legend>\
         <div class=\"field\"><label for=\"personal_id\">{id_label}</label><p class=\"hint\" id=\"personal_id-hint\">{id_hint}</p>{id_error}\
         <input class=\"input\" id=\"personal_id\" name=\"personal_id\" inputmode=\"numeric\" autocomplete=\"off\" spellcheck=\"false\" value=\"{id_value}\"{id_described}></div>\
         <div class=\"field\"><label for=\"name\">{name_label}</label>{name_error}\
         <input class=\"input\" id=\"name\" name=\"name\" autocomplete=\"off\" value=\"{name_value}\"{name_described}></div>\
         <div class=\"field\"><label for=\"birthdate\">{birth_label}</label><p class=\"hint\" id=\"birthdate-hint\">{birth_hint}</p>\
         <input class=\"input\" id=\"birthdate\" name=\"birthdate\" autocomplete=\"off\" value=\"{birth_value}\" aria-describedby=\"birthdate-hint\"></div>\
         <fieldset class=\"fieldset\"{level_described}><legend>{level_legend}</legend>{level_error}{level1}{level2}</fieldset>\
         </fieldset>\
         <div class=\"button-group\"><button class=\"button\" name=\"decision\" value=\"approve\">{approve}</button>\
         <button class=\"button button-secondary\" name=\"decision\" value=\"cancel\">{cancel}</button></div>\
         </form>",
        h1 = escape(&title),
        intro = t("dev-idp-intro"),
        hidden = form.params.hidden_fields(),
        persona_described = described("persona", None),
        persona_legend = t("dev-idp-persona-legend"),
        persona_error = field_error("persona"),
        custom = t("dev-idp-persona-custom"),
        custom_legend = t("dev-idp-custom-legend"),
        id_label = t("dev-idp-personal-id"),
        id_hint = t("dev-idp-personal-id-hint"),
        id_error = field_error("personal_id"),
        id_value = escape(&form.personal_id),
        id_described = described("personal_id", Some("personal_id-hint")),
        name_label = t("dev-idp-full-name"),
        name_error = field_error("name"),
        name_value = escape(&form.name),
        name_described = described("name", None),
        birth_label = t("dev-idp-birthdate"),
        birth_hint = t("dev-idp-birthdate-hint"),
        birth_value = escape(&form.birthdate),
        level_described = described("level", None),
        level_legend = t("dev-idp-level-legend"),
        level_error = field_error("level"),
        level1 = level_radio("1", "level-first", "dev-idp-level-1"),
        level2 = level_radio("2", "level-2", "dev-idp-level-2"),
        approve = t("dev-idp-approve"),
        cancel = t("dev-idp-cancel"),
    );
    let title = if errors.is_empty() {
        title
    } else {
        format!("{} {title}", translate(lang, "error-title-prefix"))
    };
    (
        status,
        [(header::CACHE_CONTROL, "no-store")],
        Html(document(lang, &title, &body)),
    )
        .into_response()
}
