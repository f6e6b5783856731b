import 'fake-indexeddb/auto'

import { Blob as NodeBlob, File as NodeFile } from 'node:buffer'

import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { ApiError, NETWORK_ERROR } from '@/api/client'
import { uploadMedia } from '@/api/media'
import type { Message } from '@/api/types'
import { useAuthStore } from '@/stores/auth'
import { useConversationsStore } from '@/stores/conversations'
import { useDraftsStore } from '@/stores/drafts'
import { useMessagesStore } from '@/stores/messages'
import { type OutboxRecord, useOutboxStore } from '@/stores/outbox'
import { clearOutboxOf, openOutboxStorage } from '@/utils/outboxDb'

import { bob, conversation, me, message } from '../helpers/chat'
import { alice, storeSession } from '../helpers/fixtures'
import { media } from '../helpers/groups'
import { deferred, errorEnvelope, json, type RecordedRequest } from '../helpers/http'
import { serveRoutes } from '../helpers/routes'

vi.mock('@/api/media', () => ({ uploadMedia: vi.fn() }))

const bobUser = { ...alice, id: bob.id, username: 'bob', display_name: 'Bob' }

type Answer = (req: RecordedRequest, conversationId: string) => Response | Promise<Response>

const offline: Answer = () => Promise.reject(new TypeError('Failed to fetch'))
/** The server takes the message, answering it as it does (the nonce and the body sent). */
const accepted: Answer = (req, conversationId) => {
  const sent = req.body as { body: string; nonce: string; attachments?: string[] }
  return json(
    201,
    message(serverIds++, {
      conversation_id: conversationId,
      author_id: me.id,
      body: sent.body,
      nonce: sent.nonce,
      attachments: (sent.attachments ?? []).map((id) => media(id)),
    }),
  )
}
let serverIds = 100

/** The API with `answer` deciding each send; returns the requests made. */
function serve(answer: () => Answer) {
  return serveRoutes({
    'POST /api/v1/conversations/*/messages': (req, [id]) => answer()(req, id!),
    'PUT /api/v1/conversations/*/draft': () => json(200, { user_id: me.id, conversation_id: 'c1', body: '', updated_at: '2024-06-01T12:00:00Z' }),
    'DELETE /api/v1/conversations/*/draft': () => json(204),
    'POST /api/v1/auth/logout': () => json(204),
  })
}

const sends = (requests: RecordedRequest[]) =>
  requests
    .filter((r) => r.method === 'POST' && r.url.endsWith('/messages'))
    .map((r) => ({ chat: r.url.split('/')[4], ...(r.body as { body: string; nonce: string; attachments?: string[] }) }))

/** A new page: a fresh Pinia whose stores read what the last one left (IndexedDB, localStorage). */
function openPage(): Pinia {
  const pinia = createPinia()
  setActivePinia(pinia)
  const conversations = useConversationsStore()
  conversations.upsert(conversation('c1'))
  conversations.upsert(conversation('c2', { peer: null, kind: 'group' }))
  return pinia
}

const pages: Pinia[] = []
function page(): ReturnType<typeof useOutboxStore> {
  pages.push(openPage())
  return useOutboxStore()
}

/** The page goes away (a reload, a closed tab): its listeners and timers go with it. */
function closePage(outbox: ReturnType<typeof useOutboxStore>): void {
  outbox.reset()
}

async function stored(userId = me.id): Promise<OutboxRecord[]> {
  return (await openOutboxStorage()).list(userId)
}

function goOnline(): void {
  window.dispatchEvent(new Event('online'))
}

/** Lets IndexedDB (fake-indexeddb answers on setImmediate, which fake timers leave alone) and fetches finish. */
async function idle(): Promise<void> {
  for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r))
}

/** Until the outbox has nothing more to do (its passes chain on IndexedDB and fetch). */
async function settled(outbox: ReturnType<typeof useOutboxStore>): Promise<void> {
  for (let i = 0; i < 5; i++) await outbox.flush()
}

describe('outbox store', () => {
  beforeEach(async () => {
    localStorage.clear()
    storeSession()
    // IndexedDB keeps Blobs by structured clone, which knows Node's Blob, not jsdom's.
    vi.stubGlobal('Blob', NodeBlob)
    vi.stubGlobal('File', NodeFile)
    let n = 0
    vi.stubGlobal('crypto', { randomUUID: () => `nonce-${++n}` })
    vi.mocked(uploadMedia).mockReset()
    await clearOutboxOf(me.id)
    await clearOutboxOf(bob.id)
  })
  afterEach(() => {
    for (const p of pages.splice(0)) {
      setActivePinia(p)
      useOutboxStore().reset()
      useDraftsStore().reset()
    }
    vi.useRealTimers()
  })

  it('queues sends while the server cannot be reached, and sends them in order with their nonces, each once, when it can', async () => {
    let answer = offline
    const requests = serve(() => answer)
    const outbox = page()

    await outbox.send('c1', 'first')
    await outbox.send('c2', 'second')
    await outbox.send('c1', 'third')
    expect(outbox.pendingIn('c1').map((p) => [p.body, p.state])).toEqual([
      ['first', 'sending'],
      ['third', 'sending'],
    ])
    expect(outbox.pendingIn('c2').map((p) => p.body)).toEqual(['second'])
    // Nothing overtakes the oldest: every try was of the first message.
    expect(new Set(sends(requests).map((s) => s.nonce))).toEqual(new Set(['nonce-1']))

    answer = accepted
    requests.length = 0
    goOnline()
    await settled(outbox)

    expect(sends(requests)).toEqual([
      { chat: 'c1', body: 'first', nonce: 'nonce-1' },
      { chat: 'c2', body: 'second', nonce: 'nonce-2' },
      { chat: 'c1', body: 'third', nonce: 'nonce-3' },
    ])
    expect(outbox.items).toEqual([])
    expect(await stored()).toEqual([])
    expect(useConversationsStore().byId.c1!.last_message?.body).toBe('third')
  })

  it('puts the accepted message in the chat once, whether the echo or the reply comes first', async () => {
    const reply = deferred<Response>()
    serveRoutes({
      'GET /api/v1/conversations/c1/messages': () => json(200, { items: [], next_before: null }),
      'POST /api/v1/conversations/*/messages': () => reply.promise,
      'DELETE /api/v1/conversations/*/draft': () => json(204),
    })
    const outbox = page()
    const messages = useMessagesStore()
    await messages.loadLatest('c1')

    const sending = outbox.send('c1', 'hello')
    await vi.waitFor(() => expect(outbox.pendingIn('c1')).toHaveLength(1))
    const echo = message(7, { author_id: me.id, body: 'hello', nonce: 'nonce-1' })
    messages.applyCreated(echo)
    outbox.applyCreated(echo)
    expect(outbox.pendingIn('c1')).toEqual([])
    reply.resolve(json(201, echo))
    await sending
    expect(messages.histories.c1!.items.map((m) => m.id)).toEqual([echo.id])
    expect(outbox.pendingIn('c1')).toEqual([])
  })

  it('shows a refused send as failed with the reason; Retry sends it with its nonce, Delete forgets it for good', async () => {
    let answer: Answer = () => errorEnvelope(403, 'not_friends', 'you are not friends')
    const requests = serve(() => answer)
    const outbox = page()

    await outbox.send('c1', 'refused')
    expect(outbox.pendingIn('c1')).toMatchObject([{ body: 'refused', state: 'failed', error: 'You are not friends.' }])
    // A refusal does not hold the queue up, and is not tried again by itself.
    answer = accepted
    await outbox.send('c2', 'goes')
    expect(sends(requests).map((s) => s.body)).toEqual(['refused', 'goes'])
    expect((await stored()).map((r) => [r.body, r.state, r.error])).toEqual([['refused', 'failed', 'You are not friends.']])

    await outbox.retry('nonce-1')
    expect(sends(requests).map((s) => s.nonce)).toEqual(['nonce-1', 'nonce-2', 'nonce-1'])
    expect(outbox.items).toEqual([])

    answer = () => errorEnvelope(422, 'invalid_body', 'body is too long')
    await outbox.send('c1', 'too long')
    expect(outbox.pendingIn('c1')[0]).toMatchObject({ state: 'failed', error: 'The request was not understood. Reload the page and try again.' })
    await outbox.discard('nonce-3')
    expect(outbox.items).toEqual([])
    expect(await stored()).toEqual([])
  })

  it('keeps a send the server cannot take now (5xx, 429) queued, and tries again after a backoff or Retry-After', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    vi.spyOn(Math, 'random').mockReturnValue(0.99) // the backoff's jitter: the first retry after 1.98 s
    let answer: Answer = () => errorEnvelope(503, 'service_unavailable', 'down')
    const requests = serve(() => answer)
    const outbox = page()
    await outbox.start()

    await outbox.send('c1', 'patience')
    expect(outbox.pendingIn('c1')).toMatchObject([{ state: 'sending', error: null }])
    expect(sends(requests)).toHaveLength(1)

    answer = () => errorEnvelope(429, 'rate_limited', 'slow down', { 'Retry-After': '30' })
    await vi.advanceTimersByTimeAsync(2_000)
    await idle()
    expect(sends(requests)).toHaveLength(2)
    expect(outbox.pendingIn('c1')).toMatchObject([{ state: 'sending' }])

    answer = accepted
    await vi.advanceTimersByTimeAsync(29_000)
    await idle()
    expect(sends(requests)).toHaveLength(2) // Retry-After is 30 s
    await vi.advanceTimersByTimeAsync(1_000)
    await idle()
    expect(sends(requests).map((s) => s.nonce)).toEqual(['nonce-1', 'nonce-1', 'nonce-1'])
    expect(outbox.items).toEqual([])
  })

  it('after a reload, a new page shows the queue in its chats (known before the list loads) and sends it', async () => {
    let answer: Answer = () => errorEnvelope(403, 'not_friends', 'you are not friends')
    const requests = serve(() => answer)
    const before = page()
    await before.send('c2', 'refused before the reload')
    answer = offline
    await before.send('c1', 'written offline')
    closePage(before)

    answer = offline
    pages.push(createPinia())
    setActivePinia(pages.at(-1)!)
    const conversations = useConversationsStore()
    const outbox = useOutboxStore()
    expect(conversations.byId.c1).toBeUndefined()
    await outbox.start()
    expect(outbox.pendingIn('c1')).toMatchObject([{ body: 'written offline', state: 'sending', nonce: 'nonce-2' }])
    expect(outbox.pendingIn('c2')).toMatchObject([{ body: 'refused before the reload', state: 'failed' }])
    // The chats open offline: their records carry them.
    expect(conversations.byId.c1?.peer?.id).toBe(bob.id)
    expect(conversations.byId.c2?.kind).toBe('group')

    answer = accepted
    requests.length = 0
    goOnline()
    await settled(outbox)
    expect(sends(requests)).toEqual([{ chat: 'c1', body: 'written offline', nonce: 'nonce-2' }])
    expect(outbox.pendingIn('c1')).toEqual([])
    expect(outbox.pendingIn('c2')).toHaveLength(1)
  })

  it('a record that outlived its send (a reload before its deletion) never shows twice nor goes again', async () => {
    const sent = message(8, { conversation_id: 'c1', author_id: me.id, body: 'sent just before the reload', nonce: 'nonce-left' })
    const requests = serveRoutes({
      'GET /api/v1/conversations/c1/messages': () => json(200, { items: [sent], next_before: null }),
      'POST /api/v1/conversations/*/messages': () => json(201, sent),
    })
    const left: OutboxRecord = {
      nonce: 'nonce-left',
      user_id: me.id,
      conversation_id: 'c1',
      thread_id: null,
      conversation: null,
      body: sent.body!,
      reply_to_id: null,
      attachments: [],
      created_at: sent.created_at,
      seq: 1,
      state: 'sending',
      error: null,
    }
    await (await openOutboxStorage()).put(left)

    const outbox = page()
    const messages = useMessagesStore()
    await messages.loadLatest('c1')
    // The chat holds the message: it is not also pending.
    expect(outbox.pendingIn('c1')).toEqual([])
    await outbox.start()
    await settled(outbox)
    expect(sends(requests)).toEqual([])
    expect(await stored()).toEqual([])
    expect(messages.histories.c1!.items.map((m) => m.id)).toEqual([sent.id])
  })

  it('keeps a file picked offline, uploads it once when the server is back, then sends the message with its id', async () => {
    let answer = offline
    const requests = serve(() => answer)
    vi.mocked(uploadMedia).mockRejectedValue(new ApiError({ status: 0, code: NETWORK_ERROR, message: 'offline' }))
    const before = page()
    const photo = new NodeFile(['png bytes'], 'photo.png', { type: 'image/png' }) as unknown as File
    await before.send('c1', 'look', null, [media('m1'), { file: photo, name: 'photo.png' }])
    expect(before.pendingIn('c1')[0]!.attachments).toEqual([media('m1'), { file: photo, name: 'photo.png' }])
    closePage(before)

    // Reloaded: the file comes back from IndexedDB.
    const outbox = page()
    await outbox.start()
    const kept = outbox.pendingIn('c1')[0]!.attachments[1] as { file: Blob; name: string }
    expect(kept.name).toBe('photo.png')
    expect(await kept.file.text()).toBe('png bytes')

    // Back: the upload works, the send does not yet.
    vi.mocked(uploadMedia).mockReset().mockResolvedValue(media('m2'))
    answer = () => errorEnvelope(502, 'http_502', 'Bad Gateway')
    await outbox.flush()
    expect(vi.mocked(uploadMedia)).toHaveBeenCalledTimes(1)
    const uploaded = vi.mocked(uploadMedia).mock.calls[0]![0]
    expect(uploaded.name).toBe('photo.png')
    expect(uploaded.type).toBe('image/png')
    expect(await uploaded.text()).toBe('png bytes')
    expect((await stored())[0]!.attachments).toEqual([media('m1'), media('m2')])

    answer = accepted
    requests.length = 0
    await settled(outbox)
    expect(vi.mocked(uploadMedia)).toHaveBeenCalledTimes(1)
    expect(sends(requests)).toEqual([{ chat: 'c1', body: 'look', nonce: 'nonce-1', attachments: ['m1', 'm2'] }])
    expect(await stored()).toEqual([])
  })

  it('a file the server refuses to take fails the message with the reason', async () => {
    const requests = serve(() => accepted)
    vi.mocked(uploadMedia).mockRejectedValue(new ApiError({ status: 413, code: 'payload_too_large', message: 'The file is too large.' }))
    const outbox = page()
    await outbox.send('c1', '', null, [{ file: new NodeFile(['x'], 'huge.mov') as unknown as File, name: 'huge.mov' }])
    expect(outbox.pendingIn('c1')).toMatchObject([{ state: 'failed', error: 'The file is too large.' }])
    expect(sends(requests)).toEqual([])
  })

  it('once a message is kept for good, its text is no longer the chat’s draft', async () => {
    serve(() => offline)
    const outbox = page()
    const drafts = useDraftsStore()
    drafts.edit('c1', { body: 'on its way' })
    await outbox.send('c1', 'on its way')
    expect(drafts.draftOf('c1')?.body).toBe('')
    expect(outbox.pendingIn('c1')).toHaveLength(1)
  })

  it('sends a thread reply with its thread_id: pending in the thread, never in the chat, whose draft stays', async () => {
    let answer = offline
    const requests = serveRoutes({
      'POST /api/v1/conversations/*/messages': (req, [id]) => answer(req, id!),
      'GET /api/v1/conversations/c1/messages': () => json(200, { items: [message(1)], next_before: null }),
      'GET /api/v1/conversations/c1/threads/*/messages': () => json(200, { items: [], next_before: null }),
      'PUT /api/v1/conversations/*/draft': () => json(200, { user_id: me.id, conversation_id: 'c1', body: '', updated_at: '2024-06-01T12:00:00Z' }),
    })
    const outbox = page()
    const drafts = useDraftsStore()
    const messages = useMessagesStore()
    await messages.loadLatest('c1')
    await messages.loadThread('c1', message(1).id)
    drafts.edit('c1', { body: 'the chat’s own words' })

    await outbox.send('c1', 'in the thread', null, [], message(1).id)
    expect(outbox.pendingIn('c1')).toEqual([])
    expect(outbox.pendingInThread(message(1).id).map((p) => p.body)).toEqual(['in the thread'])
    expect(drafts.draftOf('c1')?.body).toBe('the chat’s own words')
    expect((await stored())[0]).toMatchObject({ thread_id: message(1).id })

    answer = (req, conversationId) => {
      const sent = req.body as { body: string; nonce: string; thread_id?: string }
      const reply = message(serverIds++, { conversation_id: conversationId, author_id: me.id, ...sent })
      return json(201, reply satisfies Message)
    }
    goOnline()
    await settled(outbox)
    expect(sends(requests).at(-1)).toMatchObject({ body: 'in the thread', thread_id: message(1).id })
    expect(outbox.pendingInThread(message(1).id)).toEqual([])
    // The reply is the thread's: the chat's history and last message are as they were.
    expect(messages.threads[message(1).id]!.items.map((m) => m.body)).toEqual(['in the thread'])
    expect(messages.histories.c1!.items.map((m) => m.id)).toEqual([message(1).id])
    expect(useConversationsStore().byId.c1!.last_message).toBeNull()
    expect(drafts.draftOf('c1')?.body).toBe('the chat’s own words')
  })

  it('sends a queue once when two tabs flush it together (one Web Lock per user)', async () => {
    // A Web Locks API shared by the two tabs: one holder per name at a time.
    const held = new Map<string, Promise<unknown>>()
    const names: string[] = []
    vi.stubGlobal('navigator', {
      onLine: true,
      locks: {
        request(name: string, fn: () => Promise<unknown>) {
          names.push(name)
          const run = (held.get(name) ?? Promise.resolve()).then(fn)
          held.set(name, run.catch(() => {}))
          return run
        },
      },
    })
    let answer = offline
    const requests = serve(() => answer)
    const first = page()
    await first.send('c1', 'one')
    await first.send('c1', 'two')
    const tabA = first
    const tabB = page()
    await tabB.start()
    expect(tabB.pendingIn('c1').map((p) => p.body)).toEqual(['one', 'two'])

    answer = accepted
    requests.length = 0
    await Promise.all([tabA.flush(), tabB.flush(), tabA.flush()])
    await settled(tabA)
    await settled(tabB)
    expect(sends(requests).map((s) => s.nonce)).toEqual(['nonce-1', 'nonce-2'])
    expect(new Set(names)).toEqual(new Set([`confab.outbox.${me.id}`]))
  })

  it('is per user: another user never sees or sends it, and logging out forgets it', async () => {
    let answer = offline
    const requests = serve(() => answer)
    const alices = page()
    await alices.send('c1', 'from alice')
    closePage(alices)

    localStorage.clear()
    storeSession('a2', 'r2', bobUser)
    answer = accepted
    requests.length = 0
    const bobs = page()
    await bobs.start()
    await settled(bobs)
    expect(bobs.items).toEqual([])
    expect(sends(requests)).toEqual([])
    closePage(bobs)

    localStorage.clear()
    storeSession()
    answer = offline
    const again = page()
    await again.start()
    expect(again.pendingIn('c1').map((p) => p.body)).toEqual(['from alice'])

    await useAuthStore().logout()
    await vi.waitFor(async () => expect(await stored()).toEqual([]))
  })

  it('forgets its items when reset (logged out), and does not send for the user who left', async () => {
    const reply = deferred<Response>()
    const requests = serve(() => () => reply.promise)
    const outbox = page()
    const sending = outbox.send('c1', 'late')
    await vi.waitFor(() => expect(sends(requests)).toHaveLength(1))
    outbox.reset()
    expect(outbox.items).toEqual([])
    reply.resolve(json(201, message(9, { author_id: me.id, body: 'late', nonce: 'nonce-1' }) satisfies Message))
    await sending
    expect(outbox.items).toEqual([])
  })
})
