import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'

import { ApiError, SESSION_EXPIRED } from '@/api/client'
import { CLOSE_BAD_TOKEN, CLOSE_LOGIN_ENDED } from '@/realtime/closeCodes'
import { socket, type SocketAuth } from '@/realtime/socket'
import {
  ACCESS_TOKEN_KEY,
  ACCOUNT_DELETED_MESSAGE,
  REFRESH_TOKEN_KEY,
  SESSION_EXPIRED_MESSAGE,
  SESSION_REVOKED_MESSAGE,
  SECOND_STEP_EXPIRED_MESSAGE,
  USER_KEY,
  useAuthStore,
} from '@/stores/auth'

import { getPasskey } from '@/utils/webauthn'

import { alice, storeSession } from '../helpers/fixtures'
import { errorEnvelope, json, mockFetch, type Handler, type RecordedRequest } from '../helpers/http'

vi.mock('@/realtime/socket', () => ({
  socket: { connect: vi.fn(), disconnect: vi.fn(), setAuth: vi.fn() },
}))

// The browser's passkey prompt, answered by the test.
vi.mock('@/utils/webauthn', async (original) => ({
  ...(await original<typeof import('@/utils/webauthn')>()),
  getPasskey: vi.fn(),
}))

/** The hooks the store gave the socket (the last store made). */
function socketAuth(): SocketAuth {
  return vi.mocked(socket.setAuth).mock.lastCall![0]!
}

function serve(handler: Handler) {
  const mock = mockFetch(handler)
  vi.stubGlobal('fetch', mock.fetch)
  return mock.requests
}

const route = (req: RecordedRequest) => `${req.method} ${req.url}`

const MEDIA_SESSION = 'POST /api/v1/media/session'

describe('auth store', () => {
  beforeEach(() => {
    localStorage.clear()
    vi.mocked(socket.connect).mockClear()
    vi.mocked(socket.disconnect).mockClear()
    setActivePinia(createPinia())
  })

  it('starts signed out with nothing stored', () => {
    const auth = useAuthStore()
    expect(auth.isAuthenticated).toBe(false)
    expect(auth.user).toBeNull()
  })

  it('restores a stored session', () => {
    storeSession()
    const auth = useAuthStore()
    expect(auth.isAuthenticated).toBe(true)
    expect(auth.user).toEqual(alice)
    expect(auth.accessToken).toBe('a1')
  })

  it('signs up, stores the pair and the user, and opens the socket', async () => {
    const requests = serve(() => json(201, { user: alice, access_token: 'a1', refresh_token: 'r1' }))
    const auth = useAuthStore()

    await auth.signup({ username: 'alice', password: 'correct horse', display_name: 'Alice' })

    expect(route(requests[0]!)).toBe('POST /api/v1/auth/signup')
    expect(requests[0]!.body).toEqual({ username: 'alice', password: 'correct horse', display_name: 'Alice' })
    expect(requests[0]!.headers['authorization']).toBeUndefined()
    expect(auth.user).toEqual(alice)
    expect(localStorage.getItem(ACCESS_TOKEN_KEY)).toBe('a1')
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBe('r1')
    expect(JSON.parse(localStorage.getItem(USER_KEY)!)).toEqual(alice)
    expect(socket.connect).toHaveBeenCalledTimes(1)
  })

  it('logs in and clears a pending notice', async () => {
    const requests = serve(() => json(200, { user: alice, access_token: 'a1', refresh_token: 'r1' }))
    const auth = useAuthStore()
    auth.notice = SESSION_EXPIRED_MESSAGE

    await auth.login({ username: 'alice', password: 'correct horse' })

    expect(route(requests[0]!)).toBe('POST /api/v1/auth/login')
    expect(auth.isAuthenticated).toBe(true)
    expect(auth.notice).toBeNull()
  })

  it('a sign-up the server holds until the email is confirmed (202) opens no session', async () => {
    const pendingUser = { ...alice, email: 'alice@example.com', email_verified_at: null }
    serve(() => json(202, { user: pendingUser, email_verification_required: true }))
    const auth = useAuthStore()

    const result = await auth.signup({ username: 'alice', password: 'correct horse', email: 'alice@example.com' })

    expect(result).toEqual({ user: pendingUser, pending: true })
    expect(auth.isAuthenticated).toBe(false)
    expect(auth.user).toBeNull()
    expect(localStorage.getItem(ACCESS_TOKEN_KEY)).toBeNull()
    expect(socket.connect).not.toHaveBeenCalled()
  })

  it('a confirmed email updates the signed-in user, and only theirs', () => {
    storeSession('a1', 'r1', { ...alice, email: 'a@example.com', email_verified_at: null })
    const auth = useAuthStore()
    auth.applyEmailVerified({ user_id: 'someone-else', email: 'x@example.com', email_verified_at: '2024-06-01T10:00:00Z' })
    expect(auth.user?.email_verified_at).toBeNull()

    auth.applyEmailVerified({ user_id: alice.id, email: 'a@example.com', email_verified_at: '2024-06-01T10:00:00Z' })
    expect(auth.user?.email_verified_at).toBe('2024-06-01T10:00:00Z')
    expect(JSON.parse(localStorage.getItem(USER_KEY)!).email_verified_at).toBe('2024-06-01T10:00:00Z')
  })

  it('a request refused because the login was revoked ends the session saying so', async () => {
    storeSession()
    serve((req) =>
      req.url.endsWith('/auth/refresh')
        ? errorEnvelope(401, 'invalid_refresh_token', 'Not valid.')
        : errorEnvelope(401, 'session_revoked', 'This login has ended.'),
    )
    const auth = useAuthStore()
    await expect(auth.fetchMe()).rejects.toMatchObject({ code: SESSION_EXPIRED })
    expect(auth.isAuthenticated).toBe(false)
    expect(auth.notice).toBe(SESSION_REVOKED_MESSAGE)
  })

  it('the socket closing with 4004 (login ended) ends the session saying so', async () => {
    storeSession()
    serve(() => errorEnvelope(401, 'invalid_refresh_token', 'Not valid.'))
    const auth = useAuthStore()
    await expect(socketAuth().refresh('a1', CLOSE_LOGIN_ENDED)).resolves.toBe(false)
    expect(auth.isAuthenticated).toBe(false)
    expect(auth.notice).toBe(SESSION_REVOKED_MESSAGE)
  })

  it('a bad socket token (4001) whose refresh is refused is a plain expiry', async () => {
    storeSession()
    serve(() => errorEnvelope(401, 'invalid_refresh_token', 'Not valid.'))
    const auth = useAuthStore()
    await expect(socketAuth().refresh('a1', CLOSE_BAD_TOKEN)).resolves.toBe(false)
    expect(auth.notice).toBe(SESSION_EXPIRED_MESSAGE)
  })

  describe('the second login step', () => {
    const challenged = () => json(202, { challenge: 'c1', expires_in: 300, methods: ['totp', 'recovery_code', 'passkey', 'sms'] })
    const signedIn = () => json(200, { user: alice, access_token: 'a1', refresh_token: 'r1' })

    it('a login that asks for a second factor (202) opens no session, and holds the challenge', async () => {
      serve(challenged)
      const auth = useAuthStore()
      await expect(auth.login({ username: 'alice', password: 'correct horse' })).resolves.toBe('second_factor')
      expect(auth.isAuthenticated).toBe(false)
      expect(localStorage.getItem(ACCESS_TOKEN_KEY)).toBeNull()
      expect(socket.connect).not.toHaveBeenCalled()
      // Methods it does not know are left out.
      expect(auth.secondFactor).toMatchObject({ challenge: 'c1', methods: ['totp', 'recovery_code', 'passkey'], username: 'alice' })
    })

    it('a right code opens the session', async () => {
      const requests = serve((req) => (req.url.endsWith('/auth/login') ? challenged() : signedIn()))
      const auth = useAuthStore()
      await auth.login({ username: 'alice', password: 'correct horse' })
      await auth.completeSecondFactor({ code: '123456' })

      const step = requests.find((r) => r.url.endsWith('/auth/login/second-factor'))!
      expect(step.body).toEqual({ challenge: 'c1', code: '123456' })
      expect(step.headers['authorization']).toBeUndefined()
      expect(auth.isAuthenticated).toBe(true)
      expect(auth.secondFactor).toBeNull()
      expect(socket.connect).toHaveBeenCalledTimes(1)
    })

    it('a wrong code keeps the step (and asks no refresh); an expired challenge goes back to the password', async () => {
      let answer = () => errorEnvelope(401, 'invalid_second_factor', 'the code is wrong')
      const requests = serve((req) => (req.url.endsWith('/auth/login') ? challenged() : answer()))
      const auth = useAuthStore()
      await auth.login({ username: 'alice', password: 'correct horse' })

      await expect(auth.completeSecondFactor({ recovery_code: 'abcde-fghij' })).rejects.toMatchObject({
        code: 'invalid_second_factor',
      })
      expect(auth.secondFactor?.challenge).toBe('c1')
      expect(requests.map(route)).toEqual(['POST /api/v1/auth/login', 'POST /api/v1/auth/login/second-factor'])

      answer = () => errorEnvelope(401, 'invalid_challenge', 'expired')
      await expect(auth.completeSecondFactor({ code: '123456' })).rejects.toMatchObject({ code: 'invalid_challenge' })
      expect(auth.secondFactor).toBeNull()
      expect(auth.notice).toBe(SECOND_STEP_EXPIRED_MESSAGE)
      expect(auth.isAuthenticated).toBe(false)
    })

    it('a passkey answers the step: its prompt, then the answer with the challenge', async () => {
      vi.mocked(getPasskey).mockResolvedValueOnce({ id: 'k1' } as never)
      const requests = serve((req) =>
        req.url.endsWith('/auth/login')
          ? challenged()
          : req.url.endsWith('/passkey-options')
            ? json(201, { ceremony_id: 'cer1', options: { publicKey: { challenge: 'AQID' } } })
            : signedIn(),
      )
      const auth = useAuthStore()
      await auth.login({ username: 'alice', password: 'correct horse' })
      await expect(auth.secondFactorWithPasskey()).resolves.toBe(true)

      expect(requests[1]!.body).toEqual({ challenge: 'c1' })
      expect(vi.mocked(getPasskey).mock.lastCall![0]).toEqual({ publicKey: { challenge: 'AQID' } })
      expect(requests[2]!.body).toEqual({ challenge: 'c1', passkey: { ceremony_id: 'cer1', credential: { id: 'k1' } } })
      expect(auth.isAuthenticated).toBe(true)
    })

    it('a passkey prompt closed by the person is no error, and the step stays', async () => {
      vi.mocked(getPasskey).mockRejectedValueOnce(new DOMException('closed', 'NotAllowedError'))
      serve((req) =>
        req.url.endsWith('/auth/login') ? challenged() : json(201, { ceremony_id: 'cer1', options: { publicKey: {} } }),
      )
      const auth = useAuthStore()
      await auth.login({ username: 'alice', password: 'correct horse' })
      await expect(auth.secondFactorWithPasskey()).resolves.toBe(false)
      expect(auth.secondFactor?.challenge).toBe('c1')
      expect(auth.isAuthenticated).toBe(false)
    })

    it('a login in another tab makes the step moot', async () => {
      serve(challenged)
      const auth = useAuthStore()
      await auth.login({ username: 'alice', password: 'correct horse' })
      storeSession()
      window.dispatchEvent(new StorageEvent('storage', { key: REFRESH_TOKEN_KEY }))
      expect(auth.isAuthenticated).toBe(true)
      expect(auth.secondFactor).toBeNull()
    })

    it('going back forgets the challenge', async () => {
      serve(challenged)
      const auth = useAuthStore()
      await auth.login({ username: 'alice', password: 'correct horse' })
      auth.cancelSecondFactor()
      expect(auth.secondFactor).toBeNull()
    })
  })

  describe('logging in with a passkey alone', () => {
    it('asks for options, the browser’s passkey, then opens the session', async () => {
      vi.mocked(getPasskey).mockResolvedValueOnce({ id: 'k1' } as never)
      const requests = serve((req) =>
        req.url.endsWith('/auth/passkey/options')
          ? json(201, { ceremony_id: 'cer1', options: { publicKey: { challenge: 'AQID', allowCredentials: [] } } })
          : json(200, { user: alice, access_token: 'a1', refresh_token: 'r1' }),
      )
      const auth = useAuthStore()
      await expect(auth.loginWithPasskey()).resolves.toBe(true)
      expect(requests.map(route).slice(0, 2)).toEqual(['POST /api/v1/auth/passkey/options', 'POST /api/v1/auth/passkey'])
      expect(requests[1]!.body).toEqual({ ceremony_id: 'cer1', credential: { id: 'k1' } })
      expect(auth.isAuthenticated).toBe(true)
    })

    it('a closed prompt resolves false; a passkey the server does not know throws', async () => {
      serve((req) =>
        req.url.endsWith('/auth/passkey/options')
          ? json(201, { ceremony_id: 'cer1', options: { publicKey: { challenge: 'AQID' } } })
          : errorEnvelope(401, 'invalid_passkey', 'unknown'),
      )
      const auth = useAuthStore()
      vi.mocked(getPasskey).mockRejectedValueOnce(new DOMException('closed', 'NotAllowedError'))
      await expect(auth.loginWithPasskey()).resolves.toBe(false)
      vi.mocked(getPasskey).mockResolvedValueOnce({ id: 'k1' } as never)
      await expect(auth.loginWithPasskey()).rejects.toMatchObject({ code: 'invalid_passkey' })
      expect(auth.isAuthenticated).toBe(false)
    })
  })

  it('keeps the server error of a failed login and stays signed out', async () => {
    serve(() => errorEnvelope(401, 'invalid_credentials', 'Wrong username or password.'))
    const auth = useAuthStore()

    const err = await auth.login({ username: 'alice', password: 'nope nope' }).catch((e: unknown) => e)

    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ code: 'invalid_credentials' })
    expect(auth.isAuthenticated).toBe(false)
    expect(socket.connect).not.toHaveBeenCalled()
  })

  it('logs out: revokes the refresh token and forgets everything', async () => {
    storeSession()
    const requests = serve(() => json(204))
    const auth = useAuthStore()

    await auth.logout()

    expect(route(requests[0]!)).toBe('POST /api/v1/auth/logout')
    expect(requests[0]!.body).toEqual({ refresh_token: 'r1' })
    expect(requests[0]!.headers['authorization']).toBe('Bearer a1')
    expect(auth.isAuthenticated).toBe(false)
    expect(auth.user).toBeNull()
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBeNull()
    expect(localStorage.getItem(USER_KEY)).toBeNull()
    expect(socket.disconnect).toHaveBeenCalled()
  })

  it('logs out locally even when the server cannot be reached', async () => {
    storeSession()
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('offline')
      }),
    )
    const auth = useAuthStore()
    await expect(auth.logout()).resolves.toBeUndefined()
    expect(auth.isAuthenticated).toBe(false)
  })

  it('fetchMe refreshes an expired access token silently and persists the new pair', async () => {
    storeSession('old-access', 'r1')
    const requests = serve((req) => {
      if (req.url.endsWith('/auth/refresh')) return json(200, { access_token: 'a2', refresh_token: 'r2' })
      return req.headers['authorization'] === 'Bearer a2'
        ? json(200, { ...alice, bio: 'hi' })
        : errorEnvelope(401, 'token_expired', 'Expired.')
    })
    const auth = useAuthStore()

    const me = await auth.fetchMe()

    expect(me.bio).toBe('hi')
    const calls = requests.filter((r) => route(r) !== MEDIA_SESSION)
    expect(calls.map(route)).toEqual([
      'GET /api/v1/users/me',
      'POST /api/v1/auth/refresh',
      'GET /api/v1/users/me',
    ])
    expect(calls[1]!.body).toEqual({ refresh_token: 'r1' })
    // The new pair renews the media cookie too, with the new token.
    await vi.waitFor(() => expect(requests.map(route)).toContain(MEDIA_SESSION))
    expect(requests.find((r) => route(r) === MEDIA_SESSION)!.headers['authorization']).toBe('Bearer a2')
    expect(auth.accessToken).toBe('a2')
    expect(localStorage.getItem(ACCESS_TOKEN_KEY)).toBe('a2')
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBe('r2')
  })

  it('ends the session with a message when the refresh is refused', async () => {
    storeSession()
    serve((req) =>
      req.url.endsWith('/auth/refresh')
        ? errorEnvelope(401, 'invalid_refresh_token', 'Revoked.')
        : errorEnvelope(401, 'token_expired', 'Expired.'),
    )
    const auth = useAuthStore()

    await expect(auth.fetchMe()).rejects.toMatchObject({ code: SESSION_EXPIRED })

    expect(auth.isAuthenticated).toBe(false)
    expect(auth.user).toBeNull()
    expect(auth.notice).toBe(SESSION_EXPIRED_MESSAGE)
    expect(localStorage.getItem(ACCESS_TOKEN_KEY)).toBeNull()
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBeNull()
    expect(socket.disconnect).toHaveBeenCalled()
  })

  it('refresh() reports whether the session survived', async () => {
    storeSession()
    let accept = true
    serve(() =>
      accept
        ? json(200, { access_token: 'a2', refresh_token: 'r2' })
        : errorEnvelope(401, 'invalid_refresh_token', 'Revoked.'),
    )
    const auth = useAuthStore()
    await expect(auth.refresh()).resolves.toBe(true)
    expect(auth.refreshToken).toBe('r2')
    accept = false
    await expect(auth.refresh()).resolves.toBe(false)
    expect(auth.isAuthenticated).toBe(false)
  })

  it('init() reloads the user once and connects the socket', async () => {
    storeSession()
    const requests = serve(() => json(200, { ...alice, display_name: 'Alice L.' }))
    const auth = useAuthStore()

    await Promise.all([auth.init(), auth.init()])

    // One profile reload, and one media cookie for <img> and <video>.
    expect(requests.map(route).sort()).toEqual(['GET /api/v1/users/me', MEDIA_SESSION])
    expect(auth.user?.display_name).toBe('Alice L.')
    expect(socket.connect).toHaveBeenCalledTimes(1)
  })

  it('init() keeps the cached user when offline', async () => {
    storeSession()
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('offline')
      }),
    )
    const auth = useAuthStore()
    await auth.init()
    expect(auth.isAuthenticated).toBe(true)
    expect(auth.user).toEqual(alice)
  })

  it('updateProfile PATCHes only what it is given and keeps the returned user', async () => {
    storeSession()
    const updated = { ...alice, bio: 'Hello', status_text: 'Away' }
    const requests = serve(() => json(200, updated))
    const auth = useAuthStore()

    await auth.updateProfile({ bio: 'Hello', status_text: 'Away' })

    expect(route(requests[0]!)).toBe('PATCH /api/v1/users/me')
    expect(requests[0]!.body).toEqual({ bio: 'Hello', status_text: 'Away' })
    expect(auth.user).toEqual(updated)
    expect(JSON.parse(localStorage.getItem(USER_KEY)!)).toEqual(updated)
  })

  it('changePassword POSTs both passwords and keeps a rotated pair if one is returned', async () => {
    storeSession()
    const requests = serve(() => json(200, { access_token: 'a9', refresh_token: 'r9' }))
    const auth = useAuthStore()

    await auth.changePassword({ current_password: 'old password', new_password: 'new password' })

    expect(route(requests[0]!)).toBe('POST /api/v1/users/me/password')
    expect(requests[0]!.body).toEqual({ current_password: 'old password', new_password: 'new password' })
    expect(auth.refreshToken).toBe('r9')
  })

  it('changePassword surfaces a wrong current password', async () => {
    storeSession()
    serve(() => errorEnvelope(403, 'invalid_credentials', 'Your current password is wrong.'))
    const auth = useAuthStore()
    await expect(
      auth.changePassword({ current_password: 'bad', new_password: 'new password' }),
    ).rejects.toMatchObject({ code: 'invalid_credentials' })
    expect(auth.isAuthenticated).toBe(true)
  })

  it('deleteAccount sends the password, then signs out with a notice', async () => {
    storeSession()
    const requests = serve(() => json(204))
    const auth = useAuthStore()

    await auth.deleteAccount({ password: 'correct horse' })

    expect(route(requests[0]!)).toBe('DELETE /api/v1/users/me')
    expect(requests[0]!.body).toEqual({ password: 'correct horse' })
    expect(auth.isAuthenticated).toBe(false)
    expect(auth.notice).toBe(ACCOUNT_DELETED_MESSAGE)
  })

  it('deleteAccount of an account without a password sends the mailed code', async () => {
    storeSession()
    const requests = serve(() => json(204))
    await useAuthStore().deleteAccount({ email_code: '123456' })
    expect(requests[0]!.body).toEqual({ email_code: '123456' })
  })

  it('follows a logout done in another tab', () => {
    storeSession()
    const auth = useAuthStore()
    localStorage.removeItem(ACCESS_TOKEN_KEY)
    localStorage.removeItem(REFRESH_TOKEN_KEY)
    localStorage.removeItem(USER_KEY)
    window.dispatchEvent(new StorageEvent('storage', { key: REFRESH_TOKEN_KEY }))
    expect(auth.isAuthenticated).toBe(false)
    expect(auth.user).toBeNull()
    expect(socket.disconnect).toHaveBeenCalled()
  })

  it('uses tokens another tab rotated meanwhile', async () => {
    storeSession('a1', 'r1')
    const requests = serve(() => json(200, alice))
    const auth = useAuthStore()
    localStorage.setItem(ACCESS_TOKEN_KEY, 'a-other-tab')
    localStorage.setItem(REFRESH_TOKEN_KEY, 'r-other-tab')
    await auth.fetchMe()
    expect(requests[0]!.headers['authorization']).toBe('Bearer a-other-tab')
  })
})
