/**
 * What the SPA says when the server refuses a request. The server's
 * messages are written for developers, some in lower case ("wrong username
 * or password"): a few codes get their own words (a rate limit says when to
 * come back), and any other message is shown as a sentence (capital first,
 * full stop last). Screens that know their context word codes further
 * (accountText's `inPlainWords`, forms' field errors).
 */
import { tryAgainText } from '@/utils/time'

/**
 * Codes whose server text is about the server, not what to do. Codes met in
 * more than one place (`invalid_credentials` also answers a wrong current
 * password on some routes) keep the server's words, as a sentence.
 */
const CODE_TEXT: Record<string, string> = {
  internal_error: 'Something went wrong on the server. Please try again.',
  service_unavailable: 'The server is not available right now. Please try again shortly.',
}

/** "wrong username or password" → "Wrong username or password."; an empty text stays empty. */
export function sentenceCase(text: string): string {
  const t = text.trim()
  if (!t) return t
  const capital = t.charAt(0).toUpperCase() + t.slice(1)
  return /[.!?…]$/.test(capital) ? capital : `${capital}.`
}

/** The words to show for a refused request: by its code when known, else the server's message as a sentence. */
export function serverErrorText(code: string, message: string, retryAfter?: number): string {
  // Every 429 says when to come back, in words (Retry-After is in seconds).
  if (code === 'rate_limited') return `Too many requests. ${tryAgainText(retryAfter)}`
  return CODE_TEXT[code] ?? sentenceCase(message)
}
