import { onScopeDispose, ref, toValue, watch, type MaybeRefOrGetter } from 'vue'

import { conversationsApi } from '@/api/conversations'
import { socket as defaultSocket, type SocketClient } from '@/realtime/socket'
import { useConversationsStore } from '@/stores/conversations'
import { isNewer } from '@/utils/ids'

/** Whether the page is in front of the user (tab shown). */
export function usePageVisible() {
  const visible = ref(typeof document === 'undefined' || document.visibilityState !== 'hidden')
  const update = () => (visible.value = document.visibilityState !== 'hidden')
  if (typeof document !== 'undefined') {
    document.addEventListener('visibilitychange', update)
    onScopeDispose(() => document.removeEventListener('visibilitychange', update))
  }
  return visible
}

/**
 * Marks a conversation read up to its newest message while the user can see
 * it: the chat is open, the tab is visible and the newest message is in view.
 * Uses the socket's `read` op, or the REST route when the socket is down.
 */
export function useMarkRead(
  conversationId: MaybeRefOrGetter<string | null>,
  newestMessageId: MaybeRefOrGetter<string | null>,
  inView: MaybeRefOrGetter<boolean>,
  client: Pick<SocketClient, 'send'> = defaultSocket,
) {
  const conversations = useConversationsStore()
  const pageVisible = usePageVisible()

  function markIfSeen(): void {
    const id = toValue(conversationId)
    const newest = toValue(newestMessageId)
    if (!id || !newest || !pageVisible.value || !toValue(inView)) return
    const c = conversations.byId[id]
    if (c && !isNewer(newest, c.last_read_message_id)) return
    conversations.markReadLocally(id, newest)
    if (!client.send({ op: 'read', conversation_id: id, message_id: newest })) {
      conversationsApi.markRead(id, newest).catch(() => {
        /* the marker only moves forward; the next read carries it */
      })
    }
  }

  watch(
    () => [toValue(conversationId), toValue(newestMessageId), toValue(inView), pageVisible.value],
    markIfSeen,
    { immediate: true },
  )

  return { markIfSeen, pageVisible }
}
