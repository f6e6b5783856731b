//! Builds the API server: the one place where routes, middleware and shared state
//! are wired. Binds port 0 in tests to run real servers side by side.

use crate::error;
use crate::openapi::ApiDoc;
use crate::routes;
use crate::routes::media::MediaState;
use actix_web::dev::Server;
use actix_web::middleware::{ErrorHandlers, from_fn};
use actix_web::{App, HttpServer, web};
use confab_domain::events::relay::{Relay, RelayConfig, RelayThread};
use confab_domain::media::{Limits, MediaProcessor, MediaStore, spawn_cleanup};
use confab_domain::messages::MessageSender;
use confab_domain::{Platform, Settings, db};
use confab_web::systemd::StopSignal;
use confab_web::{envelope, middleware, probes};
use secrecy::ExposeSecret;
use std::net::TcpListener;
use std::time::Duration;
use tracing_actix_web::TracingLogger;
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;

pub struct Application {
    port: u16,
    server: Server,
    stop: StopSignal,
    /// Stops with the server (when `run_until_stopped` ends or is dropped).
    relay: Option<RelayThread>,
}

impl Application {
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let stop = StopSignal::install()?;
        if settings.api.migrate_on_start {
            db::run_migrations(settings.database.url.expose_secret()).await?;
        }
        let platform = Platform::build(&settings)?;
        if let Some(routing) = &platform.read_routing {
            routing.spawn_monitor(platform.db.clone());
        }
        let relay = if settings.events.relay {
            Some(relay(&settings, &platform)?.spawn()?)
        } else {
            None
        };
        if settings.webhooks.deliver {
            confab_domain::webhooks::deliver::spawn(
                platform.db.clone(),
                platform.webhook_client.clone(),
                platform.waker.clone(),
                confab_domain::webhooks::deliver::DeliveryConfig::from_settings(&settings.webhooks),
            );
        }
        if let (true, Some(vapid)) = (settings.push.deliver, platform.vapid.clone()) {
            let p = &settings.push;
            confab_domain::push::deliver::spawn(
                platform.db.clone(),
                platform.foreground.clone(),
                platform.push_client.clone(),
                confab_domain::push::deliver::PushConfig {
                    vapid,
                    concurrency: p.concurrency.max(1),
                    poll: Duration::from_millis(p.poll_ms),
                    backoff: confab_domain::backoff::Backoff {
                        base: Duration::from_millis(p.retry_base_ms),
                        max: Duration::from_millis(p.retry_max_ms),
                    },
                    retry_window: Duration::from_secs(p.retry_window_secs),
                    ttl_secs: p.ttl_secs,
                },
            );
        }
        let listener = TcpListener::bind((settings.api.host.as_str(), settings.api.port))?;
        let port = listener.local_addr()?.port();
        let server = run(listener, platform, &settings)?;
        Ok(Self {
            port,
            server,
            stop,
            relay,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Stops the server from outside (tests, signal handlers).
    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    /// Serves until stopped; SIGTERM/SIGINT let in-flight requests finish
    /// (`api.shutdown_timeout_secs`).
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let handle = self.server.handle();
        let stop = self.stop;
        let _relay = self.relay;
        tokio::spawn(async move {
            stop.wait().await;
            tracing::info!("signal received; finishing in-flight requests");
            handle.stop(true).await;
        });
        self.server.await
    }
}

/// The relay, on a Redis connection of its own (it runs on its own thread).
fn relay(settings: &Settings, platform: &Platform) -> anyhow::Result<Relay> {
    Ok(Relay::new(
        RelayConfig {
            database_url: settings.database.url.expose_secret().to_owned(),
            layout: platform.layout.clone(),
            stream_maxlen: settings.events.stream_maxlen,
            batch_size: settings.events.relay_batch_size,
            shards: settings.events.relay_shards,
            poll_interval: Duration::from_millis(settings.events.relay_poll_ms),
            replay_window: Duration::from_secs(settings.events.replay_window_secs),
        },
        confab_domain::redis::shared(&settings.redis)?,
    ))
}

/// The media directory, the thumbnail job and the orphan clean-up.
fn media_state(platform: &Platform, settings: &Settings) -> anyhow::Result<MediaState> {
    let m = &settings.media;
    let store = MediaStore::new(&m.dir);
    store.prepare()?;
    spawn_cleanup(
        platform.db.clone(),
        store.clone(),
        Duration::from_secs(m.orphan_ttl_secs),
        Duration::from_secs(m.cleanup_interval_secs),
    );
    confab_domain::exports::spawn_expiry(
        platform.db.clone(),
        store.clone(),
        Duration::from_secs(m.cleanup_interval_secs),
    );
    Ok(MediaState {
        processor: MediaProcessor::spawn(
            platform.db.clone(),
            store.clone(),
            platform.waker.clone(),
            m.thumbnail_px,
            m.processing_workers,
        ),
        store,
        limits: Limits::from_settings(m),
        accel_location: m.accel_redirect_location.clone(),
    })
}

fn run(listener: TcpListener, platform: Platform, settings: &Settings) -> anyhow::Result<Server> {
    // Installing the recorder up front makes `/metrics` list every series from the start.
    confab_domain::metrics::start(confab_domain::metrics::Process::Api);
    let media = media_state(&platform, settings)?;
    let previews = confab_domain::messages::previews::spawn(
        platform.db.clone(),
        confab_domain::messages::previews::client(
            &format!(
                "Confab-LinkPreview/{} (+{})",
                env!("CARGO_PKG_VERSION"),
                settings.public_url
            ),
            settings.fetch.allow_addresses.clone(),
        )?,
        confab_domain::media::ImageImporter {
            pool: platform.db.clone(),
            store: media.store.clone(),
            processor: media.processor.clone(),
            max_bytes: settings.media.image_max_bytes,
        },
        platform.waker.clone(),
    );
    let sender = web::Data::new(MessageSender::spawn(
        platform.db.clone(),
        platform.waker.clone(),
        settings.database.message_writers,
        Some(previews),
    ));
    let media = web::Data::new(media);
    let platform = web::Data::new(platform);
    let json_limit = settings.api.json_limit;
    let document = crate::openapi::document();
    let path_methods = web::Data::new(routes::unmatched::PathMethods::from_document(&document));
    let required_scopes = web::Data::new(routes::scopes::RequiredScopes::from_document(&document));
    let document = web::Data::new(routes::openapi::Served(document.to_string()));
    let mut server = HttpServer::new(move || {
        let (app, _) = App::new()
            .into_utoipa_app()
            .openapi(ApiDoc::openapi())
            .app_data(platform.clone())
            .app_data(sender.clone())
            .app_data(media.clone())
            .app_data(
                web::JsonConfig::default()
                    .limit(json_limit)
                    .error_handler(error::json_error),
            )
            .app_data(web::PathConfig::default().error_handler(error::path_error))
            .app_data(web::QueryConfig::default().error_handler(error::query_error))
            .configure(routes::configure)
            .split_for_parts();
        // `/metrics` is for the operator's scraper, which reaches each process
        // directly; behind Nginx the path is the web app's, so it is not in the
        // API's document.
        app.app_data(document.clone())
            .app_data(path_methods.clone())
            .app_data(required_scopes.clone())
            .service(probes::metrics)
            .default_service(web::to(routes::unmatched::unmatched))
            .wrap(from_fn(crate::read_your_writes::pin_writers))
            .wrap(ErrorHandlers::new().default_handler(envelope::ensure_json_envelope))
            .wrap(from_fn(move |req, next| {
                middleware::refuse_unstorable_text(req, next, json_limit)
            }))
            .wrap(from_fn(middleware::http_metrics))
            .wrap(from_fn(middleware::request_id_header))
            .wrap(TracingLogger::<middleware::RedactedRootSpan>::new())
    })
    .listen(listener)?
    // Signals are ours (StopSignal), listened for from before start-up.
    .disable_signals()
    .shutdown_timeout(settings.api.shutdown_timeout_secs)
    .client_request_timeout(Duration::from_secs(30));
    if settings.api.workers > 0 {
        server = server.workers(settings.api.workers);
    }
    Ok(server.run())
}
