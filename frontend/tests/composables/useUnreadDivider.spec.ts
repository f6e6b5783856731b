import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'

import type { Message } from '@/api/types'
import { useUnreadDivider } from '@/composables/useUnreadDivider'
import { useConversationsStore } from '@/stores/conversations'
import { useMessagesStore, type History } from '@/stores/messages'

import { conversation, me, message, mid } from '../helpers/chat'
import { storeSession } from '../helpers/fixtures'

function history(items: Message[], over: Partial<History> = {}): History {
  return {
    items,
    nextBefore: null,
    nextAfter: null,
    ahead: [],
    loaded: true,
    loading: false,
    loadingOlder: false,
    loadingNewer: false,
    error: null,
    ...over,
  }
}

/** Messages 1..n of chat `c`, by Bob except those in `mine`. */
function messages(c: string, n: number, mine: number[] = []): Message[] {
  return Array.from({ length: n }, (_, i) =>
    message(i + 1, { conversation_id: c, author_id: mine.includes(i + 1) ? me.id : undefined }),
  )
}

describe('useUnreadDivider', () => {
  const scope = effectScope()
  let conversations: ReturnType<typeof useConversationsStore>
  let store: ReturnType<typeof useMessagesStore>

  beforeEach(() => {
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
    conversations = useConversationsStore()
    store = useMessagesStore()
  })
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  function divider(id: string | (() => string), readingNewest = () => true) {
    return scope.run(() => useUnreadDivider(id, readingNewest))!
  }

  it('marks the first message after the read marker when the chat opens, and keeps it once read', async () => {
    conversations.upsert(
      conversation('c1', { unread_count: 3, last_read_message_id: mid(7), last_message: message(10) }),
    )
    store.histories.c1 = history(messages('c1', 10, [9]))
    const { mark } = divider('c1')
    expect(mark.value).toEqual({ firstId: mid(8), count: 3 })

    // Read: the count goes, the line stays where the unread ones began.
    conversations.markReadLocally('c1', mid(10))
    await nextTick()
    expect(conversations.byId.c1!.unread_count).toBe(0)
    expect(mark.value?.firstId).toBe(mid(8))
  })

  it('shows nothing for a chat with nothing unread, or never read and all mine', () => {
    conversations.upsert(conversation('c1', { unread_count: 0, last_read_message_id: mid(10) }))
    store.histories.c1 = history(messages('c1', 10))
    expect(divider('c1').mark.value).toBeNull()
  })

  it('says when the first unread message is older than the loaded window', () => {
    conversations.upsert(conversation('c1', { unread_count: 120, last_read_message_id: mid(3) }))
    // Messages 71..120 are loaded; more are before them.
    store.histories.c1 = history(messages('c1', 120).slice(70), { nextBefore: mid(71) })
    expect(divider('c1').mark.value).toEqual({ firstId: null, count: 120 })
    // Once the marker is loaded, the line has its place.
    store.histories.c1 = history(messages('c1', 120), { nextBefore: null })
    expect(divider('c1').mark.value).toEqual({ firstId: mid(4), count: 120 })
  })

  it('takes the marker the moment the chat changes, before anything marks it read', async () => {
    conversations.upsert(conversation('c1', { unread_count: 0 }))
    conversations.upsert(conversation('c2', { unread_count: 2, last_read_message_id: mid(3), last_message: message(5) }))
    store.histories.c2 = history(messages('c2', 5))
    const id = ref('c1')
    const { mark } = divider(() => id.value)
    expect(mark.value).toBeNull()

    id.value = 'c2'
    // What useMarkRead does at once when the newest message is in view.
    conversations.markReadLocally('c2', mid(5))
    await nextTick()
    expect(mark.value).toEqual({ firstId: mid(4), count: 2 })
  })

  it('starts a line at a message that comes in unseen: the reader is up in older messages, or the tab is hidden', async () => {
    conversations.upsert(conversation('c1', { unread_count: 0, last_read_message_id: mid(5), last_message: message(5) }))
    store.histories.c1 = history(messages('c1', 5))
    const reading = ref(true)
    const { mark } = divider('c1', () => reading.value)

    // Seen as it comes (at the bottom, tab shown): no line.
    store.applyCreated(message(6, { conversation_id: 'c1' }))
    conversations.markReadLocally('c1', mid(6))
    expect(mark.value).toBeNull()

    // Scrolled up: the next one starts it; later ones are counted below it.
    reading.value = false
    store.applyCreated(message(7, { conversation_id: 'c1' }))
    store.applyCreated(message(8, { conversation_id: 'c1' }))
    await nextTick()
    expect(mark.value).toEqual({ firstId: mid(7), count: 2 })
  })

  it('counts a hidden tab as unseen, but not my own messages', () => {
    conversations.upsert(conversation('c1', { unread_count: 0, last_read_message_id: mid(5), last_message: message(5) }))
    store.histories.c1 = history(messages('c1', 5))
    const { mark } = divider('c1')
    vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden')

    store.applyCreated(message(6, { conversation_id: 'c1', author_id: me.id }))
    expect(mark.value).toBeNull()
    store.applyCreated(message(7, { conversation_id: 'c1' }))
    expect(mark.value).toEqual({ firstId: mid(7), count: 1 })
    vi.restoreAllMocks()
  })
})
