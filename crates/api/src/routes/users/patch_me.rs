use crate::body::empty_is_none;
use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::extract::Json;
use crate::openapi::refusals::refusals;
use actix_web::{HttpResponse, patch, web};
use confab_domain::users::repo::{self, ProfileChanges};
use confab_domain::users::{Bio, CurrentUser, DisplayName, Email, StatusText};
use confab_domain::{Platform, write_tx};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// Fields left out stay as they are; `null` or `""` clears the nullable ones.
#[derive(Deserialize, ToSchema)]
pub struct ProfilePatch {
    #[serde(default, deserialize_with = "crate::body::present")]
    #[schema(schema_with = confab_domain::text::clearable::<confab_domain::users::DisplayName>)]
    display_name: Option<Option<String>>,
    #[schema(schema_with = confab_domain::text::nullable::<confab_domain::users::Bio>)]
    bio: Option<String>,
    #[schema(schema_with = confab_domain::text::nullable::<confab_domain::users::StatusText>)]
    status_text: Option<String>,
    #[serde(default, deserialize_with = "crate::body::present")]
    #[schema(schema_with = confab_domain::text::clearable::<confab_domain::users::Email>)]
    email: Option<Option<String>>,
    /// One of your image uploads (`POST /media`); `null` removes the avatar.
    #[serde(default, deserialize_with = "crate::body::present")]
    #[schema(value_type = Option<Uuid>)]
    avatar_media_id: Option<Option<Uuid>>,
    /// Whether links in your messages get previews.
    link_previews: Option<bool>,
    /// Whether pushes show what messages say.
    push_previews: Option<bool>,
    /// Replaces your do-not-disturb settings (both fields; null clears one).
    do_not_disturb: Option<confab_domain::users::do_not_disturb::DoNotDisturb>,
}

impl ProfilePatch {
    fn parse(self) -> Result<ProfileChanges, ApiError> {
        Ok(ProfileChanges {
            display_name: self
                .display_name
                .map(|d| {
                    empty_is_none(d)
                        .as_deref()
                        .map(DisplayName::parse)
                        .transpose()
                })
                .transpose()?,
            bio: self.bio.as_deref().map(Bio::parse).transpose()?,
            status_text: self
                .status_text
                .as_deref()
                .map(StatusText::parse)
                .transpose()?,
            email: self
                .email
                .map(|e| empty_is_none(e).as_deref().map(Email::parse).transpose())
                .transpose()?,
            avatar_media_id: self.avatar_media_id,
            link_previews: self.link_previews,
            push_previews: self.push_previews,
            do_not_disturb: self.do_not_disturb,
        })
    }
}

refusals![
    InvalidDisplayName,
    InvalidBio,
    InvalidStatusText,
    InvalidEmail,
    EmailTaken,
    InvalidPicture,
    InvalidQuietHours,
];

/// Update the caller's profile. A new email is unconfirmed until its mailed
/// link is opened; the old address, if it was confirmed, is told of the change.
#[utoipa::path(
    tag = "users",
    security(("bearer" = ["profile"])),
    request_body = ProfilePatch,
    responses(
        (status = OK, body = CurrentUser),
        Refusals,
    )
)]
#[patch("/users/me")]
#[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
pub async fn patch_me(
    platform: web::Data<Platform>,
    who: Authenticated,
    body: Json<ProfilePatch>,
) -> Result<HttpResponse, ApiError> {
    let changes = body.into_inner().parse()?;
    if let Some(Some(email)) = &changes.email {
        platform
            .auth
            .check_new_email(&who.0, email.as_str())
            .await?;
    }
    let me = who.0.user_id;
    let updated = write_tx!(platform, |c| repo::update_profile(c, me, changes).await);
    if let Some(change) = &updated.email_change {
        platform
            .auth
            .email_changed(&updated.user, change.previous_proven.as_deref())
            .await?;
    }
    Ok(HttpResponse::Ok().json(CurrentUser::from(&updated.user)))
}
