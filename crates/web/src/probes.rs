//! Health, readiness and metrics endpoints, the same on both services.

use actix_web::{HttpResponse, get, web};
use confab_domain::Platform;
use confab_domain::platform::Readiness;

/// The process is alive and serving.
#[utoipa::path(tag = "operations", responses((status = OK, description = "alive")))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "status": "ok" }))
}

/// Postgres and Redis are reachable; 503 naming the failing checks otherwise
/// (`ok: false`; the reason goes to the log, not the answer).
#[utoipa::path(
    tag = "operations",
    responses(
        (status = OK, body = Readiness, description = "ready"),
        (status = SERVICE_UNAVAILABLE, body = Readiness, description = "a dependency is down"),
    )
)]
#[get("/readyz")]
pub async fn readyz(platform: web::Data<Platform>) -> HttpResponse {
    let readiness = platform.readiness().await;
    if readiness.is_ready() {
        HttpResponse::Ok().json(readiness)
    } else {
        tracing::warn!(
            database = ?readiness.database.error,
            redis = ?readiness.redis.error,
            "not ready"
        );
        HttpResponse::ServiceUnavailable().json(readiness)
    }
}

/// Prometheus text exposition of this process's metrics, with the readiness
/// checks run for the scrape (`dependency_up`), so a scrape sees Postgres or
/// Redis gone even when nothing polls `/readyz`.
#[utoipa::path(
    tag = "operations",
    responses((status = OK, content_type = "text/plain; version=0.0.4", body = String))
)]
#[get("/metrics")]
pub async fn metrics(platform: web::Data<Platform>) -> HttpResponse {
    let readiness = platform.readiness().await;
    for (dependency, check) in [
        ("postgres", &readiness.database),
        ("redis", &readiness.redis),
    ] {
        ::metrics::gauge!("dependency_up", "dependency" => dependency)
            .set(f64::from(u8::from(check.ok)));
    }
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4")
        .body(confab_domain::metrics::handle().render())
}
