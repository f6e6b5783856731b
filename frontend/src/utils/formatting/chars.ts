/**
 * The character classes of the formatting rules (docs/formatting.md,
 * "Characters"). All ASCII on purpose: no Unicode table that two languages
 * could disagree on, and every index the parser looks at is one UTF-16 unit
 * (one byte in Rust).
 */

/** Space, tab, line feed: nothing else (U+00A0 is an ordinary character). */
export function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n'
}

export function isAlnum(c: string | undefined): boolean {
  if (c === undefined) return false
  const code = c.charCodeAt(0)
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)
}

const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'

/** What a backslash escapes: ASCII punctuation. */
export function isPunct(c: string | undefined): boolean {
  return c !== undefined && c.length === 1 && PUNCTUATION.includes(c)
}

/**
 * Printable ASCII but `<`, `>`, `"` and a backtick: anything else (white
 * space, controls, any non-ASCII character such as a bidi override) ends a URL.
 */
export function isUrlChar(c: string | undefined): boolean {
  if (c === undefined) return false
  const code = c.charCodeAt(0)
  return code >= 0x21 && code <= 0x7e && c !== '<' && c !== '>' && c !== '"' && c !== '`'
}
