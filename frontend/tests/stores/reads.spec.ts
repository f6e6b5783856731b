import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'

import { useReadsStore } from '@/stores/reads'

import { bob, carol, me, mid } from '../helpers/chat'
import { deferred, json } from '../helpers/http'
import { route, serveRoutes } from '../helpers/routes'

describe('read markers store', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('counts the members past a message, the author aside', async () => {
    const requests = serveRoutes({
      'GET /api/v1/conversations/gc1/reads': () =>
        json(200, {
          items: [
            { user_id: me.id, last_read_message_id: mid(5) },
            { user_id: bob.id, last_read_message_id: mid(3) },
            { user_id: carol.id, last_read_message_id: null },
          ],
        }),
    })
    const reads = useReadsStore()
    await reads.load('gc1')
    await reads.load('gc1')
    expect(requests.map(route)).toEqual(['GET /api/v1/conversations/gc1/reads'])
    expect(reads.seenBy('gc1', mid(3), me.id)).toBe(1)
    expect(reads.seenBy('gc1', mid(4), me.id)).toBe(0)
    reads.apply({ conversation_id: 'gc1', user_id: carol.id, last_read_message_id: mid(9) })
    expect(reads.seenBy('gc1', mid(4), me.id)).toBe(1)
    // Markers only move forward.
    reads.apply({ conversation_id: 'gc1', user_id: carol.id, last_read_message_id: mid(1) })
    expect(reads.seenBy('gc1', mid(4), me.id)).toBe(1)
    expect(reads.seenBy('other', mid(1), me.id)).toBe(0)
  })

  it('keeps an event newer than the answer that was in flight', async () => {
    const reply = deferred<Response>()
    serveRoutes({ 'GET /api/v1/conversations/gc1/reads': () => reply.promise })
    const reads = useReadsStore()
    const loading = reads.load('gc1')
    reads.markers.gc1 = {}
    reads.apply({ conversation_id: 'gc1', user_id: bob.id, last_read_message_id: mid(7) })
    reply.resolve(json(200, { items: [{ user_id: bob.id, last_read_message_id: mid(2) }] }))
    await loading
    expect(reads.markers.gc1?.[bob.id]).toBe(mid(7))
    reads.forget('gc1')
    expect(reads.markers.gc1).toBeUndefined()
  })
})
