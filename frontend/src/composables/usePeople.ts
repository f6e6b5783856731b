import { i18n } from '@/i18n'
import { useAuthStore } from '@/stores/auth'
import { useUsersStore } from '@/stores/users'
import type { NameOf } from '@/utils/messageText'
import { displayName } from '@/utils/names'

/** Names and profiles by user id, from the profiles the SPA knows ("You" for oneself). */
export function usePeople() {
  const auth = useAuthStore()
  const users = useUsersStore()

  const nameOf: NameOf = (id, midSentence = false) => {
    const { t } = i18n.global
    if (!id) return t(midSentence ? 'common.people.someoneInSentence' : 'common.people.someone')
    if (id === auth.user?.id) return t(midSentence ? 'common.people.youInSentence' : 'common.people.you')
    return displayName(users.get(id))
  }

  return { nameOf, userOf: users.get, ensure: users.ensure, myId: () => auth.user?.id ?? null }
}
