import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'

import { PAGE_SIZE, useMessagesStore } from '@/stores/messages'

import { message, mid } from '../helpers/chat'
import { storeSession } from '../helpers/fixtures'
import { historyRoute } from '../helpers/history'
import { deferred, json } from '../helpers/http'
import { route, serveRoutes } from '../helpers/routes'

const ids = (list: { id: string }[]) => list.map((m) => m.id)
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => mid(from + i))

describe('messages store: a window around a message (jump-to)', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
  })

  it('loads a message with its neighbours, then newer pages until it catches up', async () => {
    const requests = serveRoutes({ 'GET /api/v1/conversations/c1/messages': historyRoute(200) })
    const messages = useMessagesStore()

    await messages.loadAround('c1', mid(100))
    const h = messages.histories.c1!
    expect(ids(h.items)).toEqual(range(76, 125))
    expect(h.nextBefore).toBe(mid(76))
    expect(h.nextAfter).toBe(mid(125))

    await messages.loadNewer('c1')
    expect(h.items).toHaveLength(100)
    expect(h.nextAfter).toBe(mid(175))
    await messages.loadNewer('c1')
    expect(ids(h.items).at(-1)).toBe(mid(200))
    expect(h.nextAfter).toBeNull()
    await messages.loadNewer('c1') // caught up: nothing to ask
    expect(requests.map(route)).toEqual([
      `GET /api/v1/conversations/c1/messages?around=${mid(100)}&limit=${PAGE_SIZE}`,
      `GET /api/v1/conversations/c1/messages?after=${mid(125)}&limit=${PAGE_SIZE}`,
      `GET /api/v1/conversations/c1/messages?after=${mid(175)}&limit=${PAGE_SIZE}`,
    ])
  })

  it('does not ask again for a message already loaded', async () => {
    const requests = serveRoutes({ 'GET /api/v1/conversations/c1/messages': historyRoute(10) })
    const messages = useMessagesStore()
    await messages.loadLatest('c1')
    await messages.loadAround('c1', mid(3))
    expect(requests).toHaveLength(1)
  })

  it('keeps live messages past a window that has not caught up, and puts them in place when it has', async () => {
    let total = 120
    serveRoutes({ 'GET /api/v1/conversations/c1/messages': historyRoute(() => total) })
    const messages = useMessagesStore()
    await messages.loadAround('c1', mid(50))
    const h = messages.histories.c1!

    total = 121
    messages.applyCreated(message(121))
    // Not after message 75: that would leave a gap.
    expect(ids(h.items).at(-1)).toBe(mid(75))

    await messages.loadNewer('c1')
    total = 122 // arrives live while the last page is on its way (the page misses it)
    messages.applyCreated(message(122))
    await messages.loadNewer('c1')
    expect(h.nextAfter).toBeNull()
    expect(ids(h.items).slice(-3)).toEqual([mid(120), mid(121), mid(122)])

    // Caught up: live messages join at once.
    messages.applyCreated(message(123))
    expect(ids(h.items).at(-1)).toBe(mid(123))
  })

  it('the newest page replaces a window that does not reach it', async () => {
    serveRoutes({ 'GET /api/v1/conversations/c1/messages': historyRoute(200) })
    const messages = useMessagesStore()
    await messages.loadAround('c1', mid(20))
    await messages.loadLatest('c1', { force: true })
    const h = messages.histories.c1!
    expect(ids(h.items)).toEqual(range(151, 200))
    expect(h.nextAfter).toBeNull()
  })

  it('a jump made while the newest page loads wins, whichever answers last', async () => {
    const latest = deferred<Response>()
    const serve = historyRoute(200)
    serveRoutes({
      'GET /api/v1/conversations/c1/messages': (req) => (req.url.includes('around') ? serve(req) : latest.promise),
    })
    const messages = useMessagesStore()
    const opening = messages.loadLatest('c1')
    await messages.loadAround('c1', mid(20))
    latest.resolve(serve({ url: '/api/v1/conversations/c1/messages?limit=50' }))
    await opening
    const h = messages.histories.c1!
    expect(ids(h.items)).toContain(mid(20))
    expect(h.loading).toBe(false)
  })

  it('rejects when the message cannot be loaded, leaving the history as it was', async () => {
    serveRoutes({ 'GET /api/v1/conversations/c1/messages': historyRoute(3) })
    const messages = useMessagesStore()
    await messages.loadLatest('c1')
    await expect(messages.loadAround('c1', mid(99))).rejects.toMatchObject({ status: 404 })
    expect(ids(messages.histories.c1!.items)).toEqual(range(1, 3))
  })

  it('merging an event keeps the reactions held; the pin state is the newest copy’s', async () => {
    serveRoutes({
      'GET /api/v1/conversations/c1/messages': () =>
        json(200, {
          items: [message(1, { reactions: [{ emoji: '👍', count: 2, me: true }], pinned_at: null, pinned_by: null })],
          next_before: null,
        }),
    })
    const messages = useMessagesStore()
    await messages.loadLatest('c1')

    messages.applyChanged(message(1, { body: 'edited', edited_at: '2024-06-01T13:00:00Z', pinned_at: '2024-06-01T13:01:00Z', pinned_by: 'u' }))
    expect(messages.find('c1', mid(1))).toMatchObject({
      body: 'edited',
      pinned_at: '2024-06-01T13:01:00Z',
      reactions: [{ emoji: '👍', count: 2, me: true }],
    })
    // A copy with reactions (a reload) brings its own.
    messages.applyChanged(message(1, { body: 'edited', edited_at: '2024-06-01T13:00:00Z', reactions: [] }))
    expect(messages.find('c1', mid(1))?.reactions).toEqual([])
  })
})
