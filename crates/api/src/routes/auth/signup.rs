use super::AuthResponse;
use crate::error::ApiError;
use crate::extract::Json;
use crate::extract::origin;
use crate::openapi::refusals::refusals;
use actix_web::{HttpRequest, HttpResponse, post, web};
use confab_domain::Platform;
use confab_domain::auth::SignupInput;
use confab_domain::users::{CurrentUser, DisplayName, Email, Password, Username};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct SignupRequest {
    /// 3–32 characters of `a-z 0-9 _ .`; case-insensitive.
    #[schema(schema_with = confab_domain::users::Username::schema)]
    username: String,
    /// 8–128 characters.
    #[schema(schema_with = confab_domain::users::Password::schema)]
    password: String,
    #[schema(schema_with = confab_domain::text::nullable::<confab_domain::users::Email>)]
    email: Option<String>,
    #[schema(schema_with = confab_domain::text::nullable::<confab_domain::users::DisplayName>)]
    display_name: Option<String>,
}

impl SignupRequest {
    fn parse(self) -> Result<SignupInput, ApiError> {
        Ok(SignupInput {
            username: Username::parse(&self.username)?,
            password: Password::parse(self.password)?,
            email: self.email.as_deref().map(Email::parse).transpose()?,
            display_name: self
                .display_name
                .as_deref()
                .map(DisplayName::parse)
                .transpose()?,
        })
    }
}

/// The account exists, but logging in waits until its email is confirmed (the
/// server requires it; a link was mailed).
#[derive(Serialize, Deserialize, ToSchema)]
pub struct SignupPending {
    pub user: CurrentUser,
    /// Always true: open the mailed link, then log in.
    pub email_verification_required: bool,
}

refusals![
    InvalidUsername,
    InvalidPassword,
    InvalidEmail,
    InvalidDisplayName,
    EmailRequired,
    UsernameTaken,
    EmailTaken = "another account confirmed that email",
    RateLimited,
];

/// Create an account and log in. With an email, a link to confirm it is
/// mailed (when the server sends mail).
#[utoipa::path(
    tag = "auth",
    request_body = SignupRequest,
    responses(
        (status = CREATED, body = AuthResponse),
        (status = ACCEPTED, body = SignupPending, description = "the server requires a confirmed email before the first login: no tokens yet"),
        Refusals,
    )
)]
#[post("/auth/signup")]
#[tracing::instrument(skip_all)]
pub async fn signup(
    platform: web::Data<Platform>,
    body: Json<SignupRequest>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    crate::limits::per_ip(&platform, &req, "signup_ip", |l| l.signup_per_ip).await?;
    let input = body.into_inner().parse()?;
    let (user, tokens) = platform
        .auth
        .signup(input, &origin(&req, &platform))
        .await?;
    tracing::info!(user_id = %user.id, "signed up");
    let Some(tokens) = tokens else {
        return Ok(HttpResponse::Accepted().json(SignupPending {
            user: CurrentUser::from(&user),
            email_verification_required: true,
        }));
    };
    let mut response = HttpResponse::Created();
    crate::devices::remember_device(
        &platform,
        &req,
        user.id,
        &user.username,
        None,
        &mut response,
    );
    Ok(response.json(AuthResponse {
        user: CurrentUser::from(&user),
        tokens,
    }))
}
