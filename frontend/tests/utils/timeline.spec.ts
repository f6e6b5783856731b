import { describe, expect, it } from 'vitest'

import type { PendingMessage } from '@/stores/outbox'
import { buildTimeline, type TimelineEntry } from '@/utils/timeline'

import { bob, me, message, mid } from '../helpers/chat'

const at = (day: number, h: number, m: number) => new Date(2024, 5, day, h, m).toISOString()

function shape(entries: TimelineEntry[]) {
  return entries.map((e) => {
    if (e.kind === 'day') return `day ${e.label}`
    if (e.kind === 'system') return `system ${e.message.id}`
    if (e.kind === 'unread') return 'New messages'
    return `${e.mine ? 'mine' : e.authorId}: ${e.items.map((i) => (i.kind === 'message' ? i.message.body : `(${i.pending.body})`)).join(', ')}`
  })
}

describe('buildTimeline', () => {
  const now = new Date(2024, 5, 3, 18, 0)

  it('separates days, groups runs by author, and breaks a run after a pause', () => {
    const list = [
      message(1, { body: 'a', created_at: at(2, 10, 0) }),
      message(2, { body: 'b', created_at: at(2, 10, 1) }),
      message(3, { body: 'c', created_at: at(2, 10, 2), author_id: me.id }),
      message(4, { body: 'd', created_at: at(2, 10, 30), author_id: me.id }),
      message(5, { body: 'e', created_at: at(3, 9, 0) }),
    ]
    expect(shape(buildTimeline(list, [], me.id, now))).toEqual([
      'day Yesterday',
      `${bob.id}: a, b`,
      'mine: c',
      'mine: d',
      'day Today',
      `${bob.id}: e`,
    ])
  })

  it('puts system messages on their own line and pending sends after, as mine', () => {
    const list = [
      message(1, { body: 'a', created_at: at(3, 10, 0), author_id: me.id }),
      message(2, { body: null, author_id: null, created_at: at(3, 10, 1), system: { type: 'member_joined', user_id: bob.id } }),
      message(3, { body: 'b', created_at: at(3, 10, 2), author_id: me.id }),
    ]
    const pending: PendingMessage[] = [
      { nonce: 'n1', conversation_id: 'c1', body: 'p', reply_to_id: null, attachments: [], created_at: at(3, 10, 3), state: 'sending', error: null },
    ]
    expect(shape(buildTimeline(list, pending, me.id, now))).toEqual(['day Today', 'mine: a', `system ${mid(2)}`, 'mine: b, (p)'])
  })

  it('gives every entry a stable, unique key', () => {
    const list = [message(1, { created_at: at(3, 10, 0) }), message(2, { created_at: at(3, 10, 1) })]
    const keys = buildTimeline(list, [], me.id, now).map((e) => e.key)
    expect(new Set(keys).size).toBe(keys.length)
    expect(keys).toEqual(buildTimeline([...list, message(3, { created_at: at(3, 10, 2) })], [], me.id, now).map((e) => e.key))
  })

  it('puts "New messages" before the first unread message, after its day line, cutting the run there', () => {
    const list = [
      message(1, { body: 'a', created_at: at(2, 10, 0) }),
      message(2, { body: 'b', created_at: at(3, 10, 1) }),
      message(3, { body: 'c', created_at: at(3, 10, 2) }),
      message(4, { body: 'd', created_at: at(3, 10, 3) }),
    ]
    expect(shape(buildTimeline(list, [], me.id, now, mid(3)))).toEqual([
      'day Yesterday',
      `${bob.id}: a`,
      'day Today',
      `${bob.id}: b`,
      'New messages',
      `${bob.id}: c, d`,
    ])
    expect(shape(buildTimeline(list, [], me.id, now, mid(2)))).toEqual([
      'day Yesterday',
      `${bob.id}: a`,
      'day Today',
      'New messages',
      `${bob.id}: b, c, d`,
    ])
    // None unread, or the first unread not loaded: no line.
    expect(shape(buildTimeline(list, [], me.id, now, null))).not.toContain('New messages')
    expect(shape(buildTimeline(list, [], me.id, now, mid(9)))).not.toContain('New messages')
  })
})
