use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::extract::Json;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, post, web};
use confab_domain::error::ErrorCode;
use confab_domain::friends::{self, FriendRequest, Target};
use confab_domain::users::Username;
use confab_domain::write_tx;
use confab_domain::{Error, Platform};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// Whom to befriend: `username` or `user_id`, not both.
#[derive(Deserialize)]
pub struct FriendRequestBody {
    username: Option<String>,
    user_id: Option<Uuid>,
}

impl utoipa::PartialSchema for FriendRequestBody {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
        crate::body::exactly_one_of(
            "Whom to befriend: `username` or `user_id`, not both.",
            &[
                ("username", crate::body::json_of(Username::schema())),
                (
                    "user_id",
                    serde_json::json!({"type": "string", "format": "uuid"}),
                ),
            ],
        )
    }
}

impl ToSchema for FriendRequestBody {}

refusals![
    CannotBefriendSelf,
    InvalidUsername,
    Blocked,
    NotFound = "no such user",
    AlreadyFriends,
    RequestExists,
    RateLimited,
];

/// Send a friend request. If they already sent you one, this accepts it
/// (`status: "accepted"`).
#[utoipa::path(
    tag = "friends",
    security(("bearer" = ["friends"])),
    request_body = FriendRequestBody,
    responses(
        (status = CREATED, body = FriendRequest),
        Refusals,
    )
)]
#[post("/friends/requests")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn send_request(
    platform: web::Data<Platform>,
    who: Authenticated,
    body: Json<FriendRequestBody>,
) -> Result<HttpResponse, ApiError> {
    crate::limits::per_user(&platform, who.0.user_id, "friend_requests_user", |l| {
        l.friend_requests_per_user
    })
    .await?;
    let target = match (&body.username, body.user_id) {
        (None, Some(id)) => Target::Id(id),
        (Some(name), None) => Target::Username(Username::parse(name)?),
        _ => {
            return Err(
                Error::new(ErrorCode::InvalidBody, "give username or user_id, not both").into(),
            );
        }
    };
    let request = write_tx!(platform, |c| friends::send_request(
        c,
        who.0.user_id,
        target
    )
    .await);
    Ok(HttpResponse::Created().json(request))
}
