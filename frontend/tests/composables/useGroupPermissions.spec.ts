import { describe, expect, it } from 'vitest'
import { ref } from 'vue'

import { useGroupPermissions } from '@/composables/useGroupPermissions'

import { group, member, memberRole, modRole, role } from '../helpers/groups'

describe('useGroupPermissions', () => {
  it('lets a moderator act below their rank only', () => {
    const g = ref(group({ me: { role_id: modRole.id, owner: false, permissions: modRole.permissions, priority: 10 } }))
    const perms = useGroupPermissions(g)
    expect(perms.isMember.value).toBe(true)
    expect(perms.isOwner.value).toBe(false)
    expect(perms.can('kick_members')).toBe(true)
    expect(perms.canKick(member())).toBe(true)
    expect(perms.canBan(member())).toBe(false)
    expect(perms.canKick(member(undefined, { role_id: modRole.id }))).toBe(false)
    expect(perms.canKick(member(undefined, { owner: true }))).toBe(false)
    expect(perms.canChangeRole(member())).toBe(true)
    expect(perms.grantable.value.map((r) => r.id)).toEqual([memberRole.id])
    expect(perms.canManageRole(role('x', 20))).toBe(false)
  })

  it('follows the group as it changes, and knows nothing outside it', () => {
    const g = ref(group())
    const perms = useGroupPermissions(g)
    expect(perms.isOwner.value).toBe(true)
    expect(perms.can('ban_members')).toBe(true)
    g.value = group({ me: null })
    expect(perms.isMember.value).toBe(false)
    expect(perms.can('send_messages')).toBe(false)
  })
})
