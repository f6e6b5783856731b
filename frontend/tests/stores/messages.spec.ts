import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { computed } from 'vue'

import { useConversationsStore } from '@/stores/conversations'
import { PAGE_SIZE, useMessagesStore } from '@/stores/messages'

import { conversation, me, message, mid } from '../helpers/chat'
import { storeSession } from '../helpers/fixtures'
import { historyRoute } from '../helpers/history'
import { json } from '../helpers/http'
import { route, serveRoutes } from '../helpers/routes'

const ids = (list: { id: string }[]) => list.map((m) => m.id)

describe('messages store', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
  })

  it('loads the newest page oldest-first, then older pages by cursor', async () => {
    const requests = serveRoutes({ 'GET /api/v1/conversations/c1/messages': historyRoute(60) })
    const messages = useMessagesStore()

    await messages.loadLatest('c1')
    const h = messages.histories.c1!
    expect(h.items).toHaveLength(PAGE_SIZE)
    expect(h.items[0]!.id).toBe(mid(11))
    expect(h.items[h.items.length - 1]!.id).toBe(mid(60))
    expect(h.nextBefore).toBe(mid(11))

    await messages.loadOlder('c1')
    expect(h.items).toHaveLength(60)
    expect(h.items[0]!.id).toBe(mid(1))
    expect(h.nextBefore).toBeNull()
    await messages.loadOlder('c1') // nothing older: no request
    expect(requests.map(route)).toEqual([
      `GET /api/v1/conversations/c1/messages?limit=${PAGE_SIZE}`,
      `GET /api/v1/conversations/c1/messages?before=${mid(11)}&limit=${PAGE_SIZE}`,
    ])
  })

  it('is reactive: what a screen computes from a history follows a load to its end', async () => {
    serveRoutes({ 'GET /api/v1/conversations/c1/messages': historyRoute(3) })
    const messages = useMessagesStore()
    const loading = computed(() => messages.histories.c1?.loading ?? false)
    const newest = computed(() => messages.histories.c1?.items.at(-1)?.id ?? null)

    const done = messages.loadLatest('c1')
    // A screen renders the new history while it loads...
    expect(loading.value).toBe(true)
    expect(newest.value).toBeNull()
    await done
    // ...and must hear that it finished.
    expect(loading.value).toBe(false)
    expect(newest.value).toBe(mid(3))
  })

  it('stores events by id: duplicates once, late ones in order, edits and tombstones in place', async () => {
    serveRoutes({ 'GET /api/v1/conversations/c1/messages': historyRoute(3) })
    const messages = useMessagesStore()
    messages.applyCreated(message(9)) // not loaded yet: ignored, the load brings it
    await messages.loadLatest('c1')
    const h = messages.histories.c1!

    messages.applyCreated(message(5))
    messages.applyCreated(message(4))
    messages.applyCreated(message(5))
    expect(ids(h.items)).toEqual([mid(1), mid(2), mid(3), mid(4), mid(5)])

    messages.applyChanged(message(4, { body: 'fixed', edited_at: '2024-06-01T13:00:00Z' }))
    // A stale copy (the original create, replayed) does not undo the edit.
    messages.applyCreated(message(4))
    expect(messages.find('c1', mid(4))?.body).toBe('fixed')

    messages.applyChanged(message(5, { body: null, deleted_at: '2024-06-01T13:00:00Z' }))
    messages.applyChanged(message(4, { body: 'again', edited_at: '2024-06-01T13:05:00Z' }))
    expect(messages.find('c1', mid(5))?.body).toBeNull()
    expect(messages.find('c1', mid(4))?.body).toBe('again')
  })

  it('edits and deletes through the API', async () => {
    serveRoutes({ 'GET /api/v1/conversations/c1/messages': () => json(200, { items: [message(1, { author_id: me.id })], next_before: null }) })
    const conversations = useConversationsStore()
    conversations.upsert(conversation('c1', { last_message: message(1, { author_id: me.id }) }))
    const messages = useMessagesStore()
    await messages.loadLatest('c1')
    const requests = serveRoutes({
      'PATCH /api/v1/conversations/c1/messages/*': (req) =>
        json(200, message(1, { author_id: me.id, body: (req.body as { body: string }).body, edited_at: '2024-06-01T13:00:00Z' })),
      'DELETE /api/v1/conversations/c1/messages/*': () => json(204),
    })

    await messages.edit('c1', mid(1), 'better')
    expect(messages.find('c1', mid(1))).toMatchObject({ body: 'better', edited_at: '2024-06-01T13:00:00Z' })
    expect(conversations.byId.c1!.last_message?.body).toBe('better')

    await messages.remove('c1', mid(1))
    expect(messages.find('c1', mid(1))).toMatchObject({ body: null })
    expect(messages.find('c1', mid(1))?.deleted_at).toBeTruthy()
    expect(requests.map(route)).toEqual([
      `PATCH /api/v1/conversations/c1/messages/${mid(1)}`,
      `DELETE /api/v1/conversations/c1/messages/${mid(1)}`,
    ])
  })

  it('on resync keeps only the open conversation, reloaded', async () => {
    let total = 3
    serveRoutes({
      'GET /api/v1/conversations/*/messages': (req) => historyRoute(total)(req),
    })
    const messages = useMessagesStore()
    await messages.loadLatest('c1')
    await messages.loadLatest('c2')
    messages.setActive('c1')

    total = 5 // two messages were missed
    await messages.resync()
    expect(ids(messages.histories.c1!.items)).toEqual([1, 2, 3, 4, 5].map(mid))
    expect(messages.histories.c2).toBeUndefined()
  })

  it('a reload that does not reach back to what is held starts over (no gap in history)', async () => {
    let total = 60
    serveRoutes({ 'GET /api/v1/conversations/c1/messages': (req) => historyRoute(total)(req) })
    const messages = useMessagesStore()
    await messages.loadLatest('c1')
    await messages.loadOlder('c1')
    expect(messages.histories.c1!.items).toHaveLength(60)

    total = 200
    await messages.loadLatest('c1', { force: true })
    const h = messages.histories.c1!
    expect(h.items).toHaveLength(PAGE_SIZE)
    expect(h.items[0]!.id).toBe(mid(151))
    expect(h.nextBefore).toBe(mid(151))
  })
})
