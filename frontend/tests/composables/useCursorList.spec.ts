import { describe, expect, it } from 'vitest'

import { useCursorList } from '@/composables/useCursorList'

import { deferred } from '../helpers/http'

describe('useCursorList', () => {
  it('loads the newest page, appends older ones, and drops an answer overtaken by a reload', async () => {
    const pages: Record<string, { items: { id: string }[]; next_before: string | null }> = {
      first: { items: [{ id: 'c' }, { id: 'b' }], next_before: 'b' },
      b: { items: [{ id: 'b' }, { id: 'a' }], next_before: null },
    }
    const list = useCursorList((before) => Promise.resolve(pages[before ?? 'first']!))
    await list.reload()
    expect(list.items.value.map((i) => i.id)).toEqual(['c', 'b'])
    expect(list.hasMore.value).toBe(true)
    await list.loadMore()
    expect(list.items.value.map((i) => i.id)).toEqual(['c', 'b', 'a'])
    expect(list.hasMore.value).toBe(false)

    const slow = deferred<{ items: { id: string }[] }>()
    let call = 0
    const racing = useCursorList(() => (call++ === 0 ? slow.promise : Promise.resolve({ items: [{ id: 'new' }] })))
    const first = racing.reload()
    await racing.reload()
    slow.resolve({ items: [{ id: 'old' }] })
    await first
    expect(racing.items.value.map((i) => i.id)).toEqual(['new'])
  })

  it('says a failure', async () => {
    const list = useCursorList(() => Promise.reject(new Error('nope')))
    await list.reload()
    expect(list.error.value).toBe('nope')
    expect(list.loaded.value).toBe(false)
  })
})
