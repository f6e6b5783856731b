import { describe, expect, it } from 'vitest'

import { ApiError } from '@/api/client'
import {
  inPlainWords,
  inScopeOrder,
  linkProblem,
  passwordResetHow,
  recoveryCodesFile,
  securityEventText,
  TOKEN_SCOPES,
  tokenScopeAbout,
  tokenScopeLabel,
} from '@/utils/accountText'

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
    expect(linkProblem(apiError(429, 'rate_limited', 30)).message).toBe('Too many attempts. Try again in 30 seconds.')
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

describe('access tokens in words', () => {
  it('names every scope, with a line on what it allows, in a fixed order', () => {
    expect(TOKEN_SCOPES).toEqual(['read', 'messages', 'friends', 'groups', 'media', 'profile', 'webhooks'])
    for (const s of TOKEN_SCOPES) {
      expect(tokenScopeLabel(s)).not.toBe(s)
      expect(tokenScopeAbout(s)).toMatch(/^[A-Z].*\.$/)
    }
    expect(tokenScopeLabel('read')).toBe('Read')
    expect(tokenScopeLabel('calendar')).toBe('calendar')
    expect(inScopeOrder(['webhooks', 'profile', 'messages', 'read'])).toEqual(['read', 'messages', 'profile', 'webhooks'])
  })

  it('says the token refusals plainly, and logs tokens made and revoked', () => {
    const said = (status: number, code: string) => (inPlainWords(apiError(status, code)) as ApiError).message
    expect(said(400, 'invalid_token_name')).toBe('A token’s name is 1 to 64 characters.')
    expect(said(400, 'invalid_scopes')).toBe('Choose at least one thing the token may do.')
    expect(said(400, 'invalid_expiry')).toMatch(/1 to 366 days, or never/)
    expect(said(409, 'too_many_tokens')).toMatch(/^Your account has as many access tokens as it may have/)
    expect(securityEventText('token.created')).toBe('Access token created')
    expect(securityEventText('token.revoked')).toBe('Access token revoked')
  })
})
