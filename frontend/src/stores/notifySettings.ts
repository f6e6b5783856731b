import { defineStore } from 'pinia'
import { computed, shallowRef, watch } from 'vue'

import { conversationsApi } from '@/api/conversations'
import type { ConversationNotifications, NotificationSettingsBody, NotifyLevel } from '@/api/types'
import { useConversationsStore } from '@/stores/conversations'
import {
  DEFAULT_NOTIFY,
  isMutedAt,
  levelBody,
  muteBody,
  muteEnd,
  unmuteBody,
  type NotifySettings,
} from '@/utils/notifyRules'

/** setTimeout's longest wait (about 24.8 days); a later end is looked at again then. */
const MAX_TIMER_MS = 2 ** 31 - 1

/**
 * Each conversation's notification level and mute (#20). They arrive with the
 * conversation list (`Conversation.notifications`) and
 * `conversation.notifications_updated` (another tab or device), and are kept
 * on the list's conversations. A timed mute ends by itself, without an event:
 * a timer moves this store's clock when the next one ends, so the list's
 * muted icon and quiet badge go at that moment.
 */
export const useNotifySettingsStore = defineStore('notifySettings', () => {
  const conversations = useConversationsStore()

  /** The time mutes are read against (ms): moved on each change and when a timed mute ends. */
  const now = shallowRef(Date.now())
  let timer: ReturnType<typeof setTimeout> | null = null

  function of(conversationId: string): NotifySettings {
    return conversations.byId[conversationId]?.notifications ?? DEFAULT_NOTIFY
  }

  function isMuted(conversationId: string): boolean {
    return isMutedAt(of(conversationId), now.value)
  }

  /** Unread messages of the conversations that are not muted: the number on the tab title and the navigation. */
  const loudUnread = computed(() =>
    conversations.list.reduce((n, c) => (isMutedAt(c.notifications, now.value) ? n : n + c.unread_count), 0),
  )

  /** When the next timed mute ends (ms), if any. */
  const nextEnd = computed(() => {
    let next: number | null = null
    for (const c of conversations.list) {
      const end = muteEnd(c.notifications, now.value)
      if (end !== null && (next === null || end < next)) next = end
    }
    return next
  })

  function clearTimer(): void {
    if (timer !== null) clearTimeout(timer)
    timer = null
  }

  watch(
    nextEnd,
    (end) => {
      clearTimer()
      if (end === null) return
      timer = setTimeout(
        () => {
          timer = null
          now.value = Date.now()
        },
        Math.min(Math.max(end - Date.now(), 0) + 50, MAX_TIMER_MS),
      )
    },
    { immediate: true },
  )

  /** Settings from the server (an answer, or `conversation.notifications_updated`). */
  function apply(n: ConversationNotifications): void {
    now.value = Date.now()
    const c = conversations.byId[n.conversation_id]
    if (c) c.notifications = n
  }

  async function save(conversationId: string, body: NotificationSettingsBody): Promise<void> {
    apply(await conversationsApi.setNotifications(conversationId, body))
  }

  /** A new level; a mute that is on stays. */
  function setLevel(conversationId: string, level: NotifyLevel): Promise<void> {
    return save(conversationId, levelBody(of(conversationId), level, Date.now()))
  }

  /** Mutes for `minutes` (null: until turned off). */
  function muteFor(conversationId: string, minutes: number | null): Promise<void> {
    return save(conversationId, muteBody(of(conversationId).level, minutes, Date.now()))
  }

  function unmute(conversationId: string): Promise<void> {
    return save(conversationId, unmuteBody(of(conversationId).level))
  }

  function reset(): void {
    clearTimer()
    now.value = Date.now()
  }

  return { now, of, isMuted, loudUnread, apply, setLevel, muteFor, unmute, reset }
})
