import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'

import type { Message, Thread, ThreadSummary } from '@/api/types'
import { useConversationsStore } from '@/stores/conversations'
import { useMessagesStore } from '@/stores/messages'
import { useThreadsStore } from '@/stores/threads'

import { bob, carol, conversation, me, message, mid } from '../helpers/chat'
import { storeSession } from '../helpers/fixtures'
import { flush, json } from '../helpers/http'
import { route, serveRoutes } from '../helpers/routes'

const ROOT = mid(1)
const ids = (list: { id: string }[]) => list.map((m) => m.id)

/** A reply in the thread of message 1. */
const reply = (n: number, over: Partial<Message> = {}) => message(n, { thread_id: ROOT, ...over })

function summary(count: number, last: number, over: Partial<ThreadSummary> = {}): ThreadSummary {
  return {
    conversation_id: 'c1',
    root_id: ROOT,
    reply_count: count,
    last_reply_id: mid(last),
    last_reply_at: message(last).created_at,
    last_repliers: [bob.id],
    ...over,
  }
}

function thread(over: Partial<Thread> = {}): Thread {
  return { root: message(1, { thread: summary(2, 11) }), following: true, last_read_id: mid(11), unread_count: 0, ...over }
}

function serve(extra: Parameters<typeof serveRoutes>[0] = {}) {
  return serveRoutes({
    'GET /api/v1/conversations/c1/messages': () => json(200, { items: [message(2), message(1)], next_before: null }),
    'GET /api/v1/conversations/c1/threads/*/messages': () => json(200, { items: [reply(11), reply(10)], next_before: null }),
    'GET /api/v1/conversations/c1/threads/*': () => json(200, thread()),
    'GET /api/v1/conversations/c1': () => json(200, conversation('c1', { unread_threads: 1 })),
    'POST /api/v1/conversations/c1/threads/*/read': () => json(204),
    ...extra,
  })
}

describe('threads', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
    useConversationsStore().upsert(conversation('c1', { last_message: message(2), last_read_message_id: mid(2) }))
  })

  it('keeps replies out of the main history, its last message and its unread count', async () => {
    serve()
    const messages = useMessagesStore()
    const conversations = useConversationsStore()
    await messages.loadLatest('c1')
    await messages.loadThread('c1', ROOT)

    const r = reply(12, { author_id: bob.id })
    messages.applyCreated(r)
    conversations.applyMessageCreated(r)

    expect(ids(messages.histories.c1!.items)).toEqual([mid(1), mid(2)])
    expect(ids(messages.threads[ROOT]!.items)).toEqual([mid(10), mid(11), mid(12)])
    expect(conversations.byId.c1!.last_message?.id).toBe(mid(2))
    expect(conversations.byId.c1!.unread_count).toBe(0)
    // Edits and deletions of a reply change the thread's copy, and the chat's list not at all.
    messages.applyChanged({ ...r, body: 'edited', edited_at: '2024-06-01T13:00:00Z' })
    conversations.applyMessageChanged({ ...r, deleted_at: '2024-06-01T13:00:00Z', body: null })
    expect(messages.find('c1', mid(12))?.body).toBe('edited')
    expect(conversations.byId.c1!.last_message?.id).toBe(mid(2))
  })

  it('loads a thread’s replies by its own routes, older pages by cursor and a reply with its neighbours', async () => {
    const requests = serve({
      'GET /api/v1/conversations/c1/threads/*/messages': (req) =>
        req.url.includes('around=')
          ? json(200, { items: [reply(31), reply(30), reply(29)], next_before: mid(29), next_after: mid(31) })
          : json(200, { items: [reply(11), reply(10)], next_before: mid(10) }),
    })
    const messages = useMessagesStore()
    await messages.loadThread('c1', ROOT)
    await messages.loadThreadOlder('c1', ROOT)
    await messages.loadThreadAround('c1', ROOT, mid(30))
    expect(ids(messages.threads[ROOT]!.items)).toEqual([mid(29), mid(30), mid(31)])
    expect(messages.threads[ROOT]!.nextAfter).toBe(mid(31))
    expect(requests.map(route)).toEqual([
      `GET /api/v1/conversations/c1/threads/${ROOT}/messages?limit=50`,
      `GET /api/v1/conversations/c1/threads/${ROOT}/messages?before=${mid(10)}&limit=50`,
      `GET /api/v1/conversations/c1/threads/${ROOT}/messages?around=${mid(30)}&limit=50`,
    ])
  })

  it('shows thread.updated under the root wherever it is held; an event’s copy of the root (no summary) keeps it', async () => {
    serve({
      'GET /api/v1/conversations/c1/threads': () =>
        json(200, {
          items: [
            { ...thread(), root: message(2, { thread: summary(1, 20, { root_id: mid(2), last_reply_at: message(20).created_at }) }) },
            thread(),
          ],
          next_before: null,
        }),
    })
    const messages = useMessagesStore()
    const threads = useThreadsStore()
    await messages.loadLatest('c1')
    await threads.load('c1')
    await threads.fetch('c1', ROOT)

    threads.applySummary(summary(3, 30, { last_repliers: [carol.id, bob.id] }))
    expect(messages.histories.c1!.items[0]!.thread).toMatchObject({ reply_count: 3, last_repliers: [carol.id, bob.id] })
    expect(messages.threads[ROOT]!.root?.thread?.reply_count).toBe(3)
    // The list puts the most recently active first.
    expect(ids(threads.lists.c1!.items)).toEqual([mid(1), mid(2)])
    expect(threads.lists.c1!.items[0]!.thread?.reply_count).toBe(3)

    // An edit of the root arrives without its summary (events leave it out).
    messages.applyChanged(message(1, { body: 'edited root', edited_at: '2024-06-01T14:00:00Z' }))
    threads.applyRootChanged(message(1, { body: 'edited root', edited_at: '2024-06-01T14:00:00Z' }))
    expect(messages.histories.c1!.items[0]).toMatchObject({ body: 'edited root', thread: { reply_count: 3 } })
    expect(threads.lists.c1!.items[0]).toMatchObject({ body: 'edited root', thread: { reply_count: 3 } })

    // Every reply deleted: the root shows none, and the list drops it.
    threads.applySummary(summary(0, 1, { last_reply_id: null, last_reply_at: null, last_repliers: [] }))
    expect(messages.histories.c1!.items[0]!.thread?.reply_count).toBe(0)
    expect(ids(threads.lists.c1!.items)).toEqual([mid(2)])
  })

  it('counts replies by others in a followed thread as unread, each once, and the chat’s unread threads with them', async () => {
    serve()
    const threads = useThreadsStore()
    const conversations = useConversationsStore()
    await useMessagesStore().loadLatest('c1')
    await threads.fetch('c1', ROOT)
    expect(threads.stateOf(ROOT)).toMatchObject({ following: true, unread: 0 })

    threads.applyReplyCreated(reply(12, { author_id: bob.id }))
    threads.applySummary(summary(3, 12))
    threads.applyReplyCreated(reply(13, { author_id: carol.id }))
    threads.applyReplyCreated(reply(13, { author_id: carol.id })) // a replay
    threads.applyReplyCreated(reply(14, { author_id: me.id })) // mine
    threads.applySummary(summary(5, 14))
    expect(threads.stateOf(ROOT)!.unread).toBe(2)
    expect(conversations.byId.c1!.unread_threads).toBe(1)

    // A deleted unread reply is read no more.
    threads.applyReplyDeleted(reply(13, { author_id: carol.id, deleted_at: '2024-06-01T13:00:00Z', body: null }))
    expect(threads.stateOf(ROOT)!.unread).toBe(1)
    expect(conversations.byId.c1!.unread_threads).toBe(1)
  })

  it('clears them when read here or elsewhere, and on unfollowing', async () => {
    const requests = serve()
    const threads = useThreadsStore()
    const conversations = useConversationsStore()
    await useMessagesStore().loadLatest('c1')
    await threads.fetch('c1', ROOT)

    threads.applyReplyCreated(reply(12, { author_id: bob.id }))
    threads.applySummary(summary(3, 12))
    expect(conversations.byId.c1!.unread_threads).toBe(1)
    threads.markRead('c1', ROOT, mid(12))
    expect(threads.stateOf(ROOT)).toMatchObject({ lastReadId: mid(12), unread: 0 })
    expect(conversations.byId.c1!.unread_threads).toBe(0)
    expect(requests.map(route)).toContain(`POST /api/v1/conversations/c1/threads/${ROOT}/read`)
    expect(requests.find((r) => r.url.endsWith('/read'))!.body).toEqual({ message_id: mid(12) })

    // Read on another device (thread.member_updated) up to the last reply.
    threads.applyReplyCreated(reply(13, { author_id: bob.id }))
    threads.applySummary(summary(4, 13))
    expect(conversations.byId.c1!.unread_threads).toBe(1)
    const mine = { conversation_id: 'c1', root_id: ROOT, user_id: me.id }
    threads.applyMembership({ ...mine, following: true, last_read_id: mid(13) })
    expect(threads.stateOf(ROOT)!.unread).toBe(0)
    expect(conversations.byId.c1!.unread_threads).toBe(0)

    // Unfollowed: nothing of it is unread, and later replies count for nothing.
    threads.applyReplyCreated(reply(14, { author_id: bob.id }))
    expect(conversations.byId.c1!.unread_threads).toBe(1)
    threads.applyMembership({ ...mine, following: false, last_read_id: mid(13) })
    expect(conversations.byId.c1!.unread_threads).toBe(0)
    threads.applyReplyCreated(reply(15, { author_id: bob.id }))
    expect(threads.stateOf(ROOT)!.unread).toBe(0)
    expect(conversations.byId.c1!.unread_threads).toBe(0)
  })

  it('asks the server about a thread it does not know when a reply comes, the chat’s count with it', async () => {
    const requests = serve({
      'GET /api/v1/conversations/c1/threads/*': () => json(200, thread({ unread_count: 1, last_read_id: mid(11) })),
    })
    const threads = useThreadsStore()
    const conversations = useConversationsStore()

    threads.applyReplyCreated(reply(12, { author_id: bob.id }))
    await flush()
    await flush()
    expect(requests.map(route)).toEqual([
      `GET /api/v1/conversations/c1/threads/${ROOT}`,
      'GET /api/v1/conversations/c1',
    ])
    expect(threads.stateOf(ROOT)).toMatchObject({ following: true, unread: 1 })
    expect(conversations.byId.c1!.unread_threads).toBe(1)
    // Known now: the next reply counts here, without asking.
    threads.applyReplyCreated(reply(13, { author_id: bob.id }))
    expect(threads.stateOf(ROOT)!.unread).toBe(2)
    expect(requests).toHaveLength(2)
  })

  it('does not mark a thread read that the reader does not follow', async () => {
    const requests = serve({
      'GET /api/v1/conversations/c1/threads/*': () => json(200, thread({ following: false, last_read_id: null })),
    })
    const threads = useThreadsStore()
    await threads.fetch('c1', ROOT)
    threads.markRead('c1', ROOT, mid(11))
    expect(requests.map(route)).toEqual([`GET /api/v1/conversations/c1/threads/${ROOT}`])
  })
})
