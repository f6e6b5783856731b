import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import type { Message } from '@/api/types'

import { mountApp, serveApp } from '../helpers/app'
import { conversation, message } from '../helpers/chat'
import { alice, storeSession } from '../helpers/fixtures'
import { historyRoute } from '../helpers/history'
import { json } from '../helpers/http'

vi.mock('@/realtime/socket', async () => (await import('../helpers/socketModule')).fakeSocketModule())

let wrapper: VueWrapper | undefined

/** The DM c1, its 200 messages made by `make`, listed with c2 and c3 (newest activity first: c3, c2, c1). */
function serveChats(make: (n: number) => Message = (n) => message(n)) {
  const history = historyRoute(200, make)
  const listed = ['c1', 'c2', 'c3'].map((id, i) =>
    conversation(id, { last_message: message(300 + i, { conversation_id: id }) }),
  )
  return serveApp(
    (req) => {
      const path = req.url.split('?')[0]!
      const chat = /^\/api\/v1\/conversations\/(c\d)$/.exec(path)
      if (chat) return json(200, listed.find((c) => c.id === chat[1]))
      if (/^\/api\/v1\/conversations\/c\d\/messages$/.test(path)) return history(req)
      if (path === '/api/v1/conversations/c1/pins') return json(200, { items: [] })
      return json(200, alice)
    },
    { '/api/v1/conversations': { items: [...listed].reverse() } },
  )
}

function keydown(target: Element, key: string, init: KeyboardEventInit = {}) {
  const e = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init })
  target.dispatchEvent(e)
  return e
}

describe('Keyboard in a chat', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
  })
  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
  })

  it('↑ in the empty composer edits my newest message that is not deleted', async () => {
    serveChats((n) =>
      n === 200
        ? message(n, { author_id: alice.id, body: null, deleted_at: '2024-06-01T13:00:00Z' })
        : message(n, { author_id: n === 198 ? alice.id : message(n).author_id }),
    )
    ;({ wrapper } = await mountApp('/chats/c1'))
    await flushPromises()
    const box = wrapper.get('#composer')

    // With text in the box, ↑ is the caret's.
    await box.setValue('half')
    await box.trigger('keydown', { key: 'ArrowUp' })
    expect(wrapper.text()).not.toContain('Editing your message')

    await box.setValue('')
    await box.trigger('keydown', { key: 'ArrowUp' })
    await flushPromises()
    expect(wrapper.text()).toContain('Editing your message')
    expect((box.element as HTMLTextAreaElement).value).toBe('message 198')
  })

  it('↑ does nothing when I have no message here', async () => {
    serveChats()
    ;({ wrapper } = await mountApp('/chats/c1'))
    await flushPromises()
    const box = wrapper.get('#composer')
    keydown(box.element, 'ArrowUp')
    await flushPromises()
    expect(wrapper.text()).not.toContain('Editing your message')
  })

  it('Escape closes the pins panel, and the focus goes back to its button', async () => {
    serveChats()
    ;({ wrapper } = await mountApp('/chats/c1'))
    await flushPromises()
    const toggle = wrapper.get('[data-panel-toggle="pins"]')
    await toggle.trigger('click')
    const panel = await vi.waitFor(() => wrapper!.get('[data-pins-panel]'))
    await flushPromises()
    // Opened, the panel has the focus.
    expect(document.activeElement).toBe(panel.element)
    expect(toggle.attributes('aria-expanded')).toBe('true')

    keydown(panel.element, 'Escape')
    await flushPromises()
    expect(wrapper.find('[data-pins-panel]').exists()).toBe(false)
    expect(document.activeElement).toBe(toggle.element)
    expect(toggle.attributes('aria-expanded')).toBe('false')
  })

  it('Escape in the composer closes the panel but leaves the focus in the composer', async () => {
    serveChats()
    ;({ wrapper } = await mountApp('/chats/c1'))
    await flushPromises()
    await wrapper.get('[data-panel-toggle="pins"]').trigger('click')
    await vi.waitFor(() => wrapper!.get('[data-pins-panel]'))
    const box = wrapper.get('#composer').element as HTMLTextAreaElement
    box.focus()
    keydown(box, 'Escape')
    await flushPromises()
    expect(wrapper.find('[data-pins-panel]').exists()).toBe(false)
    expect(document.activeElement).toBe(box)
  })

  it('Alt+↓ and Alt+↑ from the composer go through the chat list; Ctrl+K and ? open their dialogs', async () => {
    serveChats()
    let router
    ;({ wrapper, router } = await mountApp('/chats/c3'))
    await flushPromises()
    keydown(wrapper.get('#composer').element, 'ArrowDown', { altKey: true })
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/chats/c2')
    keydown(wrapper.get('#composer').element, 'ArrowUp', { altKey: true })
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/chats/c3')

    keydown(wrapper.get('#composer').element, 'k', { ctrlKey: true })
    await flushPromises()
    expect(wrapper.find('[data-quick-switcher] input[role=combobox]').exists()).toBe(true)
    await wrapper.get('[data-quick-switcher]').trigger('cancel')
    await flushPromises()
    expect(wrapper.find('[data-quick-switcher] input').exists()).toBe(false)

    keydown(document.body, '?')
    await flushPromises()
    expect(wrapper.get('[data-shortcuts-help]').text()).toContain('Keyboard shortcuts')
  })
})
