import { describe, expect, it } from 'vitest'

import { type MyMembership, PERMISSIONS } from '@/api/types'
import { i18n, setLocale } from '@/i18n'
import {
  can,
  canActOn,
  canManageRoleAt,
  grantablePermissions,
  grantableRoles,
  outranks,
  permissionLabel,
  roleName,
  sortRoles,
} from '@/utils/permissions'

import { memberRole, modRole, role } from '../helpers/groups'

const owner: MyMembership = { role_id: 'x', owner: true, permissions: [], priority: 0 }
const mod: MyMembership = { role_id: modRole.id, owner: false, permissions: ['kick_members', 'manage_roles'], priority: 10 }

describe('permission names', () => {
  it('name every permission the API has, the newest too, in the language shown', async () => {
    for (const p of PERMISSIONS) expect(i18n.global.te(`groups.permissions.${p}`, 'en'), p).toBe(true)
    expect(permissionLabel('view_audit_log')).toBe('View the audit log')
    expect(permissionLabel('timeout_members')).toBe('Time out members')
    expect(permissionLabel('mention_everyone')).toBe('Mention @everyone')
    await setLocale('de')
    expect(permissionLabel('bypass_slowmode')).toBe('Langsamen Modus umgehen')
  })
})

describe('role names', () => {
  it('says the default role under the server’s name for it in the language shown', async () => {
    expect(roleName(memberRole)).toBe('Member')
    await setLocale('de')
    expect(roleName(memberRole)).toBe('Mitglied')
    await setLocale('ar')
    expect(roleName(memberRole)).toBe('عضو')
  })

  it('keeps the names a group wrote: its other roles, a role it called “member”, the default role renamed', async () => {
    await setLocale('de')
    expect(roleName(modRole)).toBe('mod')
    expect(roleName(role('r-x', 5, { name: 'member' }))).toBe('member')
    expect(roleName({ ...memberRole, name: 'Neulinge' })).toBe('Neulinge')
  })
})

describe('group permission rules', () => {
  it('gives the owner everything and nobody anything outside the group', () => {
    expect(can(owner, 'ban_members')).toBe(true)
    expect(can(null, 'send_messages')).toBe(false)
    expect(can(mod, 'ban_members')).toBe(false)
  })

  it('lets one act only on lower priorities, and never on the owner', () => {
    expect(outranks(mod, { owner: false, priority: 0 })).toBe(true)
    expect(outranks(mod, { owner: false, priority: 10 })).toBe(false)
    expect(outranks(mod, { owner: true, priority: -5 })).toBe(false)
    expect(outranks(owner, { owner: false, priority: 999 })).toBe(true)
    expect(canActOn(mod, 'kick_members', { owner: false, priority: 0 })).toBe(true)
    expect(canActOn(mod, 'ban_members', { owner: false, priority: 0 })).toBe(false)
  })

  it('grants only roles below one’s own and permissions one holds', () => {
    const high = role('r-high', 20)
    expect(canManageRoleAt(mod, 9)).toBe(true)
    expect(canManageRoleAt(mod, 10)).toBe(false)
    expect(grantableRoles(mod, [high, modRole, memberRole]).map((r) => r.id)).toEqual([memberRole.id])
    expect(grantableRoles(owner, [high, memberRole])).toHaveLength(2)
    expect(grantablePermissions(mod, ['kick_members', 'ban_members'])).toEqual(['kick_members'])
  })

  it('sorts roles highest first', () => {
    expect(sortRoles([memberRole, role('a', 5), modRole]).map((r) => r.priority)).toEqual([10, 5, 0])
  })
})
