import { ref } from 'vue'
import { useRouter } from 'vue-router'

import { useAuthStore } from '@/stores/auth'

/** The login page's notice after a reset (a message key, as `auth.notice` holds). */
export const PASSWORD_RESET_NOTICE = 'auth.notices.passwordReset'

/**
 * After a password was set with a reset link or a recovery code: the server
 * ended every login of that account. Signed out (or signed in as that same
 * account, whose login just ended), go to the login page with a notice;
 * signed in here as someone else, stay, and say so (`stillSignedInAs`).
 */
export function usePasswordResetDone() {
  const auth = useAuthStore()
  const router = useRouter()
  const stillSignedInAs = ref<string | null>(null)

  async function done(): Promise<void> {
    if (auth.isAuthenticated) {
      // Answers 401 (and signs out) when this tab's login was one of those ended.
      await auth.fetchMe().catch(() => {})
      if (auth.isAuthenticated) {
        stillSignedInAs.value = auth.user?.username ?? ''
        return
      }
    }
    auth.setNotice(PASSWORD_RESET_NOTICE)
    await router.push({ name: 'login' })
  }

  return { done, stillSignedInAs }
}
