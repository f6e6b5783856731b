//! Builds the gateway server: `/ws` plus the same probes as the API.

use crate::connection::ConnectionConfig;
use crate::routes::ws::{self, MaxFrameBytes};
use actix_web::dev::Server;
use actix_web::middleware::{ErrorHandlers, from_fn};
use actix_web::{App, HttpServer, web};
use confab_domain::{Platform, Settings};
use confab_web::{envelope, middleware, probes};
use std::net::TcpListener;
use std::time::Duration;
use tracing_actix_web::TracingLogger;

pub struct Application {
    port: u16,
    server: Server,
}

impl Application {
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let platform = Platform::build(&settings)?;
        let listener = TcpListener::bind((settings.gateway.host.as_str(), settings.gateway.port))?;
        let port = listener.local_addr()?.port();
        let server = run(listener, platform, &settings)?;
        Ok(Self { port, server })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Stops the server from outside (tests, signal handlers).
    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

fn run(listener: TcpListener, platform: Platform, settings: &Settings) -> anyhow::Result<Server> {
    confab_domain::metrics::handle();
    let g = &settings.gateway;
    let config = web::Data::new(ConnectionConfig {
        heartbeat_interval: Duration::from_millis(g.heartbeat_interval_ms),
        heartbeat_timeout: Duration::from_millis(g.heartbeat_timeout_ms),
        identify_timeout: Duration::from_millis(g.identify_timeout_ms),
    });
    let max_frame = web::Data::new(MaxFrameBytes(g.max_frame_bytes));
    let keys = web::Data::new(platform.tokens.clone());
    let platform = web::Data::new(platform);
    let mut server = HttpServer::new(move || {
        App::new()
            .app_data(platform.clone())
            .app_data(keys.clone())
            .app_data(config.clone())
            .app_data(max_frame.clone())
            .service(ws::ws)
            .service(probes::healthz)
            .service(probes::readyz)
            .service(probes::metrics)
            .default_service(web::to(|| async {
                envelope::error_response(
                    actix_web::http::StatusCode::NOT_FOUND,
                    "route_not_found",
                    "no such route",
                )
            }))
            .wrap(ErrorHandlers::new().default_handler(envelope::ensure_json_envelope))
            .wrap(from_fn(middleware::http_metrics))
            .wrap(from_fn(middleware::request_id_header))
            .wrap(TracingLogger::default())
    })
    .listen(listener)?
    .shutdown_timeout(g.shutdown_timeout_secs);
    if g.workers > 0 {
        server = server.workers(g.workers);
    }
    Ok(server.run())
}
