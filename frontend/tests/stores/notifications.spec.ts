import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'

import { useNotificationsStore } from '@/stores/notifications'

import { mid, notification } from '../helpers/chat'
import { errorEnvelope, json } from '../helpers/http'
import { route, serveRoutes } from '../helpers/routes'

describe('notifications store', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('loads a page with the unread count, and older pages after', async () => {
    const requests = serveRoutes({
      'GET /api/v1/notifications': (req) =>
        req.url.includes('before=')
          ? json(200, { items: [notification(1), notification(2)], next_before: null, unread_count: 3 })
          : json(200, { items: [notification(3), notification(2)], next_before: mid(2), unread_count: 3 }),
    })
    const store = useNotificationsStore()
    await store.load()
    expect(store.unreadCount).toBe(3)
    expect(store.nextBefore).toBe(mid(2))

    await store.loadMore()
    expect(store.items.map((n) => n.id)).toEqual([mid(3), mid(2), mid(1)])
    expect(store.nextBefore).toBeNull()
    await store.loadMore()
    expect(requests.map(route)).toEqual([
      'GET /api/v1/notifications?limit=30',
      `GET /api/v1/notifications?before=${mid(2)}&limit=30`,
    ])
  })

  it('adds live notifications on top, once, counting them unread', () => {
    const store = useNotificationsStore()
    store.applyCreated(notification(1))
    store.applyCreated(notification(2))
    store.applyCreated(notification(2))
    expect(store.items.map((n) => n.id)).toEqual([mid(2), mid(1)])
    expect(store.unreadCount).toBe(2)
  })

  it('marks one read at once, and restores it if the server refuses', async () => {
    let ok = true
    const requests = serveRoutes({
      'POST /api/v1/notifications/*/read': () => (ok ? json(204) : errorEnvelope(404, 'not_found', 'Gone.')),
    })
    const store = useNotificationsStore()
    store.applyCreated(notification(1))
    store.applyCreated(notification(2))

    await store.markRead(mid(1))
    await store.markRead(mid(1)) // already read: no request
    expect(store.items.find((n) => n.id === mid(1))?.read_at).toBeTruthy()
    expect(store.unreadCount).toBe(1)

    ok = false
    await expect(store.markRead(mid(2))).rejects.toMatchObject({ code: 'not_found' })
    expect(store.items.find((n) => n.id === mid(2))?.read_at).toBeNull()
    expect(store.unreadCount).toBe(1)
    expect(requests).toHaveLength(2)
  })

  it('marks all read', async () => {
    const requests = serveRoutes({ 'POST /api/v1/notifications/read-all': () => json(204) })
    const store = useNotificationsStore()
    store.applyCreated(notification(1))
    store.applyCreated(notification(2, { read_at: '2024-06-01T12:00:00Z' }))
    await store.markAllRead()
    expect(store.unreadCount).toBe(0)
    expect(store.items.every((n) => n.read_at)).toBe(true)
    expect(store.items[0]!.read_at).toBe('2024-06-01T12:00:00Z')
    expect(route(requests[0]!)).toBe('POST /api/v1/notifications/read-all')
  })
})
