//! Building the application: database, demo data, router, listener; and
//! serving it until told to stop, letting in-flight requests finish.

use std::{future::IntoFuture, net::SocketAddr, sync::Arc, time::Duration};

use app::{App, server::Store, shell};
use axum::{
    Router,
    extract::FromRef,
    http::{HeaderName, Request},
    middleware,
    routing::get,
    serve::ListenerExt as _,
};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, file_and_error_handler_with_context, generate_route_list};
use tokio::net::TcpListener;
use tower::ServiceBuilder;
use tower_http::{
    limit::RequestBodyLimitLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    trace::TraceLayer,
};

use crate::{
    config::Settings,
    demo,
    http::{error_page, health, language, security},
    storage,
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
    #[error("cannot listen on {address}: {reason}")]
    Bind { address: SocketAddr, reason: String },
    #[error("server error: {0}")]
    Serve(std::io::Error),
}

/// Shared state of the handlers.
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: Arc<dyn Store>,
    /// Whether the service is reached over HTTPS (cookies get `Secure`).
    pub https: bool,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// A built application, bound to its port and ready to serve.
pub struct Application {
    listener: TcpListener,
    router: Router,
    address: SocketAddr,
    shutdown_timeout: Duration,
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
        let store = storage::connect(&settings).await?;
        if settings.demo_data {
            let provinces = store.list_provinces().await.map_err(StartupError::Demo)?;
            let loaded = store
                .load_demo_data(&demo::demo_data(&provinces))
                .await
                .map_err(StartupError::Demo)?;
            if loaded {
                tracing::info!("demo data loaded");
            }
        }

        let listener = TcpListener::bind(settings.listen_addr)
            .await
            .map_err(|error| StartupError::Bind {
                address: settings.listen_addr,
                reason: error.to_string(),
            })?;
        let address = listener.local_addr().map_err(StartupError::Serve)?;

        let leptos_options = LeptosOptions::builder()
            .output_name(app::OUTPUT_NAME)
            .site_root(settings.site_root.to_string_lossy().into_owned())
            .site_pkg_dir("pkg")
            .site_addr(address)
            .build();
        let state = AppState {
            leptos_options,
            store,
            https: settings.uses_https(),
        };
        let security = security::SecurityConfig {
            hsts: settings.uses_https(),
            live_reload_port: std::env::var("LEPTOS_WATCH")
                .is_ok()
                .then(|| std::env::var("LEPTOS_RELOAD_PORT").ok()?.parse().ok())
                .flatten(),
        };
        let router = build_router(state, extra, security, settings.max_body_bytes);
        Ok(Application {
            listener,
            router,
            address,
            shutdown_timeout: settings.shutdown_timeout,
        })
    }

    /// The address the server listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.address.port()
    }

    /// Serves until `stop` completes, then stops accepting connections and
    /// waits (up to the configured timeout) for in-flight requests.
    pub async fn run_until(
        self,
        stop: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), StartupError> {
        let (begin_shutdown, shutdown_begun) = tokio::sync::oneshot::channel::<()>();
        // No Nagle delay: a streamed page goes out in several small writes,
        // and waiting for the client's delayed ACK between them added ~40 ms
        // to every page with a <Suspense> (measured with scripts/bench).
        let listener = self.listener.tap_io(|tcp| {
            if let Err(error) = tcp.set_nodelay(true) {
                tracing::debug!(%error, "cannot set TCP_NODELAY");
            }
        });
        let server = axum::serve(
            listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async {
            let _ = shutdown_begun.await;
        })
        .into_future();
        let mut server = std::pin::pin!(server);
        tokio::select! {
            result = &mut server => return result.map_err(StartupError::Serve),
            () = stop => {}
        }
        tracing::info!("shutting down: finishing in-flight requests");
        let _ = begin_shutdown.send(());
        match tokio::time::timeout(self.shutdown_timeout, server).await {
            Ok(result) => result.map_err(StartupError::Serve),
            Err(_) => {
                tracing::warn!("in-flight requests did not finish in time; stopping anyway");
                Ok(())
            }
        }
    }
}

/// The router with every route and the middleware around them.
fn build_router(
    state: AppState,
    extra: Router<AppState>,
    security: security::SecurityConfig,
    max_body_bytes: usize,
) -> Router {
    let routes = generate_route_list(App);
    let store = state.store.clone();
    let context = move || provide_context(store.clone());
    let leptos_options = state.leptos_options.clone();
    let x_request_id = HeaderName::from_static("x-request-id");

    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/lang/{code}", get(language::switch_language))
        .merge(extra)
        .leptos_routes_with_context(&state, routes, context.clone(), move || {
            shell(leptos_options.clone())
        })
        .fallback(file_and_error_handler_with_context::<AppState, _>(
            context, shell,
        ))
        .with_state(state)
        .layer(
            // Outermost first.
            ServiceBuilder::new()
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
                .layer(RequestBodyLimitLayer::new(max_body_bytes)),
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
