import { computed, ref, toValue, watch, type MaybeRefOrGetter } from 'vue'

import { useAuthStore } from '@/stores/auth'
import { useConversationsStore } from '@/stores/conversations'
import { useMessagesStore } from '@/stores/messages'
import { isNewer } from '@/utils/ids'

/** Where a chat's unread messages begin, for the "New messages" line and its jump button. */
export interface UnreadMark {
  /** The first unread message; null when it is older than the loaded window (load older pages to reach it). */
  firstId: string | null
  /** How many are new: as counted when the chat opened, or those loaded, whichever is more. */
  count: number
}

/**
 * The "New messages" line of an open chat (ConversationView): where the
 * unread messages began when the chat was opened, or, when none were, where
 * new ones began to come in while the reader could not see them (the tab
 * hidden, or reading older messages). It stays while the chat is open, even
 * once they are read, so the reader finds where they left off.
 *
 * The read marker is taken the moment the chat changes (a sync watcher),
 * before anything marks the chat read.
 */
export function useUnreadDivider(
  conversationId: MaybeRefOrGetter<string>,
  /** Whether the reader is at the newest message (the message list's `atBottom`). */
  readingNewest: MaybeRefOrGetter<boolean>,
) {
  const auth = useAuthStore()
  const conversations = useConversationsStore()
  const messages = useMessagesStore()

  /** The read marker the line follows (null: nothing was read), and the count then. */
  const since = ref<{ after: string | null; count: number } | null>(null)
  /** The chat `since` was taken for; another chat starts over. */
  let takenFor: string | null = null

  function take(id: string): void {
    const c = conversations.byId[id]
    if (!c) return
    takenFor = id
    since.value = c.unread_count > 0 ? { after: c.last_read_message_id ?? null, count: c.unread_count } : null
  }

  // Opened (or switched to): from the conversation as it is now, or as soon as it is known.
  watch(
    () => [toValue(conversationId), !!conversations.byId[toValue(conversationId)]] as const,
    ([id, known]) => {
      if (id !== takenFor) {
        since.value = null
        if (known) take(id)
      }
    },
    { immediate: true, flush: 'sync' },
  )

  const history = computed(() => messages.histories[toValue(conversationId)])

  // Someone else's message came in unseen, and no line is there yet: it starts one.
  watch(
    () => [toValue(conversationId), history.value?.items.at(-1)?.id] as const,
    ([id, newest], [idBefore, newestBefore]) => {
      if (since.value || !newest || id !== idBefore || !newestBefore || !isNewer(newest, newestBefore)) return
      const h = history.value
      // Only a message put right after the newest is a live one (not a page loaded after a jump).
      if (!h || h.nextAfter || h.items.at(-2)?.id !== newestBefore) return
      const m = h.items.at(-1)
      if (!m || m.system || m.author_id === auth.user?.id) return
      const unseen = document.visibilityState === 'hidden' || !toValue(readingNewest)
      if (!unseen) return
      const c = conversations.byId[id]
      takenFor = id
      since.value = { after: c?.last_read_message_id ?? newestBefore, count: 0 }
    },
    { flush: 'sync' },
  )

  const mark = computed<UnreadMark | null>(() => {
    const s = since.value
    const h = history.value
    if (!s || !h) return null
    const me = auth.user?.id
    const unread = h.items.filter((m) => isNewer(m.id, s.after) && m.author_id !== me && !m.system && !m.deleted_at)
    const oldestLoaded = h.items[0]
    // The window starts after the marker, and more is before it: the first unread is not loaded.
    const behind = !!h.nextBefore && (!oldestLoaded || isNewer(oldestLoaded.id, s.after))
    const firstId = behind ? null : (unread[0]?.id ?? null)
    if (!behind && !firstId) return null
    return { firstId, count: Math.max(s.count, unread.length) }
  })

  return { mark }
}
