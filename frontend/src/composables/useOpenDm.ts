import { ref } from 'vue'
import { useRouter } from 'vue-router'

import { i18n } from '@/i18n'
import { useConversationsStore } from '@/stores/conversations'

/** "Message" on a friend: opens (creating once) the DM and shows it. */
export function useOpenDm() {
  const conversations = useConversationsStore()
  const router = useRouter()
  /** The friend whose DM is being opened. */
  const opening = ref<string | null>(null)
  const error = ref<string | null>(null)

  /** `beforeShow`: called once the DM is there, before the chat shows (a dialog closes first). */
  async function openDm(userId: string, beforeShow?: () => void): Promise<void> {
    opening.value = userId
    error.value = null
    try {
      const c = await conversations.openDm(userId)
      beforeShow?.()
      await router.push({ name: 'chat', params: { id: c.id } })
    } catch (e) {
      error.value = e instanceof Error ? e.message : i18n.global.t('friends.openDmFailed')
    } finally {
      opening.value = null
    }
  }

  return { openDm, opening, error }
}
