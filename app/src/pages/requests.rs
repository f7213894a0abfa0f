//! Requests to the DPO. Citizens: their list, the filing form, and each
//! request's status page (deadlines, named DPO, timeline, messages,
//! withdraw, complain). DPOs: the queue (filters, search, deadline order,
//! pages, CSV) and the request page with every step. Forms carrying files
//! post to plain multipart handlers; the other steps are `ActionForm`s.
//! Everything works without JavaScript.

use leptos::prelude::*;
use leptos_router::{
    components::A,
    hooks::{use_params_map, use_query_map},
};

use crate::{
    api::requests::{
        FormDraft, Handler, MarkNotificationsRead, QueuePage, RequestView, TakeRequestStep,
        WithdrawRequest, find_filing_form, find_my_request, find_queue, find_queue_request,
        list_my_requests, list_notifications,
    },
    components::{CsrfField, ErrorMessage, described_by, inline_error},
    domain::{
        attachments::{MAX_FILE_BYTES, MAX_FILES},
        datetime::{format_date, format_date_long, format_datetime},
        deadlines::{Date, MAX_EXTENSION_DAYS},
        requests::{
            AttachmentMeta, DECISION_REASONS, Decision, EventActor, EventKind, RequestEvent,
            RequestKind, RequestRecord, RequestStatus, is_open,
        },
    },
    error::AppError,
    i18n::{I18n, use_i18n},
};

/// Noon in Viet Nam on an ISO date, for the date formatters.
fn noon(iso: &str) -> Option<i64> {
    Date::parse(iso).map(|d| d.days() * 86_400 + 5 * 3_600)
}

fn long_date(i18n: I18n, iso: &str) -> String {
    noon(iso)
        .map(|unix| format_date_long(unix, i18n.lang))
        .unwrap_or_else(|| iso.to_owned())
}

fn short_date(i18n: I18n, iso: &str) -> String {
    noon(iso)
        .map(|unix| format_date(unix, i18n.lang))
        .unwrap_or_else(|| iso.to_owned())
}

/// "19 March 2026 (5 working days left)" or "(overdue by 3 working days)".
fn deadline_text(i18n: I18n, iso: &str, left: Option<i64>) -> String {
    let date = long_date(i18n, iso);
    match left {
        Some(days) if days >= 0 => i18n.t_with(
            "request-deadline-left",
            &[("date", date), ("days", days.to_string())],
        ),
        Some(days) => i18n.t_with(
            "request-deadline-overdue",
            &[("date", date), ("days", (-days).to_string())],
        ),
        None => date,
    }
}

fn status_class(status: RequestStatus) -> &'static str {
    match status {
        RequestStatus::Decided | RequestStatus::Closed => "tag",
        RequestStatus::Withdrawn => "tag tag-grey",
        RequestStatus::InformationRequested => "tag tag-warning",
        _ => "tag tag-blue",
    }
}

#[component]
fn StatusTag(status: RequestStatus) -> impl IntoView {
    let i18n = use_i18n();
    view! { <strong class=status_class(status)>{i18n.t(status.message_id())}</strong> }
}

/// The error of a refused multipart form, as the error helpers read it.
fn draft_error(draft: &Option<FormDraft>) -> Option<AppError> {
    draft.as_ref().map(|d| AppError::Invalid {
        field: d.field.clone(),
        message_id: d.message_id.clone(),
    })
}

/// `/requests`: the person's requests, newest first.
#[component]
pub fn MyRequestsPage() -> impl IntoView {
    let i18n = use_i18n();
    let requests = Resource::new(|| (), |_| list_my_requests());
    view! {
        <leptos_meta::Title text=i18n.title("requests-title") />
        <h1>{i18n.t("requests-title")}</h1>
        <p class="lead">{i18n.t("requests-lead")}</p>
        <p>
            <a href="/requests/new" class="button">
                {i18n.t("requests-new-button")}
            </a>
        </p>
        <Suspense fallback=move || {
            view! { <p>{i18n.t("loading")}</p> }
        }>
            {move || Suspend::new(async move {
                match requests.await {
                    Ok(list) if list.is_empty() => {
                        view! { <p>{i18n.t("requests-empty")}</p> }.into_any()
                    }
                    Ok(list) => {
                        view! {
                            <RequestTable
                                rows=list
                                caption_key="requests-table-caption"
                                dpo=false
                                today=String::new()
                            />
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A table of requests: the person's own, or a queue page.
#[component]
fn RequestTable(
    rows: Vec<RequestRecord>,
    caption_key: &'static str,
    dpo: bool,
    today: String,
    #[prop(optional)] caption_extra: Option<String>,
    #[prop(optional)] sort: Option<(String, bool)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let body = rows
        .into_iter()
        .map(|r| {
            let href = if dpo {
                format!("/dpo/requests/{}", r.reference)
            } else {
                format!("/requests/{}", r.reference)
            };
            let overdue_days = (dpo && r.overdue_on(&today))
                .then(|| {
                    Date::parse(&today)
                        .zip(Date::parse(&r.decide_by))
                        .map(|(t, d)| t.days() - d.days())
                })
                .flatten();
            let agency = r
                .agency
                .as_ref()
                .map(|a| a.name(i18n.lang).to_owned())
                .unwrap_or_else(|| i18n.t("request-agency-unknown"));
            view! {
                <tr>
                    <th scope="row">
                        <a href=href>{r.reference.clone()}</a>
                    </th>
                    <td>{i18n.t(r.kind.message_id())}</td>
                    {dpo.then(|| view! { <td>{r.requester_name.clone()}</td> })}
                    <td>{agency}</td>
                    <td>
                        <StatusTag status=r.status />
                    </td>
                    <td>{short_date(i18n, &r.received_on)}</td>
                    <td>
                        {short_date(i18n, &r.decide_by)}
                        {overdue_days
                            .map(|days| {
                                view! {
                                    " "
                                    <strong class="tag tag-overdue">
                                        <span aria-hidden="true">"⚠ "</span>
                                        {i18n
                                            .t_with(
                                                "queue-overdue-days",
                                                &[("days", days.to_string())],
                                            )}
                                    </strong>
                                }
                            })}
                    </td>
                    {dpo.then(|| view! { <td>{r.assignee_name.clone().unwrap_or_default()}</td> })}
                </tr>
            }
        })
        .collect_view();
    let due_header = match sort {
        Some((href, descending)) => {
            let (aria, arrow, label) = if descending {
                ("descending", "▼", "queue-sorted-desc")
            } else {
                ("ascending", "▲", "queue-sorted-asc")
            };
            view! {
                <th scope="col" aria-sort=aria>
                    <a href=href>
                        {i18n.t("queue-due")} " " <span aria-hidden="true">{arrow}</span>
                        <span class="visually-hidden">{i18n.t(label)}</span>
                    </a>
                </th>
            }
            .into_any()
        }
        None => view! { <th scope="col">{i18n.t("queue-due")}</th> }.into_any(),
    };
    view! {
        <div class="table-scroll">
            <table class="table">
                <caption>
                    {i18n.t(caption_key)} {caption_extra.map(|text| format!(" — {text}"))}
                </caption>
                <thead>
                    <tr>
                        <th scope="col">{i18n.t("queue-reference")}</th>
                        <th scope="col">{i18n.t("queue-kind")}</th>
                        {dpo.then(|| view! { <th scope="col">{i18n.t("queue-requester")}</th> })}
                        <th scope="col">{i18n.t("queue-agency")}</th>
                        <th scope="col">{i18n.t("queue-status")}</th>
                        <th scope="col">{i18n.t("queue-received")}</th>
                        {due_header}
                        {dpo.then(|| view! { <th scope="col">{i18n.t("queue-assignee")}</th> })}
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

/// `/requests/new`: the filing form (a multipart post: it carries files).
#[component]
pub fn NewRequestPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let form = Resource::new(|| (), |_| find_filing_form());
    view! {
        <leptos_meta::Title text=i18n.title("request-new-title") />
        <p>
            <A href="/requests" attr:class="back-link">
                {i18n.t("requests-back")}
            </A>
        </p>
        <h1>{i18n.t("request-new-title")}</h1>
        <p class="lead">{i18n.t("request-new-lead")}</p>
        <Suspense fallback=move || {
            view! { <p>{i18n.t("loading")}</p> }
        }>
            {move || Suspend::new(async move {
                let form = match form.await {
                    Ok(form) => form,
                    Err(error) => return view! { <ErrorMessage error /> }.into_any(),
                };
                let draft = form.draft.clone();
                let error = draft_error(&draft);
                let value = |name: &str| {
                    draft
                        .as_ref()
                        .map(|d| d.get(name))
                        .filter(|v| !v.is_empty())
                        .or_else(|| query.read_untracked().get(name))
                        .unwrap_or_default()
                };
                let kind = value("kind");
                let agency = value("agency");
                let province = value("province");
                let about = value("about");
                let kinds = RequestKind::ALL
                    .iter()
                    .map(|k| {
                        let id = format!("kind-{}", k.code());
                        let needs_level2 = form.level2_kinds.contains(k);
                        let hint = (needs_level2 && !form.level2)
                            .then(|| {
                                view! {
                                    <p class="hint" id=format!("{id}-hint")>
                                        {i18n.t("request-kind-level2-hint")}
                                    </p>
                                }
                            });
                        let hint_id = (needs_level2 && !form.level2).then(|| format!("{id}-hint"));
                        view! {
                            <div class="radio">
                                <input
                                    type="radio"
                                    name="kind"
                                    id=id.clone()
                                    value=k.code()
                                    checked=kind == k.code()
                                    required=true
                                    aria-describedby=hint_id
                                />
                                <label for=id>
                                    <strong>{i18n.t(k.message_id())}</strong>
                                    ": "
                                    {i18n.t(&format!("{}-hint", k.message_id()))}
                                </label>
                                {hint}
                            </div>
                        }
                    })
                    .collect_view();
                let agencies = form
                    .agencies
                    .iter()
                    .map(|a| {
                        view! {
                            <option value=a.code.clone() selected=agency == a.code>
                                {a.name(i18n.lang).to_owned()}
                            </option>
                        }
                    })
                    .collect_view();
                let provinces = form
                    .provinces
                    .iter()
                    .map(|p| {
                        view! {
                            <option value=p.code.clone() selected=province == p.code>
                                {p.name(i18n.lang).to_owned()}
                            </option>
                        }
                    })
                    .collect_view();
                view! {
                    {error.clone().map(|error| view! { <ErrorMessage error /> })}
                    <form
                        method="post"
                        action="/requests/file"
                        enctype="multipart/form-data"
                        novalidate=true
                    >
                        <CsrfField />
                        {(!about.is_empty())
                            .then(|| {
                                view! {
                                    <input type="hidden" name="about" value=about.clone() />
                                    <div class="inset">
                                        <p>
                                            {i18n
                                                .t_with("request-about", &[("reference", about.clone())])}
                                        </p>
                                    </div>
                                }
                            })}
                        <fieldset
                            class="fieldset"
                            aria-describedby=described_by(error.clone(), "kind", None)
                        >
                            <legend>{i18n.t("request-kind-legend")}</legend>
                            {inline_error(i18n, error.clone(), "kind")}
                            {kinds}
                        </fieldset>
                        <div class="field">
                            <label for="agency">{i18n.t("request-agency-label")}</label>
                            <p class="hint" id="agency-hint">
                                {i18n.t("request-agency-hint")}
                            </p>
                            {inline_error(i18n, error.clone(), "agency")}
                            <select
                                class="select"
                                id="agency"
                                name="agency"
                                aria-describedby=described_by(
                                    error.clone(),
                                    "agency",
                                    Some("agency-hint"),
                                )
                            >
                                <option
                                    value="unknown"
                                    selected=agency.is_empty() || agency == "unknown"
                                >
                                    {i18n.t("request-agency-unknown")}
                                </option>
                                {agencies}
                            </select>
                        </div>
                        <div class="field">
                            <label for="province">{i18n.t("request-province-label")}</label>
                            <p class="hint" id="province-hint">
                                {i18n.t("request-province-hint")}
                            </p>
                            {inline_error(i18n, error.clone(), "province")}
                            <select
                                class="select"
                                id="province"
                                name="province"
                                aria-describedby=described_by(
                                    error.clone(),
                                    "province",
                                    Some("province-hint"),
                                )
                            >
                                <option value="">{i18n.t("request-province-none")}</option>
                                {provinces}
                            </select>
                        </div>
                        <div class="field">
                            <label for="description">{i18n.t("request-description-label")}</label>
                            <p class="hint" id="description-hint">
                                {i18n.t("request-description-hint")}
                            </p>
                            {inline_error(i18n, error.clone(), "description")}
                            <textarea
                                class="textarea"
                                id="description"
                                name="description"
                                rows="8"
                                aria-describedby=described_by(
                                    error.clone(),
                                    "description",
                                    Some("description-hint"),
                                )
                            >
                                {value("description")}
                            </textarea>
                        </div>
                        <div class="field">
                            <label for="email">{i18n.t("request-email-label")}</label>
                            <p class="hint" id="email-hint">
                                {i18n.t("request-email-hint")}
                            </p>
                            {inline_error(i18n, error.clone(), "email")}
                            <input
                                class="input"
                                type="email"
                                id="email"
                                name="email"
                                autocomplete="email"
                                value=value("email")
                                aria-describedby=described_by(
                                    error.clone(),
                                    "email",
                                    Some("email-hint"),
                                )
                            />
                        </div>
                        <FilesField error=error.clone() />
                        <div class="button-group">
                            <button type="submit" class="button">
                                {i18n.t("request-submit")}
                            </button>
                            <a href="/requests">{i18n.t("consent-cancel")}</a>
                        </div>
                    </form>
                }
                    .into_any()
            })}
        </Suspense>
    }
}

/// The file input with its limits.
#[component]
fn FilesField(error: Option<AppError>) -> impl IntoView {
    let i18n = use_i18n();
    let hint = i18n.t_with(
        "request-files-hint",
        &[
            ("count", MAX_FILES.to_string()),
            ("size", (MAX_FILE_BYTES / (1024 * 1024)).to_string()),
        ],
    );
    view! {
        <div class="field">
            <label for="files">{i18n.t("request-files-label")}</label>
            <p class="hint" id="files-hint">
                {hint}
            </p>
            {inline_error(i18n, error.clone(), "files")}
            <input
                class="input-file"
                type="file"
                id="files"
                name="files"
                multiple=true
                accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                aria-describedby=described_by(error, "files", Some("files-hint"))
            />
        </div>
    }
}

/// Who answers the request.
#[component]
fn HandlerFacts(handler: Handler) -> impl IntoView {
    let i18n = use_i18n();
    let officer = handler.officer;
    let name = if handler.national {
        officer.province.name(i18n.lang).to_owned()
    } else {
        format!(
            "{}, {} — {}",
            officer.full_name,
            officer.title(i18n.lang),
            officer.province.name(i18n.lang)
        )
    };
    let mailto = format!("mailto:{}", officer.email);
    let tel = format!("tel:{}", officer.phone.replace(' ', ""));
    view! {
        <span>{name}</span>
        <br />
        <a href=mailto>{officer.email.clone()}</a>
        " · "
        <a href=tel>{officer.phone.clone()}</a>
    }
}

fn row(i18n: I18n, key: &str, value: impl IntoView + 'static) -> impl IntoView {
    view! {
        <div class="summary-list-row">
            <dt>{i18n.t(key)}</dt>
            <dd>{value}</dd>
        </div>
    }
}

/// The summary of a request: dates, who handles it, the decision.
#[component]
fn RequestFacts(view_data: RequestView, dpo: bool) -> impl IntoView {
    let i18n = use_i18n();
    let r = view_data.record.clone();
    let agency = r
        .agency
        .as_ref()
        .map(|a| a.name(i18n.lang).to_owned())
        .unwrap_or_else(|| i18n.t("request-agency-unknown"));
    let acknowledge = if r.status == RequestStatus::Submitted {
        deadline_text(i18n, &r.acknowledge_by, view_data.acknowledge_left)
    } else {
        long_date(i18n, &r.acknowledge_by)
    };
    let decide = if is_open(r.status) {
        deadline_text(i18n, &r.decide_by, view_data.decide_left)
    } else {
        long_date(i18n, &r.decide_by)
    };
    let extension = r.first_decide_by.clone().map(|first| {
        i18n.t_with(
            "request-extension-text",
            &[
                ("from", long_date(i18n, &first)),
                ("to", long_date(i18n, &r.decide_by)),
                ("reason", r.extension_reason.clone().unwrap_or_default()),
            ],
        )
    });
    let decision = r.decision.map(|d| {
        format!(
            "{} ({})",
            i18n.t(d.message_id()),
            r.decided_on
                .as_deref()
                .map(|date| long_date(i18n, date))
                .unwrap_or_default()
        )
    });
    view! {
        <dl class="summary-list">
            {row(i18n, "request-status-label", view! { <StatusTag status=r.status /> })}
            {dpo.then(|| row(i18n, "queue-requester", r.requester_name.clone()))}
            {row(i18n, "request-submitted-label", format_datetime(r.submitted_at, i18n.lang))}
            {row(i18n, "request-agency-label", agency)}
            {row(
                i18n,
                "request-handler-label",
                view! { <HandlerFacts handler=view_data.handler.clone() /> },
            )} {row(i18n, "request-acknowledge-by", acknowledge)}
            {row(i18n, "request-decide-by", decide)}
            {extension.map(|text| row(i18n, "request-extension-label", text))}
            {decision.map(|text| row(i18n, "request-decision-label", text))}
            {r.assignee_name.clone().map(|name| row(i18n, "queue-assignee", name))}
            {r.about_reference.clone().map(|about| row(i18n, "request-about-label", about))}
        </dl>
        <h2>{i18n.t("request-description-label")}</h2>
        <p class="break-words preserve-lines">{r.description.clone()}</p>
    }
}

/// A timeline line's sentence.
fn event_sentence(i18n: I18n, event: &RequestEvent) -> String {
    let c = &event.content;
    let d = &c.detail;
    match c.kind {
        EventKind::Decided => i18n.t_with(
            "request-event-decided-as",
            &[
                (
                    "decision",
                    d.decision
                        .map(|x| i18n.t(x.message_id()))
                        .unwrap_or_default(),
                ),
                (
                    "reason",
                    d.reason
                        .as_deref()
                        .map(|r| i18n.t(&format!("request-reason-{r}")))
                        .unwrap_or_default(),
                ),
            ],
        ),
        EventKind::Extended => i18n.t_with(
            "request-event-extended-to",
            &[
                ("days", d.days.unwrap_or_default().to_string()),
                (
                    "date",
                    d.to_date
                        .as_deref()
                        .map(|x| long_date(i18n, x))
                        .unwrap_or_default(),
                ),
            ],
        ),
        EventKind::Transferred => i18n.t_with(
            "request-event-transferred-to",
            &[("to", d.to_handler.clone().unwrap_or_default())],
        ),
        EventKind::Assigned => i18n.t_with(
            "request-event-assigned-to",
            &[("name", d.assignee_name.clone().unwrap_or_default())],
        ),
        kind => i18n.t(kind.message_id()),
    }
}

/// Newest first; who acted, when, what they wrote, their files.
#[component]
fn RequestTimeline(
    events: Vec<RequestEvent>,
    attachments: Vec<AttachmentMeta>,
    chain_intact: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let items = events
        .into_iter()
        .map(|event| {
            let files: Vec<AttachmentMeta> = attachments
                .iter()
                .filter(|a| a.event_seq == event.content.seq)
                .cloned()
                .collect();
            let who = match event.content.actor_role {
                EventActor::System => i18n.t("request-actor-system"),
                role => format!("{} ({})", event.content.actor_name, i18n.t(role.message_id())),
            };
            let body = event.content.body.clone();
            view! {
                <li class="timeline-item">
                    <p class="timeline-sentence">
                        <strong>{event_sentence(i18n, &event)}</strong>
                    </p>
                    <p class="timeline-meta">
                        {who} " · " {format_datetime(event.content.at, i18n.lang)}
                    </p>
                    {(!body.is_empty())
                        .then(|| view! { <p class="break-words preserve-lines">{body}</p> })}
                    {(!files.is_empty())
                        .then(|| {
                            view! {
                                <ul class="list-plain">
                                    {files
                                        .into_iter()
                                        .map(|f| {
                                            let size = i18n
                                                .t_with(
                                                    "request-file-size",
                                                    &[("kb", ((f.size_bytes + 1023) / 1024).to_string())],
                                                );
                                            view! {
                                                <li>
                                                    <a
                                                        href=format!("/requests/files/{}", f.id)
                                                        rel="external"
                                                        download=f.file_name.clone()
                                                    >
                                                        {f.file_name.clone()}
                                                    </a>
                                                    " ("
                                                    {size}
                                                    ")"
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                        })}
                </li>
            }
        })
        .collect_view();
    let check = if chain_intact {
        "request-chain-intact"
    } else {
        "request-chain-broken"
    };
    view! {
        <h2>{i18n.t("request-timeline-heading")}</h2>
        <p class="hint">{i18n.t(check)}</p>
        <ol class="timeline">{items}</ol>
    }
}

/// A message with files (a multipart post), from either side.
#[component]
fn MessageForm(
    reference: String,
    version: i64,
    dpo: bool,
    heading_key: &'static str,
    error: Option<AppError>,
    text: String,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h2 id="message-heading">{i18n.t(heading_key)}</h2>
        <form
            method="post"
            action=format!("/requests/{reference}/message")
            enctype="multipart/form-data"
            aria-labelledby="message-heading"
            novalidate=true
        >
            <CsrfField />
            <input type="hidden" name="version" value=version />
            <input type="hidden" name="view" value=if dpo { "dpo" } else { "citizen" } />
            <div class="field">
                <label for="text">{i18n.t("request-message-label")}</label>
                {inline_error(i18n, error.clone(), "text")}
                <textarea
                    class="textarea"
                    id="text"
                    name="text"
                    rows="5"
                    aria-describedby=described_by(error.clone(), "text", None)
                >
                    {text}
                </textarea>
            </div>
            <FilesField error />
            <button type="submit" class="button">
                {i18n.t("request-message-send")}
            </button>
        </form>
    }
}

fn next_step_key(status: RequestStatus) -> &'static str {
    match status {
        RequestStatus::Submitted => "request-next-submitted",
        RequestStatus::Acknowledged => "request-next-acknowledged",
        RequestStatus::InformationRequested => "request-next-information",
        RequestStatus::Decided => "request-next-decided",
        RequestStatus::Closed => "request-next-closed",
        RequestStatus::Withdrawn => "request-next-withdrawn",
    }
}

fn reference_param() -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("reference").unwrap_or_default())
}

/// `/requests/:reference`: a citizen's request.
#[component]
pub fn RequestStatusPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let reference = reference_param();
    let withdraw = ServerAction::<WithdrawRequest>::new();
    // Read again after each step (the step's redirect is to this page).
    let request = Resource::new(
        move || (reference.get(), withdraw.version().get()),
        |(reference, _)| find_my_request(reference),
    );
    let failure = move || {
        withdraw
            .value()
            .get()
            .and_then(Result::err)
            .map(|error| view! { <ErrorMessage error /> })
    };
    view! {
        <leptos_meta::Title text=i18n.title("request-status-title") />
        <p>
            <A href="/requests" attr:class="back-link">
                {i18n.t("requests-back")}
            </A>
        </p>
        {failure}
        <Suspense fallback=move || {
            view! { <p>{i18n.t("loading")}</p> }
        }>
            {move || Suspend::new(async move {
                let v = match request.await {
                    Ok(v) => v,
                    Err(error) => return view! { <ErrorMessage error /> }.into_any(),
                };
                let r = v.record.clone();
                let filed = query.read_untracked().get("filed").is_some();
                let error = draft_error(&v.draft);
                let typed = v.draft.as_ref().map(|d| d.get("text")).unwrap_or_default();
                let confirmation = filed
                    .then(|| {
                        view! {
                            <div class="notification notification-success" role="status">
                                <h2>{i18n.t("request-filed-heading")}</h2>
                                <p>
                                    {i18n
                                        .t_with(
                                            "request-filed-reference",
                                            &[("reference", r.reference.clone())],
                                        )}
                                </p>
                                <p>
                                    {i18n
                                        .t_with(
                                            "request-filed-dates",
                                            &[
                                                ("acknowledge", long_date(i18n, &r.acknowledge_by)),
                                                ("decide", long_date(i18n, &r.decide_by)),
                                            ],
                                        )}
                                </p>
                            </div>
                        }
                    });
                let complain_href = format!("/requests/new?kind=complaint&about={}", r.reference);
                let can_withdraw = is_open(r.status);
                let can_message = is_open(r.status) || r.status == RequestStatus::Decided;
                let heading = if r.status == RequestStatus::InformationRequested {
                    "request-answer-heading"
                } else {
                    "request-message-heading"
                };
                view! {
                    {confirmation}
                    {error.clone().map(|error| view! { <ErrorMessage error /> })}
                    <h1>
                        <span class="caption">{i18n.t(r.kind.message_id())}</span>
                        " "
                        {r.reference.clone()}
                    </h1>
                    <RequestFacts view_data=v.clone() dpo=false />
                    <h2>{i18n.t("request-next-heading")}</h2>
                    <p>{i18n.t(next_step_key(r.status))}</p>
                    {can_message
                        .then(|| {
                            view! {
                                <MessageForm
                                    reference=r.reference.clone()
                                    version=r.version
                                    dpo=false
                                    heading_key=heading
                                    error=error.clone()
                                    text=typed.clone()
                                />
                            }
                        })}
                    <h2>{i18n.t("request-other-actions")}</h2>
                    <ul class="list-plain action-list">
                        {can_withdraw
                            .then(|| {
                                view! {
                                    <li>
                                        <ActionForm action=withdraw>
                                            <CsrfField />
                                            <input
                                                type="hidden"
                                                name="reference"
                                                value=r.reference.clone()
                                            />
                                            <input type="hidden" name="version" value=r.version />
                                            <button type="submit" class="button button-secondary">
                                                {i18n.t("request-withdraw-button")}
                                            </button>
                                        </ActionForm>
                                    </li>
                                }
                            })} <li>
                            <a href=complain_href>{i18n.t("request-complain-link")}</a>
                        </li>
                    </ul>
                    <RequestTimeline
                        events=v.events.clone()
                        attachments=v.attachments.clone()
                        chain_intact=v.chain_intact
                    />
                }
                    .into_any()
            })}
        </Suspense>
    }
}

/// The query of a queue page with one value changed (None drops it).
fn queue_href(query: &[(String, String)], change: &[(&str, Option<&str>)]) -> String {
    let mut pairs: Vec<(String, String)> = query
        .iter()
        .filter(|(k, _)| !change.iter().any(|(c, _)| c == k))
        .cloned()
        .collect();
    for (key, value) in change {
        if let Some(value) = value {
            pairs.push(((*key).to_owned(), (*value).to_owned()));
        }
    }
    let encoded: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", crate::domain::links::query_value(v)))
        .collect();
    if encoded.is_empty() {
        "/dpo/requests".to_owned()
    } else {
        format!("/dpo/requests?{}", encoded.join("&"))
    }
}

const QUEUE_KEYS: [&str; 8] = [
    "status",
    "kind",
    "agency",
    "overdue",
    "due_within",
    "dir",
    "after",
    "reference",
];

/// `/dpo/requests`: the queue of the DPO's provinces.
#[component]
pub fn QueuePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let params = Memo::new(move |_| {
        let q = query.read();
        QUEUE_KEYS.map(|key| q.get(key).unwrap_or_default())
    });
    let page = Resource::new(
        move || params.get(),
        |[
            status,
            kind,
            agency,
            overdue,
            due_within,
            dir,
            after,
            reference,
        ]| {
            find_queue(
                status, kind, agency, overdue, due_within, dir, after, reference,
            )
        },
    );
    view! {
        <leptos_meta::Title text=i18n.title("queue-title") />
        {move || {
            query
                .read()
                .get("transferred")
                .map(|_| {
                    view! {
                        <div class="notification" role="status">
                            <p>{i18n.t("queue-transferred")}</p>
                        </div>
                    }
                })
        }}
        <h1>{i18n.t("queue-title")}</h1>
        <Suspense fallback=move || {
            view! { <p>{i18n.t("loading")}</p> }
        }>
            {move || Suspend::new(async move {
                let values = params.get_untracked();
                match page.await {
                    Ok(page) => view! { <QueueView page values /> }.into_any(),
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn QueueView(page: QueuePage, values: [String; 8]) -> impl IntoView {
    let i18n = use_i18n();
    let [
        status,
        kind,
        agency,
        overdue,
        due_within,
        dir,
        _after,
        reference,
    ] = values.clone();
    let current: Vec<(String, String)> = QUEUE_KEYS
        .iter()
        .zip(values.iter())
        .filter(|(key, value)| **key != "after" && !value.is_empty())
        .map(|(key, value)| ((*key).to_owned(), value.clone()))
        .collect();
    let descending = dir == "desc";
    let sort_href = queue_href(
        &current,
        &[("dir", (!descending).then_some("desc")), ("after", None)],
    );
    let csv_href = queue_href(&current, &[("after", None), ("reference", None)]).replacen(
        "/dpo/requests",
        "/dpo/requests.csv",
        1,
    );
    let next_href = page
        .next
        .clone()
        .map(|next| queue_href(&current, &[("after", Some(next.as_str()))]));
    let (count_key, total) = match page.more_than {
        Some(limit) => ("queue-count-more", limit),
        None => ("queue-count", page.total),
    };
    let count = i18n.t_with(
        count_key,
        &[
            ("shown", page.rows.len().to_string()),
            ("total", total.to_string()),
        ],
    );
    let option = |value: &str, label: String, selected: &str| {
        view! {
            <option value=value.to_owned() selected=selected == value>
                {label}
            </option>
        }
    };
    let statuses = RequestStatus::ALL
        .iter()
        .map(|s| option(s.code(), i18n.t(s.message_id()), &status))
        .collect_view();
    let kinds = RequestKind::ALL
        .iter()
        .map(|k| option(k.code(), i18n.t(k.message_id()), &kind))
        .collect_view();
    let agencies = page
        .agencies
        .iter()
        .map(|a| option(&a.code, a.name(i18n.lang).to_owned(), &agency))
        .collect_view();
    let chips: Vec<(String, String)> = current
        .iter()
        .filter(|(key, _)| key != "dir")
        .map(|(key, value)| {
            let label = match key.as_str() {
                "status" => RequestStatus::from_code(value).map(|s| i18n.t(s.message_id())),
                "kind" => RequestKind::from_code(value).map(|k| i18n.t(k.message_id())),
                "overdue" => Some(i18n.t("queue-filter-overdue")),
                "due_within" => {
                    Some(i18n.t_with("queue-chip-due-within", &[("days", value.clone())]))
                }
                _ => Some(value.clone()),
            }
            .unwrap_or_else(|| value.clone());
            (
                label,
                queue_href(&current, &[(key.as_str(), None), ("after", None)]),
            )
        })
        .collect();
    let has_filters = !chips.is_empty();
    view! {
        <form method="get" action="/dpo/requests" class="inline-form" role="search">
            <div class="field">
                <label for="reference">{i18n.t("queue-search-label")}</label>
                <input
                    class="input input-short"
                    id="reference"
                    name="reference"
                    value=reference.clone()
                    placeholder="YC-2026-000123"
                />
                " "
                <button type="submit" class="button button-secondary">
                    {i18n.t("queue-search-button")}
                </button>
            </div>
        </form>
        <form method="get" action="/dpo/requests" class="filters">
            <h2 class="filters-heading">{i18n.t("queue-filters-heading")}</h2>
            <div class="filter-fields">
                {filter_select(i18n, "status", "queue-status", statuses)}
                {filter_select(i18n, "kind", "queue-kind", kinds)}
                {filter_select(i18n, "agency", "queue-agency", agencies)} <div class="field">
                    <label for="due_within">{i18n.t("queue-due-within")}</label>
                    <input
                        class="input input-short"
                        type="number"
                        min="0"
                        max="366"
                        id="due_within"
                        name="due_within"
                        value=due_within.clone()
                    />
                </div> <div class="radio">
                    <input
                        type="checkbox"
                        id="overdue"
                        name="overdue"
                        value="1"
                        checked=!overdue.is_empty()
                    />
                    <label for="overdue">{i18n.t("queue-filter-overdue")}</label>
                </div>
            </div>
            {descending.then(|| view! { <input type="hidden" name="dir" value="desc" /> })}
            <div class="button-group">
                <button type="submit" class="button button-secondary">
                    {i18n.t("queue-filter-button")}
                </button>
                <a href="/dpo/requests">{i18n.t("queue-clear-filters")}</a>
            </div>
        </form>
        {has_filters
            .then(|| {
                view! {
                    <ul class="list-inline chips" aria-label=i18n.t("queue-chips-label")>
                        {chips
                            .into_iter()
                            .map(|(label, href)| {
                                view! {
                                    <li>
                                        <a href=href class="chip">
                                            {i18n.t_with("queue-chip-remove", &[("filter", label)])}
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
            })}
        <p>
            <a href=csv_href rel="external" download="requests.csv">
                {i18n.t("queue-csv")}
            </a>
        </p>
        {if page.rows.is_empty() {
            let key = if has_filters { "queue-no-matches" } else { "queue-empty" };
            view! { <p>{i18n.t(key)}</p> }.into_any()
        } else {
            view! {
                <RequestTable
                    rows=page.rows.clone()
                    caption_key="queue-caption"
                    dpo=true
                    today=page.today.clone()
                    caption_extra=count
                    sort=(sort_href, descending)
                />
            }
                .into_any()
        }}
        {next_href
            .map(|href| {
                view! {
                    <nav class="pagination" aria-label=i18n.t("pagination-label")>
                        <a href=href>{i18n.t("queue-next")}</a>
                    </nav>
                }
            })}
    }
}

/// One of the queue's select filters, "any" first.
fn filter_select(
    i18n: I18n,
    name: &'static str,
    label: &'static str,
    options: impl IntoView + 'static,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=name>{i18n.t(label)}</label>
            <select class="select" id=name name=name>
                <option value="">{i18n.t("queue-any")}</option>
                {options}
            </select>
        </div>
    }
}

/// `/dpo/requests/:reference`: a request of the DPO's province, with
/// every step the DPO can take now.
#[component]
pub fn QueueRequestPage() -> impl IntoView {
    let i18n = use_i18n();
    let reference = reference_param();
    let step = ServerAction::<TakeRequestStep>::new();
    // Read again after each step (the step's redirect is to this page).
    let request = Resource::new(
        move || (reference.get(), step.version().get()),
        |(reference, _)| find_queue_request(reference),
    );
    let failure = move || step.value().get().and_then(Result::err);
    view! {
        <leptos_meta::Title text=i18n.title("queue-request-title") />
        <p>
            <A href="/dpo/requests" attr:class="back-link">
                {i18n.t("queue-back")}
            </A>
        </p>
        {move || failure().map(|error| view! { <ErrorMessage error /> })}
        <Suspense fallback=move || {
            view! { <p>{i18n.t("loading")}</p> }
        }>
            {move || Suspend::new(async move {
                let v = match request.await {
                    Ok(v) => v,
                    Err(error) => return view! { <ErrorMessage error /> }.into_any(),
                };
                let r = v.record.clone();
                let error = draft_error(&v.draft).or_else(failure);
                let typed = v.draft.as_ref().map(|d| d.get("text")).unwrap_or_default();
                view! {
                    {draft_error(&v.draft).map(|error| view! { <ErrorMessage error /> })}
                    <h1>
                        <span class="caption">{i18n.t(r.kind.message_id())}</span>
                        " "
                        {r.reference.clone()}
                    </h1>
                    <RequestFacts view_data=v.clone() dpo=true />
                    <h2>{i18n.t("queue-actions-heading")}</h2>
                    <StepForms view_data=v.clone() action=step error=error.clone() />
                    {(is_open(r.status) || r.status == RequestStatus::Decided)
                        .then(|| {
                            view! {
                                <MessageForm
                                    reference=r.reference.clone()
                                    version=r.version
                                    dpo=true
                                    heading_key="request-message-heading"
                                    error=error.clone()
                                    text=typed.clone()
                                />
                            }
                        })}
                    <RequestTimeline
                        events=v.events.clone()
                        attachments=v.attachments.clone()
                        chain_intact=v.chain_intact
                    />
                }
                    .into_any()
            })}
        </Suspense>
    }
}

/// The DPO's steps that fit the request's status, each its own form.
#[component]
fn StepForms(
    view_data: RequestView,
    action: ServerAction<TakeRequestStep>,
    error: Option<AppError>,
) -> impl IntoView {
    let i18n = use_i18n();
    let r = view_data.record.clone();
    let status = r.status;
    let open = is_open(status);
    let reference = r.reference.clone();
    let version = r.version;
    let hidden = |step: &'static str| step_fields(reference.clone(), version, step);
    let (h_assign, h_acknowledge, h_ask, h_extend, h_decide, h_close, h_transfer) = (
        hidden("assign"),
        hidden("acknowledge"),
        hidden("request-information"),
        hidden("extend"),
        hidden("decide"),
        hidden("close"),
        hidden("transfer"),
    );
    let colleagues = view_data
        .colleagues
        .iter()
        .map(|c| {
            let label = if c.me {
                i18n.t_with("queue-assign-me", &[("name", c.name.clone())])
            } else {
                c.name.clone()
            };
            view! { <option value=c.token.clone()>{label}</option> }
        })
        .collect_view();
    let provinces = view_data
        .provinces
        .iter()
        .filter(|p| p.code != r.handler)
        .map(|p| view! { <option value=p.code.clone()>{p.name(i18n.lang).to_owned()}</option> })
        .collect_view();
    let reasons = DECISION_REASONS
        .iter()
        .map(|(code, fits)| {
            let fits = fits
                .iter()
                .map(|d| i18n.t(d.message_id()))
                .collect::<Vec<_>>()
                .join(", ");
            view! {
                <option value=*code>
                    {format!("{} ({fits})", i18n.t(&format!("request-reason-{code}")))}
                </option>
            }
        })
        .collect_view();
    let decisions = Decision::ALL
        .iter()
        .map(|d| {
            let id = format!("decision-{}", d.code());
            view! {
                <div class="radio">
                    <input
                        type="radio"
                        name="decision"
                        id=id.clone()
                        value=d.code()
                        required=true
                    />
                    <label for=id>{i18n.t(d.message_id())}</label>
                </div>
            }
        })
        .collect_view();
    let t_ask = text_field(i18n, error.clone(), "ask-text", "queue-ask-label");
    let t_extend = text_field(i18n, error.clone(), "extend-text", "queue-extend-reason");
    let t_transfer = text_field(
        i18n,
        error.clone(),
        "transfer-text",
        "queue-transfer-reason",
    );
    let extendable = open && status != RequestStatus::Submitted && r.first_decide_by.is_none();
    view! {
        <div class="step-forms">
            {open
                .then(move || {
                    view! {
                        <ActionForm action=action attr:class="step-form">
                            {h_assign}
                            <div class="field">
                                <label for="assignee">{i18n.t("queue-assign-label")}</label>
                                <select class="select" id="assignee" name="assignee">
                                    <option value="me">{i18n.t("queue-assign-self")}</option>
                                    {colleagues}
                                </select>
                            </div>
                            <button type="submit" class="button button-secondary">
                                {i18n.t("queue-assign-button")}
                            </button>
                        </ActionForm>
                    }
                })}
            {(status == RequestStatus::Submitted)
                .then(move || {
                    view! {
                        <ActionForm action=action attr:class="step-form">
                            {h_acknowledge}
                            <p>{i18n.t("queue-acknowledge-hint")}</p>
                            <button type="submit" class="button">
                                {i18n.t("queue-acknowledge-button")}
                            </button>
                        </ActionForm>
                    }
                })}
            {(status == RequestStatus::Acknowledged)
                .then(move || {
                    view! {
                        <ActionForm action=action attr:class="step-form">
                            {h_ask}
                            {t_ask}
                            <button type="submit" class="button button-secondary">
                                {i18n.t("queue-ask-button")}
                            </button>
                        </ActionForm>
                    }
                })}
            {extendable
                .then(move || {
                    view! {
                        <ActionForm action=action attr:class="step-form">
                            {h_extend}
                            <div class="field">
                                <label for="days">
                                    {i18n
                                        .t_with(
                                            "queue-extend-days",
                                            &[("max", MAX_EXTENSION_DAYS.to_string())],
                                        )}
                                </label>
                                <input
                                    class="input input-short"
                                    type="number"
                                    min="1"
                                    max=MAX_EXTENSION_DAYS
                                    id="days"
                                    name="days"
                                />
                            </div>
                            {t_extend}
                            <button type="submit" class="button button-secondary">
                                {i18n.t("queue-extend-button")}
                            </button>
                        </ActionForm>
                    }
                })}
            {(open && status != RequestStatus::Submitted)
                .then(move || {
                    view! {
                        <ActionForm action=action attr:class="step-form">
                            {h_decide}
                            <fieldset class="fieldset">
                                <legend>{i18n.t("queue-decide-legend")}</legend>
                                {decisions}
                            </fieldset>
                            <div class="field">
                                <label for="reason">{i18n.t("queue-reason-label")}</label>
                                <select class="select" id="reason" name="reason">
                                    {reasons}
                                </select>
                            </div>
                            <div class="field">
                                <label for="decide-text">{i18n.t("queue-decide-text")}</label>
                                <textarea
                                    class="textarea"
                                    id="decide-text"
                                    name="text"
                                    rows="4"
                                ></textarea>
                            </div>
                            <button type="submit" class="button">
                                {i18n.t("queue-decide-button")}
                            </button>
                        </ActionForm>
                    }
                })}
            {(status == RequestStatus::Decided)
                .then(move || {
                    view! {
                        <ActionForm action=action attr:class="step-form">
                            {h_close}
                            <button type="submit" class="button button-secondary">
                                {i18n.t("queue-close-button")}
                            </button>
                        </ActionForm>
                    }
                })}
            {matches!(status, RequestStatus::Submitted | RequestStatus::Acknowledged)
                .then(move || {
                    view! {
                        <ActionForm action=action attr:class="step-form">
                            {h_transfer}
                            <div class="field">
                                <label for="transfer-province">
                                    {i18n.t("queue-transfer-label")}
                                </label>
                                <select class="select" id="transfer-province" name="province">
                                    {provinces}
                                </select>
                            </div>
                            {t_transfer}
                            <button type="submit" class="button button-secondary">
                                {i18n.t("queue-transfer-button")}
                            </button>
                        </ActionForm>
                    }
                })}
        </div>
    }
}

/// What every step form carries: the request, the version it was shown
/// at (a change since is a conflict), the step.
fn step_fields(reference: String, version: i64, step: &'static str) -> impl IntoView {
    view! {
        <CsrfField />
        <input type="hidden" name="reference" value=reference />
        <input type="hidden" name="version" value=version />
        <input type="hidden" name="step" value=step />
    }
}

/// A step's free text.
fn text_field(
    i18n: I18n,
    error: Option<AppError>,
    id: &'static str,
    label: &'static str,
) -> impl IntoView {
    let described = described_by(error.clone(), "text", None);
    view! {
        <div class="field">
            <label for=id>{i18n.t(label)}</label>
            {inline_error(i18n, error, "text")}
            <textarea
                class="textarea"
                id=id
                name="text"
                rows="3"
                aria-describedby=described
            ></textarea>
        </div>
    }
}

/// `/notifications`: what changed on one's requests (and, for DPOs, in
/// their provinces' queues).
#[component]
pub fn NotificationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let mark = ServerAction::<MarkNotificationsRead>::new();
    let list = Resource::new(move || mark.version().get(), |_| list_notifications());
    view! {
        <leptos_meta::Title text=i18n.title("notifications-title") />
        <h1>{i18n.t("notifications-title")}</h1>
        <Suspense fallback=move || {
            view! { <p>{i18n.t("loading")}</p> }
        }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(items) if items.is_empty() => {
                        view! { <p>{i18n.t("notifications-empty")}</p> }.into_any()
                    }
                    Ok(items) => {
                        let unread = items.iter().any(|n| !n.read);
                        view! {
                            <ul class="list-plain notifications">
                                {items
                                    .into_iter()
                                    .map(|n| {
                                        let href = if n.team {
                                            format!("/dpo/requests/{}", n.reference)
                                        } else {
                                            format!("/requests/{}", n.reference)
                                        };
                                        view! {
                                            <li class="timeline-item">
                                                {(!n.read)
                                                    .then(|| {
                                                        view! {
                                                            <strong class="tag tag-blue">
                                                                {i18n.t("notifications-new")}
                                                            </strong>
                                                            " "
                                                        }
                                                    })}
                                                <a href=href>
                                                    {i18n
                                                        .t_with(
                                                            &n.message_id,
                                                            &[("reference", n.reference.clone())],
                                                        )}
                                                </a>
                                                <p class="timeline-meta">
                                                    {format_datetime(n.created_at, i18n.lang)}
                                                </p>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                            {unread
                                .then(|| {
                                    view! {
                                        <ActionForm action=mark>
                                            <CsrfField />
                                            <button type="submit" class="button button-secondary">
                                                {i18n.t("notifications-mark-read")}
                                            </button>
                                        </ActionForm>
                                    }
                                })}
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
