import type { Conversation, Friend } from '@/api/types'
import { conversationTitle } from '@/stores/conversations'
import { displayName } from '@/utils/names'

/** What the quick switcher offers: a conversation to open, or a friend with no DM yet. */
export type SwitchChoice =
  | { kind: 'conversation'; key: string; id: string; group: boolean; title: string; detail: string }
  | { kind: 'friend'; key: string; userId: string; title: string; detail: string }

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
  const entries: Array<{ choice: SwitchChoice; username?: string }> = [
    ...conversations.map((c) => ({
      choice: {
        kind: 'conversation' as const,
        key: `c:${c.id}`,
        id: c.id,
        group: c.kind === 'group',
        title: conversationTitle(c),
        detail: c.kind === 'group' ? 'Group' : c.peer ? `Direct message · @${c.peer.username}` : 'Direct message',
      },
      username: c.kind === 'dm' ? c.peer?.username : undefined,
    })),
    ...friends
      .filter((f) => !withDm.has(f.user.id))
      .map((f) => ({
        choice: {
          kind: 'friend' as const,
          key: `f:${f.user.id}`,
          userId: f.user.id,
          title: displayName(f.user),
          detail: `Friend · @${f.user.username} · start a chat`,
        },
        username: f.user.username,
      }))
      .sort((a, b) => a.choice.title.localeCompare(b.choice.title)),
  ]
  const q = fold(query.trim())
  if (!q) return entries.slice(0, MAX_CHOICES).map((e) => e.choice)
  return entries
    .map((e, i) => ({ choice: e.choice, i, r: rank(e.choice.title, e.username, q) }))
    .filter((x): x is { choice: SwitchChoice; i: number; r: number } => x.r !== null)
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .slice(0, MAX_CHOICES)
    .map((x) => x.choice)
}
