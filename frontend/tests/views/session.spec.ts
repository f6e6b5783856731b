import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import type { RouteRecordRaw } from 'vue-router'

import { i18n, setLocale } from '@/i18n'
import { routes, safeRedirect } from '@/router'
import { useAuthStore } from '@/stores/auth'

import { mountApp, serveApp } from '../helpers/app'
import { conversation, message } from '../helpers/chat'
import { alice, storeSession } from '../helpers/fixtures'
import { errorEnvelope, json, type Handler } from '../helpers/http'

vi.mock('@/realtime/socket', async () => (await import('../helpers/socketModule')).fakeSocketModule())

function serve(handler: Handler) {
  return serveApp(handler)
}

let wrapper: VueWrapper | undefined

describe('session and routing', () => {
  beforeEach(() => localStorage.clear())
  afterEach(() => wrapper?.unmount())

  it('sends signed-out visitors to the login page', async () => {
    const app = await mountApp('/friends')
    wrapper = app.wrapper
    expect(app.router.currentRoute.value.fullPath).toBe('/login?redirect=/friends')
  })

  it('shows the app shell with its navigation to a signed-in user', async () => {
    storeSession()
    serve(() => json(200, alice))
    const app = await mountApp('/')
    wrapper = app.wrapper

    expect(app.router.currentRoute.value.name).toBe('chats')
    const nav = wrapper.findAll('nav[aria-label="Main"]')
    expect(nav.length).toBe(2) // sidebar (desktop) and dock (phone)
    expect(nav[0]!.text()).toContain('Chats')
    expect(nav[0]!.text()).toContain('Friends')
    expect(nav[0]!.text()).toContain('Groups')
    expect(nav[0]!.text()).toContain('Notifications')
    expect(nav[0]!.text()).toContain('Settings')
    expect(wrapper.text()).toContain('No conversations yet')
    expect(wrapper.text()).toContain('@alice')
  })

  it('keeps signed-in users away from the login page', async () => {
    storeSession()
    serve(() => json(200, alice))
    const app = await mountApp('/login')
    wrapper = app.wrapper
    expect(app.router.currentRoute.value.name).toBe('chats')
  })

  it('on a refused refresh goes to the login page and says why', async () => {
    storeSession()
    let expired = false
    serve((req) => {
      if (!expired) return json(200, alice)
      return req.url.endsWith('/auth/refresh')
        ? errorEnvelope(401, 'invalid_refresh_token', 'Revoked.')
        : errorEnvelope(401, 'token_expired', 'Expired.')
    })
    const app = await mountApp('/groups')
    wrapper = app.wrapper
    expect(app.router.currentRoute.value.name).toBe('groups')

    expired = true
    await useAuthStore()
      .fetchMe()
      .catch(() => {})
    await flushPromises()

    await vi.waitFor(() => expect(app.router.currentRoute.value.fullPath).toBe('/login?redirect=/groups'), { timeout: 5000 })
    await flushPromises()
    expect(wrapper.find('[role="status"]').text()).toBe('Your session expired, please log in again')
  })

  it('logging out from the shell leads to the login page', async () => {
    storeSession()
    serve(() => json(204))
    const app = await mountApp('/settings')
    wrapper = app.wrapper
    const logout = wrapper.findAll('button').find((b) => b.text() === 'Log out')!
    await logout.trigger('click')
    await flushPromises()
    await vi.waitFor(() => expect(app.router.currentRoute.value.fullPath).toBe('/login'), { timeout: 5000 })
  })

  it('titles the tab in the language shown, again when it changes, the unread count kept in front', async () => {
    storeSession()
    serveApp(() => json(200, alice), {
      '/api/v1/conversations': {
        items: [conversation('c1', { unread_count: 3, last_message: message(3), last_read_message_id: null })],
      },
    })
    const app = await mountApp('/friends')
    wrapper = app.wrapper
    await vi.waitFor(() => expect(document.title).toBe('(3) Friends · Confab'))
    await setLocale('de')
    expect(document.title).toBe('(3) Freunde · Confab')
    await app.router.push('/settings')
    expect(document.title).toBe('(3) Einstellungen · Confab')
    await setLocale('ar')
    expect(document.title).toBe('(3) الإعدادات · Confab')
  })

  it('names every titled page by a message (layout.pageTitle.*), not in English words', () => {
    const titles = (list: readonly RouteRecordRaw[]): string[] =>
      list.flatMap((r) => [...(r.meta?.title ? [r.meta.title] : []), ...titles(r.children ?? [])])
    const keys = titles(routes)
    expect(keys.length).toBeGreaterThan(10)
    for (const key of keys) {
      expect(key).toMatch(/^layout\.pageTitle\./)
      expect(i18n.global.te(key, 'en'), key).toBe(true)
    }
  })

  it('only follows same-origin redirects', () => {
    expect(safeRedirect('/chats?x=1')).toBe('/chats?x=1')
    expect(safeRedirect('//evil.example')).toBeNull()
    expect(safeRedirect('/\\evil.example')).toBeNull()
    expect(safeRedirect('https://evil.example')).toBeNull()
    expect(safeRedirect(['/a'])).toBeNull()
  })
})
