use crate::connection::{self, Gateway};
use actix_web::{HttpRequest, HttpResponse, get, web};
use confab_web::client::client_key;

/// Upgrades to a WebSocket and hands the socket to its own task, with its place
/// in its address's count (none: over the cap, closed at once with 4005).
#[get("/ws")]
pub async fn ws(
    req: HttpRequest,
    body: web::Payload,
    gateway: web::Data<Gateway>,
    max_frame: web::Data<MaxFrameBytes>,
) -> actix_web::Result<HttpResponse> {
    let (response, session, stream) = actix_ws::handle(&req, body)?;
    let stream = stream.max_frame_size(max_frame.0);
    let config = &gateway.config;
    let address = client_key(&req, config.trust_forwarded_for);
    let slot = gateway
        .hub
        .admit_address(address, config.max_sockets_per_ip);
    actix_web::rt::spawn(connection::run(session, stream, gateway.into_inner(), slot));
    Ok(response)
}

pub struct MaxFrameBytes(pub usize);
