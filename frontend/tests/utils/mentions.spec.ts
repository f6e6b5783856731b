import { describe, expect, it } from 'vitest'

import { plain } from '@/utils/formatting'
import { mentionedNames, mentionsUser } from '@/utils/mentions'

describe('mentionedNames', () => {
  it('finds names after an @ that starts a word, as the server does', () => {
    expect(mentionedNames('hi @Bob and @carol_1!')).toEqual(['bob', 'carol_1'])
    expect(mentionedNames('@bob, thanks @bob.')).toEqual(['bob', 'bob'])
    expect(mentionedNames('(@dave.smith)')).toEqual(['dave.smith'])
    expect(mentionedNames('mail me@example.com or @@bob or @x')).toEqual([])
    expect(mentionedNames('@everyone look, not @here')).toEqual(['everyone'])
  })

  it('keeps every character of a body without markup', () => {
    for (const body of ['hi @Bob and @carol_1!', 'thanks @bob.', '@@bob @x me@ex.com', '', 'plain', '@everyone']) {
      expect(plain(body)).toBe(body)
    }
  })

  it('finds mentions in quotes, lists and spans, not in code or escaped', () => {
    expect(mentionedNames('> @ann\n- @bob\n**@carol** _@dave_')).toEqual(['ann', 'bob', 'carol', 'dave'])
    expect(mentionedNames('`@ann` \\@bob\n```\n@carol\n```')).toEqual([])
  })
})

describe('mentionsUser', () => {
  it('matches my name in any case, and @everyone only where it counts', () => {
    expect(mentionsUser('ping @ALICE', 'alice', false)).toBe(true)
    expect(mentionsUser('ping @alice_2', 'alice', false)).toBe(false)
    expect(mentionsUser('@everyone hi', 'alice', true)).toBe(true)
    expect(mentionsUser('@everyone hi', 'alice', false)).toBe(false)
    expect(mentionsUser(null, 'alice', true)).toBe(false)
    expect(mentionsUser('`@alice`', 'alice', false)).toBe(false)
  })
})
