use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::extract::Json;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, post, web};
use confab_domain::Platform;
use confab_domain::conversations::{self, Conversation};
use confab_domain::write_tx;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Deserialize, ToSchema)]
pub struct OpenDm {
    /// The friend to talk to.
    user_id: Uuid,
}

refusals![NotFriends];

/// The DM with a friend: created on first call (201), the same one after (200).
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = ["messages"])),
    request_body = OpenDm,
    responses(
        (status = CREATED, body = Conversation, description = "created now"),
        (status = OK, body = Conversation, description = "already existed"),
        Refusals,
    )
)]
#[post("/dms")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn open_dm(
    platform: web::Data<Platform>,
    who: Authenticated,
    body: Json<OpenDm>,
) -> Result<HttpResponse, ApiError> {
    let me = who.0.user_id;
    let (id, created) = write_tx!(platform, |c| conversations::open_dm(c, me, body.user_id)
        .await);
    let mut conn = platform.conn().await?;
    let conversation = conversations::get(&mut conn, me, id).await?;
    Ok(if created {
        HttpResponse::Created().json(conversation)
    } else {
        HttpResponse::Ok().json(conversation)
    })
}
