use crate::error::ApiError;
use crate::extract::Json;
use crate::extract::{Authenticated, origin};
use crate::openapi::refusals::refusals;
use actix_web::{HttpRequest, HttpResponse, post, web};
use confab_domain::Platform;
use confab_domain::users::Password;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct ChangePasswordRequest {
    current_password: String,
    #[schema(schema_with = confab_domain::users::Password::schema)]
    new_password: String,
}

refusals![InvalidPassword, WrongPassword, RateLimited, Busy];

/// Change the password. Every other login of the user ends; this one stays.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    request_body = ChangePasswordRequest,
    responses(
        (status = NO_CONTENT, description = "changed"),
        Refusals,
    )
)]
#[post("/users/me/password")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn change_password(
    platform: web::Data<Platform>,
    who: Authenticated,
    body: Json<ChangePasswordRequest>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    crate::limits::per_user(&platform, who.0.user_id, "password_change", |l| {
        l.password_changes_per_user
    })
    .await?;
    let body = body.into_inner();
    let new = Password::parse(body.new_password)?;
    platform
        .auth
        .change_password(
            &who.0,
            &body.current_password,
            new,
            &origin(&req, &platform),
        )
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
