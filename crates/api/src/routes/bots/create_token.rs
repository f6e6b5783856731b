use crate::error::ApiError;
use crate::extract::Json;
use crate::extract::{Authenticated, origin};
use crate::openapi::refusals::refusals;
use crate::routes::users::create_token::CreateTokenRequest;
use actix_web::{HttpRequest, HttpResponse, post, web};
use confab_domain::Platform;
use confab_domain::auth::access_tokens::CreatedToken;
use uuid::Uuid;

refusals![
    InvalidTokenName,
    InvalidScopes,
    InvalidExpiry,
    TooManyTokens,
    NotFound = "no bot of yours has that id",
];

/// Another access token for one of your bots (shown once). Revoke a bot's
/// token by deleting the bot, or let it expire.
#[utoipa::path(
    tag = "bots",
    security(("bearer" = ["login"])),
    params(("bot_id" = Uuid, Path)),
    request_body = CreateTokenRequest,
    responses(
        (status = CREATED, body = CreatedToken),
        Refusals,
    )
)]
#[post("/bots/{bot_id}/tokens")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn create_bot_token(
    platform: web::Data<Platform>,
    who: Authenticated,
    path: web::Path<Uuid>,
    body: Json<CreateTokenRequest>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let new = body.into_inner().parse()?;
    let created = platform
        .auth
        .create_bot_token(&who.0, path.into_inner(), new, &origin(&req, &platform))
        .await?;
    Ok(HttpResponse::Created().json(created))
}
