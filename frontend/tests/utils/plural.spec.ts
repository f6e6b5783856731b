import { describe, expect, it } from 'vitest'

import { plural, pluralWord } from '@/utils/plural'

describe('plural', () => {
  it('puts the singular after 1 and the plural after anything else', () => {
    expect(plural(1, 'member')).toBe('1 member')
    expect(plural(0, 'member')).toBe('0 members')
    expect(plural(2, 'member')).toBe('2 members')
    expect(plural(1.5, 'hour')).toBe('1.5 hours')
  })

  it('takes an irregular plural', () => {
    expect(plural(1, 'reply', 'replies')).toBe('1 reply')
    expect(plural(3, 'reply', 'replies')).toBe('3 replies')
  })

  it('gives the noun alone', () => {
    expect(pluralWord(1, 'mention')).toBe('mention')
    expect(pluralWord(4, 'mention')).toBe('mentions')
  })
})
