use crate::body::Items;
use crate::error::ApiError;
use crate::extract::Authenticated;
use actix_web::{HttpResponse, get, web};
use confab_domain::Platform;
use confab_domain::conversations::{self, Conversation};

/// Your conversations, most recently active first, each with its last message and
/// your unread count.
#[utoipa::path(
    operation_id = "list_conversations",
    tag = "conversations",
    security(("bearer" = [])),
    responses((status = OK, body = Items<Conversation>))
)]
#[get("/conversations")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn list(
    platform: web::Data<Platform>,
    who: Authenticated,
) -> Result<HttpResponse, ApiError> {
    let mut conn = platform.read_conn(who.0.user_id).await?;
    let items = conversations::list(&mut conn, who.0.user_id).await?;
    Ok(HttpResponse::Ok().json(Items::from(items)))
}
