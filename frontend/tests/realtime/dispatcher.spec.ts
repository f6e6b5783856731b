import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { nextTick } from 'vue'

import { startRealtimeSync, type RealtimeSync } from '@/realtime/dispatcher'
import { SocketClient } from '@/realtime/socket'
import { useConversationsStore } from '@/stores/conversations'
import { useDraftsStore } from '@/stores/drafts'
import { useFriendsStore } from '@/stores/friends'
import { useMessagesStore } from '@/stores/messages'
import { useNotificationsStore } from '@/stores/notifications'
import { useNotifySettingsStore } from '@/stores/notifySettings'
import { usePresenceStore } from '@/stores/presence'
import { useThreadsStore } from '@/stores/threads'
import { useTypingStore } from '@/stores/typing'

import { bob, carol, conversation, friend, me, message, mid, notification, request } from '../helpers/chat'
import { FakeWebSocket } from '../helpers/fakeSocket'
import { storeSession } from '../helpers/fixtures'
import { flush, json } from '../helpers/http'
import { route, serveRoutes } from '../helpers/routes'

let seq = 0
const event = (type: string, data: unknown, id: string | null = `${++seq}-0`) => ({
  op: 'event',
  ...(id ? { id } : {}),
  type,
  data,
})

function serveState() {
  return serveRoutes({
    'GET /api/v1/conversations': () => json(200, { items: [conversation('c1', { last_message: message(1), last_read_message_id: mid(1) })] }),
    'GET /api/v1/conversations/c1/messages': () => json(200, { items: [message(1)], next_before: null }),
    'GET /api/v1/conversations/*': (_r, [id]) => json(200, conversation(id!, { peer: carol })),
    'GET /api/v1/friends': () => json(200, { items: [friend(bob, 'online')] }),
    'GET /api/v1/friends/requests': () => json(200, { incoming: [], outgoing: [] }),
    'GET /api/v1/blocks': () => json(200, { items: [] }),
    'GET /api/v1/invites': () => json(200, { items: [] }),
    'GET /api/v1/notifications': () => json(200, { items: [], next_before: null, unread_count: 0 }),
    'GET /api/v1/users/me/drafts': () => json(200, { items: [] }),
  })
}

describe('realtime dispatcher', () => {
  let client: SocketClient
  let sync: RealtimeSync

  beforeEach(() => {
    seq = 0
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
    FakeWebSocket.reset()
    client = new SocketClient({
      url: 'ws://test/ws',
      WebSocket: FakeWebSocket,
      auth: { getToken: () => 't1', refresh: async () => true },
      random: () => 0, // reconnect at once
    })
  })
  afterEach(() => {
    sync?.stop()
    client.disconnect()
  })

  async function started() {
    const requests = serveState()
    sync = startRealtimeSync(client)
    await flush()
    client.connect()
    FakeWebSocket.last.accept()
    await nextTick()
    await flush()
    return requests
  }

  it('loads state at start, and again when a connection is ready without having resumed', async () => {
    const requests = await started()
    const lists = requests.map(route).filter((r) => r === 'GET /api/v1/conversations')
    expect(lists).toHaveLength(2)
    expect(useFriendsStore().friends.map((f) => f.user.id)).toEqual([bob.id])

    // After an event, a reconnect resumes: no reload.
    FakeWebSocket.last.serverSend(event('presence.updated', { user_id: bob.id, status: 'away', last_seen_at: null, version: 1 }))
    FakeWebSocket.last.serverClose(1012)
    await flush()
    expect(FakeWebSocket.instances).toHaveLength(2)
    FakeWebSocket.last.accept()
    await flush()
    expect(requests.map(route).filter((r) => r === 'GET /api/v1/conversations')).toHaveLength(2)
    expect(FakeWebSocket.last.sent[0]).toMatchObject({ resume_after: '1-0' })
  })

  it('routes a new message to the history, the list, and ends its author\'s typing', async () => {
    await started()
    const messages = useMessagesStore()
    await messages.loadLatest('c1')
    const ws = FakeWebSocket.last

    ws.serverSend(event('typing.started', { conversation_id: 'c1', user_id: bob.id }, null))
    expect(useTypingStore().typers('c1')).toEqual([bob.id])

    ws.serverSend(event('message.created', message(2)))
    expect(messages.histories.c1!.items.map((m) => m.id)).toEqual([mid(1), mid(2)])
    const c = useConversationsStore().byId.c1!
    expect(c.last_message?.id).toBe(mid(2))
    expect(c.unread_count).toBe(1)
    expect(useTypingStore().typers('c1')).toEqual([])

    ws.serverSend(event('message.updated', message(2, { body: 'edited', edited_at: '2024-06-01T13:00:00Z' })))
    expect(messages.find('c1', mid(2))?.body).toBe('edited')
    expect(c.last_message?.body).toBe('edited')

    ws.serverSend(event('message.deleted', message(2, { body: null, deleted_at: '2024-06-01T13:01:00Z' })))
    expect(messages.find('c1', mid(2))?.body).toBeNull()
    expect(c.unread_count).toBe(0)

    ws.serverSend(event('conversation.read', { conversation_id: 'c1', user_id: bob.id, last_read_message_id: mid(2) }))
    expect(c.peer_last_read_message_id).toBe(mid(2))
  })

  it('routes a thread reply to its thread, never to the chat, with the root’s summary and one’s own part in it', async () => {
    await started()
    serveRoutes({
      'GET /api/v1/conversations/c1/messages': () => json(200, { items: [message(1)], next_before: null }),
      'GET /api/v1/conversations/c1/threads/*/messages': () => json(200, { items: [], next_before: null }),
      'GET /api/v1/conversations/c1/threads/*': () => json(200, { root: message(1), following: true, last_read_id: null, unread_count: 0 }),
      'GET /api/v1/conversations/c1': () => json(200, conversation('c1', { last_message: message(1), last_read_message_id: mid(1) })),
    })
    const messages = useMessagesStore()
    const threads = useThreadsStore()
    await messages.loadLatest('c1')
    await messages.loadThread('c1', mid(1))
    const ws = FakeWebSocket.last
    const c = () => useConversationsStore().byId.c1!
    ws.serverSend(event('typing.started', { conversation_id: 'c1', user_id: bob.id }, null))

    // Followed: a member_updated says so (and read up to nothing yet).
    ws.serverSend(event('thread.member_updated', { conversation_id: 'c1', root_id: mid(1), user_id: me.id, following: true, last_read_id: null }))
    await flush()
    await flush()
    const reply = message(5, { thread_id: mid(1), body: 'in the thread' })
    ws.serverSend(event('message.created', reply))
    ws.serverSend(
      event('thread.updated', {
        conversation_id: 'c1',
        root_id: mid(1),
        reply_count: 1,
        last_reply_id: mid(5),
        last_reply_at: reply.created_at,
        last_repliers: [bob.id],
      }),
    )
    expect(messages.histories.c1!.items.map((m) => m.id)).toEqual([mid(1)])
    expect(messages.threads[mid(1)]!.items.map((m) => m.id)).toEqual([mid(5)])
    expect(messages.histories.c1!.items[0]!.thread?.reply_count).toBe(1)
    expect(c().last_message?.id).toBe(mid(1))
    expect(c().unread_count).toBe(0)
    expect(c().unread_threads).toBe(1)
    // Typing in the thread is not typing in the chat: the chat's indicator is left as it was.
    expect(useTypingStore().typers('c1')).toEqual([bob.id])
    expect(threads.stateOf(mid(1))).toMatchObject({ following: true, unread: 1 })

    ws.serverSend(event('message.deleted', { ...reply, body: null, deleted_at: '2024-06-01T13:01:00Z' }))
    expect(messages.threads[mid(1)]!.items[0]!.deleted_at).not.toBeNull()
    expect(c().last_message?.id).toBe(mid(1))
    expect(threads.stateOf(mid(1))!.unread).toBe(0)
    expect(c().unread_threads).toBe(0)
  })

  it('routes reactions to the loaded message, counting mine once', async () => {
    await started()
    const messages = useMessagesStore()
    await messages.loadLatest('c1')
    const ws = FakeWebSocket.last
    const reaction = (user_id: string, count: number) => ({ conversation_id: 'c1', message_id: mid(1), emoji: '👍', user_id, count })

    ws.serverSend(event('message.reaction_added', reaction(bob.id, 1)))
    ws.serverSend(event('message.reaction_added', reaction(me.id, 2)))
    expect(messages.find('c1', mid(1))?.reactions).toEqual([{ emoji: '👍', count: 2, me: true }])
    ws.serverSend(event('message.reaction_removed', reaction(bob.id, 1)))
    expect(messages.find('c1', mid(1))?.reactions).toEqual([{ emoji: '👍', count: 1, me: true }])
  })

  it('routes pins to the loaded message and the pin list, keeping its reactions', async () => {
    await started()
    const messages = useMessagesStore()
    await messages.loadLatest('c1')
    messages.find('c1', mid(1))!.reactions = [{ emoji: '👍', count: 1, me: false }]
    const ws = FakeWebSocket.last

    ws.serverSend(event('message.pinned', message(1, { pinned_at: '2024-06-02T10:00:00Z', pinned_by: bob.id })))
    expect(messages.find('c1', mid(1))).toMatchObject({ pinned_by: bob.id, reactions: [{ emoji: '👍', count: 1, me: false }] })
    ws.serverSend(event('message.unpinned', message(1, { pinned_at: null, pinned_by: null })))
    expect(messages.find('c1', mid(1))?.pinned_at).toBeNull()
  })

  it('routes friend, presence and notification events', async () => {
    await started()
    const ws = FakeWebSocket.last
    const friends = useFriendsStore()

    ws.serverSend(event('friend_request.created', request('r1', carol, me)))
    expect(friends.incoming.map((r) => r.id)).toEqual(['r1'])
    ws.serverSend(event('friend_request.cancelled', request('r1', carol, me, 'cancelled')))
    expect(friends.incoming).toEqual([])

    ws.serverSend(event('friend.removed', { user_ids: [bob.id, me.id] }))
    expect(friends.friends).toEqual([])

    ws.serverSend(event('presence.updated', { user_id: bob.id, status: 'offline', last_seen_at: '2024-06-01T12:00:00Z', version: 3 }))
    expect(usePresenceStore().of(bob.id)?.status).toBe('offline')

    ws.serverSend(event('notification.created', notification(5)))
    expect(useNotificationsStore().unreadCount).toBe(1)
  })

  it('fetches a conversation announced by conversation.created', async () => {
    const requests = await started()
    FakeWebSocket.last.serverSend(event('conversation.created', { id: 'c9', kind: 'dm', member_ids: [me.id, carol.id] }))
    await flush()
    expect(requests.map(route)).toContain('GET /api/v1/conversations/c9')
    expect(useConversationsStore().byId.c9?.peer?.id).toBe(carol.id)
  })

  it('reloads everything over REST on resync', async () => {
    const requests = await started()
    const before = requests.length
    FakeWebSocket.last.serverSend(event('resync', { reason: 'trimmed' }, null))
    await flush()
    expect(requests.slice(before).map(route).sort()).toEqual([
      'GET /api/v1/blocks',
      'GET /api/v1/conversations',
      'GET /api/v1/friends',
      'GET /api/v1/friends/requests',
      'GET /api/v1/invites',
      'GET /api/v1/notifications?limit=30',
      'GET /api/v1/users/me/drafts',
    ])
  })

  it('routes draft.updated to the drafts, and sends a draft whose save failed once the connection resumes', async () => {
    await started()
    const drafts = useDraftsStore()
    FakeWebSocket.last.serverSend(
      event('draft.updated', { user_id: me.id, conversation_id: 'c1', body: 'from the laptop', reply_to_id: null, updated_at: '2024-06-01T12:00:00Z' }),
    )
    expect(drafts.draftOf('c1')?.body).toBe('from the laptop')

    let online = false
    const requests = serveRoutes({
      'PUT /api/v1/conversations/c2/draft': (req) => {
        if (!online) throw new TypeError('Failed to fetch')
        const body = req.body as { body: string }
        return json(200, { user_id: me.id, conversation_id: 'c2', body: body.body, reply_to_id: null, updated_at: '2024-06-01T12:01:00Z' })
      },
    })
    drafts.edit('c2', { body: 'typed offline' })
    await drafts.flush('c2')
    expect(drafts.draftOf('c2')).toMatchObject({ body: 'typed offline', edited_at: expect.any(Number) })

    // The gateway restarts; the connection resumes (no reload), and the draft goes.
    online = true
    FakeWebSocket.last.serverClose(1012)
    await flush()
    FakeWebSocket.last.accept()
    await flush()
    expect(requests.map(route)).toEqual(['PUT /api/v1/conversations/c2/draft', 'PUT /api/v1/conversations/c2/draft'])
    expect(drafts.draftOf('c2')).toMatchObject({ body: 'typed offline', edited_at: null, updated_at: '2024-06-01T12:01:00Z' })
  })

  it('applies a level or mute changed on another device', async () => {
    await started()
    FakeWebSocket.last.serverSend(
      event('conversation.notifications_updated', {
        user_id: me.id,
        conversation_id: 'c1',
        level: 'mentions',
        muted: true,
        muted_until: null,
      }),
    )
    const notify = useNotifySettingsStore()
    expect(notify.of('c1').level).toBe('mentions')
    expect(notify.isMuted('c1')).toBe(true)
  })

  it('stops listening when stopped', async () => {
    await started()
    sync.stop()
    FakeWebSocket.last.serverSend(event('notification.created', notification(5)))
    expect(useNotificationsStore().unreadCount).toBe(0)
  })
})
