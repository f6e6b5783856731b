import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'

import MessageComposer from '@/components/chats/MessageComposer.vue'
import { useUsersStore } from '@/stores/users'

import { bob, me, message } from '../helpers/chat'
import { storeSession } from '../helpers/fixtures'
import { media } from '../helpers/groups'

describe('MessageComposer’s reply preview', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
    useUsersStore().remember(bob)
  })

  function replyingTo(replyTo: ReturnType<typeof message>) {
    return mount(MessageComposer, { props: { conversationId: 'c1', replyTo, editing: null } })
  }

  it('shows the replied message as plain text, without its markup, isolated in a <bdi>', () => {
    const w = replyingTo(message(1, { body: '**bold** and `code`\n> quoted @bob' }))
    const preview = w.get('[data-reply-preview]')
    expect(preview.element.tagName).toBe('BDI')
    expect(preview.text()).toBe('bold and code quoted @bob')
    expect(w.text()).toContain('Replying to Bob')
  })

  it('names attachments when there is no text, and says "you" for my own message', () => {
    const w = replyingTo(message(2, { author_id: me.id, body: '', attachments: [media('p1')] }))
    expect(w.get('[data-reply-preview]').text()).toBe('Photo')
    expect(w.text()).toContain('Replying to you')
  })
})
