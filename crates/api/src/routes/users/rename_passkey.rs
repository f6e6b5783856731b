use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::extract::Json;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, patch, web};
use confab_domain::Platform;
use confab_domain::auth::passkeys::{self, PasskeyInfo};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Deserialize, ToSchema)]
pub struct RenamePasskeyRequest {
    /// 1–64 characters.
    #[schema(schema_with = confab_domain::auth::passkeys::name_schema)]
    name: String,
}

refusals![InvalidPasskeyName, NotFound];

/// Rename one of the caller's passkeys.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(("passkey_id" = Uuid, Path)),
    request_body = RenamePasskeyRequest,
    responses(
        (status = OK, body = PasskeyInfo),
        Refusals,
    )
)]
#[patch("/users/me/passkeys/{passkey_id}")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn rename_passkey(
    platform: web::Data<Platform>,
    who: Authenticated,
    path: web::Path<Uuid>,
    body: Json<RenamePasskeyRequest>,
) -> Result<HttpResponse, ApiError> {
    let name = passkeys::parse_name(&body.name)?;
    let renamed = platform
        .auth
        .rename_passkey(&who.0, path.into_inner(), name)
        .await?;
    Ok(HttpResponse::Ok().json(renamed))
}
