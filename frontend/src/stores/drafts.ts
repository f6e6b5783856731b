import { defineStore } from 'pinia'
import { ref } from 'vue'

import { isApiError } from '@/api/client'
import { draftsApi } from '@/api/drafts'
import type { Draft } from '@/api/types'
import { useAuthStore } from '@/stores/auth'
import { storage } from '@/utils/storage'
import { charCount } from '@/utils/validation'

/** A draft is saved this long after typing stops. */
export const SAVE_DELAY_MS = 800
/** The server's limit on a draft, as on a message. */
const MAX_CHARS = 4000
/** A 429 without a Retry-After is tried again after this long. */
const RATE_LIMIT_RETRY_S = 5
/**
 * How long after its answer a save of this tab still explains a
 * `draft.updated` with the same text: the echo may come after the answer, and
 * DELETE's answer carries no time to compare with.
 */
const ECHO_GRACE_MS = 10_000

/** localStorage key of one user's drafts (conversation id → {@link LocalDraft}). */
export const draftsKey = (userId: string) => `confab.drafts.${userId}`

/** One conversation's draft as this tab holds it. */
export interface LocalDraft {
  body: string
  reply_to_id: string | null
  /** The server's time of the save or event this copy matches; null when it never came from the server. */
  updated_at: string | null
  /**
   * When (this device's clock, ms) it was last changed here without the
   * server having it yet (unsaved, or its save failed); null once saved.
   */
  edited_at: number | null
}

/** What a save sent, to know its `draft.updated` echo when it comes. */
interface Sent {
  body: string
  reply_to_id: string | null
  /** When its answer came (ms); null while it is on its way. */
  settled: number | null
}

const isEmpty = (d: { body: string; reply_to_id?: string | null }) => d.body === '' && !d.reply_to_id
const timeOf = (iso: string | null | undefined): number => {
  const t = iso ? Date.parse(iso) : NaN
  return Number.isNaN(t) ? -Infinity : t
}

function readStored(userId: string): Record<string, LocalDraft> {
  try {
    const parsed: unknown = JSON.parse(storage.get(draftsKey(userId)) ?? '{}')
    const out: Record<string, LocalDraft> = {}
    if (typeof parsed !== 'object' || parsed === null) return out
    for (const [id, v] of Object.entries(parsed as Record<string, Partial<LocalDraft>>)) {
      if (typeof v?.body !== 'string') continue
      out[id] = {
        body: v.body,
        reply_to_id: typeof v.reply_to_id === 'string' ? v.reply_to_id : null,
        updated_at: typeof v.updated_at === 'string' ? v.updated_at : null,
        edited_at: typeof v.edited_at === 'number' ? v.edited_at : null,
      }
    }
    return out
  } catch {
    return {}
  }
}

/**
 * The composer's unsent text per conversation, kept on the server so it
 * follows the user to their other tabs and devices.
 *
 * Typing changes the draft here at once (and in localStorage, so a reload
 * while offline still has it) and saves it {@link SAVE_DELAY_MS} after the
 * typing stops; switching chats and the page going away save at once. A save
 * that fails (offline, 429) keeps the text here and is tried again on the
 * next change or reconnect. `draft.updated` brings the other tabs' saves,
 * unless this tab has newer unsaved edits or the event is the echo of its own
 * save. Once a message is accepted its text stops being a draft (DELETE).
 */
export const useDraftsStore = defineStore('drafts', () => {
  const auth = useAuthStore()

  const byConversation = ref<Record<string, LocalDraft>>({})
  /** Whose drafts these are (and whose localStorage entry): set by `started`, reset on logout. */
  let owner: string | null = null
  let listening = false
  const timers = new Map<string, ReturnType<typeof setTimeout>>()
  /** Each conversation's requests, one after another: the last one sent is the one the server keeps. */
  const queues = new Map<string, Promise<void>>()
  /** This tab's requests per conversation, to know their `draft.updated` echoes. */
  const echoes = new Map<string, Sent[]>()
  /** When (ms) each draft last changed here: a list asked for before that is older than it. */
  const touched = new Map<string, number>()

  function draftOf(conversationId: string): LocalDraft | undefined {
    return byConversation.value[conversationId]
  }

  /** The draft's text on one line, for the chat list; '' when there is none. */
  function previewOf(conversationId: string): string {
    return (byConversation.value[conversationId]?.body ?? '').replace(/\s+/g, ' ').trim().slice(0, 120)
  }

  // ---- localStorage --------------------------------------------------------

  /**
   * Writes these conversations' entries (one read and one write, so other
   * tabs' entries for other chats stay). Only what matters after a reload is
   * kept: text, or a change the server has not got yet.
   */
  function persist(ids: string[]): void {
    if (!owner) return
    const stored = readStored(owner)
    for (const id of ids) {
      const d = byConversation.value[id]
      if (d && (!isEmpty(d) || d.edited_at !== null)) stored[id] = { ...d }
      else delete stored[id]
    }
    if (Object.keys(stored).length) storage.set(draftsKey(owner), JSON.stringify(stored))
    else storage.remove(draftsKey(owner))
  }

  // ---- saving --------------------------------------------------------------

  function enqueue(conversationId: string, job: () => Promise<void>): Promise<void> {
    const next = (queues.get(conversationId) ?? Promise.resolve()).then(job)
    queues.set(conversationId, next)
    void next.finally(() => {
      if (queues.get(conversationId) === next) queues.delete(conversationId)
    })
    return next
  }

  function clearTimer(conversationId: string): void {
    clearTimeout(timers.get(conversationId))
    timers.delete(conversationId)
  }

  function schedule(conversationId: string, ms: number): void {
    clearTimer(conversationId)
    timers.set(
      conversationId,
      setTimeout(() => void flush(conversationId), ms),
    )
  }

  /** Remembers a request's text until a while after its answer (its echo is no news). */
  function expectEcho(conversationId: string, body: string, replyToId: string | null): () => void {
    const entry: Sent = { body, reply_to_id: replyToId, settled: null }
    echoes.set(conversationId, [...(echoes.get(conversationId) ?? []), entry])
    return () => (entry.settled = Date.now())
  }

  function isEcho(d: Draft): boolean {
    const now = Date.now()
    const live = (echoes.get(d.conversation_id) ?? []).filter((s) => s.settled === null || now - s.settled < ECHO_GRACE_MS)
    echoes.set(d.conversation_id, live)
    return live.some((s) => s.body === d.body && s.reply_to_id === (d.reply_to_id ?? null))
  }

  /** Sends the draft as it is now, unless it has been saved meanwhile. */
  async function put(conversationId: string, keepalive: boolean): Promise<void> {
    const d = byConversation.value[conversationId]
    if (!d || d.edited_at === null) return
    // Logged out (the chat closing as the shell goes): kept in localStorage for the next login.
    if (!auth.isAuthenticated) return
    // The server would refuse it: it stays here (and in localStorage) until shortened.
    if (charCount(d.body) > MAX_CHARS) return
    const { body, reply_to_id: replyToId, edited_at: edited } = d
    const settle = expectEcho(conversationId, body, replyToId)
    try {
      const saved = await draftsApi.save(conversationId, { body, reply_to: replyToId }, { keepalive })
      const now = byConversation.value[conversationId]
      if (!now) return
      if (timeOf(saved.updated_at) > timeOf(now.updated_at)) now.updated_at = saved.updated_at
      if (now.edited_at === edited) now.edited_at = null // nothing typed since
      persist([conversationId])
    } catch (e) {
      // The text stays here as it is; it goes with the next change, on reconnect, or after Retry-After.
      if (!isApiError(e)) return
      if (e.status === 429) schedule(conversationId, (e.retryAfter ?? RATE_LIMIT_RETRY_S) * 1000)
      else if (e.code === 'invalid_reply_to') dropReply(conversationId, replyToId)
    } finally {
      settle()
    }
  }

  /** The message replied to is gone: the draft keeps its text and is saved without it. */
  function dropReply(conversationId: string, replyToId: string | null): void {
    const d = byConversation.value[conversationId]
    if (!d || d.reply_to_id !== replyToId) return
    d.reply_to_id = null
    d.edited_at = Math.max(Date.now(), (d.edited_at ?? 0) + 1)
    persist([conversationId])
    schedule(conversationId, 0)
  }

  /** Saves a conversation's draft now if it has unsaved changes (switching chats, leaving). */
  function flush(conversationId: string, { keepalive = false } = {}): Promise<void> {
    clearTimer(conversationId)
    if (byConversation.value[conversationId]?.edited_at == null) return queues.get(conversationId) ?? Promise.resolve()
    return enqueue(conversationId, () => put(conversationId, keepalive))
  }

  /** Saves every draft with unsaved changes (the page hidden or going away, a reconnect). */
  function flushAll({ keepalive = false } = {}): Promise<void> {
    const ids = Object.keys(byConversation.value).filter((id) => byConversation.value[id]!.edited_at !== null)
    return Promise.all(ids.map((id) => flush(id, { keepalive }))).then(() => {})
  }

  // ---- local edits -----------------------------------------------------------

  /**
   * The composer changed (its text, or the message it replies to; what is not
   * given stays): kept at once, saved once typing stops.
   */
  function edit(conversationId: string, change: { body?: string; reply_to_id?: string | null }): void {
    started()
    const d = byConversation.value[conversationId]
    const body = change.body ?? d?.body ?? ''
    const replyToId = change.reply_to_id !== undefined ? change.reply_to_id : (d?.reply_to_id ?? null)
    if (d ? d.body === body && d.reply_to_id === replyToId : isEmpty({ body, reply_to_id: replyToId })) return
    byConversation.value[conversationId] = {
      body,
      reply_to_id: replyToId,
      updated_at: d?.updated_at ?? null,
      // Always later than the last one: a save's answer tells by it whether anything was typed since.
      edited_at: Math.max(Date.now(), (d?.edited_at ?? 0) + 1),
    }
    touched.set(conversationId, Date.now())
    persist([conversationId])
    schedule(conversationId, SAVE_DELAY_MS)
  }

  // ---- sending ---------------------------------------------------------------

  /** The composer's text is leaving as a message: no save of it meanwhile (the send decides). */
  function sending(conversationId: string): void {
    clearTimer(conversationId)
  }

  /**
   * A message was accepted: its text is no longer a draft, here, on the server
   * and in the other tabs. Unless the composer has moved on to new text since.
   */
  function sent(conversationId: string, body: string): void {
    const d = byConversation.value[conversationId]
    if (!d || d.body !== body || (isEmpty(d) && d.edited_at === null)) {
      // Not its text (a voice message went, the box kept what was typed): that is saved as before.
      if (d?.edited_at != null) schedule(conversationId, SAVE_DELAY_MS)
      return
    }
    clearTimer(conversationId)
    byConversation.value[conversationId] = { body: '', reply_to_id: null, updated_at: d.updated_at, edited_at: null }
    touched.set(conversationId, Date.now())
    persist([conversationId])
    void enqueue(conversationId, async () => {
      const settle = expectEcho(conversationId, '', null)
      try {
        await draftsApi.clear(conversationId)
      } catch {
        // Still on the server: cleared by an empty save on the next flush (reconnect).
        const now = byConversation.value[conversationId]
        if (now && isEmpty(now) && now.edited_at === null) {
          now.edited_at = Date.now()
          persist([conversationId])
        }
      } finally {
        settle()
      }
    })
  }

  /** A send failed: the text stays a draft, and is saved now so a reload or another device still has it. */
  function unsent(conversationId: string): void {
    void flush(conversationId)
  }

  // ---- from the server ---------------------------------------------------------

  /** Takes the server's copy as this tab's (no unsaved changes left). */
  function take(d: Draft): void {
    clearTimer(d.conversation_id)
    byConversation.value[d.conversation_id] = {
      body: d.body,
      reply_to_id: d.reply_to_id ?? null,
      updated_at: d.updated_at,
      edited_at: null,
    }
    touched.set(d.conversation_id, Date.now())
  }

  /** `draft.updated`: a save made in another tab or on another device (or this tab's own echo). */
  function applyRemote(d: Draft): void {
    if (d.user_id !== started()) return
    const local = byConversation.value[d.conversation_id]
    const at = timeOf(d.updated_at)
    // Older than (or the same as) what this tab holds: a late event, or the echo of a save already answered.
    if (local && at <= timeOf(local.updated_at)) return
    if (isEcho(d)) return
    // Typed here after that save: this tab's own save follows, and the last save wins.
    if (local && local.edited_at !== null && local.edited_at > at) return
    take(d)
    // Another device's text now: an equal text later is news, not an echo.
    echoes.set(
      d.conversation_id,
      (echoes.get(d.conversation_id) ?? []).filter((s) => s.settled === null),
    )
    persist([d.conversation_id])
  }

  function onVisibility(): void {
    if (document.visibilityState === 'hidden') void flushAll({ keepalive: true })
  }
  function onPageHide(): void {
    void flushAll({ keepalive: true })
  }

  /**
   * Takes up the signed-in user's drafts: what localStorage kept (under what
   * this tab holds already), and saving when the page is hidden or goes away.
   */
  function started(): string | null {
    const userId = auth.user?.id ?? null
    if (!userId || owner === userId) return owner
    const keep = owner === null ? byConversation.value : {}
    owner = userId
    byConversation.value = { ...readStored(userId), ...keep }
    if (!listening) {
      document.addEventListener('visibilitychange', onVisibility)
      window.addEventListener('pagehide', onPageHide)
      listening = true
    }
    return owner
  }

  /**
   * The server's drafts (after login, and again after a resync), merged with
   * this tab's: its unsaved changes stay (and are sent) unless the server's
   * copy is newer; what changed here while the list was on its way stays too.
   * The first load also brings back what localStorage kept.
   */
  async function load(): Promise<void> {
    const userId = started()
    if (!userId) return
    const asked = Date.now()
    let items: Draft[]
    try {
      items = (await draftsApi.list()).items ?? []
    } catch {
      return // offline: what localStorage kept serves
    }
    if (owner !== userId) return // logged out meanwhile
    const server = new Map(items.map((d) => [d.conversation_id, d]))
    const ids = new Set([...Object.keys(byConversation.value), ...server.keys()])
    for (const id of ids) {
      if ((touched.get(id) ?? 0) >= asked) continue
      const local = byConversation.value[id]
      const remote = server.get(id)
      if (local && local.edited_at !== null) {
        if (remote && timeOf(remote.updated_at) > local.edited_at) take(remote)
      } else if (remote) {
        if (!local || timeOf(remote.updated_at) > timeOf(local.updated_at)) take(remote)
      } else if (local) {
        delete byConversation.value[id] // cleared elsewhere, or a chat left
      }
    }
    persist([...ids])
    await flushAll()
  }

  /**
   * Logged out: forgets the drafts here. localStorage keeps only changes the
   * server has not got (sent at the next login), nothing it can give back.
   */
  function reset(): void {
    for (const t of timers.values()) clearTimeout(t)
    timers.clear()
    if (owner) {
      const unsaved = Object.fromEntries(Object.entries(readStored(owner)).filter(([, d]) => d.edited_at !== null))
      if (Object.keys(unsaved).length) storage.set(draftsKey(owner), JSON.stringify(unsaved))
      else storage.remove(draftsKey(owner))
    }
    document.removeEventListener('visibilitychange', onVisibility)
    window.removeEventListener('pagehide', onPageHide)
    listening = false
    owner = null
    byConversation.value = {}
    queues.clear()
    echoes.clear()
    touched.clear()
  }

  return {
    byConversation,
    draftOf,
    previewOf,
    load,
    edit,
    flush,
    flushAll,
    sending,
    sent,
    unsent,
    applyRemote,
    reset,
  }
})
