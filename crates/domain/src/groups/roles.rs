//! Roles: named, coloured, ranked sets of permissions. Each member holds one.

use super::announce::announce;
use super::fields::{Colour, Priority, RoleName};
use super::row::GroupRow;
use super::standing::{lock_group, require_member};
use crate::access::permissions::{Action, Permissions, authorize};
use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::events::Payload;
use crate::events::payloads::{RoleDeleted, RolesReordered};
use crate::messages::SystemNote;
use crate::models::Role;
use crate::schema::{conversation_members, group_roles, groups};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

#[derive(Queryable, Selectable)]
#[diesel(table_name = group_roles)]
#[diesel(check_for_backend(diesel::pg::Pg))]
struct RoleRow {
    id: Uuid,
    group_id: Uuid,
    name: String,
    colour: Option<String>,
    priority: i32,
    permissions: Vec<String>,
    created_at: DateTime<Utc>,
}

impl RoleRow {
    fn into_role(self, default_role: Option<Uuid>) -> Role {
        Role {
            is_default: Some(self.id) == default_role,
            permissions: Permissions::from_stored(&self.permissions),
            id: self.id,
            group_id: self.group_id,
            name: self.name,
            colour: self.colour,
            priority: self.priority,
            created_at: self.created_at,
        }
    }
}

pub struct NewRole {
    pub name: RoleName,
    pub colour: Option<Colour>,
    pub priority: Priority,
    pub permissions: Permissions,
}

/// Only the fields given change; `colour: Some(None)` removes the colour.
#[derive(Default)]
pub struct RoleChanges {
    pub name: Option<RoleName>,
    pub colour: Option<Option<Colour>>,
    pub priority: Option<Priority>,
    pub permissions: Option<Permissions>,
}

/// Every role of the group, highest priority first.
pub(super) async fn roles_of(conn: &mut AsyncPgConnection, group: Uuid) -> Result<Vec<Role>> {
    let default_role: Option<Uuid> = groups::table
        .find(group)
        .select(groups::default_role_id)
        .first(conn)
        .await?;
    let rows: Vec<RoleRow> = group_roles::table
        .filter(group_roles::group_id.eq(group))
        .order((group_roles::priority.desc(), group_roles::id))
        .select(RoleRow::as_select())
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| r.into_role(default_role))
        .collect())
}

/// A role of this group (a role of another group is not found).
pub(super) async fn role_of(
    conn: &mut AsyncPgConnection,
    group: &GroupRow,
    id: Uuid,
) -> Result<Role> {
    group_roles::table
        .filter(group_roles::id.eq(id))
        .filter(group_roles::group_id.eq(group.id))
        .select(RoleRow::as_select())
        .first(conn)
        .await
        .optional()?
        .map(|r| r.into_role(group.default_role_id))
        .ok_or(Error::not_found("role"))
}

/// The roles of a group you are in (or of a public group).
pub async fn roles(conn: &mut AsyncPgConnection, me: Uuid, group: Uuid) -> Result<Vec<Role>> {
    Ok(super::get(conn, me, group).await?.roles)
}

pub async fn create_role(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    group: Uuid,
    new: NewRole,
) -> Result<Role> {
    let row = lock_group(conn, group).await?;
    let actor = require_member(conn, &row, me).await?;
    authorize(
        &actor,
        Action::ManageRole {
            role: new.priority.get(),
            grants: new.permissions,
        },
    )?;
    let created: RoleRow = diesel::insert_into(group_roles::table)
        .values((
            group_roles::id.eq(Uuid::now_v7()),
            group_roles::group_id.eq(group),
            group_roles::name.eq(new.name.into_inner()),
            group_roles::colour.eq(new.colour.map(Colour::into_inner)),
            group_roles::priority.eq(new.priority.get()),
            group_roles::permissions.eq(new.permissions.names()),
        ))
        .returning(RoleRow::as_returning())
        .get_result(conn)
        .await?;
    let role = created.into_role(row.default_role_id);
    let note = SystemNote::RoleCreated {
        actor_id: me,
        role_id: role.id,
        name: role.name.clone(),
    };
    announce(conn, &row, Payload::GroupRoleCreated(role.clone()), note).await?;
    Ok(role)
}

pub async fn update_role(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    group: Uuid,
    id: Uuid,
    changes: RoleChanges,
) -> Result<Role> {
    let row = lock_group(conn, group).await?;
    let actor = require_member(conn, &row, me).await?;
    let before = role_of(conn, &row, id).await?;
    authorize(
        &actor,
        Action::ManageRole {
            role: before.priority,
            grants: Permissions::empty(),
        },
    )?;
    let priority = changes.priority.map_or(before.priority, Priority::get);
    let permissions = changes.permissions.unwrap_or(before.permissions);
    // Only what is newly granted needs the actor to hold it.
    authorize(
        &actor,
        Action::ManageRole {
            role: priority,
            grants: permissions - before.permissions,
        },
    )?;
    let updated: RoleRow = diesel::update(group_roles::table.find(id))
        .set((
            group_roles::name.eq(changes
                .name
                .map_or(before.name.clone(), RoleName::into_inner)),
            group_roles::colour.eq(match changes.colour {
                Some(colour) => colour.map(Colour::into_inner),
                None => before.colour.clone(),
            }),
            group_roles::priority.eq(priority),
            group_roles::permissions.eq(permissions.names()),
        ))
        .returning(RoleRow::as_returning())
        .get_result(conn)
        .await?;
    let role = updated.into_role(row.default_role_id);
    let note = SystemNote::RoleUpdated {
        actor_id: me,
        role_id: role.id,
        name: role.name.clone(),
    };
    announce(conn, &row, Payload::GroupRoleUpdated(role.clone()), note).await?;
    Ok(role)
}

/// Deletes a role; its holders go back to the default role.
pub async fn delete_role(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    group: Uuid,
    id: Uuid,
) -> Result<()> {
    let row = lock_group(conn, group).await?;
    let actor = require_member(conn, &row, me).await?;
    let role = role_of(conn, &row, id).await?;
    authorize(
        &actor,
        Action::ManageRole {
            role: role.priority,
            grants: Permissions::empty(),
        },
    )?;
    if role.is_default {
        return Err(Error::new(
            ErrorCode::DefaultRole,
            "the default role cannot be deleted",
        ));
    }
    diesel::update(conversation_members::table.filter(conversation_members::role_id.eq(id)))
        .set(conversation_members::role_id.eq(row.default_role_id))
        .execute(conn)
        .await?;
    diesel::delete(group_roles::table.find(id))
        .execute(conn)
        .await?;
    let data = RoleDeleted {
        group_id: group,
        role_id: id,
        moved_to: row.default_role_id,
    };
    let note = SystemNote::RoleDeleted {
        actor_id: me,
        role_id: id,
        name: role.name,
    };
    announce(conn, &row, Payload::GroupRoleDeleted(data), note).await
}

/// Gives several roles new priorities at once (drag-and-drop reordering). Every
/// role moved must sit below the actor before and after.
pub async fn reorder_roles(
    conn: &mut AsyncPgConnection,
    me: Uuid,
    group: Uuid,
    order: Vec<(Uuid, Priority)>,
) -> Result<Vec<Role>> {
    let row = lock_group(conn, group).await?;
    let actor = require_member(conn, &row, me).await?;
    for (id, priority) in &order {
        let role = role_of(conn, &row, *id).await?;
        for rank in [role.priority, priority.get()] {
            authorize(
                &actor,
                Action::ManageRole {
                    role: rank,
                    grants: Permissions::empty(),
                },
            )?;
        }
    }
    for (id, priority) in &order {
        diesel::update(group_roles::table.find(id))
            .set(group_roles::priority.eq(priority.get()))
            .execute(conn)
            .await?;
    }
    let roles = roles_of(conn, group).await?;
    let data = RolesReordered {
        group_id: group,
        roles: roles.clone(),
    };
    let note = SystemNote::RolesReordered { actor_id: me };
    announce(conn, &row, Payload::GroupRolesReordered(data), note).await?;
    Ok(roles)
}
