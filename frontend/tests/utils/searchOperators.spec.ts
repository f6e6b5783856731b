import { describe, expect, it } from 'vitest'

import {
  applySuggestion,
  endsWithOpenOperator,
  isoDay,
  type SearchSuggestion,
  type SuggestionSources,
  suggestionsFor,
  wordAt,
} from '@/utils/searchOperators'

const bob = { id: 'u2', username: 'bob', name: 'Bob Brown' }
const ana = { id: 'u3', username: 'ana_m', name: 'Ana Müller' }
const sources: SuggestionSources = {
  people: [bob, ana],
  friends: [bob],
  groups: [
    { id: 'g1', name: 'Team Alpha' },
    { id: 'g2', name: 'ops' },
  ],
  today: '2026-12-05',
  yesterday: '2026-12-04',
}

/** What the list offers for `text` typed with the caret at its end: what each would write. */
function offered(text: string): string[] {
  return suggestionsFor(wordAt(text, text.length), sources).map((s) => s.insert)
}

describe('wordAt', () => {
  it('is the word the caret ends, with where it starts', () => {
    expect(wordAt('lunch fr', 8)).toEqual({ start: 6, text: 'fr' })
    expect(wordAt('lunch fr', 5)).toEqual({ start: 0, text: 'lunch' })
    expect(wordAt('from:@b', 7)).toEqual({ start: 0, text: 'from:@b' })
  })

  it('is nothing after a space, inside a phrase, or in an exclusion (operators are not negated)', () => {
    expect(wordAt('lunch ', 6)).toBeNull()
    expect(wordAt('"deploy fr', 10)).toBeNull()
    expect(wordAt('-fr', 3)).toBeNull()
    expect(wordAt('"a phrase" fr', 13)).toEqual({ start: 11, text: 'fr' })
  })
})

describe('suggestionsFor', () => {
  it('offers the operators a word begins, from two letters on', () => {
    expect(offered('fr')).toEqual(['from:'])
    expect(offered('lunch Fro')).toEqual(['from:'])
    expect(offered('i')).toEqual([])
    expect(offered('in')).toEqual(['in:'])
    expect(offered('be')).toEqual(['before:'])
    expect(offered('lunch')).toEqual([])
  })

  it('after from: offers me and people by username or any word of their name; after from:@ people only', () => {
    expect(offered('from:')).toEqual(['from:me ', 'from:@bob ', 'from:@ana_m '])
    expect(offered('from:@')).toEqual(['from:@bob ', 'from:@ana_m '])
    expect(offered('from:@mul')).toEqual(['from:@ana_m '])
    expect(offered('from:@BR')).toEqual(['from:@bob '])
    // "m" starts "me", and "Müller" with its accent folded.
    expect(offered('from:m')).toEqual(['from:me ', 'from:@ana_m '])
  })

  it('after in: offers threads, groups (quoted when their name has spaces) and friends; in:# groups, in:@ friends', () => {
    expect(offered('in:')).toEqual(['in:thread ', 'in:#"Team Alpha" ', 'in:#ops ', 'in:@bob '])
    expect(offered('in:#')).toEqual(['in:#"Team Alpha" ', 'in:#ops '])
    expect(offered('in:#al')).toEqual(['in:#"Team Alpha" '])
    expect(offered('in:@')).toEqual(['in:@bob '])
    expect(offered('in:th')).toEqual(['in:thread '])
  })

  it('offers has: values, is:pinned, and today and yesterday for the days', () => {
    expect(offered('has:')).toEqual(['has:link ', 'has:image ', 'has:file ', 'has:audio ', 'has:video '])
    expect(offered('has:im')).toEqual(['has:image '])
    expect(offered('is:')).toEqual(['is:pinned '])
    expect(offered('before:')).toEqual(['before:2026-12-05 ', 'before:2026-12-04 '])
    expect(offered('on:2026-12-04')).toEqual([])
    expect(offered('after:1999')).toEqual([])
  })

  it('offers nothing for a word already complete, or an unknown operator', () => {
    expect(offered('has:image')).toEqual([])
    expect(offered('from:me')).toEqual([])
    expect(offered('to:')).toEqual([])
    expect(offered('https://example.com')).toEqual([])
  })

  it('says what each suggestion is', () => {
    const [me, person] = suggestionsFor(wordAt('from:', 5), sources)
    expect(me).toEqual({ kind: 'me', insert: 'from:me ' })
    expect(person).toEqual({ kind: 'person', operator: 'from', person: bob, insert: 'from:@bob ' })
    expect(suggestionsFor(wordAt('on:', 3), sources)[0]).toEqual({
      kind: 'day',
      operator: 'on',
      day: '2026-12-05',
      which: 'today',
      insert: 'on:2026-12-05 ',
    })
  })
})

describe('applySuggestion', () => {
  const take = (text: string, caret: number, insert: string) =>
    applySuggestion(text, caret, wordAt(text, caret)!, { kind: 'operator', operator: 'from', insert } as SearchSuggestion)

  it('replaces the word typed and puts the caret after it', () => {
    expect(take('lunch fr', 8, 'from:')).toEqual({ text: 'lunch from:', caret: 11 })
    expect(take('lunch from:@b', 13, 'from:@bob ')).toEqual({ text: 'lunch from:@bob ', caret: 16 })
  })

  it('keeps what follows the caret, without a second space', () => {
    expect(take('has:im lunch', 6, 'has:image ')).toEqual({ text: 'has:image lunch', caret: 9 })
  })
})

describe('endsWithOpenOperator', () => {
  it('is an operator at the end still without its value', () => {
    for (const q of ['from:', 'lunch from:@', 'in:#', 'IN:"', 'has:']) expect(endsWithOpenOperator(q), q).toBe(true)
    for (const q of ['from:me', 'lunch', 'to:', 'from: lunch', 'has:image ']) expect(endsWithOpenOperator(q), q).toBe(false)
  })
})

describe('isoDay', () => {
  it('writes a day of this browser’s calendar as YYYY-MM-DD', () => {
    expect(isoDay(new Date(2026, 0, 9, 23, 59))).toBe('2026-01-09')
  })
})
