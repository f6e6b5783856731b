import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { mountApp, serveApp } from '../helpers/app'
import { conversation, message, mid } from '../helpers/chat'
import { alice, storeSession } from '../helpers/fixtures'
import { group } from '../helpers/groups'
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

describe('Conversation view: pins', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
  })
  afterEach(() => wrapper?.unmount())

  it('lists the pins in a panel; a click goes to the message', async () => {
    const requests = serveChat((req) =>
      req.url === '/api/v1/conversations/c1/pins'
        ? json(200, { items: [message(7, { body: 'the plan', pinned_at: '2024-06-02T10:00:00Z', pinned_by: alice.id })] })
        : json(404, {}),
    )
    ;({ wrapper } = await mountApp('/chats/c1'))
    await flushPromises()

    await wrapper.get('button[aria-label="Pinned messages"]').trigger('click')
    // A lazily loaded panel.
    const panel = await vi.waitFor(() => wrapper!.get('[data-pins-panel] [data-pin]'))
    expect(panel.text()).toContain('the plan')
    await panel.get('button').trigger('click')
    await flushPromises()
    expect(requests.at(-1)!.url).toBe(`/api/v1/conversations/c1/messages?around=${mid(7)}&limit=50`)
    expect(wrapper.get(`[data-message-id="${mid(7)}"]`).attributes('data-highlighted')).toBe('true')
  })

  it('goes to the message a pin line is about', async () => {
    const line = historyRoute(200, (n) =>
      n === 200 ? message(n, { author_id: null, body: null, system: { type: 'message_pinned', actor_id: alice.id, message_id: mid(9) } }) : message(n),
    )
    const requests = serveApp((req) => {
      const path = req.url.split('?')[0]
      if (path === '/api/v1/conversations/c1') return json(200, conversation('c1'))
      if (path === '/api/v1/conversations/c1/messages') return line(req)
      return json(200, alice)
    })
    ;({ wrapper } = await mountApp('/chats/c1'))
    await flushPromises()
    const pinLine = wrapper.get('button[data-system-line]')
    expect(pinLine.text()).toContain('You pinned a message')
    await pinLine.trigger('click')
    await flushPromises()
    expect(requests.at(-1)!.url).toBe(`/api/v1/conversations/c1/messages?around=${mid(9)}&limit=50`)
  })

  it('offers Pin in a DM, and in a group only with pin_messages', async () => {
    serveChat()
    ;({ wrapper } = await mountApp('/chats/c1'))
    await flushPromises()
    expect(wrapper.find(`[data-message-id="${mid(200)}"] button[aria-label=Pin]`).exists()).toBe(true)
    wrapper.unmount()

    for (const [permissions, shown] of [[[], false], [['pin_messages'], true]] as const) {
      serveApp((req) => {
        const path = req.url.split('?')[0]
        if (path === '/api/v1/conversations/gc1') return json(200, conversation('gc1', { kind: 'group', peer: null, group: { id: 'g1', name: 'Team', kind: 'private' } }))
        if (path === '/api/v1/conversations/gc1/messages') return json(200, { items: [message(1, { conversation_id: 'gc1' })], next_before: null })
        if (path === '/api/v1/conversations/gc1/reads') return json(200, { items: [] })
        if (path === '/api/v1/groups/g1') return json(200, group({ me: { role_id: 'r-member', owner: false, permissions: [...permissions], priority: 0 } }))
        return json(200, alice)
      })
      ;({ wrapper } = await mountApp('/chats/gc1'))
      await flushPromises()
      expect(wrapper.find(`[data-message-id="${mid(1)}"] button[aria-label=Pin]`).exists()).toBe(shown)
      wrapper.unmount()
    }
    wrapper = undefined
  })
})

describe('Conversation view: the composer when a chat opens', () => {
  /** A screen where DESKTOP_QUERY matches (desktop) or not (phone). */
  function screenIs(desktop: boolean) {
    vi.stubGlobal(
      'matchMedia',
      vi.fn((query: string) => ({
        matches: desktop && query.includes('pointer: fine'),
        media: query,
        addEventListener: () => {},
        removeEventListener: () => {},
      })),
    )
  }

  beforeEach(() => {
    localStorage.clear()
    storeSession()
  })
  afterEach(() => {
    wrapper?.unmount()
    vi.unstubAllGlobals()
  })

  it('has the focus on desktop', async () => {
    screenIs(true)
    serveChat()
    ;({ wrapper } = await mountApp('/chats/c1'))
    await flushPromises()
    expect(document.activeElement).toBe(wrapper.get('#composer').element)
  })

  it('not on a phone (the keyboard would cover the chat)', async () => {
    screenIs(false)
    serveChat()
    ;({ wrapper } = await mountApp('/chats/c1'))
    await flushPromises()
    expect(wrapper.find('#composer').exists()).toBe(true)
    expect(document.activeElement).not.toBe(wrapper.get('#composer').element)
  })

  it('not when the chat opens at a linked message: that message has it', async () => {
    screenIs(true)
    serveChat()
    ;({ wrapper } = await mountApp(`/chats/c1?message=${mid(42)}`))
    await flushPromises()
    expect(document.activeElement).toBe(wrapper.get(`[data-message-id="${mid(42)}"]`).element)
  })
})

describe('Conversation view: forwarding', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
  })
  afterEach(() => wrapper?.unmount())

  it('forwards a message to a chosen chat and says where it went', async () => {
    const hikers = conversation('g1', { kind: 'group', peer: null, group: { id: 'grp1', kind: 'private', name: 'Hikers' } })
    const requests = serveApp(
      (req) => {
        const path = req.url.split('?')[0]
        if (path === '/api/v1/conversations/c1') return json(200, conversation('c1'))
        if (path === '/api/v1/conversations/c1/messages') return history(req)
        if (path === `/api/v1/conversations/c1/messages/${mid(200)}/forward`)
          return json(201, message(201, { conversation_id: 'g1', author_id: alice.id, forwarded: true }))
        return json(200, alice)
      },
      { '/api/v1/conversations': { items: [conversation('c1'), hikers] } },
    )
    ;({ wrapper } = await mountApp('/chats/c1'))
    await flushPromises()

    await wrapper.get(`[data-message-id="${mid(200)}"] button[aria-label=Forward]`).trigger('click')
    await flushPromises()
    await wrapper.get('[data-forward-dialog] [data-forward-target=g1]').trigger('click')
    await flushPromises()
    const forward = requests.find((r) => r.url.endsWith('/forward'))!
    expect(forward.method).toBe('POST')
    expect(forward.body).toEqual({ to: 'g1' })
    expect(wrapper.get('[data-forward-notice]').text()).toBe('Forwarded to Hikers')
    expect(wrapper.find('[data-forward-target]').exists()).toBe(false)
  })
})
