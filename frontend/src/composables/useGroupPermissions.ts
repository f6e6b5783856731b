import { computed, toValue, type MaybeRefOrGetter } from 'vue'

import type { GroupDetails, Member, Permission, Role } from '@/api/types'
import { can, canActOn, canManageRoleAt, grantableRoles } from '@/utils/permissions'

/**
 * What the signed-in user may do in a group, from `me` of `GET /groups/{id}`,
 * so screens hide or disable what the server would refuse anyway.
 */
export function useGroupPermissions(group: MaybeRefOrGetter<GroupDetails | null | undefined>) {
  const me = computed(() => toValue(group)?.me ?? null)
  const roles = computed(() => toValue(group)?.roles ?? [])

  function priorityOf(roleId: string): number {
    return roles.value.find((r) => r.id === roleId)?.priority ?? 0
  }

  /** The member as a target of an action. */
  function target(m: Pick<Member, 'owner' | 'role_id'>) {
    return { owner: m.owner, priority: priorityOf(m.role_id) }
  }

  const isMember = computed(() => me.value !== null)
  const isOwner = computed(() => !!me.value?.owner)

  return {
    me,
    isMember,
    isOwner,
    can: (p: Permission) => can(me.value, p),
    canKick: (m: Pick<Member, 'owner' | 'role_id'>) => canActOn(me.value, 'kick_members', target(m)),
    canBan: (m: Pick<Member, 'owner' | 'role_id'>) => canActOn(me.value, 'ban_members', target(m)),
    canTimeOut: (m: Pick<Member, 'owner' | 'role_id'>) => canActOn(me.value, 'timeout_members', target(m)),
    canDeleteMessageOf: (m: Pick<Member, 'owner' | 'role_id'>) => canActOn(me.value, 'delete_messages', target(m)),
    canChangeRole: (m: Pick<Member, 'owner' | 'role_id'>) => canActOn(me.value, 'manage_roles', target(m)),
    canManageRole: (r: Pick<Role, 'priority'>) => canManageRoleAt(me.value, r.priority),
    grantable: computed(() => grantableRoles(me.value, roles.value)),
    priorityOf,
  }
}
