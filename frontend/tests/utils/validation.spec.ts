import { describe, expect, it } from 'vitest'

import { ApiError } from '@/api/client'
import { serverFormError } from '@/utils/formErrors'
import {
  charCount,
  newPasswordChecks,
  normalizeUsername,
  validateEmail,
  validateMaxLength,
  validatePassword,
  validateUsername,
} from '@/utils/validation'

describe('validation', () => {
  it('accepts usernames of 3–32 chars in [a-z0-9_.], any case', () => {
    for (const ok of ['abc', 'a_b.c', 'Alice_99', 'x'.repeat(32)]) expect(validateUsername(ok)).toBeNull()
    expect(normalizeUsername('  Alice ')).toBe('alice')
  })

  it('rejects bad usernames with a reason', () => {
    expect(validateUsername('')).toMatch(/enter a username/i)
    expect(validateUsername('ab')).toMatch(/3–32/)
    expect(validateUsername('x'.repeat(33))).toMatch(/3–32/)
    expect(validateUsername('al ice')).toMatch(/letters, digits/)
    expect(validateUsername('alice!')).toMatch(/letters, digits/)
    expect(validateUsername('álice')).toMatch(/letters, digits/)
  })

  it('checks password length in characters, 8–128', () => {
    expect(validatePassword('')).toMatch(/enter a password/i)
    expect(validatePassword('1234567')).toMatch(/at least 8/)
    expect(validatePassword('12345678')).toBeNull()
    expect(validatePassword('x'.repeat(129))).toMatch(/at most 128/)
    // 8 emoji are 8 characters (16 UTF-16 units).
    expect(charCount('😀'.repeat(8))).toBe(8)
    expect(validatePassword('😀'.repeat(128))).toBeNull()
  })

  it('checks a new password typed twice: its length, then that both match', () => {
    const run = (c: ReturnType<typeof newPasswordChecks>) => [c.new_password(), c.confirm_password()]
    expect(run(newPasswordChecks('12345678', '12345678'))).toEqual([null, null])
    expect(run(newPasswordChecks('1234567', '1234567'))[0]).toMatch(/at least 8/)
    expect(run(newPasswordChecks('12345678', '12345679'))).toEqual([null, 'The two passwords differ.'])
    expect(newPasswordChecks('12345678', '', 'The two new passwords differ.').confirm_password()).toBe(
      'The two new passwords differ.',
    )
  })

  it('treats email as optional but checks its shape', () => {
    expect(validateEmail('')).toBeNull()
    expect(validateEmail('a@b.io')).toBeNull()
    expect(validateEmail('nope')).toMatch(/valid email/)
  })

  it('limits lengths', () => {
    expect(validateMaxLength('abc', 3, 'Bio')).toBeNull()
    expect(validateMaxLength('abcd', 3, 'Bio')).toBe('Bio can have at most 3 characters.')
  })
})

describe('serverFormError', () => {
  const err = (code: string, message = code, status = 400) => new ApiError({ status, code, message })

  it('puts field errors on the field they are about', () => {
    expect(serverFormError(err('username_taken', 'Taken.', 409), ['username', 'password'])).toEqual({
      field: 'username',
      message: 'Taken.',
    })
    expect(serverFormError(err('invalid_password'), ['username', 'password']).field).toBe('password')
  })

  it('lets a form say which of its fields a code is about, before the default', () => {
    expect(serverFormError(err('username_taken'), ['username', 'handle'], { username_taken: 'handle' }).field).toBe('handle')
    expect(
      serverFormError(err('invalid_credentials'), ['current_password'], { invalid_credentials: 'current_password' })
        .field,
    ).toBe('current_password')
  })

  it('keeps other errors form-level', () => {
    expect(serverFormError(err('invalid_credentials', 'Wrong.', 401), ['username', 'password'])).toEqual({
      field: null,
      message: 'Wrong.',
    })
    expect(serverFormError(err('username_taken'), ['password']).field).toBeNull()
    expect(serverFormError(new Error('x'), ['a']).message).toMatch(/something went wrong/i)
  })

  it('explains rate limits', () => {
    const e = new ApiError({ status: 429, code: 'rate_limited', message: 'x', retryAfter: 30 })
    expect(serverFormError(e, []).message).toBe('Too many attempts. Try again in 30 seconds.')
    const long = new ApiError({ status: 429, code: 'rate_limited', message: 'x', retryAfter: 2616 })
    expect(serverFormError(long, []).message).toBe('Too many attempts. Try again in 44 minutes.')
  })
})
