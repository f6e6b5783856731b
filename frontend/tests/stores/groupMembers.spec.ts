import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'

import { useGroupMembersStore } from '@/stores/groupMembers'
import { useUsersStore } from '@/stores/users'

import { bob, carol, me } from '../helpers/chat'
import { storeSession } from '../helpers/fixtures'
import { member, memberRole, modRole } from '../helpers/groups'
import { flush, json } from '../helpers/http'
import { route, serveRoutes } from '../helpers/routes'

describe('group members store', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
  })

  it('pages the member list with `after` and remembers the profiles', async () => {
    const requests = serveRoutes({
      'GET /api/v1/groups/g1/members': (req) =>
        req.url.includes('after=')
          ? json(200, { items: [member(carol)], next_after: null })
          : json(200, { items: [member(me), member(bob)], next_after: bob.id }),
    })
    const store = useGroupMembersStore()
    await store.load('g1')
    await store.loadMore('g1')
    expect(store.members.g1?.items.map((m) => m.user.id)).toEqual([me.id, bob.id, carol.id])
    expect(requests.map(route)).toEqual([
      'GET /api/v1/groups/g1/members?limit=50',
      `GET /api/v1/groups/g1/members?after=${bob.id}&limit=50`,
    ])
    expect(useUsersStore().get(carol.id)?.username).toBe('carol')
  })

  it('follows joins, role changes, removals and deleted roles', async () => {
    serveRoutes({ 'GET /api/v1/groups/g1/members': () => json(200, { items: [member(me)], next_after: null }) })
    const store = useGroupMembersStore()
    await store.load('g1')
    store.applyJoined(member(bob))
    store.applyUpdated(member(bob, { role_id: modRole.id }))
    expect(store.members.g1?.items.find((m) => m.user.id === bob.id)?.role_id).toBe(modRole.id)
    store.applyRoleDeleted({ group_id: 'g1', role_id: modRole.id, moved_to: memberRole.id })
    expect(store.members.g1?.items.find((m) => m.user.id === bob.id)?.role_id).toBe(memberRole.id)
    store.applyLeft({ group_id: 'g1', user_id: bob.id })
    expect(store.members.g1?.items.map((m) => m.user.id)).toEqual([me.id])
  })

  it('reloads the members when a deleted role names no role its holders moved to', async () => {
    const requests = serveRoutes({
      'GET /api/v1/groups/g1/members': () => json(200, { items: [member(me), member(bob, { role_id: modRole.id })], next_after: null }),
    })
    const store = useGroupMembersStore()
    await store.load('g1')
    store.applyRoleDeleted({ group_id: 'g1', role_id: modRole.id, moved_to: null })
    await flush()
    expect(requests.map(route)).toEqual(['GET /api/v1/groups/g1/members?limit=50', 'GET /api/v1/groups/g1/members?limit=50'])
  })

  it('kicks, bans and unbans through the API, reloading a shown ban list', async () => {
    const requests = serveRoutes({
      'GET /api/v1/groups/g1/members': () => json(200, { items: [member(me), member(bob)], next_after: null }),
      'DELETE /api/v1/groups/g1/members/*': () => json(204),
      'PUT /api/v1/groups/g1/bans/*': () => json(204),
      'DELETE /api/v1/groups/g1/bans/*': () => json(204),
      'GET /api/v1/groups/g1/bans': () => json(200, { items: [{ user: carol, banned_by: me.id, created_at: '2024-06-01T00:00:00Z' }] }),
      'PUT /api/v1/groups/g1/members/*/role': () => json(200, member(bob, { role_id: modRole.id })),
      'DELETE /api/v1/groups/g1/members/*/role': () => json(200, member(bob)),
    })
    const store = useGroupMembersStore()
    await store.load('g1')
    await store.loadBans('g1')
    await store.setRole('g1', bob.id, modRole.id)
    expect(store.members.g1?.items[1]?.role_id).toBe(modRole.id)
    await store.resetRole('g1', bob.id)
    expect(store.members.g1?.items[1]?.role_id).toBe(memberRole.id)
    await store.ban('g1', bob.id)
    await flush()
    expect(store.members.g1?.items.map((m) => m.user.id)).toEqual([me.id])
    await store.unban('g1', carol.id)
    expect(store.bans.g1?.items).toEqual([])
    await store.kick('g1', me.id)
    expect(requests.map(route)).toEqual([
      'GET /api/v1/groups/g1/members?limit=50',
      'GET /api/v1/groups/g1/bans',
      `PUT /api/v1/groups/g1/members/${bob.id}/role`,
      `DELETE /api/v1/groups/g1/members/${bob.id}/role`,
      `PUT /api/v1/groups/g1/bans/${bob.id}`,
      'GET /api/v1/groups/g1/bans',
      `DELETE /api/v1/groups/g1/bans/${carol.id}`,
      `DELETE /api/v1/groups/g1/members/${me.id}`,
    ])
  })

  it('shows an error and forgets a group', async () => {
    serveRoutes({})
    const store = useGroupMembersStore()
    await store.load('g1')
    expect(store.members.g1?.error).toBe('That is not there any more, or you cannot see it.')
    store.forget('g1')
    expect(store.members.g1).toBeUndefined()
  })
})
