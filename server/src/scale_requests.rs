//! `server generate-requests`: a province's queue at scale, for the queue
//! benchmark. Requests go through the same writes as filed ones (a
//! reference, the first event of the chain, notices), and most are then
//! acknowledged, some decided and closed, so the queue holds every status
//! and deadlines both past and to come.

use std::{sync::Arc, time::Instant};

use app::{
    domain::{
        Lang,
        deadlines::{Date, due, rule_for},
        requests::{
            Decision, EventActor, EventDetail, EventKind, RequestKind, RequestRecord, RequestStatus,
        },
    },
    server::{NewRequest, Notice, StepCommand, StepEvent, Store, StoreError},
};

use crate::demo::{FAMILY, GIVEN, MIDDLE, Seeded};

/// What to generate: `server generate-requests --province CODE --count N
/// [--seed N] [--writers N]`.
#[derive(Clone, Debug, PartialEq, Eq, clap::Args)]
pub struct RequestSpec {
    /// The province whose queue gets the requests (its code, such as HN).
    #[arg(long, value_parser = province)]
    pub province: String,
    /// How many requests.
    #[arg(long, value_parser = request_count)]
    pub count: u64,
    /// The generator's seed: the same seed gives the same requests.
    #[arg(long, default_value_t = 1, value_parser = crate::cli::whole_number)]
    pub seed: u64,
    /// Requests written at once (each in its own transaction), 1 to 64.
    #[arg(long, default_value_t = 4, value_parser = writers)]
    pub writers: usize,
}

fn province(text: &str) -> Result<String, String> {
    match text.trim() {
        "" => Err("a province code is needed".into()),
        code => Ok(code.to_owned()),
    }
}

fn request_count(text: &str) -> Result<u64, String> {
    crate::cli::whole_number_in(text, 1, 10_000_000)
}

fn writers(text: &str) -> Result<usize, String> {
    crate::cli::whole_number(text).map(|n| n.clamp(1, 64) as usize)
}

impl RequestSpec {
    /// Reads `--province CODE --count N [--seed N] [--writers N]`.
    pub fn parse(args: &[String]) -> Result<RequestSpec, String> {
        crate::cli::parse_flags(args)
    }
}

/// What was generated.
#[derive(Clone, Debug)]
pub struct RequestsDone {
    pub filed: u64,
    pub steps: u64,
    pub seconds: f64,
}

fn step(record: &RequestRecord, kind: EventKind, status: RequestStatus, now: i64) -> StepCommand {
    let mut after = record.clone();
    after.status = status;
    let mut detail = EventDetail::default();
    if kind == EventKind::Decided {
        after.decision = Some(Decision::Granted);
        after.decided_on = Some(Date::of_unix(now).iso());
        detail.decision = Some(Decision::Granted);
        detail.reason = Some("done-as-asked".into());
    }
    StepCommand {
        request_id: record.id,
        expected_version: record.version,
        after,
        event: StepEvent {
            actor_role: EventActor::Dpo,
            actor: Some("scale-dpo".into()),
            actor_name: "Cán bộ thử tải".into(),
            kind,
            detail,
            body: String::new(),
        },
        attachments: Vec::new(),
        notices: Vec::new(),
        mails: Vec::new(),
        now,
    }
}

/// Files `count` requests in `province`, received over the last 40 days.
pub async fn generate(
    store: Arc<dyn Store>,
    spec: &RequestSpec,
    now: i64,
) -> Result<RequestsDone, StoreError> {
    let started = Instant::now();
    let calendar = Arc::new(store.load_calendar().await?.calendar());
    let agencies = store
        .list_agencies_in(std::slice::from_ref(&spec.province))
        .await?;
    let agencies: Arc<Vec<String>> = Arc::new(agencies.into_iter().map(|a| a.code).collect());
    let today = Date::of_unix(now);
    let per_writer = spec.count.div_ceil(spec.writers as u64);
    let mut tasks = Vec::new();
    for writer in 0..spec.writers as u64 {
        let store = store.clone();
        let calendar = calendar.clone();
        let agencies = agencies.clone();
        let spec = spec.clone();
        tasks.push(tokio::spawn(async move {
            let mut random = Seeded::new(spec.seed * 1_000 + writer);
            let (mut filed, mut steps) = (0_u64, 0_u64);
            let first = writer * per_writer;
            let last = ((writer + 1) * per_writer).min(spec.count);
            for n in first..last {
                let kind = RequestKind::ALL[random.below(RequestKind::ALL.len())];
                let received = today.add_days(-(random.below(40) as i64));
                let Some(rule) = rule_for(kind.code()) else {
                    continue;
                };
                let (Ok(acknowledge_by), Ok(decide_by)) = (
                    due(received, rule.acknowledge, &calendar),
                    due(received, rule.decide, &calendar),
                ) else {
                    continue;
                };
                let name = format!(
                    "{} {} {}",
                    FAMILY[random.below(FAMILY.len())],
                    MIDDLE[random.below(MIDDLE.len())],
                    GIVEN[random.below(GIVEN.len())]
                );
                let agency = (random.below(10) > 0 && !agencies.is_empty())
                    .then(|| agencies[random.below(agencies.len())].clone());
                let request = NewRequest {
                    requester: format!("scale-requester-{n}"),
                    requester_name: name.clone(),
                    kind,
                    agency_code: agency,
                    handler: spec.province.clone(),
                    about_reference: None,
                    description: "Yêu cầu sinh ra để đo tải hàng đợi.".into(),
                    contact_email: None,
                    lang: Lang::Vi,
                    received_on: received.iso(),
                    acknowledge_by: acknowledge_by.iso(),
                    decide_by: decide_by.iso(),
                    attachments: Vec::new(),
                    notices: vec![Notice {
                        recipient: format!("dpo:{}", spec.province),
                        message_id: "notice-request-new".into(),
                    }],
                    mails: Vec::new(),
                    now,
                };
                let event = StepEvent {
                    actor_role: EventActor::Requester,
                    actor: Some(request.requester.clone()),
                    actor_name: name,
                    kind: EventKind::Submitted,
                    detail: EventDetail::default(),
                    body: String::new(),
                };
                let mut record = store.file_request(&request, &event).await?;
                filed += 1;
                if writer == 0 && filed % 10_000 == 0 {
                    // The first writer's share, times the writers: close
                    // enough for progress.
                    eprintln!(
                        "about {} requests filed, {:.0} requests/s",
                        filed * spec.writers as u64,
                        (filed * spec.writers as u64) as f64
                            / started.elapsed().as_secs_f64().max(1e-9)
                    );
                }
                // 70 % acknowledged; of those, 40 % decided; half of those closed.
                let plan = [
                    (7, EventKind::Acknowledged, RequestStatus::Acknowledged),
                    (4, EventKind::Decided, RequestStatus::Decided),
                    (5, EventKind::Closed, RequestStatus::Closed),
                ];
                for (chance, kind, status) in plan {
                    if random.below(10) >= chance {
                        break;
                    }
                    record = store
                        .record_step(&step(&record, kind, status, now))
                        .await
                        .map_err(|error| match error {
                            app::server::StepWriteError::Store(error) => error,
                            conflict => StoreError::Unavailable(conflict.to_string().into()),
                        })?;
                    steps += 1;
                }
            }
            Ok::<_, StoreError>((filed, steps))
        }));
    }
    let (mut filed, mut steps) = (0, 0);
    for task in tasks {
        let (f, s) = task
            .await
            .map_err(|error| StoreError::Unavailable(error.to_string().into()))??;
        filed += f;
        steps += s;
    }
    Ok(RequestsDone {
        filed,
        steps,
        seconds: started.elapsed().as_secs_f64(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn the_flags_are_read_and_checked() {
        let spec = RequestSpec::parse(&args("--province HN --count 100_000 --writers 8")).unwrap();
        assert_eq!(
            spec,
            RequestSpec {
                province: "HN".into(),
                count: 100_000,
                seed: 1,
                writers: 8
            }
        );
        assert!(
            RequestSpec::parse(&args("--count 5")).is_err(),
            "a province"
        );
        assert!(RequestSpec::parse(&args("--province HN --count 0")).is_err());
        assert!(RequestSpec::parse(&args("--province HN --count x")).is_err());
        assert!(RequestSpec::parse(&args("--province HN --count 5 --what 1")).is_err());
    }
}
