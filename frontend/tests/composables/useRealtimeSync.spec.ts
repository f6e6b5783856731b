import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { effectScope } from 'vue'

import { useRealtimeSync } from '@/composables/useRealtimeSync'
import { SocketClient } from '@/realtime/socket'
import { useConversationsStore } from '@/stores/conversations'
import { useNotificationsStore } from '@/stores/notifications'

import { conversation, notification } from '../helpers/chat'
import { FakeWebSocket } from '../helpers/fakeSocket'
import { storeSession } from '../helpers/fixtures'
import { flush, json } from '../helpers/http'
import { serveRoutes } from '../helpers/routes'

describe('useRealtimeSync', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
    FakeWebSocket.reset()
  })

  it('loads state, applies events, and forgets everything when its owner goes', async () => {
    serveRoutes({
      'GET /api/v1/conversations': () => json(200, { items: [conversation('c1')] }),
      'GET /api/v1/friends': () => json(200, { items: [] }),
      'GET /api/v1/friends/requests': () => json(200, { incoming: [], outgoing: [] }),
      'GET /api/v1/blocks': () => json(200, { items: [] }),
      'GET /api/v1/notifications': () => json(200, { items: [], next_before: null, unread_count: 0 }),
    })
    const client = new SocketClient({ url: 'ws://t/ws', WebSocket: FakeWebSocket, auth: { getToken: () => 't', refresh: async () => true } })
    const scope = effectScope()
    scope.run(() => useRealtimeSync(client))
    await flush()
    expect(useConversationsStore().list.map((c) => c.id)).toEqual(['c1'])

    client.connect()
    FakeWebSocket.last.accept()
    FakeWebSocket.last.serverSend({ op: 'event', id: '1-0', type: 'notification.created', data: notification(1) })
    expect(useNotificationsStore().unreadCount).toBe(1)

    scope.stop()
    expect(useConversationsStore().list).toEqual([])
    expect(useNotificationsStore().unreadCount).toBe(0)
    FakeWebSocket.last.serverSend({ op: 'event', id: '2-0', type: 'notification.created', data: notification(2) })
    expect(useNotificationsStore().unreadCount).toBe(0)
    client.disconnect()
  })
})
