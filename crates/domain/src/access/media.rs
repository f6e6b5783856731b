//! Who is shown a medium: its uploader; the members of every conversation it
//! is shared in (in a message not deleted); anyone, for a user's avatar and for
//! a link preview's picture (a copy of what the page shows everyone) and for
//! a group's emoji (used in messages that travel anywhere); and
//! whoever can see the group, for a group photo. Fetching it
//! ([`may_view_media`]) and being told it changed ([`media_viewers`]) follow
//! the same rule.

use crate::error::Result;
use crate::schema::{
    conversation_members, group_emoji, groups, link_previews, message_attachments, messages, users,
};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

/// The memberships of the conversations the medium is shared in.
fn shared_in(media: Uuid) -> conversation_members::BoxedQuery<'static, Pg> {
    conversation_members::table
        .filter(
            conversation_members::conversation_id.eq_any(
                message_attachments::table
                    .inner_join(messages::table)
                    .filter(message_attachments::media_id.eq(media))
                    .filter(messages::deleted_at.is_null())
                    .select(messages::conversation_id),
            ),
        )
        .into_boxed()
}

/// Whether `me` may fetch the medium uploaded by `uploader`.
pub async fn may_view_media(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    media: Uuid,
    uploader: Uuid,
) -> Result<bool> {
    if uploader == me {
        return Ok(true);
    }
    let shared_with_me = diesel::select(diesel::dsl::exists(
        shared_in(media).filter(conversation_members::user_id.eq(me)),
    ));
    let an_avatar = diesel::select(diesel::dsl::exists(
        users::table
            .filter(users::avatar_media_id.eq(media))
            .filter(users::deleted_at.is_null()),
    ));
    let a_preview_picture = diesel::select(diesel::dsl::exists(
        link_previews::table.filter(link_previews::image_media_id.eq(media)),
    ));
    let a_visible_group_photo = diesel::select(diesel::dsl::exists(
        groups::table
            .filter(groups::photo_media_id.eq(media))
            .filter(
                groups::kind.eq("public").or(diesel::dsl::exists(
                    conversation_members::table
                        .filter(conversation_members::conversation_id.eq(groups::conversation_id))
                        .filter(conversation_members::user_id.eq(me)),
                )),
            ),
    ));
    let an_emoji = diesel::select(diesel::dsl::exists(
        group_emoji::table.filter(group_emoji::media_id.eq(media)),
    ));
    Ok(shared_with_me.get_result::<bool>(conn).await?
        || an_emoji.get_result::<bool>(conn).await?
        || an_avatar.get_result::<bool>(conn).await?
        || a_preview_picture.get_result::<bool>(conn).await?
        || a_visible_group_photo.get_result::<bool>(conn).await?)
}

/// Who is shown the medium besides its uploader: the members of every
/// conversation it is shared in. (Avatars and group photos are not announced.)
pub async fn media_viewers(conn: &mut AsyncPgConnection, media: Uuid) -> Result<Vec<Uuid>> {
    Ok(shared_in(media)
        .select(conversation_members::user_id)
        .distinct()
        .load(conn)
        .await?)
}
