import { describe, expect, it } from 'vitest'

import { ApiError } from '@/api/client'
import { linkProblem, passwordResetHow, recoveryCodesFile, securityEventText } from '@/utils/accountText'

const apiError = (status: number, code: string, retryAfter?: number) =>
  new ApiError({ status, code, message: `server says ${code}`, retryAfter })

describe('security log words', () => {
  it('says every kind the server writes in words', () => {
    expect(securityEventText('password.changed')).toBe('Password changed')
    expect(securityEventText('password.reset_by_recovery_code')).toBe('Password reset with a recovery code')
    expect(securityEventText('login.new_device')).toBe('Logged in from a new device')
    expect(securityEventText('sessions.others_revoked')).toBe('All other sessions were logged out')
    expect(securityEventText('email.verified')).toBe('Email confirmed')
  })

  it('keeps an unknown kind readable', () => {
    expect(securityEventText('passkey.added')).toBe('Passkey added')
    expect(securityEventText('device.renamed_by_robot')).toBe('Device renamed by robot')
    expect(securityEventText('')).toBe('Account activity')
  })

  it('says how a password was reset, or nothing for an unknown way', () => {
    expect(passwordResetHow('password.reset_by_email')).toBe('with a link sent by email')
    expect(passwordResetHow('password.reset_by_operator')).toBe('with a link from the server’s operator')
    expect(passwordResetHow(undefined)).toBeNull()
    expect(passwordResetHow('magic')).toBeNull()
  })
})

describe('link problems', () => {
  it('tells expired, used and stale links apart, each fixable with a new link', () => {
    for (const code of ['link_expired', 'link_used', 'link_stale', 'invalid_link']) {
      const p = linkProblem(apiError(code === 'invalid_link' ? 400 : 410, code))
      expect(p.canRetry).toBe(true)
      expect(p.title).not.toBe('Something went wrong')
    }
    expect(linkProblem(apiError(410, 'link_expired')).title).toBe('This link has expired')
    expect(linkProblem(apiError(410, 'link_stale')).message).toMatch(/email changed/)
  })

  it('an email taken by another account cannot be fixed by a new link', () => {
    expect(linkProblem(apiError(409, 'email_taken'))).toMatchObject({ canRetry: false })
  })

  it('says how long to wait when rate limited, and passes other errors on', () => {
    expect(linkProblem(apiError(429, 'rate_limited', 30)).message).toBe('Too many attempts. Try again in 30 s.')
    expect(linkProblem(apiError(500, 'internal')).message).toBe('server says internal')
    expect(linkProblem(new Error('boom')).message).toBe('Please try again.')
  })
})

describe('recovery codes file', () => {
  it('names the account and site, lists the codes one a line, and says how to use them', () => {
    const text = recoveryCodesFile(['aaaaa-bbbbb', 'ccccc-ddddd'], 'alice', '2024-06-01T10:00:00Z', 'https://chat.example')
    const lines = text.split('\n')
    expect(lines[0]).toBe('Confab recovery codes for @alice (https://chat.example)')
    expect(lines[1]).toMatch(/^Created 2024-06-01\. Each code works once/)
    expect(lines).toContain('aaaaa-bbbbb')
    expect(lines).toContain('ccccc-ddddd')
    expect(text).toContain('https://chat.example/recover')
  })
})
