//! Builds the gateway server: `/ws` plus the same probes as the API, the hub and
//! one stream reader per partition.

use crate::announcer::Announcer;
use crate::connection::{ConnectionConfig, Gateway};
use crate::hub::Hub;
use crate::members::MemberCache;
use crate::queue::Kick;
use crate::reader::StreamReader;
use crate::routes::ws::{self, MaxFrameBytes};
use actix_web::dev::{Server, ServerHandle};
use actix_web::middleware::{ErrorHandlers, from_fn};
use actix_web::{App, HttpServer, web};
use confab_domain::presence::Change;
use confab_domain::{Platform, Settings};
use confab_web::systemd::StopSignal;
use confab_web::{envelope, middleware, probes};
use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;
use tracing_actix_web::TracingLogger;
use uuid::Uuid;

pub struct Application {
    port: u16,
    server: Server,
    hub: Arc<Hub>,
    announcer: Announcer,
    stop: StopSignal,
}

/// Stops the gateway the way SIGTERM does: every socket is told to reconnect
/// (close 1012), then the server stops.
#[derive(Clone)]
pub struct Shutdown {
    hub: Arc<Hub>,
    server: ServerHandle,
    announcer: Announcer,
}

impl Shutdown {
    /// Returns once the sockets are closed and their users' presence written.
    pub async fn shutdown(&self) {
        self.hub.kick_all(Kick::Restart);
        self.server.stop(true).await;
        self.announcer.flush().await;
    }

    /// Stops without telling anyone, as a crash would (tests).
    pub fn kill(&self) {
        drop(self.server.stop(false));
    }
}

impl Application {
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let stop = StopSignal::install()?;
        let platform = Platform::build(&settings)?;
        let hub = Arc::new(Hub::default());
        // One reader per partition stream, and one for typing notices.
        let keys = (0..platform.layout.partitions())
            .map(|p| (platform.layout.stream_key(p), false))
            .chain([(crate::typing::stream_key(&settings.redis.key_prefix), true)]);
        for (key, ephemeral) in keys {
            tokio::spawn(
                StreamReader {
                    redis: settings.redis.clone(),
                    key,
                    ephemeral,
                    hub: hub.clone(),
                    revoked: platform.auth.revoked_logins().clone(),
                }
                .run(),
            );
        }
        let listener = TcpListener::bind((settings.gateway.host.as_str(), settings.gateway.port))?;
        let port = listener.local_addr()?.port();
        let announcer = Announcer::spawn(platform.clone());
        let server = run(
            listener,
            platform,
            hub.clone(),
            announcer.clone(),
            &settings,
        )?;
        Ok(Self {
            port,
            server,
            hub,
            announcer,
            stop,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    pub fn shutdown_handle(&self) -> Shutdown {
        Shutdown {
            hub: self.hub.clone(),
            server: self.server.handle(),
            announcer: self.announcer.clone(),
        }
    }

    /// Serves until stopped; SIGTERM/SIGINT drain the sockets first.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let shutdown = self.shutdown_handle();
        let announcer = self.announcer.clone();
        let stop = self.stop;
        tokio::spawn(async move {
            stop.wait().await;
            tracing::info!("signal received; closing sockets with 1012");
            shutdown.shutdown().await;
        });
        let served = self.server.await;
        // The last sockets' presence changes, queued as they closed.
        announcer.flush().await;
        served
    }
}

/// Finds users whose connections all expired without a goodbye (their gateway
/// died) and announces them offline. Every gateway runs this; a Redis lock lets
/// one sweep at a time.
async fn sweep_presence(gateway: Arc<Gateway>, every: Duration) {
    let mut tick = tokio::time::interval(every);
    loop {
        tick.tick().await;
        let users = match gateway.platform.presence.take_expired(500, every).await {
            Ok(users) => users,
            Err(e) => {
                tracing::debug!(error = %e, "presence sweep skipped");
                continue;
            }
        };
        for user in users {
            gateway.presence(user, Uuid::nil(), Change::Expire).await;
        }
    }
}

fn run(
    listener: TcpListener,
    platform: Platform,
    hub: Arc<Hub>,
    announcer: Announcer,
    settings: &Settings,
) -> anyhow::Result<Server> {
    confab_domain::metrics::start(confab_domain::metrics::Process::Gateway);
    let g = &settings.gateway;
    let gateway = web::Data::new(Gateway {
        platform: platform.clone(),
        hub,
        announcer,
        config: ConnectionConfig {
            heartbeat_interval: Duration::from_millis(g.heartbeat_interval_ms),
            heartbeat_timeout: Duration::from_millis(g.heartbeat_timeout_ms),
            identify_timeout: Duration::from_millis(g.identify_timeout_ms),
            queue_capacity: g.queue_capacity,
            write_timeout: Duration::from_millis(g.write_timeout_ms),
            flood_rate: g.flood_rate_per_sec,
            flood_burst: g.flood_burst,
            max_sockets_per_user: g.max_sockets_per_user,
            max_sockets_per_ip: g.max_sockets_per_ip,
            trust_forwarded_for: settings.limits.trust_forwarded_for,
            presence_min_interval: Duration::from_millis(g.presence_min_interval_ms),
        },
        members: MemberCache::default(),
    });
    tokio::spawn(sweep_presence(
        gateway.clone().into_inner(),
        Duration::from_millis(g.presence_sweep_ms),
    ));
    let max_frame = web::Data::new(MaxFrameBytes(g.max_frame_bytes));
    let platform = web::Data::new(platform);
    let mut server = HttpServer::new(move || {
        App::new()
            .app_data(platform.clone())
            .app_data(gateway.clone())
            .app_data(max_frame.clone())
            .service(ws::ws)
            .service(probes::healthz)
            .service(probes::readyz)
            .service(probes::metrics)
            .default_service(web::to(|| async {
                envelope::error_response(
                    confab_domain::error::ErrorCode::RouteNotFound,
                    "no such route",
                )
            }))
            .wrap(ErrorHandlers::new().default_handler(envelope::ensure_json_envelope))
            .wrap(from_fn(middleware::http_metrics))
            .wrap(from_fn(middleware::request_id_header))
            .wrap(TracingLogger::<middleware::RedactedRootSpan>::new())
    })
    .listen(listener)?
    .disable_signals()
    .shutdown_timeout(g.shutdown_timeout_secs);
    if g.workers > 0 {
        server = server.workers(g.workers);
    }
    Ok(server.run())
}
