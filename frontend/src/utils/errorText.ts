/**
 * What the SPA says when the server refuses a request. The server's
 * messages are written for developers, in English, some in lower case
 * ("wrong username or password"): a code with a sentence of its own
 * (`errors.api.<code>` in the message files) is said in the language shown,
 * a rate limit says when to come back, and any other message is shown as a
 * sentence (capital first, full stop last). Screens that know their context
 * word codes further (accountText's `inPlainWords`, forms' field errors).
 */
import { i18n } from '@/i18n'
import { durationText, tryAgainText } from '@/i18n/format'
import { DEFAULT_LOCALE } from '@/i18n/locales'

const { t, te } = i18n.global

/** "wrong username or password" → "Wrong username or password."; an empty text stays empty. */
export function sentenceCase(text: string): string {
  const trimmed = text.trim()
  if (!trimmed) return trimmed
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1)
  return /[.!?…]$/.test(capital) ? capital : `${capital}.`
}

/** The sentence for an API error code, or null when the code has none (English is where every key is written first). */
export function apiCodeText(code: string): string | null {
  const key = `errors.api.${code}`
  return te(key, DEFAULT_LOCALE) ? t(key) : null
}

/**
 * The words to show for a refused request: by its code when known (an
 * account screen's code by the account screens' words), else the server's
 * message as a sentence.
 */
export function serverErrorText(code: string, message: string, retryAfter?: number): string {
  // Every 429 says when to come back, in words (Retry-After is in seconds).
  if (code === 'rate_limited') return t('errors.rateLimited', { tryAgain: tryAgainText(retryAfter) })
  // A group's slow mode: how long until the next message may go.
  if (code === 'slowmode' && retryAfter && retryAfter > 0) return t('errors.slowmodeWait', { wait: durationText(retryAfter) })
  return apiCodeText(code) ?? accountCodeText(code) ?? sentenceCase(message)
}

/** The account screens' sentence for a code only they meet (errors.account.<code>), or null. */
function accountCodeText(code: string): string | null {
  const key = `errors.account.${code}`
  return te(key, DEFAULT_LOCALE) ? t(key) : null
}
