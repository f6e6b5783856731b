//! `/groups/{id}/emoji`: a group's own emoji.

use crate::error::ApiError;
use crate::extract::{AuditLogReason, Authenticated, Json};
use actix_web::{HttpResponse, delete, get, post, web};
use confab_domain::groups::emoji::{self, CustomEmoji, EmojiName};
use confab_domain::{Platform, write_tx};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Serialize, Deserialize, ToSchema)]
pub struct EmojiList {
    /// By name.
    pub items: Vec<CustomEmoji>,
}

mod list {
    use super::*;
    use crate::openapi::refusals::refusals;

    refusals![NotFound = "not a group of yours"];

    /// The group's own emoji, by name (at most 50), for its members.
    #[utoipa::path(
        tag = "groups",
        security(("bearer" = [])),
        params(("id" = Uuid, Path, description = "the group")),
        responses(
            (status = OK, body = EmojiList),
            Refusals,
        )
    )]
    #[get("/groups/{id}/emoji")]
    #[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
    pub async fn group_emoji(
        platform: web::Data<Platform>,
        who: Authenticated,
        id: web::Path<Uuid>,
    ) -> Result<HttpResponse, ApiError> {
        let mut conn = platform.conn().await?;
        let items = emoji::list(&mut conn, who.0.user_id, id.into_inner()).await?;
        Ok(HttpResponse::Ok().json(EmojiList { items }))
    }
}

#[derive(Deserialize, ToSchema)]
pub struct NewEmoji {
    #[schema(schema_with = EmojiName::schema)]
    name: String,
    /// One of your image uploads (`POST /media`), at most 256 KiB.
    media_id: Uuid,
}

mod create {
    use super::*;
    use crate::openapi::refusals::refusals;

    refusals![
        InvalidEmojiName,
        InvalidReason,
        InvalidPicture = "not an image upload of yours",
        MissingPermission = "your role lacks `manage_emoji`",
        NotFound = "not a group of yours",
        TooManyEmoji,
        EmojiNameTaken,
        EmojiTooLarge,
    ];

    /// Add an emoji to the group (`manage_emoji`): members write it `:name:`
    /// in messages and react with it. Members hear `group.emoji_created`; the
    /// audit log records it.
    #[utoipa::path(
        tag = "groups",
        security(("bearer" = ["groups"])),
        params(
            ("id" = Uuid, Path, description = "the group"),
            ("X-Audit-Log-Reason" = Option<String>, Header, description = "Why, for the audit log: 1-512 characters, percent-encoded UTF-8."),
        ),
        request_body = NewEmoji,
        responses(
            (status = CREATED, body = CustomEmoji),
            Refusals,
        )
    )]
    #[post("/groups/{id}/emoji")]
    #[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
    pub async fn create_emoji(
        platform: web::Data<Platform>,
        who: Authenticated,
        id: web::Path<Uuid>,
        reason: AuditLogReason,
        body: Json<NewEmoji>,
    ) -> Result<HttpResponse, ApiError> {
        let name = EmojiName::parse(&body.name)?;
        let (me, id, media) = (who.0.user_id, id.into_inner(), body.media_id);
        let made = write_tx!(platform, |c| emoji::create(
            c,
            me,
            id,
            name.clone(),
            media,
            reason.0.as_ref()
        )
        .await);
        Ok(HttpResponse::Created().json(made))
    }
}

mod remove {
    use super::*;
    use crate::openapi::refusals::refusals;

    refusals![
        InvalidReason,
        MissingPermission = "your role lacks `manage_emoji`",
        NotFound = "no such emoji in a group of yours",
    ];

    /// Delete one of the group's emoji (`manage_emoji`); messages that name it
    /// show `:name:` again. Members hear `group.emoji_deleted`.
    #[utoipa::path(
        tag = "groups",
        security(("bearer" = ["groups"])),
        params(
            ("id" = Uuid, Path, description = "the group"),
            ("emoji_id" = Uuid, Path, description = "the emoji"),
            ("X-Audit-Log-Reason" = Option<String>, Header, description = "Why, for the audit log: 1-512 characters, percent-encoded UTF-8."),
        ),
        responses(
            (status = NO_CONTENT),
            Refusals,
        )
    )]
    #[delete("/groups/{id}/emoji/{emoji_id}")]
    #[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
    pub async fn delete_emoji(
        platform: web::Data<Platform>,
        who: Authenticated,
        path: web::Path<(Uuid, Uuid)>,
        reason: AuditLogReason,
    ) -> Result<HttpResponse, ApiError> {
        let (group, id) = path.into_inner();
        let me = who.0.user_id;
        write_tx!(platform, |c| emoji::delete(
            c,
            me,
            group,
            id,
            reason.0.as_ref()
        )
        .await);
        Ok(HttpResponse::NoContent().finish())
    }
}

pub use create::create_emoji;
pub use list::group_emoji;
pub use remove::delete_emoji;
