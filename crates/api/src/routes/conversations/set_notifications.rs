use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::extract::Json;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, put, web};
use chrono::{DateTime, Utc};
use confab_domain::conversations::notify::{self, ConversationNotifications, Mute, NotifyLevel};
use confab_domain::{Platform, write_tx};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Deserialize, ToSchema)]
pub struct NotificationSettingsBody {
    level: NotifyLevel,
    /// Mute the conversation: no pushes or sounds (mentions still notify
    /// unless the level is `nothing`).
    #[serde(default)]
    muted: bool,
    /// When the mute ends (ahead, within a year); null or absent with `muted`
    /// mutes until it is turned off.
    muted_until: Option<DateTime<Utc>>,
}

refusals![
    InvalidMute,
    NotFound = "not a conversation of yours",
    RateLimited,
];

/// Set how much of this conversation reaches you: every message, mentions
/// only, or nothing, and mute it for a while or until you turn it back on.
/// Your other tabs and devices get `conversation.notifications_updated`.
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = ["messages"])),
    params(("id" = Uuid, Path, description = "the conversation")),
    request_body = NotificationSettingsBody,
    responses(
        (status = OK, body = ConversationNotifications),
        Refusals,
    )
)]
#[put("/conversations/{id}/notifications")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn set_notifications(
    platform: web::Data<Platform>,
    who: Authenticated,
    id: web::Path<Uuid>,
    body: Json<NotificationSettingsBody>,
) -> Result<HttpResponse, ApiError> {
    let me = who.0.user_id;
    crate::limits::per_user(&platform, me, "preferences", |l| {
        l.preference_changes_per_user
    })
    .await?;
    let body = body.into_inner();
    let mute = Mute::parse(body.muted, body.muted_until, Utc::now())?;
    let conversation = id.into_inner();
    let saved = write_tx!(platform, |c| {
        notify::set(c, me, conversation, body.level, mute).await
    });
    Ok(HttpResponse::Ok().json(saved))
}
