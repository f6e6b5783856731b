import { defineStore } from 'pinia'
import { shallowRef } from 'vue'

import { isApiError, isTemporaryError, SESSION_EXPIRED } from '@/api/client'
import { conversationsApi } from '@/api/conversations'
import { uploadMedia } from '@/api/media'
import type { Conversation, Media, Message } from '@/api/types'
import { backoffDelay } from '@/realtime/socket'
import { useAuthStore } from '@/stores/auth'
import { useConversationsStore } from '@/stores/conversations'
import { useDraftsStore } from '@/stores/drafts'
import { useMessagesStore } from '@/stores/messages'
import { useSlowmodeStore } from '@/stores/slowmode'
import { withCrossTabLock } from '@/utils/crossTabLock'
import { newNonce } from '@/utils/ids'
import { openOutboxStorage, type OutboxStorage } from '@/utils/outboxDb'

/** Waits between tries while the server cannot be reached: full jitter, from ~2 s up to a minute. */
const RETRY_BASE_MS = 2_000
const RETRY_CAP_MS = 60_000
/** Never sooner than this (full jitter may draw 0). */
const RETRY_MIN_MS = 1_000

/** A file of a message that waits for the network: uploaded when the message goes. */
export interface PendingFile {
  file: Blob
  name: string
}

/** What a message carries: an upload already made (sent by id), or a file still to upload. */
export type OutgoingAttachment = Media | PendingFile

export function isPendingFile(a: OutgoingAttachment): a is PendingFile {
  return 'file' in a
}

/** A message on its way: shown at once, replaced by the server's when it lands. */
export interface PendingMessage {
  /** Sent with every try: the server keeps the first message per nonce, so a message never doubles. */
  nonce: string
  conversation_id: string
  /**
   * A reply in this thread (its root's id), shown in the thread's panel, not
   * in the chat. Absent in records written before threads: the chat.
   */
  thread_id?: string | null
  body: string
  reply_to_id: string | null
  attachments: OutgoingAttachment[]
  created_at: string
  /** `sending`: goes as soon as the server can be reached; `failed`: refused, waiting for Retry or Delete. */
  state: 'sending' | 'failed'
  /**
   * Why it was refused, in words, as they were said then (null: no reason
   * given). Its `error_code`, when the server sent one, words it again in the
   * language shown (errors.api.<code>): a record outlives a change of language.
   */
  error: string | null
  error_code?: string | null
}

/** A pending message as the outbox keeps it (utils/outboxDb.ts). */
export interface OutboxRecord extends PendingMessage {
  user_id: string
  /** Queue order: when it was written, made unique and increasing. */
  seq: number
  /**
   * The chat as it was when written: after a reload while offline, the chat
   * and this message show before the list can load.
   */
  conversation: Conversation | null
}

/** How one try of one message went. */
type Outcome =
  | { kind: 'sent' | 'refused' }
  /** The server could not be reached or take it now: the rest waits too, and all is tried again. */
  | { kind: 'later'; retryAfterS?: number }
  /** Stop for now, no retry: the session is gone, or the user logged out meanwhile. */
  | { kind: 'stop' }

const bySeq = (a: OutboxRecord, b: OutboxRecord) => a.seq - b.seq

/** The refusal in words, if it says something ("Not sent." is the bubble's to say). */
function errorText(e: unknown): string | null {
  return e instanceof Error && e.message ? e.message : null
}

/** A copy IndexedDB can store: no reactive proxies (they cannot be cloned). */
function plainAttachment(a: OutgoingAttachment): OutgoingAttachment {
  return isPendingFile(a) ? { file: a.file, name: a.name } : (JSON.parse(JSON.stringify(a)) as Media)
}

/**
 * The outbox: every message the user sends goes through it. It is shown at
 * once as pending, kept in IndexedDB until the server has it (so a reload, a
 * crash or a closed browser loses nothing), and sent in the order written,
 * each with the nonce it got when written: the server keeps one message per
 * nonce, so a message sent twice (a retry after a lost answer, two tabs)
 * still arrives once. Files picked while offline are kept with their message
 * and uploaded when it goes.
 *
 * The server cannot be reached (offline, 5xx, 429): the message stays queued
 * and everything is tried again on the browser's `online`, when the socket is
 * back, and on a backoff timer. The server refuses it (4xx): it shows as
 * failed with the reason, to retry or delete. Each user has their own queue;
 * logging out forgets it (stores/auth.ts).
 */
export const useOutboxStore = defineStore('outbox', () => {
  const auth = useAuthStore()
  const messages = useMessagesStore()
  const conversations = useConversationsStore()
  const drafts = useDraftsStore()

  /**
   * The signed-in user's pending messages, oldest first. Records are replaced,
   * never changed in place: they go to IndexedDB as they are.
   */
  const items = shallowRef<OutboxRecord[]>([])
  /** Whose queue is shown and sent: set by `start`, cleared by `reset`. */
  let owner: string | null = null
  /** Bumped by `reset`: work still running for a user who logged out stops. */
  let generation = 0
  let storage: Promise<OutboxStorage> | null = null
  /** Records that could not be stored for good: their text stays the chat's draft until the server has them. */
  const volatile = new Set<string>()
  let lastSeq = 0
  /** Tries in a row that found the server unreachable (the backoff grows with it). */
  let attempt = 0
  let retryTimer: ReturnType<typeof setTimeout> | null = null
  let running: Promise<void> | null = null
  let again = false
  let listening = false

  function store(): Promise<OutboxStorage> {
    storage ??= openOutboxStorage()
    return storage
  }

  /**
   * Nonces of the user's messages a chat or thread already holds. A record can
   * outlive its send (a reload between the server's answer and the record's
   * deletion): the message must not show twice, sent and pending.
   */
  function sentIn(messagesShown: readonly Message[] | undefined): Set<string> {
    const me = auth.user?.id
    return new Set((messagesShown ?? []).flatMap((m) => (m.nonce && m.author_id === me ? [m.nonce] : [])))
  }

  /** A conversation's pending messages of the main timeline, oldest first. */
  function pendingIn(conversationId: string): PendingMessage[] {
    const sent = sentIn(messages.histories[conversationId]?.items)
    return items.value.filter((r) => r.conversation_id === conversationId && !r.thread_id && !sent.has(r.nonce))
  }

  /** A thread's pending replies, oldest first. */
  function pendingInThread(rootId: string): PendingMessage[] {
    const sent = sentIn(messages.threads[rootId]?.items)
    return items.value.filter((r) => r.thread_id === rootId && !sent.has(r.nonce))
  }

  /** Whether the server is known to have the record's message already (its chat shows it). */
  function alreadySent(r: OutboxRecord): boolean {
    const shown = r.thread_id ? messages.threads[r.thread_id]?.items : messages.histories[r.conversation_id]?.items
    return sentIn(shown).has(r.nonce)
  }

  // ---- records -------------------------------------------------------------------

  function nextSeq(): number {
    lastSeq = Math.max(Date.now(), lastSeq + 1)
    return lastSeq
  }

  /** Shows a record (new, or a newer copy of one shown). */
  function show(record: OutboxRecord): void {
    items.value = [...items.value.filter((r) => r.nonce !== record.nonce), record].sort(bySeq)
  }

  function hide(nonce: string): void {
    if (items.value.some((r) => r.nonce === nonce)) items.value = items.value.filter((r) => r.nonce !== nonce)
  }

  /** Stores a record; false when it is kept in memory only (no IndexedDB, or it refused the write). */
  async function persist(record: OutboxRecord): Promise<boolean> {
    try {
      const s = await store()
      await s.put(record)
      if (s.durable) {
        volatile.delete(record.nonce)
        return true
      }
    } catch {
      // Full, or gone: this tab still has it.
    }
    volatile.add(record.nonce)
    return false
  }

  async function keep(record: OutboxRecord): Promise<void> {
    show(record)
    await persist(record)
  }

  async function forgetRecord(nonce: string): Promise<void> {
    hide(nonce)
    volatile.delete(nonce)
    try {
      await (await store()).remove(nonce)
    } catch {
      // Left behind: its nonce makes a second send of it harmless.
    }
  }

  /**
   * What to send, oldest first: the stored queue (other tabs of this user
   * write to it too), and what this tab could keep in memory only.
   */
  async function queued(userId: string): Promise<OutboxRecord[]> {
    const stored = await (await store()).list(userId)
    const storedNonces = new Set(stored.map((r) => r.nonce))
    const inMemoryOnly = items.value.filter((r) => r.user_id === userId && volatile.has(r.nonce) && !storedNonces.has(r.nonce))
    return [...stored, ...inMemoryOnly].filter((r) => r.state === 'sending').sort(bySeq)
  }

  /** The freshest copy of a record, or undefined once it is sent or deleted (here or in another tab). */
  async function current(nonce: string): Promise<OutboxRecord | undefined> {
    return (await (await store()).get(nonce)) ?? (volatile.has(nonce) ? items.value.find((r) => r.nonce === nonce) : undefined)
  }

  // ---- taking up a user's queue -------------------------------------------------------

  /**
   * Before the conversation list has loaded (a reload while offline), the
   * chats of queued messages are known from their records, so they open.
   */
  function rememberConversations(records: OutboxRecord[]): void {
    if (conversations.loaded) return
    for (const r of records) {
      if (r.conversation && !conversations.byId[r.conversation_id]) conversations.upsert(r.conversation)
    }
  }

  function onOnline(): void {
    attempt = 0
    void flush()
  }

  /** Takes up the signed-in user's queue (app start, after login): shows what it holds, and sends it. */
  async function start(): Promise<void> {
    const userId = auth.user?.id ?? null
    if (!userId || owner === userId) return
    owner = userId
    const gen = generation
    if (!listening && typeof window !== 'undefined') {
      window.addEventListener('online', onOnline)
      listening = true
    }
    let records: OutboxRecord[] = []
    try {
      records = await (await store()).list(userId)
    } catch {
      // Unreadable: what is sent from now on still queues.
    }
    if (gen !== generation) return
    // Sends made while it was read stay (a record read and shown already is the same message).
    const shown = new Set(items.value.map((r) => r.nonce))
    items.value = [...records.filter((r) => !shown.has(r.nonce)), ...items.value].sort(bySeq)
    lastSeq = Math.max(lastSeq, ...records.map((r) => r.seq))
    rememberConversations(records)
    await flush()
  }

  // ---- sending --------------------------------------------------------------------------

  /**
   * Sends a message (the body may be empty with attachments), shown at once
   * as pending; with `threadId`, a reply in that thread (the chat's draft is
   * not its text, so it is left alone).
   */
  async function send(
    conversationId: string,
    body: string,
    replyTo: string | null = null,
    attachments: OutgoingAttachment[] = [],
    threadId: string | null = null,
  ): Promise<void> {
    const userId = auth.user?.id
    if (!userId) return
    void start()
    // The send decides what becomes of the draft, not a save still waiting to go.
    if (!threadId) drafts.sending(conversationId)
    const chat = conversations.byId[conversationId]
    const record: OutboxRecord = {
      nonce: newNonce(),
      user_id: userId,
      conversation_id: conversationId,
      thread_id: threadId,
      conversation: chat ? (JSON.parse(JSON.stringify(chat)) as Conversation) : null,
      body,
      reply_to_id: replyTo,
      attachments: attachments.map(plainAttachment),
      created_at: new Date().toISOString(),
      seq: nextSeq(),
      state: 'sending',
      error: null,
    }
    show(record)
    // Kept for good: its text is no longer the chat's draft (the message shows
    // pending instead, after a reload too). Kept in memory only, the draft
    // stays until the server has the message.
    if ((await persist(record)) && !threadId) drafts.sent(conversationId, body)
    await flush()
  }

  /** Sends a refused message again, with its nonce. */
  async function retry(nonce: string): Promise<void> {
    const r = items.value.find((x) => x.nonce === nonce)
    if (!r || r.state !== 'failed') return
    await keep({ ...r, state: 'sending', error: null, error_code: null })
    attempt = 0
    await flush()
  }

  /** Gives up on a refused message: it goes from the screen and the device. */
  function discard(nonce: string): Promise<void> {
    return forgetRecord(nonce)
  }

  /** A message of mine arrived (the echo of a send, maybe another tab's): it is pending no more. */
  function applyCreated(m: Message): void {
    if (m.nonce && m.author_id === auth.user?.id) void forgetRecord(m.nonce)
  }

  /**
   * Sends what is queued, oldest first. One pass at a time in this tab, and
   * one per user across tabs (a Web Lock); asked for during a pass, another
   * pass follows it, unless that one found the server unreachable (the retry
   * timer is the next try then). Resolves once the queue is sent, or waits
   * for the server.
   */
  function flush(): Promise<void> {
    again = true
    running ??= (async () => {
      try {
        while (again) {
          again = false
          const userId = owner
          if (!userId) break
          const gen = generation
          const waiting = await withCrossTabLock(`confab.outbox.${userId}`, () => drain(userId, gen))
          if (waiting) break
        }
      } finally {
        again = false
        running = null
      }
    })()
    return running
  }

  /** One pass over the queue; true when it stopped because the server cannot be reached (a retry is scheduled). */
  async function drain(userId: string, gen: number): Promise<boolean> {
    clearRetry()
    let list: OutboxRecord[]
    try {
      list = await queued(userId)
    } catch {
      scheduleRetry()
      return true
    }
    for (const listed of list) {
      if (gen !== generation) return false
      const record = await current(listed.nonce)
      if (!record || record.state !== 'sending') continue
      if (alreadySent(record)) {
        await forgetRecord(record.nonce)
        continue
      }
      const outcome = await deliver(record, gen)
      if (outcome.kind === 'later') {
        scheduleRetry(outcome.retryAfterS)
        return true
      }
      if (outcome.kind === 'stop') return false
    }
    attempt = 0
    return false
  }

  /** One message: its files uploaded (each kept as soon as it is, never uploaded twice), then the message. */
  async function deliver(record: OutboxRecord, gen: number): Promise<Outcome> {
    let r = record
    const wasVolatile = volatile.has(r.nonce)
    try {
      for (const [i, a] of r.attachments.entries()) {
        if (!isPendingFile(a)) continue
        const media = await uploadMedia(new File([a.file], a.name, { type: a.file.type }))
        if (gen !== generation) return { kind: 'stop' }
        r = { ...r, attachments: r.attachments.map((x, j) => (j === i ? media : x)) }
        await keep(r)
      }
      const m = await conversationsApi.send(r.conversation_id, {
        body: r.body,
        nonce: r.nonce,
        ...(r.thread_id ? { thread_id: r.thread_id } : {}),
        ...(r.reply_to_id ? { reply_to: r.reply_to_id } : {}),
        ...(r.attachments.length ? { attachments: r.attachments.map((a) => (a as Media).id) } : {}),
      })
      if (gen === generation) {
        // In one go, so no frame shows it twice or not at all.
        hide(r.nonce)
        messages.applyCreated(m)
        conversations.applyMessageCreated(m)
        // Its text was the chat's draft until now when it could not be kept for good.
        if (wasVolatile && !r.thread_id) drafts.sent(r.conversation_id, r.body)
      }
      // The server has it (even if its user logged out meanwhile): nothing to send again.
      await forgetRecord(r.nonce)
      // Slow mode's wait starts (after the record is gone: nothing here may put a sent message back).
      if (gen === generation) useSlowmodeStore().noteSent(r.conversation_id)
      return gen === generation ? { kind: 'sent' } : { kind: 'stop' }
    } catch (e) {
      if (gen !== generation) return { kind: 'stop' }
      // Kept for when the user is back (after logging in again).
      if (isApiError(e) && e.code === SESSION_EXPIRED) return { kind: 'stop' }
      // Not sent, and only in memory: the draft is saved so a reload or another device still has the text.
      if (wasVolatile && !r.thread_id) drafts.unsent(r.conversation_id)
      // Slow mode's wait, or a timeout, shows at the composer.
      useSlowmodeStore().noteRefusal(r.conversation_id, e)
      if (isTemporaryError(e)) return { kind: 'later', retryAfterS: isApiError(e) ? e.retryAfter : undefined }
      await keep({ ...r, state: 'failed', error: errorText(e), error_code: isApiError(e) ? e.code : null })
      return { kind: 'refused' }
    }
  }

  function clearRetry(): void {
    if (retryTimer !== null) clearTimeout(retryTimer)
    retryTimer = null
  }

  /** Tries again later: after Retry-After, or a backoff; offline, the browser's `online` event does. */
  function scheduleRetry(retryAfterS?: number): void {
    clearRetry()
    if (typeof navigator !== 'undefined' && navigator.onLine === false) return
    const backoff = Math.max(RETRY_MIN_MS, backoffDelay(attempt, { baseMs: RETRY_BASE_MS, capMs: RETRY_CAP_MS }))
    attempt++
    retryTimer = setTimeout(
      () => {
        retryTimer = null
        void flush()
      },
      retryAfterS !== undefined ? retryAfterS * 1000 : backoff,
    )
  }

  /** Logged out: forgets the queue here (stores/auth.ts clears the stored one). */
  function reset(): void {
    generation++
    clearRetry()
    if (listening) window.removeEventListener('online', onOnline)
    listening = false
    owner = null
    items.value = []
    // Kept in memory only (no IndexedDB), the queue goes with the user too.
    storage = null
    volatile.clear()
    lastSeq = 0
    attempt = 0
    again = false
  }

  return { items, pendingIn, pendingInThread, start, send, retry, discard, applyCreated, flush, reset }
})
