import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick } from 'vue'

import { useUserSearch } from '@/composables/useUserSearch'

import { bob, carol } from '../helpers/chat'
import { deferred, errorEnvelope, json } from '../helpers/http'
import { serveRoutes } from '../helpers/routes'

function setup() {
  const scope = effectScope()
  const search = scope.run(() => useUserSearch(200))!
  return { search, scope }
}

async function settle() {
  await vi.advanceTimersByTimeAsync(0)
  await nextTick()
}

describe('useUserSearch', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('searches the lower-cased prefix once typing pauses', async () => {
    const requests = serveRoutes({
      'GET /api/v1/users/search': () => json(200, { items: [{ user: bob, relationship: 'friend' }], next_after: null }),
    })
    const { search } = setup()

    search.query.value = ' B'
    await nextTick()
    search.query.value = ' Bo '
    await nextTick()
    await vi.advanceTimersByTimeAsync(199)
    expect(requests).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(1)
    await settle()

    expect(requests.map((r) => r.url)).toEqual(['/api/v1/users/search?q=bo&limit=20'])
    expect(search.results.value).toEqual([{ user: bob, relationship: 'friend' }])
    expect(search.searched.value).toBe('bo')
    expect(search.loading.value).toBe(false)
  })

  it('never shows an older answer over a newer one', async () => {
    const slow = deferred<Response>()
    serveRoutes({
      'GET /api/v1/users/search': (req) =>
        req.url.includes('q=b&')
          ? slow.promise
          : json(200, { items: [{ user: bob, relationship: 'none' }], next_after: null }),
    })
    const { search } = setup()

    search.query.value = 'b'
    await nextTick()
    await vi.advanceTimersByTimeAsync(200)
    search.query.value = 'bo'
    await nextTick()
    await vi.advanceTimersByTimeAsync(200)
    await settle()
    slow.resolve(json(200, { items: [{ user: carol, relationship: 'none' }], next_after: null }))
    await settle()

    expect(search.results.value.map((r) => r.user.id)).toEqual([bob.id])
  })

  it('pages with next_after and clears when the box is emptied', async () => {
    const requests = serveRoutes({
      'GET /api/v1/users/search': (req) =>
        req.url.includes('after=')
          ? json(200, { items: [{ user: carol, relationship: 'none' }], next_after: null })
          : json(200, { items: [{ user: bob, relationship: 'none' }], next_after: 'bob' }),
    })
    const { search } = setup()
    search.query.value = 'x'
    await nextTick()
    await vi.advanceTimersByTimeAsync(200)
    await settle()

    await search.loadMore()
    expect(requests[1]!.url).toBe('/api/v1/users/search?q=x&after=bob&limit=20')
    expect(search.results.value.map((r) => r.user.id)).toEqual([bob.id, carol.id])
    expect(search.nextAfter.value).toBeNull()

    search.query.value = '  '
    await nextTick()
    expect(search.results.value).toEqual([])
    expect(search.searched.value).toBe('')
  })

  it('says a refused query in words of the language shown', async () => {
    serveRoutes({ 'GET /api/v1/users/search': () => errorEnvelope(400, 'invalid_query', 'q must be 1 to 32 characters') })
    const { search } = setup()
    search.query.value = 'z'
    await nextTick()
    await vi.advanceTimersByTimeAsync(200)
    await settle()
    expect(search.error.value).toBe('Part of the request was missing or not understood. Reload the page and try again.')
  })

  it('stops its timer when its owner goes away', async () => {
    const requests = serveRoutes({})
    const { search, scope } = setup()
    search.query.value = 'bo'
    await nextTick()
    scope.stop()
    await vi.advanceTimersByTimeAsync(500)
    expect(requests).toHaveLength(0)
  })
})
