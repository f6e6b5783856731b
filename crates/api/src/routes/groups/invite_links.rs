//! `/groups/{id}/invite-links`: making, listing and revoking a group's links.

use crate::error::ApiError;
use crate::extract::Authenticated;
use crate::extract::Json;
use actix_web::{HttpResponse, delete, get, post, web};
use confab_domain::groups::{self, InviteLink, LinkTerms};
use confab_domain::{Platform, write_tx};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Deserialize, ToSchema)]
pub struct NewInviteLink {
    /// Seconds until it expires: 1800 (30 minutes) to 31622400 (a year);
    /// null or absent: never.
    #[schema(minimum = 1800, maximum = 31622400)]
    expires_in_secs: Option<i64>,
    /// How many may join with it, 1 to 10000; null or absent: no limit.
    #[schema(minimum = 1, maximum = 10000)]
    max_uses: Option<i64>,
}

mod create {
    use super::*;
    use crate::openapi::refusals::refusals;

    refusals![
        InvalidInviteLink,
        MissingPermission = "your role lacks `invite_members`",
        NotFound = "not a group of yours",
    ];

    /// Make an invite link (`invite_members`): whoever holds it may join, a
    /// private group too, until it expires, is used up or revoked; bans still
    /// hold. The audit log records it.
    #[utoipa::path(
        tag = "groups",
        security(("bearer" = ["groups"])),
        params(("id" = Uuid, Path, description = "the group")),
        request_body = NewInviteLink,
        responses(
            (status = CREATED, body = InviteLink),
            Refusals,
        )
    )]
    #[post("/groups/{id}/invite-links")]
    #[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
    pub async fn create_invite_link(
        platform: web::Data<Platform>,
        who: Authenticated,
        id: web::Path<Uuid>,
        body: Json<NewInviteLink>,
    ) -> Result<HttpResponse, ApiError> {
        let terms = LinkTerms::parse(body.expires_in_secs, body.max_uses)?;
        let id = id.into_inner();
        let link = write_tx!(platform, |c| groups::create_link(
            c,
            who.0.user_id,
            id,
            terms
        )
        .await);
        Ok(HttpResponse::Created().json(link))
    }
}

mod list {
    use super::*;
    use crate::openapi::refusals::refusals;

    #[derive(Deserialize, IntoParams)]
    pub struct LinksQuery {
        /// 1–100, default 50.
        limit: Option<i64>,
    }

    refusals![
        InvalidLimit,
        MissingPermission = "your role lacks `invite_members`",
        NotFound = "not a group of yours",
    ];

    /// The group's links that still admit someone, newest first
    /// (`invite_members`).
    #[utoipa::path(
        tag = "groups",
        security(("bearer" = ["groups"])),
        params(("id" = Uuid, Path, description = "the group"), LinksQuery),
        responses(
            (status = OK, body = Vec<InviteLink>),
            Refusals,
        )
    )]
    #[get("/groups/{id}/invite-links")]
    #[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
    pub async fn invite_links(
        platform: web::Data<Platform>,
        who: Authenticated,
        id: web::Path<Uuid>,
        query: web::Query<LinksQuery>,
    ) -> Result<HttpResponse, ApiError> {
        let mut conn = platform.conn().await?;
        let links = groups::links(&mut conn, who.0.user_id, id.into_inner(), query.limit).await?;
        Ok(HttpResponse::Ok().json(links))
    }
}

mod revoke {
    use super::*;
    use crate::openapi::refusals::refusals;

    refusals![
        MissingPermission = "not your link, and your role lacks `manage_group`",
        NotFound = "not a group of yours, or no such link",
    ];

    /// Revoke an invite link (yours, or any with `manage_group`); it admits
    /// nobody after. The audit log records it.
    #[utoipa::path(
        tag = "groups",
        security(("bearer" = ["groups"])),
        params(
            ("id" = Uuid, Path, description = "the group"),
            ("link_id" = Uuid, Path, description = "the link"),
        ),
        responses(
            (status = NO_CONTENT, description = "revoked"),
            Refusals,
        )
    )]
    #[delete("/groups/{id}/invite-links/{link_id}")]
    #[tracing::instrument(skip_all, fields(user_id = %who.0.user_id))]
    pub async fn revoke_invite_link(
        platform: web::Data<Platform>,
        who: Authenticated,
        path: web::Path<(Uuid, Uuid)>,
    ) -> Result<HttpResponse, ApiError> {
        let (id, link) = path.into_inner();
        write_tx!(platform, |c| groups::revoke_link(
            c,
            who.0.user_id,
            id,
            link
        )
        .await);
        Ok(HttpResponse::NoContent().finish())
    }
}

pub use create::create_invite_link;
pub use list::invite_links;
pub use revoke::revoke_invite_link;
