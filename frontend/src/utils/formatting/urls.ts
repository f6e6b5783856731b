/**
 * Addresses: where a bare URL ends, where a link's destination ends, which
 * destinations may be links at all, and (for the renderer) the last check
 * before an `href` is set. docs/formatting.md, rules 3 and 4, and "Rendering".
 */
import { isUrlChar } from './chars'

/** Dropped from a bare URL's end: sentence punctuation and markers around it. */
const TRAILING = '.,:;!?\'*_~|'

function schemePrefix(s: string, i: number, end: number): number {
  const head = s.slice(i, Math.min(end, i + 8)).toLowerCase()
  if (head.startsWith('https://')) return 8
  if (head.startsWith('http://')) return 7
  return 0
}

/**
 * The end of the bare URL starting at `i` (`http://` or `https://`), or -1:
 * the run of URL characters without trailing punctuation, nor a `)` or `]`
 * that closes nothing inside the URL ("(see https://x.org/a_(b))").
 */
export function bareUrlEnd(s: string, i: number, end: number): number {
  const prefix = schemePrefix(s, i, end)
  if (!prefix) return -1
  let stop = i
  let parens = 0
  let brackets = 0
  for (; stop < end && isUrlChar(s[stop]); stop++) {
    if (s[stop] === '(') parens++
    else if (s[stop] === ')') parens--
    else if (s[stop] === '[') brackets++
    else if (s[stop] === ']') brackets--
  }
  for (;;) {
    const last = s[stop - 1]!
    if (TRAILING.includes(last)) stop--
    else if (last === ')' && parens < 0) {
      parens++
      stop--
    } else if (last === ']' && brackets < 0) {
      brackets++
      stop--
    } else break
  }
  return stop - i > prefix ? stop : -1
}

/**
 * The `)` ending a link destination that starts at `from`: nested pairs of
 * parentheses are part of it; any character that is not a URL character
 * (a space, a quote, a bidi control) means there is no destination (-1).
 */
export function linkDestinationEnd(s: string, from: number, end: number): number {
  let depth = 0
  for (let k = from; k < end; k++) {
    const c = s[k]
    if (c === '(') depth++
    else if (c === ')') {
      if (depth === 0) return k
      depth--
    } else if (!isUrlChar(c)) return -1
  }
  return -1
}

/** Only web and mail addresses become links; `javascript:`, `data:`, `//host` and the rest stay text. */
export function isLinkableHref(href: string): boolean {
  const lower = href.toLowerCase()
  for (const scheme of ['http://', 'https://', 'mailto:']) {
    if (lower.startsWith(scheme)) return href.length > scheme.length
  }
  return false
}

const SAFE_PROTOCOLS = ['http:', 'https:', 'mailto:']

/**
 * The renderer's own check, whatever the parser said: the address as the
 * browser will read it must be http, https or mailto. Null: show text.
 */
export function safeHref(href: string): string | null {
  try {
    return SAFE_PROTOCOLS.includes(new URL(href).protocol) ? href : null
  } catch {
    return null
  }
}
