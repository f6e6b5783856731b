import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import type { Draft } from '@/api/types'
import { draftsKey, SAVE_DELAY_MS, useDraftsStore } from '@/stores/drafts'
import { useOutboxStore } from '@/stores/outbox'

import { me, message } from '../helpers/chat'
import { storeSession } from '../helpers/fixtures'
import { media } from '../helpers/groups'
import { deferred, errorEnvelope, json, type RecordedRequest } from '../helpers/http'
import { route, serveRoutes } from '../helpers/routes'

const T0 = Date.UTC(2024, 5, 1, 12, 0, 0)
/** A time `s` seconds after T0, as the server writes it. */
const at = (s: number) => new Date(T0 + s * 1000).toISOString()

function draft(conversation_id: string, body: string, updatedS: number, reply_to_id: string | null = null): Draft {
  return { user_id: me.id, conversation_id, body, reply_to_id, updated_at: at(updatedS) }
}

/** `PUT /conversations/{id}/draft` answered as the server does, stamped `stamp()` seconds after T0. */
function savedDraft(stamp: () => number) {
  return (req: RecordedRequest, [id]: string[]) => {
    const sent = req.body as { body: string; reply_to?: string | null }
    return json(200, draft(id!, sent.body, stamp(), sent.reply_to ?? null))
  }
}

const stored = () => JSON.parse(localStorage.getItem(draftsKey(me.id)) ?? '{}') as Record<string, { body: string }>
const puts = (requests: RecordedRequest[]) => requests.filter((r) => r.method === 'PUT')
/** What was sent or changed (a message for a chat not listed also fetches the chat). */
const writes = (requests: RecordedRequest[]) => requests.filter((r) => r.method !== 'GET').map(route)

describe('drafts store', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
    // Timers and the clock only: flushPromises (setImmediate) stays real.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    vi.setSystemTime(T0)
  })
  afterEach(() => {
    useOutboxStore().reset()
    useDraftsStore().reset()
    vi.useRealTimers()
  })

  it('loads the server’s drafts once signed in, and keeps them for a reload', async () => {
    const requests = serveRoutes({
      'GET /api/v1/users/me/drafts': () => json(200, { items: [draft('c2', 'see you\n  at  noon', 20, 'm9'), draft('c1', 'hi', 10)] }),
    })
    const drafts = useDraftsStore()
    await drafts.load()

    expect(requests.map(route)).toEqual(['GET /api/v1/users/me/drafts'])
    expect(drafts.draftOf('c2')).toMatchObject({ body: 'see you\n  at  noon', reply_to_id: 'm9', updated_at: at(20), edited_at: null })
    expect(drafts.previewOf('c2')).toBe('see you at noon')
    expect(drafts.previewOf('c3')).toBe('')
    expect(Object.keys(stored()).sort()).toEqual(['c1', 'c2'])
  })

  it('shows what localStorage kept when the list cannot load (a reload while offline)', async () => {
    localStorage.setItem(
      draftsKey(me.id),
      JSON.stringify({ c1: { body: 'typed before the reload', reply_to_id: null, updated_at: null, edited_at: T0 - 5000 } }),
    )
    serveRoutes({ 'GET /api/v1/users/me/drafts': () => Promise.reject(new TypeError('Failed to fetch')) })
    const drafts = useDraftsStore()
    await drafts.load()
    expect(drafts.draftOf('c1')?.body).toBe('typed before the reload')
  })

  it('merges on load: an unsaved edit newer than the server’s copy stays (and is sent); an older one gives way', async () => {
    localStorage.setItem(
      draftsKey(me.id),
      JSON.stringify({
        c1: { body: 'mine, newer', reply_to_id: null, updated_at: at(-60), edited_at: T0 - 1000 },
        c2: { body: 'mine, older', reply_to_id: null, updated_at: null, edited_at: T0 - 60_000 },
        c3: { body: 'cleared elsewhere', reply_to_id: null, updated_at: at(-90), edited_at: null },
      }),
    )
    const requests = serveRoutes({
      'GET /api/v1/users/me/drafts': () => json(200, { items: [draft('c1', 'server, older', -30), draft('c2', 'server, newer', -10)] }),
      'PUT /api/v1/conversations/*/draft': savedDraft(() => 1),
    })
    const drafts = useDraftsStore()
    await drafts.load()

    expect(drafts.draftOf('c1')).toMatchObject({ body: 'mine, newer', edited_at: null, updated_at: at(1) })
    expect(drafts.draftOf('c2')).toMatchObject({ body: 'server, newer', edited_at: null })
    expect(drafts.draftOf('c3')).toBeUndefined()
    expect(puts(requests).map((r) => [r.url, r.body])).toEqual([
      ['/api/v1/conversations/c1/draft', { body: 'mine, newer', reply_to: null }],
    ])
  })

  it('keeps an edit at once, and saves it once typing stops', async () => {
    const requests = serveRoutes({ 'PUT /api/v1/conversations/*/draft': savedDraft(() => 5) })
    const drafts = useDraftsStore()
    for (const body of ['h', 'he', 'hel', 'hello']) {
      drafts.edit('c1', { body })
      await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS - 100)
    }
    // At once, here and in localStorage; nothing sent while typing goes on.
    expect(drafts.draftOf('c1')?.body).toBe('hello')
    expect(stored().c1?.body).toBe('hello')
    expect(requests).toEqual([])

    drafts.edit('c1', { reply_to_id: 'm7' }) // a reply started: the text stays
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS)
    await flushPromises()
    expect(puts(requests).map((r) => r.body)).toEqual([{ body: 'hello', reply_to: 'm7' }])
    expect(drafts.draftOf('c1')).toMatchObject({ body: 'hello', reply_to_id: 'm7', edited_at: null, updated_at: at(5) })

    // No change, no save.
    drafts.edit('c1', { body: 'hello' })
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS)
    expect(puts(requests)).toHaveLength(1)
  })

  it('saves at once when flushed (switching chats, the page hidden), and only once', async () => {
    const requests = serveRoutes({ 'PUT /api/v1/conversations/*/draft': savedDraft(() => 1) })
    const drafts = useDraftsStore()
    drafts.edit('c1', { body: 'for c1' })
    await drafts.flush('c1')
    expect(puts(requests).map((r) => r.url)).toEqual(['/api/v1/conversations/c1/draft'])
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS * 2)
    expect(puts(requests)).toHaveLength(1)

    // Hidden: every unsaved draft goes, with keepalive.
    serveRoutes({ 'PUT /api/v1/conversations/*/draft': savedDraft(() => 2) })
    const fetch = vi.mocked(globalThis.fetch)
    drafts.edit('c2', { body: 'for c2' })
    await drafts.load() // the listeners come with the session
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true })
    document.dispatchEvent(new Event('visibilitychange'))
    await flushPromises()
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true })
    const sent = fetch.mock.calls.filter(([, init]) => init?.method === 'PUT')
    expect(sent.map(([url, init]) => [url, init?.keepalive])).toEqual([['/api/v1/conversations/c2/draft', true]])
    expect(drafts.draftOf('c2')?.edited_at).toBeNull()
  })

  it('applies another device’s save; ignores a stale one, and one older than the edits typed here', async () => {
    serveRoutes({ 'PUT /api/v1/conversations/*/draft': savedDraft(() => 10) })
    const drafts = useDraftsStore()
    drafts.applyRemote(draft('c1', 'from the phone', 5, 'm3'))
    expect(drafts.draftOf('c1')).toMatchObject({ body: 'from the phone', reply_to_id: 'm3', updated_at: at(5) })
    expect(stored().c1?.body).toBe('from the phone')

    drafts.applyRemote(draft('c1', 'a late event', 4))
    expect(drafts.draftOf('c1')?.body).toBe('from the phone')

    // Typing here at T0+20 s; a save made elsewhere at T0+15 s loses to it.
    vi.setSystemTime(T0 + 20_000)
    drafts.edit('c1', { body: 'typed here' })
    drafts.applyRemote(draft('c1', 'older than my typing', 15))
    expect(drafts.draftOf('c1')?.body).toBe('typed here')
    // A save made after the typing wins (the last save wins), and nothing of this tab's is sent.
    drafts.applyRemote(draft('c1', 'newer than my typing', 25))
    expect(drafts.draftOf('c1')).toMatchObject({ body: 'newer than my typing', edited_at: null })
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS)
    expect(vi.mocked(globalThis.fetch)).not.toHaveBeenCalled()
  })

  it('ignores the echo of its own save, even one that comes before the answer', async () => {
    const answer = deferred<Response>()
    serveRoutes({ 'PUT /api/v1/conversations/*/draft': () => answer.promise })
    const drafts = useDraftsStore()
    drafts.edit('c1', { body: 'hello' })
    void drafts.flush('c1')
    await flushPromises()

    // Typed on while the save is on its way; this device's clock is behind the server's.
    drafts.edit('c1', { body: 'hello again' })
    drafts.applyRemote(draft('c1', 'hello', 30))
    expect(drafts.draftOf('c1')?.body).toBe('hello again')

    answer.resolve(json(200, draft('c1', 'hello', 30)))
    await flushPromises()
    // The newer text is still to be saved; the same echo again changes nothing.
    expect(drafts.draftOf('c1')).toMatchObject({ body: 'hello again', updated_at: at(30), edited_at: expect.any(Number) })
    drafts.applyRemote(draft('c1', 'hello', 30))
    expect(drafts.draftOf('c1')?.body).toBe('hello again')
  })

  it('keeps the text when a save fails, and tries again on the next change and after a 429’s Retry-After', async () => {
    let answer: () => Response | Promise<Response> = () => Promise.reject(new TypeError('Failed to fetch'))
    const requests = serveRoutes({ 'PUT /api/v1/conversations/*/draft': () => answer() })
    const drafts = useDraftsStore()
    drafts.edit('c1', { body: 'offline words' })
    await drafts.flush('c1')
    expect(drafts.draftOf('c1')).toMatchObject({ body: 'offline words', edited_at: expect.any(Number) })
    expect(stored().c1?.body).toBe('offline words')

    answer = () => errorEnvelope(429, 'rate_limited', 'Slow down.', { 'Retry-After': '3' })
    drafts.edit('c1', { body: 'offline words, more' })
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS)
    await flushPromises()
    expect(puts(requests)).toHaveLength(2)
    expect(drafts.draftOf('c1')?.body).toBe('offline words, more')

    answer = () => json(200, draft('c1', 'offline words, more', 9))
    await vi.advanceTimersByTimeAsync(3000)
    await flushPromises()
    expect(puts(requests).map((r) => (r.body as { body: string }).body)).toEqual([
      'offline words',
      'offline words, more',
      'offline words, more',
    ])
    expect(drafts.draftOf('c1')).toMatchObject({ body: 'offline words, more', edited_at: null, updated_at: at(9) })
  })

  it('is cleared once its message is accepted (DELETE), and the echo of that does not wipe new typing', async () => {
    const accepted = deferred<Response>()
    const requests = serveRoutes({
      'PUT /api/v1/conversations/*/draft': savedDraft(() => 1),
      'POST /api/v1/conversations/c1/messages': () => accepted.promise,
      'DELETE /api/v1/conversations/c1/draft': () => json(204),
    })
    vi.stubGlobal('crypto', { randomUUID: () => 'n1' })
    const drafts = useDraftsStore()
    const outbox = useOutboxStore()
    drafts.edit('c1', { body: 'ship it', reply_to_id: 'm2' })
    const sending = outbox.send('c1', 'ship it')
    // A slow send: the draft stays meanwhile, and the typing pause saves nothing (the send decides).
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS * 2)
    expect(drafts.draftOf('c1')?.body).toBe('ship it')
    accepted.resolve(json(201, message(5, { author_id: me.id, body: 'ship it', nonce: 'n1' })))
    await sending
    await flushPromises()

    expect(drafts.draftOf('c1')).toMatchObject({ body: '', reply_to_id: null })
    expect(drafts.previewOf('c1')).toBe('')
    expect(stored().c1).toBeUndefined()
    expect(writes(requests)).toEqual(['POST /api/v1/conversations/c1/messages', 'DELETE /api/v1/conversations/c1/draft'])

    // The next message is being typed when the clear's echo comes (server time ahead of this clock).
    drafts.edit('c1', { body: 'and th' })
    drafts.applyRemote(draft('c1', '', 60))
    expect(drafts.draftOf('c1')?.body).toBe('and th')
    vi.unstubAllGlobals()
  })

  it('stays when the send fails, and is saved so a reload or another device still has it', async () => {
    const requests = serveRoutes({
      'PUT /api/v1/conversations/*/draft': savedDraft(() => 1),
      'POST /api/v1/conversations/c1/messages': () => errorEnvelope(503, 'service_unavailable', 'Try again shortly.'),
    })
    const drafts = useDraftsStore()
    drafts.edit('c1', { body: 'important' })
    await useOutboxStore().send('c1', 'important')
    await flushPromises()

    expect(writes(requests)).toEqual(['POST /api/v1/conversations/c1/messages', 'PUT /api/v1/conversations/c1/draft'])
    expect(drafts.draftOf('c1')).toMatchObject({ body: 'important', edited_at: null })
    expect(stored().c1?.body).toBe('important')
  })

  it('leaves a draft typed since the send alone when the message is accepted', async () => {
    const accepted = deferred<Response>()
    const requests = serveRoutes({ 'POST /api/v1/conversations/c1/messages': () => accepted.promise })
    const drafts = useDraftsStore()
    drafts.edit('c1', { body: 'first' })
    const sending = useOutboxStore().send('c1', 'first')
    drafts.edit('c1', { body: 'second' })
    accepted.resolve(json(201, message(6, { author_id: me.id, body: 'first' })))
    await sending
    expect(drafts.draftOf('c1')?.body).toBe('second')
    expect(writes(requests)).toEqual(['POST /api/v1/conversations/c1/messages'])
  })

  it('stays, and is still saved, when a message without its text goes (a voice message)', async () => {
    const requests = serveRoutes({
      'PUT /api/v1/conversations/*/draft': savedDraft(() => 1),
      'POST /api/v1/conversations/c1/messages': () => json(201, message(7, { author_id: me.id, body: '' })),
    })
    const drafts = useDraftsStore()
    drafts.edit('c1', { body: 'half typed' })
    await useOutboxStore().send('c1', '', null, [media('v1', { kind: 'audio' })])
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS)
    await flushPromises()
    expect(writes(requests)).toEqual(['POST /api/v1/conversations/c1/messages', 'PUT /api/v1/conversations/c1/draft'])
    expect(drafts.draftOf('c1')).toMatchObject({ body: 'half typed', edited_at: null })
  })

  it('forgets everything on logout, keeping only unsaved text in localStorage', async () => {
    serveRoutes({ 'GET /api/v1/users/me/drafts': () => json(200, { items: [draft('c1', 'saved', 1)] }) })
    const drafts = useDraftsStore()
    await drafts.load()
    serveRoutes({ 'PUT /api/v1/conversations/*/draft': () => Promise.reject(new TypeError('Failed to fetch')) })
    drafts.edit('c2', { body: 'unsaved' })
    drafts.reset()
    expect(drafts.byConversation).toEqual({})
    expect(Object.keys(stored())).toEqual(['c2'])
  })
})
