import { vi } from 'vitest'

export interface RecordedRequest {
  method: string
  url: string
  headers: Record<string, string>
  body: unknown
}

export type Handler = (req: RecordedRequest) => Response | Promise<Response>

export function json(status: number, body?: unknown, headers: Record<string, string> = {}): Response {
  if (body === undefined) return new Response(null, { status, headers })
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  })
}

export function errorEnvelope(status: number, code: string, message: string, headers?: Record<string, string>) {
  return json(status, { error: { code, message } }, headers)
}

/**
 * A fetch mock that records each request (those `record` accepts) and
 * answers with `handler`.
 */
export function mockFetch(handler: Handler, record: (req: RecordedRequest) => boolean = () => true) {
  const requests: RecordedRequest[] = []
  const fn = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const headers: Record<string, string> = {}
    for (const [k, v] of Object.entries((init.headers ?? {}) as Record<string, string>)) headers[k.toLowerCase()] = v
    const req: RecordedRequest = {
      method: init.method ?? 'GET',
      url: String(input),
      headers,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : init.body,
    }
    if (record(req)) requests.push(req)
    return handler(req)
  })
  return { fetch: fn as unknown as typeof fetch, requests }
}

/** A promise you resolve by hand, to hold a response back. */
export function deferred<T>() {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

export const flush = () => new Promise<void>((r) => setTimeout(r, 0))
