import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { browserTimeZone } from '@/utils/notifyRules'

import { mountApp, serveApp } from '../helpers/app'
import { bob, conversation, friend, message, mid } from '../helpers/chat'
import { alice, storeSession } from '../helpers/fixtures'
import { historyRoute } from '../helpers/history'
import { json, type RecordedRequest } from '../helpers/http'

vi.mock('@/realtime/socket', async () => (await import('../helpers/socketModule')).fakeSocketModule())

const history = historyRoute(200)
const tz = encodeURIComponent(browserTimeZone())

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
      `/api/v1/search/messages?q=zebra&tz=${tz}&limit=20`,
      `/api/v1/search/messages?q=quokka&tz=${tz}&limit=20`,
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
      `/api/v1/search/messages?q=quokka&conversation_id=c1&tz=${tz}&limit=20`,
      `/api/v1/search/messages?q=quokka&tz=${tz}&limit=20`,
    ])
  })

  /** The search box of the chat list's search, opened, with Bob a friend and "Team" a group. */
  async function openSearch() {
    const requests = serveApp(
      (req: RecordedRequest) => {
        const path = req.url.split('?')[0]
        if (path === '/api/v1/search/messages') {
          const q = new URL(req.url, 'http://x').searchParams.get('q')!
          if (q.includes('has:pdf')) {
            return json(400, { error: { code: 'invalid_query', message: 'has: takes link, image, file, audio or video' } })
          }
          return json(200, {
            items: [{ message: message(7, { thread_id: mid(1), body: 'a reply' }), highlight: [] }],
            next_before: null,
          })
        }
        return json(200, alice)
      },
      {
        '/api/v1/friends': { items: [friend(bob)] },
        '/api/v1/conversations': {
          items: [conversation('c1'), conversation('g1', { kind: 'group', peer: null, group: { id: 'gr1', name: 'Team', kind: 'private' } })],
        },
      },
    )
    ;({ wrapper } = await mountApp('/chats'))
    await wrapper.get('button[aria-label="Search messages"]').trigger('click')
    const box = await vi.waitFor(() => wrapper!.get('[data-message-search] input[type=search]'))
    return { requests, box, input: box.element as HTMLInputElement }
  }

  function key(el: Element, k: string) {
    const e = new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true })
    el.dispatchEvent(e)
    return e
  }

  /** Types `text` as a person would: the value, the caret at its end, an input event. */
  async function type(box: ReturnType<VueWrapper['get']>, text: string) {
    await box.setValue(text)
    ;(box.element as HTMLInputElement).setSelectionRange(text.length, text.length)
    await box.trigger('input')
  }

  it('suggests operators as they are typed, as a combobox the arrow keys, Enter and Tab drive', async () => {
    const { box, input } = await openSearch()
    expect(box.attributes('role')).toBe('combobox')
    expect(box.attributes('aria-expanded')).toBe('false')

    await type(box, 'lunch fr')
    const list = wrapper!.get('[data-search-suggestions]')
    expect(list.attributes('role')).toBe('listbox')
    expect(box.attributes('aria-expanded')).toBe('true')
    expect(box.attributes('aria-controls')).toBe(list.attributes('id'))
    const options = list.findAll('[role=option]')
    expect(options.map((o) => o.text())).toEqual([expect.stringContaining('from:')])
    expect(box.attributes('aria-activedescendant')).toBe(options[0]!.attributes('id'))
    expect(options[0]!.attributes('aria-selected')).toBe('true')

    key(input, 'Enter')
    await flushPromises()
    expect(input.value).toBe('lunch from:')
    // Now whom: me, and the people one knows.
    const people = wrapper!.findAll('[data-search-suggestions] [role=option]').map((o) => o.text())
    expect(people).toEqual([expect.stringContaining('from:me'), expect.stringMatching(/from:@bob\s*Bob/)])
    key(input, 'ArrowDown')
    await flushPromises()
    expect(box.attributes('aria-activedescendant')).toMatch(/-1$/)
    key(input, 'Tab')
    await flushPromises()
    expect(input.value).toBe('lunch from:@bob ')
    expect(wrapper!.find('[data-search-suggestions]').exists()).toBe(false)

    await type(box, 'in:#')
    expect(wrapper!.get('[data-search-suggestions]').text()).toContain('in:#Team')
    await type(box, 'has:i')
    expect(wrapper!.get('[data-search-suggestions]').text()).toContain('has:image')
  })

  it('Escape closes the suggestions first, then the search', async () => {
    const { box, input } = await openSearch()
    await type(box, 'is')
    expect(wrapper!.find('[data-search-suggestions]').exists()).toBe(true)
    key(input, 'Escape')
    await flushPromises()
    expect(wrapper!.find('[data-search-suggestions]').exists()).toBe(false)
    expect(wrapper!.find('[data-message-search]').exists()).toBe(true)
    key(input, 'Escape')
    await flushPromises()
    expect(wrapper!.find('[data-message-search]').exists()).toBe(false)
  })

  it('says what the server cannot read by the box, and opens a reply’s thread at it', async () => {
    const { box } = await openSearch()
    await type(box, 'has:pdf')
    const error = await vi.waitFor(() => wrapper!.get('[data-search-error]'), { timeout: 2000 })
    expect(error.text()).toBe('This search cannot be run: Has: takes link, image, file, audio or video.')
    expect(box.attributes('aria-invalid')).toBe('true')
    expect(box.attributes('aria-describedby')).toContain(error.attributes('id'))

    await type(box, 'a reply')
    const hit = await vi.waitFor(() => wrapper!.get('[data-search-hit]'), { timeout: 2000 })
    expect(wrapper!.find('[data-search-error]').exists()).toBe(false)
    expect(hit.text()).toContain('In a thread')
    expect(hit.attributes('href')).toBe(`/chats/c1?thread=${mid(1)}&message=${mid(7)}`)
  })
})
