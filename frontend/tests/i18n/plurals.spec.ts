import { beforeEach, describe, expect, it } from 'vitest'

import { i18n, setLocale } from '@/i18n'
import { pluralCategories, pluralRule } from '@/i18n/pluralRules'

const { t } = i18n.global
/** A plural message every language has: "In {n} day | In {n} days". */
const IN_DAYS = 'settings.accessTokens.expiry.days'
const inDays = (n: number) => t(IN_DAYS, { n }, n)

describe('plural categories', () => {
  it('are CLDR’s, in the order plural messages list their forms', () => {
    expect(pluralCategories('en')).toEqual(['one', 'other'])
    expect(pluralCategories('de')).toEqual(['one', 'other'])
    expect(pluralCategories('ar')).toEqual(['zero', 'one', 'two', 'few', 'many', 'other'])
  })

  it('pick the form of the count’s category', () => {
    const ar = pluralRule('ar')
    expect([0, 1, 2, 3, 10, 11, 99, 100, 102].map((n) => ar(n, 6))).toEqual([0, 1, 2, 3, 3, 4, 4, 5, 5])
    const en = pluralRule('en')
    expect([0, 1, 2].map((n) => en(n, 2))).toEqual([1, 0, 1])
  })

  it('fall back to the last form when a message has too few, and a message without forms is itself', () => {
    expect(pluralRule('ar')(2, 2)).toBe(1)
    expect(pluralRule('de')(5, 1)).toBe(0)
  })
})

describe('plural messages', () => {
  beforeEach(async () => {
    await setLocale('en')
  })

  it('English: one and other', () => {
    expect(inDays(1)).toBe('In 1 day')
    expect(inDays(7)).toBe('In 7 days')
    expect(inDays(0)).toBe('In 0 days')
  })

  it('German: one and other', async () => {
    await setLocale('de')
    expect(inDays(1)).toBe('In 1 Tag')
    expect(inDays(30)).toBe('In 30 Tagen')
  })

  it('Arabic: all six forms', async () => {
    await setLocale('ar')
    expect(inDays(0)).toBe('خلال 0 يوم')
    expect(inDays(1)).toBe('خلال يوم واحد')
    expect(inDays(2)).toBe('خلال يومين')
    expect(inDays(7)).toBe('خلال 7 أيام')
    expect(inDays(30)).toBe('خلال 30 يومًا')
    expect(inDays(100)).toBe('خلال 100 يوم')
  })
})
