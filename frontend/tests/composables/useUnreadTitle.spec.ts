import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { h, nextTick } from 'vue'
import { createMemoryHistory, createRouter } from 'vue-router'

import { titleWithUnread, useUnreadTitle } from '@/composables/useUnreadTitle'
import { useConversationsStore } from '@/stores/conversations'

import { conversation, me, message } from '../helpers/chat'
import { storeSession } from '../helpers/fixtures'

/** A router that titles pages the way the app's does. */
function titledRouter() {
  const Empty = { render: () => null }
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/chats', component: Empty, meta: { title: 'Chats' } },
      { path: '/chat', component: Empty, meta: { title: 'Chat' } },
    ],
  })
  router.afterEach((to) => {
    document.title = `${String(to.meta.title)} · Confab`
  })
  return router
}

async function mountWithTitle() {
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = titledRouter()
  await router.push('/chat')
  const Shell = {
    setup() {
      useUnreadTitle()
      return () => h('div')
    },
  }
  const wrapper = mount(Shell, { global: { plugins: [pinia, router] } })
  await nextTick()
  return { wrapper, router, conversations: useConversationsStore() }
}

describe('titleWithUnread', () => {
  it('puts the count in front, replacing an older one, and nothing at 0', () => {
    expect(titleWithUnread('Chat · Confab', 3)).toBe('(3) Chat · Confab')
    expect(titleWithUnread('(3) Chat · Confab', 4)).toBe('(4) Chat · Confab')
    expect(titleWithUnread('(4) Chat · Confab', 0)).toBe('Chat · Confab')
    expect(titleWithUnread('Chat · Confab', 0)).toBe('Chat · Confab')
  })
})

describe('useUnreadTitle', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
    document.title = 'Confab'
  })

  it('shows the total unread count, live as messages arrive and are read', async () => {
    const { conversations } = await mountWithTitle()
    expect(document.title).toBe('Chat · Confab')

    conversations.upsert(conversation('c1', { unread_count: 2, last_message: message(2), last_read_message_id: null }))
    conversations.upsert(conversation('c2', { unread_count: 1 }))
    await nextTick()
    expect(document.title).toBe('(3) Chat · Confab')

    // Someone else's new message counts; my own does not.
    conversations.applyMessageCreated(message(3))
    await nextTick()
    expect(document.title).toBe('(4) Chat · Confab')
    conversations.applyMessageCreated(message(4, { author_id: me.id }))
    await nextTick()
    expect(document.title).toBe('(4) Chat · Confab')

    // Reading both chats clears it.
    conversations.markReadLocally('c1', message(4).id)
    conversations.byId.c2!.unread_count = 0
    await nextTick()
    expect(document.title).toBe('Chat · Confab')
  })

  it('keeps the prefix across navigation and drops it when the shell goes', async () => {
    const { wrapper, router, conversations } = await mountWithTitle()
    conversations.upsert(conversation('c1', { unread_count: 5 }))
    await nextTick()
    await router.push('/chats')
    await flushPromises()
    expect(document.title).toBe('(5) Chats · Confab')

    wrapper.unmount()
    expect(document.title).toBe('Chats · Confab')
  })
})
