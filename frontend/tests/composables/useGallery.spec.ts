import { describe, expect, it } from 'vitest'

import { useGallery } from '@/composables/useGallery'
import { setLocale } from '@/i18n'

const key = (k: string) => new KeyboardEvent('keydown', { key: k, cancelable: true })

describe('useGallery', () => {
  it('moves with the arrow keys within the list and closes on Escape', () => {
    const g = useGallery(['a', 'b', 'c'])
    expect(g.onKey(key('ArrowRight'))).toBe(false) // closed: keys are not ours
    g.open(1)
    expect(g.current.value).toBe('b')
    const right = key('ArrowRight')
    expect(g.onKey(right)).toBe(true)
    expect(right.defaultPrevented).toBe(true)
    expect(g.current.value).toBe('c')
    g.onKey(key('ArrowRight'))
    expect(g.current.value).toBe('c')
    expect(g.hasNext.value).toBe(false)
    g.onKey(key('ArrowLeft'))
    g.onKey(key('ArrowLeft'))
    g.onKey(key('ArrowLeft'))
    expect(g.index.value).toBe(0)
    expect(g.onKey(key('x'))).toBe(false)
    g.onKey(key('Escape'))
    expect(g.current.value).toBeNull()
  })

  it('follows the reading direction: in Arabic (right to left) ← is next and → previous', async () => {
    await setLocale('ar')
    const g = useGallery(['a', 'b', 'c'])
    g.open(1)
    g.onKey(key('ArrowLeft'))
    expect(g.current.value).toBe('c')
    g.onKey(key('ArrowRight'))
    g.onKey(key('ArrowRight'))
    expect(g.current.value).toBe('a')
  })

  it('ignores an index outside the list', () => {
    const g = useGallery(['a'])
    g.open(3)
    expect(g.index.value).toBeNull()
  })
})
