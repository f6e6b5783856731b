/**
 * The one HTTP client of the SPA: a thin `fetch` wrapper that speaks JSON,
 * attaches the Bearer access token, turns the SPEC error envelope
 * (`{"error": {"code", "message"}}`) into a typed {@link ApiError}, and
 * renews an expired access token once, silently, with the refresh token.
 *
 * It knows nothing about Pinia or the router: the auth store plugs itself
 * in with {@link ApiClient.setSession}.
 */
import { i18n } from '@/i18n'
import { withCrossTabLock } from '@/utils/crossTabLock'
import { serverErrorText } from '@/utils/errorText'

import type { ErrorEnvelope, SessionTokens, TokenPair } from './types'

export const API_BASE = '/api/v1'

/** `code` of the error thrown when the session is gone (refresh refused). */
export const SESSION_EXPIRED = 'session_expired'
/**
 * `code` of a 401 whose login was ended on purpose (revoked from another
 * device, a password reset): passed on to `onSessionExpired` so the user is
 * told why, since the refresh that follows only says the token is invalid.
 */
export const SESSION_REVOKED = 'session_revoked'
/**
 * `code` of the refresh's refusal (403) when a site administrator disabled
 * the account: passed on to `onSessionExpired` ahead of the request's own
 * reason, so the user is told that rather than "logged out elsewhere".
 */
export const ACCOUNT_DISABLED = 'account_disabled'
/** `code` of the error thrown when the server could not be reached. */
export const NETWORK_ERROR = 'network_error'

const REFRESH_TIMEOUT_MS = 15_000

export interface ApiErrorInit {
  status: number
  code: string
  message: string
  retryAfter?: number
  requestId?: string
  /** The server's own message (for developers, in English), when it gave one. */
  detail?: string
}

export class ApiError extends Error {
  /** HTTP status; 0 when no response arrived (network failure). */
  readonly status: number
  /** snake_case code from the envelope, e.g. `username_taken`. */
  readonly code: string
  /** Seconds from a 429's `Retry-After`. */
  readonly retryAfter?: number
  /** The response's `X-Request-Id`, for bug reports. */
  readonly requestId?: string
  /**
   * The server's own message, for developers and in English ("has: takes
   * link, image…"); `message` is what to show people. A screen that has no
   * better words for a refusal of its own may quote it (the search box does).
   */
  readonly detail?: string

  constructor(init: ApiErrorInit) {
    super(init.message)
    this.name = 'ApiError'
    this.status = init.status
    this.code = init.code
    this.retryAfter = init.retryAfter
    this.requestId = init.requestId
    this.detail = init.detail
  }

  get isNetworkError(): boolean {
    return this.status === 0
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError
}

/**
 * The server could not be reached, or could not take the request just now
 * (no answer, 408, 429, 5xx): the same request may well succeed later. Any
 * other refusal is an answer, and sending it again changes nothing.
 */
export function isTemporaryError(e: unknown): boolean {
  return isApiError(e) && (e.status === 0 || e.status === 408 || e.status === 429 || e.status >= 500)
}

function isErrorEnvelope(v: unknown): v is ErrorEnvelope {
  if (typeof v !== 'object' || v === null || !('error' in v)) return false
  const err = (v as { error: unknown }).error
  return (
    typeof err === 'object' &&
    err !== null &&
    typeof (err as { code?: unknown }).code === 'string' &&
    typeof (err as { message?: unknown }).message === 'string'
  )
}

function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined
  const secs = Number(value)
  if (Number.isFinite(secs)) return Math.max(0, secs)
  const date = Date.parse(value)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, Math.ceil((date - Date.now()) / 1000))
}

function envelopeRetryAfter(body: ErrorEnvelope): number | undefined {
  const secs: unknown = body.error.retry_after
  return typeof secs === 'number' && Number.isFinite(secs) ? Math.max(0, secs) : undefined
}

/** Builds an {@link ApiError} from a non-2xx response, envelope or not. */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  let body: unknown = undefined
  try {
    const text = await res.text()
    body = text ? JSON.parse(text) : undefined
  } catch {
    body = undefined
  }
  const common = {
    status: res.status,
    retryAfter: parseRetryAfter(res.headers.get('retry-after')),
    requestId: res.headers.get('x-request-id') ?? undefined,
  }
  // The message is what screens show, so it is worded for people here, once
  // (the server's is for developers, and may be lower case).
  if (isErrorEnvelope(body)) {
    // A 429's wait is in Retry-After; the envelope says it too (retry_after), for a proxy that drops the header.
    const retryAfter = common.retryAfter ?? envelopeRetryAfter(body)
    return new ApiError({
      ...common,
      retryAfter,
      code: body.error.code,
      message: serverErrorText(body.error.code, body.error.message, retryAfter),
      detail: body.error.message,
    })
  }
  // A proxy's HTML error page, an empty body, or a shape we don't know.
  return new ApiError({
    ...common,
    code: `http_${res.status}`,
    // Its status text ("Bad Gateway") is for developers, and in English.
    message: i18n.global.t('errors.noAnswer', { status: res.status }),
  })
}

export interface SessionHooks {
  /**
   * The current tokens. Read from shared storage each time: another tab may
   * have rotated them.
   */
  getTokens(): Partial<SessionTokens> | null
  /** Stores a freshly rotated pair. */
  setTokens(pair: SessionTokens): void
  /**
   * The refresh token was refused: clear the session (once per failure).
   * `reason` is the code of the refused request that led to the refresh when
   * it said why (`session_revoked`), or the refresh's own `account_disabled`.
   */
  onSessionExpired(reason?: string): void
}

export type QueryValue = string | number | boolean | null | undefined

export interface RequestOptions {
  /** JSON-encoded unless it is a FormData (multipart upload). */
  body?: unknown
  query?: Record<string, QueryValue>
  /** Attach the access token and refresh on 401 (default true). */
  auth?: boolean
  signal?: AbortSignal
  headers?: Record<string, string>
  /** Resolve with the `Response` itself, body unread (a file download); errors still throw. */
  raw?: boolean
  /** Let the request outlive the page (a save sent from `pagehide`). */
  keepalive?: boolean
}

/**
 * 401 codes about what a request carried (a wrong one-time code, an ID token),
 * not about its access token: refreshing would not help, and retrying would
 * spend another of the attempts the server allows.
 */
const NOT_TOKEN_401 = new Set(['invalid_second_factor', 'invalid_id_token', 'invalid_passkey', 'invalid_credentials'])

export interface ApiClientOptions {
  baseUrl?: string
  /** Defaults to the global `fetch`, looked up at call time. */
  fetch?: typeof fetch
  session?: SessionHooks
}

export class ApiClient {
  private readonly baseUrl: string
  private readonly fetchImpl?: typeof fetch
  private session: SessionHooks | null
  private refreshing: Promise<SessionTokens> | null = null

  constructor(options: ApiClientOptions = {}) {
    this.baseUrl = options.baseUrl ?? API_BASE
    this.fetchImpl = options.fetch
    this.session = options.session ?? null
  }

  setSession(hooks: SessionHooks | null): void {
    this.session = hooks
  }

  /** The current access token (for requests made without `fetch`: uploads with progress). */
  accessToken(): string | null {
    return this.session?.getTokens()?.access_token ?? null
  }

  /** The full URL of an API path, as requests use it. */
  urlOf(path: string): string {
    return this.url(path)
  }

  get<T>(path: string, options?: RequestOptions): Promise<T> {
    return this.request<T>('GET', path, options)
  }

  post<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return this.request<T>('POST', path, { ...options, body })
  }

  put<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return this.request<T>('PUT', path, { ...options, body })
  }

  patch<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return this.request<T>('PATCH', path, { ...options, body })
  }

  delete<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return this.request<T>('DELETE', path, { ...options, body })
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const useAuth = options.auth ?? true
    const session = useAuth ? this.session : null
    const sentToken = session?.getTokens()?.access_token ?? null

    let res = await this.send(method, path, options, sentToken)

    if (res.status === 401 && session) {
      const refused = await errorFromResponse(res)
      if (NOT_TOKEN_401.has(refused.code)) throw refused
      // Another request (or tab) may have refreshed while this one was in flight.
      const current = session.getTokens()?.access_token ?? null
      const token =
        current && current !== sentToken
          ? current
          : (await this.refreshTokens(sentToken, refused.code)).access_token
      res = await this.send(method, path, options, token)
    }

    if (!res.ok) throw await errorFromResponse(res)
    if (options.raw) return res as T
    return (await readBody(res)) as T
  }

  /**
   * Rotates the token pair with `POST /auth/refresh`. Concurrent callers share
   * one request. `staleAccessToken` is the token that was just refused: if
   * the stored one differs, someone else already refreshed and it is reused.
   *
   * Rejects with `session_expired` (after calling `onSessionExpired`) when the
   * server refuses the refresh token; with the original error, session kept,
   * when the server is unreachable or failing (network, 5xx, 429).
   * `cause`: why the access token was refused (an error code), handed to
   * `onSessionExpired` if the session turns out to be gone.
   */
  refreshTokens(staleAccessToken?: string | null, cause?: string): Promise<SessionTokens> {
    if (!this.refreshing) {
      // One refresh across tabs: refresh tokens rotate on every use, and a
      // second tab presenting the token the first tab just used would make the
      // server revoke the whole login.
      this.refreshing = withCrossTabLock('confab.auth.refresh', () =>
        this.doRefresh(staleAccessToken ?? null, cause),
      ).finally(() => {
        this.refreshing = null
      })
    }
    return this.refreshing
  }

  private async doRefresh(staleAccessToken: string | null, cause?: string): Promise<SessionTokens> {
    const session = this.session
    if (!session) throw sessionExpiredError()

    const tokens = session.getTokens()
    if (
      staleAccessToken &&
      tokens?.access_token &&
      tokens.refresh_token &&
      tokens.access_token !== staleAccessToken
    ) {
      return { access_token: tokens.access_token, refresh_token: tokens.refresh_token }
    }

    const refreshToken = tokens?.refresh_token
    if (!refreshToken) {
      session.onSessionExpired(cause)
      throw sessionExpiredError()
    }

    // Bounded: other tabs wait on the lock this refresh holds.
    const signal = typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(REFRESH_TIMEOUT_MS) : undefined
    const res = await this.send('POST', '/auth/refresh', { body: { refresh_token: refreshToken }, signal }, null)
    if (!res.ok) {
      const err = await errorFromResponse(res)
      if (res.status >= 500 || res.status === 429) throw err
      session.onSessionExpired(err.code === ACCOUNT_DISABLED ? ACCOUNT_DISABLED : cause)
      throw sessionExpiredError(err)
    }
    const pair = (await res.json()) as TokenPair
    session.setTokens(pair)
    return pair
  }

  private async send(
    method: string,
    path: string,
    options: RequestOptions,
    token: string | null,
  ): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json', ...options.headers }
    let body: BodyInit | undefined
    if (options.body instanceof FormData) {
      body = options.body
    } else if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json'
      body = JSON.stringify(options.body)
    }
    if (token) headers.Authorization = `Bearer ${token}`

    const fetchImpl = this.fetchImpl ?? globalThis.fetch
    try {
      return await fetchImpl(this.url(path, options.query), {
        method,
        headers,
        body,
        signal: options.signal,
        credentials: 'same-origin',
        ...(options.keepalive ? { keepalive: true } : {}),
      })
    } catch (e) {
      if ((e as { name?: unknown } | null)?.name === 'AbortError') throw e // the caller cancelled
      throw new ApiError({
        status: 0,
        code: NETWORK_ERROR,
        message: i18n.global.t('errors.network'),
      })
    }
  }

  private url(path: string, query?: Record<string, QueryValue>): string {
    let url = this.baseUrl + path
    if (query) {
      const params = new URLSearchParams()
      for (const [k, v] of Object.entries(query)) {
        if (v !== undefined && v !== null) params.append(k, String(v))
      }
      const qs = params.toString()
      if (qs) url += (url.includes('?') ? '&' : '?') + qs
    }
    return url
  }
}

function sessionExpiredError(cause?: ApiError): ApiError {
  return new ApiError({
    status: 401,
    code: SESSION_EXPIRED,
    message: i18n.global.t('errors.sessionExpired'),
    requestId: cause?.requestId,
  })
}

async function readBody(res: Response): Promise<unknown> {
  if (res.status === 204 || res.status === 205) return undefined
  const text = await res.text()
  if (!text) return undefined
  const type = res.headers.get('content-type') ?? ''
  if (type.includes('json')) return JSON.parse(text)
  return text
}

/** The app-wide client; the auth store installs its session hooks. */
export const api = new ApiClient()
