use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::extract::Json;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, post, web};
use confab_domain::groups::{
    self, Description, GroupDetails, GroupKind, GroupName, Handle, NewGroup,
};
use confab_domain::{Platform, write_tx};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct CreateGroupBody {
    /// 1–64 characters.
    #[schema(schema_with = confab_domain::groups::GroupName::schema)]
    name: String,
    /// `private` or `public`.
    #[schema(schema_with = confab_domain::groups::GroupKind::schema)]
    kind: String,
    /// Required for public groups: 3–32 of `[A-Za-z0-9_]`, starting with a letter.
    #[schema(schema_with = confab_domain::text::nullable::<confab_domain::groups::Handle>)]
    handle: Option<String>,
    #[schema(schema_with = confab_domain::text::nullable::<confab_domain::groups::Description>)]
    description: Option<String>,
}

refusals![
    InvalidGroupName,
    InvalidGroupKind,
    InvalidHandle,
    HandleRequired,
    HandleNotAllowed,
    HandleTaken,
    InvalidDescription,
];

/// Create a group; you are its owner.
#[utoipa::path(
    tag = "groups",
    security(("bearer" = ["groups"])),
    request_body = CreateGroupBody,
    responses(
        (status = CREATED, body = GroupDetails),
        Refusals,
    )
)]
#[post("/groups")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn create(
    platform: web::Data<Platform>,
    who: Authenticated,
    body: Json<CreateGroupBody>,
) -> Result<HttpResponse, ApiError> {
    let new = NewGroup {
        name: GroupName::parse(&body.name)?,
        kind: GroupKind::parse(&body.kind)?,
        handle: body.handle.as_deref().map(Handle::parse).transpose()?,
        description: body
            .description
            .as_deref()
            .map(Description::parse)
            .transpose()?,
    };
    let group = write_tx!(platform, |c| groups::create(c, who.0.user_id, new).await);
    Ok(HttpResponse::Created().json(group))
}
