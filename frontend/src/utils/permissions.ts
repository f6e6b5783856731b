/**
 * The group permission rules the UI needs to hide what the server would
 * refuse (the server still enforces them: groups::permissions::authorize).
 * The owner may do anything and outranks everyone; acting on a member needs
 * the permission and a strictly higher priority; roles can only be made,
 * edited, granted or deleted below your own priority.
 */
import type { MyMembership, Permission, Role } from '@/api/types'
import { i18n } from '@/i18n'

/** What an action is aimed at: a member, by ownership and role priority. */
export interface Target {
  owner: boolean
  priority: number
}

/** A permission's name in the language shown (groups.permissions.<permission>; every one of PERMISSIONS has one, tested). */
export function permissionLabel(permission: Permission): string {
  return i18n.global.t(`groups.permissions.${permission}`)
}

/** The name the server gives a new group's default role (crates/domain groups::info). */
export const DEFAULT_ROLE_NAME = 'member'

/**
 * A role's name as shown: the default role under the server's own name for it
 * ("member") in the language shown (groups.role.member); any other name, or
 * the default role renamed by its group, as the group wrote it.
 */
export function roleName(role: Pick<Role, 'name'> & Partial<Pick<Role, 'is_default'>>): string {
  return role.is_default && role.name === DEFAULT_ROLE_NAME ? i18n.global.t('groups.role.member') : role.name
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
