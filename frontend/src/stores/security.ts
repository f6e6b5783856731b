import { defineStore } from 'pinia'
import { ref } from 'vue'

import { accountApi } from '@/api/account'
import type { RecoveryCodes, RecoveryCodesStatus, SecurityEvent, SessionInfo, SessionsRevoked } from '@/api/types'
import { i18n } from '@/i18n'

function messageOf(e: unknown, fallback: string): string {
  return e instanceof Error && e.message ? e.message : fallback
}

/**
 * The account's security page: live logins (sessions), recovery codes left,
 * and the security log. Kept current by the page's own actions and by
 * `session.revoked` (a login ended from elsewhere).
 */
export const useSecurityStore = defineStore('security', () => {
  const sessions = ref<SessionInfo[]>([])
  const sessionsLoaded = ref(false)
  const sessionsError = ref<string | null>(null)

  const events = ref<SecurityEvent[]>([])
  const eventsLoaded = ref(false)
  const eventsError = ref<string | null>(null)

  const recovery = ref<RecoveryCodesStatus | null>(null)
  const recoveryError = ref<string | null>(null)

  async function loadSessions(): Promise<void> {
    sessionsError.value = null
    try {
      sessions.value = await accountApi.sessions()
      sessionsLoaded.value = true
    } catch (e) {
      sessionsError.value = messageOf(e, i18n.global.t('settings.sessions.loadFailed'))
    }
  }

  async function loadEvents(): Promise<void> {
    eventsError.value = null
    try {
      events.value = await accountApi.securityEvents()
      eventsLoaded.value = true
    } catch (e) {
      eventsError.value = messageOf(e, i18n.global.t('settings.securityLog.loadFailed'))
    }
  }

  async function loadRecovery(): Promise<void> {
    recoveryError.value = null
    try {
      recovery.value = await accountApi.recoveryCodes()
    } catch (e) {
      recoveryError.value = messageOf(e, i18n.global.t('settings.recoveryCodes.loadFailed'))
    }
  }

  function load(): Promise<void> {
    return Promise.all([loadSessions(), loadEvents(), loadRecovery()]).then(() => {})
  }

  /** Ends one other login: it is gone from the list at once, and the log says so. */
  async function revoke(id: string): Promise<void> {
    await accountApi.revokeSession(id)
    sessions.value = sessions.value.filter((s) => s.id !== id)
    void loadEvents()
  }

  /** Ends every login but this one. */
  async function revokeOthers(): Promise<void> {
    await accountApi.revokeOtherSessions()
    sessions.value = sessions.value.filter((s) => s.current)
    void loadEvents()
  }

  /** A new set of codes (the old ones stop working); the caller shows them once. */
  async function generateCodes(password?: string): Promise<RecoveryCodes> {
    const fresh = await accountApi.newRecoveryCodes(password)
    applyNewCodes(fresh)
    return fresh
  }

  /** A set made elsewhere (turning on the authenticator app makes a first one): counted, and the log reloaded. */
  function applyNewCodes(fresh: RecoveryCodes): void {
    recovery.value = { remaining: fresh.codes.length, created_at: fresh.created_at }
    void loadEvents()
  }

  /** Something the log records happened (two-step login switched, a passkey added): show it if the log is out. */
  function refreshEvents(): void {
    if (eventsLoaded.value) void loadEvents()
  }

  /** `session.revoked`: logins ended elsewhere (another tab, a reset) leave the list. */
  function applyRevoked(data: SessionsRevoked): void {
    if (!sessionsLoaded.value) return
    const ended = new Set(data.session_ids)
    sessions.value = sessions.value.filter((s) => !ended.has(s.id))
    if (eventsLoaded.value) void loadEvents()
  }

  function reset(): void {
    sessions.value = []
    sessionsLoaded.value = false
    sessionsError.value = null
    events.value = []
    eventsLoaded.value = false
    eventsError.value = null
    recovery.value = null
    recoveryError.value = null
  }

  return {
    sessions,
    sessionsLoaded,
    sessionsError,
    events,
    eventsLoaded,
    eventsError,
    recovery,
    recoveryError,
    load,
    loadSessions,
    loadEvents,
    loadRecovery,
    revoke,
    revokeOthers,
    generateCodes,
    applyNewCodes,
    refreshEvents,
    applyRevoked,
    reset,
  }
})
