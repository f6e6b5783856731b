import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick } from 'vue'

import { searchQuery, useMessageSearch } from '@/composables/useMessageSearch'
import { browserTimeZone } from '@/utils/notifyRules'

import { message, mid } from '../helpers/chat'
import { deferred, errorEnvelope, json } from '../helpers/http'
import { serveRoutes } from '../helpers/routes'

const hit = (n: number) => ({ message: message(n), highlight: [{ text: `message ${n}`, match: false }] })

function setup(initial = {}) {
  const scope = effectScope()
  const search = scope.run(() => useMessageSearch(initial, 300))!
  return { search, scope }
}

async function typed(search: ReturnType<typeof setup>['search'], q: string) {
  search.query.value = q
  await nextTick()
  await vi.advanceTimersByTimeAsync(300)
  await nextTick()
}

describe('useMessageSearch', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('searches once typing pauses, with the filters, and pages on with next_before', async () => {
    const requests = serveRoutes({
      'GET /api/v1/search/messages': (req) =>
        req.url.includes('before=')
          ? json(200, { items: [hit(1)], next_before: null })
          : json(200, { items: [hit(3), hit(2)], next_before: mid(2) }),
    })
    const { search } = setup({ conversationId: 'c1' })
    search.query.value = 'lun'
    await nextTick()
    await typed(search, ' "lunch plan" -pizza ')

    expect(requests.map((r) => r.url)).toEqual([
      `/api/v1/search/messages?q=%22lunch+plan%22+-pizza&conversation_id=c1&tz=${encodeURIComponent(browserTimeZone())}&limit=20`,
    ])
    expect(search.results.value.map((h) => h.message.id)).toEqual([mid(3), mid(2)])

    await search.loadMore()
    expect(requests[1]!.url).toContain(`before=${mid(2)}`)
    expect(search.results.value.map((h) => h.message.id)).toEqual([mid(3), mid(2), mid(1)])
    expect(search.nextBefore.value).toBeNull()
  })

  it('searches again when a filter changes; an older answer never shows over a newer one', async () => {
    const slow = deferred<Response>()
    const requests = serveRoutes({
      'GET /api/v1/search/messages': (req) =>
        req.url.includes('author_id') ? json(200, { items: [hit(5)], next_before: null }) : slow.promise,
    })
    const { search } = setup()
    await typed(search, 'plan')
    search.filters.authorId = 'u2'
    await nextTick()
    await vi.advanceTimersByTimeAsync(300)
    slow.resolve(json(200, { items: [hit(9)], next_before: null }))
    await vi.advanceTimersByTimeAsync(0)
    expect(requests).toHaveLength(2)
    expect(search.results.value.map((h) => h.message.id)).toEqual([mid(5)])
  })

  it('shows the server’s word on a query it refuses, and refuses an overlong one itself', async () => {
    serveRoutes({ 'GET /api/v1/search/messages': () => errorEnvelope(400, 'invalid_query', 'has: takes link, image, file, audio or video') })
    const { search } = setup()
    await typed(search, 'has:pdf')
    expect(search.error.value).toBe('This search cannot be run: Has: takes link, image, file, audio or video.')

    await typed(search, 'x'.repeat(201))
    expect(search.error.value).toBe('Searches are at most 200 characters.')
    await typed(search, '  ')
    expect(search.error.value).toBeNull()
    expect(search.results.value).toEqual([])
  })

  it('waits while an operator has no value yet (the server would refuse it), keeping the results shown', async () => {
    const requests = serveRoutes({ 'GET /api/v1/search/messages': () => json(200, { items: [hit(1)], next_before: null }) })
    const { search } = setup()
    await typed(search, 'lunch')
    for (const open of ['lunch from:', 'lunch from:@', 'lunch in:#', 'lunch in:"']) await typed(search, open)
    expect(requests.map((r) => new URL(r.url, 'http://x').searchParams.get('q'))).toEqual(['lunch'])
    expect(search.results.value).toHaveLength(1)
    expect(search.error.value).toBeNull()

    await typed(search, 'lunch from:me')
    expect(requests.map((r) => new URL(r.url, 'http://x').searchParams.get('q'))).toEqual(['lunch', 'lunch from:me'])
  })
})

describe('searchQuery', () => {
  it('turns days into local midnights, the last day counted to its end', () => {
    const q = searchQuery('x', { conversationId: null, authorId: null, fromDay: '2024-06-01', toDay: '2024-06-03' })
    expect(q.from).toBe(new Date(2024, 5, 1).toISOString())
    expect(q.to).toBe(new Date(2024, 5, 4).toISOString())
    expect(searchQuery('x', { conversationId: null, authorId: null, fromDay: '', toDay: 'nope' })).toMatchObject({ from: null, to: null })
  })

  it('sends the browser’s time zone, where the days of before:, after: and on: are', () => {
    const filters = { conversationId: null, authorId: null, fromDay: '', toDay: '' }
    expect(searchQuery('on:2024-06-01', filters, 'Europe/Berlin').tz).toBe('Europe/Berlin')
    expect(searchQuery('x', filters).tz).toBe(browserTimeZone())
  })
})
