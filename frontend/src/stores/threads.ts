import { defineStore } from 'pinia'
import { ref } from 'vue'

import { threadsApi } from '@/api/threads'
import type { Message, Thread, ThreadMembership, ThreadSummary } from '@/api/types'
import { useAuthStore } from '@/stores/auth'
import { useConversationsStore } from '@/stores/conversations'
import { useMessagesStore } from '@/stores/messages'
import { mergeMessage } from '@/utils/history'
import { isNewer } from '@/utils/ids'

export const THREAD_PAGE = 30

/** The reader's part in one thread. */
export interface ThreadState {
  conversationId: string
  following: boolean
  lastReadId: string | null
  /** Replies by others after `lastReadId` (0 while not following). */
  unread: number
}

/** A conversation's threads with replies, most recently active first (the Threads panel). */
export interface ThreadList {
  /** The roots, each with its summary in `thread`. */
  items: Message[]
  nextBefore: string | null
  loaded: boolean
  loading: boolean
  loadingMore: boolean
  /** A message key (`threads.errors.*`), translated where shown. */
  error: string | null
}

/** Most recent reply first, as the API lists threads. */
function byActivity(a: Message, b: Message): number {
  return (b.thread?.last_reply_at ?? '').localeCompare(a.thread?.last_reply_at ?? '')
}

function hasUnread(s: ThreadState | undefined): boolean {
  return !!s && s.following && s.unread > 0
}

/**
 * Threads: the list per conversation, and the reader's part in each thread
 * known here (following, read marker, unread replies), kept live by
 * `thread.updated`, `thread.member_updated` and the replies' `message.*`
 * events. The replies themselves are the messages store's (`threads`).
 *
 * A conversation's `unread_threads` (the chat list's badge) moves with each
 * thread known here that gains or loses its unread replies. Of a thread not
 * known yet, an event cannot say what changed: the thread is fetched, and the
 * conversation with it, whose count is the server's.
 */
export const useThreadsStore = defineStore('threads', () => {
  const auth = useAuthStore()
  const conversations = useConversationsStore()
  const messages = useMessagesStore()

  const states = ref<Record<string, ThreadState>>({})
  const lists = ref<Record<string, ThreadList>>({})
  /** Replies counted as unread here since the state was last fetched, by root id (each counts once). */
  const counted = new Map<string, Set<string>>()
  /** Fetches of one thread in flight; `again`: asked for meanwhile, so one more follows. */
  const refreshing = new Map<string, { again: boolean; recount: boolean }>()

  const me = () => auth.user?.id ?? null

  function stateOf(rootId: string): ThreadState | undefined {
    return states.value[rootId]
  }

  /**
   * Sets what the reader's part in a thread is now. A thread that gains or
   * loses its unread replies moves the conversation's count, if it was known
   * before (else the count already is the server's, which knew it).
   */
  function update(rootId: string, conversationId: string, change: Partial<Omit<ThreadState, 'conversationId'>>): void {
    const before = states.value[rootId]
    const known = before ?? { conversationId, following: false, lastReadId: null, unread: 0 }
    const after: ThreadState = { ...known, ...change }
    if (!after.following) after.unread = 0
    states.value[rootId] = after
    if (before && hasUnread(before) !== hasUnread(after)) {
      conversations.countUnreadThreads(conversationId, hasUnread(after) ? 1 : -1)
    }
  }

  /** A thread as the API gives it: its root, and the reader's part in it. */
  function learn(t: Thread): void {
    counted.delete(t.root.id)
    update(t.root.id, t.root.conversation_id, {
      following: t.following,
      lastReadId: t.last_read_id ?? null,
      unread: t.unread_count,
    })
  }

  /** The summary under a root, from wherever it is held. */
  function summaryOf(conversationId: string, rootId: string): ThreadSummary | null {
    return (
      messages.find(conversationId, rootId)?.thread ??
      lists.value[conversationId]?.items.find((m) => m.id === rootId)?.thread ??
      null
    )
  }

  // ---- one thread ---------------------------------------------------------------------

  /**
   * Fetches a thread (its root and the reader's part), as the panel opens it;
   * `recount`: the conversation too, whose unread thread count an event made
   * unsure. Throws when the thread cannot be read (the panel says so).
   */
  async function fetch(conversationId: string, rootId: string, { recount = false } = {}): Promise<void> {
    const t = await threadsApi.get(conversationId, rootId)
    messages.keepRoot(t.root)
    learn(t)
    if (recount) await conversations.fetchOne(conversationId)
  }

  /** `fetch`, once at a time per thread: asked for while one runs, one more follows it. */
  async function refresh(conversationId: string, rootId: string, { recount = false } = {}): Promise<void> {
    const running = refreshing.get(rootId)
    if (running) {
      running.again = true
      running.recount ||= recount
      return
    }
    const job = { again: true, recount }
    refreshing.set(rootId, job)
    try {
      while (job.again) {
        job.again = false
        const withCount = job.recount
        job.recount = false
        await fetch(conversationId, rootId, { recount: withCount }).catch(() => {
          /* the next event or load tries again */
        })
      }
    } finally {
      refreshing.delete(rootId)
    }
  }

  /** Follows or unfollows (the answer is also sent as `thread.member_updated`). */
  async function follow(conversationId: string, rootId: string, on: boolean): Promise<void> {
    applyMembership(await threadsApi.follow(conversationId, rootId, on))
  }

  /**
   * The reader saw the thread up to this reply: its unread replies are read
   * (if it is the newest) and the server is told. Only for a followed thread:
   * others have no unread state to keep.
   */
  function markRead(conversationId: string, rootId: string, replyId: string): void {
    const s = states.value[rootId]
    if (!s?.following || !isNewer(replyId, s.lastReadId)) return
    const last = summaryOf(conversationId, rootId)?.last_reply_id
    const allRead = !last || !isNewer(last, replyId)
    if (allRead) counted.delete(rootId)
    update(rootId, conversationId, { lastReadId: replyId, ...(allRead ? { unread: 0 } : {}) })
    threadsApi.markRead(conversationId, rootId, replyId).catch(() => {
      /* the marker only moves forward; the next read carries it */
    })
  }

  // ---- the list of a conversation's threads -----------------------------------------

  function listOf(conversationId: string): ThreadList {
    if (!lists.value[conversationId]) {
      lists.value[conversationId] = {
        items: [],
        nextBefore: null,
        loaded: false,
        loading: false,
        loadingMore: false,
        error: null,
      }
    }
    return lists.value[conversationId]!
  }

  async function load(conversationId: string, { force = false } = {}): Promise<void> {
    const list = listOf(conversationId)
    if (list.loading || (list.loaded && !force)) return
    list.loading = true
    list.error = null
    try {
      const page = await threadsApi.list(conversationId, null, THREAD_PAGE)
      for (const t of page.items) learn(t)
      list.items = page.items.map((t) => t.root)
      list.nextBefore = page.next_before ?? null
      list.loaded = true
    } catch {
      list.error = 'threads.errors.list'
    } finally {
      list.loading = false
    }
  }

  async function loadMore(conversationId: string): Promise<void> {
    const list = lists.value[conversationId]
    if (!list?.loaded || list.loadingMore || !list.nextBefore) return
    list.loadingMore = true
    list.error = null
    try {
      const page = await threadsApi.list(conversationId, list.nextBefore, THREAD_PAGE)
      for (const t of page.items) learn(t)
      const held = new Set(list.items.map((m) => m.id))
      list.items = [...list.items, ...page.items.map((t) => t.root).filter((m) => !held.has(m.id))]
      list.nextBefore = page.next_before ?? null
    } catch {
      list.error = 'threads.errors.list'
    } finally {
      list.loadingMore = false
    }
  }

  // ---- events ---------------------------------------------------------------------

  /** `thread.updated`: the root's summary, under it and in the list (which keeps its order by activity). */
  function applySummary(s: ThreadSummary): void {
    messages.applyThreadSummary(s)
    const list = lists.value[s.conversation_id]
    if (!list?.loaded) return
    const held = list.items.find((m) => m.id === s.root_id)
    if (s.reply_count === 0) {
      list.items = list.items.filter((m) => m.id !== s.root_id)
      return
    }
    const root = held ?? messages.find(s.conversation_id, s.root_id)
    if (!root) {
      // A thread the list has not seen, whose root is not loaded here.
      void load(s.conversation_id, { force: true })
      return
    }
    const fresh = { ...root, thread: s }
    list.items = [...list.items.filter((m) => m.id !== s.root_id), fresh].sort(byActivity)
  }

  /** `thread.member_updated` (one's own part, from any device): follows, unfollows, or read further. */
  function applyMembership(m: ThreadMembership): void {
    if (m.user_id !== me()) return
    const before = states.value[m.root_id]
    const read = m.last_read_id ?? null
    if (!before) {
      // Known from now on (replies that come next count here); how many are
      // unread, and what the chat's count was, are the server's to say.
      update(m.root_id, m.conversation_id, { following: m.following, lastReadId: read, unread: 0 })
      if (m.following) void refresh(m.conversation_id, m.root_id, { recount: true })
      else void conversations.fetchOne(m.conversation_id)
      return
    }
    if (!m.following) {
      counted.delete(m.root_id)
      update(m.root_id, m.conversation_id, { following: false, lastReadId: read })
      return
    }
    const last = summaryOf(m.conversation_id, m.root_id)?.last_reply_id
    if (before.following && (!last || (read && !isNewer(last, read)))) {
      // Read to the last reply (here, or on another device).
      counted.delete(m.root_id)
      update(m.root_id, m.conversation_id, { lastReadId: read, unread: 0 })
      return
    }
    if (before.following && before.lastReadId === read) return
    // Newly followed, or read partway: how many are unread is the server's to say.
    update(m.root_id, m.conversation_id, { following: true, lastReadId: read })
    void refresh(m.conversation_id, m.root_id)
  }

  /** A new reply (`message.created` with `thread_id`): unread for a follower, if someone else wrote it. */
  function applyReplyCreated(m: Message): void {
    const rootId = m.thread_id
    if (!rootId || !m.author_id || m.author_id === me() || m.deleted_at) return
    const s = states.value[rootId]
    if (!s) {
      // Followed or not? Only the server knows.
      void refresh(m.conversation_id, rootId, { recount: true })
      return
    }
    if (!s.following || !isNewer(m.id, s.lastReadId)) return
    const seen = counted.get(rootId) ?? new Set<string>()
    counted.set(rootId, seen)
    if (seen.has(m.id)) return
    seen.add(m.id)
    update(rootId, m.conversation_id, { unread: s.unread + 1 })
  }

  /** A reply deleted: one fewer unread, if it was. */
  function applyReplyDeleted(m: Message): void {
    const rootId = m.thread_id
    if (!rootId) return
    const s = states.value[rootId]
    if (!s?.following || m.author_id === me() || !isNewer(m.id, s.lastReadId)) return
    const seen = counted.get(rootId)
    if (seen?.delete(m.id)) update(rootId, m.conversation_id, { unread: Math.max(0, s.unread - 1) })
    // Counted by the server before this tab knew the thread.
    else void refresh(m.conversation_id, rootId)
  }

  /** A root edited or deleted (`message.updated`/`deleted` of the main timeline): its copy in the list. */
  function applyRootChanged(m: Message): void {
    const list = lists.value[m.conversation_id]
    const i = list?.items.findIndex((x) => x.id === m.id) ?? -1
    if (list && i >= 0) list.items[i] = mergeMessage(list.items[i]!, m)
  }

  /** Events may have been missed: what is known is forgotten, and the lists shown are loaded again. */
  async function resync(): Promise<void> {
    states.value = {}
    counted.clear()
    await Promise.all(
      Object.entries(lists.value)
        .filter(([, list]) => list.loaded)
        .map(([id]) => load(id, { force: true })),
    )
  }

  function forget(conversationId: string): void {
    delete lists.value[conversationId]
    for (const [rootId, s] of Object.entries(states.value)) {
      if (s.conversationId === conversationId) delete states.value[rootId]
    }
  }

  function reset(): void {
    states.value = {}
    lists.value = {}
    counted.clear()
    refreshing.clear()
  }

  return {
    states,
    lists,
    stateOf,
    fetch,
    refresh,
    follow,
    markRead,
    listOf,
    load,
    loadMore,
    applySummary,
    applyMembership,
    applyReplyCreated,
    applyReplyDeleted,
    applyRootChanged,
    resync,
    forget,
    reset,
  }
})
