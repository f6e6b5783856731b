import { describe, expect, it } from 'vitest'

import { setLocale } from '@/i18n'
import { sentenceCase, serverErrorText } from '@/utils/errorText'

describe('sentenceCase', () => {
  it('starts with a capital and ends with a full stop', () => {
    expect(sentenceCase('wrong username or password')).toBe('Wrong username or password.')
    expect(sentenceCase('  only the group’s owner can do this ')).toBe('Only the group’s owner can do this.')
  })

  it('keeps a sentence that is one already, and an empty text', () => {
    expect(sentenceCase('That username is taken.')).toBe('That username is taken.')
    expect(sentenceCase('Really?')).toBe('Really?')
    expect(sentenceCase('')).toBe('')
  })
})

describe('serverErrorText', () => {
  it('shows the server’s message as a sentence', () => {
    expect(serverErrorText('invalid_credentials', 'wrong username or password')).toBe('Wrong username or password.')
    expect(serverErrorText('invalid_query', 'limit must be a number')).toBe('Limit must be a number.')
  })

  it('words a rate limit with how long to wait', () => {
    expect(serverErrorText('rate_limited', 'slow down', 2616)).toBe('Too many requests. Try again in 44 minutes.')
    expect(serverErrorText('rate_limited', 'slow down')).toBe('Too many requests. Try again in a moment.')
  })

  it('words a server failure for people', () => {
    expect(serverErrorText('internal_error', 'internal error (see logs)')).toBe('Something went wrong on the server. Please try again.')
  })

  it('says the group and friend refusals in the language shown', async () => {
    expect(serverErrorText('owner_cannot_leave', 'the owner must transfer ownership first')).toBe(
      'As the owner you cannot leave: make another member the owner first.',
    )
    await setLocale('de')
    expect(serverErrorText('handle_taken', 'handle taken')).toBe('Dieses Kürzel ist vergeben. Versuch ein anderes.')
    await setLocale('ar')
    expect(serverErrorText('already_friends', 'already friends')).toBe('أنتما صديقان بالفعل.')
  })
})
