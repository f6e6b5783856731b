/**
 * The server's `@` rule (docs/formatting.md, inline rule 5): an `@` that
 * starts a word (so `me@example.com` is not one), then letters, digits, `_`
 * and `.`, without a sentence's closing dot ("thanks @bob."); the name must
 * be a possible username (3–32 characters) or `everyone`.
 */
import { USERNAME_MAX, USERNAME_MIN } from '@/utils/validation'

export const EVERYONE = 'everyone'

const NAME_CHAR = /[a-z0-9_.]/i

/** Not usernames: they mean something else after `@` (only `@everyone` is in use). */
const RESERVED = ['here']

function isMentionName(name: string): boolean {
  if (name === EVERYONE) return true
  return name.length >= USERNAME_MIN && name.length <= USERNAME_MAX && !RESERVED.includes(name)
}

/**
 * The name mentioned by the `@` at `at`, as written, or null. The character
 * before the `@` (if inside `[start, end)`) must be neither a name character
 * nor `@`; the name ends at the last name character before `end`, without
 * closing dots. The parser passes the range it is in: `_@bob_` mentions `bob`.
 */
export function readMention(text: string, at: number, start = 0, end = text.length): string | null {
  if (text[at] !== '@') return null
  const previous = at > start ? text[at - 1]! : null
  if (previous !== null && (NAME_CHAR.test(previous) || previous === '@')) return null
  let stop = at + 1
  while (stop < end && NAME_CHAR.test(text[stop]!)) stop++
  const name = text.slice(at + 1, stop).replace(/\.+$/, '')
  return isMentionName(name.toLowerCase()) ? name : null
}
