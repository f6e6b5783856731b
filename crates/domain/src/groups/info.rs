//! A group's info: create, read, edit, search, transfer, delete.

use super::announce::announce;
use super::fields::{Description, GroupKind, GroupName, Handle};
use super::roles::roles_of;
use super::row::{GroupRow, row};
use super::standing::{lock_group, membership, require_member, standing};
use crate::access::permissions::{Action, Permissions, Standing, authorize};
use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::events::payloads::GroupDeleted;
use crate::events::{self, Payload};
use crate::messages::SystemNote;
use crate::models::{Group, Role};
use crate::schema::{conversation_members, conversations, group_roles, groups};
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::ToSchema;
use uuid::Uuid;

/// Your place in a group.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MyMembership {
    pub role_id: Uuid,
    pub owner: bool,
    /// What you may do (every permission for the owner).
    pub permissions: Permissions,
    pub priority: i32,
}

/// A group with its roles and, for a member, their place in it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct GroupDetails {
    #[serde(flatten)]
    pub group: Group,
    /// Highest priority first.
    pub roles: Vec<Role>,
    /// Null when you are not a member (a public group seen from outside).
    pub me: Option<MyMembership>,
}

pub struct NewGroup {
    pub name: GroupName,
    pub kind: GroupKind,
    pub handle: Option<Handle>,
    pub description: Option<Description>,
}

/// Only the fields given change. `handle: Some(None)` removes it (private only).
#[derive(Default)]
pub struct GroupChanges {
    pub name: Option<GroupName>,
    pub description: Option<Description>,
    pub kind: Option<GroupKind>,
    pub handle: Option<Option<Handle>>,
    /// One of the caller's image uploads, or `Some(None)` to remove the photo.
    pub photo_media_id: Option<Option<Uuid>>,
    pub slowmode: Option<Slowmode>,
}

/// Slow mode's window: 0 (off) to 6 hours.
#[derive(Debug, Clone, Copy)]
pub struct Slowmode(i32);

impl Slowmode {
    pub const MAX_SECS: i32 = 21_600;

    pub fn parse(seconds: i64) -> Result<Self> {
        match i32::try_from(seconds) {
            Ok(s) if (0..=Self::MAX_SECS).contains(&s) => Ok(Self(s)),
            _ => Err(Error::new(
                ErrorCode::InvalidSlowmode,
                "slow mode is 0 (off) to 21600 seconds",
            )),
        }
    }
}

impl GroupChanges {
    pub fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.description.is_none()
            && self.kind.is_none()
            && self.handle.is_none()
            && self.photo_media_id.is_none()
            && self.slowmode.is_none()
    }
}

/// Counts members of many groups in one query.
pub(super) async fn with_counts(
    conn: &mut AsyncPgConnection,
    rows: Vec<GroupRow>,
) -> Result<Vec<Group>> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.conversation_id).collect();
    let counts: HashMap<Uuid, i64> = conversation_members::table
        .filter(conversation_members::conversation_id.eq_any(&ids))
        .group_by(conversation_members::conversation_id)
        .select((
            conversation_members::conversation_id,
            diesel::dsl::count_star(),
        ))
        .load::<(Uuid, i64)>(conn)
        .await?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| Group {
            member_count: counts.get(&r.conversation_id).copied().unwrap_or(0),
            slowmode_secs: r.slowmode_secs,
            id: r.id,
            conversation_id: r.conversation_id,
            name: r.name,
            description: r.description,
            photo_url: r.photo_media_id.map(crate::urls::media),
            kind: r.kind,
            handle: r.handle,
            owner_id: r.owner_id,
            default_role_id: r.default_role_id,
            created_at: r.created_at,
        })
        .collect())
}

pub(super) async fn to_group(conn: &mut AsyncPgConnection, row: GroupRow) -> Result<Group> {
    let mut groups = with_counts(conn, vec![row]).await?;
    groups
        .pop()
        .ok_or_else(|| Error::internal("group vanished"))
}

fn handle_taken(e: DieselError) -> Error {
    match e {
        DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, ref info)
            if info.constraint_name() == Some("groups_handle_unique") =>
        {
            Error::new(ErrorCode::HandleTaken, "another group has that handle")
        }
        other => other.into(),
    }
}

fn handle_required() -> Error {
    Error::new(ErrorCode::HandleRequired, "a public group needs a handle")
}

fn handle_not_allowed() -> Error {
    Error::new(
        ErrorCode::HandleNotAllowed,
        "only public groups have a handle",
    )
}

/// Creates a group with its default role; the creator is its owner.
pub async fn create(conn: &mut AsyncPgConnection, me: Uuid, new: NewGroup) -> Result<GroupDetails> {
    let handle = match (new.kind, new.handle) {
        (GroupKind::Public, Some(h)) => Some(h.into_inner()),
        (GroupKind::Public, None) => return Err(handle_required()),
        (GroupKind::Private, Some(_)) => return Err(handle_not_allowed()),
        (GroupKind::Private, None) => None,
    };
    let conversation_id = Uuid::now_v7();
    let (group_id, role_id) = (Uuid::now_v7(), Uuid::now_v7());
    diesel::insert_into(conversations::table)
        .values((
            conversations::id.eq(conversation_id),
            conversations::kind.eq("group"),
        ))
        .execute(conn)
        .await?;
    // The default-role key is checked at commit, so the group can name its role
    // before the role exists.
    let row: GroupRow = diesel::insert_into(groups::table)
        .values((
            groups::id.eq(group_id),
            groups::conversation_id.eq(conversation_id),
            groups::name.eq(new.name.into_inner()),
            groups::description.eq(new
                .description
                .map(Description::into_inner)
                .unwrap_or_default()),
            groups::kind.eq(new.kind.as_str()),
            groups::handle.eq(handle),
            groups::owner_id.eq(me),
            groups::default_role_id.eq(role_id),
        ))
        .returning(GroupRow::as_returning())
        .get_result(conn)
        .await
        .map_err(handle_taken)?;
    diesel::insert_into(group_roles::table)
        .values((
            group_roles::id.eq(role_id),
            group_roles::group_id.eq(group_id),
            group_roles::name.eq("member"),
            group_roles::priority.eq(0),
            group_roles::permissions.eq(Permissions::MEMBER_DEFAULT.names()),
        ))
        .execute(conn)
        .await?;
    diesel::insert_into(conversation_members::table)
        .values((
            conversation_members::conversation_id.eq(conversation_id),
            conversation_members::user_id.eq(me),
            conversation_members::role_id.eq(role_id),
        ))
        .execute(conn)
        .await?;
    let group = to_group(conn, row.clone()).await?;
    announce(
        conn,
        &row,
        Payload::GroupCreated(group),
        SystemNote::GroupCreated { actor_id: me },
    )
    .await?;
    details(conn, row, me).await
}

pub(super) async fn details(
    conn: &mut AsyncPgConnection,
    row: GroupRow,
    me: Uuid,
) -> Result<GroupDetails> {
    let me = membership(conn, &row, me)
        .await?
        .map(|(role_id, s)| my_membership(s, role_id));
    let roles = roles_of(conn, row.id).await?;
    Ok(GroupDetails {
        group: to_group(conn, row).await?,
        roles,
        me,
    })
}

fn my_membership(s: Standing, role_id: Uuid) -> MyMembership {
    MyMembership {
        role_id,
        owner: s.owner,
        permissions: if s.owner {
            Permissions::all()
        } else {
            s.permissions
        },
        priority: s.priority,
    }
}

/// A group you are in, or a public one; a private group you are not in is not found.
pub async fn get(conn: &mut AsyncPgConnection, me: Uuid, id: Uuid) -> Result<GroupDetails> {
    let row = row(conn, id).await?;
    let details = details(conn, row, me).await?;
    if details.me.is_none() && details.group.kind != GroupKind::Public.as_str() {
        return Err(Error::not_found("group"));
    }
    Ok(details)
}

pub async fn update(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    id: Uuid,
    changes: GroupChanges,
) -> Result<GroupDetails> {
    let row = lock_group(conn, id).await?;
    let actor = require_member(conn, &row, me).await?;
    authorize(&actor, Action::ManageGroup)?;
    let kind = changes
        .kind
        .map(|k| k.as_str().to_owned())
        .unwrap_or_else(|| row.kind.clone());
    let handle = match (kind.as_str(), changes.handle) {
        ("public", Some(Some(h))) => Some(h.into_inner()),
        ("public", Some(None)) => return Err(handle_required()),
        ("public", None) => Some(row.handle.clone().ok_or_else(handle_required)?),
        (_, Some(Some(_))) => return Err(handle_not_allowed()),
        (_, _) => None,
    };
    let name = changes
        .name
        .map(GroupName::into_inner)
        .unwrap_or_else(|| row.name.clone());
    let description = changes
        .description
        .map(Description::into_inner)
        .unwrap_or_else(|| row.description.clone());
    let photo = match changes.photo_media_id {
        Some(Some(id)) => Some(crate::media::claim_image(conn, me, id).await?.id),
        Some(None) => None,
        None => row.photo_media_id,
    };
    let mut fields = Vec::new();
    if photo != row.photo_media_id {
        fields.push("photo");
    }
    if name != row.name {
        fields.push("name");
    }
    if description != row.description {
        fields.push("description");
    }
    if kind != row.kind {
        fields.push("kind");
    }
    if handle != row.handle {
        fields.push("handle");
    }
    let slowmode = changes.slowmode.map_or(row.slowmode_secs, |s| s.0);
    if slowmode != row.slowmode_secs {
        fields.push("slowmode_secs");
    }
    if fields.is_empty() {
        return details(conn, row, me).await;
    }
    let updated: GroupRow = diesel::update(groups::table.find(id))
        .set((
            groups::name.eq(name),
            groups::description.eq(description),
            groups::kind.eq(kind),
            groups::handle.eq(handle),
            groups::photo_media_id.eq(photo),
            groups::slowmode_secs.eq(slowmode),
        ))
        .returning(GroupRow::as_returning())
        .get_result(conn)
        .await
        .map_err(handle_taken)?;
    let group = to_group(conn, updated.clone()).await?;
    announce(
        conn,
        &updated,
        Payload::GroupUpdated(group),
        SystemNote::GroupUpdated {
            actor_id: me,
            fields,
        },
    )
    .await?;
    details(conn, updated, me).await
}

/// Hands the group to another member; the old owner keeps their role.
pub async fn transfer_ownership(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    id: Uuid,
    to: Uuid,
) -> Result<GroupDetails> {
    let row = lock_group(conn, id).await?;
    let actor = require_member(conn, &row, me).await?;
    authorize(&actor, Action::TransferOwnership)?;
    if to == me {
        return details(conn, row, me).await;
    }
    if standing(conn, &row, to).await?.is_none() {
        // Not 404: the group was found; the person named in the body is not in it.
        return Err(Error::new(
            ErrorCode::NotAMember,
            "ownership goes only to a member of the group",
        ));
    }
    let updated: GroupRow = diesel::update(groups::table.find(id))
        .set(groups::owner_id.eq(to))
        .returning(GroupRow::as_returning())
        .get_result(conn)
        .await?;
    let group = to_group(conn, updated.clone()).await?;
    announce(
        conn,
        &updated,
        Payload::GroupUpdated(group),
        SystemNote::OwnershipTransferred {
            actor_id: me,
            user_id: to,
        },
    )
    .await?;
    details(conn, updated, me).await
}

/// Deletes the group, its history and its roles, for everyone.
pub async fn delete(conn: &mut AsyncPgConnection, me: Uuid, id: Uuid) -> Result<()> {
    let row = lock_group(conn, id).await?;
    let actor = require_member(conn, &row, me).await?;
    authorize(&actor, Action::DeleteGroup)?;
    remove(conn, &row).await
}

/// What a site administrator deletes: any group, whoever owns it. Returns its
/// name (for the site audit log).
pub async fn delete_as_site_admin(conn: &mut AsyncPgConnection, id: Uuid) -> Result<String> {
    let row = lock_group(conn, id).await?;
    remove(conn, &row).await?;
    Ok(row.name)
}

/// Tells the members, then removes the group with its conversation.
async fn remove(conn: &mut AsyncPgConnection, row: &GroupRow) -> Result<()> {
    events::enqueue(
        conn,
        Payload::GroupDeleted(GroupDeleted {
            id: row.id,
            conversation_id: row.conversation_id,
        }),
    )
    .await?;
    // Members hold roles of this group: drop them before the roles go.
    diesel::delete(
        conversation_members::table
            .filter(conversation_members::conversation_id.eq(row.conversation_id)),
    )
    .execute(conn)
    .await?;
    diesel::delete(conversations::table.find(row.conversation_id))
        .execute(conn)
        .await?;
    Ok(())
}
