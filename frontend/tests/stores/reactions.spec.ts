import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'

import type { Reaction } from '@/api/types'
import { useMessagesStore } from '@/stores/messages'
import { useReactionsStore } from '@/stores/reactions'
import { useUsersStore } from '@/stores/users'

import { bob, carol, me, message, mid } from '../helpers/chat'
import { storeSession } from '../helpers/fixtures'
import { deferred, errorEnvelope, json } from '../helpers/http'
import { route, serveRoutes } from '../helpers/routes'

const THUMBS = encodeURIComponent('👍')
const path = `/api/v1/conversations/c1/messages/${mid(1)}/reactions/${THUMBS}`

/** c1 loaded with message 1 carrying `reactions`. */
async function loaded(reactions: Reaction[] = []) {
  serveRoutes({
    'GET /api/v1/conversations/c1/messages': () => json(200, { items: [message(1, { reactions })], next_before: null }),
  })
  const messages = useMessagesStore()
  await messages.loadLatest('c1')
  return () => messages.find('c1', mid(1))!.reactions
}

const change = (user_id: string, count: number, emoji = '👍') => ({
  conversation_id: 'c1',
  message_id: mid(1),
  emoji,
  user_id,
  count,
})

describe('reactions store', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
  })

  it('shows my reaction at once, sends it, and the echo of it does not count it twice', async () => {
    const chips = await loaded([{ emoji: '👍', count: 1, me: false }])
    const reply = deferred<Response>()
    const requests = serveRoutes({ [`PUT ${path}`]: () => reply.promise })
    const reactions = useReactionsStore()

    const sending = reactions.toggle('c1', mid(1), '👍')
    expect(chips()).toEqual([{ emoji: '👍', count: 2, me: true }])
    reactions.applyChange(change(me.id, 2), true)
    reply.resolve(json(204))
    await sending
    expect(chips()).toEqual([{ emoji: '👍', count: 2, me: true }])
    expect(requests.map(route)).toEqual([`PUT ${path}`])
  })

  it('toggles off, and an emoji at 0 loses its chip', async () => {
    const chips = await loaded([{ emoji: '👍', count: 1, me: true }])
    const requests = serveRoutes({ [`DELETE ${path}`]: () => json(204) })
    await useReactionsStore().toggle('c1', mid(1), '👍')
    expect(chips()).toEqual([])
    expect(requests.map(route)).toEqual([`DELETE ${path}`])
  })

  it('follows others’ reactions from events: counts are the server’s, “me” only flips for me', async () => {
    const chips = await loaded([{ emoji: '👍', count: 1, me: true }])
    const reactions = useReactionsStore()
    reactions.applyChange(change(bob.id, 2), true)
    reactions.applyChange(change(carol.id, 1, '🎉'), true)
    expect(chips()).toEqual([
      { emoji: '👍', count: 2, me: true },
      { emoji: '🎉', count: 1, me: false },
    ])
    reactions.applyChange(change(me.id, 1), false)
    reactions.applyChange(change(carol.id, 0, '🎉'), false)
    expect(chips()).toEqual([{ emoji: '👍', count: 1, me: false }])
    // A message not loaded is left alone.
    reactions.applyChange({ ...change(bob.id, 1), message_id: mid(9) }, true)
  })

  it('undoes my reaction when the server refuses it, and says why', async () => {
    const chips = await loaded()
    serveRoutes({ [`PUT ${path}`]: () => errorEnvelope(400, 'too_many_reactions', 'A message holds at most 20 emojis.') })
    await expect(useReactionsStore().react('c1', mid(1), '👍', true)).rejects.toThrow('This message has as many different reactions as it may have.')
    expect(chips()).toEqual([])
  })

  it('adding an emoji already mine from the picker is nothing to send', async () => {
    await loaded([{ emoji: '❤️', count: 1, me: true }])
    const requests = serveRoutes({})
    await useReactionsStore().react('c1', mid(1), '❤', true)
    expect(requests).toEqual([])
  })

  it('fetches who reacted once, until the emoji changes', async () => {
    await loaded([{ emoji: '👍', count: 2, me: false }])
    const requests = serveRoutes({ [`GET ${path}`]: () => json(200, { items: [bob, carol] }) })
    const reactions = useReactionsStore()
    await reactions.loadReactors('c1', mid(1), '👍')
    await reactions.loadReactors('c1', mid(1), '👍')
    expect(reactions.reactorsOf(mid(1), '👍')).toEqual([bob.id, carol.id])
    expect(useUsersStore().get(carol.id)).toEqual(carol)
    expect(requests).toHaveLength(1)

    reactions.applyChange(change(me.id, 3), true)
    expect(reactions.reactorsOf(mid(1), '👍')).toBeUndefined()
  })
})
