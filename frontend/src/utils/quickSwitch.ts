import type { Conversation, Friend } from '@/api/types'
import { conversationTitle } from '@/stores/conversations'
import { displayName } from '@/utils/names'

/**
 * What the quick switcher offers: a conversation to open, or a friend with no
 * DM yet. `username` is the DM peer's or the friend's (the line under the
 * title says "Direct message · @bob", "Friend · @kit · start a chat").
 */
export type SwitchChoice =
  | { kind: 'conversation'; key: string; id: string; group: boolean; title: string; username: string | null }
  | { kind: 'friend'; key: string; userId: string; title: string; username: string }

/** At most this many shown: the rest are a few letters away. */
export const MAX_CHOICES = 50

/** Lower case without accents: "Zoë" is found by "zoe". */
function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase()
}

/** How well a name matches (lower is better), or null: the whole name, then a word, then anywhere in it. */
function rank(title: string, username: string | undefined, q: string): number | null {
  const t = fold(title)
  if (t.startsWith(q)) return 0
  if (t.split(/\s+/).some((w) => w.startsWith(q))) return 1
  if (t.includes(q)) return 2
  const u = username ? fold(username) : ''
  const at = q.startsWith('@') ? q.slice(1) : q
  if (at && u.startsWith(at)) return 3
  if (at && u.includes(at)) return 4
  return null
}

/**
 * The choices for what was typed: conversations in the chat list's order,
 * then friends without a DM (by name); with a query, the best matches first
 * (name start, a word's start, anywhere, then the username), keeping that
 * order among equals.
 */
export function switchChoices(conversations: Conversation[], friends: Friend[], query: string): SwitchChoice[] {
  const withDm = new Set(conversations.flatMap((c) => (c.kind === 'dm' && c.peer ? [c.peer.id] : [])))
  const choices: SwitchChoice[] = [
    ...conversations.map(
      (c): SwitchChoice => ({
        kind: 'conversation',
        key: `c:${c.id}`,
        id: c.id,
        group: c.kind === 'group',
        title: conversationTitle(c),
        username: c.kind === 'dm' ? (c.peer?.username ?? null) : null,
      }),
    ),
    ...friends
      .filter((f) => !withDm.has(f.user.id))
      .map(
        (f): SwitchChoice => ({
          kind: 'friend',
          key: `f:${f.user.id}`,
          userId: f.user.id,
          title: displayName(f.user),
          username: f.user.username,
        }),
      )
      .sort((a, b) => a.title.localeCompare(b.title)),
  ]
  const q = fold(query.trim())
  if (!q) return choices.slice(0, MAX_CHOICES)
  return choices
    .map((choice, i) => ({ choice, i, r: rank(choice.title, choice.username ?? undefined, q) }))
    .filter((x): x is { choice: SwitchChoice; i: number; r: number } => x.r !== null)
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .slice(0, MAX_CHOICES)
    .map((x) => x.choice)
}
