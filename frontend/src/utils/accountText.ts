/**
 * Words for the account's security screens: the security log, what went wrong
 * with an emailed link, how a password was reset, the recovery codes file,
 * the one-time codes of two-step login, and what access tokens may do. The
 * words themselves are in the message files (auth, settings, errors).
 */
import { ApiError, isApiError } from '@/api/client'
import type { TokenScope } from '@/api/types'
import { i18n } from '@/i18n'
import { tryAgainText } from '@/i18n/format'
import { DEFAULT_LOCALE } from '@/i18n/locales'

const { t, te } = i18n.global

/** The message at `key` when one is written (English has every key first), else null. */
function known(key: string): string | null {
  return te(key, DEFAULT_LOCALE) ? t(key) : null
}

/** "Password changed" for `password.changed` (settings.securityLog.events); an unknown kind is still readable. */
export function securityEventText(kind: string): string {
  const text = known(`settings.securityLog.events.${kind}`)
  if (text) return text
  const words = kind.replace(/[._]/g, ' ').trim()
  return words ? words[0]!.toUpperCase() + words.slice(1) : t('settings.securityLog.unknownEvent')
}

/** `how` of an `account.password_reset` notification (a security log kind): "with a recovery code". */
export function passwordResetHow(how: unknown): string | null {
  switch (how) {
    case 'password.reset_by_email':
      return t('settings.securityLog.resetHow.byEmail')
    case 'password.reset_by_operator':
      return t('settings.securityLog.resetHow.byOperator')
    case 'password.reset_by_recovery_code':
      return t('settings.securityLog.resetHow.byRecoveryCode')
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

/** The link problems with words of their own, by the server's code (auth.link.*). */
const LINK_PROBLEMS: Record<string, { key: string; canRetry: boolean }> = {
  link_expired: { key: 'expired', canRetry: true },
  link_used: { key: 'used', canRetry: true },
  link_stale: { key: 'stale', canRetry: true },
  invalid_link: { key: 'invalid', canRetry: true },
  email_taken: { key: 'emailTaken', canRetry: false },
}

export function linkProblem(err: unknown): LinkProblem {
  const problem = isApiError(err) ? LINK_PROBLEMS[err.code] : undefined
  if (problem) {
    return {
      title: t(`auth.link.${problem.key}.title`),
      message: t(`auth.link.${problem.key}.message`),
      canRetry: problem.canRetry,
    }
  }
  if (isApiError(err) && err.status === 429) {
    return {
      title: t('auth.link.tooManyAttempts'),
      message: t('errors.tooManyAttempts', { tryAgain: tryAgainText(err.retryAfter) }),
      canRetry: false,
    }
  }
  return {
    title: t('auth.link.failed'),
    message: isApiError(err) && err.message ? err.message : t('auth.link.pleaseTryAgain'),
    canRetry: false,
  }
}

/** The text of the downloaded recovery codes file, in the language shown. */
export function recoveryCodesFile(codes: readonly string[], username: string, createdAt: string, site: string): string {
  const made = new Date(createdAt)
  const when = Number.isNaN(made.getTime()) ? createdAt : made.toISOString().slice(0, 10)
  return [
    t('settings.recoveryCodes.file.heading', { username, site }),
    t('settings.recoveryCodes.file.created', { date: when }),
    '',
    ...codes,
    '',
    t('settings.recoveryCodes.file.forgot', { address: `${site}/recover` }),
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
  if (!code) return t('auth.validation.oneTimeCodeEmpty')
  return /^\d{6}$/.test(code) ? null : t('auth.validation.oneTimeCodeShape')
}

/**
 * Every scope, in the order the screens list them (a Record, so none can be
 * left out); what each lets a token do is at settings.accessTokens.scopes.<scope>.
 */
const SCOPES_IN_ORDER: Record<TokenScope, true> = {
  read: true,
  messages: true,
  friends: true,
  groups: true,
  media: true,
  profile: true,
  webhooks: true,
}

/** Every scope, in the order the screens list them. */
export const TOKEN_SCOPES = Object.keys(SCOPES_IN_ORDER) as readonly TokenScope[]

/** "Messages" for `messages`; a scope of a newer server is still readable. */
export function tokenScopeLabel(scope: string): string {
  return known(`settings.accessTokens.scopes.${scope}.label`) ?? scope
}

/** One line on what a scope lets a token do ("Upload images, audio and video."). */
export function tokenScopeAbout(scope: TokenScope): string {
  return t(`settings.accessTokens.scopes.${scope}.about`)
}

/** Scopes in the order the screens list them (the server sorts them by name); unknown ones last. */
export function inScopeOrder<S extends string>(scopes: readonly S[]): S[] {
  const rank = (s: string) => {
    const i = (TOKEN_SCOPES as readonly string[]).indexOf(s)
    return i < 0 ? TOKEN_SCOPES.length : i
  }
  return [...scopes].sort((a, b) => rank(a) - rank(b))
}

/**
 * The error with its message in plain words (errors.account.<code>) when its
 * code is one of the account screens' (the server's messages are written for
 * developers); anything else as it was.
 */
export function inPlainWords(err: unknown): unknown {
  if (!isApiError(err) || err.status === 429) return err
  const message = known(`errors.account.${err.code}`)
  if (!message) return err
  return new ApiError({
    status: err.status,
    code: err.code,
    message,
    retryAfter: err.retryAfter,
    requestId: err.requestId,
    detail: err.detail,
  })
}
