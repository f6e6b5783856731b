import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

import { accountApi } from '@/api/account'
import { ACCOUNT_DISABLED, api, ApiError, isApiError, SESSION_EXPIRED, SESSION_REVOKED } from '@/api/client'
import type {
  AuthResponse,
  DeleteAccountRequest,
  EmailVerified,
  LoginRequest,
  PasswordChange,
  ProfileUpdate,
  SecondFactorMethod,
  SecondFactorRequired,
  SessionTokens,
  SignupPending,
  SignupRequest,
  User,
} from '@/api/types'
import { i18n } from '@/i18n'
import { CLOSE_LOGIN_ENDED } from '@/realtime/closeCodes'
import { socket } from '@/realtime/socket'
import { clearOutboxOf } from '@/utils/outboxDb'
import { storage } from '@/utils/storage'
import { getPasskey, isPasskeyCancelled } from '@/utils/webauthn'

export const ACCESS_TOKEN_KEY = 'confab.access_token'
export const REFRESH_TOKEN_KEY = 'confab.refresh_token'
export const USER_KEY = 'confab.user'
/**
 * Why the session last ended (a notice's key), for the other tabs: the tab
 * whose refresh was refused first is the one that hears why ("An administrator
 * disabled your account"); the others see the tokens go (`storage` events),
 * then this, and say the same.
 */
export const NOTICE_KEY = 'confab.auth.notice'

/**
 * What the login page says once a session ends or a login goes back a step:
 * message keys (auth.notices), so the page says them in the language shown.
 */
export const SESSION_EXPIRED_MESSAGE = 'auth.notices.sessionExpired'
export const SESSION_REVOKED_MESSAGE = 'auth.notices.sessionRevoked'
export const ACCOUNT_DELETED_MESSAGE = 'auth.notices.accountDeleted'
/** A site administrator disabled the account: its logins ended, and logging in is refused until enabled. */
export const ACCOUNT_DISABLED_MESSAGE = 'auth.notices.accountDisabled'
export const SECOND_STEP_EXPIRED_MESSAGE = 'auth.notices.secondStepExpired'

const METHODS: readonly SecondFactorMethod[] = ['totp', 'recovery_code', 'passkey']

/** A login whose password was right, waiting for its second step (`POST /auth/login` answered 202). */
export interface PendingSecondFactor {
  /** Single-use; sent with the code. */
  challenge: string
  /** What the account accepts, in the server's order (unknown ones left out). */
  methods: SecondFactorMethod[]
  /** When the challenge runs out (ms since the epoch). */
  expiresAt: number
  username: string
}

/** How a login went: signed in, or the password was right and a second step is due (`secondFactor`). */
export type LoginOutcome = 'signed_in' | 'second_factor'

/** What proves the second step: a code of the authenticator app, or a recovery code. */
export type SecondFactorProof = { code: string } | { recovery_code: string }

/** What a sign-up led to: a session, or (the server wants the email proven first) none yet. */
export interface SignupResult {
  user: User
  /** True when no session was opened: confirm the mailed link, then log in. */
  pending: boolean
}

function readUser(): User | null {
  const raw = storage.get(USER_KEY)
  if (!raw) return null
  try {
    return JSON.parse(raw) as User
  } catch {
    return null
  }
}

/**
 * The signed-in user and the token pair. Tokens live in localStorage so every
 * tab shares one login (and sees another tab's rotation or logout).
 */
export const useAuthStore = defineStore('auth', () => {
  const user = ref<User | null>(readUser())
  const accessToken = ref<string | null>(storage.get(ACCESS_TOKEN_KEY))
  const refreshToken = ref<string | null>(storage.get(REFRESH_TOKEN_KEY))
  /** A one-off message for the login page ("session expired", "account deleted"), as a message key. */
  const notice = ref<string | null>(null)
  /** The second login step, while one is due (memory only: a reload starts the login again). */
  const secondFactor = ref<PendingSecondFactor | null>(null)

  const isAuthenticated = computed(() => refreshToken.value !== null)

  let initPromise: Promise<void> | null = null

  // ---- session plumbing ----------------------------------------------------

  /** Re-reads the tokens another tab may have rotated. */
  function syncTokens(): void {
    accessToken.value = storage.get(ACCESS_TOKEN_KEY)
    refreshToken.value = storage.get(REFRESH_TOKEN_KEY)
  }

  function setTokens(pair: SessionTokens): void {
    storage.set(ACCESS_TOKEN_KEY, pair.access_token)
    storage.set(REFRESH_TOKEN_KEY, pair.refresh_token)
    accessToken.value = pair.access_token
    refreshToken.value = pair.refresh_token
    void renewMediaCookie()
  }

  // ---- the media cookie ------------------------------------------------------
  // <img>/<audio>/<video> authenticate with an HttpOnly cookie holding a
  // media-only token (an hour); it is renewed with every new token pair and
  // every half hour, so it never runs out while the app is open.

  const MEDIA_COOKIE_RENEW_MS = 30 * 60 * 1000
  let mediaCookieTimer: ReturnType<typeof setInterval> | null = null
  let mediaCookieInFlight: Promise<void> | null = null

  function renewMediaCookie(): Promise<void> {
    if (!mediaCookieInFlight) {
      mediaCookieInFlight = api
        .post<void>('/media/session')
        .catch(() => {
          // Offline or signed out: media load again once it is renewed.
        })
        .finally(() => {
          mediaCookieInFlight = null
        })
    }
    if (!mediaCookieTimer && typeof window !== 'undefined') {
      mediaCookieTimer = setInterval(() => {
        if (isAuthenticated.value) void renewMediaCookie()
      }, MEDIA_COOKIE_RENEW_MS)
    }
    return mediaCookieInFlight
  }

  function stopMediaCookie(): void {
    if (mediaCookieTimer) clearInterval(mediaCookieTimer)
    mediaCookieTimer = null
  }

  function setUser(u: User | null): void {
    user.value = u
    if (u) storage.set(USER_KEY, JSON.stringify(u))
    else storage.remove(USER_KEY)
  }

  function startSession(res: AuthResponse): void {
    storage.remove(NOTICE_KEY)
    setTokens(res)
    setUser(res.user)
    notice.value = null
    secondFactor.value = null
    initPromise = Promise.resolve()
    socket.connect()
  }

  function clearSession(): void {
    socket.disconnect()
    stopMediaCookie()
    storage.remove(ACCESS_TOKEN_KEY)
    storage.remove(REFRESH_TOKEN_KEY)
    accessToken.value = null
    refreshToken.value = null
    setUser(null)
  }

  /** What the login page says about a session the server ended (`onSessionExpired`'s reason). */
  function endedBecause(reason: string | undefined): string {
    if (reason === ACCOUNT_DISABLED) return ACCOUNT_DISABLED_MESSAGE
    if (reason === SESSION_REVOKED) return SESSION_REVOKED_MESSAGE
    return SESSION_EXPIRED_MESSAGE
  }

  /**
   * A login refused because the account is disabled (any way in: password,
   * second step, passkey): the login page says so in its notice, in words,
   * whatever the form shows. Other refusals pass by.
   */
  function noteLoginRefusal(e: unknown): void {
    if (!isApiError(e) || e.code !== ACCOUNT_DISABLED) return
    secondFactor.value = null
    notice.value = ACCOUNT_DISABLED_MESSAGE
  }

  /** The refresh token was refused: drop the session and say why. */
  function expireSession(message: string = SESSION_EXPIRED_MESSAGE): void {
    const wasSignedIn = isAuthenticated.value
    clearSession()
    if (wasSignedIn) {
      notice.value = message
      storage.set(NOTICE_KEY, message)
    }
  }

  api.setSession({
    getTokens() {
      syncTokens()
      return { access_token: accessToken.value ?? undefined, refresh_token: refreshToken.value ?? undefined }
    },
    setTokens,
    onSessionExpired: (reason) => expireSession(endedBecause(reason)),
  })

  socket.setAuth({
    getToken: () => {
      syncTokens()
      return accessToken.value
    },
    refresh: async (stale, closeCode) => {
      try {
        // 4004: this login was ended on purpose; the refresh will be refused.
        await api.refreshTokens(stale, closeCode === CLOSE_LOGIN_ENDED ? SESSION_REVOKED : undefined)
        return true
      } catch (e) {
        if (isApiError(e) && e.code === SESSION_EXPIRED) return false
        throw e
      }
    },
  })

  // Another tab logged in, out, or rotated the tokens.
  if (typeof window !== 'undefined') {
    window.addEventListener('storage', (e) => {
      // The session ended in another tab, which says why: so does this one.
      if (e.key === NOTICE_KEY) {
        if (e.newValue && !isAuthenticated.value && !secondFactor.value) notice.value = e.newValue
        return
      }
      if (e.key !== null && ![ACCESS_TOKEN_KEY, REFRESH_TOKEN_KEY, USER_KEY].includes(e.key)) return
      const wasSignedIn = isAuthenticated.value
      syncTokens()
      user.value = readUser()
      if (wasSignedIn && !isAuthenticated.value) socket.disconnect()
      else if (!wasSignedIn && isAuthenticated.value) {
        // Logged in there: a second step waiting here is moot.
        secondFactor.value = null
        socket.connect()
      }
    })
  }

  // ---- actions ---------------------------------------------------------------

  /**
   * Restores a saved session once per page load: refreshes the user from the
   * server (the cached copy serves while offline) and opens the socket.
   */
  function init(): Promise<void> {
    if (!initPromise) {
      initPromise = (async () => {
        if (!isAuthenticated.value) return
        try {
          await Promise.all([fetchMe(), renewMediaCookie()])
        } catch (e) {
          // Offline or server trouble: keep the cached user; an expired session
          // was already cleared by the API client.
          if (!isApiError(e) || e.code === SESSION_EXPIRED) return
        }
        if (isAuthenticated.value) socket.connect()
      })()
    }
    return initPromise
  }

  /**
   * Creates the account. Usually that logs in (201); a server that wants the
   * email proven first answers 202 without tokens: `pending`, no session.
   */
  async function signup(req: SignupRequest): Promise<SignupResult> {
    const res = await api.post<AuthResponse | SignupPending>('/auth/signup', req, { auth: false })
    if (!('access_token' in res)) return { user: res.user, pending: true }
    startSession(res)
    await renewMediaCookie()
    return { user: res.user, pending: false }
  }

  /**
   * Logs in with a username and password. An account with a second factor
   * answers 202: no session yet, `secondFactor` holds the challenge for
   * `completeSecondFactor` / `secondFactorWithPasskey`.
   */
  async function login(req: LoginRequest): Promise<LoginOutcome> {
    let res: AuthResponse | SecondFactorRequired
    try {
      res = await api.post<AuthResponse | SecondFactorRequired>('/auth/login', req, { auth: false })
    } catch (e) {
      noteLoginRefusal(e)
      throw e
    }
    if (!('access_token' in res)) {
      secondFactor.value = {
        challenge: res.challenge,
        methods: METHODS.filter((m) => res.methods.includes(m)),
        expiresAt: Date.now() + res.expires_in * 1000,
        username: req.username,
      }
      return 'second_factor'
    }
    await finishLogin(res)
    return 'signed_in'
  }

  async function finishLogin(res: AuthResponse): Promise<void> {
    startSession(res)
    await renewMediaCookie()
  }

  /** A refused second step: an expired or finished challenge sends the person back to the password. */
  function secondStepFailed(e: unknown): never {
    noteLoginRefusal(e)
    if (isApiError(e) && e.code === 'invalid_challenge') {
      secondFactor.value = null
      notice.value = SECOND_STEP_EXPIRED_MESSAGE
    }
    throw e
  }

  function pendingChallenge(): string {
    const pending = secondFactor.value
    if (!pending) {
      throw new ApiError({ status: 401, code: 'invalid_challenge', message: i18n.global.t(SECOND_STEP_EXPIRED_MESSAGE) })
    }
    return pending.challenge
  }

  /** The second step with a code of the authenticator app or a recovery code. */
  async function completeSecondFactor(proof: SecondFactorProof): Promise<void> {
    let res: AuthResponse
    try {
      res = await accountApi.secondFactor({ challenge: pendingChallenge(), ...proof })
    } catch (e) {
      secondStepFailed(e)
    }
    await finishLogin(res)
  }

  /** The second step with one of the account's passkeys. False when the person closed the browser's prompt. */
  async function secondFactorWithPasskey(): Promise<boolean> {
    let res: AuthResponse
    try {
      const challenge = pendingChallenge()
      const ceremony = await accountApi.secondFactorPasskeyOptions(challenge)
      const credential = await getPasskey(ceremony.options)
      res = await accountApi.secondFactor({ challenge, passkey: { ceremony_id: ceremony.ceremony_id, credential } })
    } catch (e) {
      if (isPasskeyCancelled(e)) return false
      secondStepFailed(e)
    }
    await finishLogin(res)
    return true
  }

  /** Back from the second step to the password. */
  function cancelSecondFactor(): void {
    secondFactor.value = null
  }

  /**
   * Logs in with a passkey alone: the browser offers the site's passkeys, no
   * username typed. False when the person closed the prompt.
   */
  async function loginWithPasskey(): Promise<boolean> {
    let res: AuthResponse
    try {
      const ceremony = await accountApi.passkeyLoginOptions()
      const credential = await getPasskey(ceremony.options)
      res = await accountApi.passkeyLogin(ceremony.ceremony_id, credential)
    } catch (e) {
      if (isPasskeyCancelled(e)) return false
      noteLoginRefusal(e)
      throw e
    }
    await finishLogin(res)
    return true
  }

  /** Revokes the refresh token on the server (best effort) and forgets the session. */
  async function logout(): Promise<void> {
    const token = refreshToken.value
    const bearer = accessToken.value
    const userId = user.value?.id
    clearSession()
    notice.value = null
    storage.remove(NOTICE_KEY)
    // Messages not sent yet stay on this device no longer than the login that wrote them.
    if (userId) void clearOutboxOf(userId)
    if (!token) return
    try {
      await api.post<void>(
        '/auth/logout',
        { refresh_token: token },
        { auth: false, headers: bearer ? { Authorization: `Bearer ${bearer}` } : undefined },
      )
    } catch {
      // Already signed out locally; the token expires on its own.
    }
  }

  /** Rotates the token pair now. False when the session is gone. */
  async function refresh(): Promise<boolean> {
    try {
      await api.refreshTokens()
      return true
    } catch (e) {
      if (isApiError(e) && e.code === SESSION_EXPIRED) return false
      throw e
    }
  }

  async function fetchMe(): Promise<User> {
    const me = await api.get<User>('/users/me')
    setUser(me)
    return me
  }

  async function updateProfile(patch: ProfileUpdate): Promise<User> {
    const updated = await api.patch<User | undefined>('/users/me', patch)
    if (updated && typeof updated === 'object') {
      setUser(updated)
      return updated
    }
    return fetchMe()
  }

  async function changePassword(change: PasswordChange): Promise<void> {
    const res = await api.post<Partial<SessionTokens> | undefined>('/users/me/password', change)
    // If the server rotates the session on a password change, keep the new pair.
    if (res && typeof res.access_token === 'string' && typeof res.refresh_token === 'string') {
      setTokens({ access_token: res.access_token, refresh_token: res.refresh_token })
    }
  }

  /** Deletes the account with one proof: the password, or (no password) the code mailed for it. */
  async function deleteAccount(proof: DeleteAccountRequest): Promise<void> {
    await api.delete<void>('/users/me', proof)
    const userId = user.value?.id
    clearSession()
    if (userId) void clearOutboxOf(userId)
    notice.value = ACCOUNT_DELETED_MESSAGE
  }

  /** An email link was confirmed: if it was this user's, their copy says so at once. */
  function applyEmailVerified(verified: EmailVerified): void {
    const u = user.value
    if (!u || u.id !== verified.user_id) return
    setUser({ ...u, email: verified.email, email_verified_at: verified.email_verified_at })
  }

  /** Shows the message at `key` on the login page (after a password reset, say). */
  function setNotice(key: string): void {
    notice.value = key
  }

  function clearNotice(): void {
    notice.value = null
  }

  return {
    user,
    accessToken,
    refreshToken,
    notice,
    secondFactor,
    isAuthenticated,
    init,
    signup,
    login,
    completeSecondFactor,
    secondFactorWithPasskey,
    cancelSecondFactor,
    loginWithPasskey,
    logout,
    refresh,
    fetchMe,
    updateProfile,
    changePassword,
    deleteAccount,
    expireSession,
    applyEmailVerified,
    setNotice,
    clearNotice,
  }
})
