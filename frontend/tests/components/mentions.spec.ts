import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'

import ConversationListItem from '@/components/chats/ConversationListItem.vue'
import FormattedText from '@/components/chats/FormattedText.vue'

import { conversation, message } from '../helpers/chat'
import { storeSession } from '../helpers/fixtures'

describe('mentions in a message body', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession() // signed in as alice
    setActivePinia(createPinia())
  })

  it('marks mentions, mine more strongly, and keeps the text exactly as written', () => {
    const text = 'hey @Alice and @bob,\n  see <b>this</b> @everyone'
    const w = mount(FormattedText, { props: { text, inGroup: true } })
    expect(w.element.textContent).toBe(text)
    expect(w.findAll('[data-mention]').map((m) => [m.text(), m.attributes('data-mention')])).toEqual([
      ['@Alice', 'me'],
      ['@bob', 'other'],
      ['@everyone', 'me'],
    ])
    // Text, never markup.
    expect(w.find('b').exists()).toBe(false)
  })

  it('leaves @everyone plain outside groups', () => {
    const w = mount(FormattedText, { props: { text: '@everyone hi' } })
    expect(w.find('[data-mention]').exists()).toBe(false)
    expect(w.text()).toBe('@everyone hi')
  })
})

describe('the conversation list', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
  })

  it('shows an @ badge with the count of mentions, none without', () => {
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [{ path: '/chats/:id', name: 'chat', component: { template: '<div/>' } }],
    })
    const row = (mention_count: number) =>
      mount(ConversationListItem, {
        props: { conversation: conversation('c1', { last_message: message(1), unread_count: 3, mention_count }), now: new Date() },
        global: { plugins: [router] },
      })
    expect(row(2).get('[data-mention-count]').text()).toBe('@2 mentions')
    expect(row(0).find('[data-mention-count]').exists()).toBe(false)
  })
})
