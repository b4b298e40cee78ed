//! Building and running the HTTP server.

use crate::auth::jwt::JwtKeys;
use crate::auth::password;
use crate::config::Config;
use crate::error;
use crate::state::AppState;
use crate::{bootstrap, integrator, openapi, portal, request_id, routes, static_files};
use actix_web::dev::Server;
use actix_web::{middleware, web, App, HttpServer};
use sanxiang_domain::account::LockoutPolicy;
use sanxiang_persistence::blob::LocalBlobStore;
use sanxiang_persistence::Db;
use std::net::TcpListener;
use std::sync::Arc;
use utoipa_actix_web::{scope, AppExt};
use utoipa_swagger_ui::SwaggerUi;

/// A built server, bound to its port.
pub struct Application {
    port: u16,
    server: Server,
    db: Db,
}

impl Application {
    /// Prepares directories, connects, migrates, seeds the first admin (and the demo data with
    /// `demo`), binds the listener. Returns what first start printed.
    pub async fn build(
        config: Config,
        demo: bool,
    ) -> anyhow::Result<(Self, bootstrap::FirstStart)> {
        bootstrap::prepare_dirs(&config)?;
        let db = Db::connect(&config.database_url)
            .await
            .map_err(|e| anyhow::anyhow!("cannot connect to the database: {e}"))?;
        db.migrate()
            .await
            .map_err(|e| anyhow::anyhow!("migration failed: {e}"))?;
        let secret = bootstrap::jwt_secret(&config)?;
        let first = bootstrap::seed(&db, &config, demo).await?;
        let dummy_hash = password::hash_blocking("sanxiang-dummy-password")
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let blobs = LocalBlobStore::open(config.data_dir.join("blobs")).map_err(|e| {
            anyhow::anyhow!(
                "SANXIANG_DATA_DIR: cannot open the blob store in {}: {e}",
                config.data_dir.display()
            )
        })?;
        let log_signer = bootstrap::log_signer(&config)?;
        let listener = TcpListener::bind(config.bind_addr()?)?;
        let port = listener.local_addr()?.port();
        let state = web::Data::new(AppState {
            agencies: Default::default(),
            db: db.clone(),
            jwt: JwtKeys::new(secret.expose().as_bytes(), config.access_token_ttl_secs),
            lockout: LockoutPolicy::default(),
            dummy_hash,
            blobs: Arc::new(blobs),
            config: Arc::new(config.clone()),
            log_signer: log_signer.clone(),
            appender: crate::appender::Appender::start(db.clone()),
            names: Default::default(),
        });
        let gate = integrator::WriteGate::for_db(&db);
        actix_web::rt::spawn(integrator::run(db.clone(), log_signer, gate.clone()));
        crate::routes::disclosure::sweeper::spawn(db.clone(), gate.clone());
        let gate = web::Data::new(gate);
        let portal_access = web::Data::new(portal::PortalAccess::new(&config.portal));
        if config.portal.webhooks_enabled {
            actix_web::rt::spawn(portal::dispatcher::run(
                db.clone(),
                gate.get_ref().clone(),
                config.portal.clone(),
            ));
        }
        let workers = config.workers;
        let static_dir = config.static_dir.clone();
        let json_limit = config.json_limit;
        let spec = openapi::document();
        let mut server = HttpServer::new(move || {
            let (app, _api) = App::new()
                .app_data(gate.clone())
                .app_data(portal_access.clone())
                .wrap(middleware::from_fn(integrator::gate))
                .wrap(middleware::from_fn(request_id::middleware))
                .wrap(
                    middleware::DefaultHeaders::new()
                        .add(("x-content-type-options", "nosniff"))
                        .add(("referrer-policy", "same-origin")),
                )
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
                        .default_service(web::to(error::no_such_endpoint)),
                )
                .service(
                    scope::scope("/api/public/v1")
                        .wrap(middleware::from_fn(portal::access::middleware))
                        .configure(routes::public::configure)
                        .default_service(web::to(error::no_such_endpoint)),
                )
                .split_for_parts();
            let spec = spec.clone();
            app.service(SwaggerUi::new("/api/docs/{_:.*}").url("/api/openapi.json", spec))
                .service(web::redirect("/api/docs", "/api/docs/"))
                .service(web::scope("/api").default_service(web::to(error::no_such_endpoint)))
                .service(static_files::service(static_dir.clone()))
        })
        .listen(listener)?;
        if workers > 0 {
            server = server.workers(workers);
        }
        let server = server.shutdown_timeout(10).run();
        Ok((Self { port, server, db }, first))
    }

    /// The bound port (useful with port 0).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The database handle (tests use it to look behind the API).
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Runs until the server stops (Ctrl-C or SIGTERM).
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }

    /// Splits into the server future and the database handle.
    pub fn into_parts(self) -> (Server, Db) {
        (self.server, self.db)
    }
}
