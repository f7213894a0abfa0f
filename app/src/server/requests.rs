//! The requests use cases: filing, a step, a message, a request's page and
//! a page of the queue. Each takes the store, who is asking and the time,
//! and reads nothing from the request's context, so the server functions
//! (`api::requests`) and the multipart handlers (`server::http::requests`)
//! call them alike. The rules themselves are the domain's
//! (`domain::requests`); here they meet the store.

use crate::{
    domain::{
        Action, FieldError, Lang, Level2Policy, Role,
        deadlines::{self, Calendar, Date},
        requests::{
            self, Addressee, AgencyPlace, Colleague, EventActor, EventDetail, EventKind,
            FilingLimits, FormDraft, Handler, QUEUE_COUNT_LIMIT, QUEUE_PAGE, QueueCursor,
            QueueFilter, QueuePage, Recipient, RequestKind, RequestRecord, RequestView, Route,
            StaffMember, StepContext, StepError, StepForm, StepKind, StepRefusal, ViewAction,
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
    AppError::Invalid {
        field: field.into(),
        message_id: message_id.into(),
    }
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

/// The handlers whose queues a DPO works.
pub fn handlers(me: &Principal) -> Vec<String> {
    me.viewer
        .grants
        .iter()
        .filter(|grant| grant.role == Role::Dpo)
        .filter_map(|grant| grant.province_code.clone())
        .collect()
}

/// The provinces (or `VN`) whose agencies the signed-in DPO oversees: for
/// the lists of flagged and deferred sharings. The same rule as the
/// request queue; anyone else is refused.
pub fn overseen_provinces() -> Result<Vec<String>, AppError> {
    let me = super::require(&crate::domain::Action::ManageConsent)?;
    let provinces = handlers(&me);
    let Some(first) = provinces.first() else {
        return Err(super::with_status(AppError::Forbidden));
    };
    super::require(&crate::domain::Action::WorkQueue {
        province_code: first.clone(),
    })?;
    Ok(provinces)
}

/// Whom a person's notifications are addressed to.
pub fn recipients(me: &Principal) -> Vec<Addressee> {
    let mut all = vec![Addressee::Person(me.pseudonym.clone())];
    all.extend(handlers(me).into_iter().map(Addressee::Team));
    all
}

/// Whose side of a request someone reaches it from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// Its requester.
    Requester,
    /// A DPO of its province.
    Dpo,
    /// Either of them (messages).
    Either,
}

/// The request `reference` as `me` may reach it from `side`; not found for
/// anyone else, so a stranger cannot tell a request exists.
pub async fn reach(
    store: &dyn Store,
    me: &Principal,
    reference: &str,
    side: Side,
) -> Result<RequestFile, AppError> {
    let file = store.find_request(reference.trim()).await?;
    let mine = |file: &RequestFile| file.record.requester == me.pseudonym;
    let dpo = |file: &RequestFile| me.viewer.is_dpo_of(&file.record.handler);
    match file {
        Some(file)
            if match side {
                Side::Requester => mine(&file),
                Side::Dpo => dpo(&file),
                Side::Either => mine(&file) || dpo(&file),
            } =>
        {
            Ok(file)
        }
        _ => Err(AppError::NotFound),
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

/// Puts a request's page together, as of `now`, with the draft a refused
/// form on that page left behind (if it is this page's). An officer's
/// opening of another person's request is recorded: the requester sees it.
pub async fn view(
    store: &dyn Store,
    me: &Principal,
    file: RequestFile,
    as_dpo: bool,
    now: i64,
    draft: Option<FormDraft>,
) -> Result<RequestView, AppError> {
    let today = Date::of_unix(now);
    if as_dpo && file.record.requester != me.pseudonym {
        let ids = [file.record.id];
        store
            .record_viewings(&ids, &staff(me), ViewAction::Opened, now)
            .await?;
    }
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
        events,
        attachments: file.attachments,
        acknowledge_left,
        decide_left,
        chain_intact,
        colleagues,
        provinces,
        draft: draft.filter(|draft| draft.path == path),
        viewings: store.list_viewings(record.id).await?,
        explained: requests::explain_deadlines(record, &calendar),
        undelivered: store
            .list_undelivered_mail(&record.reference)
            .await?
            .into_iter()
            .filter(|mail| as_dpo || record.contact_email.as_ref() == Some(&mail.to))
            .collect(),
        record: file.record,
    })
}

/// A member of staff as the records name them.
pub fn staff(me: &Principal) -> StaffMember {
    StaffMember {
        pseudonym: me.pseudonym.clone(),
        full_name: me.viewer.name.clone(),
    }
}

/// Moves the deadlines of the open requests a calendar change on `day`
/// touches, each with a timeline entry saying what moved and why: the day
/// that changed (`reason`) and its names as the calendar gives them
/// (`names`, the entry's text; empty when the day was removed). Returns how
/// many moved. Bounded: at most [`MOVE_LIMIT`] requests per change.
pub async fn move_deadlines(
    store: &dyn Store,
    day: Date,
    names: &str,
    now: i64,
) -> Result<usize, AppError> {
    let calendar = calendar(store).await?;
    let mut moved = 0;
    for record in store.list_spanning(&day.iso(), MOVE_LIMIT).await? {
        let Some((acknowledge_by, decide_by)) = requests::moved_deadlines(&record, &calendar)
        else {
            continue;
        };
        let mut after = record.clone();
        after.acknowledge_by = acknowledge_by;
        after.decide_by = decide_by.clone();
        let command = StepCommand {
            request_id: record.id,
            expected_version: record.version,
            after,
            event: StepEvent {
                actor_role: EventActor::System,
                actor: None,
                actor_name: String::new(),
                kind: EventKind::DeadlinesMoved,
                detail: EventDetail {
                    reason: Some(day.iso()),
                    from_date: Some(record.decide_by.clone()),
                    to_date: Some(decide_by),
                    ..EventDetail::default()
                },
                body: names.to_owned(),
            },
            attachments: Vec::new(),
            notices: Vec::new(),
            mails: Vec::new(),
            now,
        };
        match store.record_step(&command).await {
            Ok(_) => moved += 1,
            // Changed meanwhile: its own step counted on the new calendar.
            Err(StepWriteError::Conflict) => {
                tracing::info!(reference = %record.reference, "changed while moving deadlines")
            }
            Err(StepWriteError::Store(error)) => return Err(error.into()),
        }
    }
    Ok(moved)
}

/// Most requests one calendar change moves.
pub const MOVE_LIMIT: u32 = 10_000;

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

/// What filing checks besides the form: the sign-in level each kind needs,
/// and how much one person may file.
#[derive(Clone, Debug)]
pub struct FilingRules {
    pub level2: Level2Policy,
    pub limits: FilingLimits,
}

/// Files a request for the signed-in person; correction and deletion need
/// the sign-in level the rules ask for, and the person's quota must allow
/// one more request with these files.
pub async fn file(
    store: &dyn Store,
    me: &Principal,
    rules: &FilingRules,
    lang: Lang,
    input: &FilingInput,
    files: Vec<NewAttachment>,
    now: i64,
) -> Result<RequestRecord, AppError> {
    let Some(kind) = RequestKind::from_code(&input.kind) else {
        return Err(invalid("kind", "request-error-kind"));
    };
    server::permit(
        Some(me),
        &Action::FileRequest(kind.code().into()),
        &rules.level2,
    )?;
    let usage = store.filing_usage(&me.pseudonym, now - 86_400).await?;
    rules.limits.allows(usage, true, bytes_of(&files))?;
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
            reach(store, me, about, Side::Requester)
                .await
                .map_err(|_| invalid("about", "request-error-about"))?;
            Some(about.to_owned())
        }
        _ => None,
    };
    let calendar = calendar(store).await?;
    let received = Date::of_unix(now);
    let due = deadlines::DeadlineFacts::new(kind, received)
        .deadlines(&calendar)
        .map_err(deadline_error)?;
    let (acknowledge_by, decide_by) = (due.acknowledge_by, due.decide_by);
    let handler_contact = handler_of(store, &handler).await?;
    let mut mails = vec![Mail::to_office(
        &handler_contact.officer.email,
        "mail-request-new",
    )];
    if let Some(to) = &email {
        let to_requester = (me.pseudonym.as_str(), to.as_str(), lang);
        mails.extend(
            super::addresses::requester_mail(store, to_requester, "mail-request-filed", now)
                .await?,
        );
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
                recipient: Addressee::Team(handler.clone()),
                message_id: key("notice-request-new").into(),
            },
            Notice {
                recipient: Addressee::Person(me.pseudonym.clone()),
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

/// Takes a step on a request the caller may act on (checked by the
/// caller: [`reach`]). `version` is the one the
/// form was shown with: if the request changed since, nothing is
/// written and the person is told.
pub async fn step(
    store: &dyn Store,
    me: &Principal,
    file: RequestFile,
    version: i64,
    form: StepForm,
    now: i64,
) -> Result<RequestRecord, AppError> {
    let command = plan(store, me, file, version, form, now).await?;
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
    now: i64,
) -> Result<StepCommand, AppError> {
    let record = file.record;
    // Whoever filed a request acts on it as its requester, officer or not.
    let own = record.requester == me.pseudonym;
    let actor = if own {
        requests::Actor::Requester
    } else {
        requests::Actor::Dpo
    };
    let own_case = own || represents(store, me, &record.requester).await?;
    let kind = StepKind::from_code(&form.step);
    let calendar = match kind {
        Some(StepKind::Extend | StepKind::ThirdParty | StepKind::Accept | StepKind::Recompute) => {
            Some(calendar(store).await?)
        }
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
    let acting = self::staff(me);
    let context = StepContext {
        actor,
        me: &acting,
        today: Date::of_unix(now),
        calendar: calendar.as_ref(),
        provinces: &provinces,
        staff: &staff,
        own_case,
    };
    let plan = requests::plan_step(&record, version, &form, &context).map_err(step_refused)?;
    let mails = match (&record.contact_email, plan.tells_requester()) {
        (Some(to), true) => {
            let to_requester = (record.requester.as_str(), to.as_str(), record.lang);
            super::addresses::requester_mail(store, to_requester, "mail-request-updated", now)
                .await?
        }
        _ => Vec::new(),
    };
    let notices = plan
        .tell
        .iter()
        .map(|tell| Notice {
            recipient: match &tell.to {
                Recipient::Requester => Addressee::Person(record.requester.clone()),
                Recipient::Team(handler) => Addressee::Team(handler.clone()),
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

/// Whether `me` acts for `subject` as their legal representative.
async fn represents(store: &dyn Store, me: &Principal, subject: &str) -> Result<bool, AppError> {
    for link in store.list_representations(&me.pseudonym).await? {
        let found = store.find_represented(&me.pseudonym, link.id).await?;
        if found.is_some_and(|represented| represented.subject == subject) {
            return Ok(true);
        }
    }
    Ok(false)
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
async fn write(store: &dyn Store, command: StepCommand) -> Result<RequestRecord, AppError> {
    match store.record_step(&command).await {
        Ok(record) => Ok(record),
        Err(StepWriteError::Conflict) => Err(invalid("version", "request-error-conflict")),
        Err(StepWriteError::Store(error)) => Err(error.into()),
    }
}

/// A message (with files) from the requester or a DPO of the request's
/// province. The requester's message answers a request for information;
/// their files count against their quota.
pub async fn message(
    store: &dyn Store,
    me: &Principal,
    (reference, version): (&str, i64),
    text: String,
    (files, limits): (Vec<NewAttachment>, &FilingLimits),
    now: i64,
) -> Result<RequestRecord, AppError> {
    let file = reach(store, me, reference, Side::Either).await?;
    if file.record.requester == me.pseudonym && !files.is_empty() {
        let usage = store.filing_usage(&me.pseudonym, now - 86_400).await?;
        limits.allows(usage, false, bytes_of(&files))?;
    }
    // Plan the step as usual, then add the files to the same write.
    let mut command = plan(store, me, file, version, StepForm::message(text), now).await?;
    command.attachments = files;
    write(store, command).await
}

fn bytes_of(files: &[NewAttachment]) -> u64 {
    files.iter().map(|file| file.bytes.len() as u64).sum()
}

/// What the queue page asks for: its filters, a page after a cursor, or
/// one reference.
#[derive(Clone, Debug, Default)]
pub struct QueueQuery {
    pub filter: QueueFilter,
    pub after: Option<QueueCursor>,
    pub reference: String,
}

/// One page of the DPO's queue as of `today`; a reference goes straight to
/// its request (when it is in the queue).
pub async fn queue_page(
    store: &dyn Store,
    me: &Principal,
    query: &QueueQuery,
    today: Date,
) -> Result<QueuePage, AppError> {
    let handlers = handlers(me);
    let today = today.iso();
    let reference = query.reference.trim();
    if !reference.is_empty() {
        let rows = match store.find_request(reference).await? {
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
    let filter = &query.filter;
    let mut rows = store
        .list_queue(
            &handlers,
            filter,
            &today,
            query.after.as_ref(),
            QUEUE_PAGE + 1,
        )
        .await?;
    let next = (rows.len() > QUEUE_PAGE as usize).then(|| {
        rows.truncate(QUEUE_PAGE as usize);
        rows.last()
            .map(|last| cursor_after(last).encode())
            .unwrap_or_default()
    });
    let counted = store
        .count_queue(&handlers, filter, &today, QUEUE_COUNT_LIMIT + 1)
        .await?;
    Ok(QueuePage {
        rows,
        total: counted.min(QUEUE_COUNT_LIMIT),
        more_than: (counted > QUEUE_COUNT_LIMIT).then_some(QUEUE_COUNT_LIMIT),
        next,
        today,
        agencies: store.list_agencies_in(&handlers).await?,
    })
}

/// The cursor that continues the queue after `record`.
pub fn cursor_after(record: &RequestRecord) -> QueueCursor {
    QueueCursor {
        decide_by: record.decide_by.clone(),
        id: record.id,
    }
}
