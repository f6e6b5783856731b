use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, put, web};
use confab_domain::Platform;
use confab_domain::messages::{self, Emoji};
use confab_domain::write_tx;
use uuid::Uuid;

refusals![
    ..confab_domain::access::WRITE_REFUSALS,
    InvalidEmoji,
    TooManyReactions = "20 different emojis per message",
    NotFound = "no such message in your conversations",
    RateLimited = "counted with sends",
];

/// React to a message with an emoji (once per emoji; again changes nothing).
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = ["messages"])),
    params(
        ("id" = Uuid, Path, description = "the conversation"),
        ("message_id" = Uuid, Path, description = "the message"),
        ("emoji" = String, Path, description = "one emoji, percent-encoded"),
    ),
    responses(
        (status = NO_CONTENT, description = "the reaction is there"),
        Refusals,
    )
)]
#[put("/conversations/{id}/messages/{message_id}/reactions/{emoji}")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn react(
    platform: web::Data<Platform>,
    who: Authenticated,
    path: web::Path<(Uuid, Uuid, String)>,
) -> Result<HttpResponse, ApiError> {
    let (conversation, message, emoji) = path.into_inner();
    let emoji = Emoji::parse(&emoji)?;
    crate::limits::per_user(&platform, who.0.user_id, "messages_user", |l| {
        l.messages_per_user
    })
    .await?;
    write_tx!(platform, |c| {
        messages::react(c, who.0.user_id, conversation, message, &emoji).await
    });
    Ok(HttpResponse::NoContent().finish())
}
