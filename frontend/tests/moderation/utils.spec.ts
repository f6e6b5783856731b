import { describe, expect, it } from 'vitest'
import { ref } from 'vue'

import { ApiError } from '@/api/client'
import { reasonHeaders, type InviteLink } from '@/api/moderation'
import { useGroupPermissions } from '@/composables/useGroupPermissions'
import { linkAddress, linkStatus } from '@/stores/inviteLinks'
import { isTimedOut } from '@/stores/timeouts'
import { auditParts } from '@/utils/auditText'
import { customEmojiName, normalizeEmojiName, splitEmoji } from '@/utils/customEmoji'
import { describeSystem } from '@/utils/messageText'
import { goneReason } from '@/utils/inviteLinks'
import { reportNotice, reportTarget } from '@/utils/reportNotifications'
import { secondsLeft, waitsForSlowmode } from '@/utils/slowmode'

import { bob } from '../helpers/chat'
import { group, member, memberRole, role } from '../helpers/groups'

function link(over: Partial<InviteLink> = {}): InviteLink {
  return {
    id: 'l1',
    group_id: 'g1',
    code: 'abcDEF1234',
    url: '/invite/abcDEF1234',
    uses: 0,
    revoked: false,
    created_at: '2026-01-01T00:00:00Z',
    expires_at: null,
    max_uses: null,
    creator: null,
    ...over,
  }
}

describe('custom emoji in text', () => {
  const urls: Record<string, string> = { party: '/media/p.png', cat_2: '/media/c.png' }
  const lookup = (n: string) => urls[n]

  it('turns the group’s :name: into pictures and leaves the rest as written', () => {
    expect(splitEmoji('hi :party: and :cat_2:!', lookup)).toEqual([
      { text: 'hi ' },
      { name: 'party', url: '/media/p.png' },
      { text: ' and ' },
      { name: 'cat_2', url: '/media/c.png' },
      { text: '!' },
    ])
  })

  it('keeps names the group does not have, and text without any, unchanged', () => {
    expect(splitEmoji('a :nope: b', lookup)).toEqual([{ text: 'a :nope: b' }])
    expect(splitEmoji('', lookup)).toEqual([{ text: '' }])
    expect(splitEmoji(':party:', lookup)).toEqual([{ name: 'party', url: '/media/p.png' }])
    // Upper case and one letter are not emoji names.
    expect(splitEmoji(':Party: :x:', lookup)).toEqual([{ text: ':Party: :x:' }])
  })

  it('reads a reaction’s name and tidies a typed one', () => {
    expect(customEmojiName(':party:')).toBe('party')
    expect(customEmojiName('👍')).toBeNull()
    expect(normalizeEmojiName(' :Party Parrot: ')).toBe('party_parrot')
  })
})

describe('invite links', () => {
  const now = new Date('2026-06-01T12:00:00Z')

  it('says whether a link still works, and why not', () => {
    expect(linkStatus(link(), now)).toBe('active')
    expect(linkStatus(link({ revoked: true }), now)).toBe('revoked')
    expect(linkStatus(link({ max_uses: 2, uses: 2 }), now)).toBe('usedUp')
    expect(linkStatus(link({ expires_at: '2026-06-01T11:59:59Z' }), now)).toBe('expired')
    expect(linkStatus(link({ expires_at: '2026-06-01T13:00:00Z', max_uses: 5, uses: 1 }), now)).toBe('active')
  })

  it('makes the whole address from the API’s path', () => {
    expect(linkAddress(link(), 'https://chat.example')).toBe('https://chat.example/invite/abcDEF1234')
    expect(linkAddress(link({ url: '' }), 'https://chat.example')).toBe('https://chat.example/invite/abcDEF1234')
  })

  it('names a spent link’s 410 and nothing else', () => {
    const gone = (code: string, status = 410) => new ApiError({ status, code, message: code })
    expect(goneReason(gone('invite_link_expired'))).toBe('invite_link_expired')
    expect(goneReason(gone('invite_link_used_up'))).toBe('invite_link_used_up')
    expect(goneReason(gone('something_new'))).toBe('invite_link_revoked')
    expect(goneReason(gone('not_found', 404))).toBeNull()
    expect(goneReason(new Error('x'))).toBeNull()
  })
})

describe('moderation helpers', () => {
  it('percent-encodes a reason for X-Audit-Log-Reason, and leaves out an empty one', () => {
    expect(reasonHeaders('spam, again – über')).toEqual({ 'X-Audit-Log-Reason': 'spam%2C%20again%20%E2%80%93%20%C3%BCber' })
    expect(reasonHeaders('  ')).toBeUndefined()
    expect(reasonHeaders(null)).toBeUndefined()
  })

  it('waits for slow mode unless owner or bypassing, and counts down whole seconds', () => {
    const me = { owner: false, permissions: ['send_messages'] }
    expect(waitsForSlowmode({ slowmode_secs: 30, me })).toBe(true)
    expect(waitsForSlowmode({ slowmode_secs: 0, me })).toBe(false)
    expect(waitsForSlowmode({ slowmode_secs: 30, me: { owner: true, permissions: [] } })).toBe(false)
    expect(waitsForSlowmode({ slowmode_secs: 30, me: { owner: false, permissions: ['bypass_slowmode'] } })).toBe(false)
    expect(secondsLeft(10_500, 1_000)).toBe(10)
    expect(secondsLeft(1_000, 2_000)).toBe(0)
    expect(secondsLeft(null, 0)).toBe(0)
  })

  it('tells a timeout ahead from one passed', () => {
    const now = new Date('2026-06-01T12:00:00Z')
    expect(isTimedOut('2026-06-01T12:00:01Z', now)).toBe(true)
    expect(isTimedOut('2026-06-01T11:59:59Z', now)).toBe(false)
    expect(isTimedOut(null, now)).toBe(false)
  })

  it('names an audit line’s actor and target, or says who is gone', () => {
    expect(auditParts({ actor: bob, target: null })).toEqual({ actor: 'Bob', target: 'a former member' })
    expect(auditParts({ actor: null, target: bob })).toEqual({ actor: 'Someone', target: 'Bob' })
  })

  it('words report notifications and leads them to the right queue', () => {
    expect(reportNotice('report.received', { group_id: 'g1', reason: 'spam' })).toEqual({
      key: 'moderation.notifications.reportReceived',
      parts: { reason: 'Spam' },
    })
    expect(reportNotice('report.received', { group_id: null, reason: 'hate' }).key).toBe(
      'moderation.notifications.reportReceivedSite',
    )
    expect(reportNotice('report.resolved', { state: 'dismissed', outcome: 'Not against the rules' })).toEqual({
      key: 'moderation.notifications.reportDismissed',
      parts: { outcome: 'Not against the rules' },
    })
    expect(reportNotice('report.resolved', { state: 'actioned', outcome: null }).key).toBe(
      'moderation.notifications.reportActionedNoOutcome',
    )
    const conv = (g: string) => (g === 'g1' ? 'gc1' : undefined)
    expect(reportTarget('report.received', { group_id: 'g1' }, conv)).toEqual({
      name: 'chat',
      params: { id: 'gc1' },
      query: { panel: 'reports' },
    })
    expect(reportTarget('report.received', { group_id: null }, conv)).toBe('/admin/reports')
    expect(reportTarget('report.received', { group_id: 'g9' }, conv)).toEqual({ name: 'groups' })
    expect(reportTarget('report.resolved', {}, conv)).toEqual({ name: 'settings', hash: '#my-reports' })
  })
})

describe('slow mode in the chat', () => {
  it('names a slow-mode change in the group’s line, not by its field name', () => {
    const nameOf = (id: string | null | undefined) => (id === bob.id ? 'Bob' : 'someone')
    expect(describeSystem({ type: 'group_updated', actor_id: bob.id, fields: ['slowmode_secs'] }, nameOf, null)).toBe(
      'Bob changed the group’s slow mode',
    )
  })
})

describe('moderation permissions', () => {
  it('times out and deletes only below one’s rank, with the permission', () => {
    const mod = role('r-timeouts', 10, { permissions: ['send_messages', 'timeout_members', 'delete_messages'] })
    const g = ref(group({ roles: [mod, memberRole], me: { role_id: mod.id, owner: false, permissions: mod.permissions, priority: 10 } }))
    const perms = useGroupPermissions(g)
    expect(perms.canTimeOut(member())).toBe(true)
    expect(perms.canDeleteMessageOf(member())).toBe(true)
    expect(perms.canTimeOut(member(undefined, { role_id: mod.id }))).toBe(false)
    expect(perms.canDeleteMessageOf(member(undefined, { owner: true }))).toBe(false)
    const plain = useGroupPermissions(ref(group({ me: { role_id: memberRole.id, owner: false, permissions: memberRole.permissions, priority: 0 } })))
    expect(plain.canTimeOut(member())).toBe(false)
  })
})
