import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import MessageBubble from '@/components/chats/MessageBubble.vue'
import { useUsersStore } from '@/stores/users'

import { bob, carol, message, mid } from '../helpers/chat'
import { storeSession } from '../helpers/fixtures'
import { json } from '../helpers/http'
import { serveRoutes } from '../helpers/routes'

function bubble(over: Parameters<typeof message>[1] = {}) {
  return mount(MessageBubble, {
    props: { message: message(1, over), mine: false },
    attachTo: document.body,
  })
}

describe('reactions on a message', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('shows chips with counts, mine pressed; a click flips mine', async () => {
    const w = bubble({
      reactions: [
        { emoji: '👍', count: 2, me: true },
        { emoji: '🎉', count: 1, me: false },
      ],
    })
    const chips = w.findAll('[data-reaction]')
    expect(chips.map((c) => c.text())).toEqual(['👍2', '🎉1'])
    expect(chips.map((c) => c.attributes('aria-pressed'))).toEqual(['true', 'false'])
    expect(chips[0]!.attributes('aria-label')).toBe('👍 2 reactions, including yours')

    await chips[0]!.trigger('click')
    await chips[1]!.trigger('click')
    expect(w.emitted('react')).toEqual([
      ['👍', false],
      ['🎉', true],
    ])
  })

  it('says who reacted when someone looks', async () => {
    useUsersStore().remember(bob, carol)
    serveRoutes({
      [`GET /api/v1/conversations/c1/messages/${mid(1)}/reactions/${encodeURIComponent('👍')}`]: () =>
        json(200, { items: [bob, carol] }),
    })
    const w = bubble({ reactions: [{ emoji: '👍', count: 2, me: false }] })
    await w.get('[data-reaction]').trigger('mouseenter')
    await flushPromises()
    expect(w.get('li.tooltip').attributes('data-tip')).toBe('Bob and carol')
    expect(w.get('[data-reaction]').attributes('aria-label')).toBe('👍 2 reactions: Bob and carol')
  })

  it('adds from the picker: a common emoji, or any one pasted; Escape closes it', async () => {
    const w = bubble()
    const opener = w.get('button[aria-label="Add reaction"]')
    await opener.trigger('click')
    const picker = w.get('[data-reaction-picker]')
    expect(document.activeElement).toBe(picker.find('button').element)

    // (jsdom's selectors do not match emojis in attribute values)
    await picker.findAll('button').find((b) => b.attributes('aria-label') === 'React with 🔥')!.trigger('click')
    expect(w.emitted('react')).toEqual([['🔥', true]])
    expect(w.find('[data-reaction-picker]').exists()).toBe(false)
    expect(document.activeElement).toBe(opener.element)

    await opener.trigger('click')
    await w.get('[data-reaction-picker] input').setValue('not one')
    await w.get('[data-reaction-picker] form').trigger('submit')
    expect(w.get('[data-reaction-picker] [role=alert]').text()).toBe('Enter one emoji.')
    await w.get('[data-reaction-picker] input').setValue('🦄')
    await w.get('[data-reaction-picker] form').trigger('submit')
    expect(w.emitted('react')!.at(-1)).toEqual(['🦄', true])

    await opener.trigger('click')
    await w.get('[data-reaction-picker]').trigger('keydown', { key: 'Escape' })
    expect(w.find('[data-reaction-picker]').exists()).toBe(false)
  })

  it('has no chips or reaction button on a deleted message', () => {
    const w = bubble({ body: null, deleted_at: '2024-06-01T13:00:00Z', reactions: [{ emoji: '👍', count: 1, me: false }] })
    expect(w.find('[data-reaction]').exists()).toBe(false)
    expect(w.find('button[aria-label="Add reaction"]').exists()).toBe(false)
  })
})
