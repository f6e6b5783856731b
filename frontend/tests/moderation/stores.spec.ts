import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'

import type { CustomEmoji, InviteLink } from '@/api/moderation'
import type { Member } from '@/api/types'
import { useConversationsStore } from '@/stores/conversations'
import { useGroupEmojiStore } from '@/stores/groupEmoji'
import { useGroupsStore } from '@/stores/groups'
import { useInviteLinksStore } from '@/stores/inviteLinks'
import { useReportsStore } from '@/stores/reports'
import { useSlowmodeStore } from '@/stores/slowmode'
import { useTimeoutsStore } from '@/stores/timeouts'
import { ApiError } from '@/api/client'

import { bob, conversation, me } from '../helpers/chat'
import { storeSession } from '../helpers/fixtures'
import { group, memberRole } from '../helpers/groups'
import { json } from '../helpers/http'
import { route, serveRoutes } from '../helpers/routes'

function emoji(id: string, name: string): CustomEmoji {
  return { id, group_id: 'g1', name, url: `/media/${id}`, created_at: '2026-01-01T00:00:00Z', created_by: me.id }
}

function member(user = bob, over: Partial<Member> = {}): Member {
  return { group_id: 'g1', user, role_id: memberRole.id, owner: false, joined_at: '2026-01-01T00:00:00Z', ...over }
}

const linkOf = (id: string): InviteLink => ({
  id,
  group_id: 'g1',
  code: `code${id}`,
  url: `/invite/code${id}`,
  uses: 0,
  revoked: false,
  created_at: '2026-01-01T00:00:00Z',
})

describe('moderation stores', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
  })

  it('invite links: lists, makes (newest first) and revokes', async () => {
    const requests = serveRoutes({
      'GET /api/v1/groups/g1/invite-links': () => json(200, [linkOf('a')]),
      'POST /api/v1/groups/g1/invite-links': () => json(201, linkOf('b')),
      'DELETE /api/v1/groups/g1/invite-links/a': () => json(204),
    })
    const links = useInviteLinksStore()
    await links.load('g1')
    await links.create('g1', { expires_in_secs: 3600, max_uses: 5 })
    expect(links.listOf('g1').items.map((l) => l.id)).toEqual(['b', 'a'])
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({ expires_in_secs: 3600, max_uses: 5 })
    await links.revoke('g1', 'a')
    expect(links.listOf('g1').items.find((l) => l.id === 'a')?.revoked).toBe(true)
  })

  it('emoji: loaded by name, kept live by the events, looked up by conversation', async () => {
    serveRoutes({ 'GET /api/v1/groups/g1/emoji': () => json(200, { items: [emoji('e2', 'zebra'), emoji('e1', 'party')] }) })
    useConversationsStore().upsert(
      conversation('gc1', { kind: 'group', peer: null, group: { id: 'g1', name: 'Team', photo_url: null, kind: 'private' } }),
    )
    const store = useGroupEmojiStore()
    await store.load('g1')
    expect(store.listOf('g1').items.map((e) => e.name)).toEqual(['party', 'zebra'])
    expect(store.groupOf('gc1')).toBe('g1')
    expect(store.urlOf('g1', 'party')).toBe('/media/e1')
    store.applyCreated(emoji('e3', 'cat'))
    expect(store.listOf('g1').items.map((e) => e.name)).toEqual(['cat', 'party', 'zebra'])
    store.applyDeleted({ group_id: 'g1', id: 'e1', name: 'party' })
    expect(store.urlOf('g1', 'party')).toBeUndefined()
  })

  it('reports: files a message report with trimmed details, and keeps it for "My reports"', async () => {
    const requests = serveRoutes({
      'POST /api/v1/reports': (req) =>
        json(201, { id: 'rep1', reason: 'spam', details: 'x', state: 'open', created_at: '2026-01-01T00:00:00Z', ...(req.body as object) }),
    })
    const reports = useReportsStore()
    reports.openForMessage('m1', bob)
    expect(reports.subject).toEqual({ kind: 'message', messageId: 'm1', author: bob })
    await reports.file(reports.subject!, 'spam', '  too many links  ')
    expect(requests.map(route)).toEqual(['POST /api/v1/reports'])
    expect(requests[0]!.body).toEqual({ reason: 'spam', details: 'too many links', message_id: 'm1', user_id: null })
    expect(reports.filed.map((r) => r.id)).toEqual(['rep1'])
  })

  it('timeouts: sends the reason as a header and learns my own from events', async () => {
    const until = new Date(Date.now() + 600_000).toISOString()
    const requests = serveRoutes({
      'PUT /api/v1/groups/g1/members/*/timeout': () => json(200, member(bob, { timed_out_until: until })),
    })
    const timeouts = useTimeoutsStore()
    await timeouts.timeOut('g1', bob.id, 600, 'flooding')
    expect(requests[0]!.body).toEqual({ seconds: 600 })
    expect(requests[0]!.headers['x-audit-log-reason']).toBe('flooding')
    expect(timeouts.myTimeout('g1')).toBeNull()
    timeouts.apply(member(me, { timed_out_until: until }))
    expect(timeouts.myTimeout('g1')).toBe(until)
    // It ends by itself.
    expect(timeouts.myTimeout('g1', new Date(Date.now() + 700_000))).toBeNull()
    timeouts.apply(member(me, { timed_out_until: null }))
    expect(timeouts.myTimeout('g1')).toBeNull()
  })

  it('slow mode: my send starts the wait; a 429 slowmode sets it from retry_after; a timed_out refusal is remembered', () => {
    const conversations = useConversationsStore()
    conversations.upsert(
      conversation('gc1', { kind: 'group', peer: null, group: { id: 'g1', name: 'Team', photo_url: null, kind: 'private' } }),
    )
    useGroupsStore().upsert(
      group({ slowmode_secs: 30, me: { role_id: memberRole.id, owner: false, permissions: ['send_messages'], priority: 0 } }),
    )
    const slowmode = useSlowmodeStore()
    slowmode.noteSent('gc1', 1_000)
    expect(slowmode.waitUntil('gc1', 1_000)).toBe(31_000)
    expect(slowmode.waitUntil('gc1', 31_000)).toBeNull()
    slowmode.noteRefusal('gc1', new ApiError({ status: 429, code: 'slowmode', message: '', retryAfter: 12 }), 5_000)
    expect(slowmode.waitUntil('gc1', 5_000)).toBe(17_000)
    slowmode.noteRefusal('gc1', new ApiError({ status: 403, code: 'timed_out', message: '' }))
    expect(useTimeoutsStore().myTimeout('g1')).toBe('unknown')
  })

  it('slow mode: the owner never waits', () => {
    useConversationsStore().upsert(
      conversation('gc1', { kind: 'group', peer: null, group: { id: 'g1', name: 'Team', photo_url: null, kind: 'private' } }),
    )
    useGroupsStore().upsert(group({ slowmode_secs: 30 }))
    const slowmode = useSlowmodeStore()
    slowmode.noteSent('gc1', 1_000)
    expect(slowmode.waitUntil('gc1', 1_000)).toBeNull()
  })
})
