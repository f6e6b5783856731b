import { type DOMWrapper, flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import MessageList from '@/components/chats/MessageList.vue'
import { setLocale } from '@/i18n'
import { useMessagesStore } from '@/stores/messages'
import { useOutboxStore } from '@/stores/outbox'

import { conversation, me, message } from '../helpers/chat'
import { storeSession } from '../helpers/fixtures'
import { errorEnvelope, json, type RecordedRequest } from '../helpers/http'
import { serveRoutes } from '../helpers/routes'

function button(w: Pick<VueWrapper, 'findAll'> | DOMWrapper<Element>, label: string) {
  return w.findAll('button').find((b) => b.text() === label)!
}

describe('pending messages in the chat', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
    let n = 0
    vi.stubGlobal('crypto', { randomUUID: () => `nonce-${++n}` })
    const h = useMessagesStore().historyOf('c1')
    h.items = [message(1)]
    h.loaded = true
  })
  afterEach(() => useOutboxStore().reset())

  function chat() {
    return mount(MessageList, { props: { conversation: conversation('c1') }, attachTo: document.body })
  }

  it('shows a message waiting for the network as sending, with the files it will upload', async () => {
    serveRoutes({ 'POST /api/v1/conversations/c1/messages': () => Promise.reject(new TypeError('Failed to fetch')) })
    const w = chat()
    const notes = new File(['x'], 'notes.txt', { type: 'text/plain' })
    await useOutboxStore().send('c1', 'later, when online', null, [{ file: notes, name: 'notes.txt' }])
    await flushPromises()

    const pending = w.get('[data-pending]')
    expect(pending.attributes('data-pending')).toBe('sending')
    expect(pending.get('[data-body]').text()).toBe('later, when online')
    expect(pending.get('[data-pending-file]').text()).toBe('notes.txt')
    expect(pending.find('[aria-label="Sending"]').exists()).toBe(true)
    expect(pending.find('[role=alert]').exists()).toBe(false)
    w.unmount()
  })

  it('shows a refused message with the reason; Retry sends it again with its nonce, Delete removes it', async () => {
    let answer = (_req: RecordedRequest) => errorEnvelope(403, 'not_friends', 'you are not friends')
    const requests = serveRoutes({ 'POST /api/v1/conversations/c1/messages': (req) => answer(req) })
    const w = chat()
    const outbox = useOutboxStore()
    await outbox.send('c1', 'first')
    await outbox.send('c1', 'second')
    await flushPromises()

    const failed = w.findAll('[data-pending="failed"]')
    expect(failed).toHaveLength(2)
    expect(failed[0]!.get('[role=alert]').text()).toContain('Not sent: You are not friends.')

    answer = (req) => json(201, message(2, { author_id: me.id, body: 'first', nonce: (req.body as { nonce: string }).nonce }))
    await button(failed[0]!, 'Retry').trigger('click')
    await vi.waitFor(() => expect(w.findAll('[data-pending]')).toHaveLength(1))
    const sends = requests.filter((r) => r.method === 'POST')
    expect(sends.map((r) => (r.body as { nonce: string }).nonce)).toEqual(['nonce-1', 'nonce-2', 'nonce-1'])
    expect(w.get(`[data-message-id="${message(2).id}"] [data-body]`).text()).toBe('first')

    await button(w.get('[data-pending="failed"]'), 'Delete').trigger('click')
    await flushPromises()
    expect(w.find('[data-pending]').exists()).toBe(false)
    expect(outbox.items).toEqual([])
    w.unmount()
  })

  it('words the refusal again by its code in the language shown (it is kept for later, a reload too)', async () => {
    serveRoutes({
      'POST /api/v1/conversations/c1/messages': () =>
        errorEnvelope(403, 'recipient_deleted', 'this person deleted their account; the conversation is read-only'),
    })
    const w = chat()
    await useOutboxStore().send('c1', 'too late')
    await flushPromises()
    const alert = () => w.get('[data-pending="failed"] [role=alert]').text()
    expect(alert()).toContain('Not sent: This person deleted their account, so the conversation is read-only.')
    await setLocale('de')
    expect(alert()).toContain('Nicht gesendet: Diese Person hat ihr Konto gelöscht, deshalb kann die Unterhaltung nur noch gelesen werden.')
    expect(alert()).toContain('Erneut versuchen')
    w.unmount()
  })

  it('says "Not sent." alone when the refusal gave no reason', async () => {
    // A code this SPA has no sentence for, and no message.
    serveRoutes({ 'POST /api/v1/conversations/c1/messages': () => errorEnvelope(400, 'something_new', '') })
    const w = chat()
    await useOutboxStore().send('c1', 'lost')
    await flushPromises()
    expect(w.get('[data-pending="failed"] [role=alert]').text()).toMatch(/^Not sent\.\s*Retry/)
    w.unmount()
  })
})
