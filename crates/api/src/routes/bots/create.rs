use crate::error::ApiError;
use crate::extract::Json;
use crate::extract::{Authenticated, origin};
use crate::openapi::refusals::refusals;
use actix_web::{HttpRequest, HttpResponse, post, web};
use confab_domain::Platform;
use confab_domain::auth::access_tokens::{NewToken, Scope};
use confab_domain::auth::bots::{CreatedBot, NewBot};
use confab_domain::users::{DisplayName, Username};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct CreateBotRequest {
    #[schema(schema_with = confab_domain::users::Username::schema)]
    username: String,
    #[schema(schema_with = confab_domain::text::nullable::<confab_domain::users::DisplayName>)]
    display_name: Option<String>,
    /// The first token's scopes (at least one).
    #[schema(min_items = 1)]
    scopes: Vec<Scope>,
    /// The first token's life in days, 1-366; never expires when left out.
    #[schema(minimum = 1, maximum = 366)]
    #[serde(default, deserialize_with = "crate::body::optional_integer")]
    expires_in_days: Option<i64>,
}

refusals![
    InvalidUsername,
    InvalidDisplayName,
    InvalidScopes,
    InvalidExpiry,
    UsernameTaken,
    TooManyBots,
    BotsCannotOwnBots,
];

/// Make a bot account for your code, with its first access token (shown
/// once). The bot starts as your friend, so you can talk to it and invite it
/// to groups; it joins a group by accepting the invitation with its token.
#[utoipa::path(
    tag = "bots",
    security(("bearer" = ["login"])),
    request_body = CreateBotRequest,
    responses(
        (status = CREATED, body = CreatedBot),
        Refusals,
    )
)]
#[post("/bots")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn create_bot(
    platform: web::Data<Platform>,
    who: Authenticated,
    body: Json<CreateBotRequest>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let new = NewBot {
        username: Username::parse(&body.username)?,
        display_name: body
            .display_name
            .as_deref()
            .map(DisplayName::parse)
            .transpose()?,
        token: NewToken::parse("first token", body.scopes, body.expires_in_days)?,
    };
    let created = platform
        .auth
        .create_bot(&who.0, new, &origin(&req, &platform))
        .await?;
    tracing::info!(bot_id = %created.bot.id, "bot created");
    Ok(HttpResponse::Created().json(created))
}
