import { beforeEach, describe, expect, it, vi } from 'vitest'

import { ApiClient, ApiError, NETWORK_ERROR, SESSION_EXPIRED, SESSION_REVOKED, type SessionHooks } from '@/api/client'
import type { SessionTokens } from '@/api/types'

import { deferred, errorEnvelope, json, mockFetch, type RecordedRequest } from '../helpers/http'

function memorySession(initial: Partial<SessionTokens> = { access_token: 'a1', refresh_token: 'r1' }) {
  const state = { tokens: { ...initial } as Partial<SessionTokens> | null }
  const hooks = {
    getTokens: vi.fn(() => state.tokens),
    setTokens: vi.fn((pair: SessionTokens) => {
      state.tokens = { ...pair }
    }),
    onSessionExpired: vi.fn((_reason?: string) => {
      state.tokens = null
    }),
  } satisfies SessionHooks
  return { state, hooks }
}

const bearer = (req: RecordedRequest) => req.headers['authorization']

describe('ApiClient', () => {
  let session: ReturnType<typeof memorySession>

  beforeEach(() => {
    session = memorySession()
  })

  it('sends JSON with the Bearer token and parses the JSON reply', async () => {
    const { fetch, requests } = mockFetch(() => json(200, { id: 'u1' }))
    const client = new ApiClient({ fetch, session: session.hooks })

    const res = await client.post<{ id: string }>('/things', { name: 'x' }, { query: { limit: 10, skip: undefined } })

    expect(res).toEqual({ id: 'u1' })
    expect(requests).toHaveLength(1)
    expect(requests[0]).toMatchObject({
      method: 'POST',
      url: '/api/v1/things?limit=10',
      body: { name: 'x' },
    })
    expect(requests[0]!.headers['content-type']).toBe('application/json')
    expect(bearer(requests[0]!)).toBe('Bearer a1')
  })

  it('returns undefined for 204 No Content', async () => {
    const { fetch } = mockFetch(() => json(204))
    const client = new ApiClient({ fetch, session: session.hooks })
    await expect(client.delete('/things/1')).resolves.toBeUndefined()
  })

  it('parses the error envelope into a typed ApiError', async () => {
    const { fetch } = mockFetch(() =>
      errorEnvelope(409, 'username_taken', 'That username is taken.', { 'X-Request-Id': 'req-42' }),
    )
    const client = new ApiClient({ fetch, session: session.hooks })

    const err = await client.post('/auth/signup', {}, { auth: false }).catch((e: unknown) => e)

    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({
      status: 409,
      code: 'username_taken',
      // In the language shown, by its code; the server's own words kept as the detail.
      message: 'That username is taken. Try another one.',
      detail: 'That username is taken.',
      requestId: 'req-42',
    })
  })

  it('reads Retry-After on 429', async () => {
    const { fetch } = mockFetch(() => errorEnvelope(429, 'rate_limited', 'Slow down.', { 'Retry-After': '7' }))
    const client = new ApiClient({ fetch, session: session.hooks })
    await expect(client.post('/auth/login', {}, { auth: false })).rejects.toMatchObject({
      status: 429,
      code: 'rate_limited',
      retryAfter: 7,
    })
  })

  it('shows the server’s message as a sentence, and a 429 with how long to wait in words', async () => {
    let answer = () => errorEnvelope(401, 'invalid_credentials', 'wrong username or password')
    const { fetch } = mockFetch(() => answer())
    const client = new ApiClient({ fetch, session: session.hooks })
    await expect(client.post('/auth/login', {}, { auth: false })).rejects.toMatchObject({
      code: 'invalid_credentials',
      message: 'Wrong username or password.',
    })
    answer = () => errorEnvelope(429, 'rate_limited', 'too many requests', { 'Retry-After': '2616' })
    await expect(client.post('/auth/login', {}, { auth: false })).rejects.toMatchObject({
      message: 'Too many requests. Try again in 44 minutes.',
      retryAfter: 2616,
    })
  })

  it('makes an ApiError from a response without an envelope', async () => {
    const { fetch } = mockFetch(
      () => new Response('<html>Bad Gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    )
    const client = new ApiClient({ fetch, session: session.hooks })
    await expect(client.get('/users/me')).rejects.toMatchObject({
      status: 502,
      code: 'http_502',
      // Not the status text ("Bad Gateway"): words of ours, in the language shown.
      message: 'The server could not answer (error 502). Please try again.',
    })
  })

  it('turns a network failure into a network_error ApiError', async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError('Failed to fetch')
    }) as unknown as typeof globalThis.fetch
    const client = new ApiClient({ fetch, session: session.hooks })
    const err = (await client.get('/users/me').catch((e: unknown) => e)) as ApiError
    expect(err.code).toBe(NETWORK_ERROR)
    expect(err.status).toBe(0)
    expect(err.isNetworkError).toBe(true)
  })

  it('lets a caller-side abort through as an AbortError', async () => {
    const fetch = vi.fn(async () => {
      throw new DOMException('aborted', 'AbortError')
    }) as unknown as typeof globalThis.fetch
    const client = new ApiClient({ fetch, session: session.hooks })
    await expect(client.get('/users/me')).rejects.toMatchObject({ name: 'AbortError' })
  })

  it('does not attach the token nor refresh when auth is false', async () => {
    const { fetch, requests } = mockFetch(() => errorEnvelope(401, 'invalid_credentials', 'Wrong username or password.'))
    const client = new ApiClient({ fetch, session: session.hooks })
    await expect(client.post('/auth/login', {}, { auth: false })).rejects.toMatchObject({ code: 'invalid_credentials' })
    expect(requests).toHaveLength(1)
    expect(bearer(requests[0]!)).toBeUndefined()
    expect(session.hooks.onSessionExpired).not.toHaveBeenCalled()
  })

  it('refreshes once on 401, stores the rotated pair, and retries', async () => {
    const { fetch, requests } = mockFetch((req) => {
      if (req.url.endsWith('/auth/refresh')) return json(200, { access_token: 'a2', refresh_token: 'r2' })
      return bearer(req) === 'Bearer a2' ? json(200, { ok: true }) : errorEnvelope(401, 'token_expired', 'Expired.')
    })
    const client = new ApiClient({ fetch, session: session.hooks })

    await expect(client.get('/users/me')).resolves.toEqual({ ok: true })

    expect(requests.map((r) => r.url)).toEqual(['/api/v1/users/me', '/api/v1/auth/refresh', '/api/v1/users/me'])
    expect(requests[1]!.body).toEqual({ refresh_token: 'r1' })
    expect(bearer(requests[1]!)).toBeUndefined()
    expect(session.hooks.setTokens).toHaveBeenCalledWith({ access_token: 'a2', refresh_token: 'r2' })
    expect(session.state.tokens).toEqual({ access_token: 'a2', refresh_token: 'r2' })
  })

  it('a 401 about what was sent (a wrong one-time code) is thrown at once: no refresh, no second attempt', async () => {
    const { fetch, requests } = mockFetch(() => errorEnvelope(401, 'invalid_second_factor', 'That code is not right.'))
    const client = new ApiClient({ fetch, session: session.hooks })
    await expect(client.post('/users/me/two-factor/totp/enable', { code: '123456' })).rejects.toMatchObject({
      status: 401,
      code: 'invalid_second_factor',
    })
    expect(requests.map((r) => r.url)).toEqual(['/api/v1/users/me/two-factor/totp/enable'])
    expect(session.hooks.onSessionExpired).not.toHaveBeenCalled()
  })

  it('raw: resolves with the response itself (a download), and still throws an error status', async () => {
    const { fetch } = mockFetch((req) =>
      req.url.endsWith('/ok')
        ? new Response('PK', { status: 200, headers: { 'Content-Type': 'application/zip' } })
        : errorEnvelope(404, 'not_found', 'Gone.'),
    )
    const client = new ApiClient({ fetch, session: session.hooks })
    const res = await client.request<Response>('GET', '/ok', { raw: true })
    expect(await res.text()).toBe('PK')
    await expect(client.request('GET', '/missing', { raw: true })).rejects.toMatchObject({ code: 'not_found' })
  })

  it('retries only once: a second 401 is thrown', async () => {
    const { fetch, requests } = mockFetch((req) =>
      req.url.endsWith('/auth/refresh')
        ? json(200, { access_token: 'a2', refresh_token: 'r2' })
        : errorEnvelope(401, 'unauthenticated', 'No.'),
    )
    const client = new ApiClient({ fetch, session: session.hooks })
    await expect(client.get('/users/me')).rejects.toMatchObject({ status: 401, code: 'unauthenticated' })
    expect(requests).toHaveLength(3)
  })

  it('shares one refresh between concurrent 401s', async () => {
    const refreshReply = deferred<Response>()
    const { fetch, requests } = mockFetch((req) => {
      if (req.url.endsWith('/auth/refresh')) return refreshReply.promise
      return bearer(req) === 'Bearer a2' ? json(200, { url: req.url }) : errorEnvelope(401, 'token_expired', 'Expired.')
    })
    const client = new ApiClient({ fetch, session: session.hooks })

    const calls = [client.get('/a'), client.get('/b'), client.get('/c')]
    await vi.waitFor(() => expect(requests.filter((r) => r.url.endsWith('/auth/refresh'))).toHaveLength(1))
    refreshReply.resolve(json(200, { access_token: 'a2', refresh_token: 'r2' }))

    await expect(Promise.all(calls)).resolves.toEqual([
      { url: '/api/v1/a' },
      { url: '/api/v1/b' },
      { url: '/api/v1/c' },
    ])
    expect(requests.filter((r) => r.url.endsWith('/auth/refresh'))).toHaveLength(1)
    expect(session.hooks.setTokens).toHaveBeenCalledTimes(1)
  })

  it('reuses a token refreshed meanwhile instead of refreshing again', async () => {
    const slow = deferred<Response>()
    let first = true
    const { fetch, requests } = mockFetch((req) => {
      if (req.url.endsWith('/auth/refresh')) return json(200, { access_token: 'a2', refresh_token: 'r2' })
      if (req.url.endsWith('/slow') && first) {
        first = false
        return slow.promise // sent with a1, answers 401 after the refresh below
      }
      return bearer(req) === 'Bearer a2' ? json(200, { ok: true }) : errorEnvelope(401, 'token_expired', 'Expired.')
    })
    const client = new ApiClient({ fetch, session: session.hooks })

    const slowCall = client.get('/slow')
    await client.get('/fast') // 401 → refresh → a2
    slow.resolve(errorEnvelope(401, 'token_expired', 'Expired.'))

    await expect(slowCall).resolves.toEqual({ ok: true })
    expect(requests.filter((r) => r.url.endsWith('/auth/refresh'))).toHaveLength(1)
  })

  it('clears the session once and fails every waiting request when the refresh is refused', async () => {
    const refreshReply = deferred<Response>()
    const { fetch, requests } = mockFetch((req) =>
      req.url.endsWith('/auth/refresh') ? refreshReply.promise : errorEnvelope(401, 'token_expired', 'Expired.'),
    )
    const client = new ApiClient({ fetch, session: session.hooks })

    const calls = [client.get('/a'), client.get('/b')].map((p) => p.catch((e: unknown) => e))
    await vi.waitFor(() => expect(requests.filter((r) => r.url.endsWith('/auth/refresh'))).toHaveLength(1))
    refreshReply.resolve(errorEnvelope(401, 'invalid_refresh_token', 'Refresh token revoked.'))

    const errors = (await Promise.all(calls)) as ApiError[]
    for (const e of errors) {
      expect(e).toBeInstanceOf(ApiError)
      expect(e.code).toBe(SESSION_EXPIRED)
      expect(e.message).toBe('Your session expired. Please log in again.')
    }
    expect(session.hooks.onSessionExpired).toHaveBeenCalledTimes(1)
    expect(session.hooks.setTokens).not.toHaveBeenCalled()
    // No retry of the original requests after a failed refresh.
    expect(requests).toHaveLength(3)
  })

  it('tells the session hooks when the refused token belonged to a revoked login', async () => {
    const { fetch, requests } = mockFetch((req) =>
      req.url.endsWith('/auth/refresh')
        ? errorEnvelope(401, 'invalid_refresh_token', 'Not valid.')
        : errorEnvelope(401, 'session_revoked', 'This login has ended.'),
    )
    const client = new ApiClient({ fetch, session: session.hooks })
    await expect(client.get('/users/me')).rejects.toMatchObject({ code: SESSION_EXPIRED })
    expect(session.hooks.onSessionExpired).toHaveBeenCalledExactlyOnceWith(SESSION_REVOKED)
    expect(requests.map((r) => r.url)).toEqual(['/api/v1/users/me', '/api/v1/auth/refresh'])
  })

  it('expires the session when there is no refresh token at all', async () => {
    session = memorySession({ access_token: 'a1' })
    const { fetch, requests } = mockFetch(() => errorEnvelope(401, 'token_expired', 'Expired.'))
    const client = new ApiClient({ fetch, session: session.hooks })
    await expect(client.get('/users/me')).rejects.toMatchObject({ code: SESSION_EXPIRED })
    expect(session.hooks.onSessionExpired).toHaveBeenCalledTimes(1)
    expect(requests).toHaveLength(1)
  })

  it('keeps the session when the refresh fails for a transient reason', async () => {
    const { fetch } = mockFetch((req) =>
      req.url.endsWith('/auth/refresh')
        ? errorEnvelope(503, 'unavailable', 'Try later.')
        : errorEnvelope(401, 'token_expired', 'Expired.'),
    )
    const client = new ApiClient({ fetch, session: session.hooks })
    await expect(client.get('/users/me')).rejects.toMatchObject({ status: 503, code: 'unavailable' })
    expect(session.hooks.onSessionExpired).not.toHaveBeenCalled()
    expect(session.state.tokens).toEqual({ access_token: 'a1', refresh_token: 'r1' })
  })

  it('sends FormData as multipart, without a JSON content type', async () => {
    const { fetch, requests } = mockFetch(() => json(201, { id: 'm1' }))
    const client = new ApiClient({ fetch, session: session.hooks })
    const form = new FormData()
    form.append('file', new Blob(['x']), 'x.txt')
    await client.post('/media', form)
    expect(requests[0]!.body).toBe(form)
    expect(requests[0]!.headers['content-type']).toBeUndefined()
  })
})
