import { defineStore } from 'pinia'
import { ref } from 'vue'

import { conversationsApi } from '@/api/conversations'
import { messagesApi } from '@/api/messages'
import type { Message } from '@/api/types'
import { useConversationsStore } from '@/stores/conversations'
import { upsertSorted } from '@/utils/history'
import { isNewer } from '@/utils/ids'

export const PAGE_SIZE = 50

/**
 * The loaded part of one conversation's history: a window of consecutive
 * messages. Usually it reaches the newest message and grows live; after a
 * jump to an older message (`around`) it may end before the newest, and then
 * grows downwards page by page (`after`) until it catches up.
 */
export interface History {
  /** Oldest first, unique by id. */
  items: Message[]
  /** Cursor for older messages; null once the start is reached. */
  nextBefore: string | null
  /** Cursor for newer messages; null when the window reaches the newest (live). */
  nextAfter: string | null
  /** Live messages that arrived while the window ended before the newest. */
  ahead: Message[]
  loaded: boolean
  loading: boolean
  loadingOlder: boolean
  loadingNewer: boolean
  error: string | null
}

function emptyHistory(): History {
  return {
    items: [],
    nextBefore: null,
    nextAfter: null,
    ahead: [],
    loaded: false,
    loading: false,
    loadingOlder: false,
    loadingNewer: false,
    error: null,
  }
}

function errorText(e: unknown, fallback: string): string {
  return e instanceof Error && e.message ? e.message : fallback
}

/**
 * Message history per conversation, paged backwards by cursor. A message that
 * comes back both as the REST reply to a send and as a `message.created`
 * event is stored once (by id). Sends on their way are the outbox's
 * (stores/outbox.ts).
 */
export const useMessagesStore = defineStore('messages', () => {
  const conversations = useConversationsStore()

  const histories = ref<Record<string, History>>({})
  /** The conversation on screen: the one reloaded after a resync. */
  const active = ref<string | null>(null)

  function historyOf(conversationId: string): History {
    // Read back through the store: `x ??= {}` would hand out the raw object,
    // and changes made to it would reach no screen.
    if (!histories.value[conversationId]) histories.value[conversationId] = emptyHistory()
    return histories.value[conversationId]!
  }

  function find(conversationId: string, id: string | null | undefined): Message | undefined {
    if (!id) return undefined
    return histories.value[conversationId]?.items.find((m) => m.id === id)
  }

  /**
   * Each load that replaces the window takes a ticket; a reply to an older
   * ticket (the window changed meanwhile: a jump, a reload) is dropped, and
   * so are older/newer pages asked for the window before.
   */
  const tickets = new Map<string, number>()
  function newTicket(conversationId: string): number {
    const t = (tickets.get(conversationId) ?? 0) + 1
    tickets.set(conversationId, t)
    return t
  }
  const isCurrent = (conversationId: string, ticket: number) => (tickets.get(conversationId) ?? 0) === ticket

  /** Loads the newest page (once, unless `force`), merging with what is there. */
  async function loadLatest(conversationId: string, { force = false } = {}): Promise<void> {
    const h = historyOf(conversationId)
    if (!force && (h.loading || h.loaded)) return
    const ticket = newTicket(conversationId)
    h.loading = true
    h.error = null
    try {
      const page = await conversationsApi.history(conversationId, null, PAGE_SIZE)
      if (!isCurrent(conversationId, ticket)) return
      const fresh = [...page.items].reverse()
      const oldestFresh = fresh[0]?.id
      const newestHeld = h.items[h.items.length - 1]?.id
      // Keep older pages only if the new page reaches back to them (no gap).
      const joins = !newestHeld || !page.next_before || (oldestFresh !== undefined && oldestFresh <= newestHeld)
      if (!joins || !h.loaded) {
        h.items = []
        h.nextBefore = page.next_before ?? null
      }
      for (const m of fresh) upsertSorted(h.items, m)
      h.nextAfter = null
      h.ahead = []
      h.loaded = true
    } catch (e) {
      if (isCurrent(conversationId, ticket)) h.error = errorText(e, 'Could not load messages.')
    } finally {
      if (isCurrent(conversationId, ticket)) h.loading = false
    }
  }

  /**
   * Makes the window the message and its neighbours (a jump to a search
   * result, a pin, a quoted reply), unless the message is loaded already.
   * Throws when it cannot be loaded (gone, or not ours): the caller says so.
   */
  async function loadAround(conversationId: string, messageId: string): Promise<void> {
    const h = historyOf(conversationId)
    if (h.loaded && find(conversationId, messageId)) return
    const ticket = newTicket(conversationId)
    h.loading = true
    try {
      const page = await conversationsApi.around(conversationId, messageId, PAGE_SIZE)
      if (!isCurrent(conversationId, ticket)) return
      h.items = []
      for (const m of page.items) upsertSorted(h.items, m)
      h.nextBefore = page.next_before ?? null
      h.nextAfter = page.next_after ?? null
      h.ahead = []
      h.error = null
      h.loaded = true
    } finally {
      if (isCurrent(conversationId, ticket)) h.loading = false
    }
  }

  /** Loads the page before the oldest loaded message. */
  async function loadOlder(conversationId: string): Promise<void> {
    const h = historyOf(conversationId)
    if (!h.loaded || h.loadingOlder || !h.nextBefore) return
    const ticket = tickets.get(conversationId) ?? 0
    h.loadingOlder = true
    h.error = null
    try {
      const page = await conversationsApi.history(conversationId, h.nextBefore, PAGE_SIZE)
      if (!isCurrent(conversationId, ticket)) return
      for (const m of page.items) upsertSorted(h.items, m)
      h.nextBefore = page.next_before ?? null
    } catch (e) {
      h.error = errorText(e, 'Could not load older messages.')
    } finally {
      h.loadingOlder = false
    }
  }

  /**
   * Loads the page after the newest loaded message, in a window that ends
   * before the newest; the last page catches up, and the live messages that
   * came meanwhile join it.
   */
  async function loadNewer(conversationId: string): Promise<void> {
    const h = historyOf(conversationId)
    if (!h.loaded || h.loadingNewer || !h.nextAfter) return
    const ticket = tickets.get(conversationId) ?? 0
    h.loadingNewer = true
    h.error = null
    try {
      const page = await conversationsApi.newer(conversationId, h.nextAfter, PAGE_SIZE)
      if (!isCurrent(conversationId, ticket)) return
      if (!page.next_after) {
        // Before the page: its copies are fresher than those events brought.
        for (const m of h.ahead) upsertSorted(h.items, m)
        h.ahead = []
      }
      for (const m of page.items) upsertSorted(h.items, m)
      h.nextAfter = page.next_after ?? null
    } catch (e) {
      h.error = errorText(e, 'Could not load newer messages.')
    } finally {
      h.loadingNewer = false
    }
  }

  /** Stores a message from the server (a send's reply, an event); ignored for histories not loaded. */
  function receive(m: Message): void {
    const h = histories.value[m.conversation_id]
    if (!h?.loaded) return
    const newest = h.items[h.items.length - 1]?.id
    if (h.nextAfter && isNewer(m.id, newest)) {
      // Past the end of a window that has not caught up: put in place once it
      // has, rather than after a gap. Only the newest matter: older ones come
      // with the pages still to load.
      h.ahead = [...h.ahead.filter((x) => x.id !== m.id), m].slice(-PAGE_SIZE)
      return
    }
    upsertSorted(h.items, m)
  }

  // ---- editing ------------------------------------------------------------------

  async function edit(conversationId: string, messageId: string, body: string): Promise<void> {
    const m = await conversationsApi.edit(conversationId, messageId, body)
    applyChanged(m)
    conversations.applyMessageChanged(m)
  }

  async function remove(conversationId: string, messageId: string): Promise<void> {
    await conversationsApi.remove(conversationId, messageId)
    const m = find(conversationId, messageId)
    if (!m) return
    const tombstone = { ...m, body: null, deleted_at: new Date().toISOString() }
    applyChanged(tombstone)
    conversations.applyMessageChanged(tombstone)
  }

  /** The author drops a message's link previews; the answer is the message without them. */
  async function removePreviews(conversationId: string, messageId: string): Promise<void> {
    applyChanged(await messagesApi.removePreviews(conversationId, messageId))
  }

  // ---- events ---------------------------------------------------------------------

  function applyCreated(m: Message): void {
    receive(m)
  }

  /** An edit or a tombstone; ignored for messages not loaded. */
  function applyChanged(m: Message): void {
    const h = histories.value[m.conversation_id]
    if (!h?.loaded || !h.items.some((x) => x.id === m.id)) return
    upsertSorted(h.items, m)
  }

  function setActive(conversationId: string | null): void {
    active.value = conversationId
  }

  /** Events may have been missed: forget every history but the one on screen, and reload that one. */
  async function resync(): Promise<void> {
    const keep = active.value
    const held = keep ? histories.value[keep] : undefined
    histories.value = held && keep ? { [keep]: held } : {}
    if (keep) await loadLatest(keep, { force: true })
  }

  /** Drops a conversation's history (a group deleted, or one we were removed from). */
  function forget(conversationId: string): void {
    delete histories.value[conversationId]
  }

  function reset(): void {
    histories.value = {}
    active.value = null
  }

  return {
    histories,
    active,
    historyOf,
    find,
    loadLatest,
    loadAround,
    loadOlder,
    loadNewer,
    edit,
    remove,
    removePreviews,
    applyCreated,
    applyChanged,
    setActive,
    resync,
    forget,
    reset,
  }
})
