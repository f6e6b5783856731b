import { describe, expect, it } from 'vitest'

import { setLocale } from '@/i18n'
import { isOneEmoji, reactorsText, sameEmoji, withCount, withMine } from '@/utils/reactions'

const chips = [
  { emoji: '👍', count: 2, me: false },
  { emoji: '❤️', count: 1, me: true },
]

describe('reaction chips', () => {
  it('take the server’s count: a new emoji goes last, 0 removes it, me only when known', () => {
    expect(withCount(chips, '🎉', 1)).toEqual([...chips, { emoji: '🎉', count: 1, me: false }])
    expect(withCount(chips, '👍', 3)).toEqual([{ emoji: '👍', count: 3, me: false }, chips[1]])
    expect(withCount(chips, '👍', 3, true)[0]).toEqual({ emoji: '👍', count: 3, me: true })
    expect(withCount(chips, '❤️', 0)).toEqual([chips[0]])
  })

  it('treat a spelling without the variation selector as the same emoji, keeping the server’s', () => {
    expect(sameEmoji('❤', '❤️')).toBe(true)
    expect(sameEmoji('👍', '👎')).toBe(false)
    expect(withCount(chips, '❤', 2)).toEqual([chips[0], { emoji: '❤', count: 2, me: true }])
    expect(withMine(chips, '❤', false)).toEqual([chips[0]])
  })

  it('put the reader’s own reaction on and off, once', () => {
    expect(withMine(chips, '👍', true)[0]).toEqual({ emoji: '👍', count: 3, me: true })
    expect(withMine(chips, '❤️', true)).toEqual(chips)
    expect(withMine(chips, '❤️', false)).toEqual([chips[0]])
    expect(withMine([], '🔥', true)).toEqual([{ emoji: '🔥', count: 1, me: true }])
    expect(withMine([], '🔥', false)).toEqual([])
  })
})

describe('isOneEmoji', () => {
  it('accepts one emoji with its modifiers, and nothing else', () => {
    for (const ok of ['👍', '👍🏽', '❤️', '❤', '🇫🇷', '👩‍👩‍👧', '1️⃣']) expect(isOneEmoji(ok), ok).toBe(true)
    for (const bad of ['', 'a', '👍👍', ':+1:', '👍 ', '1', '<b>']) expect(isOneEmoji(bad), bad).toBe(false)
  })
})

describe('reactorsText', () => {
  it('names who reacted, and counts the rest', () => {
    expect(reactorsText(['Ana'], 1)).toBe('Ana')
    expect(reactorsText(['Ana', 'Bo'], 2)).toBe('Ana and Bo')
    expect(reactorsText(['Ana', 'Bo', 'Cy'], 3)).toBe('Ana, Bo and Cy')
    expect(reactorsText(['Ana', 'Bo'], 5)).toBe('Ana, Bo and 3 others')
    expect(reactorsText([], 0)).toBe('')
  })

  it('joins the names as the language does, with its plural for the rest', async () => {
    await setLocale('de')
    expect(reactorsText(['Ana', 'Bo'], 5)).toBe('Ana, Bo und 3 weitere Personen')
    expect(reactorsText(['Ana', 'Bo'], 3)).toBe('Ana, Bo und 1 weitere Person')
    await setLocale('ar')
    expect(reactorsText(['Ana', 'Bo', 'Cy'], 3)).toBe('Ana، Bo وCy')
    // Arabic's dual, and its 3–10 ("few") form.
    expect(reactorsText(['Ana'], 3)).toBe('Ana وشخصان آخران')
    expect(reactorsText(['Ana'], 5)).toMatch(/^Ana و.+ أشخاص آخرون$/)
  })
})
