import { defineStore } from 'pinia'
import { ref } from 'vue'

import { accountApi } from '@/api/account'
import { isApiError } from '@/api/client'
import type { DisableTotpRequest, RecoveryCodes, TotpSetup, TwoFactorStatus } from '@/api/types'
import { i18n } from '@/i18n'

import { useSecurityStore } from './security'

/**
 * Two-step login with an authenticator app (TOTP) on the Security page:
 * whether it is on, a setup in progress (the secret to scan, until a right
 * code turns it on), and turning it off.
 */
export const useTwoFactorStore = defineStore('twoFactor', () => {
  const status = ref<TwoFactorStatus | null>(null)
  const error = ref<string | null>(null)
  /** A setup begun and not yet confirmed with a code. */
  const setup = ref<TotpSetup | null>(null)

  async function load(): Promise<void> {
    error.value = null
    try {
      status.value = await accountApi.twoFactor()
    } catch (e) {
      error.value = e instanceof Error && e.message ? e.message : i18n.global.t('settings.twoFactor.loadFailed')
    }
  }

  /** A new secret to scan. Already on (another tab did it): the status is reloaded and the error thrown. */
  async function startSetup(): Promise<TotpSetup> {
    try {
      setup.value = await accountApi.setupTotp()
      return setup.value
    } catch (e) {
      if (isApiError(e) && e.code === 'totp_already_enabled') void load()
      throw e
    }
  }

  function cancelSetup(): void {
    setup.value = null
  }

  /**
   * Turns it on with a code of the app. Returns the first recovery codes when
   * the server made some (the account had none left), for showing once.
   */
  async function enable(code: string): Promise<RecoveryCodes | null> {
    const security = useSecurityStore()
    let res
    try {
      res = await accountApi.enableTotp(code)
    } catch (e) {
      // Set up anew elsewhere, or never: this secret is no longer the one to scan.
      if (isApiError(e) && e.code === 'totp_not_set_up') setup.value = null
      throw e
    }
    setup.value = null
    const codes = res.recovery_codes ?? null
    status.value = {
      totp_enabled: true,
      recovery_codes_remaining: codes ? codes.codes.length : (status.value?.recovery_codes_remaining ?? 0),
    }
    if (codes) security.applyNewCodes(codes)
    else security.refreshEvents()
    return codes
  }

  /** Turns it off with the password (if the account has one) and a code of the app or a recovery code. */
  async function disable(req: DisableTotpRequest): Promise<void> {
    await accountApi.disableTotp(req)
    status.value = { totp_enabled: false, recovery_codes_remaining: status.value?.recovery_codes_remaining ?? 0 }
    const security = useSecurityStore()
    // A recovery code may have been spent.
    void security.loadRecovery()
    security.refreshEvents()
  }

  function reset(): void {
    status.value = null
    error.value = null
    setup.value = null
  }

  return { status, error, setup, load, startSetup, cancelSetup, enable, disable, reset }
})
