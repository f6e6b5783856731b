import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { h } from 'vue'
import { createMemoryHistory, createRouter } from 'vue-router'

import type { Message } from '@/api/types'
import {
  ALERTED_KEY,
  claimAcrossTabs,
  HIDDEN_DELAY_MS,
  SOUND_GAP_MS,
  useMessageAlerts,
  type DesktopNote,
} from '@/composables/useMessageAlerts'
import { SocketClient } from '@/realtime/socket'
import { useAuthStore } from '@/stores/auth'
import { useConversationsStore } from '@/stores/conversations'
import { usePushStore } from '@/stores/push'
import { useThreadsStore } from '@/stores/threads'
import type { PermissionState } from '@/stores/push'

import { bob, conversation, me, message, mid } from '../helpers/chat'
import { FakeWebSocket } from '../helpers/fakeSocket'
import { storeSession } from '../helpers/fixtures'

const T0 = Date.UTC(2024, 5, 1, 12, 0, 0)
let seq = 0

describe('useMessageAlerts', () => {
  let client: SocketClient
  let shown: boolean
  let permission: PermissionState
  let play: ReturnType<typeof vi.fn<() => void>>
  let notify: ReturnType<typeof vi.fn<(note: DesktopNote) => Promise<void>>>
  let claimed: string[]

  async function mountAlerts(openChat: string | null = null) {
    const pinia = createPinia()
    setActivePinia(pinia)
    const Empty = { render: () => null }
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/chats', name: 'chats', component: Empty },
        { path: '/chats/:id', name: 'chat', component: Empty },
      ],
    })
    await router.push(openChat ? `/chats/${openChat}` : '/chats')
    const conversations = useConversationsStore()
    conversations.upsert(conversation('dm'))
    conversations.upsert(conversation('team', { kind: 'group', peer: null, group: { id: 'g1', name: 'Team', kind: 'private', photo_url: null } }))
    const Shell = {
      setup() {
        useMessageAlerts({
          client,
          play,
          notify,
          visible: () => shown,
          permission: () => permission,
          claim: async (id) => {
            claimed.push(id)
            return true
          },
        })
        return () => h('div')
      },
    }
    const wrapper = mount(Shell, { global: { plugins: [pinia, router] } })
    client.connect()
    FakeWebSocket.last.accept()
    return { wrapper, conversations, router }
  }

  function arrives(over: Partial<Message>): void {
    seq++
    const m = message(100 + seq, { conversation_id: 'dm', ...over })
    FakeWebSocket.last.serverSend({ op: 'event', id: `${seq}-0`, type: 'message.created', data: m })
  }

  beforeEach(() => {
    localStorage.clear()
    storeSession()
    FakeWebSocket.reset()
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
    vi.setSystemTime(T0)
    client = new SocketClient({ url: 'ws://test/ws', WebSocket: FakeWebSocket, auth: { getToken: () => 't1', refresh: async () => true } })
    shown = true
    permission = 'granted'
    play = vi.fn<() => void>()
    notify = vi.fn(async () => {})
    claimed = []
  })
  afterEach(() => {
    client.disconnect()
    vi.useRealTimers()
  })

  it('chimes for a message in another chat, not for the one on screen, nor for my own', async () => {
    await mountAlerts('team')
    arrives({})
    await flushPromises()
    expect(play).toHaveBeenCalledTimes(1)

    vi.advanceTimersByTime(SOUND_GAP_MS)
    arrives({ conversation_id: 'team' })
    arrives({ author_id: me.id })
    await flushPromises()
    expect(play).toHaveBeenCalledTimes(1)
    expect(notify).not.toHaveBeenCalled()
  })

  it('a thread’s reply alerts only who follows the thread, and its notification opens the thread at it', async () => {
    await mountAlerts()
    const threads = useThreadsStore()
    shown = false
    arrives({ thread_id: mid(1) })
    await flushPromises()
    expect(play).not.toHaveBeenCalled()
    expect(claimed).toEqual([])

    threads.states[mid(1)] = { conversationId: 'dm', following: true, lastReadId: null, unread: 0 }
    arrives({ thread_id: mid(1), author_id: bob.id })
    await flushPromises()
    expect(play).toHaveBeenCalledTimes(1)
    expect(notify.mock.calls[0]![0].url).toBe(`/chats/dm?thread=${mid(1)}&message=${mid(100 + seq)}`)
  })

  it('one chime for a burst (a resume delivering what was missed)', async () => {
    await mountAlerts()
    for (let i = 0; i < 5; i++) arrives({})
    await flushPromises()
    expect(play).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(SOUND_GAP_MS)
    arrives({})
    await flushPromises()
    expect(play).toHaveBeenCalledTimes(2)
  })

  it('a muted chat stays silent; at “Mentions only” a mention chimes and a message does not', async () => {
    const { conversations } = await mountAlerts()
    conversations.byId.dm!.notifications = { user_id: me.id, conversation_id: 'dm', level: 'all', muted: true, muted_until: new Date(T0 + 3_600_000).toISOString() }
    arrives({})
    arrives({ body: `hey @${me.username}` })
    await flushPromises()
    expect(play).not.toHaveBeenCalled()

    conversations.byId.dm!.notifications = { user_id: me.id, conversation_id: 'dm', level: 'mentions', muted: false, muted_until: null }
    arrives({ body: 'just chatting' })
    await flushPromises()
    expect(play).not.toHaveBeenCalled()
    arrives({ body: `hey @${me.username}` })
    await flushPromises()
    expect(play).toHaveBeenCalledTimes(1)
  })

  it('silent during do not disturb and with the sound switch off', async () => {
    await mountAlerts()
    const auth = useAuthStore()
    auth.user = { ...auth.user!, do_not_disturb: { until: null, quiet_hours: { start: '11:00', end: '13:00', time_zone: 'UTC' } } }
    arrives({})
    await flushPromises()
    expect(play).not.toHaveBeenCalled()

    auth.user = { ...auth.user, do_not_disturb: { until: null, quiet_hours: null } }
    usePushStore().setSound(false)
    arrives({})
    await flushPromises()
    expect(play).not.toHaveBeenCalled()
    expect(claimed).toEqual([])
  })

  it('a hidden tab without push shows a desktop notification, worded as a push, and chimes', async () => {
    await mountAlerts()
    shown = false
    arrives({ conversation_id: 'team', author_id: bob.id, body: 'lunch?' })
    await flushPromises()
    expect(play).toHaveBeenCalledTimes(1)
    expect(notify).toHaveBeenCalledWith({
      title: '\u2068Bob\u2069 in \u2068Team\u2069',
      body: 'New message',
      tag: 'conversation:team',
      url: expect.stringMatching(/^\/chats\/team\?message=/),
    })

    // With previews on, the words are shown.
    const auth = useAuthStore()
    auth.user = { ...auth.user!, push_previews: true }
    arrives({ body: 'pizza at **noon**' })
    await flushPromises()
    expect(notify.mock.calls[1]![0]).toMatchObject({ title: 'Bob', body: 'pizza at noon', tag: 'conversation:dm' })
  })

  it('a hidden tab leaves it to the push when this device gets pushes, and shows nothing without permission', async () => {
    await mountAlerts()
    shown = false
    usePushStore().subscribed = true
    arrives({})
    await flushPromises()
    expect(play).not.toHaveBeenCalled()
    expect(notify).not.toHaveBeenCalled()

    usePushStore().subscribed = false
    permission = 'default'
    arrives({})
    await flushPromises()
    expect(play).toHaveBeenCalledTimes(1)
    expect(notify).not.toHaveBeenCalled()
  })
})

describe('claimAcrossTabs', () => {
  beforeEach(() => {
    localStorage.clear()
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  })
  afterEach(() => vi.useRealTimers())

  it('lets one tab of the browser alert per message; a hidden tab waits for a shown one', async () => {
    expect(await claimAcrossTabs('m1', true)).toBe(true)
    expect(await claimAcrossTabs('m1', true)).toBe(false)

    const hidden = claimAcrossTabs('m2', false)
    // A shown tab gets there first while the hidden one waits.
    expect(await claimAcrossTabs('m2', true)).toBe(true)
    vi.advanceTimersByTime(HIDDEN_DELAY_MS)
    expect(await hidden).toBe(false)
    expect(JSON.parse(localStorage.getItem(ALERTED_KEY)!)).toEqual(['m1', 'm2'])
  })
})
