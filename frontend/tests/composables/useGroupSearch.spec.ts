import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick } from 'vue'

import { useGroupSearch } from '@/composables/useGroupSearch'

import { group } from '../helpers/groups'
import { deferred, json } from '../helpers/http'
import { route, serveRoutes } from '../helpers/routes'

const result = (id: string, joined = false) => ({ ...group({ id, kind: 'public', handle: id }), joined })

function setup() {
  const scope = effectScope()
  return scope.run(() => useGroupSearch(200))!
}

describe('useGroupSearch', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('lists every public group at first, then searches as one types (without the @)', async () => {
    const requests = serveRoutes({
      'GET /api/v1/groups/search': (req) =>
        json(200, { items: req.url.includes('q=ru') ? [result('rust')] : [result('a'), result('b')], next_before: null }),
    })
    const search = setup()
    await search.refresh()
    expect(search.results.value.map((g) => g.id)).toEqual(['a', 'b'])
    search.query.value = ' @ru'
    await nextTick()
    await vi.advanceTimersByTimeAsync(200)
    expect(search.results.value.map((g) => g.id)).toEqual(['rust'])
    expect(requests.map(route)).toEqual(['GET /api/v1/groups/search?q=&limit=30', 'GET /api/v1/groups/search?q=ru&limit=30'])
  })

  it('lets the newest answer win and pages with `before`', async () => {
    const slow = deferred<Response>()
    let calls = 0
    const requests = serveRoutes({
      'GET /api/v1/groups/search': (req) => {
        calls++
        if (calls === 1) return slow.promise
        if (req.url.includes('before=')) return json(200, { items: [result('c')], next_before: null })
        return json(200, { items: [result('b')], next_before: 'b' })
      },
    })
    const search = setup()
    const first = search.refresh()
    await search.refresh()
    slow.resolve(json(200, { items: [result('old')], next_before: null }))
    await first
    expect(search.results.value.map((g) => g.id)).toEqual(['b'])
    await search.loadMore()
    expect(search.results.value.map((g) => g.id)).toEqual(['b', 'c'])
    expect(requests.at(-1)!.url).toContain('before=b')
    search.markJoined('c')
    expect(search.results.value[1]).toMatchObject({ joined: true, member_count: 3 })
  })
})
