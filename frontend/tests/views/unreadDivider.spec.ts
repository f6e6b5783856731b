import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { mountApp, serveApp } from '../helpers/app'
import { conversation, message, mid } from '../helpers/chat'
import { alice, storeSession } from '../helpers/fixtures'
import { historyRoute } from '../helpers/history'
import { json, type RecordedRequest } from '../helpers/http'

vi.mock('@/realtime/socket', async () => (await import('../helpers/socketModule')).fakeSocketModule())

/** A DM of 200 messages by Bob; `unread` of them, the newest, unread. */
function serveChat(unread: number) {
  const history = historyRoute(200)
  const c1 = conversation('c1', {
    unread_count: unread,
    last_read_message_id: unread ? mid(200 - unread) : mid(200),
    last_message: message(200),
  })
  return serveApp((req: RecordedRequest) => {
    const path = req.url.split('?')[0]
    if (path === '/api/v1/conversations/c1') return json(200, c1)
    if (path === '/api/v1/conversations/c1/messages') return history(req)
    if (path === '/api/v1/conversations/c1/read') return json(204, null)
    return json(200, alice)
  })
}

let wrapper: VueWrapper | undefined

describe('Conversation view: "New messages"', { timeout: 20_000 }, () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
  })
  afterEach(() => wrapper?.unmount())

  it('puts the line above the first unread message when the chat opens with some', async () => {
    serveChat(3)
    ;({ wrapper } = await mountApp('/chats/c1'))
    await flushPromises()
    const line = wrapper.get('[data-unread-divider]')
    expect(line.text()).toBe('New messages')
    expect(line.attributes('role')).toBe('separator')
    // The next message in the page is the first unread one.
    const all = [...document.querySelectorAll('[data-unread-divider], [data-message]')]
    const after = all[all.indexOf(line.element) + 1] as HTMLElement
    expect(after.dataset.messageId).toBe(mid(198))
  })

  it('has no line when nothing is unread', async () => {
    serveChat(0)
    ;({ wrapper } = await mountApp('/chats/c1'))
    await flushPromises()
    expect(wrapper.find('[data-unread-divider]').exists()).toBe(false)
    expect(wrapper.find('[data-jump-unread]').exists()).toBe(false)
  })

  it('loads older pages up to the first unread message from the jump button, and gives it the focus', async () => {
    const requests = serveChat(170)
    ;({ wrapper } = await mountApp('/chats/c1'))
    await flushPromises()
    // The newest 50 are loaded; the first unread one (31) is not: no line yet, the button goes there.
    expect(wrapper.find('[data-unread-divider]').exists()).toBe(false)
    const jump = wrapper.get('[data-jump-unread]')
    expect(jump.text()).toBe('170 new messages')

    await jump.trigger('click')
    await flushPromises()
    const pages = requests.filter((r) => r.url.startsWith('/api/v1/conversations/c1/messages'))
    expect(pages).toHaveLength(4)
    expect(wrapper.find('[data-unread-divider]').exists()).toBe(true)
    expect(document.activeElement).toBe(wrapper.get(`[data-message-id="${mid(31)}"]`).element)
  })
})
