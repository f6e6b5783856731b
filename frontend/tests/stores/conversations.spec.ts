import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'

import { conversationTitle, useConversationsStore } from '@/stores/conversations'

import { bob, carol, conversation, me, message, mid } from '../helpers/chat'
import { storeSession } from '../helpers/fixtures'
import { flush, json } from '../helpers/http'
import { route, serveRoutes } from '../helpers/routes'

describe('conversations store', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
  })

  it('loads the list and keeps it ordered by last activity', async () => {
    serveRoutes({
      'GET /api/v1/conversations': () =>
        json(200, {
          items: [
            conversation('c1', { last_message: message(5) }),
            conversation('c2', { peer: carol, last_message: message(3, { conversation_id: 'c2' }) }),
          ],
        }),
    })
    const conversations = useConversationsStore()
    await conversations.load()
    expect(conversations.list.map((c) => c.id)).toEqual(['c1', 'c2'])

    // A new message moves its conversation to the top.
    conversations.applyMessageCreated(message(9, { conversation_id: 'c2' }))
    expect(conversations.list.map((c) => c.id)).toEqual(['c2', 'c1'])
  })

  it('counts live mentions of me after my read marker, and clears them when read', () => {
    const conversations = useConversationsStore()
    conversations.upsert(conversation('c1', { last_message: message(1), last_read_message_id: mid(1), mention_count: 1 }))
    conversations.upsert(conversation('g1', { kind: 'group', peer: null, last_message: message(1, { conversation_id: 'g1' }) }))
    const [dm, group] = [conversations.byId.c1!, conversations.byId.g1!]

    conversations.applyMessageCreated(message(2, { body: 'hey @Alice.' }))
    conversations.applyMessageCreated(message(3, { body: 'no mention of alice' }))
    conversations.applyMessageCreated(message(4, { body: '@everyone (not in a DM)' }))
    conversations.applyMessageCreated(message(5, { body: 'note to self @alice', author_id: me.id }))
    expect(dm.mention_count).toBe(2)
    conversations.applyMessageCreated(message(2, { body: '@alice again' })) // a replay: counted once
    expect(dm.mention_count).toBe(2)

    conversations.applyMessageCreated(message(6, { conversation_id: 'g1', body: '@everyone standup' }))
    expect(group.mention_count).toBe(1)
    // Deleted before being read: it mentions no one any more.
    conversations.applyMessageChanged(message(6, { conversation_id: 'g1', body: null, deleted_at: '2024-06-01T13:00:00Z' }))
    expect(group.mention_count).toBe(0)

    conversations.markReadLocally('c1', mid(5))
    expect(dm.mention_count).toBe(0)
  })

  it('counts messages from others as unread, not my own, and each message once', () => {
    const conversations = useConversationsStore()
    conversations.upsert(conversation('c1', { last_message: message(1), last_read_message_id: mid(1) }))

    conversations.applyMessageCreated(message(2))
    conversations.applyMessageCreated(message(2))
    conversations.applyMessageCreated(message(3, { author_id: me.id }))
    conversations.applyMessageCreated(message(4))

    const c = conversations.byId.c1!
    expect(c.unread_count).toBe(2)
    expect(c.last_message?.id).toBe(mid(4))
    expect(conversations.totalUnread).toBe(2)
  })

  it('counts a message that comes in after a newer one (the server has several writers), still once', () => {
    const conversations = useConversationsStore()
    conversations.upsert(conversation('c1', { last_message: message(1), last_read_message_id: mid(1) }))
    conversations.applyMessageCreated(message(3))
    conversations.applyMessageCreated(message(2, { body: 'hi @alice' }))
    conversations.applyMessageCreated(message(2, { body: 'hi @alice' })) // a replay
    conversations.applyMessageCreated(message(3))
    const c = conversations.byId.c1!
    expect(c.unread_count).toBe(2)
    expect(c.mention_count).toBe(1)
    expect(c.last_message?.id).toBe(mid(3))

    // Read up to the newest: later ones count from there; the server's count already had what it sent.
    conversations.markReadLocally('c1', mid(3))
    conversations.applyMessageCreated(message(2))
    expect(c.unread_count).toBe(0)
    conversations.upsert(conversation('c1', { last_message: message(5), last_read_message_id: mid(3), unread_count: 2 }))
    conversations.applyMessageCreated(message(4))
    conversations.applyMessageCreated(message(5))
    expect(conversations.byId.c1!.unread_count).toBe(2)
    conversations.applyMessageCreated(message(6))
    expect(conversations.byId.c1!.unread_count).toBe(3)
  })

  it('ignores an older message arriving late for the preview', () => {
    const conversations = useConversationsStore()
    conversations.upsert(conversation('c1', { last_message: message(5), last_read_message_id: mid(5) }))
    conversations.applyMessageCreated(message(4))
    expect(conversations.byId.c1!.last_message?.id).toBe(mid(5))
    expect(conversations.byId.c1!.unread_count).toBe(0)
  })

  it('fetches a conversation it has not seen when a message arrives for it', async () => {
    const requests = serveRoutes({
      'GET /api/v1/conversations/*': (_r, [id]) => json(200, conversation(id!, { last_message: message(1, { conversation_id: id }) })),
    })
    const conversations = useConversationsStore()
    conversations.applyMessageCreated(message(1, { conversation_id: 'c7' }))
    conversations.applyMessageCreated(message(1, { conversation_id: 'c7' }))
    await flush()
    expect(requests.map(route)).toEqual(['GET /api/v1/conversations/c7'])
    expect(conversations.byId.c7?.last_message?.id).toBe(mid(1))
  })

  it('shows edits and deletions of the last message; a deleted unread message stops counting', () => {
    const conversations = useConversationsStore()
    conversations.upsert(conversation('c1', { last_message: message(1) }))
    conversations.applyMessageCreated(message(2))
    expect(conversations.byId.c1!.unread_count).toBe(1)

    conversations.applyMessageChanged(message(2, { body: 'edited', edited_at: '2024-06-01T13:00:00Z' }))
    expect(conversations.byId.c1!.last_message?.body).toBe('edited')

    conversations.applyMessageChanged(message(2, { body: null, deleted_at: '2024-06-01T13:01:00Z' }))
    expect(conversations.byId.c1!.last_message?.deleted_at).not.toBeNull()
    expect(conversations.byId.c1!.unread_count).toBe(0)
  })

  it('applies read markers: mine clears the count, the peer\'s moves "seen" forward only', () => {
    const conversations = useConversationsStore()
    conversations.upsert(conversation('c1', { last_message: message(3), unread_count: 3 }))

    conversations.applyRead({ conversation_id: 'c1', user_id: me.id, last_read_message_id: mid(2) })
    expect(conversations.byId.c1!.unread_count).toBe(3)
    conversations.applyRead({ conversation_id: 'c1', user_id: me.id, last_read_message_id: mid(3) })
    expect(conversations.byId.c1!.unread_count).toBe(0)
    expect(conversations.byId.c1!.last_read_message_id).toBe(mid(3))

    conversations.applyRead({ conversation_id: 'c1', user_id: bob.id, last_read_message_id: mid(3) })
    conversations.applyRead({ conversation_id: 'c1', user_id: bob.id, last_read_message_id: mid(1) })
    expect(conversations.byId.c1!.peer_last_read_message_id).toBe(mid(3))
  })

  it('opens a DM once, reusing a known one', async () => {
    const requests = serveRoutes({ 'POST /api/v1/dms': () => json(201, conversation('c9', { peer: carol })) })
    const conversations = useConversationsStore()
    conversations.upsert(conversation('c1'))

    expect((await conversations.openDm(bob.id)).id).toBe('c1')
    expect((await conversations.openDm(carol.id)).id).toBe('c9')
    expect((await conversations.openDm(carol.id)).id).toBe('c9')
    expect(requests.map(route)).toEqual(['POST /api/v1/dms'])
    expect(requests[0]!.body).toEqual({ user_id: carol.id })
  })

  it('names a group by its name and a DM by the peer', () => {
    expect(conversationTitle(conversation('c1'))).toBe('Bob')
    expect(conversationTitle(conversation('c1', { peer: carol }))).toBe('carol')
    expect(conversationTitle(conversation('g', { kind: 'group', peer: null, group: { id: 'g1', name: 'PS Club', kind: 'private' } }))).toBe('PS Club')
    expect(conversationTitle(conversation('g', { kind: 'group', peer: null }))).toBe('Group')
  })
})
