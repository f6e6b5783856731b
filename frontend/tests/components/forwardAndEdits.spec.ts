import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createMemoryHistory } from 'vue-router'

import type { Message } from '@/api/types'
import ForwardDialog from '@/components/chats/ForwardDialog.vue'
import MessageBubble from '@/components/chats/MessageBubble.vue'
import { createAppRouter } from '@/router'
import { useConversationsStore } from '@/stores/conversations'
import { mergeMessage } from '@/utils/history'

import { bob, carol, conversation, me, message, mid } from '../helpers/chat'
import { storeSession } from '../helpers/fixtures'
import { json } from '../helpers/http'
import { route, serveRoutes } from '../helpers/routes'

const dmBob = conversation('c1', { peer: bob, last_message: message(1) })
const dmCarol = conversation('c2', { peer: carol, last_message: message(2, { conversation_id: 'c2' }) })
const hikers = conversation('g1', {
  kind: 'group',
  peer: null,
  group: { id: 'grp1', kind: 'private', name: 'Weekend hikers' },
  last_message: message(3, { conversation_id: 'g1' }),
})

function options(w: ReturnType<typeof mount>) {
  return w.findAll('[data-forward-target]').map((b) => b.find('bdi').text())
}

describe('the Forward dialog', () => {
  beforeEach(async () => {
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
    serveRoutes({ 'GET /api/v1/conversations': () => json(200, { items: [dmBob, dmCarol, hikers] }) })
    await useConversationsStore().load()
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  function dialog() {
    return mount(ForwardDialog, { props: { message: null as Message | null }, attachTo: document.body })
  }

  it('lists the chats, DMs and groups, and filters them by name or username', async () => {
    const w = dialog()
    expect(w.find('[data-forward-target]').exists()).toBe(false)
    await w.setProps({ message: message(1) })
    await flushPromises()
    expect(options(w)).toEqual(['Weekend hikers', 'carol', 'Bob'])
    expect(w.get('[data-forward-target=g1]').text()).toContain('Group')
    expect(w.get('[data-forward-target=c1]').text()).toContain('Direct message')
    // The filter box has a label and the focus.
    const box = w.get('input[type=search]')
    expect(w.get(`label[for="${box.attributes('id')}"]`).text()).toBe('Find a chat')
    expect(document.activeElement).toBe(box.element)

    await box.setValue('HIK')
    expect(options(w)).toEqual(['Weekend hikers'])
    await box.setValue('bob')
    expect(options(w)).toEqual(['Bob'])
    await box.setValue('nobody')
    expect(options(w)).toEqual([])
    expect(w.get('[role=status]').text()).toBe('No chat matches.')
  })

  it('forwards to the chosen chat with the right request, then says so and closes', async () => {
    const requests = serveRoutes({
      [`POST /api/v1/conversations/c1/messages/${mid(1)}/forward`]: () =>
        json(201, message(9, { conversation_id: 'g1', author_id: me.id, forwarded: true })),
    })
    const w = dialog()
    await w.setProps({ message: message(1) })
    await w.get('[data-forward-target=g1]').trigger('click')
    await flushPromises()
    expect(requests.map(route)).toEqual([`POST /api/v1/conversations/c1/messages/${mid(1)}/forward`])
    expect(requests[0]!.body).toEqual({ to: 'g1' })
    expect(w.emitted('forwarded')).toEqual([['Weekend hikers']])
    expect(w.emitted('close')).toHaveLength(1)
  })

  it('shows a refusal in plain words and stays open for another choice', async () => {
    serveRoutes({
      'POST /api/v1/conversations/c1/messages/*/forward': (req) =>
        (req.body as { to: string }).to === 'g1'
          ? json(403, { error: { code: 'missing_permission', message: 'missing permission send_messages' } })
          : json(403, { error: { code: 'not_friends', message: 'not friends' } }),
    })
    const w = dialog()
    await w.setProps({ message: message(1) })
    await w.get('[data-forward-target=g1]').trigger('click')
    await flushPromises()
    expect(w.get('[role=alert]').text()).toBe('Your role in \u2068Weekend hikers\u2069 does not let you post there.')
    expect(w.emitted('forwarded')).toBeUndefined()
    expect(w.emitted('close')).toBeUndefined()

    await w.get('[data-forward-target=c2]').trigger('click')
    await flushPromises()
    expect(w.get('[role=alert]').text()).toBe('You and \u2068carol\u2069 are no longer friends, so you cannot send them messages.')
  })

  it('closes with Escape and gives the focus back to the Forward button', async () => {
    const opener = document.createElement('button')
    document.body.append(opener)
    opener.focus()
    const w = dialog()
    await w.setProps({ message: message(1) })
    await flushPromises()
    expect(document.activeElement).not.toBe(opener)

    await w.get('dialog').trigger('cancel')
    expect(w.emitted('close')).toHaveLength(1)
    await w.setProps({ message: null })
    await flushPromises()
    expect(document.activeElement).toBe(opener)
    expect(w.find('[data-forward-target]').exists()).toBe(false)
  })
})

describe('forwarded messages and edit history on a message', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  async function bubble(over: Partial<Message> = {}, mine = false) {
    const router = createAppRouter(createMemoryHistory())
    await router.push('/chats/c1')
    return mount(MessageBubble, {
      props: { message: message(1, over), mine },
      global: { plugins: [router] },
      attachTo: document.body,
    })
  }

  it('offers Forward on a message, not on a deleted one', async () => {
    const w = await bubble()
    await w.get('button[aria-label=Forward]').trigger('click')
    expect(w.emitted('forward')).toHaveLength(1)

    const gone = await bubble({ deleted_at: '2024-06-01T13:00:00Z', body: null })
    expect(gone.find('button[aria-label=Forward]').exists()).toBe(false)
  })

  it('marks a forwarded copy; with its origin the mark links to the original in its chat', async () => {
    const plainCopy = await bubble({ forwarded: true, forwarded_from: null })
    const mark = plainCopy.get('[data-forwarded]')
    expect(mark.text()).toBe('Forwarded')
    expect(mark.element.tagName).toBe('P')

    const linked = await bubble({ forwarded: true, forwarded_from: { conversation_id: 'c7', message_id: mid(4) } })
    const link = linked.get('a[data-forwarded]')
    expect(link.text()).toBe('Forwarded')
    expect(link.attributes('href')).toBe(`/chats/c7?message=${mid(4)}`)

    const original = await bubble()
    expect(original.find('[data-forwarded]').exists()).toBe(false)
  })

  it('keeps the link to the original when an event brings the copy without it', () => {
    const from = { conversation_id: 'c7', message_id: mid(4) }
    const held = message(1, { forwarded: true, forwarded_from: from })
    const edited = message(1, { forwarded: true, forwarded_from: null, body: 'new', edited_at: '2024-06-01T13:00:00Z' })
    expect(mergeMessage(held, edited)).toMatchObject({ body: 'new', forwarded_from: from })
  })

  it('"edited" opens the earlier versions, oldest first, then the current text, as plain text', async () => {
    let answer = () =>
      json(200, {
        items: [
          { version: 1, body: 'first **try**', written_at: '2024-06-01T12:01:00Z', replaced_at: '2024-06-01T12:05:00Z' },
          { version: 2, body: '<b>second</b>', written_at: '2024-06-01T12:05:00Z', replaced_at: '2024-06-01T12:09:00Z' },
        ],
      })
    const requests = serveRoutes({ [`GET /api/v1/conversations/c1/messages/${mid(1)}/edits`]: () => answer() })
    const w = await bubble({ body: 'third', edited_at: '2024-06-01T12:09:00Z' }, true)
    const edited = w.get('button[data-edited]')
    expect(edited.text()).toBe('edited')
    expect(edited.attributes('aria-haspopup')).toBe('dialog')
    expect(w.find('[data-version]').exists()).toBe(false)

    ;(edited.element as HTMLElement).focus() // as a click does in a browser
    await edited.trigger('click')
    expect(w.get('[data-edit-history] [role=status]').text()).toBe('Loading…')
    await flushPromises()
    // (the router's guard asks for the session's user too)
    expect(requests.map(route).filter((r) => r.includes('/messages/'))).toEqual([
      `GET /api/v1/conversations/c1/messages/${mid(1)}/edits`,
    ])
    const versions = w.findAll('[data-version]')
    expect(versions.map((v) => v.findAll('p')[1]!.text())).toEqual(['first try', '<b>second</b>'])
    expect(versions[0]!.text()).toContain('Original')
    expect(versions[1]!.text()).toContain('Version 2')
    expect(versions[0]!.get('time').attributes('datetime')).toBe('2024-06-01T12:01:00Z')
    expect(w.find('[data-edit-history] b').exists()).toBe(false)
    expect(w.get('[data-version-current]').text()).toContain('Now')
    expect(w.get('[data-version-current]').text()).toContain('third')

    // Closed with Escape: the focus goes back to "edited". A failure to load says so, with a retry.
    await w.get('[data-edit-history]').trigger('cancel')
    await flushPromises()
    expect(w.find('[data-version]').exists()).toBe(false)
    expect(document.activeElement).toBe(edited.element)

    answer = () => json(500, { error: { code: 'internal_error', message: 'boom' } })
    await edited.trigger('click')
    await flushPromises()
    expect(w.get('[data-edit-history] [role=alert]').text()).toBe('Could not load the earlier versions. Please try again.')
    expect(w.get('[data-edit-history]').text()).toContain('Try again')
  })
})
