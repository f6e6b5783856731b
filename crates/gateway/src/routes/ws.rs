use crate::connection::{self, ConnectionConfig};
use actix_web::{HttpRequest, HttpResponse, get, web};
use confab_domain::auth::TokenKeys;

/// Upgrades to a WebSocket and hands the socket to its own task.
#[get("/ws")]
pub async fn ws(
    req: HttpRequest,
    body: web::Payload,
    keys: web::Data<TokenKeys>,
    config: web::Data<ConnectionConfig>,
    max_frame: web::Data<MaxFrameBytes>,
) -> actix_web::Result<HttpResponse> {
    let (response, session, stream) = actix_ws::handle(&req, body)?;
    let stream = stream.max_frame_size(max_frame.0);
    actix_web::rt::spawn(connection::run(
        session,
        stream,
        keys.get_ref().clone(),
        config.get_ref().clone(),
    ));
    Ok(response)
}

pub struct MaxFrameBytes(pub usize);
