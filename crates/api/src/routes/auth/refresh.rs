use crate::error::ApiError;
use actix_web::{HttpResponse, post, web};
use confab_domain::Platform;
use confab_domain::auth::TokenPair;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

/// Trade a refresh token for a new token pair. Each refresh token works once;
/// presenting a spent one revokes the whole login.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = OK, body = TokenPair),
        (status = UNAUTHORIZED, body = confab_web::envelope::ErrorBody, description = "`invalid_refresh_token` or `refresh_token_reused`"),
    )
)]
#[post("/auth/refresh")]
#[tracing::instrument(skip_all)]
pub async fn refresh(
    platform: web::Data<Platform>,
    body: web::Json<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let tokens = platform.auth.refresh(&body.refresh_token).await?;
    Ok(HttpResponse::Ok().json(tokens))
}
