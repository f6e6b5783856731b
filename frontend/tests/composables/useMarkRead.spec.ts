import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'

import { useMarkRead } from '@/composables/useMarkRead'
import { useConversationsStore } from '@/stores/conversations'

import { conversation, message, mid } from '../helpers/chat'
import { storeSession } from '../helpers/fixtures'
import { flush, json } from '../helpers/http'
import { route, serveRoutes } from '../helpers/routes'

function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state })
  document.dispatchEvent(new Event('visibilitychange'))
}

describe('useMarkRead', () => {
  let scope: ReturnType<typeof effectScope>

  beforeEach(() => {
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
    setVisibility('visible')
    scope = effectScope()
  })
  afterEach(() => {
    scope.stop()
    setVisibility('visible')
  })

  function setup(connected = true) {
    const conversations = useConversationsStore()
    conversations.upsert(conversation('c1', { last_message: message(2), unread_count: 2, last_read_message_id: null }))
    const client = { send: vi.fn(() => connected) }
    const newest = ref<string | null>(mid(2))
    const inView = ref(true)
    scope.run(() => useMarkRead('c1', newest, inView, client))
    return { conversations, client, newest, inView }
  }

  it('marks the newest message read over the socket when the chat is seen', () => {
    const { conversations, client } = setup()
    expect(client.send).toHaveBeenCalledWith({ op: 'read', conversation_id: 'c1', message_id: mid(2) })
    expect(conversations.byId.c1!.unread_count).toBe(0)
    expect(conversations.byId.c1!.last_read_message_id).toBe(mid(2))
  })

  it('waits while the newest message is out of view or the tab hidden, and marks once', async () => {
    setVisibility('hidden')
    const { client, inView, newest, conversations } = setup()
    expect(client.send).not.toHaveBeenCalled()

    setVisibility('visible')
    inView.value = false
    await nextTick()
    expect(client.send).not.toHaveBeenCalled()

    inView.value = true
    await nextTick()
    expect(client.send).toHaveBeenCalledTimes(1)

    // A new message while watching: marked too; an old one again: not.
    conversations.applyMessageCreated(message(3))
    newest.value = mid(3)
    await nextTick()
    newest.value = mid(2)
    await nextTick()
    expect(client.send).toHaveBeenCalledTimes(2)
    expect(client.send).toHaveBeenLastCalledWith({ op: 'read', conversation_id: 'c1', message_id: mid(3) })
  })

  it('falls back to the REST route when the socket is down', async () => {
    const requests = serveRoutes({ 'POST /api/v1/conversations/c1/read': () => json(204) })
    setup(false)
    await flush()
    expect(requests.map(route)).toEqual(['POST /api/v1/conversations/c1/read'])
    expect(requests[0]!.body).toEqual({ message_id: mid(2) })
  })
})
