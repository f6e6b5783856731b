import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'

import MessageComposer from '@/components/chats/MessageComposer.vue'
import MessageList from '@/components/chats/MessageList.vue'
import { useMessagesStore } from '@/stores/messages'

import { bob, conversation, me, message } from '../helpers/chat'
import { storeSession } from '../helpers/fixtures'

describe('MessageComposer', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
  })

  function composer(props: Record<string, unknown> = {}) {
    return mount(MessageComposer, {
      props: { conversationId: 'c1', replyTo: null, editing: null, ...props },
      attachTo: document.body,
    })
  }

  it('sends with Enter, keeps Shift+Enter for a new line, and never sends blank text', async () => {
    const w = composer()
    const box = w.get('textarea')
    expect(w.get('label[for=composer]').text()).toBe('Message')

    await box.setValue('   ')
    await box.trigger('keydown', { key: 'Enter' })
    expect(w.emitted('send')).toBeUndefined()

    await box.setValue('hello')
    await box.trigger('keydown', { key: 'Enter', shiftKey: true })
    expect(w.emitted('send')).toBeUndefined()

    await box.trigger('keydown', { key: 'Enter' })
    expect(w.emitted('send')).toEqual([['hello', []]])
    expect((box.element as HTMLTextAreaElement).value).toBe('')
    w.unmount()
  })

  it('edits: fills in the text, saves with Enter, and Escape cancels', async () => {
    const w = composer()
    await w.setProps({ editing: message(1, { author_id: me.id, body: 'old text' }) })
    const box = w.get('textarea')
    expect((box.element as HTMLTextAreaElement).value).toBe('old text')
    expect(w.text()).toContain('Editing your message')

    await box.setValue('new text')
    await box.trigger('keydown', { key: 'Enter' })
    expect(w.emitted('save')).toEqual([['new text']])

    await box.trigger('keydown', { key: 'Escape' })
    expect(w.emitted('cancel')).toHaveLength(1)
    w.unmount()
  })

  it('suggests people after @; Enter completes the name instead of sending', async () => {
    const w = composer({ mentionable: [bob] })
    const box = w.get('textarea')
    await box.setValue('lunch @B')
    const list = w.get('[data-mention-suggestions]')
    expect(list.attributes('role')).toBe('listbox')
    expect(list.text()).toContain('@bob')
    // A textarea is a textbox (no aria-expanded): it names the list it drives.
    expect(box.attributes('aria-controls')).toBe(list.attributes('id'))
    expect(w.emitted('mentioning')).toHaveLength(1)

    await box.trigger('keydown', { key: 'Enter' })
    expect((box.element as HTMLTextAreaElement).value).toBe('lunch @bob ')
    expect(w.emitted('send')).toBeUndefined()
    expect(w.find('[data-mention-suggestions]').exists()).toBe(false)

    await box.trigger('keydown', { key: 'Enter' })
    expect(w.emitted('send')).toEqual([['lunch @bob ', []]])
    w.unmount()
  })

  it('refuses a message over 4000 characters', async () => {
    const w = composer()
    await w.get('textarea').setValue('x'.repeat(4001))
    expect(w.get('button[type=submit]').attributes('disabled')).toBeDefined()
    expect(w.text()).toContain('4001 / 4000')
    w.unmount()
  })
})

describe('MessageList keyboard', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
  })

  it('is one tab stop; the arrow keys move between messages', async () => {
    const messages = useMessagesStore()
    const h = messages.historyOf('c1')
    h.items = [message(1), message(2), message(3, { author_id: me.id })]
    h.loaded = true
    const w = mount(MessageList, { props: { conversation: conversation('c1') }, attachTo: document.body })
    const log = w.get('[role=log]')
    const items = w.findAll('[data-message]')
    expect(items).toHaveLength(3)
    expect(items.every((i) => i.attributes('tabindex') === '-1')).toBe(true)
    expect(log.attributes('tabindex')).toBe('0')

    ;(log.element as HTMLElement).focus()
    await log.trigger('keydown', { key: 'ArrowUp' })
    expect(document.activeElement).toBe(items[2]!.element)
    await log.trigger('keydown', { key: 'ArrowUp' })
    expect(document.activeElement).toBe(items[1]!.element)
    await log.trigger('keydown', { key: 'ArrowDown' })
    expect(document.activeElement).toBe(items[2]!.element)

    // The focused message's actions are in the tab order; the others' are not.
    await w.vm.$nextTick()
    expect(items[2]!.find('button[aria-label=Edit]').attributes('tabindex')).toBe('0')
    expect(items[1]!.find('button[aria-label=Reply]').attributes('tabindex')).toBe('-1')
    w.unmount()
  })
})
