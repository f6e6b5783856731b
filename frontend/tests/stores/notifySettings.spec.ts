import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import type { ConversationNotifications } from '@/api/types'
import { useConversationsStore } from '@/stores/conversations'
import { useNotifySettingsStore } from '@/stores/notifySettings'

import { conversation, me } from '../helpers/chat'
import { storeSession } from '../helpers/fixtures'
import { errorEnvelope, json, type RecordedRequest } from '../helpers/http'
import { route, serveRoutes } from '../helpers/routes'

const T0 = Date.UTC(2024, 5, 1, 12, 0, 0)
const MIN = 60_000
const at = (ms: number) => new Date(ms).toISOString()

function settings(conversation_id: string, over: Partial<ConversationNotifications> = {}): ConversationNotifications {
  return { user_id: me.id, conversation_id, level: 'all', muted: false, muted_until: null, ...over }
}

/** `PUT /conversations/{id}/notifications` answered as the server does. */
const echo = (req: RecordedRequest, [id]: string[]) =>
  json(200, settings(id!, req.body as Partial<ConversationNotifications>))

describe('notification settings store', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    vi.setSystemTime(T0)
  })
  afterEach(() => {
    useNotifySettingsStore().reset()
    vi.useRealTimers()
  })

  it('reads each conversation’s settings from the list; muted ones leave the total unread', () => {
    const conversations = useConversationsStore()
    conversations.upsert(conversation('c1', { unread_count: 3 }))
    conversations.upsert(
      conversation('c2', { unread_count: 5, notifications: settings('c2', { muted: true, muted_until: null }) }),
    )
    conversations.upsert(
      conversation('c3', { unread_count: 7, notifications: settings('c3', { level: 'nothing' }) }),
    )
    const notify = useNotifySettingsStore()

    expect(notify.of('c3').level).toBe('nothing')
    expect(notify.isMuted('c1')).toBe(false)
    expect(notify.isMuted('c2')).toBe(true)
    // A level leaves the count alone (the server's rule): only a mute takes it out.
    expect(conversations.totalUnread).toBe(15)
    expect(notify.loudUnread).toBe(10)
    // Unknown: every message, not muted.
    expect(notify.of('nope')).toMatchObject({ level: 'all', muted: false })
  })

  it('mutes for an hour: the PUT carries the end, the answer is kept', async () => {
    const requests = serveRoutes({ 'PUT /api/v1/conversations/*/notifications': echo })
    useConversationsStore().upsert(conversation('c1', { unread_count: 2 }))
    const notify = useNotifySettingsStore()

    await notify.muteFor('c1', 60)
    expect(requests.map(route)).toEqual(['PUT /api/v1/conversations/c1/notifications'])
    expect(requests[0]!.body).toEqual({ level: 'all', muted: true, muted_until: at(T0 + 60 * MIN) })
    expect(notify.isMuted('c1')).toBe(true)
    expect(notify.loudUnread).toBe(0)

    await notify.setLevel('c1', 'mentions')
    // The level changes, the mute stays as it was.
    expect(requests[1]!.body).toEqual({ level: 'mentions', muted: true, muted_until: at(T0 + 60 * MIN) })

    await notify.unmute('c1')
    expect(requests[2]!.body).toEqual({ level: 'mentions', muted: false, muted_until: null })
    expect(notify.isMuted('c1')).toBe(false)

    await notify.muteFor('c1', null)
    expect(requests[3]!.body).toEqual({ level: 'mentions', muted: true, muted_until: null })
  })

  it('a timed mute ends by itself, with no event: the count comes back at its end', async () => {
    const conversations = useConversationsStore()
    conversations.upsert(
      conversation('c1', { unread_count: 4, notifications: settings('c1', { muted: true, muted_until: at(T0 + 15 * MIN) }) }),
    )
    conversations.upsert(
      conversation('c2', { unread_count: 1, notifications: settings('c2', { muted: true, muted_until: at(T0 + 60 * MIN) }) }),
    )
    const notify = useNotifySettingsStore()
    expect(notify.loudUnread).toBe(0)

    vi.advanceTimersByTime(15 * MIN - 1_000)
    await flushPromises()
    expect(notify.isMuted('c1')).toBe(true)

    vi.advanceTimersByTime(2_000)
    await flushPromises()
    expect(notify.isMuted('c1')).toBe(false)
    expect(notify.isMuted('c2')).toBe(true)
    expect(notify.loudUnread).toBe(4)

    // The next one's timer was set when the first ended.
    vi.advanceTimersByTime(45 * MIN)
    await flushPromises()
    expect(notify.loudUnread).toBe(5)
  })

  it('follows conversation.notifications_updated from another tab or device', () => {
    useConversationsStore().upsert(conversation('c1'))
    const notify = useNotifySettingsStore()
    notify.apply(settings('c1', { level: 'mentions', muted: true, muted_until: at(T0 + 8 * 60 * MIN) }))
    expect(notify.of('c1')).toMatchObject({ level: 'mentions', muted: true })
    expect(notify.isMuted('c1')).toBe(true)
    // One for a conversation not in the list yet is left to the list's load.
    notify.apply(settings('c9', { muted: true }))
    expect(notify.isMuted('c9')).toBe(false)
  })

  it('a refused change leaves the settings as they were', async () => {
    serveRoutes({
      'PUT /api/v1/conversations/*/notifications': () => errorEnvelope(400, 'invalid_mute', 'a mute must end in the future'),
    })
    useConversationsStore().upsert(conversation('c1'))
    const notify = useNotifySettingsStore()
    await expect(notify.muteFor('c1', 15)).rejects.toMatchObject({ code: 'invalid_mute' })
    expect(notify.isMuted('c1')).toBe(false)
  })
})
