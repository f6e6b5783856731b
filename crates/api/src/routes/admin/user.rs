use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, get, web};
use confab_domain::Platform;
use confab_domain::admin::{self, AdminUser};
use uuid::Uuid;

refusals![AdminOnly, NotFound = "no such account"];

/// One account as administrators see it.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = ["login"])),
    params(("id" = Uuid, Path, description = "the account")),
    responses(
        (status = OK, body = AdminUser),
        Refusals,
    )
)]
#[get("/admin/users/{id}")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn admin_user(
    platform: web::Data<Platform>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    super::require(&platform, &who).await?;
    let mut conn = platform.conn().await?;
    Ok(HttpResponse::Ok().json(admin::find_user(&mut conn, id.into_inner()).await?))
}
