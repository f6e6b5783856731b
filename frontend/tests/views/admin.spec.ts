import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { setLocale } from '@/i18n'
import { useAuthStore } from '@/stores/auth'

import { adminGroup, adminReport, adminUser } from '../helpers/admin'
import { mountApp, serveApp } from '../helpers/app'
import { alice, storeSession } from '../helpers/fixtures'
import { errorEnvelope, json, type RecordedRequest } from '../helpers/http'

vi.mock('@/realtime/socket', async () => (await import('../helpers/socketModule')).fakeSocketModule())

const admin = { ...alice, site_admin: true }
const STATS = {
  users: 12,
  disabled_users: 1,
  new_users_7d: 3,
  active_users_24h: 5,
  users_online: 2,
  groups: 4,
  open_site_reports: 1,
  messages_per_day: Array.from({ length: 14 }, (_, i) => ({
    day: `2024-06-${String(i + 1).padStart(2, '0')}`,
    messages: i === 13 ? 40 : i,
  })),
}

type Answer = (req: RecordedRequest) => Response | undefined

/** The app signed in as `user`, the API answering by `answer` (then `/users/me`). */
function serveAs(user: typeof alice, answer: Answer = () => undefined) {
  storeSession('a1', 'r1', user)
  return serveApp((req) => answer(req) ?? (req.url === '/api/v1/users/me' ? json(200, user) : json(204)))
}

let wrapper: VueWrapper | undefined

describe('site administration', () => {
  beforeEach(() => localStorage.clear())
  afterEach(async () => {
    wrapper?.unmount()
    wrapper = undefined
    await setLocale('en')
  })

  it('is not there for someone who is not an administrator: no entry, and /admin is the page not found', async () => {
    serveAs(alice)
    const app = await mountApp('/admin/users')
    wrapper = app.wrapper
    expect(app.router.currentRoute.value.name).toBe('not-found')
    expect(app.router.currentRoute.value.fullPath).toBe('/admin/users')
    expect(wrapper.text()).not.toContain('Site administration')
    await app.router.push('/settings')
    await flushPromises()
    expect(wrapper.find('nav[aria-label="Main"]').text()).not.toContain('Administration')
    expect(wrapper.find('a[href="/admin"]').exists()).toBe(false)
  })

  it('an administrator has the entry, and the overview shows the figures and 14 bars', async () => {
    serveAs(admin, (req) => (req.url === '/api/v1/admin/stats' ? json(200, STATS) : undefined))
    const app = await mountApp('/admin')
    wrapper = app.wrapper
    await flushPromises()
    expect(app.router.currentRoute.value.name).toBe('admin')
    expect(wrapper.find('nav[aria-label="Main"]').text()).toContain('Administration')
    const tiles = wrapper.find('[data-admin-stats]')
    expect(tiles.find('[data-stat="users"]').text()).toContain('12')
    expect(tiles.find('[data-stat="open_site_reports"] a').attributes('href')).toBe('/admin/reports')
    const bars = wrapper.findAll('[data-admin-chart] li')
    expect(bars.length).toBe(14)
    expect(bars[13]!.find('[data-bar]').attributes('style')).toContain('height: 100%')
    // "14 June" or "June 14", as the browser's English has it.
    expect(bars[13]!.find('.sr-only').text()).toMatch(/^(14 June|June 14): 40 messages$/)
    expect(bars[1]!.find('.sr-only').text()).toMatch(/^(2 June|June 2): 1 message$/)
  })

  it('a user’s page: Disable asks for a reason, sends it, and shows the account disabled with it', async () => {
    let bob = adminUser('u2', 'bob')
    const requests = serveAs(admin, (req) => {
      if (req.url === '/api/v1/admin/users/u2') return json(200, bob)
      if (req.url === '/api/v1/admin/users') return json(200, { items: [bob], next_before: null })
      if (req.url === '/api/v1/admin/users/u2/disable') {
        bob = { ...bob, disabled_at: new Date().toISOString(), disabled_reason: (req.body as { reason: string }).reason }
        return json(200, bob)
      }
      return undefined
    })
    const app = await mountApp('/admin/users/u2')
    wrapper = app.wrapper
    await flushPromises()
    expect(wrapper.find('[data-standing]').text()).toContain('Can log in')

    await wrapper.findAll('button').find((b) => b.text() === 'Disable account…')!.trigger('click')
    await flushPromises()
    const form = wrapper.find('#admin-disable-reason').element.closest('form')!
    // No reason: refused here, nothing sent.
    form.dispatchEvent(new Event('submit'))
    await flushPromises()
    expect(wrapper.text()).toContain('Say why: the reason is kept in the site audit log.')
    expect(requests.some((r) => r.url.endsWith('/disable'))).toBe(false)

    await wrapper.find('#admin-disable-reason').setValue('Sends spam to everyone')
    form.dispatchEvent(new Event('submit'))
    await flushPromises()
    expect(requests.find((r) => r.url.endsWith('/disable'))!.body).toEqual({ reason: 'Sends spam to everyone' })
    const standing = wrapper.find('[data-standing]').text()
    expect(standing).toContain('Disabled')
    expect(standing).toContain('Reason: Sends spam to everyone')
    expect(wrapper.find('p[role="status"][tabindex="-1"]').text()).toBe('\u2068Bob\u2069 is disabled.')
    expect(wrapper.findAll('button').some((b) => b.text() === 'Enable account…')).toBe(true)

    // The list says it too, with the reason.
    await app.router.push('/admin/users')
    await flushPromises()
    expect(wrapper.find('[data-admin-user="bob"] [data-disabled]').exists()).toBe(true)
    expect(wrapper.find('[data-admin-user="bob"]').text()).toContain('Reason: Sends spam to everyone')
  })

  it('an administrator’s own page has no Disable; a 409 cannot_disable_self is said in the dialog', async () => {
    const me = adminUser(admin.id, 'alice', { site_admin: true })
    serveAs(admin, (req) => {
      if (req.url === `/api/v1/admin/users/${admin.id}`) return json(200, me)
      if (req.url === '/api/v1/admin/users/u2') return json(200, adminUser('u2', 'bob'))
      if (req.url.endsWith('/disable')) return errorEnvelope(409, 'cannot_disable_self', 'no')
      return undefined
    })
    const app = await mountApp(`/admin/users/${admin.id}`)
    wrapper = app.wrapper
    await flushPromises()
    expect(wrapper.text()).toContain('You')
    expect(wrapper.findAll('button').some((b) => b.text() === 'Disable account…')).toBe(false)

    // Should it happen anyway (the same person in two accounts' pages), the refusal is in words.
    await app.router.push('/admin/users/u2')
    await flushPromises()
    await wrapper.findAll('button').find((b) => b.text() === 'Disable account…')!.trigger('click')
    await wrapper.find('#admin-disable-reason').setValue('test')
    wrapper.find('#admin-disable-reason').element.closest('form')!.dispatchEvent(new Event('submit'))
    await flushPromises()
    expect(wrapper.find('#admin-disable-error').text()).toBe('As an administrator you cannot disable your own account.')
  })

  it('groups: private ones too, with owner and members; Delete sends the reason percent-encoded', async () => {
    const requests = serveAs(admin, (req) => {
      if (req.url.startsWith('/api/v1/admin/groups?') || req.url === '/api/v1/admin/groups')
        return json(200, { items: [adminGroup('g1', 'Secret club')], next_before: null })
      if (req.method === 'DELETE') return json(204)
      return undefined
    })
    const app = await mountApp('/admin/groups')
    wrapper = app.wrapper
    await flushPromises()
    const row = wrapper.find('[data-admin-group="Secret club"]')
    expect(row.text()).toContain('Private')
    expect(row.text()).toContain('Owner: Alice')
    expect(row.text()).toContain('3 members')
    await row.find('button').trigger('click')
    await wrapper.find('#admin-delete-group-reason').setValue('Hassgruppe – gemeldet')
    wrapper.find('#admin-delete-group-reason').element.closest('form')!.dispatchEvent(new Event('submit'))
    await flushPromises()
    const del = requests.find((r) => r.method === 'DELETE')!
    expect(del.url).toBe('/api/v1/admin/groups/g1')
    expect(del.headers['x-audit-log-reason']).toBe('Hassgruppe%20%E2%80%93%20gemeldet')
    expect(wrapper.find('[data-admin-group="Secret club"]').exists()).toBe(false)
  })

  it('reports: the reported text as it was, who and why; settling sends how and the outcome', async () => {
    const requests = serveAs(admin, (req) => {
      if (req.url.startsWith('/api/v1/admin/reports')) return json(200, { items: [adminReport('r1')], next_before: null })
      if (req.url === '/api/v1/reports/r1/resolve')
        return json(200, adminReport('r1', { state: 'actioned', outcome: 'Warned', handled_by: admin, resolved_at: new Date().toISOString() }))
      return undefined
    })
    const app = await mountApp('/admin/reports')
    wrapper = app.wrapper
    await flushPromises()
    const card = wrapper.find('[data-report="open"]')
    expect(card.find('[data-reported-text]').text()).toBe('buy now')
    expect(card.text()).toContain('Spam')
    expect(card.text()).toContain('Reported by Alice')
    expect(card.text()).toContain('again and again')
    await card.findAll('button').find((b) => b.text() === 'Settle…')!.trigger('click')
    await wrapper.find('#admin-resolve-outcome').setValue('Warned')
    wrapper.find('#admin-resolve-outcome').element.closest('form')!.dispatchEvent(new Event('submit'))
    await flushPromises()
    expect(requests.find((r) => r.url.endsWith('/resolve'))!.body).toEqual({ state: 'actioned', outcome: 'Warned' })
    expect(wrapper.find('[data-report="actioned"]').text()).toContain('Outcome: Warned')
  })

  it('audit log: each entry in words, the command line named, every action in the filter translated', async () => {
    const requests = serveAs(admin, (req) =>
      req.url.startsWith('/api/v1/admin/audit-log')
        ? json(200, {
            items: [
              {
                id: 'e2',
                action: 'group_deleted',
                details: { name: 'Spam Inc' },
                created_at: new Date().toISOString(),
                actor: admin,
                target_user: null,
                reason: 'spam',
              },
              {
                id: 'e1',
                action: 'admin_granted',
                details: { by: 'command line' },
                created_at: new Date().toISOString(),
                actor: null,
                target_user: alice,
                reason: null,
              },
            ],
            next_before: null,
          })
        : undefined,
    )
    const app = await mountApp('/admin/audit-log')
    wrapper = app.wrapper
    await flushPromises()
    const entries = wrapper.findAll('[data-audit-action]')
    expect(entries[0]!.text()).toContain('Alice deleted the group Spam Inc')
    expect(entries[0]!.text()).toContain('Reason: spam')
    expect(entries[1]!.text()).toContain('The command line made Alice a site administrator')

    await wrapper.find('#admin-audit-action').setValue('account_disabled')
    await flushPromises()
    expect(requests.at(-1)!.url).toBe('/api/v1/admin/audit-log?action=account_disabled')

    await setLocale('de')
    const options = wrapper.findAll('#admin-audit-action option').map((o) => o.text())
    expect(options).toContain('Konto deaktiviert')
    expect(options).toContain('Administrator entfernt')
  })

  it('the login page says in words that the account was disabled, once, when a login is refused for it', async () => {
    serveApp((req) =>
      req.url.endsWith('/auth/login') ? errorEnvelope(403, 'account_disabled', 'a site administrator disabled this account') : json(204),
    )
    const app = await mountApp('/login')
    wrapper = app.wrapper
    await wrapper.find('#login-username').setValue('bob')
    await wrapper.find('#login-password').setValue('correct horse')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    const notice = wrapper.find('[role="status"]')
    expect(notice.text()).toBe('An administrator disabled your account. You cannot log in until it is enabled again.')
    expect(wrapper.text()).not.toContain('account_disabled')
    expect(wrapper.find('#login-error').exists()).toBe(false)
    expect(useAuthStore().isAuthenticated).toBe(false)
  })
})
