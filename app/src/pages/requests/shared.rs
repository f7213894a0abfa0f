//! Pieces the request pages share: dates and deadlines in words, the
//! status tag, the request table, the facts, the timeline, the message form.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::clocks::{DeadlineExplanation, Viewings};
use crate::{
    api::requests::{FormDraft, Handler, RequestView},
    components::{CsrfField, FreeText, IslandScripts, described_by, inline_error},
    domain::{
        attachments::{MAX_FILE_BYTES, MAX_FILES},
        datetime::{format_date, format_date_long, format_datetime},
        deadlines::Date,
        requests::{
            AttachmentMeta, EventActor, EventKind, RequestEvent, RequestRecord, RequestStatus,
            ground, is_open,
        },
    },
    error::AppError,
    i18n::{I18n, use_i18n},
};

/// Noon in Viet Nam on an ISO date, for the date formatters.
pub(super) fn noon(iso: &str) -> Option<i64> {
    Date::parse(iso).map(|d| d.days() * 86_400 + 5 * 3_600)
}

pub(super) fn long_date(i18n: I18n, iso: &str) -> String {
    noon(iso)
        .map(|unix| format_date_long(unix, i18n.lang))
        .unwrap_or_else(|| iso.to_owned())
}

pub(super) fn short_date(i18n: I18n, iso: &str) -> String {
    noon(iso)
        .map(|unix| format_date(unix, i18n.lang))
        .unwrap_or_else(|| iso.to_owned())
}

/// "19 March 2026 (5 working days left)" or "(overdue by 3 working days)".
pub(super) fn deadline_text(i18n: I18n, iso: &str, left: Option<i64>) -> String {
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

pub(super) fn status_class(status: RequestStatus) -> &'static str {
    match status {
        RequestStatus::Decided | RequestStatus::Closed => "tag",
        RequestStatus::Withdrawn => "tag tag-grey",
        RequestStatus::InformationRequested => "tag tag-warning",
        _ => "tag tag-blue",
    }
}

#[component]
pub(super) fn StatusTag(status: RequestStatus) -> impl IntoView {
    let i18n = use_i18n();
    view! { <strong class=status_class(status)>{i18n.t(status.message_id())}</strong> }
}

/// The error of a refused multipart form, as the error helpers read it.
pub(super) fn draft_error(draft: &Option<FormDraft>) -> Option<AppError> {
    draft.as_ref().map(|d| AppError::Invalid {
        field: d.field.clone(),
        message_id: d.message_id.clone(),
    })
}

/// A table of requests: the person's own, or a queue page.
#[component]
pub(super) fn RequestTable(
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

/// Who answers the request.
#[component]
pub(super) fn HandlerFacts(handler: Handler) -> impl IntoView {
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

pub(super) fn row(i18n: I18n, key: &str, value: impl IntoView + 'static) -> impl IntoView {
    view! {
        <div class="summary-list-row">
            <dt>{i18n.t(key)}</dt>
            <dd>{value}</dd>
        </div>
    }
}

/// The summary of a request: dates, who handles it, the decision.
#[component]
pub(super) fn RequestFacts(view_data: RequestView, dpo: bool) -> impl IntoView {
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
        {view_data
            .explained
            .clone()
            .map(|explained_deadlines| view! { <DeadlineExplanation explained_deadlines /> })}
        <h2>{i18n.t("request-description-label")}</h2>
        <p class="break-words preserve-lines">{r.description.clone()}</p>
        <Viewings viewings=view_data.viewings.clone() />
        <Undelivered mails=view_data.undelivered.clone() />
    }
}

/// Mail the receiving server refused: nobody should believe it arrived.
#[component]
fn Undelivered(mails: Vec<crate::domain::requests::UndeliveredMail>) -> impl IntoView {
    let i18n = use_i18n();
    (!mails.is_empty()).then(|| {
        let items = mails
            .into_iter()
            .map(|mail| {
                view! {
                    <li>
                        <time datetime=crate::domain::datetime::iso_datetime(
                            mail.refused_at,
                        )>
                            {crate::domain::datetime::format_datetime(mail.refused_at, i18n.lang)}
                        </time>
                        ": "
                        <span class="break-words">{mail.to}</span>
                        " ("
                        <span class="break-words">{mail.error}</span>
                        ")"
                    </li>
                }
            })
            .collect_view();
        view! {
            <div class="inset flag" role="status">
                <h2>{i18n.t("mail-undelivered-heading")}</h2>
                <p>{i18n.t("mail-undelivered-body")}</p>
                <ul class="list-plain">{items}</ul>
            </div>
        }
    })
}

/// A timeline line's sentence.
pub(super) fn event_sentence(i18n: I18n, event: &RequestEvent) -> String {
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
                        .map(|r| match ground(r) {
                            Some(ground) => ground.text(i18n.lang).to_owned(),
                            // Reasons of decisions taken before the grounds.
                            None => i18n.t(&format!("request-reason-{r}")),
                        })
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
        EventKind::ThirdParty | EventKind::Accepted | EventKind::DeadlinesMoved => i18n.t_with(
            match c.kind {
                EventKind::ThirdParty => "request-event-third-party-to",
                EventKind::Accepted => "request-event-accepted-to",
                // An officer's recomputation names no changed day.
                _ if d.reason.is_none() => "request-event-recomputed-to",
                _ => "request-event-deadlines-moved-to",
            },
            &[
                (
                    "day",
                    d.reason
                        .as_deref()
                        .map(|x| long_date(i18n, x))
                        .unwrap_or_default(),
                ),
                (
                    "from",
                    d.from_date
                        .as_deref()
                        .map(|x| long_date(i18n, x))
                        .unwrap_or_default(),
                ),
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
pub(super) fn RequestTimeline(
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
                                            let name = match f.purged_at {
                                                None => {
                                                    view! {
                                                        <a
                                                            href=format!("/requests/files/{}", f.id)
                                                            rel="external"
                                                            download=f.file_name.clone()
                                                        >
                                                            {f.file_name.clone()}
                                                        </a>
                                                    }
                                                        .into_any()
                                                }
                                                Some(at) => {
                                                    let on = crate::domain::datetime::format_date_long(
                                                        at,
                                                        i18n.lang,
                                                    );
                                                    view! {
                                                        <span>{f.file_name.clone()}</span>
                                                        " "
                                                        <span class="tag">
                                                            {i18n.t_with("request-file-purged", &[("date", on)])}
                                                        </span>
                                                    }
                                                        .into_any()
                                                }
                                            };
                                            view! { <li>{name} " (" {size} ")"</li> }
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
pub(super) fn MessageForm(
    reference: String,
    version: i64,
    dpo: bool,
    heading_key: &'static str,
    error: Option<AppError>,
    text: String,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <IslandScripts />
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
            <FreeText
                id="text"
                name="text"
                label=i18n.t("request-message-label")
                rows=5
                value=text
                error=error.clone()
            />
            <FilesField error />
            <button type="submit" class="button">
                {i18n.t("request-message-send")}
            </button>
        </form>
    }
}

pub(super) fn next_step_key(status: RequestStatus) -> &'static str {
    match status {
        RequestStatus::Submitted => "request-next-submitted",
        RequestStatus::Acknowledged => "request-next-acknowledged",
        RequestStatus::InformationRequested => "request-next-information",
        RequestStatus::Decided => "request-next-decided",
        RequestStatus::Closed => "request-next-closed",
        RequestStatus::Withdrawn => "request-next-withdrawn",
    }
}

pub(super) fn reference_param() -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("reference").unwrap_or_default())
}

/// The file input with its limits.
#[component]
pub(super) fn FilesField(error: Option<AppError>) -> impl IntoView {
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
