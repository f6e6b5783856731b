import { describe, expect, it } from 'vitest'

import { mentionsUser, splitMentions } from '@/utils/mentions'

const mentions = (body: string) => splitMentions(body).flatMap((p) => (p.mention ? [p.mention] : []))

describe('splitMentions', () => {
  it('finds names after an @ that starts a word, as the server does', () => {
    expect(mentions('hi @Bob and @carol_1!')).toEqual(['bob', 'carol_1'])
    expect(mentions('@bob, thanks @bob.')).toEqual(['bob', 'bob'])
    expect(mentions('(@dave.smith)')).toEqual(['dave.smith'])
    expect(mentions('mail me@example.com or @@bob or @x')).toEqual([])
    expect(mentions('@everyone look, not @here')).toEqual(['everyone'])
  })

  it('keeps every character: the parts join back into the body', () => {
    for (const body of ['hi @Bob and @carol_1!', 'thanks @bob.', '@@bob @x me@ex.com', '', 'plain', '@everyone']) {
      expect(splitMentions(body).map((p) => p.text).join('')).toBe(body)
    }
    expect(splitMentions('thanks @Bob.')).toEqual([
      { text: 'thanks ', mention: null },
      { text: '@Bob', mention: 'bob' },
      { text: '.', mention: null },
    ])
  })
})

describe('mentionsUser', () => {
  it('matches my name in any case, and @everyone only where it counts', () => {
    expect(mentionsUser('ping @ALICE', 'alice', false)).toBe(true)
    expect(mentionsUser('ping @alice_2', 'alice', false)).toBe(false)
    expect(mentionsUser('@everyone hi', 'alice', true)).toBe(true)
    expect(mentionsUser('@everyone hi', 'alice', false)).toBe(false)
    expect(mentionsUser(null, 'alice', true)).toBe(false)
  })
})
