use super::AuthResponse;
use crate::error::ApiError;
use crate::extract::user_agent;
use actix_web::{HttpRequest, HttpResponse, post, web};
use confab_domain::Platform;
use confab_domain::users::CurrentUser;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct LoginRequest {
    username: String,
    password: String,
}

/// Log in with username and password.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = OK, body = AuthResponse),
        (status = UNAUTHORIZED, body = confab_web::envelope::ErrorBody, description = "`invalid_credentials`, the same whether or not the user exists"),
    )
)]
#[post("/auth/login")]
#[tracing::instrument(skip_all)]
pub async fn login(
    platform: web::Data<Platform>,
    body: web::Json<LoginRequest>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let (user, tokens) = platform
        .auth
        .login(&body.username, &body.password, user_agent(&req))
        .await?;
    tracing::info!(user_id = %user.id, "logged in");
    Ok(HttpResponse::Ok().json(AuthResponse {
        user: CurrentUser::from(&user),
        tokens,
    }))
}
