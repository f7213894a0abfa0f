//! Planning a step on a request: from what a form sent and what is known
//! (who acts, today, the calendar, the provinces, the staff), the request
//! as it is to be after the step, the event that records it and whom to
//! tell; or why it may not be taken. Pure: the use case gathers the facts,
//! and writes the plan in one transaction.

use super::{
    events::{EventDetail, EventKind},
    forms::check_text,
    grounds::ground_fits,
    kind::RequestKind,
    kind::{Decision, NATIONAL_UNIT, RequestRecord, RequestStatus},
    workflow::{Actor, Step, StepError, apply, is_open},
};
use crate::domain::{
    FieldError,
    datetime::Date,
    deadlines::{self, Calendar, DeadlineError},
};

/// What a step form asks for (its `step` field).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepKind {
    Acknowledge,
    RequestInformation,
    Extend,
    Decide,
    Close,
    Transfer,
    Assign,
    Withdraw,
    Message,
    Accept,
    NotAccept,
    ThirdParty,
    /// A request filed before the decree's table gets its deadlines.
    Recompute,
}

impl StepKind {
    pub const ALL: [StepKind; 13] = [
        StepKind::Acknowledge,
        StepKind::RequestInformation,
        StepKind::Extend,
        StepKind::Decide,
        StepKind::Close,
        StepKind::Transfer,
        StepKind::Assign,
        StepKind::Withdraw,
        StepKind::Message,
        StepKind::Accept,
        StepKind::NotAccept,
        StepKind::ThirdParty,
        StepKind::Recompute,
    ];

    /// The form's word for the step.
    pub fn code(self) -> &'static str {
        match self {
            StepKind::Acknowledge => "acknowledge",
            StepKind::RequestInformation => "request-information",
            StepKind::Extend => "extend",
            StepKind::Decide => "decide",
            StepKind::Close => "close",
            StepKind::Transfer => "transfer",
            StepKind::Assign => "assign",
            StepKind::Withdraw => "withdraw",
            StepKind::Message => "message",
            StepKind::Accept => "accept",
            StepKind::NotAccept => "not-accept",
            StepKind::ThirdParty => "third-party",
            StepKind::Recompute => "recompute",
        }
    }

    pub fn from_code(code: &str) -> Option<StepKind> {
        StepKind::ALL.into_iter().find(|kind| kind.code() == code)
    }
}

/// What a step's form sent, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StepForm {
    pub step: String,
    pub text: String,
    pub days: String,
    pub decision: String,
    pub reason: String,
    pub province: String,
    /// `me`, or a colleague's token (see [`staff_token`]).
    pub assignee: String,
    /// `yes` when the officer states the request is complex (the only
    /// ground for an extension).
    pub complex: String,
}

impl StepForm {
    pub fn withdraw() -> StepForm {
        StepForm {
            step: StepKind::Withdraw.code().into(),
            ..StepForm::default()
        }
    }

    pub fn message(text: String) -> StepForm {
        StepForm {
            step: StepKind::Message.code().into(),
            text,
            ..StepForm::default()
        }
    }
}

/// A member of staff who may work a handler's queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffMember {
    pub pseudonym: String,
    pub full_name: String,
}

/// How a form names a member of staff without their pseudonym.
pub fn staff_token(pseudonym: &str) -> String {
    use sha2::Digest as _;
    crate::domain::sharing::hex(&sha2::Sha256::digest(pseudonym.as_bytes()))[..20].to_owned()
}

/// What the planner needs besides the request and the form. The lists are
/// only read by the steps that need them (the use case may leave the others
/// empty): the calendar by `extend`, `third-party` and `accept`, the
/// provinces by `transfer`, the staff by `assign`.
#[derive(Clone, Copy, Debug)]
pub struct StepContext<'a> {
    pub actor: Actor,
    /// Whoever acts.
    pub me: &'a StaffMember,
    pub today: Date,
    pub calendar: Option<&'a Calendar>,
    /// Province codes a request may be transferred to.
    pub provinces: &'a [String],
    /// Staff of the request's handler.
    pub staff: &'a [StaffMember],
    /// Whoever acts filed the request, or represents the person who did:
    /// they take no officer's step on it.
    pub own_case: bool,
}

/// Whom a step tells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Recipient {
    Requester,
    /// The DPOs of a handler (a province code or the national unit).
    Team(String),
}

/// Whom an in-app notification is addressed to: one person, by their
/// pseudonym, or the DPOs of a handler (a province code or the national
/// unit), who all see it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Addressee {
    Person(String),
    Team(String),
}

impl Addressee {
    /// How notifications are filed: the pseudonym, or `dpo:` and the
    /// handler (a pseudonym never has a colon).
    pub fn key(&self) -> String {
        match self {
            Addressee::Person(pseudonym) => pseudonym.clone(),
            Addressee::Team(handler) => format!("{TEAM_PREFIX}{handler}"),
        }
    }

    /// Whether a filed key is a team's.
    pub fn is_team_key(key: &str) -> bool {
        key.starts_with(TEAM_PREFIX)
    }
}

const TEAM_PREFIX: &str = "dpo:";

/// What a step tells someone, in the app (and by mail to a requester who
/// gave an address).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepNotice {
    Acknowledged,
    InformationRequested,
    Extended,
    Decided,
    Transferred,
    Arrived,
    Withdrawn,
    Message,
    Accepted,
    ThirdParty,
    Recomputed,
}

impl StepNotice {
    /// Fluent key of the notification.
    pub fn message_id(self) -> &'static str {
        match self {
            StepNotice::Acknowledged => "notice-request-acknowledged",
            StepNotice::InformationRequested => "notice-request-information",
            StepNotice::Extended => "notice-request-extended",
            StepNotice::Decided => "notice-request-decided",
            StepNotice::Transferred => "notice-request-transferred",
            StepNotice::Arrived => "notice-request-new",
            StepNotice::Withdrawn => "notice-request-withdrawn",
            StepNotice::Message => "notice-request-message",
            StepNotice::Accepted => "notice-request-accepted",
            StepNotice::ThirdParty => "notice-request-third-party",
            StepNotice::Recomputed => "notice-request-recomputed",
        }
    }
}

/// One notification of a step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tell {
    pub to: Recipient,
    pub notice: StepNotice,
}

/// A step the rules allow: what to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepPlan {
    pub kind: EventKind,
    /// The request as it is to be after the step.
    pub after: RequestRecord,
    pub detail: EventDetail,
    pub body: String,
    pub tell: Vec<Tell>,
}

impl StepPlan {
    /// Whether the requester hears of this step (and so gets a mail, if
    /// they gave an address).
    pub fn tells_requester(&self) -> bool {
        self.tell.iter().any(|tell| tell.to == Recipient::Requester)
    }
}

/// Why a step may not be taken. Nothing is written when one is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StepRefusal {
    /// The request changed since the form was shown.
    Conflict,
    /// A field of the form is wrong.
    Field(FieldError),
    /// The workflow does not allow the step now, or not by this person.
    Step(StepError),
    /// The new deadline cannot be computed.
    Deadline(DeadlineError),
    /// A stored value the rules cannot read (a bug, never input).
    Corrupt(&'static str),
}

impl From<FieldError> for StepRefusal {
    fn from(error: FieldError) -> StepRefusal {
        StepRefusal::Field(error)
    }
}

/// The decision deadline `after`'s facts give (for a request filed before
/// the decree's table, the one it has).
fn recompute(after: &RequestRecord, context: &StepContext<'_>) -> Result<String, StepRefusal> {
    let Some(facts) = after.deadline_facts() else {
        return Ok(after.decide_by.clone());
    };
    let calendar = context
        .calendar
        .ok_or(StepRefusal::Corrupt("no calendar to count the deadline"))?;
    let deadlines = facts.deadlines(calendar).map_err(StepRefusal::Deadline)?;
    Ok(deadlines.decide_by.iso())
}

/// Whether a request of this kind can take the longer period.
pub fn has_longer_period(kind: RequestKind) -> bool {
    deadlines::rule_for(kind).decide_with_third_party.is_some()
}

fn field(field: &'static str, message_id: &'static str) -> StepRefusal {
    StepRefusal::Field(FieldError { field, message_id })
}

/// Plans the step `form` asks for on `record`, shown at `version`.
pub fn plan_step(
    record: &RequestRecord,
    version: i64,
    form: &StepForm,
    context: &StepContext<'_>,
) -> Result<StepPlan, StepRefusal> {
    if record.version != version {
        return Err(StepRefusal::Conflict);
    }
    let kind = StepKind::from_code(&form.step)
        .ok_or_else(|| field("step", "request-error-out-of-order"))?;
    let officers_step = !matches!(kind, StepKind::Withdraw | StepKind::Message);
    if officers_step && context.own_case {
        return Err(StepRefusal::Step(StepError::OwnCase));
    }
    let mut after = record.clone();
    let mut detail = EventDetail::default();
    let mut body = String::new();
    let mut tell = Vec::new();
    let requester = |notice| Tell {
        to: Recipient::Requester,
        notice,
    };
    let text = form.text.trim();
    let (event, step) = match kind {
        StepKind::Acknowledge => {
            tell.push(requester(StepNotice::Acknowledged));
            (EventKind::Acknowledged, Some(Step::Acknowledge))
        }
        StepKind::RequestInformation => {
            body = check_text(text, "text")?;
            tell.push(requester(StepNotice::InformationRequested));
            (
                EventKind::InformationRequested,
                Some(Step::RequestInformation),
            )
        }
        StepKind::Extend => {
            let days: u32 = form
                .days
                .trim()
                .parse()
                .map_err(|_| field("days", "deadline-error-extension-length"))?;
            if form.complex != "yes" {
                return Err(field("complex", "request-error-complex"));
            }
            body = check_text(text, "text")?;
            let current =
                Date::parse(&record.decide_by).ok_or(StepRefusal::Corrupt("stored deadline"))?;
            apply(&record.state(), &Step::Extend { days }, context.actor)
                .map_err(StepRefusal::Step)?;
            // Told before the original deadline passes.
            if context.today > current {
                return Err(field("days", "deadline-error-extension-late"));
            }
            let calendar = context
                .calendar
                .ok_or(StepRefusal::Corrupt("no calendar for an extension"))?;
            let rule = deadlines::rule_for(record.kind);
            let new = deadlines::extend_by(current, days, rule, calendar)
                .map_err(StepRefusal::Deadline)?;
            after.first_decide_by = Some(record.decide_by.clone());
            after.decide_by = new.iso();
            after.extension_reason = Some(body.clone());
            after.extension_days = Some(days);
            detail.days = Some(days);
            detail.reason = Some("complex".into());
            detail.from_date = Some(record.decide_by.clone());
            detail.to_date = Some(new.iso());
            tell.push(requester(StepNotice::Extended));
            (EventKind::Extended, Some(Step::Extend { days }))
        }
        StepKind::ThirdParty => {
            body = check_text(text, "text")?;
            apply(&record.state(), &Step::ThirdParty, context.actor).map_err(StepRefusal::Step)?;
            after.third_party = true;
            let moved = recompute(&after, context)?;
            detail.from_date = Some(record.decide_by.clone());
            detail.to_date = Some(moved.clone());
            after.decide_by = moved;
            tell.push(requester(StepNotice::ThirdParty));
            (EventKind::ThirdParty, Some(Step::ThirdParty))
        }
        StepKind::Recompute => {
            if !record.legacy_deadlines {
                return Err(StepRefusal::Step(StepError::OutOfOrder));
            }
            if !is_open(record.status) {
                return Err(StepRefusal::Step(StepError::Finished));
            }
            if record.first_decide_by.is_some() {
                // Its extension was counted under the old rules.
                return Err(StepRefusal::Step(StepError::AlreadyExtended));
            }
            after.legacy_deadlines = false;
            let calendar = context
                .calendar
                .ok_or(StepRefusal::Corrupt("no calendar to count the deadline"))?;
            let facts = after
                .deadline_facts()
                .ok_or(StepRefusal::Corrupt("stored receipt date"))?;
            let due = facts.deadlines(calendar).map_err(StepRefusal::Deadline)?;
            if record.status == RequestStatus::Submitted {
                after.acknowledge_by = due.acknowledge_by.iso();
            }
            after.decide_by = due.decide_by.iso();
            detail.from_date = Some(record.decide_by.clone());
            detail.to_date = Some(after.decide_by.clone());
            tell.push(requester(StepNotice::Recomputed));
            (EventKind::DeadlinesMoved, None)
        }
        StepKind::Accept => {
            apply(&record.state(), &Step::Accept, context.actor).map_err(StepRefusal::Step)?;
            after.accepted_on = Some(context.today.iso());
            let moved = recompute(&after, context)?;
            detail.from_date = Some(record.decide_by.clone());
            detail.to_date = Some(moved.clone());
            after.decide_by = moved;
            tell.push(requester(StepNotice::Accepted));
            (EventKind::Accepted, Some(Step::Accept))
        }
        StepKind::NotAccept => {
            body = check_text(text, "text")?;
            after.decision = Some(Decision::Refused);
            after.decided_on = Some(context.today.iso());
            detail.decision = Some(Decision::Refused);
            tell.push(requester(StepNotice::Decided));
            (EventKind::NotAccepted, Some(Step::NotAccept))
        }
        StepKind::Decide => {
            let decision = Decision::from_code(&form.decision)
                .ok_or_else(|| field("decision", "request-error-decision"))?;
            if !ground_fits(&form.reason, decision, record.kind) {
                return Err(field("reason", "request-error-reason"));
            }
            if !text.is_empty() {
                body = check_text(text, "text")?;
            }
            after.decision = Some(decision);
            after.decided_on = Some(context.today.iso());
            detail.decision = Some(decision);
            detail.reason = Some(form.reason.clone());
            tell.push(requester(StepNotice::Decided));
            (EventKind::Decided, Some(Step::Decide(decision)))
        }
        StepKind::Close => (EventKind::Closed, Some(Step::Close)),
        StepKind::Transfer => {
            let to = form.province.trim().to_owned();
            if to != NATIONAL_UNIT && !context.provinces.contains(&to) {
                return Err(field("province", "request-error-province"));
            }
            body = check_text(text, "text")?;
            detail.from_handler = Some(record.handler.clone());
            detail.to_handler = Some(to.clone());
            after.handler = to.clone();
            after.assignee = None;
            after.assignee_name = None;
            tell.push(Tell {
                to: Recipient::Team(to.clone()),
                notice: StepNotice::Arrived,
            });
            tell.push(requester(StepNotice::Transferred));
            (
                EventKind::Transferred,
                Some(Step::Transfer { to_province: to }),
            )
        }
        StepKind::Assign => {
            if !is_open(record.status) {
                return Err(StepRefusal::Step(StepError::Finished));
            }
            let me = form.assignee == "me";
            let chosen = context.staff.iter().find(|member| {
                (me && member.pseudonym == context.me.pseudonym)
                    || staff_token(&member.pseudonym) == form.assignee
            });
            let member = match chosen {
                Some(member) => member,
                None if me => context.me,
                None => return Err(field("assignee", "request-error-assignee")),
            };
            after.assignee = Some(member.pseudonym.clone());
            after.assignee_name = Some(member.full_name.clone());
            detail.assignee_name = Some(member.full_name.clone());
            (EventKind::Assigned, None)
        }
        StepKind::Withdraw => {
            tell.push(Tell {
                to: Recipient::Team(record.handler.clone()),
                notice: StepNotice::Withdrawn,
            });
            (EventKind::Withdrawn, Some(Step::Withdraw))
        }
        StepKind::Message => {
            body = check_text(text, "text")?;
            if !is_open(record.status) && record.status != RequestStatus::Decided {
                return Err(StepRefusal::Step(StepError::Finished));
            }
            let as_requester = context.actor == Actor::Requester;
            let answering = as_requester && record.status == RequestStatus::InformationRequested;
            tell.push(if as_requester {
                Tell {
                    to: Recipient::Team(record.handler.clone()),
                    notice: StepNotice::Message,
                }
            } else {
                requester(StepNotice::Message)
            });
            (EventKind::Message, answering.then_some(Step::Answer))
        }
    };
    if let Some(step) = &step {
        let next = apply(&record.state(), step, context.actor).map_err(StepRefusal::Step)?;
        after.status = next.status;
        after.handler = next.province;
    }
    Ok(StepPlan {
        kind: event,
        after,
        detail,
        body,
        tell,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Lang, deadlines::seed_calendar, requests::RequestKind};

    fn record(status: RequestStatus) -> RequestRecord {
        RequestRecord {
            id: 7,
            reference: "YC-2026-000007".into(),
            requester: "citizen".into(),
            requester_name: "Nguyễn Văn An".into(),
            kind: RequestKind::Correction,
            agency: None,
            handler: "HN".into(),
            about_reference: None,
            description: "Sai ngày sinh".into(),
            contact_email: Some("an@example.vn".into()),
            lang: Lang::Vi,
            status,
            decision: None,
            received_on: "2026-06-01".into(),
            acknowledge_by: "2026-06-03".into(),
            decide_by: "2026-06-15".into(),
            first_decide_by: None,
            extension_reason: None,
            extension_days: None,
            third_party: false,
            accepted_on: None,
            legacy_deadlines: false,
            decided_on: None,
            assignee: None,
            assignee_name: None,
            submitted_at: 0,
            updated_at: 0,
            version: 3,
        }
    }

    fn form(step: &str) -> StepForm {
        StepForm {
            step: step.into(),
            ..StepForm::default()
        }
    }

    struct Facts {
        me: StaffMember,
        staff: Vec<StaffMember>,
        provinces: Vec<String>,
        calendar: Calendar,
    }

    fn facts() -> Facts {
        Facts {
            me: StaffMember {
                pseudonym: "dpo-1".into(),
                full_name: "Trần Thị Bình".into(),
            },
            staff: vec![StaffMember {
                pseudonym: "dpo-2".into(),
                full_name: "Lê Văn Cường".into(),
            }],
            provinces: vec!["HN".into(), "HUE".into()],
            calendar: seed_calendar(),
        }
    }

    fn plan(
        record: &RequestRecord,
        form: &StepForm,
        actor: Actor,
        facts: &Facts,
    ) -> Result<StepPlan, StepRefusal> {
        let context = StepContext {
            actor,
            me: &facts.me,
            today: Date::parse("2026-06-05").unwrap(),
            calendar: Some(&facts.calendar),
            provinces: &facts.provinces,
            staff: &facts.staff,
            own_case: false,
        };
        plan_step(record, record.version, form, &context)
    }

    #[test]
    fn every_step_word_reads_back() {
        for kind in StepKind::ALL {
            assert_eq!(StepKind::from_code(kind.code()), Some(kind));
        }
        assert_eq!(StepKind::from_code("delete-everything"), None);
    }

    #[test]
    fn a_changed_request_or_an_unknown_step_is_refused() {
        let facts = facts();
        let request = record(RequestStatus::Submitted);
        let context = StepContext {
            actor: Actor::Dpo,
            me: &facts.me,
            today: Date::parse("2026-06-05").unwrap(),
            calendar: None,
            provinces: &[],
            staff: &[],
            own_case: false,
        };
        assert_eq!(
            plan_step(&request, 2, &form("acknowledge"), &context),
            Err(StepRefusal::Conflict)
        );
        assert_eq!(
            plan(&request, &form("sing"), Actor::Dpo, &facts),
            Err(field("step", "request-error-out-of-order"))
        );
    }

    #[test]
    fn acknowledging_moves_the_status_and_tells_the_requester() {
        let facts = facts();
        let plan = plan(
            &record(RequestStatus::Submitted),
            &form("acknowledge"),
            Actor::Dpo,
            &facts,
        )
        .unwrap();
        assert_eq!(plan.kind, EventKind::Acknowledged);
        assert_eq!(plan.after.status, RequestStatus::Acknowledged);
        assert!(plan.tells_requester());
        assert_eq!(
            plan.tell[0].notice.message_id(),
            "notice-request-acknowledged"
        );
        // The requester may not acknowledge their own request.
        assert!(matches!(
            super::plan_step(
                &record(RequestStatus::Submitted),
                3,
                &form("acknowledge"),
                &StepContext {
                    actor: Actor::Requester,
                    me: &facts.me,
                    today: Date::parse("2026-06-05").unwrap(),
                    calendar: None,
                    provinces: &[],
                    staff: &[],
                    own_case: false,
                }
            ),
            Err(StepRefusal::Step(_))
        ));
    }

    #[test]
    fn an_extension_moves_the_deadline_once_and_says_why() {
        let facts = facts();
        let mut extend = form("extend");
        extend.days = "10".into();
        extend.text = "Cần đối chiếu với hồ sơ gốc".into();
        let request = record(RequestStatus::Acknowledged);
        assert_eq!(
            plan(&request, &extend, Actor::Dpo, &facts),
            Err(field("complex", "request-error-complex")),
            "only a complex request is extended"
        );
        extend.complex = "yes".into();
        let plan = plan(&request, &extend, Actor::Dpo, &facts).unwrap();
        assert_eq!(plan.after.extension_days, Some(10));
        assert_eq!(plan.after.first_decide_by.as_deref(), Some("2026-06-15"));
        assert_ne!(plan.after.decide_by, "2026-06-15");
        assert_eq!(
            plan.detail.to_date.as_deref(),
            Some(plan.after.decide_by.as_str())
        );
        assert_eq!(
            plan.after.extension_reason.as_deref(),
            Some(extend.text.as_str())
        );
        let mut again = plan.after.clone();
        again.version = 3;
        assert!(
            self::plan(&again, &extend, Actor::Dpo, &facts).is_err(),
            "only once"
        );
        extend.days = "11".into();
        assert_eq!(
            self::plan(&request, &extend, Actor::Dpo, &facts),
            Err(StepRefusal::Step(StepError::ExtensionTooLong)),
            "a correction is extended by 10 days at most"
        );
        extend.days = "5".into();
        let mut late = request.clone();
        late.decide_by = "2026-06-04".into();
        assert_eq!(
            self::plan(&late, &extend, Actor::Dpo, &facts),
            Err(field("days", "deadline-error-extension-late")),
            "told before the original deadline"
        );
        extend.days = "ten".into();
        assert_eq!(
            self::plan(&request, &extend, Actor::Dpo, &facts),
            Err(field("days", "deadline-error-extension-length"))
        );
    }

    #[test]
    fn a_third_party_moves_the_deadline_to_the_longer_period_once() {
        let facts = facts();
        let mut step = form("third-party");
        assert!(matches!(
            plan(
                &record(RequestStatus::Acknowledged),
                &step,
                Actor::Dpo,
                &facts
            ),
            Err(StepRefusal::Field(_))
        ));
        step.text = "Dữ liệu do bên xử lý lưu".into();
        let plan = plan(
            &record(RequestStatus::Acknowledged),
            &step,
            Actor::Dpo,
            &facts,
        )
        .unwrap();
        // A correction received on 1 June 2026: 15 days, not 10.
        assert_eq!(plan.after.decide_by, "2026-06-16");
        assert!(plan.after.third_party);
        assert_eq!(plan.kind, EventKind::ThirdParty);
        assert_eq!(plan.detail.from_date.as_deref(), Some("2026-06-15"));
        let mut again = plan.after.clone();
        again.version = 3;
        assert_eq!(
            self::plan(&again, &step, Actor::Dpo, &facts),
            Err(StepRefusal::Step(StepError::AlreadyLonger))
        );
        let mut complaint = record(RequestStatus::Acknowledged);
        complaint.kind = RequestKind::Complaint;
        assert_eq!(
            self::plan(&complaint, &step, Actor::Dpo, &facts),
            Err(StepRefusal::Step(StepError::NoLongerPeriod))
        );
    }

    #[test]
    fn a_complaint_is_accepted_before_its_clock_starts_or_not_accepted() {
        let facts = facts();
        let mut complaint = record(RequestStatus::Submitted);
        complaint.kind = RequestKind::Complaint;
        assert_eq!(
            plan(&complaint, &form("acknowledge"), Actor::Dpo, &facts),
            Err(StepRefusal::Step(StepError::ComplaintNeedsAcceptance))
        );
        let mut decide = form("decide");
        decide.decision = "refused".into();
        decide.reason = "complaint-unfounded".into();
        assert_eq!(
            plan(&complaint, &decide, Actor::Dpo, &facts),
            Err(StepRefusal::Step(StepError::OutOfOrder)),
            "no decision before acceptance"
        );
        let accepted = plan(&complaint, &form("accept"), Actor::Dpo, &facts).unwrap();
        assert_eq!(accepted.after.status, RequestStatus::Acknowledged);
        assert_eq!(accepted.after.accepted_on.as_deref(), Some("2026-06-05"));
        // 30 days from 5 June 2026 is Sunday 5 July: Monday 6 July.
        assert_eq!(accepted.after.decide_by, "2026-07-06");
        let mut not = form("not-accept");
        not.text = "Đã hết thời hiệu khiếu nại".into();
        let refused = plan(&complaint, &not, Actor::Dpo, &facts).unwrap();
        assert_eq!(refused.after.status, RequestStatus::Decided);
        assert_eq!(refused.after.decision, Some(Decision::Refused));
        assert_eq!(refused.kind, EventKind::NotAccepted);
        assert_eq!(
            plan(
                &record(RequestStatus::Submitted),
                &form("accept"),
                Actor::Dpo,
                &facts
            ),
            Err(StepRefusal::Step(StepError::NotAComplaint))
        );
    }

    #[test]
    fn a_request_filed_before_the_table_keeps_its_dates_until_recomputed() {
        let facts = facts();
        let mut legacy = record(RequestStatus::Submitted);
        legacy.legacy_deadlines = true;
        legacy.decide_by = "2026-06-22".into();
        assert_eq!(
            legacy.deadline_facts(),
            None,
            "calendar changes leave it alone"
        );
        let plan = plan(&legacy, &form("recompute"), Actor::Dpo, &facts).unwrap();
        assert!(!plan.after.legacy_deadlines);
        // A correction received on 1 June 2026: 10 days, to 11 June.
        assert_eq!(plan.after.decide_by, "2026-06-11");
        assert_eq!(plan.after.acknowledge_by, "2026-06-03");
        assert_eq!(plan.kind, EventKind::DeadlinesMoved);
        assert!(plan.tells_requester());
        assert_eq!(
            self::plan(
                &record(RequestStatus::Submitted),
                &form("recompute"),
                Actor::Dpo,
                &facts
            ),
            Err(StepRefusal::Step(StepError::OutOfOrder)),
            "only requests filed before the table"
        );
        let mut extended = legacy.clone();
        extended.first_decide_by = Some("2026-06-10".into());
        assert_eq!(
            self::plan(&extended, &form("recompute"), Actor::Dpo, &facts),
            Err(StepRefusal::Step(StepError::AlreadyExtended))
        );
    }

    #[test]
    fn an_officer_takes_no_step_on_their_own_case() {
        let facts = facts();
        let context = StepContext {
            actor: Actor::Dpo,
            me: &facts.me,
            today: Date::parse("2026-06-05").unwrap(),
            calendar: Some(&facts.calendar),
            provinces: &facts.provinces,
            staff: &facts.staff,
            own_case: true,
        };
        let request = record(RequestStatus::Submitted);
        assert_eq!(
            plan_step(&request, 3, &form("acknowledge"), &context),
            Err(StepRefusal::Step(StepError::OwnCase))
        );
        let mut decide = form("decide");
        decide.decision = "granted".into();
        decide.reason = "done-as-asked".into();
        let open = record(RequestStatus::Acknowledged);
        assert_eq!(
            plan_step(&open, 3, &decide, &context),
            Err(StepRefusal::Step(StepError::OwnCase))
        );
        // Their own request they may still withdraw.
        let withdraw = StepContext {
            actor: Actor::Requester,
            ..context
        };
        assert!(plan_step(&request, 3, &StepForm::withdraw(), &withdraw).is_ok());
    }

    #[test]
    fn a_decision_needs_a_reason_that_fits_it() {
        let facts = facts();
        let request = record(RequestStatus::Acknowledged);
        let mut decide = form("decide");
        decide.decision = "granted".into();
        decide.reason = "not-held".into();
        assert_eq!(
            plan(&request, &decide, Actor::Dpo, &facts),
            Err(field("reason", "request-error-reason"))
        );
        decide.decision = "refused".into();
        decide.reason = String::new();
        assert_eq!(
            plan(&request, &decide, Actor::Dpo, &facts),
            Err(field("reason", "request-error-reason")),
            "a refusal names its ground"
        );
        decide.reason = "copy-would-harm".into();
        assert_eq!(
            plan(&request, &decide, Actor::Dpo, &facts),
            Err(field("reason", "request-error-reason")),
            "that ground is for copies, not corrections"
        );
        decide.reason = "limited-by-law".into();
        assert!(plan(&request, &decide, Actor::Dpo, &facts).is_ok());
        decide.decision = "granted".into();
        decide.reason = "done-as-asked".into();
        let plan = plan(&request, &decide, Actor::Dpo, &facts).unwrap();
        assert_eq!(plan.after.status, RequestStatus::Decided);
        assert_eq!(plan.after.decision, Some(Decision::Granted));
        assert_eq!(plan.after.decided_on.as_deref(), Some("2026-06-05"));
    }

    #[test]
    fn a_transfer_goes_to_a_known_province_and_tells_its_team() {
        let facts = facts();
        let request = record(RequestStatus::Acknowledged);
        let mut transfer = form("transfer");
        transfer.text = "Cơ quan thuộc Huế".into();
        transfer.province = "XX".into();
        assert_eq!(
            plan(&request, &transfer, Actor::Dpo, &facts),
            Err(field("province", "request-error-province"))
        );
        transfer.province = "HUE".into();
        let plan = plan(&request, &transfer, Actor::Dpo, &facts).unwrap();
        assert_eq!(plan.after.handler, "HUE");
        assert!(plan.tell.contains(&Tell {
            to: Recipient::Team("HUE".into()),
            notice: StepNotice::Arrived,
        }));
        assert!(plan.tells_requester());
    }

    #[test]
    fn assigning_names_a_colleague_or_oneself_and_nobody_else() {
        let facts = facts();
        let request = record(RequestStatus::Acknowledged);
        let mut assign = form("assign");
        assign.assignee = staff_token("dpo-2");
        let plan = plan(&request, &assign, Actor::Dpo, &facts).unwrap();
        assert_eq!(plan.after.assignee.as_deref(), Some("dpo-2"));
        assert_eq!(plan.after.assignee_name.as_deref(), Some("Lê Văn Cường"));
        assert!(!plan.tells_requester());
        assign.assignee = "me".into();
        let mine = self::plan(&request, &assign, Actor::Dpo, &facts).unwrap();
        assert_eq!(mine.after.assignee.as_deref(), Some("dpo-1"));
        assign.assignee = staff_token("stranger");
        assert_eq!(
            self::plan(&request, &assign, Actor::Dpo, &facts),
            Err(field("assignee", "request-error-assignee"))
        );
    }

    #[test]
    fn the_requesters_message_answers_a_request_for_information() {
        let facts = facts();
        let request = record(RequestStatus::InformationRequested);
        let message = StepForm::message("Bản sao giấy khai sinh".into());
        let plan = plan(&request, &message, Actor::Requester, &facts).unwrap();
        assert_eq!(plan.kind, EventKind::Message);
        assert_eq!(plan.after.status, RequestStatus::Acknowledged);
        assert_eq!(
            plan.tell,
            [Tell {
                to: Recipient::Team("HN".into()),
                notice: StepNotice::Message,
            }]
        );
        let empty = StepForm::message("   ".into());
        assert!(matches!(
            self::plan(&request, &empty, Actor::Requester, &facts),
            Err(StepRefusal::Field(_))
        ));
        let closed = record(RequestStatus::Closed);
        assert_eq!(
            self::plan(&closed, &message, Actor::Dpo, &facts),
            Err(StepRefusal::Step(StepError::Finished))
        );
    }
}
