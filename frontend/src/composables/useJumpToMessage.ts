import { ref, toValue, type MaybeRefOrGetter } from 'vue'

import { isApiError } from '@/api/client'
import { i18n } from '@/i18n'
import { useMessagesStore } from '@/stores/messages'

/**
 * Going to one message of the open chat (a search result, a pin, a quoted
 * reply, a mention): loads it with its neighbours unless it is loaded, then
 * names it as `target` for the message list to scroll to and flash. The list
 * calls `revealed()` once it has, so the same message can be gone to again.
 */
export function useJumpToMessage(conversationId: MaybeRefOrGetter<string>) {
  const messages = useMessagesStore()
  const target = ref<string | null>(null)
  const error = ref<string | null>(null)

  /** True once the message is loaded and named; false when it could not be. */
  async function jumpTo(messageId: string): Promise<boolean> {
    const id = toValue(conversationId)
    error.value = null
    try {
      await messages.loadAround(id, messageId)
    } catch (e) {
      if (toValue(conversationId) !== id) return false
      error.value =
        isApiError(e) && e.status === 404
          ? i18n.global.t('chats.messages.gone')
          : e instanceof Error && e.message
            ? e.message
            : i18n.global.t('chats.messages.jumpError')
      return false
    }
    // Another chat was opened meanwhile: this jump is void.
    if (toValue(conversationId) !== id) return false
    target.value = messageId
    return true
  }

  function revealed(): void {
    target.value = null
  }

  function clear(): void {
    target.value = null
    error.value = null
  }

  return { target, error, jumpTo, revealed, clear }
}
