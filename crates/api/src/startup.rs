//! Builds the API server: the one place where routes, middleware and shared state
//! are wired. Binds port 0 in tests to run real servers side by side.

use crate::error;
use crate::openapi::ApiDoc;
use crate::routes;
use crate::routes::media::MediaState;
use actix_web::dev::Server;
use actix_web::middleware::{ErrorHandlers, from_fn};
use actix_web::{App, HttpServer, web};
use confab_domain::events::relay::{Relay, RelayConfig};
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
use utoipa_actix_web::{AppExt, scope};

pub struct Application {
    port: u16,
    server: Server,
    stop: StopSignal,
}

impl Application {
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let stop = StopSignal::install()?;
        if settings.api.migrate_on_start {
            db::run_migrations(settings.database.url.expose_secret()).await?;
        }
        let platform = Platform::build(&settings)?;
        if settings.events.relay {
            tokio::spawn(relay(&settings, &platform).run());
        }
        let listener = TcpListener::bind((settings.api.host.as_str(), settings.api.port))?;
        let port = listener.local_addr()?.port();
        let server = run(listener, platform, &settings)?;
        Ok(Self { port, server, stop })
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
        tokio::spawn(async move {
            stop.wait().await;
            tracing::info!("signal received; finishing in-flight requests");
            handle.stop(true).await;
        });
        self.server.await
    }
}

fn relay(settings: &Settings, platform: &Platform) -> Relay {
    Relay::new(
        RelayConfig {
            database_url: settings.database.url.expose_secret().to_owned(),
            layout: platform.layout.clone(),
            stream_maxlen: settings.events.stream_maxlen,
            batch_size: settings.events.relay_batch_size,
            poll_interval: Duration::from_millis(settings.events.relay_poll_ms),
            replay_window: Duration::from_secs(settings.events.replay_window_secs),
        },
        platform.shared_redis.clone(),
    )
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
    confab_domain::metrics::handle();
    let sender = web::Data::new(MessageSender::spawn(
        platform.db.clone(),
        platform.waker.clone(),
        settings.database.message_writers,
    ));
    let media = web::Data::new(media_state(&platform, settings)?);
    let platform = web::Data::new(platform);
    let json_limit = settings.api.json_limit;
    let mut server = HttpServer::new(move || {
        let (app, doc) = App::new()
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
            .service(probes::healthz)
            .service(probes::readyz)
            .service(probes::metrics)
            .service(
                scope("/api/v1")
                    .service(routes::openapi::openapi_json)
                    .service(routes::auth::signup::signup)
                    .service(routes::auth::login::login)
                    .service(routes::auth::oidc_nonce::oidc_nonce)
                    .service(routes::auth::oidc::oidc)
                    .service(routes::auth::refresh::refresh)
                    .service(routes::auth::logout::logout)
                    .service(routes::users::get_me::get_me)
                    .service(routes::users::patch_me::patch_me)
                    .service(routes::users::password::change_password)
                    .service(routes::users::delete_me::delete_me)
                    .service(routes::users::link_identity::link_identity)
                    .service(routes::users::search::search)
                    .service(routes::users::get_user::get_user)
                    .service(routes::friends::list::list)
                    .service(routes::friends::send_request::send_request)
                    .service(routes::friends::list_requests::list_requests)
                    .service(routes::friends::accept::accept)
                    .service(routes::friends::decline::decline)
                    .service(routes::friends::cancel::cancel)
                    .service(routes::friends::remove::remove)
                    .service(routes::blocks::list::list)
                    .service(routes::blocks::block::block)
                    .service(routes::blocks::unblock::unblock)
                    .service(routes::conversations::open_dm::open_dm)
                    .service(routes::conversations::list::list)
                    .service(routes::conversations::get::get)
                    .service(routes::conversations::history::history)
                    .service(routes::conversations::send_message::send_message)
                    .service(routes::conversations::edit_message::edit_message)
                    .service(routes::conversations::delete_message::delete_message)
                    .service(routes::conversations::read::read)
                    .service(routes::conversations::read_markers::read_markers)
                    .service(routes::conversations::react::react)
                    .service(routes::conversations::unreact::unreact)
                    .service(routes::conversations::reacted_by::reacted_by)
                    .service(routes::conversations::pins::pins)
                    .service(routes::conversations::pin::pin)
                    .service(routes::conversations::unpin::unpin)
                    .service(routes::search::messages::search_messages)
                    .service(routes::groups::create::create)
                    .service(routes::groups::search::search)
                    .service(routes::groups::get::get)
                    .service(routes::groups::update::update)
                    .service(routes::groups::delete::delete)
                    .service(routes::groups::join::join)
                    .service(routes::groups::leave::leave)
                    .service(routes::groups::transfer::transfer)
                    .service(routes::groups::members::members)
                    .service(routes::groups::kick::kick)
                    .service(routes::groups::set_role::set_role)
                    .service(routes::groups::reset_role::reset_role)
                    .service(routes::groups::bans::bans)
                    .service(routes::groups::ban::ban)
                    .service(routes::groups::unban::unban)
                    .service(routes::groups::roles::roles)
                    .service(routes::groups::create_role::create_role)
                    .service(routes::groups::reorder_roles::reorder_roles)
                    .service(routes::groups::update_role::update_role)
                    .service(routes::groups::delete_role::delete_role)
                    .service(routes::groups::invite::invite)
                    .service(routes::groups::invites::invites)
                    .service(routes::groups::revoke_invite::revoke_invite)
                    .service(routes::invites::list::list)
                    .service(routes::invites::accept::accept)
                    .service(routes::invites::decline::decline)
                    .service(routes::media::session::media_session)
                    .service(routes::media::upload::upload)
                    .service(routes::media::info::info)
                    .service(routes::media::thumbnail::thumbnail)
                    .service(routes::media::download::download)
                    .service(routes::notifications::list::list)
                    .service(routes::notifications::read_all::read_all)
                    .service(routes::notifications::read::read),
            )
            .split_for_parts();
        app.app_data(web::Data::new(doc))
            .default_service(web::to(routes::not_found))
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
