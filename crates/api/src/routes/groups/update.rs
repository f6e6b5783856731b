use crate::body::{empty_is_none, present};
use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::extract::Json;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, patch, web};
use confab_domain::groups::{
    self, Description, GroupChanges, GroupDetails, GroupKind, GroupName, Handle, Slowmode,
};
use confab_domain::{Platform, write_tx};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// Fields left out stay as they are. Making a group public needs a handle (given
/// here or kept from before); making it private drops the handle.
#[derive(Deserialize, ToSchema)]
pub struct GroupPatch {
    #[schema(schema_with = confab_domain::text::nullable::<confab_domain::groups::GroupName>)]
    name: Option<String>,
    #[schema(schema_with = confab_domain::text::nullable::<confab_domain::groups::Description>)]
    description: Option<String>,
    /// `private` or `public`.
    #[schema(schema_with = confab_domain::text::nullable::<confab_domain::groups::GroupKind>)]
    kind: Option<String>,
    #[serde(default, deserialize_with = "present")]
    #[schema(schema_with = confab_domain::text::clearable::<confab_domain::groups::Handle>)]
    handle: Option<Option<String>>,
    /// One of your image uploads; `null` removes the photo.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<Uuid>)]
    photo_media_id: Option<Option<Uuid>>,
    /// Slow mode: seconds each member waits between messages, 0 (off) to
    /// 21600; roles with `bypass_slowmode` do not wait.
    #[schema(minimum = 0, maximum = 21600)]
    slowmode_secs: Option<i64>,
}

refusals![
    InvalidGroupName,
    InvalidDescription,
    InvalidGroupKind,
    InvalidHandle,
    HandleRequired,
    HandleNotAllowed,
    MissingPermission,
    NotFound = "not a group of yours",
    HandleTaken,
    InvalidPicture,
    InvalidSlowmode,
];

/// Edit a group's info (`manage_group`).
#[utoipa::path(
    tag = "groups",
    security(("bearer" = ["groups"])),
    params(("id" = Uuid, Path, description = "the group")),
    request_body = GroupPatch,
    responses(
        (status = OK, body = GroupDetails),
        Refusals,
    )
)]
#[patch("/groups/{id}")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn update(
    platform: web::Data<Platform>,
    who: Authenticated,
    id: web::Path<Uuid>,
    body: Json<GroupPatch>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let changes = GroupChanges {
        name: body.name.as_deref().map(GroupName::parse).transpose()?,
        description: body
            .description
            .as_deref()
            .map(Description::parse)
            .transpose()?,
        kind: body.kind.as_deref().map(GroupKind::parse).transpose()?,
        handle: body
            .handle
            .map(|h| empty_is_none(h).as_deref().map(Handle::parse).transpose())
            .transpose()?,
        photo_media_id: body.photo_media_id,
        slowmode: body.slowmode_secs.map(Slowmode::parse).transpose()?,
    };
    let id = id.into_inner();
    let group = write_tx!(platform, |c| groups::update(c, who.0.user_id, id, changes)
        .await);
    Ok(HttpResponse::Ok().json(group))
}
