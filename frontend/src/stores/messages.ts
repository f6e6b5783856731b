import { defineStore } from 'pinia'
import { ref } from 'vue'

import { conversationsApi } from '@/api/conversations'
import { messagesApi } from '@/api/messages'
import { type ReplyCursor, threadsApi } from '@/api/threads'
import type { Message, MessagePage, ThreadSummary } from '@/api/types'
import { i18n } from '@/i18n'
import { useConversationsStore } from '@/stores/conversations'
import { mergeMessage, upsertSorted } from '@/utils/history'
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

/**
 * One thread's replies: a window like a history (replies never join the
 * main one), and the root when the main history does not hold it (a thread
 * opened from a notification, a search result or the thread list).
 */
export interface ThreadWindow extends History {
  conversationId: string
  root: Message | null
}

/** Where a window's pages come from: a conversation's main timeline, or one thread's replies. */
interface Source {
  /** Whose tickets: the conversation's id, or the thread root's. */
  key: string
  window(): History
  page(cursor: ReplyCursor): Promise<MessagePage>
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
 * Message history per conversation, paged backwards by cursor, and apart
 * from it the replies of each thread opened (`threads`, by root id). A
 * message that comes back both as the REST reply to a send and as a
 * `message.created` event is stored once (by id). Sends on their way are the
 * outbox's (stores/outbox.ts).
 */
export const useMessagesStore = defineStore('messages', () => {
  const conversations = useConversationsStore()

  const histories = ref<Record<string, History>>({})
  /** Thread replies by root id: never part of `histories`. */
  const threads = ref<Record<string, ThreadWindow>>({})
  /** The conversation on screen: the one reloaded after a resync. */
  const active = ref<string | null>(null)

  function historyOf(conversationId: string): History {
    // Read back through the store: `x ??= {}` would hand out the raw object,
    // and changes made to it would reach no screen.
    if (!histories.value[conversationId]) histories.value[conversationId] = emptyHistory()
    return histories.value[conversationId]!
  }

  function threadOf(conversationId: string, rootId: string): ThreadWindow {
    if (!threads.value[rootId]) threads.value[rootId] = { ...emptyHistory(), conversationId, root: null }
    return threads.value[rootId]!
  }

  /**
   * A loaded message: of the main history first (the copy the chat shows),
   * else a thread's reply or root. Reactions, edits and pins change the copy
   * found here, and the thread panel shows the same.
   */
  function find(conversationId: string, id: string | null | undefined): Message | undefined {
    if (!id) return undefined
    const main = histories.value[conversationId]?.items.find((m) => m.id === id)
    if (main) return main
    for (const w of Object.values(threads.value)) {
      if (w.conversationId !== conversationId) continue
      if (w.root?.id === id) return w.root
      const reply = w.items.find((m) => m.id === id)
      if (reply) return reply
    }
    return undefined
  }

  const mainSource = (conversationId: string): Source => ({
    key: conversationId,
    window: () => historyOf(conversationId),
    page: (c) =>
      'around' in c
        ? conversationsApi.around(conversationId, c.around, PAGE_SIZE)
        : 'after' in c
          ? conversationsApi.newer(conversationId, c.after, PAGE_SIZE)
          : conversationsApi.history(conversationId, c.before, PAGE_SIZE),
  })

  const threadSource = (conversationId: string, rootId: string): Source => ({
    key: rootId,
    window: () => threadOf(conversationId, rootId),
    page: (c) => threadsApi.replies(conversationId, rootId, c, PAGE_SIZE),
  })

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
  function loadLatest(conversationId: string, options: { force?: boolean } = {}): Promise<void> {
    return latestIn(mainSource(conversationId), options)
  }

  async function latestIn(source: Source, { force = false } = {}): Promise<void> {
    const key = source.key
    const h = source.window()
    if (!force && (h.loading || h.loaded)) return
    const ticket = newTicket(key)
    h.loading = true
    h.error = null
    try {
      const page = await source.page({ before: null })
      if (!isCurrent(key, ticket)) return
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
      if (isCurrent(key, ticket)) h.error = errorText(e, i18n.global.t('chats.messages.loadError'))
    } finally {
      if (isCurrent(key, ticket)) h.loading = false
    }
  }

  /**
   * Makes the window the message and its neighbours (a jump to a search
   * result, a pin, a quoted reply), unless the message is loaded already.
   * Throws when it cannot be loaded (gone, or not ours): the caller says so.
   */
  function loadAround(conversationId: string, messageId: string): Promise<void> {
    return aroundIn(mainSource(conversationId), messageId)
  }

  async function aroundIn(source: Source, messageId: string): Promise<void> {
    const key = source.key
    const h = source.window()
    if (h.loaded && h.items.some((m) => m.id === messageId)) return
    const ticket = newTicket(key)
    h.loading = true
    try {
      const page = await source.page({ around: messageId })
      if (!isCurrent(key, ticket)) return
      h.items = []
      for (const m of page.items) upsertSorted(h.items, m)
      h.nextBefore = page.next_before ?? null
      h.nextAfter = page.next_after ?? null
      h.ahead = []
      h.error = null
      h.loaded = true
    } finally {
      if (isCurrent(key, ticket)) h.loading = false
    }
  }

  /** Loads the page before the oldest loaded message. */
  function loadOlder(conversationId: string): Promise<void> {
    return olderIn(mainSource(conversationId))
  }

  async function olderIn(source: Source): Promise<void> {
    const h = source.window()
    if (!h.loaded || h.loadingOlder || !h.nextBefore) return
    const ticket = tickets.get(source.key) ?? 0
    h.loadingOlder = true
    h.error = null
    try {
      const page = await source.page({ before: h.nextBefore })
      if (!isCurrent(source.key, ticket)) return
      for (const m of page.items) upsertSorted(h.items, m)
      h.nextBefore = page.next_before ?? null
    } catch (e) {
      h.error = errorText(e, i18n.global.t('chats.messages.loadOlderError'))
    } finally {
      h.loadingOlder = false
    }
  }

  /**
   * Loads the page after the newest loaded message, in a window that ends
   * before the newest; the last page catches up, and the live messages that
   * came meanwhile join it.
   */
  function loadNewer(conversationId: string): Promise<void> {
    return newerIn(mainSource(conversationId))
  }

  async function newerIn(source: Source): Promise<void> {
    const h = source.window()
    if (!h.loaded || h.loadingNewer || !h.nextAfter) return
    const ticket = tickets.get(source.key) ?? 0
    h.loadingNewer = true
    h.error = null
    try {
      const page = await source.page({ after: h.nextAfter })
      if (!isCurrent(source.key, ticket)) return
      if (!page.next_after) {
        // Before the page: its copies are fresher than those events brought.
        for (const m of h.ahead) upsertSorted(h.items, m)
        h.ahead = []
      }
      for (const m of page.items) upsertSorted(h.items, m)
      h.nextAfter = page.next_after ?? null
    } catch (e) {
      h.error = errorText(e, i18n.global.t('chats.messages.loadNewerError'))
    } finally {
      h.loadingNewer = false
    }
  }

  /** Stores a message from the server (a send's reply, an event); ignored for histories not loaded. */
  function receive(m: Message): void {
    // A reply goes to its thread's window, never to the main history.
    const h = m.thread_id ? threads.value[m.thread_id] : histories.value[m.conversation_id]
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

  /** An edit or a tombstone (or a pin); ignored for messages not loaded. */
  function applyChanged(m: Message): void {
    if (!m.thread_id) {
      // A root held by a thread window changes there too.
      const w = threads.value[m.id]
      if (w?.root) w.root = mergeMessage(w.root, m)
    }
    const h = m.thread_id ? threads.value[m.thread_id] : histories.value[m.conversation_id]
    if (!h?.loaded || !h.items.some((x) => x.id === m.id)) return
    upsertSorted(h.items, m)
  }

  // ---- threads --------------------------------------------------------------------

  /** The newest replies of a thread (once, unless `force`). */
  function loadThread(conversationId: string, rootId: string, options: { force?: boolean } = {}): Promise<void> {
    return latestIn(threadSource(conversationId, rootId), options)
  }

  /** A reply with its neighbours (a notification, a search result); throws when it cannot be loaded. */
  function loadThreadAround(conversationId: string, rootId: string, replyId: string): Promise<void> {
    return aroundIn(threadSource(conversationId, rootId), replyId)
  }

  function loadThreadOlder(conversationId: string, rootId: string): Promise<void> {
    return olderIn(threadSource(conversationId, rootId))
  }

  function loadThreadNewer(conversationId: string, rootId: string): Promise<void> {
    return newerIn(threadSource(conversationId, rootId))
  }

  /** The root as `GET .../threads/{root}` gave it: shown when the main history does not hold it. */
  function keepRoot(root: Message): void {
    const w = threadOf(root.conversation_id, root.id)
    w.root = w.root ? mergeMessage(w.root, root) : root
  }

  /** `thread.updated`: the summary under the root, wherever the root is held. */
  function applyThreadSummary(s: ThreadSummary): void {
    const w = threads.value[s.root_id]
    const copies = [histories.value[s.conversation_id]?.items.find((m) => m.id === s.root_id), w?.root]
    for (const m of copies) if (m) m.thread = s
  }

  function setActive(conversationId: string | null): void {
    active.value = conversationId
  }

  /**
   * Events may have been missed: forget every history but the one on screen,
   * and reload that one; thread windows are dropped too (an open thread panel
   * loads its own again).
   */
  async function resync(): Promise<void> {
    const keep = active.value
    const held = keep ? histories.value[keep] : undefined
    histories.value = held && keep ? { [keep]: held } : {}
    threads.value = {}
    if (keep) await loadLatest(keep, { force: true })
  }

  /** Drops a conversation's history and threads (a group deleted, or one we were removed from). */
  function forget(conversationId: string): void {
    delete histories.value[conversationId]
    for (const [rootId, w] of Object.entries(threads.value)) {
      if (w.conversationId === conversationId) delete threads.value[rootId]
    }
  }

  function reset(): void {
    histories.value = {}
    threads.value = {}
    active.value = null
  }

  return {
    histories,
    threads,
    active,
    historyOf,
    find,
    loadLatest,
    loadAround,
    loadOlder,
    loadNewer,
    loadThread,
    loadThreadAround,
    loadThreadOlder,
    loadThreadNewer,
    keepRoot,
    applyThreadSummary,
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
