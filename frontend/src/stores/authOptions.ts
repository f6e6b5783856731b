import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

import { accountApi } from '@/api/account'
import type { AuthOptions } from '@/api/types'
import { passkeysSupported } from '@/utils/webauthn'

/**
 * What this server offers for getting in (`GET /auth/options`): whether it
 * sends mail, whether sign-up needs a proven email, passkeys. Asked once per page load;
 * the sign-up and login screens, the email banner and settings read it.
 */
export const useAuthOptionsStore = defineStore('authOptions', () => {
  const options = ref<AuthOptions | null>(null)
  let loading: Promise<AuthOptions | null> | null = null

  /** The options, fetched on the first call. Null while unknown (offline): screens then assume the least. */
  function load(): Promise<AuthOptions | null> {
    if (options.value) return Promise.resolve(options.value)
    if (!loading) {
      loading = accountApi
        .options()
        .then((o) => (options.value = o))
        .catch(() => null)
        .finally(() => {
          loading = null
        })
    }
    return loading
  }

  /** The server sends mail (confirmation links, password reset by mail). */
  const mailEnabled = computed(() => options.value?.email ?? false)
  /** Sign-up needs an email, and logging in waits until it is confirmed. */
  const emailRequired = computed(() => options.value?.email_verification_required ?? false)

  /**
   * Passkeys can be used: the server has them on (its address is a domain
   * name, not an IP address) and this browser has WebAuthn.
   */
  const passkeys = computed(() => (options.value?.passkeys ?? false) && passkeysSupported())

  return { options, mailEnabled, emailRequired, passkeys, load }
})
