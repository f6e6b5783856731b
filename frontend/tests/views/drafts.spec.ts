import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import type { Draft } from '@/api/types'
import { socket } from '@/realtime/socket'
import { draftsKey } from '@/stores/drafts'

import { mountApp, serveApp } from '../helpers/app'
import { bob, carol, conversation, me, mid } from '../helpers/chat'
import { alice, storeSession } from '../helpers/fixtures'
import { historyRoute } from '../helpers/history'
import { errorEnvelope, json, type RecordedRequest } from '../helpers/http'

vi.mock('@/realtime/socket', async () => (await import('../helpers/socketModule')).fakeSocketModule())

const history = historyRoute(200)
const draft = (conversation_id: string, body: string, reply_to_id: string | null = null, updated_at = '2024-06-01T12:00:00Z'): Draft => ({
  user_id: me.id,
  conversation_id,
  body,
  reply_to_id,
  updated_at,
})

/**
 * Two DMs: c1 with Bob (200 messages), c2 with Carol (none); each with a
 * draft on the server, unless `offline` (the drafts cannot be listed).
 */
function serveChats({ offline = false } = {}) {
  const chats = [conversation('c1', { peer: bob }), conversation('c2', { peer: carol })]
  return serveApp(
    (req: RecordedRequest) => {
      const path = req.url.split('?')[0]!
      if (path === '/api/v1/conversations/c1/messages') return history(req)
      if (path === '/api/v1/conversations/c2/messages') return json(200, { items: [], next_before: null })
      const chat = chats.find((c) => path === `/api/v1/conversations/${c.id}`)
      if (chat) return json(200, chat)
      const saving = /^\/api\/v1\/conversations\/(\w+)\/draft$/.exec(path)
      if (saving && req.method === 'PUT') {
        const sent = req.body as { body: string; reply_to?: string | null }
        return json(200, draft(saving[1]!, sent.body, sent.reply_to ?? null, new Date().toISOString()))
      }
      if (path === '/api/v1/users/me/drafts') return errorEnvelope(503, 'service_unavailable', 'Try again shortly.')
      return json(200, alice)
    },
    {
      '/api/v1/conversations': { items: chats },
      '/api/v1/users/me/drafts': offline ? undefined : { items: [draft('c2', 'for carol'), draft('c1', 'half a thought', mid(200))] },
    },
  )
}

/** The handler the app gave the (fake) socket for an event type. */
function onEvent(type: string): (data: unknown) => void {
  const calls = vi.mocked(socket.on).mock.calls as unknown as [string, (data: unknown) => void][]
  const found = calls.filter(([t]) => t === type).at(-1)
  if (!found) throw new Error(`nothing listens to ${type}`)
  return found[1]
}

let wrapper: VueWrapper | undefined

describe('Drafts in the chat screen', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
  })
  afterEach(() => wrapper?.unmount())

  const box = () => wrapper!.get('#composer').element as HTMLTextAreaElement
  const row = (id: string) => wrapper!.get(`a[href="/chats/${id}"]`)

  it('fills the composer from the draft, keeps each chat’s draft across switches, and saves on leaving', async () => {
    const requests = serveChats()
    let router
    ;({ wrapper, router } = await mountApp('/chats/c1'))
    await flushPromises()

    // The text, and the reply (its message is loaded).
    expect(box().value).toBe('half a thought')
    expect(wrapper.text()).toContain('Replying to Bob')
    // The other chat's row says it has a draft; the open one's composer shows its own.
    expect(row('c2').get('[data-draft-preview]').text()).toBe('Draft: for carol')
    expect(row('c1').find('[data-draft-preview]').exists()).toBe(false)

    await wrapper.get('#composer').setValue('half a thought, finished')
    expect(requests.filter((r) => r.method === 'PUT')).toEqual([])

    await router.push('/chats/c2')
    await flushPromises()
    // Saved on leaving, without waiting for the typing pause.
    const saves = requests.filter((r) => r.method === 'PUT')
    expect(saves.map((r) => [r.url, r.body])).toEqual([
      ['/api/v1/conversations/c1/draft', { body: 'half a thought, finished', reply_to: mid(200) }],
    ])
    expect(box().value).toBe('for carol')
    expect(wrapper.text()).not.toContain('Replying to')
    expect(row('c1').get('[data-draft-preview]').text()).toBe('Draft: half a thought, finished')

    await router.push('/chats/c1')
    await flushPromises()
    expect(box().value).toBe('half a thought, finished')
    expect(wrapper.text()).toContain('Replying to Bob')

    // Cancelling the reply is part of the draft too.
    await wrapper.get('button[aria-label="Cancel reply"]').trigger('click')
    await router.push('/chats/c2')
    await flushPromises()
    expect(requests.filter((r) => r.method === 'PUT').at(-1)!.body).toEqual({ body: 'half a thought, finished', reply_to: null })
  })

  it('shows the draft kept in localStorage after a reload while offline, with its reply once the messages load', async () => {
    localStorage.setItem(
      draftsKey(me.id),
      JSON.stringify({ c1: { body: 'written offline', reply_to_id: mid(200), updated_at: null, edited_at: Date.now() - 1000 } }),
    )
    serveChats({ offline: true })
    ;({ wrapper } = await mountApp('/chats/c1'))
    await flushPromises()
    expect(box().value).toBe('written offline')
    expect(wrapper.text()).toContain('Replying to Bob')
  })

  it('follows a draft saved in another tab into the open composer', async () => {
    serveChats()
    ;({ wrapper } = await mountApp('/chats/c1'))
    await flushPromises()
    expect(box().value).toBe('half a thought')

    onEvent('draft.updated')(draft('c1', 'typed on my phone', null, '2024-06-01T12:05:00Z'))
    await flushPromises()
    expect(box().value).toBe('typed on my phone')
    expect(wrapper.text()).not.toContain('Replying to')
  })
})
