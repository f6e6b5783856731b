/**
 * A group's own emoji in text: `:name:` (a-z, 0-9 and _, 2 to 32) where the
 * group has that name; anything else stays text as written.
 */

/** A custom emoji's name as written between colons. */
export const EMOJI_NAME = /^[a-z0-9_]{2,32}$/

const IN_TEXT = /:([a-z0-9_]{2,32}):/g

/** The largest picture a group's emoji may be (the server's limit). */
export const EMOJI_MAX_BYTES = 256 * 1024
/** How many emoji a group may have. */
export const EMOJI_MAX = 50

export type EmojiPart = { text: string } | { name: string; url: string }

/**
 * Splits plain text into text and the group's emoji. `lookup` gives a name's
 * picture, or undefined where the group has no such emoji (its `:name:`
 * stays text).
 */
export function splitEmoji(text: string, lookup: (name: string) => string | undefined): EmojiPart[] {
  const parts: EmojiPart[] = []
  let last = 0
  for (const m of text.matchAll(IN_TEXT)) {
    const url = lookup(m[1]!)
    if (!url) continue
    if (m.index > last) parts.push({ text: text.slice(last, m.index) })
    parts.push({ name: m[1]!, url })
    last = m.index + m[0].length
  }
  if (last < text.length || parts.length === 0) parts.push({ text: text.slice(last) })
  return parts
}

/** The name of a reaction that is a custom emoji (`:name:`), or null for a Unicode one. */
export function customEmojiName(reaction: string): string | null {
  const m = /^:([a-z0-9_]{2,32}):$/.exec(reaction)
  return m ? m[1]! : null
}

/** A name as people may type it (`:Party Parrot:` → `party_parrot`), before checking it. */
export function normalizeEmojiName(input: string): string {
  return input.trim().replace(/^:|:$/g, '').trim().toLowerCase().replace(/[\s-]+/g, '_')
}
