/**
 * Whom a message body mentions. The parser decides (docs/formatting.md), as
 * on the server, so `@bob` in code or escaped (`\@bob`) mentions no one; the
 * rule for a name itself is in `formatting/mentionName.ts`.
 */
import { parse } from '@/utils/formatting'
import type { Inline } from '@/utils/formatting'
import { EVERYONE } from '@/utils/formatting/mentionName'

export { EVERYONE }

function collect(nodes: Inline[], into: string[]): void {
  for (const n of nodes) {
    if (n.type === 'mention') into.push(n.username.toLowerCase())
    else if ('children' in n) collect(n.children, into)
  }
}

/** The lower-cased names a body mentions (`everyone` included), in order, repeats kept. */
export function mentionedNames(body: string): string[] {
  const names: string[] = []
  for (const b of parse(body)) {
    if (b.type === 'list') b.items.forEach((item) => collect(item.children, names))
    else if (b.type !== 'code_block') collect(b.children, names)
  }
  return names
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
  return mentionedNames(body).some((name) => (name === EVERYONE ? everyone : !!me && name === me))
}
