import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'

import MessageComposer from '@/components/chats/MessageComposer.vue'

import { bob, me, message } from '../helpers/chat'
import { storeSession } from '../helpers/fixtures'

describe('MessageComposer and the draft', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
  })

  function composer(props: Record<string, unknown> = {}) {
    return mount(MessageComposer, {
      props: { conversationId: 'c1', replyTo: null, editing: null, draft: 'half a thought', ...props },
      attachTo: document.body,
    })
  }
  const value = (w: ReturnType<typeof composer>) => (w.get('textarea').element as HTMLTextAreaElement).value

  it('opens with the chat’s draft, reports typing, and takes the next chat’s draft on a switch', async () => {
    const w = composer()
    expect(value(w)).toBe('half a thought')

    await w.get('textarea').setValue('half a thought, finished')
    expect(w.emitted('update:draft')).toEqual([['half a thought, finished']])

    await w.setProps({ conversationId: 'c2', draft: 'for carol' })
    expect(value(w)).toBe('for carol')
    await w.setProps({ conversationId: 'c3', draft: '' })
    expect(value(w)).toBe('')
    w.unmount()
  })

  it('follows a draft changed elsewhere (another tab)', async () => {
    const w = composer()
    await w.setProps({ draft: 'typed on my phone' })
    expect(value(w)).toBe('typed on my phone')
    w.unmount()
  })

  it('sends without touching the draft: the box empties, the draft lasts until the server accepts', async () => {
    const w = composer()
    await w.get('textarea').trigger('keydown', { key: 'Enter' })
    expect(w.emitted('send')).toEqual([['half a thought', []]])
    expect(value(w)).toBe('')
    expect(w.emitted('update:draft')).toBeUndefined()
    // Accepted: the draft is cleared, and the box stays empty.
    await w.setProps({ draft: '' })
    expect(value(w)).toBe('')
    w.unmount()
  })

  it('keeps an edit’s text out of the draft, and brings the draft back when the edit ends', async () => {
    const w = composer()
    await w.setProps({ editing: message(1, { author_id: me.id, body: 'old text' }) })
    expect(value(w)).toBe('old text')
    await w.get('textarea').setValue('old text, fixed')
    // A remote change waits too: the box is the edit's.
    await w.setProps({ draft: 'half a thought, from the phone' })
    expect(value(w)).toBe('old text, fixed')
    expect(w.emitted('update:draft')).toBeUndefined()

    await w.setProps({ editing: null })
    expect(value(w)).toBe('half a thought, from the phone')
    w.unmount()
  })

  it('reports a completed @name as a change', async () => {
    const w = composer({ draft: '', mentionable: [bob] })
    await w.get('textarea').setValue('lunch @b')
    await w.get('textarea').trigger('keydown', { key: 'Tab' })
    expect(value(w)).toBe('lunch @bob ')
    expect(w.emitted('update:draft')!.at(-1)).toEqual(['lunch @bob '])
    w.unmount()
  })
})
