import type { Message } from '@/api/types'

import { message } from './chat'
import { json, type RecordedRequest } from './http'

/**
 * `GET /conversations/{id}/messages` over `message(1..total())`, paging as the
 * API does: `before` (newest first), `after` (oldest first) and `around`
 * (newest first, the message in the middle, both cursors).
 */
export function historyRoute(total: number | (() => number), make: (n: number) => Message = (n) => message(n)) {
  return (req: Pick<RecordedRequest, 'url'>) => {
    const url = new URL(req.url, 'http://x')
    const q = (k: string) => url.searchParams.get(k)
    const limit = Number(q('limit') ?? 50)
    const count = typeof total === 'function' ? total() : total
    const all = Array.from({ length: count }, (_, i) => make(i + 1)) // oldest first
    const last = <T>(list: T[]) => list[list.length - 1]
    const before = q('before')
    const after = q('after')
    const around = q('around')
    if (after) {
      const newer = all.filter((m) => m.id > after)
      const items = newer.slice(0, limit)
      return json(200, { items, next_before: null, next_after: newer.length > limit ? last(items)!.id : null })
    }
    if (around) {
      const at = all.findIndex((m) => m.id === around)
      if (at < 0) return json(404, { error: { code: 'not_found', message: 'message not found' } })
      const olderCount = Math.floor((limit - 1) / 2)
      const newerCount = limit - 1 - olderCount
      const older = all.slice(Math.max(0, at - olderCount), at)
      const newer = all.slice(at + 1, at + 1 + newerCount)
      return json(200, {
        items: [...older, all[at]!, ...newer].reverse(),
        next_before: at - olderCount > 0 ? older[0]!.id : null,
        next_after: at + 1 + newerCount < all.length ? last(newer)!.id : null,
      })
    }
    const older = [...(before ? all.filter((m) => m.id < before) : all)].reverse()
    const items = older.slice(0, limit)
    return json(200, { items, next_before: older.length > limit ? last(items)!.id : null, next_after: null })
  }
}
