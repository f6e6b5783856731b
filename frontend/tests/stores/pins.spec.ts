import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'

import { useMessagesStore } from '@/stores/messages'
import { usePinsStore } from '@/stores/pins'

import { bob, me, message, mid } from '../helpers/chat'
import { storeSession } from '../helpers/fixtures'
import { errorEnvelope, json } from '../helpers/http'
import { route, serveRoutes } from '../helpers/routes'

const pinned = (n: number, at: string) => message(n, { pinned_at: at, pinned_by: bob.id })
const ids = (list: { id: string }[]) => list.map((m) => m.id)

describe('pins store', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
  })

  it('lists the pins, newest pin first, and follows pin and unpin events', async () => {
    serveRoutes({
      'GET /api/v1/conversations/c1/pins': () =>
        json(200, { items: [pinned(1, '2024-06-02T10:00:00Z'), pinned(5, '2024-06-01T10:00:00Z')] }),
    })
    const pins = usePinsStore()
    await pins.load('c1')
    const list = pins.lists.c1!

    pins.applyPinned(pinned(3, '2024-06-03T10:00:00Z'))
    expect(ids(list.items)).toEqual([mid(3), mid(1), mid(5)])
    pins.applyUnpinned(message(1, { pinned_at: null, pinned_by: null }))
    expect(ids(list.items)).toEqual([mid(3), mid(5)])

    // An edit shows; a deleted message leaves the list.
    pins.applyChanged(message(5, { body: 'edited', edited_at: '2024-06-04T10:00:00Z' }))
    expect(list.items[1]!.body).toBe('edited')
    pins.applyChanged(message(5, { body: null, deleted_at: '2024-06-04T11:00:00Z' }))
    expect(ids(list.items)).toEqual([mid(3)])
  })

  it('pins and unpins through the API, marking the loaded message', async () => {
    const requests = serveRoutes({
      'GET /api/v1/conversations/c1/messages': () => json(200, { items: [message(1, { pinned_at: null, pinned_by: null })], next_before: null }),
      'GET /api/v1/conversations/c1/pins': () => json(200, { items: [] }),
      'PUT /api/v1/conversations/c1/pins/*': () => json(200, message(1, { pinned_at: '2024-06-02T10:00:00Z', pinned_by: me.id })),
      'DELETE /api/v1/conversations/c1/pins/*': () => json(204),
    })
    const messages = useMessagesStore()
    await messages.loadLatest('c1')
    const pins = usePinsStore()
    await pins.load('c1')

    await pins.pin('c1', mid(1))
    expect(messages.find('c1', mid(1))).toMatchObject({ pinned_at: '2024-06-02T10:00:00Z', pinned_by: me.id })
    expect(ids(pins.lists.c1!.items)).toEqual([mid(1)])

    await pins.unpin('c1', mid(1))
    expect(messages.find('c1', mid(1))).toMatchObject({ pinned_at: null, pinned_by: null })
    expect(pins.lists.c1!.items).toEqual([])
    expect(requests.map(route).slice(-2)).toEqual([
      `PUT /api/v1/conversations/c1/pins/${mid(1)}`,
      `DELETE /api/v1/conversations/c1/pins/${mid(1)}`,
    ])
  })

  it('passes a refusal on to the screen, in the words of its code', async () => {
    serveRoutes({ 'PUT /api/v1/conversations/c1/pins/*': () => errorEnvelope(400, 'too_many_pins', 'At most 50 pins.') })
    await expect(usePinsStore().pin('c1', mid(1))).rejects.toMatchObject({
      code: 'too_many_pins',
      message: 'This conversation has as many pinned messages as it may have. Unpin one first.',
    })
  })
})
