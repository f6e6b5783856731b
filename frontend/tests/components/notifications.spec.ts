import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'

import NotificationItem from '@/components/notifications/NotificationItem.vue'

import { bob, mid, notification } from '../helpers/chat'
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
})
