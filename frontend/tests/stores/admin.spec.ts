import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'

import type { SiteAuditEntry } from '@/api/admin'
import { useCursorList } from '@/composables/useCursorList'
import { useAdminAuditLogStore } from '@/stores/adminAuditLog'
import { useAdminGroupsStore } from '@/stores/adminGroups'
import { useAdminReportsStore } from '@/stores/adminReports'
import { useAdminStatsStore } from '@/stores/adminStats'
import { useAdminUsersStore } from '@/stores/adminUsers'

import { adminGroup as group, adminReport as report, adminUser } from '../helpers/admin'
import { alice } from '../helpers/fixtures'
import { deferred, errorEnvelope, json } from '../helpers/http'
import { route, serveRoutes } from '../helpers/routes'

describe('useCursorList', () => {
  it('reloads from the newest, appends older pages by next_before, and drops the answer to an older query', async () => {
    const answers = new Map<string | null, ReturnType<typeof deferred<{ items: { id: string }[]; next_before: string | null }>>>()
    const list = useCursorList<{ id: string }>((before) => {
      const d = deferred<{ items: { id: string }[]; next_before: string | null }>()
      answers.set(before, d)
      return d.promise
    })
    const first = list.reload()
    answers.get(null)!.resolve({ items: [{ id: 'a' }, { id: 'b' }], next_before: 'b' })
    await first
    expect(list.items.value.map((i) => i.id)).toEqual(['a', 'b'])
    expect(list.hasMore.value).toBe(true)

    const more = list.loadMore()
    answers.get('b')!.resolve({ items: [{ id: 'b' }, { id: 'c' }], next_before: null })
    await more
    expect(list.items.value.map((i) => i.id)).toEqual(['a', 'b', 'c'])
    expect(list.hasMore.value).toBe(false)

    // A new query while the last one is still out: only the newest answer counts.
    const stale = list.reload()
    const staleAnswer = answers.get(null)!
    const fresh = list.reload()
    answers.get(null)!.resolve({ items: [{ id: 'z' }], next_before: null })
    await fresh
    staleAnswer.resolve({ items: [{ id: 'old' }], next_before: 'old' })
    await stale
    expect(list.items.value.map((i) => i.id)).toEqual(['z'])
    expect(list.hasMore.value).toBe(false)
  })

  it('keeps the rows it has when a page fails, and says why', async () => {
    let fail = false
    const list = useCursorList<{ id: string }>(async () => {
      if (fail) throw new Error('The server could not be reached.')
      return { items: [{ id: 'a' }], next_before: 'a' }
    })
    await list.reload()
    fail = true
    await list.loadMore()
    expect(list.items.value.map((i) => i.id)).toEqual(['a'])
    expect(list.error.value).toBe('The server could not be reached.')
  })
})

describe('admin stores', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('users: searches with the query and the disabled filter, pages on, and opens one account', async () => {
    const requests = serveRoutes({
      'GET /api/v1/admin/users': (req) =>
        req.url.includes('before=')
          ? json(200, { items: [adminUser('u3', 'carol')], next_before: null })
          : json(200, { items: [adminUser('u2', 'bob')], next_before: 'u2' }),
      'GET /api/v1/admin/users/*': () => json(200, adminUser('u2', 'bob', { last_seen_at: '2024-06-01T10:00:00Z' })),
    })
    const store = useAdminUsersStore()
    store.query = '  bo '
    store.disabledOnly = true
    await store.search()
    expect(route(requests[0]!)).toBe('GET /api/v1/admin/users?q=bo&disabled=true')
    await store.loadMore()
    expect(route(requests[1]!)).toBe('GET /api/v1/admin/users?q=bo&disabled=true&before=u2')
    expect(store.items.map((u) => u.username)).toEqual(['bob', 'carol'])

    store.disabledOnly = false
    store.query = ''
    await store.search()
    expect(route(requests[2]!)).toBe('GET /api/v1/admin/users')

    await store.open('u2')
    expect(store.selected?.last_seen_at).toBe('2024-06-01T10:00:00Z')
  })

  it('users: disabling and enabling send the reason and update the row and the details', async () => {
    const requests = serveRoutes({
      'GET /api/v1/admin/users': () => json(200, { items: [adminUser('u2', 'bob')], next_before: null }),
      'GET /api/v1/admin/users/u2': () => json(200, adminUser('u2', 'bob')),
      'POST /api/v1/admin/users/u2/disable': () =>
        json(200, adminUser('u2', 'bob', { disabled_at: '2024-06-01T10:00:00Z', disabled_reason: 'spam bot' })),
      'POST /api/v1/admin/users/u2/enable': () => json(200, adminUser('u2', 'bob')),
    })
    const store = useAdminUsersStore()
    await store.search()
    await store.open('u2')
    await store.disable('u2', '  spam bot ')
    expect(requests.find((r) => r.url.endsWith('/disable'))!.body).toEqual({ reason: 'spam bot' })
    expect(store.items[0]!.disabled_reason).toBe('spam bot')
    expect(store.selected?.disabled_at).toBe('2024-06-01T10:00:00Z')

    await store.enable('u2', 'appealed')
    expect(requests.find((r) => r.url.endsWith('/enable'))!.body).toEqual({ reason: 'appealed' })
    expect(store.items[0]!.disabled_at).toBeNull()
    expect(store.selected?.disabled_at).toBeNull()
  })

  it('users: an administrator disabling themselves is refused with the server’s reason (409 cannot_disable_self)', async () => {
    serveRoutes({
      'POST /api/v1/admin/users/*/disable': () =>
        errorEnvelope(409, 'cannot_disable_self', 'administrators cannot disable their own account'),
    })
    const store = useAdminUsersStore()
    await expect(store.disable(alice.id, 'oops')).rejects.toMatchObject({
      code: 'cannot_disable_self',
      message: 'As an administrator you cannot disable your own account.',
    })
  })

  it('users: an unknown account says so instead of showing the last one', async () => {
    serveRoutes({ 'GET /api/v1/admin/users/*': () => errorEnvelope(404, 'not_found', 'no such user') })
    const store = useAdminUsersStore()
    await store.open('nobody')
    expect(store.selected).toBeNull()
    expect(store.selectedError).toBeTruthy()
  })

  it('groups: lists every group and deletes one with the reason percent-encoded in X-Audit-Log-Reason', async () => {
    const requests = serveRoutes({
      'GET /api/v1/admin/groups': () => json(200, { items: [group('g1', 'Team'), group('g2', 'Spam')], next_before: null }),
      'DELETE /api/v1/admin/groups/g2': () => json(204),
    })
    const store = useAdminGroupsStore()
    store.query = 'sp'
    await store.search()
    expect(route(requests[0]!)).toBe('GET /api/v1/admin/groups?q=sp')
    await store.remove('g2', ' Spam – ein Ärgernis, 100% ')
    const del = requests.find((r) => r.method === 'DELETE')!
    expect(del.headers['x-audit-log-reason']).toBe(encodeURIComponent('Spam – ein Ärgernis, 100%'))
    expect(store.items.map((g) => g.id)).toEqual(['g1'])
  })

  it('reports: the open queue by default, every state on request; settling sends state and outcome and keeps the row', async () => {
    const requests = serveRoutes({
      'GET /api/v1/admin/reports': () => json(200, { items: [report('r1')], next_before: null }),
      'POST /api/v1/reports/r1/resolve': () =>
        json(200, report('r1', { state: 'dismissed', outcome: 'Not spam', resolved_at: '2024-06-02T10:00:00Z', handled_by: alice })),
    })
    const store = useAdminReportsStore()
    await store.load()
    expect(route(requests[0]!)).toBe('GET /api/v1/admin/reports?state=open')
    store.state = null
    await store.load()
    expect(route(requests[1]!)).toBe('GET /api/v1/admin/reports')

    await store.resolve('r1', 'dismissed', ' Not spam ')
    expect(requests[2]!.body).toEqual({ state: 'dismissed', outcome: 'Not spam' })
    expect(store.items[0]!.state).toBe('dismissed')

    await store.resolve('r1', 'actioned', '   ').catch(() => {})
    expect(requests[3]!.body).toEqual({ state: 'actioned', outcome: null })
  })

  it('reports: disabling the reported account goes to its disable endpoint with the reason', async () => {
    const requests = serveRoutes({
      'POST /api/v1/admin/users/u2/disable': () => json(200, adminUser('u2', 'bob', { disabled_at: '2024-06-01T10:00:00Z' })),
    })
    const store = useAdminReportsStore()
    await store.disableTarget(report('r1'), 'spammer')
    expect(route(requests[0]!)).toBe('POST /api/v1/admin/users/u2/disable')
    expect(requests[0]!.body).toEqual({ reason: 'spammer' })
  })

  it('audit log: by action and by account, paged', async () => {
    const entry = (id: string): SiteAuditEntry => ({
      id,
      action: 'account_disabled',
      details: {},
      created_at: '2024-06-01T10:00:00Z',
      actor: alice,
      target_user: adminUser('u2', 'bob'),
      reason: 'spam',
    })
    const requests = serveRoutes({
      'GET /api/v1/admin/audit-log': (req) =>
        json(200, req.url.includes('before=') ? { items: [entry('e2')], next_before: null } : { items: [entry('e1')], next_before: 'e1' }),
    })
    const store = useAdminAuditLogStore()
    store.action = 'account_disabled'
    store.targetId = 'u2'
    await store.load()
    expect(route(requests[0]!)).toBe('GET /api/v1/admin/audit-log?action=account_disabled&target_id=u2')
    await store.loadMore()
    expect(route(requests[1]!)).toBe('GET /api/v1/admin/audit-log?action=account_disabled&target_id=u2&before=e1')
    expect(store.items.map((e) => e.id)).toEqual(['e1', 'e2'])
  })

  it('stats: loads the instance figures; the busiest day sizes the chart', async () => {
    serveRoutes({
      'GET /api/v1/admin/stats': () =>
        json(200, {
          users: 10,
          disabled_users: 1,
          new_users_7d: 2,
          active_users_24h: 3,
          users_online: 1,
          groups: 4,
          open_site_reports: 0,
          messages_per_day: [
            { day: '2024-06-01', messages: 5 },
            { day: '2024-06-02', messages: 20 },
          ],
        }),
    })
    const store = useAdminStatsStore()
    expect(store.busiestDay).toBe(1)
    await store.load()
    expect(store.stats?.users).toBe(10)
    expect(store.busiestDay).toBe(20)
  })

  it('stats: a refusal (not an administrator any more) is said', async () => {
    serveRoutes({ 'GET /api/v1/admin/stats': () => errorEnvelope(403, 'admin_only', 'administrators only') })
    const store = useAdminStatsStore()
    await store.load()
    expect(store.error).toBe('Only the site’s administrators can do that.')
  })
})
