use crate::error::ApiError;
use crate::extract::Json;
use crate::extract::{Authenticated, origin};
use crate::openapi::refusals::refusals;
use actix_web::{HttpRequest, HttpResponse, post, web};
use confab_domain::Platform;
use confab_domain::auth::access_tokens::{CreatedToken, NewToken, Scope};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct CreateTokenRequest {
    /// What it is for ("deploy bot"): 1-64 characters.
    #[schema(schema_with = confab_domain::auth::access_tokens::name_schema)]
    name: String,
    /// What it may do; at least one.
    #[schema(min_items = 1)]
    scopes: Vec<Scope>,
    /// Days it lives, 1-366; never expires when left out or null.
    #[schema(minimum = 1, maximum = 366)]
    #[serde(default, deserialize_with = "crate::body::optional_integer")]
    expires_in_days: Option<i64>,
}

impl CreateTokenRequest {
    pub fn parse(self) -> Result<NewToken, ApiError> {
        Ok(NewToken::parse(
            &self.name,
            self.scopes,
            self.expires_in_days,
        )?)
    }
}

refusals![
    InvalidTokenName,
    InvalidScopes,
    InvalidExpiry,
    TooManyTokens
];

/// Create a personal access token for your own code. Its secret is in this
/// answer only; the server keeps a hash. A token never manages the account's
/// security (operations whose requirement is `login`).
#[utoipa::path(
    tag = "users",
    security(("bearer" = ["login"])),
    request_body = CreateTokenRequest,
    responses(
        (status = CREATED, body = CreatedToken),
        Refusals,
    )
)]
#[post("/users/me/tokens")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn create_token(
    platform: web::Data<Platform>,
    who: Authenticated,
    body: Json<CreateTokenRequest>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let new = body.into_inner().parse()?;
    let created = platform
        .auth
        .create_token(&who.0, new, &origin(&req, &platform))
        .await?;
    tracing::info!(token_id = %created.token.id, "access token created");
    Ok(HttpResponse::Created().json(created))
}
