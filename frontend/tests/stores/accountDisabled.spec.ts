/**
 * A site administrator disabled the account: wherever the app learns it (the
 * socket closing with 4004 and the refresh refused with 403
 * `account_disabled`, a request's refresh, a login of any kind), the session
 * ends and the login page says so in words, never the code.
 */
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'

import { SESSION_EXPIRED } from '@/api/client'
import { i18n, setLocale } from '@/i18n'
import { CLOSE_LOGIN_ENDED } from '@/realtime/closeCodes'
import { socket, type SocketAuth } from '@/realtime/socket'
import { ACCOUNT_DISABLED_MESSAGE, NOTICE_KEY, REFRESH_TOKEN_KEY, SESSION_REVOKED_MESSAGE, useAuthStore } from '@/stores/auth'
import { getPasskey } from '@/utils/webauthn'

import { alice, storeSession } from '../helpers/fixtures'
import { errorEnvelope, json, mockFetch, type Handler } from '../helpers/http'

vi.mock('@/realtime/socket', () => ({
  socket: { connect: vi.fn(), disconnect: vi.fn(), setAuth: vi.fn() },
}))

vi.mock('@/utils/webauthn', async (original) => ({
  ...(await original<typeof import('@/utils/webauthn')>()),
  getPasskey: vi.fn(),
}))

function socketAuth(): SocketAuth {
  return vi.mocked(socket.setAuth).mock.lastCall![0]!
}

function serve(handler: Handler) {
  const mock = mockFetch(handler)
  vi.stubGlobal('fetch', mock.fetch)
  return mock.requests
}

const disabled = () => errorEnvelope(403, 'account_disabled', 'a site administrator disabled this account')

describe('a disabled account', () => {
  beforeEach(() => {
    localStorage.clear()
    vi.mocked(socket.disconnect).mockClear()
    setActivePinia(createPinia())
  })

  it('the socket closing with 4004, then the refresh refused (403 account_disabled), ends the session saying why', async () => {
    storeSession()
    const requests = serve((req) => (req.url.endsWith('/auth/refresh') ? disabled() : json(204)))
    const auth = useAuthStore()
    await expect(socketAuth().refresh('a1', CLOSE_LOGIN_ENDED)).resolves.toBe(false)
    expect(requests[0]!.url).toBe('/api/v1/auth/refresh')
    expect(auth.isAuthenticated).toBe(false)
    expect(auth.user).toBeNull()
    expect(socket.disconnect).toHaveBeenCalled()
    expect(auth.notice).toBe(ACCOUNT_DISABLED_MESSAGE)
  })

  it('a request refused (401 session_revoked) whose refresh says account_disabled: the disabling is what is said', async () => {
    storeSession()
    serve((req) =>
      req.url.endsWith('/auth/refresh') ? disabled() : errorEnvelope(401, 'session_revoked', 'This login has ended.'),
    )
    const auth = useAuthStore()
    await expect(auth.fetchMe()).rejects.toMatchObject({ code: SESSION_EXPIRED })
    expect(auth.isAuthenticated).toBe(false)
    expect(auth.notice).toBe(ACCOUNT_DISABLED_MESSAGE)
    expect(auth.notice).not.toBe(SESSION_REVOKED_MESSAGE)
  })

  it('a login refused with account_disabled puts the notice up (and the refusal is still thrown)', async () => {
    serve(disabled)
    const auth = useAuthStore()
    await expect(auth.login({ username: 'bob', password: 'correct horse' })).rejects.toMatchObject({
      code: 'account_disabled',
    })
    expect(auth.isAuthenticated).toBe(false)
    expect(auth.notice).toBe(ACCOUNT_DISABLED_MESSAGE)
  })

  it('a wrong password says nothing about the account (no notice)', async () => {
    serve(() => errorEnvelope(401, 'invalid_credentials', 'wrong'))
    const auth = useAuthStore()
    await expect(auth.login({ username: 'bob', password: 'nope' })).rejects.toMatchObject({ code: 'invalid_credentials' })
    expect(auth.notice).toBeNull()
  })

  it('the second step refused with account_disabled goes back to the password with the notice', async () => {
    serve((req) =>
      req.url.endsWith('/auth/login')
        ? json(202, { challenge: 'c1', expires_in: 300, methods: ['totp'] })
        : disabled(),
    )
    const auth = useAuthStore()
    await auth.login({ username: 'bob', password: 'correct horse' })
    await expect(auth.completeSecondFactor({ code: '123456' })).rejects.toMatchObject({ code: 'account_disabled' })
    expect(auth.secondFactor).toBeNull()
    expect(auth.notice).toBe(ACCOUNT_DISABLED_MESSAGE)
  })

  it('a passkey login refused with account_disabled puts the notice up', async () => {
    vi.mocked(getPasskey).mockResolvedValueOnce({ id: 'k1' } as never)
    serve((req) =>
      req.url.endsWith('/auth/passkey/options') ? json(201, { ceremony_id: 'cer1', options: { publicKey: {} } }) : disabled(),
    )
    const auth = useAuthStore()
    await expect(auth.loginWithPasskey()).rejects.toMatchObject({ code: 'account_disabled' })
    expect(auth.notice).toBe(ACCOUNT_DISABLED_MESSAGE)
  })

  it('the notice is a sentence in every language, with no code in it', async () => {
    for (const locale of ['en', 'de', 'ar'] as const) {
      await setLocale(locale)
      const text = i18n.global.t(ACCOUNT_DISABLED_MESSAGE)
      expect(text).not.toBe(ACCOUNT_DISABLED_MESSAGE)
      expect(text).not.toContain('account_disabled')
      expect(text.length).toBeGreaterThan(20)
    }
    await setLocale('en')
    expect(i18n.global.t(ACCOUNT_DISABLED_MESSAGE)).toMatch(/^An administrator disabled your account\./)
  })
})

describe('a disabled account, in another tab', () => {
  beforeEach(() => {
    localStorage.clear()
    setActivePinia(createPinia())
  })

  /** What this tab's `storage` listener hears when another tab changes `key`. */
  function fromAnotherTab(key: string, value: string | null): void {
    if (value === null) localStorage.removeItem(key)
    else localStorage.setItem(key, value)
    window.dispatchEvent(new StorageEvent('storage', { key, newValue: value }))
  }

  it('the tab whose refresh was refused says why, and so does every other tab', async () => {
    storeSession()
    serve((req) => (req.url.endsWith('/auth/refresh') ? disabled() : json(204)))
    const first = useAuthStore()
    await expect(socketAuth().refresh('a1', CLOSE_LOGIN_ENDED)).resolves.toBe(false)
    expect(localStorage.getItem(NOTICE_KEY)).toBe(ACCOUNT_DISABLED_MESSAGE)
    expect(first.notice).toBe(ACCOUNT_DISABLED_MESSAGE)

    // The other tab: signed in until the tokens go, then told why.
    setActivePinia(createPinia())
    localStorage.clear()
    storeSession()
    const other = useAuthStore()
    fromAnotherTab(REFRESH_TOKEN_KEY, null)
    fromAnotherTab(NOTICE_KEY, ACCOUNT_DISABLED_MESSAGE)
    expect(other.isAuthenticated).toBe(false)
    expect(other.notice).toBe(ACCOUNT_DISABLED_MESSAGE)
  })

  it('a tab still signed in is not told (a stale notice), and logging in or out forgets it', async () => {
    storeSession()
    const auth = useAuthStore()
    fromAnotherTab(NOTICE_KEY, ACCOUNT_DISABLED_MESSAGE)
    expect(auth.notice).toBeNull()

    serve(() => json(204))
    await auth.logout()
    expect(localStorage.getItem(NOTICE_KEY)).toBeNull()

    localStorage.setItem(NOTICE_KEY, ACCOUNT_DISABLED_MESSAGE)
    serve(() => json(200, { user: alice, access_token: 'a2', refresh_token: 'r2' }))
    await auth.login({ username: 'alice', password: 'correct horse' })
    expect(localStorage.getItem(NOTICE_KEY)).toBeNull()
  })
})
