use crate::error::ApiError;
use crate::extract::{Authenticated, MEDIA_COOKIE};
use crate::openapi::refusals::refusals;
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::{HttpRequest, HttpResponse, post, web};
use confab_domain::Platform;
use confab_domain::auth::tokens::MEDIA_TTL_SECS;

refusals![MissingToken, InvalidToken, TokenExpired, SessionRevoked];

/// Set the `confab_media` cookie: a token that reads media only (an hour, for
/// this login), sent by the browser with `<img>`, `<audio>` and `<video>`
/// requests to `/api/v1/media`. HttpOnly: scripts never see it. Call it after
/// logging in and whenever the access token is renewed. The access token
/// itself never goes into a URL.
#[utoipa::path(
    tag = "media",
    security(("bearer" = [])),
    responses(
        (status = NO_CONTENT, description = "the cookie is set"),
        Refusals,
    )
)]
#[post("/media/session")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn media_session(
    req: HttpRequest,
    platform: web::Data<Platform>,
    who: Authenticated,
) -> Result<HttpResponse, ApiError> {
    let token = platform.tokens.issue_media(&who.0)?;
    let cookie = Cookie::build(MEDIA_COOKIE, token)
        .path(confab_domain::urls::MEDIA)
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(req.connection_info().scheme() == "https")
        .max_age(CookieDuration::seconds(MEDIA_TTL_SECS as i64))
        .finish();
    Ok(HttpResponse::NoContent().cookie(cookie).finish())
}
