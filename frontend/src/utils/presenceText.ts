import type { Presence } from '@/api/types'

import { timeAgo } from './time'

/** "Online", "Away", "Last seen 5 minutes ago", or "Offline" when never seen. */
export function presenceLabel(p: Presence | undefined, now: Date = new Date()): string {
  if (!p) return ''
  if (p.status === 'online') return 'Online'
  if (p.status === 'away') return 'Away'
  return p.last_seen_at ? `Last seen ${timeAgo(p.last_seen_at, now)}` : 'Offline'
}
