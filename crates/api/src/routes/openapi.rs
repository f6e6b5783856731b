use actix_web::{HttpResponse, get, web};

/// The served document, serialised once at start-up.
pub struct Served(pub String);

/// This document: the OpenAPI 3 description of every route, generated from the
/// code that serves them.
#[utoipa::path(
    tag = "operations",
    responses((status = OK, content_type = "application/json", description = "OpenAPI 3.1 document"))
)]
#[get("/openapi.json")]
pub async fn openapi_json(doc: web::Data<Served>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(doc.0.clone())
}
