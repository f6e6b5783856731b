import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'

import type { ConversationNotifications } from '@/api/types'
import ConversationListItem from '@/components/chats/ConversationListItem.vue'
import NotificationMenu from '@/components/chats/NotificationMenu.vue'
import { useConversationsStore } from '@/stores/conversations'
import { useNotifySettingsStore } from '@/stores/notifySettings'

import { conversation, me } from '../helpers/chat'
import { storeSession } from '../helpers/fixtures'
import { errorEnvelope, json, type RecordedRequest } from '../helpers/http'
import { serveRoutes } from '../helpers/routes'

const T0 = Date.UTC(2024, 5, 1, 12, 0, 0)
const HOUR = 3_600_000

const echo = (req: RecordedRequest, [id]: string[]) =>
  json(200, { user_id: me.id, conversation_id: id, ...(req.body as object) } as ConversationNotifications)

function setup() {
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/:p(.*)*', name: 'chat', component: { render: () => null } }],
  })
  const conversations = useConversationsStore()
  conversations.upsert(conversation('c1', { unread_count: 3 }))
  return { global: { plugins: [pinia, router] }, conversations }
}

describe('the chat header’s notification menu', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
    vi.setSystemTime(T0)
  })
  afterEach(() => {
    useNotifySettingsStore().reset()
    vi.useRealTimers()
  })

  it('mutes for an hour from the bell; the bell is struck through and says until when', async () => {
    const requests = serveRoutes({ 'PUT /api/v1/conversations/*/notifications': echo })
    const { global } = setup()
    const menu = mount(NotificationMenu, { props: { conversationId: 'c1' }, global, attachTo: document.body })
    const bell = menu.get('[data-notify-toggle]')
    expect(bell.attributes('aria-label')).toBe('Notifications')
    expect(bell.attributes('aria-expanded')).toBe('false')

    await bell.trigger('click')
    expect(menu.get('[data-notify-menu]').attributes('aria-label')).toBe('Notifications for this chat')
    const choices = menu.findAll('[data-notify-menu] button').map((b) => b.attributes('aria-label'))
    expect(choices).toEqual([
      'Mute for 15 minutes',
      'Mute for 1 hour',
      'Mute for 8 hours',
      'Mute for 24 hours',
      'Mute until I turn it back on',
    ])
    expect((menu.get('input[value="all"]').element as HTMLInputElement).checked).toBe(true)

    await menu.get('button[aria-label="Mute for 1 hour"]').trigger('click')
    await flushPromises()
    expect(requests[0]!.body).toEqual({ level: 'all', muted: true, muted_until: new Date(T0 + HOUR).toISOString() })
    // Closed after a choice, the focus back on the bell.
    expect(menu.find('[data-notify-menu]').exists()).toBe(false)
    expect(document.activeElement).toBe(bell.element)
    expect(bell.attributes('aria-label')).toBe('Notifications (muted)')
    expect(bell.attributes('title')).toMatch(/^Muted until /)

    await bell.trigger('click')
    expect(menu.get('[data-muted-until]').text()).toMatch(/^Muted until /)
    await menu.get('input[value="mentions"]').setValue(true)
    await flushPromises()
    expect(requests[1]!.body).toEqual({ level: 'mentions', muted: true, muted_until: new Date(T0 + HOUR).toISOString() })

    await menu.findAll('button').find((b) => b.text() === 'Unmute')!.trigger('click')
    await flushPromises()
    expect(requests[2]!.body).toEqual({ level: 'mentions', muted: false, muted_until: null })
    expect(bell.attributes('aria-label')).toBe('Notifications')
    menu.unmount()
  })

  it('a refused level goes back to the one that holds, and says why', async () => {
    serveRoutes({ 'PUT /api/v1/conversations/*/notifications': () => errorEnvelope(404, 'not_found', 'no such conversation') })
    const { global } = setup()
    const menu = mount(NotificationMenu, { props: { conversationId: 'c1' }, global, attachTo: document.body })
    await menu.get('[data-notify-toggle]').trigger('click')
    await menu.get('input[value="nothing"]').setValue(true)
    await flushPromises()
    expect((menu.get('input[value="all"]').element as HTMLInputElement).checked).toBe(true)
    expect(menu.get('[role="alert"]').text()).toBe('That is not there any more, or you cannot see it.')
    menu.unmount()
  })

  it('closes on a click elsewhere', async () => {
    const { global } = setup()
    const menu = mount(NotificationMenu, { props: { conversationId: 'c1' }, global, attachTo: document.body })
    await menu.get('[data-notify-toggle]').trigger('click')
    document.body.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }))
    await flushPromises()
    expect(menu.find('[data-notify-menu]').exists()).toBe(false)
    menu.unmount()
  })
})

describe('a muted chat in the list', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    vi.setSystemTime(T0)
  })
  afterEach(() => {
    useNotifySettingsStore().reset()
    vi.useRealTimers()
  })

  it('has a muted icon and a quiet dot for its unread, until the mute ends', async () => {
    const { global, conversations } = setup()
    conversations.byId.c1!.notifications = {
      user_id: me.id,
      conversation_id: 'c1',
      level: 'all',
      muted: true,
      muted_until: new Date(T0 + HOUR).toISOString(),
    }
    const row = mount(ConversationListItem, { props: { conversation: conversations.byId.c1!, now: new Date(T0) }, global })
    expect(row.get('[data-muted-icon]').attributes('aria-label')).toBe('Muted')
    const dot = row.get('[data-quiet-unread]')
    expect(dot.text()).toBe('unread')
    expect(dot.attributes('title')).toBe('3 unread messages (muted)')
    expect(row.find('.badge-primary').exists()).toBe(false)

    vi.advanceTimersByTime(HOUR + 100)
    await flushPromises()
    expect(row.find('[data-muted-icon]').exists()).toBe(false)
    expect(row.get('.badge-primary').text()).toBe('3 unread')
  })
})
