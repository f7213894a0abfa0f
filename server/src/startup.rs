//! Building the application: database, demo data, router, listener; and
//! serving it until told to stop, letting in-flight requests finish.

use std::{net::SocketAddr, sync::Arc, time::Duration};

use app::{App, server::Store, shell};
use axum::{
    Router,
    extract::FromRef,
    http::{HeaderName, Request},
    middleware,
};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, file_and_error_handler_with_context, generate_route_list};
use tokio::net::TcpListener;
use tower::ServiceBuilder;
use tower_http::{
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    trace::TraceLayer,
};

use crate::{
    auth::{self, AuthService},
    config::Settings,
    http::{error_page, security},
    storage::{self, DbSessionStore},
};

/// Why the server could not start or keep serving; printed as one line.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error("database error: {0}")]
    Database(#[from] storage::ConnectError),
    #[error("cannot load demo data: {0}")]
    Demo(app::server::StoreError),
    #[error(transparent)]
    Auth(#[from] auth::AuthSetupError),
    #[error("CHECKPOINT_SIGNING_KEY must be 32 bytes")]
    CheckpointKey,
    #[error(transparent)]
    Signer(#[from] crate::sharing_log::SignerError),
    #[error("mail: {0}")]
    Mail(String),
    #[error("storage error: {0}")]
    Store(app::server::StoreError),
    #[error("cannot listen on {address}: {reason}")]
    Bind { address: SocketAddr, reason: String },
    #[error("server error: {0}")]
    Serve(std::io::Error),
    #[error("cannot read the compiled site: {0}")]
    Site(std::io::Error),
}

/// Shared state of the handlers.
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: Arc<dyn Store>,
    /// Whether the service is reached over HTTPS (cookies get `Secure`).
    pub https: bool,
    pub auth: Arc<AuthService>,
    /// What pages and server functions know of sign-in.
    pub auth_settings: app::server::AuthSettings,
    /// The sharing log's checkpoint key, for the proofs people download.
    pub checkpoint_key: String,
    /// How much one person may file.
    pub filing_limits: app::domain::requests::FilingLimits,
    pub retention: app::domain::retention::Retention,
    pub late_reports: app::domain::oversight::LateReports,
    /// The site's compiled files, with their fingerprinted names.
    pub assets: Arc<crate::http::assets::SiteAssets>,
    /// Set when SIGTERM arrives: `/readyz` answers 503 from then on, so a
    /// load balancer stops sending new requests before the server stops.
    pub draining: Arc<std::sync::atomic::AtomicBool>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

impl FromRef<AppState> for Arc<dyn Store> {
    fn from_ref(state: &AppState) -> Self {
        state.store.clone()
    }
}

impl FromRef<AppState> for crate::http::export::ProofState {
    fn from_ref(state: &AppState) -> Self {
        crate::http::export::ProofState {
            store: state.store.clone(),
            public_key: state.checkpoint_key.clone(),
        }
    }
}

impl FromRef<AppState> for crate::http::requests::RequestsState {
    fn from_ref(state: &AppState) -> Self {
        crate::http::requests::RequestsState {
            store: state.store.clone(),
            filing: app::server::requests::FilingRules {
                level2: state.auth_settings.level2.clone(),
                limits: state.filing_limits,
            },
        }
    }
}

/// A built application, bound to its port and ready to serve.
pub struct Application {
    listener: TcpListener,
    router: Router,
    address: SocketAddr,
    shutdown_timeout: Duration,
    /// How long to keep serving, `/readyz` at 503, between the signal and
    /// the graceful stop.
    drain: Duration,
    draining: Arc<std::sync::atomic::AtomicBool>,
    /// `/metrics` on a listener of its own, when configured.
    metrics: Option<(TcpListener, axum::Router)>,
    limits: crate::serve::ConnectionLimits,
    pruners: Vec<crate::jobs::Pruner>,
    sessions: DbSessionStore,
    store: Arc<dyn Store>,
    mailer: Option<crate::mail::Mailer>,
    mail_poll: Duration,
    retention: app::domain::retention::Retention,
}

impl Application {
    /// Opens the database (applying migrations), loads demo data if
    /// configured and not yet loaded, builds the router and binds the port
    /// (port 0 picks a free one).
    pub async fn build(settings: Settings) -> Result<Application, StartupError> {
        Application::build_with_routes(settings, Router::new()).await
    }

    /// [`Application::build`] with extra routes behind the same middleware
    /// (tests use this for slow or failing handlers).
    pub async fn build_with_routes(
        settings: Settings,
        extra: Router<AppState>,
    ) -> Result<Application, StartupError> {
        let storage::Connected { store, sessions } = storage::connect(&settings).await?;
        let pseudonymizer = auth::Pseudonymizer::new(settings.pseudonym_key.expose())
            .map_err(auth::AuthSetupError::from)?;
        let signer =
            crate::sharing_log::open_signer(&*store, settings.checkpoint_key.expose()).await?;
        if settings.demo_data {
            crate::fixtures::load_demo(&*store, &pseudonymizer, &signer).await?;
        }

        let listener = TcpListener::bind(settings.listen_addr)
            .await
            .map_err(|error| StartupError::Bind {
                address: settings.listen_addr,
                reason: error.to_string(),
            })?;
        let address = listener.local_addr().map_err(StartupError::Serve)?;
        // Without PUBLIC_URL the service is where it listens (port 0 gives
        // the port only now).
        let public_url = if settings.public_url_explicit {
            settings.public_url.clone()
        } else {
            format!("http://{address}")
        };
        let metrics = Arc::new(crate::metrics::Metrics::new());
        let auth = AuthService::new(&settings, &public_url, store.clone(), metrics.clone())?;
        let agency_api = crate::http::agency_api::AgencyApi {
            metrics: metrics.clone(),
            store: store.clone(),
            pseudonymizer: pseudonymizer.clone(),
            signer: signer.clone(),
            limiter: crate::http::agency_api::agency_limiter(&settings.agency_rate),
        };
        let mut pruners = vec![crate::jobs::pruner(agency_api.limiter.clone())];
        if let Some(limit) = &auth.sign_in_limit {
            pruners.push(crate::jobs::pruner(limit.limiter().clone()));
        }
        if auth.dev_idp.is_some() {
            tracing::warn!("the development identity provider is on: anyone can sign in as anyone");
        }
        for key in settings.development_keys() {
            tracing::warn!(
                variable = key,
                "using the development key published in the source: pseudonyms and checkpoints \
                 made with it protect nothing; never use it with real data"
            );
        }

        let leptos_options = LeptosOptions::builder()
            .output_name(app::OUTPUT_NAME)
            .site_root(settings.site_root.to_string_lossy().into_owned())
            .site_pkg_dir("pkg")
            .site_addr(address)
            .build();
        let state_store = store.clone();
        let state_draining: Arc<std::sync::atomic::AtomicBool> = Arc::default();
        let state = AppState {
            leptos_options,
            store,
            https: settings.uses_https(),
            auth: auth.clone(),
            auth_settings: app::server::AuthSettings {
                dev_sign_in: auth.dev_idp.is_some(),
                level2: auth.level2.clone(),
            },
            checkpoint_key: signer.public_key(),
            filing_limits: settings.filing_limits,
            retention: settings.retention,
            late_reports: settings.late_reports,
            draining: state_draining.clone(),
            assets: Arc::new(
                crate::http::assets::SiteAssets::load(&settings.site_root)
                    .map_err(StartupError::Site)?,
            ),
        };
        let provider_origin = auth.provider_origin();
        let security = security::SecurityConfig {
            public_origin: auth.public_origin.clone(),
            form_action_origin: (provider_origin != auth.public_origin).then_some(provider_origin),
            hsts: settings.uses_https(),
            live_reload_port: std::env::var("LEPTOS_WATCH")
                .is_ok()
                .then(|| std::env::var("LEPTOS_RELOAD_PORT").ok()?.parse().ok())
                .flatten(),
        };
        let router = build_router(
            agency_api,
            state,
            extra,
            security,
            (settings.max_body_bytes, settings.request_timeout),
            sessions.clone(),
        )
        // Counted by route pattern: a layer runs after routing, so it sees
        // the matched pattern (none for the fallback).
        .layer(middleware::from_fn_with_state(
            metrics.clone(),
            crate::metrics::track,
        ))
        // Outermost: everything after knows the client's address.
        .layer(middleware::from_fn_with_state(
            Arc::new(settings.trusted_proxies.clone()),
            crate::http::client::attach,
        ));
        let metrics_listener = match settings.metrics_addr {
            Some(address) => {
                Some(
                    TcpListener::bind(address)
                        .await
                        .map_err(|error| StartupError::Bind {
                            address,
                            reason: error.to_string(),
                        })?,
                )
            }
            None => None,
        };
        let mailer = match &settings.smtp_url {
            Some(url) => Some(
                crate::mail::Mailer::new(url, &settings.mail_from, &public_url)
                    .map_err(StartupError::Mail)?
                    .retrying_after(settings.mail_retry_seconds),
            ),
            None => {
                tracing::warn!("SMTP_URL is not set: mail stays in the outbox until it is");
                None
            }
        };
        Ok(Application {
            listener,
            router,
            address,
            shutdown_timeout: settings.shutdown_timeout,
            drain: settings.shutdown_drain,
            draining: state_draining,
            metrics: metrics_listener.map(|listener| {
                (
                    listener,
                    crate::metrics::router(metrics, state_store.clone()),
                )
            }),
            limits: settings.connection_limits,
            pruners,
            sessions,
            store: state_store,
            mailer,
            mail_poll: settings.mail_poll,
            retention: settings.retention,
        })
    }

    /// The address the server listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The port the server listens on.
    /// The port `/metrics` listens on, when it is on.
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics
            .as_ref()
            .and_then(|(listener, _)| listener.local_addr().ok())
            .map(|address| address.port())
    }

    pub fn port(&self) -> u16 {
        self.address.port()
    }

    /// Serves until `stop` completes, then stops accepting connections and
    /// waits (up to the configured timeout) for in-flight requests.
    pub async fn run_until(
        self,
        stop: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), StartupError> {
        // Stopped when this function returns.
        let _jobs = crate::jobs::start(
            self.store.clone(),
            self.sessions,
            self.mailer,
            self.mail_poll,
            self.pruners,
            self.retention,
        );
        // The metrics listener lives as long as the main one.
        let _metrics = self.metrics.map(|(listener, router)| {
            tokio::spawn(async move {
                if let Err(error) = axum::serve(listener, router).await {
                    tracing::error!(%error, "the metrics listener stopped");
                }
            })
            .abort_handle()
        });
        let _metrics = _metrics.map(AbortOnDrop);
        let (draining, drain) = (self.draining, self.drain);
        let stop = async move {
            stop.await;
            draining.store(true, std::sync::atomic::Ordering::SeqCst);
            tracing::info!(seconds = drain.as_secs(), "draining: /readyz answers 503");
            tokio::time::sleep(drain).await;
        };
        crate::serve::serve(
            self.listener,
            self.router,
            self.limits,
            stop,
            self.shutdown_timeout,
        )
        .await;
        Ok(())
    }
}

/// Aborts a task when dropped.
struct AbortOnDrop(tokio::task::AbortHandle);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// The router with every route and the middleware around them.
fn build_router(
    agency_api: crate::http::agency_api::AgencyApi,
    state: AppState,
    extra: Router<AppState>,
    security: security::SecurityConfig,
    (max_body_bytes, request_timeout): (usize, Duration),
    sessions: DbSessionStore,
) -> Router {
    let routes = generate_route_list(App);
    let plain = crate::http::routes::PLAIN_ROUTES
        .iter()
        .map(|route| route.path.to_owned());
    let known_routes = Arc::new(auth::guard::KnownRoutes::new(
        routes
            .iter()
            .map(|route| route.path().to_owned())
            .chain(plain),
    ));
    let store = state.store.clone();
    let auth = state.auth.clone();
    let auth_settings = state.auth_settings.clone();
    let (retention, late_reports) = (state.retention, state.late_reports);
    let asset_urls = state.assets.urls();
    let assets = state.assets.clone();
    let pseudonyms = {
        let pseudonymizer = state.auth.pseudonymizer.clone();
        app::server::Pseudonyms(Arc::new(move |id| {
            pseudonymizer.pseudonym(id).as_str().to_owned()
        }))
    };
    let agency_tokens = {
        let pseudonymizer = state.auth.pseudonymizer.clone();
        app::server::agency_tokens::AgencyTokens {
            mint: Arc::new(move || {
                let (token, token_id, token_hash) =
                    crate::http::agency_api::new_token(&pseudonymizer);
                app::server::agency_tokens::MintedToken {
                    token,
                    token_id,
                    token_hash,
                }
            }),
            https: state.https,
        }
    };
    let context = move || {
        provide_context(asset_urls.clone());
        provide_context(pseudonyms.clone());
        provide_context(agency_tokens.clone());
        provide_context(store.clone());
        provide_context(auth_settings.clone());
        provide_context(retention);
        provide_context(late_reports);
    };
    let leptos_options = state.leptos_options.clone();
    let x_request_id = HeaderName::from_static("x-request-id");

    Router::new()
        .merge(crate::http::routes::router())
        .merge(auth.routes())
        .merge(agency_api.routes())
        .merge(extra)
        .leptos_routes_with_context(&state, routes, context.clone(), move || {
            shell(leptos_options.clone())
        })
        .fallback(file_and_error_handler_with_context::<AppState, _>(
            context, shell,
        ))
        .with_state(state)
        .layer(middleware::from_fn_with_state(
            assets,
            crate::http::assets::serve,
        ))
        .layer(crate::http::compression::pages())
        .layer(middleware::from_fn(crate::http::compression::only_for_own))
        .layer(middleware::from_fn(crate::http::requests::restore_draft))
        // Innermost first: the guard sees the principal, which needs the
        // session; the forgery check needs the session's token.
        .layer(middleware::from_fn_with_state(
            known_routes,
            auth::guard::require_sign_in,
        ))
        .layer(middleware::from_fn_with_state(
            auth.clone(),
            auth::csrf::check,
        ))
        .layer(middleware::from_fn_with_state(
            auth.clone(),
            auth::session::load_principal,
        ))
        .layer(auth.session_layer(sessions))
        .layer(
            // Outermost first.
            ServiceBuilder::new()
                .map_request(security::drop_unsafe_request_id::<axum::body::Body>)
                .layer(SetRequestIdLayer::new(
                    x_request_id.clone(),
                    MakeRequestUuid,
                ))
                .layer(
                    TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
                        let id = request
                            .headers()
                            .get("x-request-id")
                            .and_then(|value| value.to_str().ok())
                            .unwrap_or_default();
                        // The path only: query strings may carry personal data.
                        tracing::info_span!(
                            "request",
                            method = %request.method(),
                            path = %request.uri().path(),
                            request_id = %id,
                        )
                    }),
                )
                .layer(PropagateRequestIdLayer::new(x_request_id))
                .layer(middleware::from_fn_with_state(
                    security,
                    security::security_headers,
                ))
                .layer(middleware::from_fn(error_page::translated_errors))
                // Inside the error pages, so a slow request gets a
                // translated 408, not a bare one.
                .layer(tower_http::timeout::TimeoutLayer::with_status_code(
                    axum::http::StatusCode::REQUEST_TIMEOUT,
                    request_timeout,
                ))
                .layer(middleware::from_fn_with_state(
                    max_body_bytes,
                    crate::http::requests::limit_body,
                )),
        )
}

/// Completes on SIGTERM or Ctrl-C (SIGINT). The handlers are installed when
/// this is called, not when the future is first polled, so a signal that
/// arrives while the server is still starting is not lost.
pub fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let terminate = signal(SignalKind::terminate()).ok();
        let interrupt = signal(SignalKind::interrupt()).ok();
        async move {
            let wait = |stream: Option<tokio::signal::unix::Signal>| async move {
                match stream {
                    Some(mut stream) => {
                        stream.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                () = wait(terminate) => {},
                () = wait(interrupt) => {},
            }
        }
    }
    #[cfg(not(unix))]
    async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}
