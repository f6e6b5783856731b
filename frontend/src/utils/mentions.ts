/**
 * `@username` and `@everyone` in message bodies, found as the server finds
 * them: an `@` that starts a word (so `me@example.com` is not one), then
 * letters, digits, `_` and `.`, without a sentence's closing dot ("thanks
 * @bob."); a name must be a possible username (3–32 characters).
 */
import { USERNAME_MAX, USERNAME_MIN } from '@/utils/validation'

export const EVERYONE = 'everyone'

/** A run of a body: plain text, or a mention (`mention` is the lower-cased name). */
export interface BodyPart {
  text: string
  mention: string | null
}

const NAME_CHAR = /[a-z0-9_.]/i

/** Not usernames: they mean something else after `@` (only `@everyone` is in use). */
const RESERVED = ['here']

function isMentionName(name: string): boolean {
  if (name === EVERYONE) return true
  return name.length >= USERNAME_MIN && name.length <= USERNAME_MAX && !RESERVED.includes(name)
}

/** Splits a body into text and mentions, in order; joined back they are the body. */
export function splitMentions(body: string): BodyPart[] {
  const parts: BodyPart[] = []
  let plainFrom = 0
  let i = 0
  while (i < body.length) {
    const previous = i > 0 ? body[i - 1]! : null
    const startsWord = previous === null || !(NAME_CHAR.test(previous) || previous === '@')
    if (body[i] !== '@' || !startsWord) {
      i++
      continue
    }
    let end = i + 1
    while (end < body.length && NAME_CHAR.test(body[end]!)) end++
    let name = body.slice(i + 1, end)
    const trimmed = name.replace(/\.+$/, '')
    if (!isMentionName(trimmed.toLowerCase())) {
      i = end
      continue
    }
    name = trimmed
    if (plainFrom < i) parts.push({ text: body.slice(plainFrom, i), mention: null })
    parts.push({ text: `@${name}`, mention: name.toLowerCase() })
    i += 1 + name.length
    plainFrom = i
  }
  if (plainFrom < body.length) parts.push({ text: body.slice(plainFrom), mention: null })
  return parts
}

/**
 * Whether a body mentions this user: by name, or `@everyone` where it counts
 * (`everyone`: a group; the server also wants the author's role to have
 * `mention_everyone`, which the list cannot know, so it may over-count until
 * the next load).
 */
export function mentionsUser(body: string | null | undefined, username: string | null | undefined, everyone: boolean): boolean {
  if (!body || !body.includes('@')) return false
  const me = username?.toLowerCase()
  return splitMentions(body).some((p) => (p.mention === EVERYONE ? everyone : !!me && p.mention === me))
}
