/**
 * Words for the account's security screens: the security log, what went wrong
 * with an emailed link, how a password was reset, the recovery codes file,
 * the one-time codes of two-step login, and what access tokens may do.
 */
import { ApiError, isApiError } from '@/api/client'
import type { SecurityEventKind, TokenScope } from '@/api/types'
import { tryAgainText } from '@/utils/time'

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
  'two_factor.totp_enabled': 'Two-step login turned on',
  'two_factor.totp_disabled': 'Two-step login turned off',
  'recovery_code.used_at_login': 'A recovery code was used to log in',
  'passkey.added': 'Passkey added',
  'passkey.removed': 'Passkey removed',
  'token.created': 'Access token created',
  'token.revoked': 'Access token revoked',
}

/** "Password changed" for `password.changed`; an unknown kind is still readable. */
export function securityEventText(kind: string): string {
  const known = (EVENT_TEXT as Record<string, string>)[kind]
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
        return { title: 'Too many attempts', message: `Too many attempts. ${tryAgainText(err.retryAfter)}`, canRetry: false }
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

/** A secret in groups of four ("JBSW Y3DP EHPK 3PXP"), for typing into an app by hand. */
export function groupInFours(secret: string): string {
  return (secret.replace(/\s+/g, '').match(/.{1,4}/g) ?? []).join(' ')
}

/** A code as typed ("123 456", "123-456") as the server takes it: the digits. */
export function oneTimeCode(typed: string): string {
  return typed.replace(/[\s-]/g, '')
}

/** What is wrong with a typed authenticator app code, or null when it has the right shape. */
export function oneTimeCodeError(typed: string): string | null {
  const code = oneTimeCode(typed)
  if (!code) return 'Enter the 6-digit code from your authenticator app.'
  return /^\d{6}$/.test(code) ? null : 'The code is the 6 digits your authenticator app shows.'
}

/** What each scope lets an access token do, in the order the screens list them (a Record, so none can be left out). */
const TOKEN_SCOPE_TEXT: Record<TokenScope, { label: string; about: string }> = {
  read: { label: 'Read', about: 'See everything you can see, and get live updates.' },
  messages: { label: 'Messages', about: 'Send, edit and delete messages; react, pin and mark chats read.' },
  friends: { label: 'Friends', about: 'Send and answer friend requests; remove friends; block people.' },
  groups: { label: 'Groups', about: 'Create and manage groups: members, roles, bans and invitations.' },
  media: { label: 'Media', about: 'Upload images, audio and video.' },
  profile: { label: 'Profile', about: 'Change your display name, avatar, bio and status.' },
  webhooks: { label: 'Webhooks', about: 'Make and manage webhooks: a group’s incoming ones, and event subscriptions.' },
}

/** Every scope, in the order the screens list them. */
export const TOKEN_SCOPES = Object.keys(TOKEN_SCOPE_TEXT) as readonly TokenScope[]

/** "Messages" for `messages`; a scope of a newer server is still readable. */
export function tokenScopeLabel(scope: string): string {
  return (TOKEN_SCOPE_TEXT as Record<string, { label: string } | undefined>)[scope]?.label ?? scope
}

/** One line on what a scope lets a token do ("Upload images, audio and video."). */
export function tokenScopeAbout(scope: TokenScope): string {
  return TOKEN_SCOPE_TEXT[scope].about
}

/** Scopes in the order the screens list them (the server sorts them by name); unknown ones last. */
export function inScopeOrder<S extends string>(scopes: readonly S[]): S[] {
  const rank = (s: string) => {
    const i = (TOKEN_SCOPES as readonly string[]).indexOf(s)
    return i < 0 ? TOKEN_SCOPES.length : i
  }
  return [...scopes].sort((a, b) => rank(a) - rank(b))
}

/** Plain words for the errors of two-step login, passkeys, access tokens, exports and deleting an account, by code. */
const ERROR_TEXT: Record<string, string> = {
  invalid_second_factor: 'That code is not right, or it was already used. Enter the newest code.',
  invalid_challenge: 'That login took too long, or was finished elsewhere. Enter your password again.',
  totp_not_set_up: 'The setup was not finished in time. Start it again.',
  totp_already_enabled: 'Two-step login is already on.',
  totp_not_enabled: 'Two-step login is already off.',
  invalid_passkey: 'That passkey could not be checked. Try again, or use another way in.',
  invalid_attestation: 'That passkey could not be checked. Try again, or use another passkey.',
  invalid_ceremony: 'The passkey prompt expired. Try again.',
  passkey_exists: 'That passkey is already on your account.',
  invalid_passkey_name: 'A passkey’s name is 1 to 64 characters.',
  too_many_passkeys: 'Your account has as many passkeys as it may have. Remove one first.',
  passkeys_disabled: 'This server cannot use passkeys.',
  invalid_token_name: 'A token’s name is 1 to 64 characters.',
  invalid_scopes: 'Choose at least one thing the token may do.',
  invalid_expiry: 'Choose when the token expires: in 1 to 366 days, or never.',
  too_many_tokens: 'Your account has as many access tokens as it may have. Revoke one you no longer use first.',
  no_passkeys: 'Your account has no passkey.',
  export_in_progress: 'An export is already being made. You will get a notification when it is ready.',
  wrong_identity: 'That sign-in is not of an account linked to yours. Try again.',
  wrong_code: 'That code is not right, or it has expired. Check it, or get a new one.',
  link_used: 'That code was already used. Ask for a new one.',
  link_expired: 'That code has expired. Ask for a new one.',
  no_verified_email: 'Your account has no confirmed email to send a code to.',
  email_disabled: 'This server does not send mail.',
}

/**
 * The error with its message in plain words when its code is one of the
 * account screens' (the server's messages are written for developers);
 * anything else as it was.
 */
export function inPlainWords(err: unknown): unknown {
  if (!isApiError(err) || err.status === 429) return err
  const message = ERROR_TEXT[err.code]
  if (!message) return err
  return new ApiError({ status: err.status, code: err.code, message, retryAfter: err.retryAfter, requestId: err.requestId })
}
