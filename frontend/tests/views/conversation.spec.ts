import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { mountApp, serveApp } from '../helpers/app'
import { conversation, message, mid } from '../helpers/chat'
import { alice, storeSession } from '../helpers/fixtures'
import { historyRoute } from '../helpers/history'
import { json, type Handler, type RecordedRequest } from '../helpers/http'

vi.mock('@/realtime/socket', async () => (await import('../helpers/socketModule')).fakeSocketModule())

const history = historyRoute(200)

/** One DM, c1, of 200 messages; `extra` answers anything else first. */
function serveChat(extra: Handler = () => json(404, { error: { code: 'not_found', message: 'nope' } })) {
  return serveApp((req: RecordedRequest) => {
    const path = req.url.split('?')[0]
    if (path === '/api/v1/conversations/c1') return json(200, conversation('c1'))
    if (path === '/api/v1/conversations/c1/messages') return history(req)
    if (path === '/api/v1/users/me') return json(200, alice)
    return extra(req)
  })
}

let wrapper: VueWrapper | undefined

describe('Conversation view: opening at a message', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
  })
  afterEach(() => wrapper?.unmount())

  it('opens at the linked message, flashes it, and forgets the link', async () => {
    const requests = serveChat()
    let router
    ;({ wrapper, router } = await mountApp(`/chats/c1?message=${mid(42)}`))
    await flushPromises()

    const pages = requests.filter((r) => r.url.startsWith('/api/v1/conversations/c1/messages'))
    expect(pages.map((r) => r.url)).toEqual([`/api/v1/conversations/c1/messages?around=${mid(42)}&limit=50`])
    const target = wrapper.get(`[data-message-id="${mid(42)}"]`)
    expect(target.attributes('data-highlighted')).toBe('true')
    expect(document.activeElement).toBe(target.element)
    expect(router.currentRoute.value.fullPath).toBe('/chats/c1')
    // Older history: the way back to the newest messages.
    expect(wrapper.text()).toContain('Jump to the newest')
  })

  it('goes to the original of a quoted reply, loading it when it is not', async () => {
    const quoting = historyRoute(200, (n) => message(n, { reply_to_id: n === 200 ? mid(3) : null }))
    const requests = serveApp((req) => {
      const path = req.url.split('?')[0]
      if (path === '/api/v1/conversations/c1') return json(200, conversation('c1'))
      if (path === '/api/v1/conversations/c1/messages') return quoting(req)
      return json(200, alice)
    })
    ;({ wrapper } = await mountApp('/chats/c1'))
    await flushPromises()
    expect(wrapper.find(`[data-message-id="${mid(3)}"]`).exists()).toBe(false)

    await wrapper.get(`[data-message-id="${mid(200)}"] [data-reply-quote]`).trigger('click')
    await flushPromises()
    expect(requests.at(-1)!.url).toBe(`/api/v1/conversations/c1/messages?around=${mid(3)}&limit=50`)
    expect(wrapper.get(`[data-message-id="${mid(3)}"]`).attributes('data-highlighted')).toBe('true')

    // And back to the newest.
    await wrapper.findAll('button').find((b) => b.text() === 'Jump to the newest')!.trigger('click')
    await flushPromises()
    expect(wrapper.find(`[data-message-id="${mid(200)}"]`).exists()).toBe(true)
    expect(wrapper.text()).not.toContain('Jump to the newest')
  })

  it('opens at the newest messages when the linked one is gone, and says so', async () => {
    serveChat()
    ;({ wrapper } = await mountApp(`/chats/c1?message=${mid(999)}`))
    await flushPromises()
    expect(wrapper.text()).toContain('That message is not there any more.')
    expect(wrapper.find(`[data-message-id="${mid(200)}"]`).exists()).toBe(true)
  })
})
