use crate::connection::{self, Gateway};
use actix_web::{HttpRequest, HttpResponse, get, web};

/// Upgrades to a WebSocket and hands the socket to its own task.
#[get("/ws")]
pub async fn ws(
    req: HttpRequest,
    body: web::Payload,
    gateway: web::Data<Gateway>,
    max_frame: web::Data<MaxFrameBytes>,
) -> actix_web::Result<HttpResponse> {
    let (response, session, stream) = actix_ws::handle(&req, body)?;
    let stream = stream.max_frame_size(max_frame.0);
    actix_web::rt::spawn(connection::run(session, stream, gateway.into_inner()));
    Ok(response)
}

pub struct MaxFrameBytes(pub usize);
