/**
 * Words for the account's security screens: the security log, what went wrong
 * with an emailed link, how a password was reset, and the recovery codes file.
 */
import { isApiError } from '@/api/client'
import type { SecurityEventKind } from '@/api/types'

const EVENT_TEXT: Record<SecurityEventKind, string> = {
  'password.changed': 'Password changed',
  'password.reset_by_email': 'Password reset with a link sent by email',
  'password.reset_by_operator': 'Password reset with a link from the server’s operator',
  'password.reset_by_recovery_code': 'Password reset with a recovery code',
  'recovery_codes.generated': 'New recovery codes created',
  'email.verified': 'Email confirmed',
  'login.new_device': 'Logged in from a new device',
  'session.revoked': 'A session was logged out',
  'sessions.others_revoked': 'All other sessions were logged out',
}

/** Kinds of the second-factor work (#17, later screens), said plainly too. */
const OTHER_EVENT_TEXT: Record<string, string> = {
  'two_factor.totp_enabled': 'Two-step login turned on',
  'two_factor.totp_disabled': 'Two-step login turned off',
  'recovery_code.used_at_login': 'A recovery code was used to log in',
  'passkey.added': 'Passkey added',
  'passkey.removed': 'Passkey removed',
}

/** "Password changed" for `password.changed`; an unknown kind is still readable. */
export function securityEventText(kind: string): string {
  const known = (EVENT_TEXT as Record<string, string>)[kind] ?? OTHER_EVENT_TEXT[kind]
  if (known) return known
  const words = kind.replace(/[._]/g, ' ').trim()
  return words ? words[0]!.toUpperCase() + words.slice(1) : 'Account activity'
}

/** `how` of an `account.password_reset` notification (a security log kind): "with a recovery code". */
export function passwordResetHow(how: unknown): string | null {
  switch (how) {
    case 'password.reset_by_email':
      return 'with a link sent by email'
    case 'password.reset_by_operator':
      return 'with a link from the server’s operator'
    case 'password.reset_by_recovery_code':
      return 'with a recovery code'
    default:
      return null
  }
}

/** What to tell someone whose emailed link (confirmation or reset) was refused. */
export interface LinkProblem {
  title: string
  message: string
  /** Asking for a new link may help (expired, used, stale). */
  canRetry: boolean
}

export function linkProblem(err: unknown): LinkProblem {
  const code = isApiError(err) ? err.code : null
  switch (code) {
    case 'link_expired':
      return { title: 'This link has expired', message: 'Links work for a limited time. Ask for a new one.', canRetry: true }
    case 'link_used':
      return { title: 'This link was already used', message: 'Each link works once. Ask for a new one if you still need it.', canRetry: true }
    case 'link_stale':
      return {
        title: 'This link is out of date',
        message: 'The account’s email changed after this link was sent. Use the link in the newest mail, or ask for a new one.',
        canRetry: true,
      }
    case 'invalid_link':
      return {
        title: 'This link is not valid',
        message: 'Check that you opened the whole link from the mail (long links are sometimes cut in two).',
        canRetry: true,
      }
    case 'email_taken':
      return {
        title: 'This email is already in use',
        message: 'Another account confirmed this address first. Use a different email in your settings.',
        canRetry: false,
      }
    default: {
      if (isApiError(err) && err.status === 429) {
        const wait = err.retryAfter ? ` Try again in ${err.retryAfter} s.` : ' Try again in a moment.'
        return { title: 'Too many attempts', message: `Too many attempts.${wait}`, canRetry: false }
      }
      return {
        title: 'Something went wrong',
        message: isApiError(err) && err.message ? err.message : 'Please try again.',
        canRetry: false,
      }
    }
  }
}

/** The text of the downloaded recovery codes file. */
export function recoveryCodesFile(codes: readonly string[], username: string, createdAt: string, site: string): string {
  const made = new Date(createdAt)
  const when = Number.isNaN(made.getTime()) ? createdAt : made.toISOString().slice(0, 10)
  return [
    `Confab recovery codes for @${username} (${site})`,
    `Created ${when}. Each code works once. Creating new codes makes these stop working.`,
    '',
    ...codes,
    '',
    `Forgot your password? Open ${site}/recover and use one of these codes.`,
    '',
  ].join('\n')
}
