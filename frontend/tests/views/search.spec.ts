import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { mountApp, serveApp } from '../helpers/app'
import { conversation, message, mid } from '../helpers/chat'
import { alice, storeSession } from '../helpers/fixtures'
import { historyRoute } from '../helpers/history'
import { json, type RecordedRequest } from '../helpers/http'

vi.mock('@/realtime/socket', async () => (await import('../helpers/socketModule')).fakeSocketModule())

const history = historyRoute(200)

function serve() {
  return serveApp((req: RecordedRequest) => {
    const path = req.url.split('?')[0]
    if (path === '/api/v1/search/messages') {
      const q = new URL(req.url, 'http://x').searchParams.get('q')
      if (q === 'zebra') return json(200, { items: [], next_before: null })
      return json(200, {
        items: [
          {
            message: message(42, { body: 'the <b>quokka</b> plan' }),
            highlight: [
              { text: 'the <b>', match: false },
              { text: 'quokka', match: true },
              { text: '</b> plan', match: false },
            ],
          },
        ],
        next_before: null,
      })
    }
    if (path === '/api/v1/conversations/c1') return json(200, conversation('c1'))
    if (path === '/api/v1/conversations/c1/messages') return history(req)
    return json(200, alice)
  })
}

let wrapper: VueWrapper | undefined

describe('Message search', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
  })
  afterEach(() => wrapper?.unmount())

  it('from the chat list: marks the matched words as text, and a result opens the chat at it', async () => {
    const requests = serve()
    let router
    ;({ wrapper, router } = await mountApp('/chats'))
    await wrapper.get('button[aria-label="Search messages"]').trigger('click')
    const box = await vi.waitFor(() => wrapper!.get('[data-message-search] input[type=search]'))
    expect(document.activeElement).toBe(box.element)

    await box.setValue('zebra')
    await vi.waitFor(() => expect(wrapper!.text()).toContain('No messages match “zebra”.'), { timeout: 2000 })
    await box.setValue('quokka')
    const hit = await vi.waitFor(() => wrapper!.get('[data-search-hit]'), { timeout: 2000 })
    expect(hit.get('mark').text()).toBe('quokka')
    expect(hit.find('b').exists()).toBe(false)
    expect(hit.text()).toContain('the <b>quokka</b> plan')
    expect(requests.filter((r) => r.url.startsWith('/api/v1/search')).map((r) => r.url)).toEqual([
      '/api/v1/search/messages?q=zebra&limit=20',
      '/api/v1/search/messages?q=quokka&limit=20',
    ])

    await hit.trigger('click')
    await flushPromises()
    await vi.waitFor(() => expect(wrapper!.find(`[data-message-id="${mid(42)}"]`).exists()).toBe(true), { timeout: 5000 })
    expect(wrapper.get(`[data-message-id="${mid(42)}"]`).attributes('data-highlighted')).toBe('true')
    expect(router.currentRoute.value.fullPath).toBe('/chats/c1')
    // The search stays beside the chat, for the next result.
    expect(wrapper.find('[data-search-hit]').exists()).toBe(true)
  })

  it('from a chat header: scoped to the conversation until widened', async () => {
    const requests = serve()
    ;({ wrapper } = await mountApp('/chats/c1'))
    await flushPromises()
    await wrapper.get('button[aria-label="Search in this conversation"]').trigger('click')
    const panel = await vi.waitFor(() => wrapper!.get('[data-message-search]'))
    expect(panel.text()).toContain('Search in Bob')

    await panel.get('input[type=search]').setValue('quokka')
    await vi.waitFor(() => wrapper!.get('[data-search-hit]'), { timeout: 2000 })
    await panel.get('input[type=checkbox]').setValue(false)
    await vi.waitFor(() => expect(requests.filter((r) => r.url.startsWith('/api/v1/search'))).toHaveLength(2), { timeout: 2000 })
    expect(requests.filter((r) => r.url.startsWith('/api/v1/search')).map((r) => r.url)).toEqual([
      '/api/v1/search/messages?q=quokka&conversation_id=c1&limit=20',
      '/api/v1/search/messages?q=quokka&limit=20',
    ])
  })
})
