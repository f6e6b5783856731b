import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'

import { useFriendsStore } from '@/stores/friends'
import { usePresenceStore } from '@/stores/presence'

import { bob, carol, friend, me, person, request } from '../helpers/chat'
import { storeSession } from '../helpers/fixtures'
import { errorEnvelope, flush, json } from '../helpers/http'
import { route, serveRoutes } from '../helpers/routes'

const dave = person('0b8f2c1e-0000-4000-8000-000000000004', 'dave', 'Dave')

function serveLists() {
  return serveRoutes({
    'GET /api/v1/friends': () => json(200, { items: [friend(carol), friend(bob, 'online')] }),
    'GET /api/v1/friends/requests': () =>
      json(200, { incoming: [request('r-in', dave, me)], outgoing: [request('r-out', me, person('e', 'eve'))] }),
    'GET /api/v1/blocks': () => json(200, { items: [] }),
  })
}

describe('friends store', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
  })

  it('loads friends (by username), requests both ways, and seeds presence', async () => {
    serveLists()
    const friends = useFriendsStore()
    await friends.load()

    expect(friends.loaded).toBe(true)
    expect(friends.friends.map((f) => f.user.username)).toEqual(['bob', 'carol'])
    expect(friends.incoming.map((r) => r.id)).toEqual(['r-in'])
    expect(friends.outgoing.map((r) => r.id)).toEqual(['r-out'])
    expect(friends.pendingCount).toBe(1)
    expect(usePresenceStore().of(bob.id)?.status).toBe('online')
    expect(friends.relationshipOf(bob.id)).toBe('friend')
    expect(friends.relationshipOf(dave.id)).toBe('incoming_request')
    expect(friends.relationshipOf('e')).toBe('outgoing_request')
    expect(friends.relationshipOf('x')).toBe('none')
  })

  it('says why loading failed', async () => {
    serveRoutes({ 'GET /api/v1/friends': () => errorEnvelope(500, 'internal', 'Server trouble.') })
    const friends = useFriendsStore()
    await friends.load()
    expect(friends.loaded).toBe(false)
    expect(friends.error).toBe('Server trouble.')
  })

  it('files a created request by direction, once', () => {
    const friends = useFriendsStore()
    friends.applyRequest(request('r1', dave, me))
    friends.applyRequest(request('r1', dave, me))
    friends.applyRequest(request('r2', me, carol))
    expect(friends.incoming.map((r) => r.id)).toEqual(['r1'])
    expect(friends.outgoing.map((r) => r.id)).toEqual(['r2'])
  })

  it('drops a declined or cancelled request', () => {
    const friends = useFriendsStore()
    friends.applyRequest(request('r1', dave, me))
    friends.applyRequest(request('r2', me, carol))
    friends.applyRequest(request('r1', dave, me, 'cancelled'))
    friends.applyRequest(request('r2', me, carol, 'declined'))
    expect(friends.incoming).toEqual([])
    expect(friends.outgoing).toEqual([])
  })

  it('turns an accepted request into a friend and asks for their presence', async () => {
    const requests = serveRoutes({
      'GET /api/v1/friends': () => json(200, { items: [friend(carol, 'away')] }),
    })
    const friends = useFriendsStore()
    friends.applyRequest(request('r2', me, carol))

    friends.applyRequest(request('r2', me, carol, 'accepted'))
    friends.applyRequest(request('r2', me, carol, 'accepted'))

    expect(friends.outgoing).toEqual([])
    expect(friends.friends.map((f) => f.user.id)).toEqual([carol.id])
    await flush()
    expect(requests.map(route)).toEqual(['GET /api/v1/friends'])
    expect(usePresenceStore().of(carol.id)?.status).toBe('away')
  })

  it('removes the friend named in friend.removed, not me', () => {
    const friends = useFriendsStore()
    friends.friends = [friend(bob), friend(carol)]
    friends.applyFriendRemoved({ user_ids: [me.id, bob.id] })
    expect(friends.friends.map((f) => f.user.id)).toEqual([carol.id])
  })

  it('sends a request by user id and files the reply', async () => {
    const requests = serveRoutes({
      'POST /api/v1/friends/requests': () => json(201, request('r9', me, dave)),
    })
    const friends = useFriendsStore()
    await friends.sendRequest(dave)
    expect(requests[0]!.body).toEqual({ user_id: dave.id })
    expect(friends.relationshipOf(dave.id)).toBe('outgoing_request')
  })

  it('sending to someone who already asked makes us friends', async () => {
    serveRoutes({
      'POST /api/v1/friends/requests': () => json(201, request('r-in', dave, me, 'accepted')),
      'GET /api/v1/friends': () => json(200, { items: [friend(dave, 'online')] }),
    })
    const friends = useFriendsStore()
    friends.applyRequest(request('r-in', dave, me))
    await friends.sendRequest(dave)
    expect(friends.incoming).toEqual([])
    expect(friends.relationshipOf(dave.id)).toBe('friend')
  })

  it('accepts, declines and cancels through the API', async () => {
    const requests = serveRoutes({
      'POST /api/v1/friends/requests/*/accept': () => json(200, request('r1', dave, me, 'accepted')),
      'POST /api/v1/friends/requests/*/decline': () => json(204),
      'DELETE /api/v1/friends/requests/*': () => json(204),
      'GET /api/v1/friends': () => json(200, { items: [friend(dave)] }),
    })
    const friends = useFriendsStore()
    friends.applyRequest(request('r1', dave, me))
    friends.applyRequest(request('r2', bob, me))
    friends.applyRequest(request('r3', me, carol))

    await friends.accept('r1')
    await friends.decline('r2')
    await friends.cancel('r3')

    expect(requests.map(route).slice(0, 1)).toEqual(['POST /api/v1/friends/requests/r1/accept'])
    expect(requests.map(route)).toContain('POST /api/v1/friends/requests/r2/decline')
    expect(requests.map(route)).toContain('DELETE /api/v1/friends/requests/r3')
    expect(friends.incoming).toEqual([])
    expect(friends.outgoing).toEqual([])
    expect(friends.isFriend(dave.id)).toBe(true)
  })

  it('keeps the request when the server refuses to decline it', async () => {
    serveRoutes({ 'POST /api/v1/friends/requests/*/decline': () => errorEnvelope(404, 'not_found', 'Gone.') })
    const friends = useFriendsStore()
    friends.applyRequest(request('r2', bob, me))
    await expect(friends.decline('r2')).rejects.toMatchObject({ code: 'not_found' })
    expect(friends.incoming.map((r) => r.id)).toEqual(['r2'])
  })

  it('unfriends, blocks (ending friendship and requests) and unblocks', async () => {
    const requests = serveRoutes({
      'DELETE /api/v1/friends/*': () => json(204),
      'PUT /api/v1/blocks/*': () => json(204),
      'DELETE /api/v1/blocks/*': () => json(204),
    })
    const friends = useFriendsStore()
    friends.friends = [friend(bob), friend(carol)]
    friends.applyRequest(request('r1', dave, me))

    await friends.unfriend(bob.id)
    expect(friends.isFriend(bob.id)).toBe(false)

    await friends.block(carol)
    await friends.block(dave)
    expect(friends.friends).toEqual([])
    expect(friends.incoming).toEqual([])
    expect(friends.blocked.map((u) => u.username)).toEqual(['carol', 'dave'])

    await friends.unblock(carol.id)
    expect(friends.blocked.map((u) => u.username)).toEqual(['dave'])
    expect(requests.map(route)).toEqual([
      `DELETE /api/v1/friends/${bob.id}`,
      `PUT /api/v1/blocks/${carol.id}`,
      `PUT /api/v1/blocks/${dave.id}`,
      `DELETE /api/v1/blocks/${carol.id}`,
    ])
  })
})
