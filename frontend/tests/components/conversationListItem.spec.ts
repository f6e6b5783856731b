import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'

import ConversationListItem from '@/components/chats/ConversationListItem.vue'
import { setLocale } from '@/i18n'

import { conversation, me, message } from '../helpers/chat'
import { storeSession } from '../helpers/fixtures'

function row(over: Parameters<typeof conversation>[1]) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/chats/:id', name: 'chat', component: { template: '<div/>' } }],
  })
  return mount(ConversationListItem, {
    props: { conversation: conversation('c1', over), now: new Date() },
    global: { plugins: [router] },
  })
}

describe('a chat row in another language', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
  })

  it('reads the last message in its own direction, not its prefix’s', async () => {
    await setLocale('ar')
    const english = row({ last_message: message(1, { author_id: me.id, body: 'see you at noon' }) })
    expect(english.get('[data-last-message]').text()).toBe('أنت: see you at noon')
    // Cut off at the end of the English words, not at their start.
    expect(english.get('[data-last-message]').attributes('dir')).toBe('ltr')
    await setLocale('en')
    const arabic = row({ last_message: message(1, { author_id: me.id, body: 'أراك ظهرًا' }) })
    expect(arabic.get('[data-last-message]').text()).toBe('You: أراك ظهرًا')
    expect(arabic.get('[data-last-message]').attributes('dir')).toBe('rtl')
    const nothing = row({ last_message: message(1, { body: '👍' }) })
    expect(nothing.get('[data-last-message]').attributes('dir')).toBe('auto')
  })

  it('counts mentions and unread messages with the language’s plurals and digits', async () => {
    await setLocale('ar')
    const w = row({ last_message: message(1), unread_count: 2, mention_count: 2 })
    expect(w.get('[data-mention-count]').attributes('title')).toBe('تمت الإشارة إليك مرتين')
    expect(w.get('[data-mention-count]').text()).toMatch(/^@(2|٢) إشارتان$/)
    await setLocale('de')
    const once = row({ last_message: message(1), mention_count: 1 })
    expect(once.get('[data-mention-count]').attributes('title')).toBe('Du wurdest einmal erwähnt')
    expect(once.get('[data-mention-count]').text()).toBe('@1 Erwähnung')
  })
})
