use crate::error::ApiError;
use crate::extract::Json;
use crate::extract::{Authenticated, origin};
use crate::openapi::refusals::refusals;
use actix_web::{HttpRequest, HttpResponse, post, web};
use confab_domain::Platform;
use confab_domain::auth::passkeys::{self, PasskeyInfo, RegisterPublicKeyCredential};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Deserialize, ToSchema)]
pub struct AddPasskeyRequest {
    /// From `POST /users/me/passkeys/registration`.
    ceremony_id: Uuid,
    /// 1–64 characters ("Laptop", "Phone").
    #[schema(schema_with = confab_domain::auth::passkeys::name_schema)]
    name: String,
    /// What `navigator.credentials.create()` answered (binary fields
    /// base64url-encoded).
    #[schema(value_type = Object)]
    credential: serde_json::Value,
}

refusals![
    InvalidPasskeyName,
    InvalidPasskey = "the answer does not verify",
    InvalidCeremony,
    PasskeysDisabled,
    PasskeyExists,
    InvalidAttestation,
];

/// Finish adding a passkey.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    request_body = AddPasskeyRequest,
    responses(
        (status = CREATED, body = PasskeyInfo),
        Refusals,
    )
)]
#[post("/users/me/passkeys")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn add_passkey(
    platform: web::Data<Platform>,
    who: Authenticated,
    body: Json<AddPasskeyRequest>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let name = passkeys::parse_name(&body.name)?;
    let added = platform
        .auth
        .finish_passkey_registration(
            &who.0,
            body.ceremony_id,
            name,
            &crate::body::credential::<RegisterPublicKeyCredential>(
                &body.credential,
                confab_domain::error::ErrorCode::InvalidAttestation,
            )?,
            &origin(&req, &platform),
        )
        .await?;
    Ok(HttpResponse::Created().json(added))
}
