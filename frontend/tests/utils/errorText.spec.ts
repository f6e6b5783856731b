import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

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

/** Every error code the API document lists (docs/openapi.json, `ErrorCode`; vitest runs in frontend/). */
function documentedCodes(): string[] {
  const doc = JSON.parse(readFileSync(resolve(process.cwd(), '../docs/openapi.json'), 'utf8')) as {
    components: { schemas: { ErrorCode: { enum: string[] } } }
  }
  return doc.components.schemas.ErrorCode.enum
}

describe('serverErrorText', () => {
  it('says a code it knows in its own words, and a code it does not as the server’s message, a sentence', () => {
    expect(serverErrorText('invalid_credentials', 'wrong username or password')).toBe('Wrong username or password.')
    expect(serverErrorText('invalid_query', 'limit must be a number')).toBe(
      'Part of the request was missing or not understood. Reload the page and try again.',
    )
    expect(serverErrorText('a_code_of_a_newer_server', 'something new went wrong')).toBe('Something new went wrong.')
  })

  it('has words for every code of the API document, in every language', async () => {
    const codes = documentedCodes()
    expect(codes.length).toBeGreaterThan(100)
    for (const locale of ['en', 'de', 'ar'] as const) {
      await setLocale(locale)
      for (const code of codes) {
        // A message the server writes is in English and lower case: never a sentence of ours.
        expect(serverErrorText(code, 'the server’s words'), `${locale}: ${code}`).not.toBe('The server’s words.')
      }
    }
  })

  it('says how long slow mode asks to wait, when the server says', async () => {
    expect(serverErrorText('slowmode', 'slow mode', 30)).toBe('Slow mode: wait 30 seconds before your next message.')
    expect(serverErrorText('slowmode', 'slow mode', 90)).toBe('Slow mode: wait 2 minutes before your next message.')
    expect(serverErrorText('slowmode', 'slow mode')).toBe('Slow mode: wait a little before your next message.')
    await setLocale('de')
    expect(serverErrorText('slowmode', 'slow mode', 30)).toBe('Langsamer Modus: Warte 30 Sekunden vor deiner nächsten Nachricht.')
    expect(serverErrorText('invite_link_used_up', 'used up')).toBe(
      'Dieser Einladungslink wurde so oft verwendet wie erlaubt. Bitte um einen neuen.',
    )
    await setLocale('ar')
    expect(serverErrorText('invalid_thread', 'no such thread')).toBe('الرسالة التي بدأت منها هذه السلسلة لم تعد موجودة.')
  })

  it('says an account screen’s code in the account screens’ words anywhere', () => {
    expect(serverErrorText('too_many_passkeys', 'too many passkeys')).toBe(
      'Your account has as many passkeys as it may have. Remove one first.',
    )
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
