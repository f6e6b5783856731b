import { computed, ref } from 'vue'

import { accountApi } from '@/api/account'
import { isApiError } from '@/api/client'
import { i18n } from '@/i18n'
import { tryAgainText } from '@/i18n/format'
import { useAuthOptionsStore } from '@/stores/authOptions'
import { useAuthStore } from '@/stores/auth'
import { sessionStore } from '@/utils/storage'

const { t } = i18n.global

/** sessionStorage: the email whose banner was dismissed in this tab. */
export const EMAIL_BANNER_DISMISSED_KEY = 'confab.email_banner_dismissed'

function resendError(e: unknown): string {
  if (!isApiError(e)) return t('auth.emailLink.sendFailed')
  if (e.status === 429) {
    return t('auth.emailLink.sentRecently', { tryAgain: tryAgainText(e.retryAfter) })
  }
  switch (e.code) {
    case 'email_disabled':
      return t('auth.emailLink.noMail')
    case 'no_email':
      return t('auth.emailLink.noEmail')
    default:
      return e.message || t('auth.emailLink.sendFailed')
  }
}

/**
 * The signed-in user's unconfirmed email: whether it waits for its link, a
 * resend of the link, and (for the app shell's banner) a dismissal that lasts
 * as long as the tab, per address.
 */
export function useEmailVerification() {
  const auth = useAuthStore()
  const options = useAuthOptionsStore()
  void options.load()

  const email = computed(() => auth.user?.email || null)
  const verified = computed(() => !!auth.user?.email_verified_at)
  /** An email is set, not confirmed yet, and the server can mail the link. */
  const awaitingConfirmation = computed(() => !!email.value && !verified.value && options.mailEnabled)

  const dismissedFor = ref(sessionStore.get(EMAIL_BANNER_DISMISSED_KEY))
  const bannerVisible = computed(() => awaitingConfirmation.value && dismissedFor.value !== email.value)
  function dismiss(): void {
    if (!email.value) return
    sessionStore.set(EMAIL_BANNER_DISMISSED_KEY, email.value)
    dismissedFor.value = email.value
  }

  const sending = ref(false)
  /** The address the last link went to, for "Sent to …". */
  const sentTo = ref<string | null>(null)
  const error = ref<string | null>(null)

  async function resend(): Promise<boolean> {
    if (sending.value) return false
    sending.value = true
    error.value = null
    sentTo.value = null
    try {
      await accountApi.resendVerification()
      sentTo.value = email.value
      return true
    } catch (e) {
      if (isApiError(e) && e.code === 'email_already_verified') {
        // Confirmed elsewhere meanwhile: the fresh profile hides the prompt.
        await auth.fetchMe().catch(() => {})
        return false
      }
      error.value = resendError(e)
      return false
    } finally {
      sending.value = false
    }
  }

  return { email, verified, awaitingConfirmation, bannerVisible, dismiss, resend, sending, sentTo, error }
}
