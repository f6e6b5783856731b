//! Request extractors shared by the routes.

use crate::error::ApiError;
use actix_web::dev::Payload;
use actix_web::error::JsonPayloadError;
use actix_web::http::header;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use confab_domain::Error as DomainError;
use confab_domain::Platform;
use confab_domain::audit::AuditReason;
use confab_domain::auth::{Identity, Origin};
use confab_domain::error::ErrorCode;
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;

/// The caller, proven by `Authorization: Bearer <token>`: a login's access
/// token whose login has not ended (one Redis lookup: the revoked-login set),
/// or a personal access token with the scope the operation needs
/// (`routes::scopes`).
pub struct Authenticated(pub Identity);

impl FromRequest for Authenticated {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = bearer(req).map(str::to_owned);
        let platform = req.app_data::<web::Data<Platform>>().cloned();
        let req = req.clone();
        Box::pin(async move {
            let token = token.ok_or_else(missing_token)?;
            let who = verify(platform, &token).await?;
            crate::routes::scopes::check(&req, &who)?;
            req.extensions_mut()
                .insert(crate::read_your_writes::Caller(who.user_id));
            Ok(Authenticated(who))
        })
    }
}

/// The caller of a media download: the bearer header (API clients), or the
/// `confab_media` cookie that `POST /media/session` sets (what `<img>`,
/// `<audio>` and `<video>` elements send). Never a token in the URL: URLs end
/// up in logs, histories and Referer headers.
pub struct MediaReader(pub Identity);

/// The cookie holding a media-only token, sent only to `/api/v1/media`.
pub const MEDIA_COOKIE: &str = "confab_media";

impl FromRequest for MediaReader {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = bearer(req).map(str::to_owned);
        let cookie = req.cookie(MEDIA_COOKIE).map(|c| c.value().to_owned());
        let platform = req.app_data::<web::Data<Platform>>().cloned();
        let req = req.clone();
        Box::pin(async move {
            if let Some(token) = token {
                let who = verify(platform, &token).await?;
                crate::routes::scopes::check(&req, &who)?;
                return Ok(MediaReader(who));
            }
            let cookie = cookie.ok_or_else(missing_token)?;
            let platform =
                platform.ok_or_else(|| DomainError::internal("platform not configured"))?;
            Ok(MediaReader(
                platform.auth.authenticate_media(&cookie).await?,
            ))
        })
    }
}

fn bearer(req: &HttpRequest) -> Option<&str> {
    req.headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

fn missing_token() -> ApiError {
    DomainError::new(ErrorCode::MissingToken, "send an access token as 'Authorization: Bearer <token>' (media also take the cookie of POST /api/v1/media/session)")
    .into()
}

async fn verify(platform: Option<web::Data<Platform>>, token: &str) -> Result<Identity, ApiError> {
    let platform = platform.ok_or_else(|| DomainError::internal("platform not configured"))?;
    Ok(platform.auth.authenticate(token).await?)
}

/// Where the request came from (address and User-Agent), kept with each
/// login and each entry of the security log so users can tell them apart.
pub fn origin(req: &HttpRequest, platform: &Platform) -> Origin {
    let trust = platform.limiter.settings().trust_forwarded_for;
    let ip = confab_web::client::client_ip(req, trust);
    let user_agent = req
        .headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok());
    Origin::new(Some(ip.as_str()).filter(|ip| *ip != "unknown"), user_agent)
}

/// The header a moderator's reason rides in (for the group's audit log), as
/// on Discord: UTF-8, percent-encoded (`encodeURIComponent`).
pub const AUDIT_REASON_HEADER: &str = "X-Audit-Log-Reason";

/// The moderator's reason for an action, from [`AUDIT_REASON_HEADER`]; none
/// when the header is absent. A malformed one is a 400 `invalid_reason`.
pub struct AuditLogReason(pub Option<AuditReason>);

impl FromRequest for AuditLogReason {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let reason = match req.headers().get(AUDIT_REASON_HEADER) {
            None => Ok(None),
            Some(value) => percent_encoding::percent_decode(value.as_bytes())
                .decode_utf8()
                .map_err(|_| {
                    DomainError::new(
                        ErrorCode::InvalidReason,
                        "the reason is not percent-encoded UTF-8",
                    )
                })
                .and_then(|text| AuditReason::parse(&text))
                .map(Some),
        };
        std::future::ready(reason.map(AuditLogReason).map_err(ApiError::from))
    }
}

/// A JSON request body that must be an object. `web::Json` alone would take
/// `["a", "b"]` for a two-field struct (serde reads structs from sequences
/// too), so a fuzzer's array slipped through as a valid body. Reading, size
/// limit, content type and error mapping stay `web::Json`'s (`JsonConfig`).
pub struct Json<T>(pub T);

impl<T> Json<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Json<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self, actix_web::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let value = web::Json::<serde_json::Value>::from_request(req, payload);
        let req = req.clone();
        Box::pin(async move {
            let value = value.await?.into_inner();
            if !value.is_object() {
                return Err(ApiError::from(DomainError::new(
                    ErrorCode::InvalidBody,
                    "the body must be a JSON object",
                ))
                .into());
            }
            serde_json::from_value(value)
                .map(Json)
                .map_err(|e| crate::error::json_error(JsonPayloadError::Deserialize(e), &req))
        })
    }
}
