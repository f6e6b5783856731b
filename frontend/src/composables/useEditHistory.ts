import { ref } from 'vue'

import { isApiError } from '@/api/client'
import { messagesApi } from '@/api/messages'
import type { MessageEdit } from '@/api/types'
import { i18n } from '@/i18n'

/**
 * A message's earlier texts, asked afresh each time they are shown (it may
 * have been edited again since); the newest answer wins.
 */
export function useEditHistory() {
  const items = ref<MessageEdit[]>([])
  const loading = ref(false)
  const error = ref<string | null>(null)
  let asked = 0

  async function load(conversationId: string, messageId: string): Promise<void> {
    const n = ++asked
    loading.value = true
    error.value = null
    try {
      const page = await messagesApi.edits(conversationId, messageId)
      if (n === asked) items.value = page.items
    } catch (e) {
      if (n !== asked) return
      items.value = []
      error.value =
        isApiError(e) && e.code === 'not_found'
          ? i18n.global.t('chats.editHistory.unavailable')
          : i18n.global.t('chats.editHistory.loadError')
    } finally {
      if (n === asked) loading.value = false
    }
  }

  return { items, loading, error, load }
}
