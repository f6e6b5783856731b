//! Read-your-writes over every API process, when reads may go to replicas
//! (`database.replica_urls`): a request by a signed-in caller that changed
//! something (a method other than GET, HEAD and OPTIONS, answered 2xx) pins
//! the caller's lag-tolerant reads to the primary (`db::ReadRouting::pin`)
//! before its answer leaves.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{HttpMessage, web};
use confab_domain::Platform;
use uuid::Uuid;

/// The signed-in caller of a request, left by the `Authenticated` extractor.
#[derive(Clone, Copy)]
pub struct Caller(pub Uuid);

pub async fn pin_writers(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let changes = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    // The platform (an Arc) only for requests that may change something.
    let platform = req
        .app_data::<web::Data<Platform>>()
        .filter(|_| changes)
        .cloned();
    let res = next.call(req).await?;
    let routing = platform.as_ref().and_then(|p| p.read_routing.as_ref());
    if let Some(routing) = routing.filter(|_| res.status().is_success()) {
        let caller = res.request().extensions().get::<Caller>().copied();
        if let Some(Caller(user)) = caller {
            routing.pin(user).await;
        }
    }
    Ok(res)
}
