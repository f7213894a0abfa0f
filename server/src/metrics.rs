//! Prometheus metrics, on a listener of their own (`METRICS_ADDR`, off by
//! default, loopback only): requests and latency by route, sign-ins,
//! agency batches and events, and, read from the database at each scrape,
//! the outbox, open requests near or past their deadline by province, and
//! who holds each job lease. Counters are this instance's own; the database
//! figures are the service's (every instance reports the same).
//!
//! `prometheus-client` (the Prometheus project's Rust client) keeps one
//! registry per application, not a process-wide one, so two instances in
//! one process (the tests) do not mix their counts.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use axum::{
    extract::{MatchedPath, Request, State},
    http::{StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use prometheus_client::{
    encoding::{EncodeLabelSet, text::encode},
    metrics::{
        counter::Counter,
        family::Family,
        gauge::Gauge,
        histogram::{Histogram, exponential_buckets},
    },
    registry::Registry,
};

use app::server::Store;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: String,
    status: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabels {
    outcome: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct BatchLabels {
    kind: String,
    outcome: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct HandlerLabels {
    handler: String,
    deadline: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct LeaseLabels {
    job: String,
    holder: String,
}

type Histograms = Family<RouteLabels, Histogram, fn() -> Histogram>;

fn latency_histogram() -> Histogram {
    // 1 ms to about 16 s.
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

/// This instance's metrics.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Histograms,
    sign_ins: Family<OutcomeLabels, Counter>,
    batches: Family<BatchLabels, Counter>,
    events: Family<BatchLabels, Counter>,
    outbox_depth: Gauge,
    outbox_oldest: Gauge,
    deadlines: Family<HandlerLabels, Gauge>,
    leases: Family<LeaseLabels, Gauge>,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("citizen_privacy");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by route, method and status class",
            requests.clone(),
        );
        let latency: Histograms = Family::new_with_constructor(latency_histogram);
        registry.register(
            "http_request_duration_seconds",
            "Time to answer an HTTP request, by route",
            latency.clone(),
        );
        let sign_ins = Family::<OutcomeLabels, Counter>::default();
        registry.register(
            "sign_ins",
            "Sign-ins completed (success) and refused (failure)",
            sign_ins.clone(),
        );
        let batches = Family::<BatchLabels, Counter>::default();
        registry.register(
            "agency_batches",
            "Agency API batches, by kind (events, holdings), accepted or refused",
            batches.clone(),
        );
        let events = Family::<BatchLabels, Counter>::default();
        registry.register(
            "agency_records",
            "Records in agency batches, accepted or refused",
            events.clone(),
        );
        let outbox_depth = Gauge::default();
        registry.register(
            "outbox_depth",
            "Mail waiting to be sent (neither sent nor refused for good)",
            outbox_depth.clone(),
        );
        let outbox_oldest = Gauge::default();
        registry.register(
            "outbox_oldest_age_seconds",
            "Age of the oldest mail waiting (0 when none waits)",
            outbox_oldest.clone(),
        );
        let deadlines = Family::<HandlerLabels, Gauge>::default();
        registry.register(
            "open_requests",
            "Open requests by handler (province code, VN for the national unit) and \
             deadline (near: due within 3 days; past: overdue)",
            deadlines.clone(),
        );
        let leases = Family::<LeaseLabels, Gauge>::default();
        registry.register(
            "job_lease_held",
            "1 for each job's current lease holder (an instance id)",
            leases.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            sign_ins,
            batches,
            events,
            outbox_depth,
            outbox_oldest,
            deadlines,
            leases,
        }
    }

    /// Counts one answered request.
    pub fn observe_request(&self, route: &str, method: &str, status: StatusCode, took: Duration) {
        let class = format!("{}xx", status.as_u16() / 100);
        self.requests
            .get_or_create(&RequestLabels {
                route: route.to_owned(),
                method: method.to_owned(),
                status: class,
            })
            .inc();
        self.latency
            .get_or_create(&RouteLabels {
                route: route.to_owned(),
            })
            .observe(took.as_secs_f64());
    }

    /// Counts one sign-in: `Ok` or the refusal's reason code.
    pub fn observe_sign_in(&self, outcome: Result<(), &str>) {
        let outcome = match outcome {
            Ok(()) => "success".to_owned(),
            Err(reason) => format!("failure-{reason}"),
        };
        self.sign_ins
            .get_or_create(&OutcomeLabels { outcome })
            .inc();
    }

    /// Starts counting one agency batch of `kind`; what it becomes is
    /// counted when the tally is dropped, whatever path the handler took.
    pub fn batch(self: &Arc<Self>, kind: &'static str) -> BatchTally {
        BatchTally {
            metrics: self.clone(),
            kind,
            records: 0,
            accepted: None,
        }
    }

    /// Reads the database figures and writes every metric as Prometheus
    /// text (OpenMetrics).
    pub async fn render(&self, store: &dyn Store, now: i64) -> Result<String, String> {
        let gauges = store
            .read_gauges(now, NEAR_DEADLINE_DAYS)
            .await
            .map_err(|error| error.to_string())?;
        self.outbox_depth.set(gauges.outbox_depth);
        self.outbox_oldest.set(
            gauges
                .outbox_oldest_at
                .map_or(0, |oldest| (now - oldest).max(0)),
        );
        self.deadlines.clear();
        for open in &gauges.open_requests {
            for (deadline, count) in [("near", open.near), ("past", open.past)] {
                self.deadlines
                    .get_or_create(&HandlerLabels {
                        handler: open.handler.clone(),
                        deadline: deadline.to_owned(),
                    })
                    .set(count);
            }
        }
        self.leases.clear();
        for lease in &gauges.leases {
            self.leases
                .get_or_create(&LeaseLabels {
                    job: lease.job.clone(),
                    holder: lease.holder.clone(),
                })
                .set(1);
        }
        let mut text = String::new();
        encode(&mut text, &self.registry).map_err(|error| error.to_string())?;
        Ok(text)
    }
}

/// "Near" a deadline: due within this many days.
pub const NEAR_DEADLINE_DAYS: i64 = 3;

/// One agency batch being counted (see [`Metrics::batch`]).
pub struct BatchTally {
    metrics: Arc<Metrics>,
    kind: &'static str,
    records: u64,
    accepted: Option<u64>,
}

impl BatchTally {
    /// The batch holds this many records.
    pub fn records(&mut self, records: usize) {
        self.records = records as u64;
    }

    /// The batch was taken, `accepted` of its records new.
    pub fn accepted(&mut self, accepted: u64) {
        self.accepted = Some(accepted);
    }
}

impl Drop for BatchTally {
    fn drop(&mut self) {
        let labels = |outcome: &str| BatchLabels {
            kind: self.kind.to_owned(),
            outcome: outcome.to_owned(),
        };
        match self.accepted {
            Some(accepted) => {
                self.metrics
                    .batches
                    .get_or_create(&labels("accepted"))
                    .inc();
                self.metrics
                    .events
                    .get_or_create(&labels("accepted"))
                    .inc_by(accepted);
            }
            None => {
                self.metrics.batches.get_or_create(&labels("refused")).inc();
                self.metrics
                    .events
                    .get_or_create(&labels("refused"))
                    .inc_by(self.records);
            }
        }
    }
}

/// Middleware: times and counts every request by its route pattern (never
/// the path itself, which would make a series per person or reference).
pub async fn track(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", MatchedPath::as_str)
        .to_owned();
    let method: &'static str = match request.method().as_str() {
        "GET" => "GET",
        "HEAD" => "HEAD",
        "POST" => "POST",
        "PUT" => "PUT",
        "DELETE" => "DELETE",
        "PATCH" => "PATCH",
        "OPTIONS" => "OPTIONS",
        _ => "other",
    };
    let response = next.run(request).await;
    metrics.observe_request(&route, method, response.status(), started.elapsed());
    response
}

/// The metrics listener's only route.
pub fn router(metrics: Arc<Metrics>, store: Arc<dyn Store>) -> axum::Router {
    axum::Router::new().route(
        "/metrics",
        axum::routing::get(move || {
            let (metrics, store) = (metrics.clone(), store.clone());
            async move {
                match metrics.render(&*store, app::server::now()).await {
                    Ok(text) => (
                        [(
                            header::CONTENT_TYPE,
                            "application/openmetrics-text; version=1.0.0; charset=utf-8",
                        )],
                        text,
                    )
                        .into_response(),
                    Err(error) => {
                        tracing::warn!(%error, "cannot read the metrics");
                        StatusCode::SERVICE_UNAVAILABLE.into_response()
                    }
                }
            }
        }),
    )
}
