//! Requests to the DPO: filing, following, withdrawing (citizens), the
//! queue and the steps on a request (DPOs of the request's province), and
//! in-app notifications. A citizen only ever reaches their own requests, a
//! DPO only their provinces'; any other reference reads as not found.
//! Filing and messages carry files, so they are multipart posts to plain
//! handlers (`server::http::requests`) that call [`service`].

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::{
    domain::{
        DataProtectionOfficer, Province,
        requests::{AttachmentMeta, Notification, RequestEvent, RequestKind, RequestRecord},
        sharing::Named,
    },
    error::AppError,
};

/// What a refused multipart form left behind: the values typed and what
/// was wrong, shown once on the form's page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormDraft {
    /// The page the form is on.
    pub path: String,
    pub fields: Vec<(String, String)>,
    pub field: String,
    pub message_id: String,
}

impl FormDraft {
    /// The value typed into `name`, or "".
    pub fn get(&self, name: &str) -> String {
        self.fields
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
            .unwrap_or_default()
    }
}

/// The filing page's choices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilingForm {
    /// Agencies that hold the person's data (the likely ones).
    pub agencies: Vec<Named>,
    pub provinces: Vec<Province>,
    /// Whether the person signed in at level 2 (correction and deletion
    /// need it).
    pub level2: bool,
    /// Kinds that need level 2.
    pub level2_kinds: Vec<RequestKind>,
    /// Filled in again after a refusal.
    pub draft: Option<FormDraft>,
}

/// Who answers a request: the named DPO of its province or the national
/// unit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Handler {
    pub officer: DataProtectionOfficer,
    pub national: bool,
}

/// A colleague a DPO may assign a request to: a name and an opaque token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Colleague {
    pub token: String,
    pub name: String,
    pub me: bool,
}

/// A request as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestView {
    pub record: RequestRecord,
    /// Newest first.
    pub events: Vec<RequestEvent>,
    pub attachments: Vec<AttachmentMeta>,
    pub handler: Handler,
    /// Working days left to each deadline (negative: overdue), when the
    /// calendar covers it.
    pub acknowledge_left: Option<i64>,
    pub decide_left: Option<i64>,
    pub chain_intact: bool,
    /// DPO view only.
    pub colleagues: Vec<Colleague>,
    pub provinces: Vec<Province>,
    pub draft: Option<FormDraft>,
}

/// One page of the queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuePage {
    pub rows: Vec<RequestRecord>,
    /// How many the filter matches, counted up to [`QUEUE_COUNT_LIMIT`].
    pub total: u64,
    /// Set when there are more than that: "25 of more than 1,000".
    pub more_than: Option<u64>,
    /// Cursor of the next page.
    pub next: Option<String>,
    pub today: String,
    /// Agencies named in the filter's choice list.
    pub agencies: Vec<Named>,
}

/// How many rows a queue page holds.
pub const QUEUE_PAGE: u32 = 25;

/// The queue's count stops here: beyond it the page says "more than".
pub const QUEUE_COUNT_LIMIT: u64 = 1_000;

/// The filing page: choices, and what was typed before a refusal.
#[server(prefix = "/api", endpoint = "find_filing_form", input = leptos::server_fn::codec::GetUrl)]
pub async fn find_filing_form() -> Result<FilingForm, AppError> {
    use crate::{
        domain::{Action, AssuranceLevel},
        server,
    };
    let me = server::require(&Action::FileRequest("access".into()))?;
    let store = server::use_store()?;
    let mut agencies: Vec<Named> = store
        .list_holdings(&me.pseudonym)
        .await?
        .into_iter()
        .map(|holding| holding.agency)
        .collect();
    agencies.sort_by(|a, b| a.code.cmp(&b.code));
    agencies.dedup_by(|a, b| a.code == b.code);
    let policy = use_context::<server::AuthSettings>()
        .map(|settings| settings.level2)
        .unwrap_or_else(crate::domain::Level2Policy::standard);
    Ok(FilingForm {
        agencies,
        provinces: store.list_provinces().await?,
        level2: me.viewer.level.satisfies(AssuranceLevel::Level2),
        level2_kinds: RequestKind::ALL
            .iter()
            .copied()
            .filter(|kind| policy.requires_level2(&Action::FileRequest(kind.code().into())))
            .collect(),
        draft: service::draft_for("/requests/new"),
    })
}

/// The signed-in person's requests, newest first.
#[server(prefix = "/api", endpoint = "list_my_requests", input = leptos::server_fn::codec::GetUrl)]
pub async fn list_my_requests() -> Result<Vec<RequestRecord>, AppError> {
    use crate::{domain::Action, server};
    let me = server::require(&Action::FileRequest("access".into()))?;
    Ok(server::use_store()?
        .list_own_requests(&me.pseudonym)
        .await?)
}

/// One of the signed-in person's own requests.
#[server(prefix = "/api", endpoint = "find_my_request", input = leptos::server_fn::codec::GetUrl)]
pub async fn find_my_request(reference: String) -> Result<RequestView, AppError> {
    use crate::{domain::Action, server};
    let me = server::require(&Action::FileRequest("access".into()))?;
    let store = server::use_store()?;
    let file = service::own_request(&*store, &me, &reference).await?;
    service::view(&*store, &me, file, false).await
}

/// A request of one of the DPO's provinces.
#[server(prefix = "/api", endpoint = "find_queue_request", input = leptos::server_fn::codec::GetUrl)]
pub async fn find_queue_request(reference: String) -> Result<RequestView, AppError> {
    use crate::server;
    let me = service::require_dpo()?;
    let store = server::use_store()?;
    let file = service::queue_request(&*store, &me, &reference).await?;
    service::view(&*store, &me, file, true).await
}

/// The requester withdraws their request (until it is decided).
#[server(prefix = "/api", endpoint = "withdraw_request")]
pub async fn withdraw_request(reference: String, version: i64) -> Result<(), AppError> {
    use crate::{domain::Action, server};
    let result = async {
        let me = server::require(&Action::FileRequest("access".into()))?;
        let store = server::use_store()?;
        let file = service::own_request(&*store, &me, &reference).await?;
        service::step(&*store, &me, file, version, service::StepForm::withdraw()).await?;
        leptos_axum::redirect(&format!("/requests/{reference}"));
        Ok(())
    }
    .await;
    server::form_result(result)
}

/// A DPO's step on a request of their province: `step` is one of
/// `assign`, `acknowledge`, `request-information`, `extend`, `decide`,
/// `close`, `transfer`; the other fields are what that step needs.
#[allow(clippy::too_many_arguments)]
#[server(prefix = "/api", endpoint = "take_request_step")]
pub async fn take_request_step(
    reference: String,
    version: i64,
    step: String,
    #[server(default)] text: String,
    #[server(default)] days: String,
    #[server(default)] decision: String,
    #[server(default)] reason: String,
    #[server(default)] province: String,
    #[server(default)] assignee: String,
) -> Result<(), AppError> {
    use crate::server;
    let result = async {
        let me = service::require_dpo()?;
        let store = server::use_store()?;
        let file = service::queue_request(&*store, &me, &reference).await?;
        let form = service::StepForm {
            step,
            text,
            days,
            decision,
            reason,
            province,
            assignee,
        };
        let after = service::step(&*store, &me, file, version, form).await?;
        // After a transfer the request may have left the DPO's provinces.
        if me.viewer.is_dpo_of(&after.handler) {
            leptos_axum::redirect(&format!("/dpo/requests/{reference}"));
        } else {
            leptos_axum::redirect("/dpo/requests?transferred=1");
        }
        Ok(())
    }
    .await;
    server::form_result(result)
}

/// One page of the DPO's queue.
#[allow(clippy::too_many_arguments)]
#[server(prefix = "/api", endpoint = "find_queue", input = leptos::server_fn::codec::GetUrl)]
pub async fn find_queue(
    #[server(default)] status: String,
    #[server(default)] kind: String,
    #[server(default)] agency: String,
    #[server(default)] overdue: String,
    #[server(default)] due_within: String,
    #[server(default)] dir: String,
    #[server(default)] after: String,
    #[server(default)] reference: String,
) -> Result<QueuePage, AppError> {
    use crate::{
        domain::{
            deadlines::Date,
            requests::{QueueCursor, QueueFilter},
        },
        server,
    };
    let me = service::require_dpo()?;
    let store = server::use_store()?;
    let handlers = service::handlers(&me);
    let today = Date::of_unix(server::now()).iso();
    let requests = &*store;
    // A reference goes straight to its request (when it is in the queue).
    if !reference.trim().is_empty() {
        let rows = match requests.find_request(reference.trim()).await? {
            Some(file) if handlers.contains(&file.record.handler) => vec![file.record],
            _ => Vec::new(),
        };
        return Ok(QueuePage {
            total: rows.len() as u64,
            more_than: None,
            rows,
            next: None,
            today,
            agencies: Vec::new(),
        });
    }
    let filter = QueueFilter::parse(
        &status,
        &kind,
        &agency,
        !overdue.is_empty(),
        &due_within,
        &dir,
    );
    let cursor = QueueCursor::decode(&after);
    let mut rows = requests
        .list_queue(&handlers, &filter, &today, cursor.as_ref(), QUEUE_PAGE + 1)
        .await?;
    let next = (rows.len() > QUEUE_PAGE as usize).then(|| {
        rows.truncate(QUEUE_PAGE as usize);
        rows.last()
            .map(|last| {
                QueueCursor {
                    decide_by: last.decide_by.clone(),
                    id: last.id,
                }
                .encode()
            })
            .unwrap_or_default()
    });
    let counted = requests
        .count_queue(&handlers, &filter, &today, QUEUE_COUNT_LIMIT + 1)
        .await?;
    let more_than = (counted > QUEUE_COUNT_LIMIT).then_some(QUEUE_COUNT_LIMIT);
    let total = counted.min(QUEUE_COUNT_LIMIT);
    let agencies = requests.list_agencies_in(&handlers).await?;
    Ok(QueuePage {
        rows,
        total,
        more_than,
        next,
        today,
        agencies,
    })
}

/// The public figures per province and kind of request: received, decided,
/// median days to a decision, share decided on time. Public: no sign-in
/// (the numbers name nobody).
#[server(prefix = "/api", endpoint = "list_request_figures", input = leptos::server_fn::codec::GetUrl)]
pub async fn list_request_figures() -> Result<Vec<crate::domain::requests::Figures>, AppError> {
    let store = crate::server::use_store()?;
    let handled = store.list_handled().await?;
    Ok(crate::domain::requests::figures(&handled))
}

/// The signed-in person's notifications (their own, and their provinces'
/// as a DPO), newest first.
#[server(prefix = "/api", endpoint = "list_notifications", input = leptos::server_fn::codec::GetUrl)]
pub async fn list_notifications() -> Result<Vec<Notification>, AppError> {
    use crate::{domain::Action, server};
    let me = server::require(&Action::ViewOwnAccount)?;
    Ok(server::use_store()?
        .list_notifications(&service::recipients(&me), 100)
        .await?)
}

/// Marks the signed-in person's notifications read.
#[server(prefix = "/api", endpoint = "mark_notifications_read")]
pub async fn mark_notifications_read() -> Result<(), AppError> {
    use crate::{domain::Action, server};
    let result = async {
        let me = server::require(&Action::ViewOwnAccount)?;
        server::use_store()?
            .mark_notifications_read(&service::recipients(&me), server::now())
            .await?;
        leptos_axum::redirect("/notifications");
        Ok(())
    }
    .await;
    server::form_result(result)
}

#[cfg(feature = "ssr")]
pub mod service {
    //! The workflow behind the server functions and the multipart handlers:
    //! access checks, the step rules, deadlines, notices and mails.

    use super::{Colleague, FormDraft, Handler, RequestView};
    use crate::{
        domain::{
            Action, FieldError, Lang, Role,
            deadlines::{self, Calendar, Date},
            requests::{
                self, AgencyPlace, EventActor, EventDetail, EventKind, Recipient, RequestKind,
                RequestRecord, Route, StaffMember, StepContext, StepError, StepKind, StepRefusal,
            },
        },
        error::AppError,
        i18n::key,
        server::{
            self, Mail, NewAttachment, NewRequest, Notice, Principal, RequestFile, StepCommand,
            StepEvent, StepWriteError, Store,
        },
    };

    fn invalid(field: &str, message_id: &str) -> AppError {
        server::with_status(AppError::Invalid {
            field: field.into(),
            message_id: message_id.into(),
        })
    }

    impl From<FieldError> for AppError {
        fn from(error: FieldError) -> AppError {
            invalid(error.field, error.message_id)
        }
    }

    fn refused(error: StepError) -> AppError {
        invalid("step", error.message_id())
    }

    fn deadline_error(error: deadlines::DeadlineError) -> AppError {
        invalid("days", error.message_id())
    }

    /// The draft a refused form left for `path`, put in the request by the
    /// server's draft middleware.
    pub fn draft_for(path: &str) -> Option<FormDraft> {
        use leptos::prelude::use_context;
        use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<FormDraft>().cloned())
            .filter(|draft| draft.path == path)
    }

    /// A DPO (of any province), or refused.
    pub fn require_dpo() -> Result<Principal, AppError> {
        let me = server::require(&Action::ViewOwnAccount)?;
        if me.viewer.has_role(Role::Dpo) {
            Ok(me)
        } else {
            Err(server::with_status(AppError::Forbidden))
        }
    }

    /// The handlers whose queues a DPO works.
    pub fn handlers(me: &Principal) -> Vec<String> {
        me.viewer
            .grants
            .iter()
            .filter(|grant| grant.role == Role::Dpo)
            .filter_map(|grant| grant.province_code.clone())
            .collect()
    }

    /// Whom a person's notifications are addressed to.
    pub fn recipients(me: &Principal) -> Vec<String> {
        let mut all = vec![me.pseudonym.clone()];
        all.extend(handlers(me).into_iter().map(|h| team(&h)));
        all
    }

    fn team(handler: &str) -> String {
        format!("dpo:{handler}")
    }

    /// The requester's own request; not found for anyone else's.
    pub async fn own_request(
        store: &dyn Store,
        me: &Principal,
        reference: &str,
    ) -> Result<RequestFile, AppError> {
        match store.find_request(reference.trim()).await? {
            Some(file) if file.record.requester == me.pseudonym => Ok(file),
            _ => Err(server::with_status(AppError::NotFound)),
        }
    }

    /// A request of the DPO's provinces; not found for any other.
    pub async fn queue_request(
        store: &dyn Store,
        me: &Principal,
        reference: &str,
    ) -> Result<RequestFile, AppError> {
        match store.find_request(reference.trim()).await? {
            Some(file) if me.viewer.is_dpo_of(&file.record.handler) => Ok(file),
            _ => Err(server::with_status(AppError::NotFound)),
        }
    }

    async fn calendar(store: &dyn Store) -> Result<Calendar, AppError> {
        Ok(store.load_calendar().await?.calendar())
    }

    /// The named DPO (or the national unit) of a handler.
    pub async fn handler_of(store: &dyn Store, handler: &str) -> Result<Handler, AppError> {
        if handler == requests::NATIONAL_UNIT {
            return Ok(Handler {
                officer: store.find_national_unit().await?,
                national: true,
            });
        }
        store
            .list_data_protection_officers()
            .await?
            .into_iter()
            .find(|officer| officer.province.code == handler)
            .map(|officer| Handler {
                officer,
                national: false,
            })
            .ok_or_else(|| server::internal_error(format!("no officer for {handler}")))
    }

    /// Puts a request's page together.
    pub async fn view(
        store: &dyn Store,
        me: &Principal,
        file: RequestFile,
        as_dpo: bool,
    ) -> Result<RequestView, AppError> {
        let today = Date::of_unix(server::now());
        let calendar = calendar(store).await?;
        let left = |date: &str| {
            Date::parse(date).and_then(|d| deadlines::working_days_left(today, d, &calendar).ok())
        };
        let record = &file.record;
        let open = requests::is_open(record.status);
        let acknowledge_left = (record.status == requests::RequestStatus::Submitted)
            .then(|| left(&record.acknowledge_by))
            .flatten();
        let decide_left = open.then(|| left(&record.decide_by)).flatten();
        let chain_intact = requests::verify_events(&file.events).is_ok();
        let (colleagues, provinces) = if as_dpo {
            let colleagues = store
                .list_colleagues(&record.handler)
                .await?
                .into_iter()
                .map(|colleague| Colleague {
                    token: requests::staff_token(&colleague.pseudonym),
                    me: colleague.pseudonym == me.pseudonym,
                    name: colleague.full_name,
                })
                .collect();
            (colleagues, store.list_provinces().await?)
        } else {
            (Vec::new(), Vec::new())
        };
        let path = if as_dpo {
            format!("/dpo/requests/{}", record.reference)
        } else {
            format!("/requests/{}", record.reference)
        };
        let mut events = file.events;
        events.reverse();
        Ok(RequestView {
            handler: handler_of(store, &record.handler).await?,
            record: file.record,
            events,
            attachments: file.attachments,
            acknowledge_left,
            decide_left,
            chain_intact,
            colleagues,
            provinces,
            draft: draft_for(&path),
        })
    }

    /// What the filing form sent.
    #[derive(Clone, Debug, Default)]
    pub struct FilingInput {
        pub kind: String,
        pub agency: String,
        pub province: String,
        pub description: String,
        pub email: String,
        pub about: String,
    }

    /// Files a request for the signed-in person.
    pub async fn file(
        store: &dyn Store,
        me: &Principal,
        lang: Lang,
        input: &FilingInput,
        files: Vec<NewAttachment>,
        now: i64,
    ) -> Result<RequestRecord, AppError> {
        let Some(kind) = RequestKind::from_code(&input.kind) else {
            return Err(invalid("kind", "request-error-kind"));
        };
        // Correction and deletion need level 2 (policy in AuthSettings).
        server::require(&Action::FileRequest(kind.code().into()))?;
        let agency = match input.agency.trim() {
            "" | "unknown" => None,
            code => match store.find_agency_place(code).await? {
                Some(found) => Some((found.agency, found.province_code)),
                None => return Err(invalid("agency", "request-error-agency")),
            },
        };
        let place = agency.as_ref().map(|(named, province)| AgencyPlace {
            code: named.code.clone(),
            province: province.clone(),
        });
        let chosen = input.province.trim();
        if !chosen.is_empty()
            && !store
                .list_provinces()
                .await?
                .iter()
                .any(|p| p.code == chosen)
        {
            return Err(invalid("province", "request-error-province"));
        }
        let handler = match requests::route(place.as_ref(), Some(chosen)) {
            Some(Route::Province(code)) => code,
            Some(Route::National) => requests::NATIONAL_UNIT.to_owned(),
            None => return Err(invalid("province", "request-error-province-missing")),
        };
        let description = requests::check_text(&input.description, "description")?;
        let email = requests::check_email(&input.email)?;
        let about = match input.about.trim() {
            "" => None,
            about if kind == RequestKind::Complaint => {
                // Only about one's own request.
                own_request(store, me, about)
                    .await
                    .map_err(|_| invalid("about", "request-error-about"))?;
                Some(about.to_owned())
            }
            _ => None,
        };
        let calendar = calendar(store).await?;
        let received = Date::of_unix(now);
        let rule = deadlines::rule_for(kind.code())
            .ok_or_else(|| server::internal_error(format!("no rule for {}", kind.code())))?;
        let acknowledge_by =
            deadlines::due(received, rule.acknowledge, &calendar).map_err(deadline_error)?;
        let decide_by = deadlines::due(received, rule.decide, &calendar).map_err(deadline_error)?;
        let handler_contact = handler_of(store, &handler).await?;
        let mut mails = vec![Mail {
            to: handler_contact.officer.email.clone(),
            lang: Lang::Vi,
            template: "mail-request-new".into(),
        }];
        if let Some(to) = &email {
            mails.push(Mail {
                to: to.clone(),
                lang,
                template: "mail-request-filed".into(),
            });
        }
        let request = NewRequest {
            requester: me.pseudonym.clone(),
            requester_name: me.viewer.name.clone(),
            kind,
            agency_code: place.map(|p| p.code),
            handler: handler.clone(),
            about_reference: about,
            description,
            contact_email: email,
            lang,
            received_on: received.iso(),
            acknowledge_by: acknowledge_by.iso(),
            decide_by: decide_by.iso(),
            attachments: files,
            notices: vec![
                Notice {
                    recipient: team(&handler),
                    message_id: key("notice-request-new").into(),
                },
                Notice {
                    recipient: me.pseudonym.clone(),
                    message_id: key("notice-request-filed").into(),
                },
            ],
            mails,
            now,
        };
        let event = StepEvent {
            actor_role: EventActor::Requester,
            actor: Some(me.pseudonym.clone()),
            actor_name: me.viewer.name.clone(),
            kind: EventKind::Submitted,
            detail: EventDetail::default(),
            body: String::new(),
        };
        Ok(store.file_request(&request, &event).await?)
    }

    pub use crate::domain::requests::StepForm;

    /// Takes a step on a request the caller may act on (checked by the
    /// caller: `own_request` or `queue_request`). `version` is the one the
    /// form was shown with: if the request changed since, nothing is
    /// written and the person is told.
    pub async fn step(
        store: &dyn Store,
        me: &Principal,
        file: RequestFile,
        version: i64,
        form: StepForm,
    ) -> Result<RequestRecord, AppError> {
        let command = plan(store, me, file, version, form).await?;
        write(store, command).await
    }

    /// The write a step makes, after the rules allow it: the facts the
    /// step needs from the store, then the domain's plan.
    async fn plan(
        store: &dyn Store,
        me: &Principal,
        file: RequestFile,
        version: i64,
        form: StepForm,
    ) -> Result<StepCommand, AppError> {
        let record = file.record;
        let actor = if record.requester == me.pseudonym && !me.viewer.is_dpo_of(&record.handler) {
            requests::Actor::Requester
        } else {
            requests::Actor::Dpo
        };
        let now = server::now();
        let kind = StepKind::from_code(&form.step);
        let calendar = match kind {
            Some(StepKind::Extend) => Some(calendar(store).await?),
            _ => None,
        };
        let provinces: Vec<String> = match kind {
            Some(StepKind::Transfer) => store
                .list_provinces()
                .await?
                .into_iter()
                .map(|province| province.code)
                .collect(),
            _ => Vec::new(),
        };
        let staff = match kind {
            Some(StepKind::Assign) if requests::is_open(record.status) => {
                store.list_colleagues(&record.handler).await?
            }
            _ => Vec::new(),
        };
        let acting = StaffMember {
            pseudonym: me.pseudonym.clone(),
            full_name: me.viewer.name.clone(),
        };
        let context = StepContext {
            actor,
            me: &acting,
            today: Date::of_unix(now),
            calendar: calendar.as_ref(),
            provinces: &provinces,
            staff: &staff,
        };
        let plan = requests::plan_step(&record, version, &form, &context).map_err(step_refused)?;
        let mails = match (&record.contact_email, plan.tells_requester()) {
            (Some(to), true) => vec![Mail {
                to: to.clone(),
                lang: record.lang,
                template: "mail-request-updated".into(),
            }],
            _ => Vec::new(),
        };
        let notices = plan
            .tell
            .iter()
            .map(|tell| Notice {
                recipient: match &tell.to {
                    Recipient::Requester => record.requester.clone(),
                    Recipient::Team(handler) => team(handler),
                },
                message_id: tell.notice.message_id().into(),
            })
            .collect();
        Ok(StepCommand {
            request_id: record.id,
            expected_version: version,
            after: plan.after,
            event: StepEvent {
                actor_role: match actor {
                    requests::Actor::Requester => EventActor::Requester,
                    requests::Actor::Dpo => EventActor::Dpo,
                },
                actor: Some(me.pseudonym.clone()),
                actor_name: me.viewer.name.clone(),
                kind: plan.kind,
                detail: plan.detail,
                body: plan.body,
            },
            attachments: Vec::new(),
            notices,
            mails,
            now,
        })
    }

    /// A refused step as the person reads it.
    fn step_refused(refusal: StepRefusal) -> AppError {
        match refusal {
            StepRefusal::Conflict => invalid("version", "request-error-conflict"),
            StepRefusal::Field(error) => error.into(),
            StepRefusal::Step(error) => refused(error),
            StepRefusal::Deadline(error) => deadline_error(error),
            StepRefusal::Corrupt(what) => server::internal_error(what),
        }
    }

    /// Writes a step (with any files); a concurrent change is a conflict.
    pub async fn write(store: &dyn Store, command: StepCommand) -> Result<RequestRecord, AppError> {
        match store.record_step(&command).await {
            Ok(record) => Ok(record),
            Err(StepWriteError::Conflict) => Err(invalid("version", "request-error-conflict")),
            Err(StepWriteError::Store(error)) => Err(error.into()),
        }
    }

    /// A message (with files) from the requester or a DPO of the request's
    /// province. The requester's message answers a request for information.
    pub async fn message(
        store: &dyn Store,
        me: &Principal,
        reference: &str,
        version: i64,
        text: String,
        files: Vec<NewAttachment>,
    ) -> Result<RequestRecord, AppError> {
        let file = match store.find_request(reference.trim()).await? {
            Some(file)
                if file.record.requester == me.pseudonym
                    || me.viewer.is_dpo_of(&file.record.handler) =>
            {
                file
            }
            _ => return Err(server::with_status(AppError::NotFound)),
        };
        // Plan the step as usual, then add the files to the same write.
        let mut command = plan(store, me, file, version, StepForm::message(text)).await?;
        command.attachments = files;
        write(store, command).await
    }
}
