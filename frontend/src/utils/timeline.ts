import type { Message } from '@/api/types'
import type { PendingMessage } from '@/stores/outbox'

import { dayKey, dayLabel } from '@/i18n/format'

/** Messages by one author in a row shorter than this apart share one header. */
export const GROUP_GAP_MS = 5 * 60_000

/** A row the chat shows: a confirmed message, or one still being sent. */
export type ChatItem = { kind: 'message'; message: Message } | { kind: 'pending'; pending: PendingMessage }

export type TimelineEntry =
  | { kind: 'day'; key: string; label: string }
  /** "New messages": where the unread ones begin. */
  | { kind: 'unread'; key: string }
  | { kind: 'system'; key: string; message: Message }
  | { kind: 'group'; key: string; authorId: string | null; mine: boolean; items: ChatItem[] }

function when(item: ChatItem): string {
  return item.kind === 'message' ? item.message.created_at : item.pending.created_at
}

function author(item: ChatItem, myId: string | null): string | null {
  return item.kind === 'message' ? (item.message.author_id ?? null) : myId
}

function itemKey(item: ChatItem): string {
  return item.kind === 'message' ? item.message.id : `pending:${item.pending.nonce}`
}

/**
 * Lays messages out as a chat reads: a separator at each new day, system
 * messages as their own lines, and runs of one author's messages grouped.
 * `firstUnreadId`: the "New messages" line goes before that message (after
 * its day's separator), and a run of one author is cut there.
 */
export function buildTimeline(
  messages: readonly Message[],
  pending: readonly PendingMessage[],
  myId: string | null,
  now: Date = new Date(),
  firstUnreadId: string | null = null,
): TimelineEntry[] {
  const items: ChatItem[] = [
    ...messages.map((message) => ({ kind: 'message' as const, message })),
    ...pending.map((p) => ({ kind: 'pending' as const, pending: p })),
  ]
  const out: TimelineEntry[] = []
  let day: string | null = null
  let group: Extract<TimelineEntry, { kind: 'group' }> | null = null
  let lastTime = 0

  for (const item of items) {
    const at = when(item)
    const d = dayKey(at)
    if (d !== day) {
      day = d
      group = null
      out.push({ kind: 'day', key: `day:${d}`, label: dayLabel(at, now) })
    }
    if (item.kind === 'message' && item.message.id === firstUnreadId) {
      group = null
      out.push({ kind: 'unread', key: 'unread' })
    }
    if (item.kind === 'message' && item.message.system) {
      group = null
      out.push({ kind: 'system', key: item.message.id, message: item.message })
      continue
    }
    const who = author(item, myId)
    const t = Date.parse(at)
    if (!group || group.authorId !== who || t - lastTime > GROUP_GAP_MS) {
      group = { kind: 'group', key: `group:${itemKey(item)}`, authorId: who, mine: who !== null && who === myId, items: [] }
      out.push(group)
    }
    group.items.push(item)
    lastTime = t
  }
  return out
}
