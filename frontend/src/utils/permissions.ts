/**
 * The group permission rules the UI needs to hide what the server would
 * refuse (the server still enforces them: groups::permissions::authorize).
 * The owner may do anything and outranks everyone; acting on a member needs
 * the permission and a strictly higher priority; roles can only be made,
 * edited, granted or deleted below your own priority.
 */
import type { MyMembership, Permission, Role } from '@/api/types'

/** What an action is aimed at: a member, by ownership and role priority. */
export interface Target {
  owner: boolean
  priority: number
}

export const PERMISSION_LABELS: Record<Permission, string> = {
  send_messages: 'Send messages',
  send_media: 'Send media',
  delete_messages: 'Delete others’ messages',
  invite_members: 'Invite members',
  kick_members: 'Kick members',
  ban_members: 'Ban members',
  manage_roles: 'Manage roles',
  manage_group: 'Edit group info',
  pin_messages: 'Pin messages',
  mention_everyone: 'Mention @everyone',
  manage_webhooks: 'Manage webhooks',
  view_audit_log: 'View the audit log',
  bypass_slowmode: 'Skip slow mode',
  timeout_members: 'Time out members',
}

export function can(me: MyMembership | null | undefined, permission: Permission): boolean {
  return !!me && (me.owner || me.permissions.includes(permission))
}

/** Whether `me` ranks strictly above the target (nobody outranks the owner). */
export function outranks(me: MyMembership | null | undefined, target: Target): boolean {
  if (!me || target.owner) return false
  return me.owner || me.priority > target.priority
}

/** May `me` do `permission` to this member (kick, ban, change role)? */
export function canActOn(me: MyMembership | null | undefined, permission: Permission, target: Target): boolean {
  return can(me, permission) && outranks(me, target)
}

/** May `me` create, edit, grant or delete a role of this priority? */
export function canManageRoleAt(me: MyMembership | null | undefined, priority: number): boolean {
  return can(me, 'manage_roles') && (me!.owner || priority < me!.priority)
}

/** The roles `me` may hand out, highest first. */
export function grantableRoles(me: MyMembership | null | undefined, roles: readonly Role[]): Role[] {
  return roles.filter((r) => canManageRoleAt(me, r.priority))
}

/** The permissions `me` may put on a role: only those held. */
export function grantablePermissions(me: MyMembership | null | undefined, all: readonly Permission[]): Permission[] {
  return all.filter((p) => can(me, p))
}

/** Roles by priority, highest first (the API's order); ties by id for stability. */
export function sortRoles(roles: readonly Role[]): Role[] {
  return [...roles].sort((a, b) => b.priority - a.priority || (a.id < b.id ? -1 : 1))
}
