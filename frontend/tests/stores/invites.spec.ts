import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'

import type { Invite } from '@/api/types'
import { useConversationsStore } from '@/stores/conversations'
import { useGroupsStore } from '@/stores/groups'
import { useInvitesStore } from '@/stores/invites'

import { bob, conversation, me } from '../helpers/chat'
import { storeSession } from '../helpers/fixtures'
import { group } from '../helpers/groups'
import { json } from '../helpers/http'
import { route, serveRoutes } from '../helpers/routes'

function invite(id: string, over: Partial<Invite> = {}): Invite {
  return { id, group: group(), inviter: bob, invitee: me, created_at: '2024-06-01T00:00:00Z', ...over }
}

describe('invitations store', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
  })

  it('loads, accepts (joining the group) and declines', async () => {
    const requests = serveRoutes({
      'GET /api/v1/invites': () => json(200, { items: [invite('i1'), invite('i2')] }),
      'POST /api/v1/invites/i1/accept': () => json(200, group()),
      'POST /api/v1/invites/i2/decline': () => json(204),
      'GET /api/v1/conversations/gc1': () => json(200, conversation('gc1', { kind: 'group', peer: null })),
    })
    const invites = useInvitesStore()
    await invites.load()
    expect(invites.count).toBe(2)
    expect(await invites.accept('i1')).toBe('gc1')
    expect(useGroupsStore().byId.g1).toBeDefined()
    expect(useConversationsStore().byId.gc1).toBeDefined()
    await invites.decline('i2')
    expect(invites.items).toEqual([])
    expect(requests.map(route)).toContain('POST /api/v1/invites/i2/decline')
  })

  it('keeps only invitations addressed to me from events', () => {
    const invites = useInvitesStore()
    invites.applyCreated(invite('i1', { inviter: me, invitee: bob }))
    invites.applyCreated(invite('i2'))
    invites.applyCreated(invite('i2'))
    expect(invites.items.map((i) => i.id)).toEqual(['i2'])
    invites.applyDeclined({ id: 'i2', group_id: 'g1', inviter_id: bob.id, invitee_id: me.id })
    expect(invites.items).toEqual([])
  })

  it('forgets the invitations of a group once I joined it', () => {
    const invites = useInvitesStore()
    invites.applyCreated(invite('i1'))
    invites.applyJoinedGroup('g1')
    expect(invites.items).toEqual([])
  })
})
