import { vi } from 'vitest'

import { json, mockFetch, type RecordedRequest } from './http'

export type RouteHandler = (req: RecordedRequest, params: string[]) => Response | Promise<Response>

/**
 * Stubs the global fetch with a table of `"METHOD /api/v1/path"` routes; `*`
 * matches one path segment (given to the handler). Unknown routes answer 404.
 */
export function serveRoutes(routes: Record<string, RouteHandler>) {
  const table = Object.entries(routes).map(([key, handler]) => {
    const [method, path] = key.split(' ') as [string, string]
    const re = new RegExp(`^${path.replace(/[.?+]/g, '\\$&').replace(/\*/g, '([^/?]+)')}(\\?.*)?$`)
    return { method, re, handler }
  })
  const mock = mockFetch((req) => {
    for (const { method, re, handler } of table) {
      const m = req.method === method ? re.exec(req.url) : null
      if (m) return handler(req, m.slice(1, -1))
    }
    return json(404, { error: { code: 'not_found', message: `no route ${req.method} ${req.url}` } })
  })
  vi.stubGlobal('fetch', mock.fetch)
  return mock.requests
}

/** `"GET /api/v1/x?y=1"` for assertions. */
export const route = (req: RecordedRequest) => `${req.method} ${req.url}`
