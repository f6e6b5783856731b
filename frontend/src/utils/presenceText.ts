import type { Presence } from '@/api/types'
import { i18n } from '@/i18n'
import { timeAgo } from '@/i18n/format'

const { t } = i18n.global

/** "Online", "Away", "Last seen 5 minutes ago", or "Offline" when never seen. */
export function presenceLabel(p: Presence | undefined, now: Date = new Date()): string {
  if (!p) return ''
  if (p.status === 'online') return t('common.presence.online')
  if (p.status === 'away') return t('common.presence.away')
  return p.last_seen_at ? t('common.presence.lastSeen', { when: timeAgo(p.last_seen_at, now) }) : t('common.presence.offline')
}
