//! Building and running the HTTP server.

use crate::auth::jwt::JwtKeys;
use crate::auth::password;
use crate::config::Config;
use crate::error;
use crate::error::{ApiError, ErrorCode};
use crate::metrics::Metrics;
use crate::shutdown::Lifecycle;
use crate::state::AppState;
use crate::{
    bootstrap, extract, integrator, openapi, portal, request_id, routes, shutdown, static_files,
};
use actix_web::dev::Server;
use actix_web::http::{header, Method};
use actix_web::{middleware, web, App, HttpRequest, HttpResponse, HttpServer, ResponseError};
use sanxiang_domain::account::LockoutPolicy;
use sanxiang_persistence::blob::open_store;
use sanxiang_persistence::Db;
use std::net::TcpListener;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::watch;
use utoipa_actix_web::{scope, AppExt};
use utoipa_swagger_ui::SwaggerUi;

/// A built server, bound to its port.
pub struct Application {
    port: u16,
    server: Server,
    db: Db,
    clock: crate::clock::Clock,
    lifecycle: web::Data<Lifecycle>,
    appender: crate::appender::Appender,
    stop_integrator: watch::Sender<bool>,
    integrator: actix_web::rt::task::JoinHandle<()>,
    /// The metrics listener's port and its server's handle (already running).
    metrics: Option<(u16, actix_web::dev::ServerHandle)>,
    grace: Duration,
    unready: Duration,
}

impl Application {
    /// Prepares directories, connects, migrates, seeds the first admin (and the demo data with
    /// `demo`), binds the listener. Returns what first start printed.
    pub async fn build(
        config: Config,
        demo: bool,
    ) -> anyhow::Result<(Self, bootstrap::FirstStart)> {
        let mut config = config;
        // Plain-http webhook receivers are for trying the system out only.
        config.portal.webhook_allow_http = demo;
        bootstrap::prepare_dirs(&config)?;
        let db = Db::connect(&config.database_url)
            .await
            .map_err(|e| anyhow::anyhow!("cannot connect to the database: {e}"))?;
        bootstrap::migrate_or_check(&db, &config).await?;
        let secret = bootstrap::jwt_secret(&config)?;
        let clock = crate::clock::Clock::system();
        let first = bootstrap::seed(&db, &config, demo, clock.now()).await?;
        let dummy_hash = password::hash_blocking("sanxiang-dummy-password")
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let blobs = open_store(config.store_url(), &config.data_dir.join("blobs")).map_err(
            |e| match config.store_url() {
                Some(_) => anyhow::anyhow!("SANXIANG_STORE_URL: cannot open the blob store: {e}"),
                None => anyhow::anyhow!(
                    "SANXIANG_DATA_DIR: cannot open the blob store in {}: {e}",
                    config.data_dir.display()
                ),
            },
        )?;
        let log_signer = bootstrap::log_signer(&config)?;
        let listener = TcpListener::bind(config.bind_addr()?)?;
        let port = listener.local_addr()?.port();
        let metrics_listener = match config.metrics_bind_addr()? {
            Some(addr) => Some(TcpListener::bind(addr)?),
            None => None,
        };
        let metrics = web::Data::new(Metrics::new());
        let lifecycle = web::Data::new(Lifecycle::default());
        let appender =
            crate::appender::Appender::start(db.clone(), clock.clone(), metrics.batch_histogram());
        let grace = Duration::from_secs(config.shutdown_grace_secs);
        let unready = Duration::from_millis(config.shutdown_unready_ms);
        let state = web::Data::new(AppState {
            agencies: Default::default(),
            db: db.clone(),
            jwt: JwtKeys::new(secret.expose().as_bytes(), config.access_token_ttl_secs),
            lockout: LockoutPolicy::default(),
            dummy_hash,
            blobs: blobs.clone(),
            config: Arc::new(config.clone()),
            log_signer: log_signer.clone(),
            appender: appender.clone(),
            clock: clock.clone(),
            names: Default::default(),
            sessions: Default::default(),
            documents: crate::documents::engine(&config.font_dirs),
        });
        let gate = integrator::WriteGate::for_db(&db);
        let (stop_integrator, stop) = watch::channel(false);
        let integrator =
            actix_web::rt::spawn(integrator::run(db.clone(), log_signer, gate.clone(), stop));
        {
            // Temporary objects of uploads that a crash interrupted (remote stores; a local
            // store swept itself when opened).
            let (blobs, now) = (blobs.clone(), clock.now());
            actix_web::rt::spawn(async move {
                match blobs.sweep_temporary(now).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(removed = n, "removed stale temporary upload objects"),
                    Err(e) => tracing::warn!("cannot sweep temporary upload objects: {e}"),
                }
            });
        }
        crate::routes::disclosure::sweeper::spawn(
            db.clone(),
            gate.clone(),
            clock.clone(),
            std::time::Duration::from_millis(config.sweep_interval_ms.max(10)),
        );
        let gate = web::Data::new(gate);
        let portal_access = web::Data::new(portal::PortalAccess::new(&config.portal));
        if config.portal.webhooks_enabled {
            actix_web::rt::spawn(portal::dispatcher::run(
                db.clone(),
                gate.get_ref().clone(),
                config.portal.clone(),
                clock.clone(),
            ));
        }
        if config.credit.push.enabled {
            actix_web::rt::spawn(crate::credit_push::dispatcher::run(
                db.clone(),
                gate.get_ref().clone(),
                config.credit.push.clone(),
                config.credit.settings.clone(),
                clock.clone(),
            ));
        }
        let workers = config.workers;
        let static_dir = config.static_dir.clone();
        let json_limit = config.json_limit;
        let spec = openapi::document();
        let methods = web::Data::new(MethodTable::new(&spec));
        // Serialized once and shared by every worker: each worker holding the document as a
        // structure (Swagger UI's own route does) cost 5 MiB of resident memory per thread.
        let spec_json = web::Bytes::from(serde_json::to_vec(&spec)?);
        drop(spec);
        let security = web::Data::new(static_files::SecurityHeaders::new(&static_dir));
        let metrics_server = match metrics_listener {
            Some(listener) => {
                let metrics_port = listener.local_addr()?.port();
                let (state, metrics, lifecycle) =
                    (state.clone(), metrics.clone(), lifecycle.clone());
                let server = HttpServer::new(move || {
                    App::new()
                        .app_data(state.clone())
                        .app_data(metrics.clone())
                        .app_data(lifecycle.clone())
                        .route("/metrics", web::get().to(crate::metrics::scrape))
                })
                .workers(1)
                .disable_signals()
                .listen(listener)?
                .run();
                let handle = server.handle();
                actix_web::rt::spawn(server);
                Some((metrics_port, handle))
            }
            None => None,
        };
        let app_metrics = metrics.clone();
        let app_lifecycle = lifecycle.clone();
        // Each request thread queries through a pool of its own (`Db::use_thread_pool`): what
        // the shared pool leaves of the process's connections, divided among them.
        let threads = match workers {
            0 => std::thread::available_parallelism().map_or(1, usize::from),
            n => n,
        };
        let per_thread = (sanxiang_persistence::db::PG_MAX_CONNECTIONS
            - sanxiang_persistence::db::PG_SHARED_CONNECTIONS)
            / u32::try_from(threads).unwrap_or(u32::MAX).max(1);
        let mut server = HttpServer::new(move || {
            state.db.use_thread_pool(per_thread.max(4));
            let (app, _api) = App::new()
                .app_data(app_metrics.clone())
                .app_data(app_lifecycle.clone())
                .app_data(gate.clone())
                .app_data(portal_access.clone())
                .app_data(methods.clone())
                .app_data(security.clone())
                .wrap(middleware::from_fn(integrator::gate))
                .wrap(middleware::from_fn(extract::refuse_control_chars))
                .wrap(middleware::from_fn(request_id::middleware))
                .wrap(middleware::from_fn(static_files::security_headers))
                .wrap(middleware::from_fn(crate::metrics::middleware))
                .app_data(state.clone())
                .app_data(
                    web::JsonConfig::default()
                        .limit(json_limit)
                        .error_handler(|e, _| error::json_error(e).into()),
                )
                .app_data(
                    web::PathConfig::default().error_handler(|e, _| error::path_error(e).into()),
                )
                .app_data(
                    web::QueryConfig::default().error_handler(|e, _| error::query_error(e).into()),
                )
                .into_utoipa_app()
                .openapi(openapi::base())
                .service(
                    scope::scope("/api/v1")
                        .wrap(middleware::from_fn(portal::access::after_staff_write))
                        .configure(routes::configure)
                        .default_service(web::to(no_route)),
                )
                .service(
                    scope::scope("/api/public/v1")
                        .wrap(middleware::from_fn(portal::access::middleware))
                        .configure(routes::public::configure)
                        .default_service(web::to(no_route)),
                )
                .split_for_parts();
            let spec_json = spec_json.clone();
            app.route(
                "/api/openapi.json",
                web::get().to(move || {
                    let body = spec_json.clone();
                    async move {
                        HttpResponse::Ok()
                            .content_type("application/json")
                            .body(body)
                    }
                }),
            )
            .service(
                SwaggerUi::new("/api/docs/{_:.*}")
                    .config(utoipa_swagger_ui::Config::from("/api/openapi.json")),
            )
            .service(web::redirect("/api/docs", "/api/docs/"))
            .service(web::scope("/api").default_service(web::to(no_route)))
            .service(static_files::service(static_dir.clone()))
        })
        .listen(listener)?;
        if workers > 0 {
            server = server.workers(workers);
        }
        // What is left of the grace period once readiness has been off for `unready`; the
        // signals are handled by `run_until_stopped` (`crate::shutdown`).
        let drain = grace.saturating_sub(unready).as_secs().max(1);
        let server = server.shutdown_timeout(drain).disable_signals().run();
        Ok((
            Self {
                port,
                server,
                db,
                clock,
                lifecycle,
                appender,
                stop_integrator,
                integrator,
                metrics: metrics_server,
                grace,
                unready,
            },
            first,
        ))
    }

    /// The server's clock (tests move it forward; production never does).
    pub fn clock(&self) -> crate::clock::Clock {
        self.clock.clone()
    }

    /// The bound port (useful with port 0).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The database handle (tests use it to look behind the API).
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// The metrics listener's port, when `metrics_bind` is set.
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics.as_ref().map(|(p, _)| *p)
    }

    /// Runs until SIGTERM or SIGINT, then shuts down gracefully (`crate::shutdown`).
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let Self {
            server,
            db,
            lifecycle,
            appender,
            stop_integrator,
            integrator,
            metrics,
            grace,
            unready,
            ..
        } = self;
        let handle = server.handle();
        let mut server = std::pin::pin!(server);
        let signal = tokio::select! {
            r = &mut server => return r,
            s = shutdown::signal() => s,
        };
        let deadline = Instant::now() + grace;
        let left = || deadline.saturating_duration_since(Instant::now());
        tracing::info!(
            signal,
            grace_secs = grace.as_secs(),
            "shutting down: readiness off"
        );
        lifecycle.start_draining();
        actix_web::rt::time::sleep(unready.min(left())).await;
        tracing::info!("shutting down: no longer accepting; draining requests in flight");
        // The command is sent at once; the server future carries it out while polled.
        let _stopping = handle.stop(true);
        let drained = actix_web::rt::time::timeout(left(), server).await;
        match drained {
            Ok(Ok(())) => {}
            Ok(Err(e)) => tracing::warn!("the server stopped with an error: {e}"),
            Err(_) => tracing::warn!("requests still in flight at the end of the grace period"),
        }
        if actix_web::rt::time::timeout(left(), appender.flush())
            .await
            .is_err()
        {
            tracing::warn!("the append queue was not flushed within the grace period");
        }
        let _ = stop_integrator.send(true);
        if actix_web::rt::time::timeout(left(), integrator)
            .await
            .is_err()
        {
            tracing::warn!("the log integrator's last round did not end within the grace period");
        }
        if let Some((_, h)) = metrics {
            let _ = actix_web::rt::time::timeout(left(), h.stop(false)).await;
        }
        let _ = actix_web::rt::time::timeout(left(), db.close()).await;
        tracing::info!("shut down");
        Ok(())
    }

    /// Splits into the server future and the database handle.
    pub fn into_parts(self) -> (Server, Db) {
        (self.server, self.db)
    }
}

/// The methods each documented path answers, from the OpenAPI document (every route is
/// registered through it), so a request that matched no route can be told apart: a known path
/// with another method is 405 with `Allow`, anything else 404.
pub struct MethodTable(Vec<(Vec<String>, Vec<Method>)>);

impl MethodTable {
    fn new(spec: &utoipa::openapi::OpenApi) -> Self {
        let rows = spec
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let ops = [
                    (Method::GET, item.get.is_some()),
                    (Method::HEAD, item.get.is_some() || item.head.is_some()),
                    (Method::POST, item.post.is_some()),
                    (Method::PUT, item.put.is_some()),
                    (Method::PATCH, item.patch.is_some()),
                    (Method::DELETE, item.delete.is_some()),
                    (Method::OPTIONS, item.options.is_some()),
                ];
                let methods = ops.into_iter().filter(|(_, on)| *on).map(|(m, _)| m);
                (segments(path), methods.collect())
            })
            .collect();
        Self(rows)
    }

    /// The methods of the documented paths `path` fits most closely (`{param}` fits any one
    /// segment; a literal segment shadows a `{param}` one, as `/inspections/targets/import`
    /// shadows `/inspections/targets/{id}`).
    fn allowed(&self, path: &str) -> Vec<Method> {
        let wanted = segments(path);
        let is_param = |p: &str| p.starts_with('{') && p.ends_with('}');
        let fitting: Vec<(usize, &Vec<Method>)> = self
            .0
            .iter()
            .filter(|(pattern, _)| {
                pattern.len() == wanted.len()
                    && pattern
                        .iter()
                        .zip(&wanted)
                        .all(|(p, w)| p == w || is_param(p))
            })
            .map(|(pattern, methods)| (pattern.iter().filter(|p| !is_param(p)).count(), methods))
            .collect();
        let best = fitting.iter().map(|(literals, _)| *literals).max();
        let mut out: Vec<Method> = Vec::new();
        for (_, methods) in fitting.iter().filter(|(l, _)| Some(*l) == best) {
            for m in methods.iter() {
                if !out.contains(m) {
                    out.push(m.clone());
                }
            }
        }
        out
    }
}

fn segments(path: &str) -> Vec<String> {
    path.trim_end_matches('/')
        .split('/')
        .map(str::to_owned)
        .collect()
}

/// Default service under `/api`: 405 `method_not_allowed` (with `Allow`) for a known path asked
/// with a method it does not answer, otherwise 404 `not_found`.
async fn no_route(req: HttpRequest, table: web::Data<MethodTable>) -> HttpResponse {
    let allowed = table.allowed(req.path());
    if allowed.is_empty() || allowed.contains(req.method()) {
        return ApiError::new(ErrorCode::NotFound, "No such endpoint.").error_response();
    }
    let allow = allowed
        .iter()
        .map(Method::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    let mut res = ApiError::new(
        ErrorCode::MethodNotAllowed,
        format!("{} is not supported here; use {allow}.", req.method()),
    )
    .error_response();
    if let Ok(v) = header::HeaderValue::from_str(&allow) {
        res.headers_mut().insert(header::ALLOW, v);
    }
    res
}
