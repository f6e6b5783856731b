import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import type { Message, Thread, ThreadSummary } from '@/api/types'
import { useConversationsStore } from '@/stores/conversations'
import { useThreadsStore } from '@/stores/threads'

import { mountApp, serveApp } from '../helpers/app'
import { bob, conversation, me, message, mid } from '../helpers/chat'
import { alice, storeSession } from '../helpers/fixtures'
import { json, type RecordedRequest } from '../helpers/http'

vi.mock('@/realtime/socket', async () => (await import('../helpers/socketModule')).fakeSocketModule())

const ROOT = mid(1)

function summary(count: number, last: number): ThreadSummary {
  return {
    conversation_id: 'c1',
    root_id: ROOT,
    reply_count: count,
    last_reply_id: mid(last),
    last_reply_at: message(last).created_at,
    last_repliers: [bob.id],
  }
}

const root = message(1, { body: 'the root', thread: summary(2, 11), reactions: [] })
const reply = (n: number, over: Partial<Message> = {}) => message(n, { thread_id: ROOT, body: `reply ${n}`, reactions: [], ...over })

/** The DM c1 whose first message has a thread of two replies (10 and 11) that Alice follows. */
function serveThread(thread: Partial<Thread> = {}) {
  let next = 50
  let following = thread.following ?? true
  return serveApp(
    (req: RecordedRequest) => {
      const path = req.url.split('?')[0]!
      if (path === '/api/v1/conversations/c1') return json(200, conversation('c1', { unread_threads: 1 }))
      if (path === '/api/v1/conversations/c1/messages' && req.method === 'GET') {
        return json(200, { items: [message(2, { reactions: [] }), root], next_before: null })
      }
      if (path === '/api/v1/conversations/c1/messages' && req.method === 'POST') {
        const sent = req.body as { body: string; nonce: string; thread_id?: string }
        return json(201, message(next++, { author_id: me.id, ...sent }))
      }
      if (path === `/api/v1/conversations/c1/threads/${ROOT}`) {
        return json(200, { root, last_read_id: mid(10), unread_count: 1, ...thread, following } satisfies Thread)
      }
      if (path === `/api/v1/conversations/c1/threads/${ROOT}/messages`) {
        return json(200, { items: [reply(11), reply(10)], next_before: null, next_after: null })
      }
      // Any other message of the chat: a thread of no replies yet.
      const other = /^\/api\/v1\/conversations\/c1\/threads\/([^/]+)(\/messages)?$/.exec(path)
      if (other) {
        if (other[2]) return json(200, { items: [], next_before: null, next_after: null })
        return json(200, { root: message(2, { reactions: [] }), following: false, last_read_id: null, unread_count: 0 })
      }
      if (path === `/api/v1/conversations/c1/threads/${ROOT}/read`) return json(204)
      if (path === `/api/v1/conversations/c1/threads/${ROOT}/follow`) {
        ;({ following } = req.body as { following: boolean })
        return json(200, { conversation_id: 'c1', root_id: ROOT, user_id: me.id, following, last_read_id: mid(11) })
      }
      if (path === '/api/v1/conversations/c1/pins') {
        return json(200, { items: [reply(10, { pinned_at: '2024-06-01T13:00:00Z', pinned_by: bob.id })] })
      }
      if (path === '/api/v1/conversations/c1/threads') {
        return json(200, { items: [{ root, following: true, last_read_id: mid(10), unread_count: 1 }], next_before: null })
      }
      return json(200, alice)
    },
    { '/api/v1/conversations': { items: [conversation('c1', { unread_threads: 1 })] } },
  )
}

function keydown(target: Element, key: string) {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }))
}

let wrapper: VueWrapper | undefined

describe('threads in the chat', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
  })
  afterEach(() => wrapper?.unmount())

  it('shows the replies under their root; a click opens the thread beside the chat, read and live; Escape closes it', async () => {
    const requests = serveThread()
    ;({ wrapper } = await mountApp('/chats/c1'))
    await flushPromises()

    const log = wrapper.get('[role=log][aria-label="Messages"]')
    const count = log.get(`[data-message-id="${ROOT}"] [data-thread-summary]`)
    expect(count.text()).toContain('2 replies')
    expect(count.text()).toContain('Last reply')
    expect(log.find(`[data-message-id="${mid(2)}"] [data-thread-summary]`).exists()).toBe(false)

    ;(count.element as HTMLElement).focus()
    await count.trigger('click')
    const panel = await vi.waitFor(() => wrapper!.get('[data-thread-panel]'))
    await flushPromises()
    const replies = panel.get('[data-thread-replies]')
    expect(replies.get('[data-thread-root]').text()).toContain('the root')
    expect(replies.text()).toContain('reply 10')
    expect(replies.text()).toContain('reply 11')
    // Replies are not the chat's.
    expect(log.text()).not.toContain('reply 10')
    // Shown to the end: read, and the chat's unread threads with it.
    await vi.waitFor(() => expect(requests.some((r) => r.url.endsWith(`/threads/${ROOT}/read`))).toBe(true))
    expect(requests.find((r) => r.url.endsWith(`/threads/${ROOT}/read`))!.body).toEqual({ message_id: mid(11) })
    expect(useConversationsStore().byId.c1!.unread_threads).toBe(0)

    // A reply written here goes to the thread.
    const box = panel.get('#thread-composer')
    await box.setValue('my answer')
    await box.trigger('keydown', { key: 'Enter' })
    await vi.waitFor(() => expect(panel.text()).toContain('my answer'))
    const isSend = (r: RecordedRequest) => r.method === 'POST' && r.url === '/api/v1/conversations/c1/messages'
    await vi.waitFor(() => expect(requests.some(isSend)).toBe(true))
    expect(requests.find(isSend)!.body).toMatchObject({ body: 'my answer', thread_id: ROOT })
    expect(log.text()).not.toContain('my answer')

    // thread.updated: the count under the root follows.
    useThreadsStore().applySummary(summary(3, 50))
    await flushPromises()
    expect(count.text()).toContain('3 replies')

    keydown(panel.element, 'Escape')
    await flushPromises()
    expect(wrapper.find('[data-thread-panel]').exists()).toBe(false)
    expect(document.activeElement).toBe(count.element)
  })

  it('offers “Reply in thread” on the chat’s messages, not on a thread’s replies', async () => {
    serveThread()
    ;({ wrapper } = await mountApp('/chats/c1'))
    await flushPromises()
    const log = wrapper.get('[role=log][aria-label="Messages"]')
    const action = log.get(`[data-message-id="${mid(2)}"] [data-reply-in-thread]`)
    expect(action.attributes('aria-label')).toBe('Reply in thread')
    await action.trigger('click')
    const panel = await vi.waitFor(() => wrapper!.get('[data-thread-panel]'))
    await flushPromises()
    // The message 2 has no replies: its thread starts empty.
    expect(panel.get('[data-thread-root]').text()).toContain('message 2')
    expect(panel.find('[data-thread-replies] [data-reply-in-thread]').exists()).toBe(false)
  })

  it('opens the thread from ?thread= at the reply of ?message=, and follows or unfollows it', async () => {
    const requests = serveThread({ following: false, unread_count: 0 })
    let router
    ;({ wrapper, router } = await mountApp(`/chats/c1?thread=${ROOT}&message=${mid(10)}`))
    await flushPromises()
    const panel = await vi.waitFor(() => wrapper!.get('[data-thread-panel]'))
    await vi.waitFor(() => expect(panel.get(`[data-message-id="${mid(10)}"]`).attributes('data-highlighted')).toBe('true'))
    expect(requests.some((r) => r.url.includes(`/threads/${ROOT}/messages?around=${mid(10)}`))).toBe(true)
    // Followed once: a reload opens the chat alone.
    expect(router.currentRoute.value.fullPath).toBe('/chats/c1')
    // Not followed: nothing to mark read.
    expect(requests.some((r) => r.url.endsWith(`/threads/${ROOT}/read`))).toBe(false)

    const follow = panel.get('[data-thread-follow]')
    expect(follow.text()).toBe('Follow')
    await follow.trigger('click')
    await vi.waitFor(() => expect(follow.text()).toBe('Unfollow'))
    expect(requests.find((r) => r.url.endsWith('/follow'))!.body).toEqual({ following: true })
    await follow.trigger('click')
    await vi.waitFor(() => expect(follow.text()).toBe('Follow'))
  })

  it('lists the conversation’s threads with their unread replies; one opens, and Back returns to the list', async () => {
    serveThread()
    ;({ wrapper } = await mountApp('/chats/c1'))
    await flushPromises()
    const toggle = wrapper.get('[data-panel-toggle="threads"]')
    expect(toggle.find('[data-unread-threads-dot]').exists()).toBe(true)
    await toggle.trigger('click')
    const list = await vi.waitFor(() => wrapper!.get('[data-thread-list]'))
    await flushPromises()
    const row = list.get('[data-thread-row]')
    expect(row.text()).toContain('the root')
    expect(row.text()).toContain('2 replies')
    expect(row.get('[data-thread-unread-count]').text()).toContain('1 unread reply')

    await row.trigger('click')
    const panel = await vi.waitFor(() => wrapper!.get('[data-thread-panel]'))
    await flushPromises()
    await panel.get('button[aria-label="Back to threads"]').trigger('click')
    await vi.waitFor(() => wrapper!.get('[data-thread-list]'))
  })

  it('goes to a pinned reply in its thread, not in the chat', async () => {
    const requests = serveThread()
    ;({ wrapper } = await mountApp('/chats/c1'))
    await flushPromises()
    await wrapper.get('[data-panel-toggle="pins"]').trigger('click')
    const pin = await vi.waitFor(() => wrapper!.get('[data-pins-panel] [data-pin] button'))
    await pin.trigger('click')
    const panel = await vi.waitFor(() => wrapper!.get('[data-thread-panel]'))
    await vi.waitFor(() => expect(panel.get(`[data-message-id="${mid(10)}"]`).attributes('data-highlighted')).toBe('true'))
    // Not looked for in the chat's timeline, where it is not.
    expect(requests.some((r) => r.url.includes(`/conversations/c1/messages?around=`))).toBe(false)
  })

  it('puts a badge on the chat’s row while followed threads have unread replies', async () => {
    serveThread()
    ;({ wrapper } = await mountApp('/chats'))
    await flushPromises()
    const badge = wrapper.get('a[href="/chats/c1"] [data-unread-threads]')
    expect(badge.text()).toContain('1 thread with unread replies')
    useConversationsStore().countUnreadThreads('c1', -1)
    await flushPromises()
    expect(wrapper.find('a[href="/chats/c1"] [data-unread-threads]').exists()).toBe(false)
  })
})
