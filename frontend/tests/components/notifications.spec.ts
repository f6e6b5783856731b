import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'

import type { Notification } from '@/api/types'
import NotificationItem from '@/components/notifications/NotificationItem.vue'
import { setLocale } from '@/i18n'

import { bob, mid, notification, person } from '../helpers/chat'
import { storeSession } from '../helpers/fixtures'

describe('a mention notification', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
  })

  it('says who mentioned me and what, and opens the chat at the message, read', async () => {
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/', component: { template: '<div/>' } },
        { path: '/chats/:id', name: 'chat', component: { template: '<div/>' } },
      ],
    })
    await router.push('/')
    const n = notification(1, {
      kind: 'message.mention',
      actor: bob,
      data: { conversation_id: 'c1', message_id: mid(7), excerpt: 'hey @alice, lunch?' },
    })
    const w = mount(NotificationItem, {
      props: { notification: n, now: new Date('2024-06-01T13:00:00Z'), busy: false },
      global: { plugins: [router] },
    })
    const link = w.get('[data-notification-link]')
    expect(link.text()).toBe('Bob mentioned you: hey @alice, lunch?')
    await link.trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe(`/chats/c1?message=${mid(7)}`)
    expect(w.emitted('read')).toHaveLength(1)
  })

  it('a thread reply says who replied and what, and opens the thread at the reply', async () => {
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/', component: { template: '<div/>' } },
        { path: '/chats/:id', name: 'chat', component: { template: '<div/>' } },
      ],
    })
    await router.push('/')
    const n = notification(2, {
      kind: 'thread.reply',
      actor: bob,
      data: { conversation_id: 'c1', message_id: mid(9), thread_id: mid(3), excerpt: 'sounds good' },
    })
    const w = mount(NotificationItem, {
      props: { notification: n, now: new Date('2024-06-01T13:00:00Z'), busy: false },
      global: { plugins: [router] },
    })
    const link = w.get('[data-notification-link]')
    expect(link.text()).toBe('Bob replied in a thread: sounds good')
    await link.trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe(`/chats/c1?thread=${mid(3)}&message=${mid(9)}`)
  })
})

describe('notifications about the account itself', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
  })

  async function render(kind: Notification['kind'], data: Record<string, unknown>) {
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/', component: { template: '<div/>' } },
        { path: '/settings/security', name: 'settings-security', component: { template: '<div/>' } },
      ],
    })
    await router.push('/')
    const n = notification(1, { kind, actor: null, data })
    const w = mount(NotificationItem, {
      props: { notification: n, now: new Date('2024-06-01T13:00:00Z'), busy: false },
      global: { plugins: [router] },
    })
    return { w, router }
  }

  it('a password reset says how and from where, and leads to the security page', async () => {
    const { w, router } = await render('account.password_reset', { how: 'password.reset_by_recovery_code', ip: '203.0.113.9' })
    const link = w.get('[data-notification-link]')
    expect(link.text()).toBe(
      'Your password was reset with a recovery code from 203.0.113.9 and every device was logged out',
    )
    expect(w.text()).toContain('Not you?')
    await link.trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/settings/security')
  })

  it('a login from a new device names the device and the address', async () => {
    const { w } = await render('account.new_login', { device: 'Firefox on Linux', ip: '198.51.100.4' })
    expect(w.get('[data-notification-link]').text()).toBe('New login to your account on Firefox on Linux from 198.51.100.4')
    // No person did it: no avatar of "Someone".
    expect(w.text()).not.toContain('Someone')
  })

  it('reads well without the details', async () => {
    const { w } = await render('account.new_login', {})
    expect(w.get('[data-notification-link]').text()).toBe('New login to your account')
  })

  it('a data export that is ready says so, and leads to “Your data”', async () => {
    const { w, router } = await render('account.export_ready', {
      export_id: 'x1',
      download_url: '/api/v1/users/me/exports/x1/archive',
    })
    const link = w.get('[data-notification-link]')
    expect(link.text()).toBe('Your data export is ready to download')
    // Nothing anyone else did: no "Not you?".
    expect(w.text()).not.toContain('Not you?')
    await link.trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/settings/security#your-data')
  })

  it('a data export that failed says it can be asked for again, and leads to “Your data”', async () => {
    const { w, router } = await render('account.export_failed', { export_id: 'x2' })
    const link = w.get('[data-notification-link]')
    expect(link.text()).toBe('Your data export could not be made; you can ask for it again')
    await link.trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/settings/security#your-data')
  })

  it('a webhook turned off for failing names where it pointed', async () => {
    const { w } = await render('account.webhook_disabled', {
      subscription_id: 's1',
      url: 'https://hooks.example.org/confab?x=1',
      reason: 'deliveries failed for 1 day (last: answered 500)',
    })
    expect(w.get('[data-notification-link]').text()).toBe(
      'Your webhook to hooks.example.org was turned off: its deliveries kept failing',
    )
    expect(w.text()).not.toContain('Someone')
  })
})

describe('what a notification says, in each language', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
  })

  async function sentence(over: Partial<Notification>) {
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/', component: { template: '<div/>' } },
        { path: '/chats/:id', name: 'chat', component: { template: '<div/>' } },
      ],
    })
    await router.push('/')
    const w = mount(NotificationItem, {
      // Read already: no "Unread:" for screen readers before the sentence.
      props: {
        notification: notification(1, { read_at: '2024-06-01T12:30:00Z', ...over }),
        now: new Date('2024-06-01T13:00:00Z'),
        busy: false,
      },
      global: { plugins: [router] },
    })
    return w.get('p[id]')
  }

  it('a group invitation names the group, or says “a group” without its name', async () => {
    expect((await sentence({ kind: 'group_invite.received', data: { invite_id: 'i1', group_name: 'Hikers' } })).text()).toBe(
      'Bob invited you to Hikers',
    )
    expect((await sentence({ kind: 'group_invite.received', data: { invite_id: 'i1' } })).text()).toBe('Bob invited you to a group')
  })

  it('keeps names and quoted text in <bdi>, so an Arabic sentence does not reorder them', async () => {
    await setLocale('ar')
    const layla = person('0b8f2c1e-0000-4000-8000-000000000009', 'layla', 'Layla')
    const p = await sentence({ kind: 'message.mention', actor: layla, data: { conversation_id: 'c1', excerpt: '@alice hi!' } })
    expect(p.findAll('bdi').map((b) => b.text())).toEqual(['Layla', '@alice hi!'])
    expect(p.text()).toBe('أشار إليك Layla: @alice hi!')
  })

  it('a kind this app does not know still says who and what', async () => {
    const p = await sentence({ kind: 'group.archived' as Notification['kind'], data: {} })
    expect(p.text()).toBe('Bob: group archived')
  })
})
